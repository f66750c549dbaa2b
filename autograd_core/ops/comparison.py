"""Comparing tensors as wholes or by membership: isin, isclose, allclose, equal (none differentiable)."""
import numpy as np

from ..backend import get_array_module
from ..tensor import Tensor, _new
from ._util import as_tensor


def _operands(op, a, b):
    """Two arrays on one device: a number goes to the other operand's device."""
    if not isinstance(a, Tensor) and isinstance(b, Tensor):
        a = get_array_module(b._data).asarray(a)
    a = as_tensor(a)
    b = b._data if isinstance(b, Tensor) else get_array_module(a._data).asarray(b)
    if type(a._data) is not type(b):
        raise RuntimeError(f"{op}: operands are on different devices; move one with .to(device)")
    return a._data, b


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Bool tensor of ``elements``' shape: True where the element occurs in ``test_elements`` (either may
    be a number); ``invert=True`` asks where it does not."""
    a, b = _operands("isin", elements, test_elements)
    return _new(get_array_module(a).isin(a, b, assume_unique=assume_unique, invert=invert), False, None)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Bool tensor: ``|input - other| <= atol + rtol * |other|`` elementwise (broadcast), infinities close
    only to themselves, NaN to NaN only with ``equal_nan``. Both must have one dtype."""
    a, b = _operands("isclose", input, other)
    if isinstance(input, Tensor) and isinstance(other, Tensor) and a.dtype != b.dtype:
        raise TypeError(f"isclose: input has dtype {a.dtype} but other has dtype {b.dtype}; they must match")
    if rtol < 0 or atol < 0:
        raise ValueError(f"isclose: rtol and atol must be non-negative, got {rtol} and {atol}")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"isclose: shapes {a.shape} and {b.shape} can't be broadcast together") from None
    return _new(get_array_module(a).isclose(a, b, rtol, atol, equal_nan), False, None)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element pair is ``isclose`` (a Python bool, read on the host)."""
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other):
    """True when the two tensors have one shape and equal elements (a Python bool, read on the host)."""
    a, b = _operands("equal", input, other)
    return a.shape == b.shape and bool((a == b).all())
