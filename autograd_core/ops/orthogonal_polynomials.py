"""Orthogonal polynomials of torch.special: Chebyshev T, U, V, W (and shifted to [0, 1]), Hermite H and He,
Laguerre L, Legendre P, each ``f(x, n)`` with the order ``n`` a tensor or a number broadcast against ``x``.

The values follow PyTorch's algorithms: ``n`` truncated toward 0 (NaN, inf and |n| >= 2^63 count as
negative, as PyTorch's int64 cast makes them), 0 for n < 0, the three-term recurrence (stopped once it is
NaN), and for Chebyshev the exact values at +-1 and, with |x| < 1 and n above a threshold, the trigonometric
forms (cos(n theta) ...). Computed in float32 for float32 input, as PyTorch does (an overflow to inf then
turns to NaN in the recurrence as there), else in float64. The gradient in ``x`` (PyTorch has none) comes from
the derivative identities T_n' = n U_(n-1), U_n' = 2 C2_(n-1), V_n = U_n - U_(n-1), W_n = U_n + U_(n-1),
C(l)_n' = 2 l C(l+1)_(n-1) (Gegenbauer; Legendre is l = 1/2), L(a)_n' = -L(a+1)_(n-1) (generalised Laguerre),
H_n' = 2n H_(n-1), He_n' = n He_(n-1), each of them a Function of the same kind, so every order of derivative
works; ``n`` gets none.
"""
import math
import numbers

import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ..tensor import Tensor
from ._util import array_on, float_dtype, raw, result_dtype
from .arithmetic import cast
from .shape import expand_to
from .special import _in_float32_or_64

_CHECK_EVERY = 32
_INT64_END = 2.0 ** 63  # PyTorch casts n to int64: from here on (and NaN) it turns negative


def _three_term(xp, n, n_max, first, step):
    """p_n from p_0 = 1, p_1 = ``first`` and p_(k+1) = step(k, p_(k-1), p_k), for each element's order in
    ``n`` (at most ``n_max``); 0 where n < 0. PyTorch's loop stops at a NaN: every ``_CHECK_EVERY`` steps this
    one ends (NaN for the orders left) once no element that still needs it holds a number (a device read)."""
    p, q = xp.ones_like(first), first
    out = xp.where(n == 0, p, q)
    for k in range(1, n_max):
        p, q = q, step(k, p, q)
        out = xp.where(n == k + 1, q, out)
        if k % _CHECK_EVERY == 0 and not xp.any((n > k + 1) & ~xp.isnan(q)):
            out = xp.where(n > k + 1, math.nan, out)
            break
    return xp.where(n < 0, 0.0, out)


class _Polynomial(Function):
    """p_n(x) for the truncated orders ``n`` (an array of x's shape; NaN, inf and huge ones made -1) with
    ``n_max`` their largest: a subclass gives ``evaluate(x, n, n_max, *params)`` and ``slope(x)``."""

    def __init__(self, n, n_max, *params):
        self.n, self.n_max, self.params = n, n_max, params

    def forward(self, x):
        self.save_for_backward(x)
        return self.evaluate(x, self.n, self.n_max, *self.params)

    def lowered(self, cls, by, *params):
        """``cls`` of order n - ``by`` (with ``params``) at the same x."""
        return cls(self.n - by, self.n_max - by, *params)

    def order_as(self, x):
        """The orders in the dtype of ``x`` (an array or a Tensor), as a factor of the gradient."""
        return self.n.astype(raw(x).dtype, copy=False)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * self.slope(x)


@_in_float32_or_64
def _gegenbauer_array(x, n, n_max, lam):
    return _three_term(get_array_module(x), n, n_max, 2.0 * lam * x,
                       lambda k, p, q: (2.0 * (k + lam) * x * q - (k + 2.0 * lam - 1.0) * p) / (k + 1))


class Gegenbauer(_Polynomial):
    """C(lam)_n(x); its derivative is 2 lam C(lam + 1)_(n-1)."""

    evaluate = staticmethod(_gegenbauer_array)

    def slope(self, x):
        lam, = self.params
        return 2.0 * lam * dual(self.lowered(Gegenbauer, 1, lam + 1.0), x)


@_in_float32_or_64
def _laguerre_array(x, n, n_max, alpha):
    return _three_term(get_array_module(x), n, n_max, 1.0 + alpha - x,
                       lambda k, p, q: ((k + k + (1.0 + alpha - x)) * q - (k + alpha) * p) / (k + 1))


