"""Elementwise math: exp, log, roots, trigonometry, tanh, sigmoid, relu, clamp,
maximum/minimum and where. Each forward sits beside its derivative."""
import numpy as np

from .. import complex_autograd, kernels
from ..backend import get_array_module
from ..function import Function, dual
from ..tensor import Tensor, _new
from ._util import as_tensor, bool_mask, float_dtype, in_layout_of, raw, result_dtype, zeros_as
from .arithmetic import (_pair, _weak_float, cast, check_fill, check_not_complex, check_ordered, complex_dtype,
                         safe_grad)
from .shape import sum_to


class Exp(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = get_array_module(x).exp(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * y


class Log(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).log(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return safe_grad(gy / x, gy)


class Log1p(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).log1p(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return safe_grad(gy / (x + 1), gy)


class Expm1(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = get_array_module(x).expm1(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * (y + 1)


class Sqrt(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = get_array_module(x).sqrt(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return safe_grad(gy * 0.5 / y, gy)


class Rsqrt(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = 1 / get_array_module(x).sqrt(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return safe_grad(gy * -0.5 * y * y * y, gy)


class SafeSqrt(Function):
    """sqrt whose gradient at 0 is 0 (the subgradient ``norm`` and ``std`` use at 0)."""

    def forward(self, x):
        y = get_array_module(x).sqrt(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        zero = y == 0
        return where(zero, 0.0, gy * 0.5 / where(zero, 1.0, y))


class Abs(Function):
    """|x|; on a complex input a real output whose gradient is ``gy * sgn(z)`` (PyTorch's convention)."""
    complex_autograd = "ready"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).abs(x)

    def backward(self, gy):
        x, = self.saved_tensors
        if x.dtype.kind == "c":
            return gy * dual(Sgn(), x)
        return gy * sign(x)


class Sgn(Function):
    """``z / |z|`` (0 at 0) of a complex tensor: the point of the unit circle in z's direction."""
    complex_autograd = "ready"

    def forward(self, z):
        xp = get_array_module(z)
        r = xp.abs(z)
        zero = r == 0
        y = xp.where(zero, 0, z / xp.where(zero, 1, r))
        self.save_for_backward(z, y)
        return y

    def backward(self, gy):
        # s = z / r changes only with z's angle: the gradient is gy less its part along s, over r (0 at 0)
        z, y = self.saved_tensors
        r = dual(Abs(), z)
        zero = raw(r) == 0
        return where(zero, 0.0, (gy - y * complex_autograd.real(complex_autograd.conj(gy) * y)) / where(zero, 1.0, r))


class Sin(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).sin(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Cos(), x)


class Cos(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).cos(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return -gy * dual(Sin(), x)


class Sinh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).sinh(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Cosh(), x)


class Cosh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).cosh(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Sinh(), x)


class Asin(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arcsin(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return safe_grad(gy * dual(Rsqrt(), 1 - x * x), gy)


class Acos(Asin):
    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arccos(x)

    def backward(self, gy):
        return -Asin.backward(self, gy)


class Atan(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arctan(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy / (1 + x * x)


class LogBase(Function):
    """log2 or log10: ``log(x) / log(base)``."""
    complex_autograd = "holomorphic"

    def __init__(self, base):
        self.base = base

    def forward(self, x):
        self.save_for_backward(x)
        return getattr(get_array_module(x), f"log{self.base}")(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return safe_grad(gy / (x * float(np.log(self.base))), gy)


class Tan(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = get_array_module(x).tan(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * (1 + y * y)


class Tanh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        y = get_array_module(x).tanh(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy - gy * y * y  # = gy * (1 - y**2), one fewer scalar op


class Sigmoid(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        xp = get_array_module(x)
        # tanh form: no overflow for large |x|, unlike 1 / (1 + exp(-x))
        y = xp.tanh(x * 0.5) * 0.5 + 0.5
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * y * (1 - y)


class ReLU(Function):
    def forward(self, x):  # relu() refuses complex input, off this per-call path
        y = get_array_module(x).maximum(x, 0)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        if y.__class__ is Tensor:
            return zero_link(gy * (y > 0), y)
        gy = in_layout_of(y, gy)  # the gradient in y's layout on both paths, so later sums round alike
        gx = kernels.relu_grad(gy, y) if y.size >= kernels.MIN_SIZE else None
        return gy * (y > 0) if gx is None else gx


class Clamp(Function):
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def forward(self, x):
        self.save_for_backward(x)
        y = get_array_module(x).clip(x, self.lo, self.hi)
        return y if y.dtype is x.dtype else _weak_float(y, x)  # an int tensor with a float bound: float32

    def backward(self, gy):
        x, = self.saved_tensors
        inside = None
        if self.lo is not None:
            inside = x >= self.lo
        if self.hi is not None:
            inside = (x <= self.hi) if inside is None else inside & (x <= self.hi)
        return gy * inside


class FloorValue(Function):
    """max(x, low) in value, the identity in gradient: PyTorch's ``x.clamp_(min=low)`` under
    no_grad, which cosine_similarity and gaussian_nll_loss use to keep a divisor away from 0."""

    def __init__(self, low):
        self.low = low

    def forward(self, x):
        return x.clip(self.low, None)

    def backward(self, gy):
        return gy


class Maximum(Function):
    """Elementwise max; at ties each input gets half the gradient (as PyTorch)."""

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return get_array_module(a).maximum(a, b)

    def backward(self, gy):
        a, b = self.saved_tensors
        ga = gy * (a > b) + gy * (a == b) * 0.5
        return ga, gy - ga


class Minimum(Function):
    """Elementwise min; at ties each input gets half the gradient (as PyTorch)."""

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return get_array_module(a).minimum(a, b)

    def backward(self, gy):
        a, b = self.saved_tensors
        ga = gy * (a < b) + gy * (a == b) * 0.5
        return ga, gy - ga


class Atan2(Function):
    """The angle of the point (b, a): ``atan2(a, b)``, in (-pi, pi]."""

    def forward(self, a, b):
        self.save_for_backward(a, b)
        return get_array_module(a).arctan2(a, b)

    def backward(self, gy):
        a, b = self.saved_tensors
        r2 = a * a + b * b
        g = gy / where(r2 == 0, 1.0, r2)  # at the origin a = b = 0: both gradients 0, as PyTorch
        return g * b, -g * a


class Hypot(Function):
    """``sqrt(a**2 + b**2)`` without overflow."""

    def forward(self, a, b):
        y = get_array_module(a).hypot(a, b)
        self.save_for_backward(a, b, y)
        return y

    def backward(self, gy):
        a, b, y = self.saved_tensors
        g = safe_grad(gy / y, gy)
        return g * a, g * b


class Where(Function):
    """``where(cond, a, b)`` on the Tensor operands, broadcast in forward and summed back in backward. The
    condition, and a constant operand (the 0 of ``where(c, x, 0.0)``), ride on the node as arrays: ``const``
    stands for operand ``at`` (0: ``a``, 1: ``b``), and the one Tensor operand is the node's only input."""
    complex_autograd = "ready"

    def __init__(self, cond, const=None, at=1):
        self.cond, self.const, self.at = cond, const, at

    def forward(self, x, y=None):
        self.save_for_backward(self.cond)
        return self._where(x, y)

    def _where(self, x, y):
        const = self.const
        a, b = (x, y) if const is None else (x, const) if self.at else (const, x)
        self.shapes = a.shape, b.shape
        try:
            out = kernels.where(self.cond, a, b) if x.__class__ is np.ndarray else None
            return get_array_module(x).where(self.cond, a, b) if out is None else out
        except ValueError:
            raise ValueError(f"where: condition of shape {self.cond.shape}, input of shape {a.shape} and other of "
                             f"shape {b.shape} do not broadcast together") from None

    def backward(self, gy):
        cond = self.saved_tensors[0]
        if self.const is not None:
            return self._grad(cond, gy, 1 - self.at)
        need_a, need_b = self.needs_input_grad
        return self._grad(cond, gy, 0) if need_a else None, self._grad(cond, gy, 1) if need_b else None

    def _grad(self, cond, gy, side):
        g = where(cond, 0.0, gy) if side else where(cond, gy, 0.0)  # exact zeros, even where gy is inf or NaN
        return sum_to(g, self.shapes[side])


class LinkedWhere(Where):
    """``where`` whose gradient, under create_graph, is a function of ``a`` (with derivative 0): the
    piecewise-linear activations (leaky_relu, hardtanh ...), whose gradients PyTorch computes from their
    input, so that a second backward reaches it (``a`` is the node's first input). Those refuse complex
    inputs, as PyTorch's."""
    complex_autograd = None

    def forward(self, x, y=None):
        self.save_for_backward(self.cond, x)
        return self._where(x, y)

    def backward(self, gy):
        cond, a = self.saved_tensors
        ga = self._grad(cond, gy, 0)
        ga = ga if a.__class__ is not Tensor else zero_link(ga, a)
        if self.const is not None:
            return ga
        return ga, self._grad(cond, gy, 1) if self.needs_input_grad[1] else None


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _floating(x):
    """``x`` as a Tensor; integer and bool inputs become float32, PyTorch's default float dtype (NumPy's
    ufuncs would give float64)."""
    x = x if isinstance(x, Tensor) else as_tensor(x)
    dtype = float_dtype(x._data.dtype)
    return x if dtype is x._data.dtype else _new(x._data.astype(dtype), False, None)


def _unary(cls, name, doc, keeps_dtype=False):
    f32, f64 = _FLOATS

    def op(x):
        if not isinstance(x, Tensor):
            x = as_tensor(x)
        dtype = x._data.dtype
        if dtype is not f32 and dtype is not f64:  # the common float dtypes skip _floating's call
            x = _floating(x)
        return cls()(x)

    def op_keeping_dtype(x):
        return cls()(x if isinstance(x, Tensor) else as_tensor(x))
    op = op_keeping_dtype if keeps_dtype else op
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


exp = _unary(Exp, "exp", "Elementwise e ** x.")
log = _unary(Log, "log", "Elementwise natural logarithm.")
log1p = _unary(Log1p, "log1p", "Elementwise log(1 + x), accurate for small x.")
expm1 = _unary(Expm1, "expm1", "Elementwise exp(x) - 1, accurate for small x.")
sqrt = _unary(Sqrt, "sqrt", "Elementwise square root.")
rsqrt = _unary(Rsqrt, "rsqrt", "Elementwise 1 / sqrt(x).")
abs = _unary(Abs, "abs", "Elementwise absolute value, real for a complex input (gradient 0 at 0).", keeps_dtype=True)
sin = _unary(Sin, "sin", "Elementwise sine.")
cos = _unary(Cos, "cos", "Elementwise cosine.")
tan = _unary(Tan, "tan", "Elementwise tangent.")
tanh = _unary(Tanh, "tanh", "Elementwise hyperbolic tangent.")
sigmoid = _unary(Sigmoid, "sigmoid", "Elementwise logistic sigmoid 1 / (1 + exp(-x)), stable for large |x|.")
safe_sqrt = _unary(SafeSqrt, "safe_sqrt", "sqrt with gradient 0 at 0.")
sinh = _unary(Sinh, "sinh", "Elementwise hyperbolic sine.")
cosh = _unary(Cosh, "cosh", "Elementwise hyperbolic cosine.")
asin = _unary(Asin, "asin", "Elementwise arcsine (inputs in [-1, 1]).")
acos = _unary(Acos, "acos", "Elementwise arccosine (inputs in [-1, 1]).")
atan = _unary(Atan, "atan", "Elementwise arctangent.")


def relu(x):
    """Elementwise max(x, 0) (gradient 0 at 0)."""
    if not isinstance(x, Tensor):
        x = as_tensor(x)
    if x._data.dtype not in _FLOATS:  # the common floats skip the complex check
        check_ordered("relu", x)
    return ReLU()(x)


def log2(x):
    """Elementwise base-2 logarithm."""
    return LogBase(2)(_floating(x))


def log10(x):
    """Elementwise base-10 logarithm."""
    return LogBase(10)(_floating(x))


def atan2(input, other):
    """Elementwise ``atan2(input, other)``: the angle of the point (other, input), with broadcasting."""
    return Atan2()(*_real_pair(input, other, "atan2"))


def hypot(input, other):
    """Elementwise ``sqrt(input**2 + other**2)`` with broadcasting."""
    return Hypot()(*_real_pair(input, other, "hypot"))


def _real_pair(input, other, op):
    """``_pair``'s two Tensors as floats (float32 for integers), or a TypeError naming ``op`` for complex ones."""
    a, b = _pair(input, other, op)
    check_not_complex(op, a._data.dtype)
    return _floating(a), _floating(b)


def lerp(input, end, weight):
    """Linear interpolation ``input + weight * (end - input)``; ``weight`` is a number or a tensor."""
    return input + weight * (end - input)


class ZerosLike(Function):
    """Zeros shaped like ``x`` that depend on it with derivative 0 (a gradient that is constant in ``x``)."""
    complex_autograd = "ready"

    def forward(self, x):
        return get_array_module(x).zeros_like(x)

    def backward(self, gy):
        return zeros_as(gy)


def zero_link(g, x):
    """The gradient Tensor ``g`` made a function of ``x`` with derivative 0, unless it is one already or
    ``x`` needs no grad: how PyTorch's gradients of relu, abs, max pooling ... depend on their input under
    create_graph (a second backward reaches ``x``, with zeros), unlike those of linear ops."""
    if g._rg or not x._rg:
        return g
    return g + ZerosLike()(x)


class PiecewiseConstant(Function):
    """floor, ceil, round or sign: differentiable with a zero gradient, as in PyTorch."""

    def __init__(self, op):
        self.op = op  # not ``name``: that is Function.name()

    def name(self):
        return f"{self.op.title()}Backward0"

    def forward(self, x):
        xp = get_array_module(x)
        return xp.asarray(getattr(xp, self.op)(x))

    def backward(self, gy):
        return zeros_as(gy)


class Sign(PiecewiseConstant):
    """sign as PyTorch's: 0 at NaN (NumPy's is NaN), and a bool tensor as it is (NumPy refuses bools)."""

    def forward(self, x):
        xp = get_array_module(x)
        if x.dtype.kind == "b":
            return x.copy()
        y = xp.asarray(xp.sign(x))
        if y.dtype.kind == "f":
            xp.putmask(y, xp.isnan(y), 0)
        return y


def _piecewise_constant(name, doc, cls=PiecewiseConstant):
    on_arrays = cls(name).forward  # keeps no state: one instance serves every array call

    def op(x):
        if not isinstance(x, Tensor):  # an array (backward formulas call sign on them)
            return on_arrays(x)
        check_ordered(name, x._data)
        return cls(name)(x)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


sign = _piecewise_constant("sign", "Elementwise sign (-1, 0 or 1; 0 at NaN); gradient 0. Works on arrays too.", Sign)
floor = _piecewise_constant("floor", "Round down; gradient 0.")
ceil = _piecewise_constant("ceil", "Round up; gradient 0.")
round = _piecewise_constant("round", "Round half to even; gradient 0.")


def clamp(x, min=None, max=None):
    """Limit values to [min, max] (either may be None); gradient flows where inside."""
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    x = as_tensor(x)
    check_ordered("clamp", x._data)
    if min.__class__ is complex or max.__class__ is complex:
        raise TypeError(f"clamp: complex bounds ({min}, {max}) have no order")
    if x._data.dtype.kind == "b" and all(v is None or isinstance(v, (bool, np.bool_)) for v in (min, max)):
        raise TypeError("clamp: not defined for a bool tensor with bool bounds, as in PyTorch; "
                        "cast the tensor to an integer dtype")
    if isinstance(min, Tensor) or isinstance(max, Tensor):  # at a tie the gradient goes to x, as PyTorch
        y = x if min is None else where(x < min, min, x)
        return y if max is None else where(y > max, max, y)
    return Clamp(min, max)(x)


def clip(x, min=None, max=None):
    """Alias for ``clamp`` (PyTorch's argument names, not NumPy's a_min and a_max)."""
    return clamp(x, min, max)


def maximum(a, b):
    """Elementwise maximum with broadcasting."""
    a, b = _pair(a, b, "maximum")
    check_ordered("maximum", a._data)
    return Maximum()(a, b)


def minimum(a, b):
    """Elementwise minimum with broadcasting."""
    a, b = _pair(a, b, "minimum")
    check_ordered("minimum", a._data)
    return Minimum()(a, b)


def where(condition, input=None, other=None):
    """Pick ``input`` where ``condition`` holds, else ``other`` (broadcasting all three).

    Accepts raw arrays too. The branch not taken gets an exact zero gradient. With ``condition`` alone,
    ``nonzero(condition, as_tuple=True)``, as PyTorch.
    """
    if input is None or other is None:
        if input is not None or other is not None:
            raise TypeError("where: expects a condition alone, or a condition, an input and an other")
        from .sorting import nonzero
        return nonzero(condition, as_tuple=True)
    return _where(Where, condition, input, other)


def piecewise(condition, a, b):
    """``where(condition, a, b)`` for a piecewise-linear function of ``a``: under create_graph its gradient
    depends on ``a`` (with derivative 0), as PyTorch's relu-like ops' gradients do."""
    return _where(LinkedWhere, condition, a if isinstance(a, Tensor) else as_tensor(a), b)


def _where(cls, condition, a, b):
    if not any(isinstance(v, Tensor) for v in (condition, a, b)):
        xp = get_array_module(a if hasattr(a, "dtype") else condition)
        out = kernels.where(condition, a, b) if xp is np else None
        if out is None:
            out = xp.where(condition, a, b)
        ref = a if hasattr(a, "dtype") else b
        return out.astype(ref.dtype, copy=False) if hasattr(ref, "dtype") else out
    cond = condition._data if isinstance(condition, Tensor) else condition
    if isinstance(a, Tensor) is not isinstance(b, Tensor):  # one constant operand: not an input
        at = 0 if isinstance(b, Tensor) else 1
        x, const = (b, a) if at == 0 else (a, b)
        xp = get_array_module(x._data)
        const = xp.asarray(const, dtype=_scalar_dtype(const, x.dtype))
        if const.dtype != x.dtype:  # an int tensor with a float: float32; a real one with a complex: complex
            x = cast(x, result_dtype(x._data, const))
            const = const.astype(x.dtype)
        return cls(xp.asarray(cond, dtype=bool), const, at)(x)
    if not isinstance(a, Tensor):  # two scalars, with a Tensor condition
        a, b = as_tensor(a), as_tensor(b)
    if a.dtype != b.dtype:
        dtype = result_dtype(a._data, b._data)
        a, b = cast(a, dtype), cast(b, dtype)
    return cls(get_array_module(a._data).asarray(cond, dtype=bool))(a, b)


def _scalar_dtype(scalar, other):
    """A scalar takes the tensor's dtype (so a float32 tensor stays float32), except that a float with an integer
    or bool tensor gives PyTorch's default float32."""
    if isinstance(scalar, complex):
        return complex_dtype(other)
    return float_dtype(other) if isinstance(scalar, float) else other


def masked_fill(x, mask, value):
    """``x`` with ``value`` where ``mask`` is True (no gradient flows to the filled places)."""
    mask = bool_mask("masked_fill", mask, x)
    if not isinstance(value, Tensor):  # the result keeps x's dtype, as PyTorch's
        check_fill("masked_fill", value, x)
        value = get_array_module(x._data).asarray(value, dtype=x.dtype)
    return where(mask, value, x)


def clamp_min(x, min):
    """``clamp(x, min=min)``."""
    return clamp(x, min=min)


def clamp_max(x, max):
    """``clamp(x, max=max)``."""
    return clamp(x, max=max)


def _no_grad_unary(name, doc):
    def op(x):
        data = x._data if isinstance(x, Tensor) else x
        return _new(get_array_module(data).asarray(getattr(get_array_module(data), name)(data)), False, None)
    op.__name__ = name
    op.__doc__ = doc
    return op


isnan = _no_grad_unary("isnan", "Elementwise NaN test (a bool tensor).")
isinf = _no_grad_unary("isinf", "Elementwise infinity test (a bool tensor).")
isfinite = _no_grad_unary("isfinite", "Elementwise finiteness test (a bool tensor).")
