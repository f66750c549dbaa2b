"""Special and elementwise math: erf, erfc, erfcx, erfinv, ndtr, ndtri, log_ndtr, lgamma, digamma, polygamma, zeta,
igamma, igammac, xlogy, xlog1py, entr, logaddexp, logit, sinc, heaviside, trunc, frac, sgn, signbit, deg2rad,
rad2deg, nan_to_num, true_divide.

All are computed here with array code (no SciPy, which is not a dependency), so they run alike on NumPy and CuPy:
erf and erfc in the input's float32 or float64 (a compiled kernel where numba is installed), erfinv and the
gamma family in float64 whatever the input's float dtype.
"""
import functools
import math

import numpy as np

from .. import kernels
from ..backend import get_array_module
from ..function import Function, dual
from ..tensor import _new
from ._util import as_tensor
from .arithmetic import _pair, check_not_complex, check_ordered, clone, div, safe_grad
from .elementwise import (Exp, Log, PiecewiseConstant, Sgn, _floating, _real_pair, _unary, isfinite, log, log1p,
                          sign, sin, where)
from .elementwise import abs as abs_

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _in_float64(array_fn, working_dtype=lambda dtype: np.float64):
    """Run ``array_fn`` on ``x`` as float64 (as ``working_dtype(x.dtype)``), silencing NumPy's warnings for
    the inf and NaN it gives at poles and outside the domain (as PyTorch does), and return the result in
    ``x``'s dtype. Complex input is refused, as PyTorch does (the cast would drop its imaginary part)."""
    def run(x, *args):
        if x.dtype.kind == "c":
            name = array_fn.__name__.strip("_").removesuffix("_array")
            raise TypeError(f"{name}: complex input ({x.dtype}) is not supported, as in PyTorch")
        with np.errstate(all="ignore"):
            return array_fn(x.astype(working_dtype(x.dtype), copy=False), *args).astype(x.dtype, copy=False)
    return run


def _in_float32_or_64(array_fn):
    """``_in_float64``, but float32 (and narrower) input runs in float32, as PyTorch's does."""
    return _in_float64(array_fn, lambda dtype: np.float32 if dtype.itemsize <= 4 else np.float64)


_BLOCK = 8192


def _by_region(xp, x, regions):
    """``fn(x)`` where ``mask`` holds, for each ``(mask, fn)`` of ``regions`` (disjoint masks), NaN where none
    does. On NumPy each ``fn`` runs on its own elements only, in blocks that stay in the processor's cache
    through its many passes; on a GPU each runs on all (picking elements out would make it report how many)."""
    out = xp.full_like(x, math.nan)
    for mask, fn in regions:
        if xp is not np:
            out = xp.where(mask, fn(x), out)
            continue
        values = x[mask]
        out[mask] = np.concatenate([fn(values[i:i + _BLOCK]) for i in range(0, max(values.size, 1), _BLOCK)])
    return out


# -- the error function and its relatives --------------------------------------
class Erf(Function):
    """The error function (CuPy's on a GPU)."""

    def forward(self, x):
        check_not_complex("erf", x.dtype)
        self.save_for_backward(x)
        return _erf_array(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Exp(), -(x * x)) * _TWO_OVER_SQRT_PI


@_in_float32_or_64
def _erf_array(x):
    xp = get_array_module(x)
    if xp is not np:
        from cupyx.scipy.special import erf as cupy_erf
        return cupy_erf(x)
    return _error_function(xp, x, False)


@_in_float32_or_64
def _erfc_array(x):
    """erfc with full relative accuracy in the tail (where ``1 - erf`` would round to 0)."""
    return _error_function(get_array_module(x), x, True)


# erf(x) = x P(x^2) for |x| < 1/2, and erfc(z) = exp(-z^2) Q(v) / (z + 3), v = (z - 4) / (z + 3), for z = |x| >= 1/2
# (v in [-1, 1): Q = erfcx(z) (z + 3) is smooth there, 1/sqrt(pi) at z = inf). The Chebyshev coefficients of P
# (in 8 x^2 - 1) and Q (in v) were computed with mpmath (40 digits) at 40 and 80 nodes and cut where they fall
# below 1e-19 of the largest.
_ERF_CHEBYSHEV = (
    1.0838822054906130149, -0.04367779108737525366, 0.00080711182941332136115, -0.000011913179519270460807,
    1.4402787336303020148e-7, -1.4677155823169010719e-9, 1.2902439604484930375e-11, -9.9638571801588917951e-14,
    6.8575058505018387725e-16, -4.255370438044437541e-18,
)
_ERFC_TAIL_CHEBYSHEV = (
    1.1524464011975497223, -0.75207742571508959977, 0.20027266807544394575, -0.042605479097365759523,
    0.0068295045686714811844, -0.00069131822045027672449, 5.6381991106596171031e-6, 0.000011014269903565407315,
    -1.3559965891164475112e-6, -1.0183016767808929759e-7, 3.9064296956969563445e-8, -7.4404605105792771982e-12,
    -1.0252307411489935087e-9, 3.8398941179563192257e-11, 2.9149235740588762749e-11, -1.5757236804853053375e-12,
    -9.3598596690855873474e-13, 4.5623603194493124768e-14, 3.3499984183686769374e-14, -7.4492658130672669887e-16,
    -1.2812871446025329989e-15, -2.8388157340983638749e-17, 4.9520286791923113816e-17, 4.1721329186324264696e-18,
    -1.7979927249070984421e-18, -3.1617354025283089581e-19,
)
# per dtype: |x| is capped where exp(-x^2) is 0, and Dekker's split 2^ceil(p/2) + 1 gives x^2 exactly
_ERF_LIMITS = {np.dtype(np.float32): (12.0, 4097.0), np.dtype(np.float64): (30.0, 134217729.0)}