class Laguerre(_Polynomial):
    """The generalised Laguerre polynomial L(alpha)_n(x); its derivative is -L(alpha + 1)_(n-1)."""

    evaluate = staticmethod(_laguerre_array)

    def slope(self, x):
        alpha, = self.params
        return -dual(self.lowered(Laguerre, 1, alpha + 1.0), x)


@_in_float32_or_64
def _hermite_array(x, n, n_max, physicists):
    """H_(k+1) = 2x H_k - 2k H_(k-1) (physicists'), He_(k+1) = x He_k - k He_(k-1) (probabilists')."""
    scale = 2.0 if physicists else 1.0
    return _three_term(get_array_module(x), n, n_max, scale * x,
                       lambda k, p, q: (x + x if physicists else x) * q - scale * k * p)


class Hermite(_Polynomial):
    """H_n(x) (``physicists``) or He_n(x); the derivatives are 2n H_(n-1) and n He_(n-1)."""

    evaluate = staticmethod(_hermite_array)

    def slope(self, x):
        physicists, = self.params
        return dual(self.lowered(Hermite, 1, physicists), x) * ((2.0 if physicists else 1.0) * self.order_as(x))


# n above which PyTorch takes the trigonometric form for |y| < 1: (unshifted, shifted)
_TRIGONOMETRIC_FROM = {"t": (6, 6), "u": (8, 6), "v": (8, 6), "w": (8, 4)}


@_in_float32_or_64
def _chebyshev_array(x, n, n_max, kind, shifted):
    """T, U, V or W (``kind``) of y = x, or of y = 2x - 1 when ``shifted``, as PyTorch computes them: the exact
    values at y = +-1, the trigonometric form for |y| < 1 above the threshold, else the recurrence."""
    xp = get_array_module(x)
    y = x + x - 1.0 if shifted else x
    theta = xp.arccos(xp.clip(y, -1.0, 1.0))
    if kind == "t":
        trigonometric = xp.cos(n * theta)
    elif kind == "u":
        trigonometric = xp.sin((n + 1.0) * theta) / xp.sin(theta)
    elif kind == "v":
        trigonometric = xp.cos((n + 0.5) * theta) / xp.cos(theta / 2.0)
    else:
        trigonometric = xp.sin((n + 0.5) * theta) / xp.sin(theta / 2.0)
    at_one, at_minus_one = {"t": (1.0, 1.0), "u": (n + 1.0, n + 1.0), "v": (1.0, n + n + 1.0),
                            "w": (n + n + 1.0, 1.0)}[kind]
    end = xp.where(y > 0, at_one, xp.where(n % 2 == 0, at_minus_one, -at_minus_one))
    at_end = xp.abs(y) == 1.0
    use = (n > _TRIGONOMETRIC_FROM[kind][shifted]) & (xp.abs(y) < 1.0)
    first = {"t": y, "u": y + y, "v": y + y - 1.0, "w": y + y + 1.0}[kind]
    recurrence = _three_term(xp, xp.where(use | at_end, -1.0, n), n_max, first, lambda k, p, q: (y + y) * q - p)
    return xp.where(n < 0, 0.0, xp.where(at_end, end, xp.where(use, trigonometric, recurrence)))


class Chebyshev(_Polynomial):
    """T_n, U_n, V_n or W_n (``kind``) of x, or of 2x - 1 (``shifted``); derivatives through Gegenbauer C1 = U
    and C2: T_n' = n U_(n-1), U_n' = 2 C2_(n-1), V_n' = U_n' - U_(n-1)', W_n' = U_n' + U_(n-1)'."""

    evaluate = staticmethod(_chebyshev_array)

    def slope(self, x):
        kind, shifted = self.params
        y = 2.0 * x - 1.0 if shifted else x
        if kind == "t":
            d = dual(self.lowered(Gegenbauer, 1, 1.0), y) * self.order_as(x)
        else:
            d = 2.0 * dual(self.lowered(Gegenbauer, 1, 2.0), y)
            if kind != "u":
                lower = 2.0 * dual(self.lowered(Gegenbauer, 2, 2.0), y)
                d = d - lower if kind == "v" else d + lower
        return 2.0 * d if shifted else d


