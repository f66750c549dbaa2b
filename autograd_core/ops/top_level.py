"""PyTorch's top-level functions that are small forms of other ops: ``scalar_tensor``, ``rsub``,
``unravel_index``, ``diagflat``, ``vander`` (torch's, powers decreasing by default), and the deprecated
``chain_matmul``, ``frobenius_norm`` and ``nuclear_norm`` (which warn, as PyTorch)."""
import builtins
import math
import warnings
from collections import namedtuple

import numpy as np

from ..backend import check_index_range, get_array_module
from ..tensor import _new
from ._util import as_tensor, normalize_axis
from .arithmetic import check_ordered
from .linalg import matrix_norm, vector_norm
from .linalg_functions import multi_dot, vander as _linalg_vander
from .matrix import diag
from .shape import flatten, flip, reshape
from .statistics import _float_data


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding the number ``s``, of the default float dtype unless ``dtype`` is given (even for an
    int or a bool, as PyTorch)."""
    from ..creation import tensor
    from ..dtypes import get_default_dtype
    return tensor(s, dtype=get_default_dtype() if dtype is None else dtype, device=device,
                  requires_grad=requires_grad)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (``sub`` with its arguments swapped)."""
    from .aliases import sub
    return sub(other, input, alpha=alpha)


def unravel_index(indices, shape):
    """The coordinates in an array of ``shape`` of each flat (C-order) index in the integer ``indices``: a tuple
    of int64 tensors of ``indices``' shape, one per dim. Negative indices count from the end."""
    indices = as_tensor(indices)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"unravel_index: expected integer indices, got dtype {indices.dtype}")
    if any(n < 0 for n in shape):
        raise ValueError(f"unravel_index: shape must hold non-negative sizes, got {shape}")
    n = math.prod(shape)
    flat = indices._data.astype(np.int64)
    flat = get_array_module(flat).where(flat < 0, flat + n, flat)
    check_index_range(flat, n, "unravel_index")
    coords = []
    for size in reversed(shape):
        coords.append(flat % size if size else flat)
        flat = flat // size if size else flat
    return tuple(_new(c, False, None) for c in reversed(coords))


def diagflat(input, offset=0):
    """A 2-D tensor with the flattened ``input`` on diagonal ``offset`` and zeros elsewhere."""
    return diag(flatten(as_tensor(input)), offset)


def vander(x, N=None, increasing=False):
    """``torch.vander``: the ``N`` columns (default ``len(x)``) of powers of the 1-D ``x``, from ``x ** (N - 1)``
    down to ``x ** 0`` (up, with ``increasing``); ``linalg.vander`` takes batches and always increases."""
    x = as_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"vander: x must be a one-dimensional tensor, got shape {x.shape}")
    N = x.shape[0] if N is None else N
    if N < 0:
        raise ValueError(f"vander: N must be non-negative, got {N}")
    if N < 2:  # x ** 0 or nothing: no power of x to differentiate
        return _new(get_array_module(x._data).ones((x.shape[0], N), x.dtype), False, None)
    out = _linalg_vander(x, N=N)
    return out if increasing else flip(out, (1,))


def chain_matmul(*matrices):
    """Deprecated (use ``linalg.multi_dot``): the product of the 2-D ``matrices``, in the cheapest order."""
    warnings.warn("chain_matmul is deprecated, as in PyTorch; use linalg.multi_dot, which takes a list",
                  UserWarning, stacklevel=2)
    if not matrices or any(as_tensor(m).ndim != 2 for m in matrices):
        raise ValueError(f"chain_matmul: expected one or more 2-D tensors, got shapes "
                         f"{[tuple(as_tensor(m).shape) for m in matrices]}")
    return as_tensor(matrices[0]).clone() if len(matrices) == 1 else multi_dot(matrices)


def frobenius_norm(input, dim, keepdim=False):
    """Deprecated (use ``linalg.vector_norm(input, 2, dim, keepdim)``): the 2-norm over ``dim``."""
    warnings.warn("frobenius_norm is deprecated, as in PyTorch; use linalg.vector_norm(input, 2, dim, keepdim)",
                  UserWarning, stacklevel=2)
    return vector_norm(input, 2, dim, keepdim)


def nuclear_norm(input, dim=None, keepdim=False):
    """Deprecated (use ``linalg.matrix_norm(input, 'nuc', dim, keepdim)``): the sum of the singular values
    of the matrices in ``dim`` (default the last two); ``nuclear_norm(input, True)`` keeps the dims."""
    warnings.warn("nuclear_norm is deprecated, as in PyTorch; use linalg.matrix_norm(input, 'nuc', dim, keepdim)",
                  UserWarning, stacklevel=2)
    if isinstance(dim, bool):
        dim, keepdim = None, dim
    return matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)