@functools.lru_cache(maxsize=None)
def _erf_polynomials(dtype):
    """P and Q's coefficients in powers of x^2 and v, highest first, in ``dtype`` (read-only), cut for it."""
    small = np.polynomial.Chebyshev(_significant(_ERF_CHEBYSHEV, dtype), domain=[0.0, 0.25])
    large = np.polynomial.chebyshev.cheb2poly(_significant(_ERFC_TAIL_CHEBYSHEV, dtype))
    coeffs = tuple(np.ascontiguousarray(c[::-1], dtype) for c in (small.convert(kind=np.polynomial.Polynomial).coef,
                                                                 large))
    for c in coeffs:
        c.flags.writeable = False
    return coeffs


def _horner(coeffs, u):
    """The polynomial of ``coeffs`` (highest power first) at ``u``, two passes a term."""
    y = u * coeffs[0]
    for c in coeffs[1:-1]:
        y += c
        y *= u
    y += coeffs[-1]
    return y


def _square_rounding(z, s, split):
    """``z^2 - s`` exactly, for ``s`` = z * z rounded (Dekker's product; ``split`` = 2^ceil(p/2) + 1)."""
    h = z * split
    h = h - (h - z)
    lo = z - h
    return ((h * h - s) + (h + h) * lo) + lo * lo


def _error_function(xp, x, complement):
    """erf(x) (erfc(x) where ``complement``) of float32 or float64 ``x``, in its dtype: the compiled kernel, or
    NumPy passes of the same arithmetic (``_numba_kernels.erf``)."""
    small, large = _erf_polynomials(x.dtype)
    cap, split = _ERF_LIMITS[x.dtype]
    y = kernels.erf(x, small, large, complement, cap, split)
    if y is not None:
        return y

    def head(t):
        y = t * _horner(small, t * t)
        return 1.0 - y if complement else y

    def tail(t):  # NaN too
        z = xp.minimum(xp.abs(t), cap)
        s = z * z
        y = xp.exp(-s) * (1.0 - _square_rounding(z, s, split)) * _horner(large, (z - 4.0) / (z + 3.0)) / (z + 3.0)
        if complement:
            return xp.where(t > 0, y, 2.0 - y)
        return xp.where(t > 0, 1.0 - y, y - 1.0)

    small_x = xp.abs(x) < 0.5
    return _by_region(xp, x, [(small_x, head), (~small_x, tail)])


def _chebyshev(xp, u, coeffs):
    """``sum c_k T_k(u)`` for ``u`` in [-1, 1] by Clenshaw's recurrence, in ``u``'s dtype (the terms below its
    precision left out), three passes a term on arrays of its own."""
    coeffs = _significant(coeffs, u.dtype)
    two_u, b2, b1 = u + u, xp.zeros_like(u), xp.full_like(u, coeffs[-1])
    step = xp.empty_like(u)
    for c in coeffs[-2:0:-1]:  # b1, b2 <- 2 u b1 - b2 + c, b1
        xp.multiply(two_u, b1, out=step)
        step -= b2
        step += c
        b1, b2, step = step, b1, b2
    b1 *= u
    b1 -= b2
    b1 += coeffs[0]
    return b1


@functools.lru_cache(maxsize=None)
def _significant(coeffs, dtype):
    """``coeffs`` without the trailing terms below 1e-3 of ``dtype``'s epsilon of the largest (at least two):
    all of those computed for float64, which were cut at 1e-18."""
    cut = np.finfo(dtype).eps * 1e-3 * max(map(abs, coeffs))
    n = len(coeffs)
    while n > 2 and abs(coeffs[n - 1]) < cut:
        n -= 1
    return coeffs[:n]


