"""Arithmetic: + - * / ** @, negation, casts and comparisons.

Binary primitives see operands of one shape and one dtype: ``_pair`` broadcasts
and promotes first (each a recorded op of its own, only when needed), so no
binary backward has to undo broadcasting. A Python or NumPy scalar operand
becomes an attribute of a scalar op (``x * 1.01`` is MulScalar), which keeps
the common case to one node and NumPy's weak-scalar dtype rule (float32 stays
float32).
"""
import contextlib

import numpy as np

from .. import complex_autograd
from ..backend import check, get_array_module, on_gpu
from ..function import Function, dual
from ..tensor import Tensor, _new, to_array
from ._util import as_tensor, float_dtype, raw, result_dtype, zeros_as
from .shape import expand_to, mT, squeeze, sum_to, unsqueeze

SCALARS = (int, float, bool, complex, np.generic)
_FAST = {int, float}  # checked first by add and mul: the hot case of x * 1.01
_object_new = object.__new__


def _constant_on(v, x):
    """``v`` (a number, a list, an array) as a constant Tensor on Tensor ``x``'s device. A GPU array that CuPy
    won't copy to the host stays on its GPU, so that the caller's device check names both devices."""
    try:
        return _new(to_array(v, xp=get_array_module(x._data)), False, None)
    except TypeError:
        if not on_gpu(v):
            raise
        return as_tensor(v)


def _pair(a, b, op):
    """Two Tensors of one shape, dtype and device, ready for a binary primitive; a number or host data
    goes to the other operand's device."""
    if not isinstance(a, Tensor):
        a = _constant_on(a, b) if isinstance(b, Tensor) else as_tensor(a)
    if not isinstance(b, Tensor):
        b = _constant_on(b, a)
    da, db = a._data, b._data
    if type(da) is not type(db):
        raise RuntimeError(f"{op}: operands are on different devices ({a.device} and {b.device}); "
                           "move one with .to(device)")
    if da.dtype is not db.dtype:
        dtype = result_dtype(da, db)
        a = a if da.dtype == dtype else cast(a, dtype)
        b = b if db.dtype == dtype else cast(b, dtype)
    if da.shape != db.shape:
        try:
            shape = np.broadcast_shapes(da.shape, db.shape)
        except ValueError:
            raise ValueError(f"{op}: shapes {da.shape} and {db.shape} can't be broadcast together") from None
        a, b = expand_to(a, shape), expand_to(b, shape)  # a valid shape: no need for broadcast_to's checks
    return a, b


def _weak_float(y, x):
    """NumPy gives float64 (complex128) for an int tensor with a Python float (complex); PyTorch's float32
    (complex64) default wins. A bool tensor with a Python int gives int64, as PyTorch (NumPy's x ** 2 is int8)."""
    if y.dtype is not x.dtype:
        kind = y.dtype.kind
        if kind == "f":
            return y.astype(float_dtype(x.dtype), copy=False)
        if kind == "c":
            return y.astype(complex_dtype(x.dtype), copy=False)
        if kind in "iu" and x.dtype.kind == "b":
            return y.astype(np.int64, copy=False)
    return y


def complex_dtype(dtype):
    """The complex dtype a Python complex number gives with a tensor of ``dtype``: that of its float precision
    (complex64 for float32, bool and integers; complex128 for float64); complex dtypes stay."""
    return np.result_type(float_dtype(dtype), np.complex64)


def check_fill(op, value, x):
    """A TypeError naming ``op`` where a Python complex ``value`` would fill real Tensor ``x`` (NumPy would drop
    its imaginary part; PyTorch refuses)."""
    if isinstance(value, complex) and x.dtype.kind != "c":
        raise TypeError(f"{op}: a complex value ({value}) can't fill a tensor of dtype {x.dtype}")


def check_not_complex(op, dtype, ordered=False):
    """A TypeError naming ``op`` for a complex ``dtype``: an op PyTorch does not define on complex numbers
    (softmax, xlogy, floor_divide, arange ...) or, ``ordered``, one that needs an order, which complex numbers
    lack (PyTorch's sorting, max/min, clamp, rounding ops and comparisons refuse them too). PyTorch raises
    RuntimeError (or its subclass NotImplementedError) where it refuses a complex dtype; here every such
    refusal is a TypeError."""
    if dtype.kind == "c":
        raise TypeError(f"{op}: complex tensors ({dtype}) have no order; use x.real, x.imag or x.abs()" if ordered
                        else f"{op}: complex dtype {dtype} is not supported, as in PyTorch")


