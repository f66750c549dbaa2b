"""The one place that knows about NumPy versus CuPy.

Every other module asks this one for the array module of an array (``xp``)
instead of importing numpy or cupy directly for array work.
"""
import numpy as np

ARRAY_TYPES = (np.ndarray,)


def get_array_module(x):
    """Return the array module (numpy or cupy) that owns ``x``."""
    if x.__class__ is np.ndarray:
        return np
    data = getattr(x, "_data", x)
    if isinstance(data, np.ndarray) or np.isscalar(data):
        return np
    cupy = _cupy()
    if cupy is not None and isinstance(data, cupy.ndarray):
        return cupy
    return np


def _cupy():
    """CuPy if it is imported already, else None (never imports it)."""
    import sys
    return sys.modules.get("cupy")


def device_of(array):
    """Short device name of a raw array: 'cpu' or 'cuda:N'."""
    if isinstance(array, (np.ndarray, np.generic)):
        return "cpu"
    return f"cuda:{array.device.id}"


def index_add(target, index, values):
    """``target[index] += values``, adding at repeated indices too."""
    if isinstance(target, np.ndarray):
        np.add.at(target, index, values)
    else:
        import cupyx
        cupyx.scatter_add(target, index, values)


def to_device(tensor, device):
    """Move a tensor to ``device`` (only 'cpu' without a GPU backend)."""
    name = str(device)
    if name != "cpu":
        raise RuntimeError(f"to(): device {name!r} is not available; only 'cpu' is (CuPy is not set up)")
    return tensor
