"""PyTorch's top-level functions that are small forms of other ops: ``scalar_tensor``, ``rsub``,
``unravel_index``, ``diagflat``, ``vander`` (torch's, powers decreasing by default), and the deprecated
``chain_matmul``, ``frobenius_norm`` and ``nuclear_norm`` (which warn, as PyTorch)."""
import math
import warnings

import numpy as np

from ..backend import check_index_range, get_array_module
from ..tensor import _new
from ._util import as_tensor, normalize_axis
from .linalg import matrix_norm, vector_norm
from .linalg_functions import multi_dot, vander as _linalg_vander
from .matrix import diag
from .shape import flatten, flip, reshape


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
    dim = normalize_axis(dim, input.ndim, "index_reduce")
    if index.ndim != 1 or index.dtype.kind not in "iu":
        raise TypeError(f"index_reduce: index must be a 1-D integer tensor, got shape {index.shape} and dtype "
                        f"{index.dtype}")
    expected = input.shape[:dim] + (index.shape[0],) + input.shape[dim + 1:]
    if source.shape != expected:
        raise ValueError(f"index_reduce: source has shape {source.shape}, but input {input.shape} and {index.shape[0]} "
                         f"indices along dim {dim} need {expected}")
    spread = expand(reshape(index, (-1,) + (1,) * (input.ndim - dim - 1)), *source.shape)
    return scatter_reduce(input, dim, spread, source, reduce, include_self=include_self)