class Erfc(Function):
    """``erfc(x)``; its derivative is -2/sqrt(pi) exp(-x^2)."""

    def forward(self, x):
        self.save_for_backward(x)
        return _erfc_array(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Exp(), -(x * x)) * -_TWO_OVER_SQRT_PI


def _erfinv_magnitude(xp, a, q):
    """x >= 0 with erf(x) = a, given ``a`` in [0, 1] and ``q = 1 - a`` (accurate to the caller, so the
    tail keeps its relative accuracy). Winitzki's closed form (about 2e-3 relative) refined by three
    Halley steps, on erf(x) = a near 0 and on erfc(x) = q away from it."""
    log_term = xp.where(a < 0.5, xp.log1p(-a * a), xp.log(q) + xp.log1p(a))  # log(1 - a^2)
    k = 0.147
    b = 2.0 / (math.pi * k) + log_term / 2
    x = xp.sqrt(xp.sqrt(b * b - log_term / k) - b)
    x = xp.where(q == 0, 0.0, x)  # the steps would turn erfinv(1) = inf into NaN
    for _ in range(3):
        r = xp.where(a < 0.5, _erf_array(x) - a, q - _erfc_array(x))
        slope = _TWO_OVER_SQRT_PI * xp.exp(-x * x)
        x = x - r / (slope + x * r)
    return xp.where(q == 0, math.inf, x)


@_in_float64
def _erfinv_array(y):
    xp = get_array_module(y)
    a = xp.abs(y)
    return _erfinv_magnitude(xp, a, 1.0 - a) * xp.sign(y)


class Erfinv(Function):
    """``erfinv(y)``; its derivative is sqrt(pi)/2 exp(erfinv(y)^2)."""

    def forward(self, x):
        y = _erfinv_array(x)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * dual(Exp(), y * y) * (math.sqrt(math.pi) / 2)


@_in_float64
def _erfcx_array(x):
    """exp(x^2) erfc(x): erfc's Q(v) / (|x| + 3) from |x| = 1/2 up (no exp, so no overflow), exp(x^2) erfc(|x|)
    below, and 2 exp(x^2) - erfcx(-x) for x < 0 (exp(x^2) with the rounding of x^2 put back)."""
    xp = get_array_module(x)
    small, large = _erf_polynomials(x.dtype)
    z = xp.abs(x)
    near = xp.minimum(z, 0.5)
    cap, split = _ERF_LIMITS[x.dtype]
    w = xp.minimum(z, cap)  # exp(cap^2) is inf
    s = w * w
    exp_square = xp.exp(s) * (1.0 + _square_rounding(w, s, split))
    y = xp.where(z < 0.5, exp_square * (1.0 - near * _horner(small, near * near)),
                 _horner(large, 1.0 - 7.0 / (z + 3.0)) / (z + 3.0))  # v, written so that it is 1 at z = inf
    return xp.where(x < 0, 2.0 * exp_square - y, y)


class Erfcx(Function):
    """The scaled complementary error function exp(x^2) erfc(x); its derivative is 2 x erfcx(x) - 2/sqrt(pi)."""

    def forward(self, x):
        y = _erfcx_array(x)
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        return gy * (2.0 * x * y - _TWO_OVER_SQRT_PI)


@_in_float64
def _ndtri_array(p):
    """ndtri(p) = -sqrt(2) erfcinv(2p) below 1/2 and sqrt(2) erfcinv(2 - 2p) above, both accurate in the tail."""
    xp = get_array_module(p)
    q = 2.0 * xp.minimum(p, 1.0 - p)
    return math.sqrt(2.0) * xp.sign(p - 0.5) * _erfinv_magnitude(xp, 1.0 - q, q)


class Ndtri(Function):
    """The inverse of the standard normal CDF; its derivative is sqrt(2 pi) exp(y^2 / 2)."""

    def forward(self, p):
        y = _ndtri_array(p)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy * dual(Exp(), y * y * 0.5) * math.sqrt(2.0 * math.pi)


erfcx = _unary(Erfcx, "erfcx", "Elementwise scaled complementary error function exp(x**2) * erfc(x), without overflow "
                               "for large x.")
ndtri = _unary(Ndtri, "ndtri", "Elementwise inverse of the standard normal CDF (-inf at 0, inf at 1, NaN outside).")


def ndtr(input):
    """Elementwise standard normal CDF, ``erfc(-x / sqrt(2)) / 2`` (accurate in the lower tail)."""
    return erfc(_floating(input) * -math.sqrt(0.5)) * 0.5


def log_ndtr(input):
    """Elementwise log of the standard normal CDF, accurate in both tails: below -1 it is
    ``log(erfcx(-x / sqrt(2)) / 2) - x**2 / 2``, which never underflows."""
    x = _floating(input)
    low = x < -1.0
    lo, hi = where(low, x, -1.0), where(low, -1.0, x)  # each branch sees only its own (safe) values
    return where(low, log(erfcx(lo * -math.sqrt(0.5)) * 0.5) - lo * lo * 0.5, log1p(erfc(hi * math.sqrt(0.5)) * -0.5))


