"""PyTorch's second names for ops (``absolute``, ``arccos``, ``multiply``, ``greater`` ...), and the public
``add``, ``sub`` and ``div`` with their keywords (``alpha``, ``rounding_mode``); the operators ``+ - /``
call the arithmetic ops directly."""
from . import arithmetic as A
from .arithmetic import _pair, floor_divide, ge, gt, le, lt, mul, ne, neg
from .elementwise import abs, acos, asin, atan, atan2, where
from .inverse_hyperbolic import acosh, asinh, atanh
from .shape import cat, movedim, reshape, swapaxes
from .special import trunc

absolute, negative, multiply, fix = abs, neg, mul, trunc
arccos, arcsin, arctan, arctan2, arccosh, arcsinh, arctanh = acos, asin, atan, atan2, acosh, asinh, atanh
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
swapdims, moveaxis, concat = swapaxes, movedim, cat


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


TENSOR_METHODS = {"where": _where, "reshape_as": _reshape_as, "ndimension": _ndimension, "nelement": _nelement}
