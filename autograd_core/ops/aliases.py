"""PyTorch's second names for ops (``absolute``, ``arccos``, ``multiply``, ``greater`` ...), and the public
``add``, ``sub`` and ``div`` with their keywords (``alpha``, ``rounding_mode``); the operators ``+ - /``
call the arithmetic ops directly. Also the top-level forms of Tensor methods (``torch.exp_(x)``) and the Tensor
methods with no function of their own."""
from ..tensor import Tensor
from . import arithmetic as A
from .arithmetic import _pair, floor_divide, ge, gt, le, lt, mul, ne, neg
from .elementwise import abs, acos, asin, atan, atan2, where
from .inplace import inplace_form
from .inverse_hyperbolic import acosh, asinh, atanh
from .shape import broadcast_to, cat, movedim, reshape, swapaxes
from .special import trunc
from .statistics import trapezoid
from .top_level import index_reduce

absolute, negative, multiply, fix = abs, neg, mul, trunc
arccos, arcsin, arctan, arctan2, arccosh, arcsinh, arctanh = acos, asin, atan, atan2, acosh, asinh, atanh
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
moveaxis, concat = movedim, cat
trapz = trapezoid  # torch.trapz(y, x, *, dim) and torch.trapz(y, *, dx, dim)


def swapdims(input, dim0, dim1):
    """``input`` with dims ``dim0`` and ``dim1`` swapped (a view), under torch.swapdims' argument names."""
    return swapaxes(input, dim0, dim1)


def add(input, other, *, alpha=1):
    """``input + alpha * other`` with broadcasting (``torch.add``)."""
    return A.add(input, other if alpha == 1 else other * alpha)


def sub(input, other, *, alpha=1):
    """``input - alpha * other`` with broadcasting (``torch.sub``)."""
    return A.sub(input, other if alpha == 1 else other * alpha)


def div(input, other, *, rounding_mode=None):
    """``input / other``: true division (None), rounded toward zero ('trunc') or down ('floor'); the
    rounded quotients of integers stay integers, as ``torch.div``. Rounded quotients have gradient 0."""
    if rounding_mode is None:
        return A.div(input, other)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        a, b = _pair(input, other, "div")
        if a.dtype.kind == "f":
            return trunc(A.div(a, b))
        q = floor_divide(a, b)  # integers: a // b, plus 1 where the quotient is negative and inexact
        return q + ((q < 0) & ne(q * b, a))
    raise ValueError(f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}")


subtract, divide = sub, div


def positive(input):
    """``input`` itself (``+input``); refused for a bool tensor, as PyTorch."""
    if input.dtype.kind == "b":
        raise TypeError("positive: not supported for a bool tensor (PyTorch's + on bools); use the tensor itself")
    return input


# -- Tensor methods with no function of their own ---------------------------------
def _where(self, condition, other):
    """``where(condition, self, other)``."""
    return where(condition, self, other)


def _reshape_as(self, other):
    """This tensor reshaped to ``other``'s shape."""
    return reshape(self, other.shape)


def _ndimension(self):
    """The number of dims (``dim()``)."""
    return self.ndim


def _nelement(self):
    """The number of elements (``numel()``)."""
    return self.numel()


TENSOR_METHODS = {"where": _where, "reshape_as": _reshape_as, "ndimension": _ndimension, "nelement": _nelement,
                  "index_reduce_": inplace_form("index_reduce_", index_reduce)}


# -- torch.f(t, ...) = t.f(...): the in-place forms, and a few other methods ----------
TOP_LEVEL_METHODS = (
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
    "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_", "clamp_min_", "clip_", "conj_physical_",
    "cos_", "cosh_",
    "deg2rad_", "detach", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_",
    "gcd_", "i0_", "index_put_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_", "logit_", "nan_to_num_",
    "neg_", "negative_", "rad2deg_", "reciprocal_", "resize_as_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_",
    "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_", "xlogy_", "zero_")
TOP_LEVEL_OTHERS = ("adjoint", "lu", "lu_solve")  # methods torch also has at top level


def top_level_method(name):
    """``torch.<name>(input, *args, **kwargs)``: ``input.<name>(*args, **kwargs)``."""
    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}: expected a Tensor as input, got {type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``input.{name}(...)``: the Tensor method, called as a function."
    return function


def fill(input, value):
    """A new tensor of ``input``'s shape, dtype and device holding ``value`` everywhere (``torch.fill``); a 0-d
    tensor ``value`` gets the gradient (the sum of the output's)."""
    if not isinstance(value, Tensor):
        from ..creation import full_like
        return full_like(input, value)
    if value.ndim:
        raise ValueError(f"fill: value must be a number or a 0-dim tensor, got a tensor of shape {value.shape}")
    return A.clone(broadcast_to(A.cast(value, input.dtype), input.shape))