# -- the gamma family ---------------------------------------------------------------
# Bernoulli numbers B_2 ... B_20 of the asymptotic (Stirling) series.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330)


def _shift_up(xp, x, threshold, term):
    """Move ``x`` (>= 0.5) up by whole steps to at least ``threshold``, where the asymptotic series is
    accurate; returns the moved ``x`` and the sum of ``term(x + k)`` over the steps taken. A fixed
    number of masked steps, so a GPU never has to report how many were needed."""
    total = xp.zeros_like(x)
    for _ in range(math.ceil(threshold)):
        small = x < threshold
        total = total + xp.where(small, term(x), 0.0)
        x = xp.where(small, x + 1.0, x)
    return x, total


def _stirling_series(xp, z):
    """``lgamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2)`` for z >= 10, by Stirling's series."""
    inv2 = 1.0 / (z * z)
    series = xp.zeros_like(z)
    for k in range(len(_BERNOULLI), 0, -1):  # Horner's scheme in 1 / z**2
        series = series * inv2 + _BERNOULLI[k - 1] / (2 * k * (2 * k - 1))
    return series / z


@_in_float64
def _lgamma_array(x):
    """log|Gamma(x)|: Stirling's series above 10, shifted down by Gamma(x + 1) = x Gamma(x), and the
    reflection Gamma(x) Gamma(1 - x) = pi / sin(pi x) below 1/2."""
    xp = get_array_module(x)
    reflect = x < 0.5
    z = xp.where(reflect, 1.0 - x, x)
    z, log_shifts = _shift_up(xp, z, 10.0, xp.log)
    y = (z - 0.5) * xp.log(z) - z + 0.5 * math.log(2 * math.pi) + _stirling_series(xp, z) - log_shifts
    r = x - xp.round(x)  # exact, so sin(pi r) keeps its accuracy near the poles and for large |x|
    y = xp.where(reflect, math.log(math.pi) - xp.log(xp.abs(xp.sin(math.pi * r))) - y, y)
    return xp.where(xp.isinf(x) | ((r == 0) & (x <= 0)), math.inf, y)


def _cot_derivative(n):
    """The coefficients (lowest first) of the polynomial P_n with d^n/dx^n cot(pi x) = P_n(cot(pi x))."""
    p = np.polynomial.Polynomial([0.0, 1.0])
    for _ in range(n):
        p = -math.pi * p.deriv() * np.polynomial.Polynomial([1.0, 0.0, 1.0])
    return p.coef


@_in_float64
def _polygamma_array(x, n):
    """The n-th derivative of digamma: the asymptotic series above 10 + n, shifted down by
    psi_n(x) = psi_n(x + 1) - (-1)**n n! / x**(n + 1), and the reflection
    psi_n(x) = (-1)**n psi_n(1 - x) - pi d^n/dx^n cot(pi x) below 1/2."""
    xp = get_array_module(x)
    reflect = x < 0.5
    z = xp.where(reflect, 1.0 - x, x)
    z, shifts = _shift_up(xp, z, 10.0 + n, lambda v: v ** -(n + 1.0))
    inv2 = 1.0 / (z * z)
    series = xp.zeros_like(z)
    for k in range(len(_BERNOULLI), 0, -1):
        weight = _BERNOULLI[k - 1] / (2 * k) if n == 0 else \
            _BERNOULLI[k - 1] * math.factorial(2 * k + n - 1) / math.factorial(2 * k)
        series = series * inv2 + weight
    series = series * inv2
    if n == 0:
        y = xp.log(z) - 0.5 / z - series - shifts
    else:
        y = (-1.0) ** (n + 1) * ((math.factorial(n - 1) + math.factorial(n) * 0.5 / z + series) / z ** n) \
            - (-1.0) ** n * math.factorial(n) * shifts
    r = x - xp.round(x)  # exact; cot(pi x) has period 1
    cot = 1.0 / xp.tan(math.pi * r)
    cot_n = xp.zeros_like(cot)
    for c in _cot_derivative(n)[::-1]:
        cot_n = cot_n * cot + c
    y = xp.where(reflect, (-1.0) ** n * y - math.pi * cot_n, y)
    pole = (r == 0) & (x <= 0)
    if n == 0:  # as PyTorch: -inf at +0, inf at -0, NaN at the negative integers
        return xp.where(pole, xp.where(x == 0, -xp.copysign(math.inf, x), math.nan), y)
    return xp.where(pole, math.inf if n % 2 else -math.inf, y)  # PyTorch's signs at 0


