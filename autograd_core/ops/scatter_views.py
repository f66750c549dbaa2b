"""Writing into a copy of a tensor at an index, a mask, a slice or a diagonal: index_copy, index_fill,
index_put, masked_scatter, put, select_scatter, slice_scatter, diagonal_scatter, and ``take`` (the read
``put`` writes); their in-place forms (``index_put_`` ...) for the Tensor methods.

Each is a SetItem node (ops/indexing.py): the input's gradient is zeroed where it was overwritten and
the written values' gradient is read back from there; with ``accumulate=True`` a GetItemGrad (a
scatter-add into zeros) is added instead. ``diagonal_scatter`` is the one Function of its own.
"""
import numpy as np

from .. import backend
from ..function import Function, dual
from ..tensor import Tensor, _new
from ._util import as_tensor, bool_mask, normalize_axis
from .arithmetic import cast, check_fill
from .indexing import GetItemGrad, SetItem, _integer_index, _plain_index, dim_index, getitem
from .inplace import inplace_form
from .shape import Diagonal, _diagonal_view, broadcast_to, reshape


def _same_dtype(op, what, value, x):
    if value.dtype != x.dtype:
        raise TypeError(f"{op}: {what} has dtype {value.dtype} but the tensor has dtype {x.dtype}; "
                        f"convert one, e.g. {what}.to({x.dtype})")


def _value_like(value, x):
    """``value`` (a number or a Tensor) as a Tensor of ``x``'s dtype and device (differentiably cast)."""
    if not isinstance(value, Tensor):
        return _new(backend.get_array_module(x._data).asarray(value, x.dtype), False, None)
    return cast(value, x.dtype)


def _check_src(op, src, shape):
    if tuple(src.shape) != tuple(shape):
        raise ValueError(f"{op}: src has shape {tuple(src.shape)} but the place it is written to has shape "
                         f"{tuple(shape)}")


def index_copy(input, dim, index, source):
    """A copy of ``input`` with its slices ``index`` (1-D) along ``dim`` replaced by those of ``source``."""
    input, source = as_tensor(input), as_tensor(source)
    dim, index = dim_index("index_copy", input, dim, index)
    _check_src("index_copy", source, input.shape[:dim] + (len(index),) + input.shape[dim + 1:])
    _same_dtype("index_copy", "source", source, input)
    return SetItem((slice(None),) * dim + (index,), True)(input, source)


def index_fill(input, dim, index, value):
    """A copy of ``input`` with its slices ``index`` (1-D; negative entries count from the end) along
    ``dim`` filled with ``value`` (a number, or a 0-d tensor, which gets the gradient of those places)."""
    input = as_tensor(input)
    if isinstance(value, Tensor) and value.ndim:
        raise ValueError(f"index_fill: value must be a number or a 0-d tensor, got shape {value.shape}")
    dim = normalize_axis(dim, input.ndim, "index_fill")
    n = input.shape[dim] if input.ndim else 1
    check_fill("index_fill", value, input)
    index = _integer_index("index_fill", index, input)
    backend.check((index < -n).any() | (index >= n).any(), lambda: IndexError(
        f"index_fill: index out of range for dimension {dim} of size {n} (tensor shape {input.shape})"))
    return SetItem((slice(None),) * dim + (index.reshape(-1),), True)(input, _value_like(value, input))


def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``out[indices] = values`` (``indices`` a tuple of integer or bool
    tensors, as in ``x[i, j]``; ``values`` broadcast); ``accumulate=True`` adds instead, repeated
    indices adding up."""
    input = as_tensor(input)
    values = values if isinstance(values, Tensor) else _value_like(values, input)
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put: indices must be a tuple of tensors, got {type(indices).__name__}")
    _same_dtype("index_put", "values", values, input)
    index, _ = _plain_index(tuple(indices), input)
    if not accumulate:
        return SetItem(index, True)(input, values)
    return input + GetItemGrad(index, True, input.shape)(broadcast_to(values, input._data[index].shape))


def masked_scatter(input, mask, source):
    """A copy of ``input`` (broadcast with the bool ``mask``) with the places where ``mask`` is True filled,
    in order, from the first elements of ``source``."""
    input, source = as_tensor(input), as_tensor(source)
    mask = bool_mask("masked_scatter", mask, input)
    _same_dtype("masked_scatter", "source", source, input)
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise ValueError(f"masked_scatter: the tensor (shape {input.shape}) and mask (shape {mask.shape}) "
                         "don't broadcast") from None
    mask = backend.get_array_module(mask).broadcast_to(mask, shape)
    count = int(mask.sum())  # how many source values are used decides the graph: read on the host
    if count > source._data.size:
        raise ValueError(f"masked_scatter: the mask has {count} True places but source has only "
                         f"{source._data.size} elements")
    return SetItem(mask, True)(broadcast_to(input, shape), getitem(reshape(source, (-1,)), slice(count)))


def _flat_index(op, input, index):
    """``index``'s array on ``input``'s device, its entries in [-numel, numel) (flat positions)."""
    index = _integer_index(op, index, input)
    n = input._data.size
    backend.check((index < -n).any() | (index >= n).any(), lambda: IndexError(
        f"{op}: index out of range for a tensor of {n} elements (shape {input.shape})"))
    return index


def take(input, index):
    """``input`` read as 1-D at ``index`` (negative entries count from the end); the result has
    ``index``'s shape."""
    input = as_tensor(input)
    return getitem(reshape(input, (-1,)), _flat_index("take", input, index))


