"""Tensors made over existing memory or in a chosen memory layout, as PyTorch's ``asarray``, ``frombuffer`` and
``empty_permuted``."""
import numbers

import numpy as np

from .backend import data_pointer
from .creation import as_tensor, empty
from .dtypes import get_default_dtype
from .tensor import Tensor


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """``obj`` (a tensor, an array, a buffer read as ``dtype``, a number or nested sequences) as a tensor, sharing its memory
    where it can: ``copy=True`` always copies, ``copy=False`` refuses where a copy is needed (a new dtype or
    device; Python numbers and sequences are always copied)."""
    if isinstance(obj, Tensor):
        out = obj if dtype is None and device is None else obj.to(dtype=dtype, device=device)
    else:
        plain = isinstance(obj, (list, tuple, numbers.Number)) or hasattr(obj, "__array__")
        out = as_tensor(obj if plain else np.frombuffer(obj, get_default_dtype() if dtype is None else dtype), dtype,
                        device)
    source = obj._data if isinstance(obj, Tensor) else obj
    shared = type(source) is type(out._data) and data_pointer(source) == data_pointer(out._data)
    if copy and shared:
        out = out.clone()
    elif copy is False and not shared and not isinstance(obj, (list, tuple, numbers.Number)):
        raise ValueError(f"asarray: copy=False, but making a tensor of dtype {dtype} on device {device} from "
                         f"{type(obj).__name__} needs a copy")
    return out.requires_grad_(True) if requires_grad else out


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor over the memory of ``buffer`` (bytes, bytearray, memoryview ...): ``count`` elements of
    ``dtype`` (-1: all) from byte ``offset``, sharing the memory (a read-only buffer gives a read-only tensor)."""
    size, item = memoryview(buffer).nbytes, np.dtype(dtype).itemsize
    if size == 0 or count == 0:
        raise ValueError(f"frombuffer: both buffer length ({size}) and count ({count}) must not be 0")
    if not 0 <= offset < size:
        raise ValueError(f"frombuffer: offset ({offset} bytes) must be non-negative and less than the buffer length "
                         f"({size} bytes)")
    if count < 0 and (size - offset) % item:
        raise ValueError(f"frombuffer: buffer length ({size - offset} bytes) after offset ({offset} bytes) must be a "
                         f"multiple of element size ({item})")
    count = (size - offset) // item if count < 0 else count
    if offset + count * item > size:
        raise ValueError(f"frombuffer: requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) "
                         f"must not be greater than actual buffer length ({size} bytes)")
    out = as_tensor(np.frombuffer(buffer, np.dtype(dtype), count, offset))
    return out.requires_grad_(True) if requires_grad else out


def empty_permuted(size, physical_layout, *, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of shape ``size`` whose dims lie in memory in the order ``physical_layout``
    (outermost first): ``empty_permuted((N, C, H, W), (0, 2, 3, 1))`` is channels-last."""
    size, layout = tuple(size), tuple(physical_layout)
    if sorted(layout) != list(range(len(size))):
        raise ValueError(f"empty_permuted: physical_layout {layout} must order the dims 0..{len(size) - 1} of size "
                         f"{size}")
    memory = empty(*[size[d] for d in layout], dtype=dtype, device=device, requires_grad=requires_grad)
    return memory.permute(*np.argsort(layout).tolist())