class Lgamma(Function):
    """``log|Gamma(x)|``; its derivative is digamma(x)."""

    def forward(self, x):
        self.save_for_backward(x)
        return _lgamma_array(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Polygamma(0), x)


class Polygamma(Function):
    """The n-th derivative of digamma (n = 0: digamma itself); its derivative is the next one."""

    def __init__(self, n):
        self.n = n

    def forward(self, x):
        self.save_for_backward(x)
        return _polygamma_array(x, self.n)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Polygamma(self.n + 1), x)


erf = _unary(Erf, "erf", "Elementwise error function 2/sqrt(pi) * integral_0^x exp(-t**2) dt.")
erfc = _unary(Erfc, "erfc", "Elementwise complementary error function 1 - erf(x), accurate in the tail.")
erfinv = _unary(Erfinv, "erfinv", "Elementwise inverse error function (inf at +-1, NaN outside [-1, 1]).")
lgamma = _unary(Lgamma, "lgamma", "Elementwise log|Gamma(x)| (inf at the poles 0, -1, -2 ...).")


def digamma(input):
    """Elementwise digamma, the derivative of lgamma."""
    return Polygamma(0)(_floating(input))


def polygamma(n, input):
    """Elementwise n-th derivative of digamma (``n = 0``: digamma)."""
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"polygamma: n must be a non-negative int, got {n!r}")
    return Polygamma(int(n))(_floating(input))


def _zeta_sum(xp, x, q):
    """sum_k (q + k)**-x for q > 0: ten terms, then the Euler-Maclaurin tail at q + 10 with the Bernoulli
    numbers of the Stirling series, as Cephes."""
    a, total = q, xp.zeros(np.broadcast_shapes(x.shape, q.shape))
    for _ in range(10):
        total = total + a ** -x
        a = a + 1.0
    term = a ** -x
    tail = a * term / (x - 1.0) + 0.5 * term
    rising = x / a  # (x)_{2j-1} / a^(2j-1), for j = 1, 2 ...
    for j, b in enumerate(_BERNOULLI, 1):
        tail = tail + b / math.factorial(2 * j) * rising * term
        rising = rising * (x + 2 * j - 1) * (x + 2 * j) / (a * a)
    # Cephes stops once a term is below 2^-53 of the sum: so at x = inf, 1 for q = 1 and inf for q < 1
    return total + xp.where(term < 2.0 ** -53 * total, 0.0, tail)


def _zeta_array(x, q):
    """The Hurwitz zeta function sum_k (q + k)**-x (in float64), with PyTorch's (Cephes') cases: inf at x = 1
    and at the integers q <= 0, NaN for x < 1 and for non-integer x at the other q <= 0. For q < 0 (and
    integer x) the terms down to the fractional part f of q come from zeta(x, 1 - f) - zeta(x, 1 - q),
    times (-1)^x, which all have a positive q."""
    xp = get_array_module(x)
    with np.errstate(all="ignore"):
        x64, q64 = x.astype(np.float64), q.astype(np.float64)
        floor = xp.floor(q64)
        negative = q64 < 0
        total = xp.asarray(_zeta_sum(xp, x64, xp.where(negative, q64 - floor, q64)))  # 0-d: an array, not a scalar
        # the two series for q < 0 run on those elements only (on a GPU on all, masked: picking them would sync)
        pick = negative if xp is np else Ellipsis
        xs, qs = x64[pick], q64[pick]
        upper = _zeta_sum(xp, xs, (floor[pick] + 1.0) - qs)  # 1 - f, exact (from f it lost digits for q near -1 ...)
        first_terms = xp.where(xp.isinf(upper), upper, upper - _zeta_sum(xp, xs, 1.0 - qs))
        shift = xp.where(xs % 2 == 1, -first_terms, first_terms)
        if xp is np:
            total[negative] += shift
        else:
            total += xp.where(negative, shift, 0.0)
        integer_pole = (q64 <= 0) & (q64 == floor)
        undefined = (x64 < 1) | ((q64 <= 0) & (x64 != xp.floor(x64)))
        y = xp.where(undefined, math.nan, total)
        y = xp.where((x64 == 1) | (integer_pole & ~(x64 < 1)), math.inf, y)
    return y.astype(x.dtype, copy=False)


class Zeta(Function):
    """The Hurwitz zeta function of (x, q); differentiable in q only (-x zeta(x + 1, q)), as PyTorch."""

    def forward(self, x, q):
        self.save_for_backward(x, q)
        return _zeta_array(x, q)

    def backward(self, gy):
        if self.needs_input_grad[0]:
            raise RuntimeError("zeta: the derivative with respect to x (input) is not implemented, as in PyTorch; "
                               "detach it")
        x, q = self.saved_tensors
        return None, gy * dual(Zeta(), x + 1.0, q) * -x