def check_ordered(op, x):
    """``check_not_complex(op, x.dtype, ordered=True)`` for a tensor (or array) ``x``."""
    if x.dtype.kind == "c":  # tested here too: clamp, maximum ... run this on every call, and a call costs 50 ns
        check_not_complex(op, x.dtype, True)


def safe_grad(gx, gy):
    """``gx`` with 0 wherever ``gy`` is 0: a singular local derivative (1/0, or a
    NaN from an inactive ``where`` branch) must not turn a zero gradient into NaN."""
    data = raw(gx)
    xp = get_array_module(data)
    if xp is np and xp.isfinite(data).all():  # on a GPU the test would sync: just mask
        return gx
    if isinstance(gx, Tensor):  # only the singular entries: gx stays linear in gy, as jvp's double-backward trick needs
        from .elementwise import where
        return where((raw(gy) == 0) & ~xp.isfinite(data), 0.0, gx)
    return xp.where(gy == 0, gx.dtype.type(0), gx)


# -- binary primitives (same shape, same dtype) --------------------------------
class Add(Function):
    complex_autograd = "ready"

    def forward(self, a, b):
        return a + b

    def backward(self, gy):
        return gy, gy


class Sub(Function):
    complex_autograd = "ready"

    def forward(self, a, b):
        return a - b

    def backward(self, gy):
        return gy, -gy


class Mul(Function):
    complex_autograd = "holomorphic"

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return a * b

    def backward(self, gy):
        a, b = self.saved_tensors
        return gy * b, gy * a


class Div(Function):
    complex_autograd = "holomorphic"

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return a / b

    def backward(self, gy):
        a, b = self.saved_tensors
        ga = safe_grad(gy / b, gy)
        return ga, safe_grad(-ga * a / b, gy)


_NO_OP = contextlib.nullcontext()


def _zero_base(base):
    """np.errstate silencing NumPy's divide-by-zero and invalid warnings where ``base``, a power's base (a host
    array or a number), has a zero: 0 ** -1 is inf and log(0) -inf there, as in PyTorch. Else a no-op, cheaper
    than entering np.errstate (and CuPy never warns). Past 1,000 elements the count would cost as much as the
    power itself, so a large array always gets the errstate. Ops skip even this where the exponent is a
    positive number."""
    if base.__class__ is np.ndarray:
        zero = base.size > 1000 or np.count_nonzero(base) < base.size
    else:
        zero = isinstance(base, SCALARS) and base == 0
    return np.errstate(divide="ignore", invalid="ignore") if zero else _NO_OP


class Pow(Function):
    complex_autograd = "holomorphic"

    def forward(self, a, b):
        with _zero_base(a):
            y = a ** b
        self.save_for_backward(a, b, y)
        return y

    def backward(self, gy):
        a, b, y = self.saved_tensors
        ga = gb = None
        need_a, need_b = self.needs_input_grad
        from .elementwise import Log, where
        with _zero_base(raw(a)):
            if need_a:
                ga = safe_grad(where(b == 0, 0.0, gy * b * a ** (b - 1)), gy)  # a ** 0 is constant in a
            if need_b:  # 0 ** b is constant in b for real b >= 0; where b < 0, PyTorch's -inf from inf * log(0)
                rb = raw(b)
                nonnegative = (rb >= 0) if rb.dtype.kind != "c" else (rb.real >= 0) & (rb.imag == 0)
                constant = (raw(a) == 0) & nonnegative
                gb = safe_grad(gy * where(constant, 0.0, y * dual(Log(), a)), gy)
        return ga, gb


class Neg(Function):
    complex_autograd = "ready"

    def forward(self, x):
        return -x

    def backward(self, gy):
        return -gy


# -- a tensor and a scalar -----------------------------------------------------
class AddScalar(Function):
    complex_autograd = "ready"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        y = x + self.c
        return y if y.dtype is x.dtype else _weak_float(y, x)

    def backward(self, gy):
        return gy


class MulScalar(Function):
    complex_autograd = "holomorphic"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        y = x * self.c
        return y if y.dtype is x.dtype else _weak_float(y, x)

    def backward(self, gy):
        return gy * self.c


class DivScalar(Function):
    """``x / c``."""
    complex_autograd = "holomorphic"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        return _weak_float(x / self.c, x)

    def backward(self, gy):
        return gy / self.c


class RSubScalar(Function):
    """``c - x``."""
    complex_autograd = "ready"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        return _weak_float(self.c - x, x)

    def backward(self, gy):
        return -gy


class RDivScalar(Function):
    """``c / x``."""
    complex_autograd = "holomorphic"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        y = _weak_float(self.c / x, x)
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        return safe_grad(-gy * y / x, gy)