def nonzero_static(input, *, size, fill_value=-1):
    """``nonzero(input)`` cut or padded (with rows of ``fill_value``) to ``size`` rows: an int64 (size, ndim)
    tensor whose shape does not depend on the values, so a GPU never waits to learn it."""
    input = as_tensor(input)
    if size < 0:
        raise ValueError(f"nonzero_static: size must be non-negative, got {size}")
    xp = get_array_module(input._data)
    found = (input._data != 0).ravel()
    row = xp.cumsum(found) - 1  # the output row of each nonzero element, in C order
    row = xp.where(found & (row < size), row, size)  # the rest go to a spare row, dropped below
    out = xp.full((size + 1, input.ndim), fill_value, np.int64)
    if input.ndim:
        out[row] = xp.stack(xp.unravel_index(xp.arange(found.size), input.shape), -1)
    return _new(out[:size], False, None)


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """``input`` with slice ``i`` of ``source`` along ``dim`` reduced ('prod', 'mean', 'amax' or 'amin') into
    slice ``index[i]``, each slice counting ``input``'s own values unless ``include_self=False``: the
    ``scatter_reduce`` of ``source`` with ``index`` spread over ``source``'s other dims (differentiable as it)."""
    from .scattering import scatter_reduce
    from .shape import expand
    input, index, source = as_tensor(input), as_tensor(index), as_tensor(source)
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise ValueError(f"index_reduce: reduce must be one of 'prod', 'mean', 'amax' or 'amin', got {reduce!r}")
    if reduce in ("amax", "amin"):
        check_ordered("index_reduce", input._data)
    dim = normalize_axis(dim, input.ndim, "index_reduce")
    if index.ndim > 1 or index.dtype.kind not in "iu":
        raise TypeError(f"index_reduce: index must be a 1-D (or 0-d) integer tensor, got shape {index.shape} and "
                        f"dtype {index.dtype}")
    index = reshape(index, (-1,))
    check_index_range(index._data, input.shape[dim], "index_reduce")
    expected = input.shape[:dim] + (index.shape[0],) + input.shape[dim + 1:]
    if source.shape != expected:
        raise ValueError(f"index_reduce: source has shape {source.shape}, but input {input.shape} and {index.shape[0]} "
                         f"indices along dim {dim} need {expected}")
    spread = expand(reshape(index, (-1,) + (1,) * (input.ndim - dim - 1)), *source.shape)
    return scatter_reduce(input, dim, spread, source, reduce, include_self=include_self)


HistogramddResult = namedtuple("histogramdd", ["hist", "bin_edges"])


def histogramdd(input, bins, *, range=None, weight=None, density=False):
    """``(hist, bin_edges)`` (a named tuple, as torch's): the D-dimensional histogram of the points in ``input`` (*, D): ``bins`` is a number
    of equal bins for every dim, one number per dim, or one 1-D tensor of increasing edges per dim; ``range`` is
    (min_0, max_0, min_1, max_1, ...) (default: the data's); ``weight`` (*) weights each point. NumPy's
    ``histogramdd``; not differentiable."""
    data = _float_data("histogramdd", input)
    if data.ndim < 1:
        raise ValueError("histogramdd: input must have at least 1 dim (the points' coordinates last), got a 0-d tensor")
    d = data.shape[-1]
    bins = [bins] * d if isinstance(bins, (int, np.integer)) else list(bins)
    if len(bins) != d:
        raise ValueError(f"histogramdd: expected {d} bins (one per coordinate of input {data.shape}), got {len(bins)}")
    bins = [as_tensor(b)._data.astype(data.dtype) if hasattr(b, "shape") else b for b in bins]
    if any(not hasattr(b, "shape") and b <= 0 for b in bins):
        raise ValueError(f"histogramdd: bins must be positive, got {bins}")
    if range is not None and len(range) != 2 * d:
        raise ValueError(f"histogramdd: for {d} dims range needs {2 * d} numbers (min, max per dim), got {len(range)}")
    weights = None if weight is None else as_tensor(weight)._data
    if weights is not None and weights.shape != data.shape[:-1]:
        raise ValueError(f"histogramdd: weight must have the input's shape without its last dim, {data.shape[:-1]}, "
                         f"got {weights.shape}")
    pairs = None if range is None else [range[2 * k:2 * k + 2] for k in builtins.range(d)]
    hist, edges = get_array_module(data).histogramdd(data.reshape(-1, d), bins, pairs, density,
                                                     None if weights is None else weights.reshape(-1))
    return HistogramddResult(_new(hist.astype(data.dtype), False, None),
                             tuple(_new(e.astype(data.dtype), False, None) for e in edges))
