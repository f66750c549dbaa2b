"""Writing along a dim and selecting by index or mask: scatter, scatter_add, index_add,
take_along_dim, masked_select (``gather`` lives with the reductions).

The scatters are graph ops of the indexing primitives: ``scatter`` is SetItem (x's
gradient is zeroed where it was overwritten, src's is gathered), ``scatter_add`` and
``index_add`` add a GetItemGrad (a scatter-add into zeros, whose adjoint is indexing).
"""
import numpy as np

from ..backend import get_array_module
from ..tensor import Tensor, _new
from ._util import as_tensor, normalize_axis
from .indexing import GetItemGrad, SetItem, along_dim_index, getitem
from .reductions import gather
from .shape import broadcast_to, flatten


def _scatter_args(op, input, dim, index, src):
    """The advanced index for ``index`` along ``dim``, and ``src`` as a Tensor of ``input``'s dtype cut to
    ``index``'s shape (PyTorch reads only that corner); a number ``src`` fills that shape."""
    if not isinstance(src, Tensor) and np.ndim(src) == 0:  # PyTorch's scatter(dim, index, value)
        dim, grid = along_dim_index(op, input, dim, index)
        return grid, _new(get_array_module(input._data).full(np.shape(index), src, input.dtype), False, None)
    src = as_tensor(src)
    if src.dtype != input.dtype:
        raise TypeError(f"{op}: src has dtype {src.dtype} but the tensor has dtype {input.dtype}; "
                        f"convert one, e.g. src.to(input.dtype)")
    dim, grid = along_dim_index(op, input, dim, index, src)
    shape = np.shape(index)
    return grid, (src if src.shape == shape else getitem(src, tuple(slice(n) for n in shape)))


def scatter(input, dim, index, src=None, *, value=None):
    """A copy of ``input`` with ``out[..., index[i, j, k], ...] = src[i, j, k]`` (``index`` in place of
    coordinate ``dim``); ``src`` may be a number, or give ``value=`` instead. Where an index repeats,
    one of the writes wins."""
    if (src is None) == (value is None):
        raise TypeError("scatter: give exactly one of src (a tensor or a number) and value= (a number)")
    src = value if src is None else src
    input = as_tensor(input)
    grid, src = _scatter_args("scatter", input, dim, index, src)
    return SetItem(grid, True)(input, src)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src[i, j, k]`` added at ``out[..., index[i, j, k], ...]``
    (``index`` in place of coordinate ``dim``); repeated indices add up."""
    input = as_tensor(input)
    grid, src = _scatter_args("scatter_add", input, dim, index, src)
    return input + GetItemGrad(grid, True, input.shape)(src)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source`` added at the positions ``index`` (1-D) along ``dim``;
    repeated indices add up."""
    from ..backend import check_index_range
    input, source = as_tensor(input), as_tensor(source)
    dim = normalize_axis(dim, input.ndim, "index_add")
    index = index._data if isinstance(index, Tensor) else get_array_module(input._data).asarray(index)
    expected = input.shape[:dim] + (len(index),) + input.shape[dim + 1:] if index.ndim == 1 else None
    if expected is None or source.shape != expected or index.dtype.kind not in "iu":
        raise ValueError(f"index_add: expects a 1-D integer index and a source of shape {expected} along dim {dim} "
                         f"of a tensor of shape {input.shape}; got index of shape {index.shape} ({index.dtype}) "
                         f"and source of shape {source.shape}")
    if source.dtype != input.dtype:
        raise TypeError(f"index_add: source has dtype {source.dtype} but the tensor has dtype {input.dtype}")
    check_index_range(index, input.shape[dim], "index_add", "index")
    added = GetItemGrad((slice(None),) * dim + (index,), True, input.shape)(source)
    return input + (added if alpha == 1 else added * alpha)


def take_along_dim(input, indices, dim=None):
    """Pick ``input``'s values at ``indices`` along ``dim``; the other dims broadcast (NumPy's
    ``take_along_axis``). With ``dim=None`` both are flattened first."""
    input = as_tensor(input)
    data = indices._data if isinstance(indices, Tensor) else get_array_module(input._data).asarray(indices)
    if dim is None:
        return gather(flatten(input), 0, data.reshape(-1))
    dim = normalize_axis(dim, input.ndim, "take_along_dim")
    if data.ndim != input.ndim:
        raise ValueError(f"take_along_dim: indices (shape {data.shape}) must have as many dims as the tensor "
                         f"(shape {input.shape})")
    try:
        shape = np.broadcast_shapes(input.shape[:dim] + (1,) + input.shape[dim + 1:],
                                    data.shape[:dim] + (1,) + data.shape[dim + 1:])
    except ValueError:
        raise ValueError(f"take_along_dim: the tensor (shape {input.shape}) and indices (shape {data.shape}) "
                         f"don't broadcast outside dim {dim}") from None
    xp = get_array_module(data)
    data = xp.broadcast_to(data, shape[:dim] + (data.shape[dim],) + shape[dim + 1:])
    return gather(broadcast_to(input, shape[:dim] + (input.shape[dim],) + shape[dim + 1:]), dim, data)


def masked_select(input, mask):
    """The 1-D tensor of ``input``'s values where the bool ``mask`` is True (the two broadcast)."""
    input = as_tensor(input)
    mask = mask._data if isinstance(mask, Tensor) else get_array_module(input._data).asarray(mask)
    if mask.dtype != np.bool_:
        raise TypeError(f"masked_select: the mask must be a bool tensor, got dtype {mask.dtype} (shape {mask.shape})")
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise ValueError(f"masked_select: the tensor (shape {input.shape}) and mask (shape {mask.shape}) "
                         "don't broadcast") from None
    return getitem(broadcast_to(input, shape), get_array_module(mask).broadcast_to(mask, shape))