def put(input, index, source, accumulate=False):
    """A copy of ``input`` with the elements at flat positions ``index`` (as ``take`` reads them) set to
    ``source``'s (as many); ``accumulate=True`` adds instead."""
    input, source = as_tensor(input), as_tensor(source)
    index = _flat_index("put", input, index)
    if index.size != source._data.size:
        raise ValueError(f"put: index has {index.size} elements but source has {source._data.size}; they must match")
    flat = index_put(reshape(input, (-1,)), (index.reshape(-1),), reshape(source, (-1,)), accumulate)
    return reshape(flat, input.shape)


def select_scatter(input, src, dim, index):
    """A copy of ``input`` with ``src`` as its slice ``index`` along ``dim`` (where ``select`` reads)."""
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "select_scatter")
    n = input.shape[dim]
    if not -n <= index < n:
        raise IndexError(f"select_scatter: index {index} is out of range for dimension {dim} of size {n}")
    shape = input.shape[:dim] + input.shape[dim + 1:]
    src = _value_like(as_tensor(src), input)
    _check_src("select_scatter", src, shape)
    return SetItem((slice(None),) * dim + (int(index),), False)(input, src)


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """A copy of ``input`` with ``src`` as its slice ``start:end:step`` along ``dim``."""
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "slice_scatter")
    if step <= 0:
        raise ValueError(f"slice_scatter: step must be positive, got {step}")
    where = slice(start, end, step)
    length = len(range(*where.indices(input.shape[dim])))
    src = _value_like(as_tensor(src), input)
    _check_src("slice_scatter", src, input.shape[:dim] + (length,) + input.shape[dim + 1:])
    return SetItem((slice(None),) * dim + (where,), False)(input, src)


class DiagonalScatter(Function):
    """A copy of ``x`` with ``src`` as its diagonal; ``x``'s gradient is ``gy`` with the diagonal zeroed
    (this op with zeros), ``src``'s is ``gy``'s diagonal."""
    complex_autograd = "ready"

    def __init__(self, offset, dim1, dim2):
        self.offset, self.dim1, self.dim2 = offset, dim1, dim2

    def forward(self, x, src):
        self.src_shape = src.shape
        y = x.copy()
        _diagonal_view(y, self.offset, self.dim1, self.dim2)[...] = src
        return y

    def backward(self, gy):
        data = gy._data if isinstance(gy, Tensor) else gy
        zeros = backend.get_array_module(data).zeros(self.src_shape, data.dtype)
        return (dual(DiagonalScatter(self.offset, self.dim1, self.dim2), gy, zeros),
                dual(Diagonal(self.offset, self.dim1, self.dim2), gy))


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """A copy of ``input`` with ``src`` as its diagonal ``offset`` over ``dim1`` and ``dim2`` (where
    ``diagonal`` reads)."""
    input = as_tensor(input)
    d1, d2 = normalize_axis(dim1, input.ndim, "diagonal_scatter"), normalize_axis(dim2, input.ndim, "diagonal_scatter")
    if d1 == d2 or input.ndim < 2:
        raise ValueError(f"diagonal_scatter: dim1 and dim2 must be two different dims, got {dim1} and {dim2} "
                         f"(tensor shape {input.shape})")
    src = _value_like(as_tensor(src), input)
    _check_src("diagonal_scatter", src, _diagonal_view(input._data, int(offset), d1, d2).shape)
    return DiagonalScatter(int(offset), d1, d2)(input, src)


index_copy_ = inplace_form("index_copy_", index_copy)
index_fill_ = inplace_form("index_fill_", index_fill)
index_put_ = inplace_form("index_put_", index_put)
masked_scatter_ = inplace_form("masked_scatter_", masked_scatter)
put_ = inplace_form("put_", put)