def zeta(input, other):
    """The Hurwitz zeta function ``sum_k (other + k) ** -input``, with broadcasting (Riemann's at other = 1)."""
    return Zeta()(*map(_floating, _pair(input, other, "zeta")))


_IGAMMA_STEPS = 400  # enough for a up to about 1e3 (both expansions need about sqrt(a) steps near x = a)


def _igamma_log_factor(xp, a, x):
    """``log(x**a exp(-x) / Gamma(a))``, written around x = a (where the two big terms cancel) as
    ``a log a - a - lgamma(a) + a (log(x / a) - d)`` with ``d = (x - a) / a`` (log1p(d) for log(x / a) near
    1); the first part by Stirling's series above 10, so a in the hundreds keeps its accuracy."""
    d = (x - a) / a
    big = xp.maximum(a, 10.0)
    head = xp.where(a < 10.0, a * xp.log(a) - a - _lgamma_array(a),
                    0.5 * xp.log(big / (2 * math.pi)) - _stirling_series(xp, big))
    return head + a * (xp.where(xp.abs(d) < 0.5, xp.log1p(d), xp.log(x / a)) - d)


_EULER_GAMMA = 0.5772156649015329
# (-1)**k zeta(k) / k for k = 2 ... 50: the Taylor coefficients of lgamma(1 + a) after -gamma a.
_LGAMMA1P_TAYLOR = tuple((-1) ** k * z / k
                         for k, z in enumerate(_zeta_array(np.arange(2.0, 51.0), np.ones(49)), 2))


def _lgamma1p(xp, a):
    """lgamma(1 + a), accurate relative to a near 0 (Taylor's series for a <= 1/2)."""
    small = xp.minimum(a, 0.5)
    series = xp.zeros_like(a)
    for c in _LGAMMA1P_TAYLOR[::-1]:
        series = (series + c) * small
    return xp.where(a <= 0.5, (series - _EULER_GAMMA) * small, _lgamma_array(1.0 + a))


def _igamma_arrays(a, x):
    """The regularized incomplete gamma functions ``(P(a, x), Q(a, x))`` in float64: the power series of
    P below max(a, 1.1) (and one of Q below 1.1), the continued fraction of Q (modified Lentz) above;
    each a fixed number of steps, so a GPU never reports when to stop. Edge values as PyTorch:
    P(0, x > 0) = 1, P(a, 0) = 0, P(a, inf) = 1, P(inf, x) = 0, NaN for negative arguments, for (0, 0)
    and for (inf, inf)."""
    xp = get_array_module(a)
    a, x = xp.broadcast_arrays(a.astype(np.float64), x.astype(np.float64))
    tiny = 1e-300
    factor = xp.exp(_igamma_log_factor(xp, a, x))
    cf = (x > 1.1) & (x > a)
    total = term = xp.ones_like(a)  # P = factor / a * sum_n x**n / ((a + 1) ... (a + n))
    alternating, small_sum = xp.ones_like(a), xp.zeros_like(a)  # for Q at x <= 1.1, below
    b = x + 1.0 - a  # Q = factor / (b - 1 (1 - a) / (b + 2 - 2 (2 - a) / (b + 4 - ...)))
    c, e = xp.full_like(a, 1.0 / tiny), 1.0 / xp.where(b == 0, tiny, b)
    h = e
    for n in range(1, _IGAMMA_STEPS + 1):
        term = term * x / (a + n)
        total = total + term
        alternating = alternating * -x / n
        small_sum = small_sum + alternating / (a + n)
        an, b = -n * (n - a), b + 2.0
        e, c = an * e + b, b + an / c
        e, c = 1.0 / xp.where(xp.abs(e) < tiny, tiny, e), xp.where(xp.abs(c) < tiny, tiny, c)
        h = h * e * c
    p_series = factor * total / a
    q_cf = factor * h
    p = xp.where(cf, 1.0 - q_cf, p_series)
    # Q = 1 - x**a / Gamma(a + 1) - x**a / Gamma(a) sum_{n >= 1} (-x)**n / (n! (a + n)): 1 - P would lose
    # Q's relative accuracy where it is small (small a)
    q_small = -xp.expm1(a * xp.log(x) - _lgamma1p(xp, a)) - xp.exp(a * xp.log(x) - _lgamma_array(a)) * small_sum
    q = xp.where(cf, q_cf, xp.where(x <= 1.1, q_small, 1.0 - p_series))
    edge = (x == 0) | (a == 0) | xp.isinf(x) | xp.isinf(a)
    edge_p = xp.where(x == 0, 0.0, xp.where((a == 0) | xp.isinf(x), 1.0, 0.0))
    p, q = xp.where(edge, edge_p, p), xp.where(edge, 1.0 - edge_p, q)
    undefined = (a < 0) | (x < 0) | ((a == 0) & (x == 0)) | (xp.isinf(a) & xp.isinf(x))
    return xp.where(undefined, math.nan, p), xp.where(undefined, math.nan, q)


