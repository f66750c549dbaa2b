"""The parts of cupyx that autograd_core uses, for the CPU stand-in of CuPy (see tests/fakegpu/cupy)."""
import numpy as np

import cupy

DeviceSynchronized = cupy.DeviceSynchronized


def allow_synchronize(allow):
    """Context manager: with ``allow=False``, a device-host copy raises DeviceSynchronized."""
    return cupy._allow_synchronize(allow)


def scatter_add(target, index, values):
    """``target[index] += values``, adding at repeated indices."""
    cupy._refuse_host("scatter_add", cupy._flatten((target, index, values)))
    np.add.at(cupy._raw(target), cupy._raw_all(index), cupy._raw(values))
