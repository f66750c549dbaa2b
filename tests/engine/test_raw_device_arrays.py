"""A raw GPU array mixed with a host Tensor: our device error naming the op and both devices, not CuPy's
conversion error. Runs without a GPU on a stand-in for cupy.ndarray; the tests/fakegpu one can't serve here,
since it subclasses numpy.ndarray, which NumPy converts to a host array without asking."""
import sys
import types

import numpy as np
import pytest

import autograd_core as ag


class DeviceArray:
    """What matters here of a cupy.ndarray: it lives on GPU 0 and refuses NumPy's implicit conversion."""

    dtype = np.dtype(np.float32)
    device = types.SimpleNamespace(id=0)

    def __array__(self, dtype=None, copy=None):
        raise TypeError("Implicit conversion to a NumPy array is not allowed. "
                        "Please use `.get()` to construct a NumPy array explicitly.")


@pytest.fixture
def device_array(monkeypatch):
    cupy = types.ModuleType("cupy")
    cupy.ndarray = DeviceArray
    cupy.asarray = lambda a, dtype=None: a
    monkeypatch.setitem(sys.modules, "cupy", cupy)
    return DeviceArray()


@pytest.mark.parametrize("op, name, call", [
    ("add", "cpu and cuda:0", lambda t, d: t + d),
    ("add", "cuda:0 and cpu", lambda t, d: d + t),  # CuPy defers to Tensor.__radd__, as this stand-in does
    ("mul", "cpu and cuda:0", lambda t, d: t * d),
    ("sub", "cuda:0 and cpu", lambda t, d: ag.sub(d, t)),
    ("div", "cpu and cuda:0", lambda t, d: t / d),
    ("pow", "cpu and cuda:0", lambda t, d: t ** d),
    ("maximum", "cpu and cuda:0", lambda t, d: ag.maximum(t, d)),
    ("add", "cpu and cuda:0", lambda t, d: ag.addmm(d, ag.ones(2, 3), ag.ones(3, 2))),
])
def test_names_the_op_and_both_devices(device_array, op, name, call):
    with pytest.raises(RuntimeError, match=rf"{op}: operands are on different devices \({name}\); move one"):
        call(ag.ones(2, 2, requires_grad=True), device_array)


def test_other_conversion_errors_are_left_alone():
    with pytest.raises(TypeError):
        ag.ones(2) + {"not": "data"}