class Igamma(Function):
    """The regularized lower incomplete gamma function P(a, x) (``upper``: Q = 1 - P); differentiable in x
    only (``+-x**(a - 1) exp(-x) / Gamma(a)``), as PyTorch."""

    def __init__(self, upper=False):
        self.upper = upper

    def forward(self, a, x):
        self.save_for_backward(a, x)
        with np.errstate(all="ignore"):
            return _igamma_arrays(a, x)[self.upper].astype(a.dtype, copy=False)

    def backward(self, gy):
        name = "igammac" if self.upper else "igamma"
        if self.needs_input_grad[0]:
            raise RuntimeError(f"{name}: the derivative with respect to input (a) is not implemented, as in "
                               "PyTorch; detach it")
        a, x = self.saved_tensors
        density = dual(Exp(), (a - 1.0) * dual(Log(), x) - x - dual(Lgamma(), a))  # PyTorch's formula
        return None, gy * density * (-1.0 if self.upper else 1.0)


def igamma(input, other):
    """The regularized lower incomplete gamma function ``P(input, other)``, with broadcasting."""
    return Igamma()(*map(_floating, _pair(input, other, "igamma")))


def igammac(input, other):
    """The regularized upper incomplete gamma function ``Q(input, other) = 1 - P(input, other)``."""
    return Igamma(upper=True)(*map(_floating, _pair(input, other, "igammac")))