def _operands(op, x, n):
    """``x`` as a float Tensor of the broadcast shape and PyTorch's result dtype (numbers are weak), the
    truncated orders as a float64 array of that shape on its device, and their largest (read from the device
    when ``n`` is a tensor)."""
    tensors = [a._data for a in (x, n) if isinstance(a, Tensor)]
    if not tensors or not all(isinstance(a, (Tensor, numbers.Real)) for a in (x, n)):
        raise TypeError(f"{op}: x and n must be tensors or numbers, at least one a tensor; got {type(x).__name__} "
                        f"and {type(n).__name__}")
    dtype = float_dtype(result_dtype(*tensors))
    if dtype.kind == "c":
        raise NotImplementedError(f"{op}: complex input (dtype {dtype}) is not supported, as in PyTorch")
    x = cast(x if isinstance(x, Tensor) else array_on(x, n), dtype)
    order = array_on(n, x)
    if type(order) is not type(x._data):
        raise RuntimeError(f"{op}: x and n are on different devices ({x.device} and {n.device}); move one with .to")
    try:
        shape = np.broadcast_shapes(x.shape, order.shape)
    except ValueError:
        raise ValueError(f"{op}: x (shape {x.shape}) and n (shape {order.shape}) can't be broadcast together") from None
    xp = get_array_module(order)
    order = order.astype("float64")
    order = xp.broadcast_to(xp.where(xp.abs(order) < _INT64_END, xp.trunc(order), -1.0), shape)
    if isinstance(n, Tensor):
        n_max = int(order.max()) if order.size else 0
    else:
        n_max = math.trunc(n) if abs(n) < _INT64_END else -1
    return expand_to(x, shape), order, n_max


def _polynomial_op(name, make, doc):
    def op(x, n):
        x, order, n_max = _operands(name, x, n)
        return make(order, n_max)(x)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = (doc + " ``n`` (a tensor or a number, broadcast against ``x``) is truncated toward 0; negative "
                  "n gives 0. Differentiable in ``x`` (PyTorch gives no gradient); ``n`` gets none.")
    return op


chebyshev_polynomial_t = _polynomial_op("chebyshev_polynomial_t", lambda n, m: Chebyshev(n, m, "t", False),
                                        "Chebyshev polynomial of the first kind T_n(x).")
chebyshev_polynomial_u = _polynomial_op("chebyshev_polynomial_u", lambda n, m: Chebyshev(n, m, "u", False),
                                        "Chebyshev polynomial of the second kind U_n(x).")
chebyshev_polynomial_v = _polynomial_op("chebyshev_polynomial_v", lambda n, m: Chebyshev(n, m, "v", False),
                                        "Chebyshev polynomial of the third kind V_n(x).")
chebyshev_polynomial_w = _polynomial_op("chebyshev_polynomial_w", lambda n, m: Chebyshev(n, m, "w", False),
                                        "Chebyshev polynomial of the fourth kind W_n(x).")
shifted_chebyshev_polynomial_t = _polynomial_op(
    "shifted_chebyshev_polynomial_t", lambda n, m: Chebyshev(n, m, "t", True), "Shifted Chebyshev T_n(2x - 1).")
shifted_chebyshev_polynomial_u = _polynomial_op(
    "shifted_chebyshev_polynomial_u", lambda n, m: Chebyshev(n, m, "u", True), "Shifted Chebyshev U_n(2x - 1).")
shifted_chebyshev_polynomial_v = _polynomial_op(
    "shifted_chebyshev_polynomial_v", lambda n, m: Chebyshev(n, m, "v", True), "Shifted Chebyshev V_n(2x - 1).")
shifted_chebyshev_polynomial_w = _polynomial_op(
    "shifted_chebyshev_polynomial_w", lambda n, m: Chebyshev(n, m, "w", True), "Shifted Chebyshev W_n(2x - 1).")
hermite_polynomial_h = _polynomial_op("hermite_polynomial_h", lambda n, m: Hermite(n, m, True),
                                      "Physicists' Hermite polynomial H_n(x).")
hermite_polynomial_he = _polynomial_op("hermite_polynomial_he", lambda n, m: Hermite(n, m, False),
                                       "Probabilists' Hermite polynomial He_n(x).")
laguerre_polynomial_l = _polynomial_op("laguerre_polynomial_l", lambda n, m: Laguerre(n, m, 0.0),
                                       "Laguerre polynomial L_n(x).")
legendre_polynomial_p = _polynomial_op("legendre_polynomial_p", lambda n, m: Gegenbauer(n, m, 0.5),
                                       "Legendre polynomial P_n(x).")