class PowScalar(Function):
    """``x ** c``."""
    complex_autograd = "holomorphic"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        self.save_for_backward(x)
        c = self.c
        if c.__class__ in _FAST and c > 0:  # the common x ** 2: nothing to silence
            return _weak_float(x ** c, x)
        if c.__class__ is bool and x.dtype.kind == "b":  # PyTorch's bool ** bool stays bool (NumPy's is int8)
            return x | (not c)
        with _zero_base(x):
            return _weak_float(x ** c, x)

    def backward(self, gy):
        x, = self.saved_tensors
        c = self.c
        if c == 0:
            return zeros_as(gy)  # x ** 0 is constant, also at x = 0 (where c * x ** -1 would be NaN)
        if c == 2:
            return gy * 2 * x
        if c.__class__ in _FAST and c > 1:  # nothing to silence
            return safe_grad(gy * c * x ** (c - 1), gy)
        with _zero_base(raw(x)):
            return safe_grad(gy * c * x ** (c - 1), gy)


class RPowScalar(Function):
    """``c ** x``."""
    complex_autograd = "holomorphic"

    def __init__(self, c):
        self.c = c

    def forward(self, x):
        with _zero_base(self.c):
            y = _weak_float(self.c ** x, x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        if self.c == 0:  # log(0) = -inf: as PyTorch, 0 where x >= 0 (0**x finite) and -inf where x < 0
            data = raw(y)
            xp = get_array_module(data)
            with np.errstate(invalid="ignore"):  # 0 * -inf where gy is 0: safe_grad makes that 0
                return safe_grad(gy * xp.where(xp.isfinite(data), 0, -np.inf).astype(data.dtype), gy)
        c = complex(self.c) if y.dtype.kind == "c" else self.c  # a negative base has a complex log
        return gy * y * np.log(c).item()  # a Python float or complex: a float32 gy stays float32


class Clone(Function):
    complex_autograd = "ready"

    def forward(self, x):
        return x.copy()

    def backward(self, gy):
        return gy


def clone(x):
    """A copy that stays in the graph (gradients flow back to ``x``)."""
    return Clone()(x)


class Cast(Function):
    complex_autograd = "ready"

    def __init__(self, dtype):
        self.dtype = dtype

    def forward(self, x):
        self.in_dtype = x.dtype
        return x.astype(self.dtype)

    def backward(self, gy):
        if self.in_dtype.kind != "c":  # the gradient of a real tensor cast to complex is the real part
            gy = complex_autograd.real(gy)
        return dual(Cast(self.in_dtype), gy)


def cast(x, dtype):
    """``x`` converted to ``dtype`` (differentiable between float types)."""
    dtype = np.dtype(dtype)
    x = as_tensor(x)
    if x.dtype == dtype:
        return x
    if dtype.kind not in "fc" and x._rg:
        return _new(x._data.astype(dtype), False, None)
    return Cast(dtype)(x)


def _scalar(c):
    return c.item() if isinstance(c, np.generic) else c


def add(a, b):
    """``a + b`` with broadcasting."""
    if b.__class__ in _FAST and a.__class__ is Tensor:  # x + 0.1 without __init__'s frame
        f = _object_new(AddScalar)
        f.c = b
        return f(a)
    if isinstance(b, SCALARS):
        return AddScalar(_scalar(b))(as_tensor(a))
    if isinstance(a, SCALARS):
        return AddScalar(_scalar(a))(b)
    if a.__class__ is Tensor and b.__class__ is Tensor:  # the hot case: same shape, dtype and device
        da, db = a._data, b._data
        if da.shape == db.shape and da.dtype is db.dtype and da.__class__ is db.__class__:
            return _object_new(Add)(a, b)
    return Add()(*_pair(a, b, "add"))


def sub(a, b):
    """``a - b`` with broadcasting."""
    if isinstance(b, SCALARS):
        return AddScalar(-_scalar(b))(as_tensor(a))
    if isinstance(a, SCALARS):
        return RSubScalar(_scalar(a))(b)
    return Sub()(*_pair(a, b, "sub"))


def mul(a, b):
    """``a * b`` with broadcasting."""
    if b.__class__ in _FAST and a.__class__ is Tensor:
        f = _object_new(MulScalar)
        f.c = b
        return f(a)
    if isinstance(b, SCALARS):
        return MulScalar(_scalar(b))(as_tensor(a))
    if isinstance(a, SCALARS):
        return MulScalar(_scalar(a))(b)
    return Mul()(*_pair(a, b, "mul"))


def div(a, b):
    """``a / b`` with broadcasting (true division)."""
    if isinstance(b, SCALARS):
        return DivScalar(_scalar(b))(as_tensor(a))
    if isinstance(a, SCALARS):
        return RDivScalar(_scalar(a))(b)
    a, b = _pair(a, b, "div")
    dtype = float_dtype(a._data.dtype)
    if dtype is not a._data.dtype:  # true division of integers gives a float
        a, b = cast(a, dtype), cast(b, dtype)
    return Div()(a, b)


def pow(a, b):
    """``a ** b`` with broadcasting. A bool tensor to a Python bool power stays bool; two bool operands
    (tensors, or a Python bool to a bool tensor's power) raise TypeError, as PyTorch."""
    if isinstance(b, SCALARS):
        return PowScalar(_scalar(b))(as_tensor(a))
    if isinstance(a, SCALARS):
        if isinstance(a, (bool, np.bool_)):
            _refuse_bool(b.dtype)
        return RPowScalar(_scalar(a))(b)
    a, b = _pair(a, b, "pow")
    _refuse_bool(a.dtype)  # _pair gave both one dtype
    return Pow()(a, b)


def _refuse_bool(dtype):
    if dtype.kind == "b":
        raise TypeError("pow: not defined for two bool operands, as in PyTorch; cast one to an integer dtype")


def neg(x):
    """``-x``."""
    return Neg()(x)


def _radd(x, other):
    return add(other, x)


def _rsub(x, other):
    return sub(other, x)


def _rmul(x, other):
    return mul(other, x)


def _rdiv(x, other):
    return div(other, x)


def _rpow(x, other):
    return pow(other, x)


# -- integer-style division: floor_divide (//), remainder (%), fmod ------------------
class _Division(Function):
    """``a // b``, ``a % b`` (the divisor's sign, as Python) or C's fmod (the dividend's sign).

    The quotient is piecewise constant (gradient 0); a remainder ``a - q * b`` has gradient 1 in
    ``a`` and ``-q`` in ``b``, with ``q`` floored for remainder and truncated for fmod (as PyTorch).
    """

    def __init__(self, op):
        self.op = op  # "floor_divide", "remainder" or "fmod" (not ``name``: that is Function.name())

    def name(self):
        return "".join(w.title() for w in self.op.split("_")) + "Backward0"

    def forward(self, a, b):
        xp = get_array_module(a)
        if a.dtype.kind in "biu":
            check((b == 0).any(), lambda: ZeroDivisionError(
                f"{self.op}: integer division by zero (divisor of shape {b.shape}, dtype {b.dtype})"))
        if self.op != "floor_divide":
            self.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):  # x / 0 gives inf or nan, as PyTorch
            return getattr(xp, self.op)(a, b)

    def backward(self, gy):
        if self.op == "floor_divide":
            return zeros_as(gy), zeros_as(gy)
        a, b = map(raw, self.saved_tensors)  # q is a constant of the graph
        xp = get_array_module(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = xp.floor_divide(a, b) if self.op == "remainder" else xp.trunc(a / b)
        if isinstance(gy, Tensor):
            q = _new(q, False, None)
        return gy, safe_grad(-gy * q, gy)


def _division(name, a, b):
    a, b = _pair(a, b, name)
    check_not_complex(name, a._data.dtype)
    return _Division(name)(a, b)


def floor_divide(input, other):
    """``input // other``: the quotient rounded down (Python's and PyTorch's semantics); integers stay
    integers. Its gradient is 0 (PyTorch has none: its backward raises)."""
    return _division("floor_divide", input, other)


def remainder(input, other):
    """``input % other`` = ``input - floor(input / other) * other``: the result has the divisor's sign."""
    return _division("remainder", input, other)


def fmod(input, other):
    """C's fmod: ``input - trunc(input / other) * other``, the result has the dividend's sign."""
    return _division("fmod", input, other)


def _rfloordiv(x, other):
    return floor_divide(other, x)


def _rmod(x, other):
    return remainder(other, x)


def _mm(a, b):
    """``a @ b``; two 2-D arrays go through ``ndarray.dot``, which skips matmul's ufunc machinery
    (half the cost on small matrices, and BLAS even for the zero-stride gradient of a sum)."""
    if a.ndim == 2 == b.ndim and not isinstance(a, Tensor) and not isinstance(b, Tensor):
        return a.dot(b)
    return a @ b


class MatMul(Function):
    complex_autograd = "holomorphic"

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return _mm(a, b)

    def backward(self, gy):
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        ga = sum_to(_mm(gy, mT(b)), a.shape) if need_a else None
        gb = sum_to(_mm(mT(a), gy), b.shape) if need_b else None
        return ga, gb


def matmul(a, b):
    """Matrix product with NumPy's rules: 1-D operands, batches broadcast."""
    if a.__class__ is Tensor and b.__class__ is Tensor:  # the hot case: two 2-D matrices that fit
        da, db = a._data, b._data
        if (da.ndim == 2 and db.ndim == 2 and da.shape[1] == db.shape[0] and da.dtype is db.dtype
                and da.__class__ is db.__class__):
            return MatMul()(a, b)
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: both operands need at least one dimension, got shapes {a.shape} and {b.shape}")
    if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
        raise ValueError(f"matmul: {a.shape} @ {b.shape}: inner dimensions {a.shape[-1]} and "
                         f"{b.shape[-2 if b.ndim > 1 else 0]} differ")
    if type(a._data) is not type(b._data):
        raise RuntimeError(f"matmul: operands are on different devices ({a.device} and {b.device})")
    if a._data.dtype is not b._data.dtype:
        dtype = result_dtype(a._data, b._data)
        a, b = cast(a, dtype), cast(b, dtype)
    if a.ndim == 1 or b.ndim == 1:
        a2 = unsqueeze(a, 0) if a.ndim == 1 else a
        b2 = unsqueeze(b, -1) if b.ndim == 1 else b
        y = MatMul()(a2, b2)
        if b.ndim == 1:
            y = squeeze(y, -1)
        if a.ndim == 1:
            y = squeeze(y, -2 if b.ndim > 1 else -1)
        return y
    if a.ndim > 2 or b.ndim > 2:
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            raise ValueError(f"matmul: batch dimensions of {a.shape} and {b.shape} can't be broadcast") from None
    return MatMul()(a, b)


def _rmatmul(x, other):
    return matmul(other, x)


# -- comparisons and logic: results never require grad -------------------------
def _unordered(v):
    """True for a complex array or number (cheap: comparisons are common on real tensors)."""
    return v.__class__ is complex or hasattr(v, "dtype") and complex_autograd.is_complex_array(v)


def _compare(name, ufunc, ordered=False):
    def compare(a, b):
        da = a._data if isinstance(a, Tensor) else a
        db = b._data if isinstance(b, Tensor) else b
        if ordered and (_unordered(da) or _unordered(db)):  # NumPy would order complex numbers lexicographically
            types = [str(getattr(d, "dtype", type(d).__name__)) for d in (da, db)]
            raise TypeError(f"{name}: complex numbers have no order (operands of types {types[0]} and {types[1]}); "
                            "compare abs() or .real")
        try:
            return _new(get_array_module(da).asarray(ufunc(da, db)), False, None)
        except ValueError:
            raise ValueError(f"{name}: shapes {np.shape(da)} and {np.shape(db)} can't be broadcast together") from None
    compare.__name__ = name
    compare.__doc__ = f"Elementwise ``{name}`` (a bool tensor that does not require grad)."
    return compare


eq = _compare("eq", np.equal)
ne = _compare("ne", np.not_equal)
lt = _compare("lt", np.less, ordered=True)
le = _compare("le", np.less_equal, ordered=True)
gt = _compare("gt", np.greater, ordered=True)
ge = _compare("ge", np.greater_equal, ordered=True)
logical_and = _compare("logical_and", np.logical_and)
logical_or = _compare("logical_or", np.logical_or)
logical_xor = _compare("logical_xor", np.logical_xor)


def logical_not(x):
    """Elementwise not (a bool tensor that does not require grad)."""
    return _new(get_array_module(x._data).logical_not(x._data), False, None)


def mm(a, b):
    """Product of two matrices (2-D only, as ``torch.mm``)."""
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError(f"mm: expects two 2-D tensors, got shapes {a.shape} and {b.shape}; use matmul")
    return matmul(a, b)


def bmm(a, b):
    """Batched product of (B, n, k) and (B, k, m) tensors (3-D only, as ``torch.bmm``)."""
    if a.ndim != 3 or b.ndim != 3 or a.shape[0] != b.shape[0]:
        raise ValueError(f"bmm: expects (B, n, k) and (B, k, m) tensors, got shapes {a.shape} and {b.shape}")
    return matmul(a, b)


def square(x):
    """Elementwise ``x * x``."""
    return PowScalar(2)(as_tensor(x))


def reciprocal(x):
    """Elementwise ``1 / x``."""
    return RDivScalar(1.0)(as_tensor(x))