# -- binary ---------------------------------------------------------------------
class Xlogy(Function):
    """``a * log(b)``, 0 where ``a`` is 0 (unless ``b`` is NaN), as PyTorch."""
    shift = 0.0  # Xlog1py: a * log(1 + b)

    def forward(self, a, b):
        self.save_for_backward(a, b)
        xp = get_array_module(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = a * (xp.log1p(b) if self.shift else xp.log(b))
        return xp.where((a == 0) & ~xp.isnan(b), 0.0, y).astype(a.dtype, copy=False)

    def backward(self, gy):
        a, b = self.saved_tensors
        ga = where((a == 0) & (b <= -self.shift), 0.0, dual(type(self)(), gy, b))  # PyTorch's xlogy(gy, b), masked
        return ga, safe_grad(gy * a / (b + self.shift if self.shift else b), gy)


class Xlog1py(Xlogy):
    """``a * log1p(b)``, 0 where ``a`` is 0 (unless ``b`` is NaN), as PyTorch."""
    shift = 1.0


def xlogy(input, other):
    """``input * log(other)`` with broadcasting, and 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return Xlogy()(*_real_pair(input, other, "xlogy"))


def xlog1py(input, other):
    """``input * log1p(other)`` with broadcasting, and 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return Xlog1py()(*_real_pair(input, other, "xlog1py"))


class Entr(Function):
    """``-x log(x)`` for x > 0, 0 at 0, -inf below; its derivative is -(1 + log x)."""

    def forward(self, x):
        self.save_for_backward(x)
        xp = get_array_module(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = -x * xp.log(x)
        return xp.where(x > 0, y, xp.where(x == 0, 0.0, xp.where(x < 0, -math.inf, x))).astype(x.dtype, copy=False)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * -(1.0 + dual(Log(), x))


entr = _unary(Entr, "entr", "Elementwise entropy term -x * log(x) (0 at 0, -inf for x < 0).")


class Logaddexp(Function):
    """``log(exp(a) + exp(b))``; the gradients are the softmax weights 1 / (1 + exp(b - a)) and
    1 / (1 + exp(a - b)), PyTorch's form (exact where an operand is infinite; holomorphic on complex tensors)."""
    complex_autograd = "holomorphic"

    def forward(self, a, b):
        xp = get_array_module(a)
        self.save_for_backward(a, b)
        return xp.logaddexp(a, b) if a.dtype.kind != "c" else _complex_logaddexp(xp, a, b)

    def backward(self, gy):
        a, b = self.saved_tensors
        return gy / (1 + dual(Exp(), b - a)), gy / (1 + dual(Exp(), a - b))


def _complex_logaddexp(xp, a, b):
    """PyTorch's complex logaddexp: ``log1p(exp(lo - hi)) + hi`` with ``hi`` the operand of the larger real part
    (``a`` at a tie); where both real parts are the same infinity, ``lo`` (-inf) or ``log(exp(a) + exp(b))``
    (+inf); NaN + NaNj where either operand has a NaN part."""
    a_high = ~(a.real < b.real)
    hi, lo = xp.where(a_high, a, b), xp.where(a_high, b, a)
    with np.errstate(all="ignore"):
        y = xp.log1p(xp.exp(lo - hi)) + hi
        same_inf = xp.isinf(lo.real) & (lo.real == hi.real)
        y = xp.where(same_inf, xp.where(lo.real < 0, lo, xp.log(xp.exp(lo) + xp.exp(hi))), y)
    nan = xp.isnan(a) | xp.isnan(b)  # a NaN in either part
    return xp.where(nan, a.dtype.type(complex(math.nan, math.nan)), y)


def logaddexp(input, other):
    """``log(exp(input) + exp(other))`` with broadcasting, without overflow; on complex tensors the branch of
    the logarithm is PyTorch's (the imaginary part near that of the operand with the larger real part)."""
    return Logaddexp()(*map(_floating, _pair(input, other, "logaddexp")))


# -- composed from engine ops --------------------------------------------------
def logit(input, eps=None):
    """``log(x / (1 - x))``; with ``eps``, x is first clamped to [eps, 1 - eps] (gradient 0 outside)."""
    x = _floating(input)
    check_not_complex("logit", x._data.dtype)
    if eps is not None:
        x = x.clamp(eps, 1.0 - eps)
    return log(x) - log1p(-x)


def sinc(input):
    """Normalised sinc ``sin(pi x) / (pi x)``, 1 at 0."""
    t = _floating(input) * math.pi
    small = abs_(t) < 0.1  # there a Taylor polynomial: exact derivatives of any order at 0
    u = where(small, t, 0.0) ** 2
    taylor = 1 - u * (1 / 6 - u * (1 / 120 - u * (1 / 5040 - u / 362880)))
    t = where(small, 1.0, t)  # each branch sees only safe values, so neither gives inf or NaN gradients
    return where(small, taylor, sin(t) / t)


def deg2rad(input):
    """Degrees to radians."""
    return _real(input, "deg2rad") * (math.pi / 180)


def rad2deg(input):
    """Radians to degrees."""
    return _real(input, "rad2deg") * (180 / math.pi)


def _real(input, op):
    """``_floating(input)``, or a TypeError naming ``op`` for a complex tensor, as PyTorch."""
    x = _floating(input)
    check_not_complex(op, x._data.dtype)
    return x


def true_divide(dividend, divisor):
    """``div``: true division with broadcasting."""
    return div(dividend, divisor)


def sgn(input):
    """``z / |z|`` (0 at 0) of a complex tensor; ``sign`` of a real one (gradient 0), as PyTorch."""
    x = as_tensor(input)
    return Sgn()(x) if x.dtype.kind == "c" else sign(x)


def trunc(input):
    """Round towards zero; gradient 0. Integer tensors come back unchanged (a copy)."""
    x = as_tensor(input)
    if x.dtype.kind == "b":
        raise TypeError("trunc: expects a number tensor, got dtype bool")
    check_ordered("trunc", x._data)
    return clone(x) if x.dtype.kind in "iu" else PiecewiseConstant("trunc")(x)


def frac(input):
    """The fractional part ``x - trunc(x)``, with the sign of x; gradient 1."""
    x = as_tensor(input)
    if x.dtype.kind in "biu":
        raise TypeError(f"frac: expects a float tensor, got dtype {x.dtype}")
    check_ordered("frac", x._data)
    return x - trunc(x)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default the dtype's largest
    and lowest finite values); the gradient flows at the finite places only."""
    x = as_tensor(input)
    if x.dtype.kind in "biu":
        return clone(x)
    filled = get_array_module(x._data).nan_to_num(x._data, nan=nan, posinf=posinf, neginf=neginf)
    return where(isfinite(x)._data, x, filled)


# -- not differentiable --------------------------------------------------------
def heaviside(input, values):
    """Step function: 0 where ``input`` < 0, 1 where > 0, ``values`` (broadcast) where it is 0.
    Not differentiable (the result never requires grad)."""
    a, b = as_tensor(input), as_tensor(values)
    if a.dtype != b.dtype:
        raise TypeError(f"heaviside: input ({a.dtype}) and values ({b.dtype}) must have the same dtype")
    check_not_complex("heaviside", a._data.dtype)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"heaviside: shapes {a.shape} and {b.shape} can't be broadcast together") from None
    xp = get_array_module(a._data)
    y = xp.where(a._data == 0, b._data, a._data > 0)  # NaN gives 0, as PyTorch (NumPy's heaviside: NaN)
    return _new(y, False, None)  # where broadcasts, and its bool operand takes a's dtype


def signbit(input):
    """True where the sign bit is set (negative numbers and -0.0); a bool tensor."""
    x = as_tensor(input)
    check_not_complex("signbit", x._data.dtype)
    return _new(get_array_module(x._data).signbit(x._data), False, None)
