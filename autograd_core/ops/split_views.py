"""Views and splits PyTorch has beyond ops/shape.py's: select, tensor_split, hsplit, vsplit, dsplit,
unflatten, unfold (sliding windows) and sum_to_size."""
import numpy as np

from ..backend import get_array_module
from ..function import Function, ViewFunction, dual
from ..tensor import Tensor
from ._util import as_tensor, normalize_axis, shape_arg
from .indexing import getitem
from .shape import reshape, split, sum_to


def select(input, dim, index):
    """The slice ``index`` along ``dim``, that dim removed (a view, as ``x[:, index]``)."""
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "select")
    n = input.shape[dim]
    if not -n <= index < n:
        raise IndexError(f"select: index {index} is out of range for dimension {dim} of size {n} "
                         f"(tensor shape {input.shape})")
    return getitem(input, (slice(None),) * dim + (int(index),))


def tensor_split(input, indices_or_sections, dim=0):
    """Split along ``dim`` into ``sections`` pieces of nearly equal size (the first ``size % sections`` one
    longer), or at the listed ``indices`` (``x[:i0], x[i0:i1], ..., x[ik:]``, Python's slicing rules);
    a tuple of views."""
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "tensor_split")
    n = input.shape[dim]
    if isinstance(indices_or_sections, Tensor):  # a 0-d tensor is sections, a 1-D one indices
        if indices_or_sections.dtype.kind not in "iu" or indices_or_sections.ndim > 1:
            raise TypeError(f"tensor_split: a tensor indices_or_sections must be a 0-d or 1-D integer tensor, "
                            f"got dtype {indices_or_sections.dtype} and shape {indices_or_sections.shape}")
        indices_or_sections = indices_or_sections.tolist()
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError(f"tensor_split: the number of sections must be positive, got {sections}")
        sizes = [n // sections + (k < n % sections) for k in range(sections)]
        return tuple(split(input, sizes, dim))
    cuts = [None, *map(int, indices_or_sections), None]
    bounds = [slice(a, b).indices(n)[:2] for a, b in zip(cuts, cuts[1:])]
    if all(start == stop for (_, stop), (start, _) in zip(bounds, bounds[1:])) and \
            all(start <= stop for start, stop in bounds):  # back to back: one Split node
        return tuple(split(input, [stop - start for start, stop in bounds], dim))
    return tuple(getitem(input, (slice(None),) * dim + (slice(a, b),)) for a, b in zip(cuts, cuts[1:]))


def _split_at(op, input, indices_or_sections, dim, min_ndim):
    """hsplit, vsplit, dsplit: ``tensor_split`` along ``dim``, whose size a number of sections must divide."""
    input = as_tensor(input)
    if input.ndim < min_ndim:
        raise ValueError(f"{op}: expects a tensor of at least {min_ndim} dimensions, got shape {input.shape}")
    if isinstance(indices_or_sections, (int, np.integer)) and (
            indices_or_sections <= 0 or input.shape[dim] % indices_or_sections):
        raise ValueError(f"{op}: dimension {dim} of size {input.shape[dim]} can't be split into "
                         f"{indices_or_sections} equal sections")
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input, indices_or_sections):
    """``tensor_split`` along dim 1 (dim 0 of a 1-D tensor); sections must divide that dim evenly."""
    return _split_at("hsplit", input, indices_or_sections, 1 if np.ndim(input) > 1 else 0, 1)


def vsplit(input, indices_or_sections):
    """``tensor_split`` along dim 0 of a tensor of at least 2 dims; sections must divide it evenly."""
    return _split_at("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    """``tensor_split`` along dim 2 of a tensor of at least 3 dims; sections must divide it evenly."""
    return _split_at("dsplit", input, indices_or_sections, 2, 3)


def unflatten(input, dim, sizes):
    """Dim ``dim`` expanded into the dims ``sizes`` (one may be -1); the inverse of ``flatten``."""
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "unflatten")
    sizes = tuple(int(s) for s in sizes)
    n, known = input.shape[dim], int(np.prod([s for s in sizes if s != -1]))
    if not sizes or sizes.count(-1) > 1 or (-1 in sizes and (known == 0 or n % known)) or \
            (-1 not in sizes and known != n):
        raise ValueError(f"unflatten: sizes {sizes} (at most one -1) don't multiply up to the size {n} of "
                         f"dim {dim} (tensor shape {input.shape})")
    sizes = tuple(n // known if s == -1 else s for s in sizes)  # a -1 fails to reshape 0 elements
    return reshape(input, input.shape[:dim] + sizes + input.shape[dim + 1:])


class Unfold(ViewFunction):
    """The windows of ``size`` every ``step`` along ``dim``, as a new last dim (a strided, read-only view)."""
    complex_autograd = "ready"

    def __init__(self, dim, size, step):
        self.dim, self.size, self.step = dim, size, step

    def forward(self, x):
        self.in_shape = x.shape
        d, strides = self.dim, x.strides
        shape = x.shape[:d] + ((x.shape[d] - self.size) // self.step + 1,) + x.shape[d + 1:] + (self.size,)
        y = get_array_module(x).lib.stride_tricks.as_strided(
            x, shape, strides[:d] + (strides[d] * self.step,) + strides[d + 1:] + (strides[d],))
        if isinstance(y, np.ndarray):  # windows overlap: writing through one would change others
            y.flags.writeable = False
        return y

    def backward(self, gy):
        return dual(UnfoldGrad(self.in_shape, self.dim, self.size, self.step), gy)


class UnfoldGrad(Function):
    """The windows summed back into the places they came from (the adjoint of Unfold)."""
    complex_autograd = "ready"

    def __init__(self, in_shape, dim, size, step):
        self.in_shape, self.dim, self.size, self.step = in_shape, dim, size, step

    def forward(self, gy):
        gx = get_array_module(gy).zeros(self.in_shape, gy.dtype)
        reach = self.step * (gy.shape[self.dim] - 1) + 1
        lead = (slice(None),) * self.dim
        for k in range(self.size):  # window element k of every window at once
            gx[lead + (slice(k, k + reach, self.step),)] += gy[..., k]
        return gx

    def backward(self, ggx):
        return dual(Unfold(self.dim, self.size, self.step), ggx)


def unfold(input, dimension, size, step):
    """All windows of ``size`` elements, ``step`` apart, along ``dimension``, as a new last dim (a view):
    shape ``(..., (n - size) // step + 1, ..., size)``."""
    input = as_tensor(input)
    dim = normalize_axis(dimension, input.ndim, "unfold")
    n = input.shape[dim] if input.ndim else 1
    if step <= 0 or size < 0 or size > n:
        raise ValueError(f"unfold: needs 0 <= size <= {n} (the size of dimension {dim}) and step > 0, got size "
                         f"{size} and step {step} (tensor shape {input.shape})")
    if input.ndim == 0:
        return reshape(input, (1,))
    return Unfold(dim, int(size), int(step))(input)


def sum_to_size(input, *size):
    """``input`` summed down to ``size``, which must broadcast to ``input``'s shape."""
    input = as_tensor(input)
    size = shape_arg(size)
    try:
        fits = len(size) <= input.ndim and np.broadcast_shapes(size, input.shape) == input.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"sum_to_size: size {size} does not broadcast to the tensor's shape {input.shape}")
    return sum_to(input, size)
