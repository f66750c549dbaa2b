"""More elementwise math: float_power, exp2, ldexp, copysign, fmax/fmin (NaN-ignoring), logaddexp2 and
mvlgamma, composed from the differentiable ops; and, not differentiable, the integer ops (gcd, lcm, the
bitwise family), nextafter, frexp and the tests isneginf, isposinf, isreal."""
import math

import numpy as np

from ..backend import get_array_module
from ..tensor import _new
from ._util import as_tensor
from .arithmetic import _pair, cast, check_ordered
from .elementwise import _floating, _real_pair, isnan, where
from .elementwise import abs as abs_
from .special import lgamma, logaddexp

_LN2 = math.log(2.0)


def float_power(input, exponent):
    """``input ** exponent`` computed in double precision: float64, or complex128 where either is complex (as
    PyTorch)."""
    dtype = np.dtype(np.complex128 if _is_complex(input) or _is_complex(exponent) else np.float64)
    scalar = dtype.type
    if not hasattr(exponent, "shape"):
        return cast(input, dtype) ** scalar(exponent)
    base = cast(input, dtype) if hasattr(input, "shape") else scalar(input)
    return base ** cast(exponent, dtype)


def _is_complex(value):
    """Whether a tensor or a Python number is complex."""
    return value.dtype.kind == "c" if hasattr(value, "dtype") else isinstance(value, complex)


def exp2(input):
    """Elementwise ``2 ** input``."""
    return 2.0 ** _floating(input)


def ldexp(input, other):
    """Elementwise ``input * 2 ** other``."""
    return _floating(input) * exp2(other)


def copysign(input, other):
    """``|input|`` with the sign of ``other`` (-0.0 counts as negative); the gradient flows to ``input`` only."""
    a, b = _real_pair(input, other, "copysign")
    xp = get_array_module(b._data)
    return abs_(a) * _new(xp.where(xp.signbit(b._data), -1, 1).astype(a.dtype), False, None)


def _nan_ignoring(name, a, b, keep_a):
    a, b = _pair(a, b, name)
    check_ordered(name, a._data)
    return where(keep_a(a, b)._data | isnan(b)._data, a, b)


def fmax(input, other):
    """Elementwise maximum where a NaN gives way to a number (NaN only where both are); at ties the
    gradient goes to ``input``, as PyTorch."""
    return _nan_ignoring("fmax", input, other, lambda a, b: a >= b)


def fmin(input, other):
    """Elementwise minimum where a NaN gives way to a number (NaN only where both are); at ties the
    gradient goes to ``input``, as PyTorch."""
    return _nan_ignoring("fmin", input, other, lambda a, b: a <= b)


def logaddexp2(input, other):
    """``log2(2 ** input + 2 ** other)`` without overflow."""
    a, b = _real_pair(input, other, "logaddexp2")  # PyTorch has no complex logaddexp2
    return logaddexp(a * _LN2, b * _LN2) * (1 / _LN2)


def mvlgamma(input, p):
    """The log of the multivariate gamma function of dimension ``p``:
    ``p (p - 1) / 4 log(pi) + sum_{j < p} lgamma(input - j / 2)``."""
    if not isinstance(p, (int, np.integer)) or p < 1:
        raise ValueError(f"mvlgamma: p must be a positive int, got {p!r}")
    x = _floating(input)
    return sum(lgamma(x - j / 2) for j in range(int(p))) + p * (p - 1) / 4 * math.log(math.pi)


# -- not differentiable ---------------------------------------------------------------
def _integer_op(name, ufunc, kinds):
    """A binary op of NumPy's ``ufunc`` on integer (and, where ``kinds`` has "b", bool) tensors or numbers."""
    def op(input, other):
        a, b = _pair(input, other, name)
        if a.dtype.kind not in kinds:
            raise TypeError(f"{name}: expects {'integer or bool' if 'b' in kinds else 'integer'} tensors, got "
                            f"dtype {a.dtype}")
        return _new(getattr(get_array_module(a._data), ufunc)(a._data, b._data), False, None)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{ufunc}`` of {'integer or bool' if 'b' in kinds else 'integer'} tensors (broadcast)."
    return op


gcd = _integer_op("gcd", "gcd", "iu")
lcm = _integer_op("lcm", "lcm", "iu")
bitwise_and = _integer_op("bitwise_and", "bitwise_and", "iub")
bitwise_or = _integer_op("bitwise_or", "bitwise_or", "iub")
bitwise_xor = _integer_op("bitwise_xor", "bitwise_xor", "iub")
bitwise_left_shift = _integer_op("bitwise_left_shift", "left_shift", "iu")
bitwise_right_shift = _integer_op("bitwise_right_shift", "right_shift", "iu")


def bitwise_not(input):
    """Elementwise bitwise not of an integer or bool tensor (logical not for bool)."""
    x = as_tensor(input)
    if x.dtype.kind not in "iub":
        raise TypeError(f"bitwise_not: expects an integer or bool tensor, got dtype {x.dtype}")
    return _new(get_array_module(x._data).invert(x._data), False, None)


def nextafter(input, other):
    """The next float after ``input`` towards ``other``, elementwise (both of one float dtype)."""
    a, b = as_tensor(input), as_tensor(other)
    if a.dtype != b.dtype or a.dtype.kind != "f":
        raise TypeError(f"nextafter: expects two float tensors of one dtype, got {a.dtype} and {b.dtype}")
    a, b = _pair(a, b, "nextafter")
    return _new(get_array_module(a._data).nextafter(a._data, b._data), False, None)


def frexp(input):
    """``(mantissa, exponent)`` with ``input = mantissa * 2 ** exponent`` and ``0.5 <= |mantissa| < 1`` (int32
    exponents)."""
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise TypeError(f"frexp: expects a floating point tensor, got dtype {x.dtype}")
    mantissa, exponent = get_array_module(x._data).frexp(x._data)
    return _new(mantissa, False, None), _new(exponent.astype(np.int32), False, None)


def _test(name, doc, fn):
    def op(input):
        data = as_tensor(input)._data
        return _new(fn(get_array_module(data), data), False, None)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


isneginf = _test("isneginf", "True where the element is -inf (a bool tensor).", lambda xp, a: xp.isneginf(a))
isposinf = _test("isposinf", "True where the element is +inf (a bool tensor).", lambda xp, a: xp.isposinf(a))
isreal = _test("isreal", "True where the element has no imaginary part (everywhere for real tensors).",
               lambda xp, a: xp.isreal(a))
