"""``as_strided``, ``as_strided_scatter`` and ``empty_strided``: sizes, strides and a storage offset counted in
elements of the memory a tensor lies in (``x.stride()``, ``x.storage_offset()``), as PyTorch.

``as_strided`` reads the elements at those places as a gather (``take``), so its result is a copy, not a view
(writing into it does not reach the input), and overlapping strides (one element read several times) add up
their gradients, as PyTorch's. The places must be elements of the input itself: PyTorch also reads the rest of
the memory a view shares with its base, which here means calling it on the base."""
import math

import numpy as np

from ..backend import check, get_array_module
from ..tensor import _new
from ._util import as_tensor
from .scatter_views import put, take


def _places(xp, size, stride, offset):
    """The place in memory (in elements) of each element of a tensor laid out by ``size``/``stride``/``offset``."""
    places = xp.full(tuple(size), offset, np.int64)
    for dim, (n, s) in enumerate(zip(size, stride)):
        places += (xp.arange(n, dtype=np.int64) * s).reshape((n,) + (1,) * (len(size) - dim - 1))
    return places


def _flat_index(op, x, size, stride, storage_offset):
    """For each element of the requested layout, the flat (C-order) index of the element of ``x`` in its place."""
    size, stride = tuple(int(n) for n in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise ValueError(f"{op}: size {size} and stride {stride} must have as many entries")
    if any(s < 0 for s in stride) or any(n < 0 for n in size):
        raise ValueError(f"{op}: negative sizes and strides are not supported, got size {size} and stride {stride}")
    if any(s < 0 for s in x.stride()):
        raise ValueError(f"{op}: the input has negative strides {x.stride()}; clone() it first")
    offset = x.storage_offset() if storage_offset is None else int(storage_offset)
    end = x.storage_offset() + sum((n - 1) * s for n, s in zip(x.shape, x.stride())) + 1 if x.numel() else 0
    needed = offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1 if math.prod(size) else 0
    if needed > end:
        raise RuntimeError(f"{op}: size {size}, stride {stride} and storage offset {offset} reach element "
                           f"{needed - 1} of the memory, but the input (shape {x.shape}, stride {x.stride()}, "
                           f"storage offset {x.storage_offset()}) ends at element {end - 1}")
    xp = get_array_module(x._data)
    owner = xp.full(end, -1, np.int64)  # the input's flat index of the element in each place
    owner[_places(xp, x.shape, x.stride(), x.storage_offset()).ravel()] = xp.arange(x.numel(), dtype=np.int64)
    index = owner[_places(xp, size, stride, offset)]
    check((index < 0).any(), lambda: RuntimeError(
        f"{op}: size {size}, stride {stride} and storage offset {offset} reach places in memory that hold no "
        f"element of the input (a view: call {op} on the tensor it views)"))
    return index


def as_strided(input, size, stride, storage_offset=None):
    """The elements of ``input`` at the places that ``size``, ``stride`` and ``storage_offset`` (default: the
    input's own) describe in its memory, as a new tensor of shape ``size``."""
    input = as_tensor(input)
    return take(input, _flat_index("as_strided", input, size, stride, storage_offset))


def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of ``input`` with the elements that ``as_strided(input, size, stride, storage_offset)`` would
    read set to ``src``'s (of shape ``size``)."""
    input, src = as_tensor(input), as_tensor(src)
    if tuple(src.shape) != tuple(size):
        raise ValueError(f"as_strided_scatter: src has shape {src.shape}, but size is {tuple(size)}")
    return put(input, _flat_index("as_strided_scatter", input, size, stride, storage_offset), src)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of shape ``size`` laid out in memory with ``stride`` (in elements)."""
    from ..creation import empty
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride) or any(s < 0 for s in stride):
        raise ValueError(f"empty_strided: expected as many non-negative strides as sizes, got size {size} and "
                         f"stride {stride}")
    memory = empty(sum((n - 1) * s for n, s in zip(size, stride)) + 1 if math.prod(size) else 0, dtype=dtype,
                   device=device)._data
    data = get_array_module(memory).lib.stride_tricks.as_strided(
        memory, size, tuple(s * memory.itemsize for s in stride))
    return _new(data, requires_grad, None)
