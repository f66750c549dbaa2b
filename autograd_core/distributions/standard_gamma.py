"""Gamma(alpha, 1) draws that are differentiable in alpha: implicit reparameterization.

A draw ``x ~ Gamma(alpha, 1)`` comes from NumPy's (or CuPy's) sampler, with no gradient. Holding its quantile
``u = P(alpha, x)`` fixed (P the regularized lower incomplete gamma function, the CDF), ``x`` moves with alpha
as ``dx/dalpha = -(dP/dalpha)(alpha, x) / f(alpha, x)``, f the density ``x**(alpha-1) e**-x / Gamma(alpha)``.
That ratio is computed here, in float64, without forming P or f (both under- or overflow long before the ratio
does), by one of three expansions, each a fixed number of array steps (so a GPU never reports when to stop):

* small alpha, x <= max(alpha, 1.1): P's power series ``P = e**-x sum_n x**(alpha+n) / Gamma(alpha+n+1)``,
  differentiated term by term. With ``s_n = x**n / (alpha (alpha+1) ... (alpha+n))`` and the partial harmonic
  sums ``H_n = sum_{k=1..n} 1/(alpha+k)`` (so that ``digamma(alpha+n+1) = digamma(alpha+1) + H_n``),
  ``dx/dalpha = -x ((log x - digamma(alpha+1)) sum s_n - sum s_n H_n)``.
* small alpha, x above: the upper function ``Q = 1 - P = x f h``, h the continued fraction
  ``1 / (b_0 + a_1 / (b_1 + a_2 / ...))`` with ``b_n = x + 2n + 1 - alpha``, ``a_n = -n (n - alpha)`` (the one
  ops/special.py evaluates for Q). Then ``dx/dalpha = dQ/dalpha / f = x ((log x - digamma(alpha)) h + dh/dalpha)``,
  and dh/dalpha comes from differentiating the three-term recurrence of h's convergents ``A_n / B_n`` along
  with it (rescaled at each step so that nothing overflows).
* alpha >= 20: the integral ``dP/dalpha = int_0^x f(t) (log t - digamma(alpha)) dt`` itself (or minus that over
  (x, inf) for dQ/dalpha), divided by f(x), with ``t = x (1 -+ u)``: the integrand ``exp((alpha-1) log(1 -+ u)
  +- x u) (log x - digamma(alpha) + log(1 -+ u))`` is largest at u = 0, and falls below e**-40 within
  ``U = 80 / (d + sqrt(d**2 + 40 (alpha-1)))``, ``d = |x - (alpha-1)|``, so 32-point Gauss-Legendre on [0, U]
  integrates it to about 1e-13 (the series would need about 9 sqrt(alpha) terms).

Against mpmath the result agrees to 1e-12 relative or better, for alpha from 1e-3 to 1e6 and quantiles from 1e-10
to 1 - 1e-10. torch's ``_standard_gamma_grad`` approximates the same derivative (a 5-term series, a saddle-point
expansion and a fitted rational function), to about 1e-3 relative in places.
"""
import math

import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ..ops.special import _polygamma_array
from .utils import standard_gamma

_SERIES_STEPS = 48  # enough below alpha = 20 (the series needs about 9 sqrt(alpha) terms at x = alpha)
_QUADRATURE_FROM = 20.0
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)


def _series(xp, a, x):
    s = 1.0 / a
    total, harmonic, weighted = s, xp.zeros_like(a), xp.zeros_like(a)
    for n in range(1, _SERIES_STEPS + 1):
        s = s * x / (a + n)
        harmonic = harmonic + 1.0 / (a + n)
        total = total + s
        weighted = weighted + s * harmonic
    return -x * ((xp.log(x) - _polygamma_array(a + 1.0, 0)) * total - weighted)


def _convergent_step(state, an, bn, n):
    """One step of ``v_n = b_n v_(n-1) + a_n v_(n-2)`` and of its derivative in alpha (db_n = -1, da_n = n)."""
    v, v_prev, dv, dv_prev = state
    return bn * v + an * v_prev, v, bn * dv - v + an * dv_prev + n * v_prev, dv


def _continued_fraction(xp, a, x):
    ones, zeros = xp.ones_like(a), xp.zeros_like(a)
    # (value, previous value, their derivatives) of the numerators and denominators of h's convergents,
    # from its first level on (1 / b_0)
    num, den = (ones, zeros, zeros, zeros), (x + 1.0 - a, ones, -ones, zeros)
    for n in range(1, _SERIES_STEPS + 1):
        an, bn = -n * (n - a), x + (2 * n + 1) - a
        num, den = _convergent_step(num, an, bn, n), _convergent_step(den, an, bn, n)
        scale = 1.0 / xp.where(den[0] == 0, 1.0, xp.abs(den[0]))  # the ratios are all that matter
        num, den = tuple(v * scale for v in num), tuple(v * scale for v in den)
    h = num[0] / den[0]
    return x * ((xp.log(x) - _polygamma_array(a, 0)) * h + (num[2] - h * den[2]) / den[0])


def _quadrature(xp, a, x):
    am1 = a - 1.0
    d = xp.abs(x - am1)
    below = x < am1  # integrate over t < x (P's side), else over t > x (Q's side)
    sign = xp.where(below, -1.0, 1.0)[..., None]
    width = 80.0 / (d + xp.sqrt(d * d + 40.0 * am1))
    width = xp.where(below, xp.minimum(width, 1.0), width)[..., None]
    u = width * (1.0 + xp.asarray(_NODES)) / 2
    log_ratio = xp.log1p(sign * u)  # log(t / x)
    integrand = xp.exp(am1[..., None] * log_ratio - sign * x[..., None] * u) * (
        (xp.log(x) - _polygamma_array(a, 0))[..., None] + log_ratio)
    return sign[..., 0] * x * width[..., 0] / 2 * (integrand * xp.asarray(_WEIGHTS)).sum(-1)


def _standard_gamma_grad_array(a, x):
    """``dx/dalpha`` at the Gamma(alpha, 1) draws ``x`` (see the module docstring), in ``a``'s dtype."""
    xp = get_array_module(a)
    a64, x64 = xp.broadcast_arrays(a.astype(np.float64), x.astype(np.float64))
    regimes = [(a64 >= _QUADRATURE_FROM, _quadrature),
               ((a64 < _QUADRATURE_FROM) & (x64 > 1.1) & (x64 > a64), _continued_fraction),
               ((a64 < _QUADRATURE_FROM) & ((x64 <= 1.1) | (x64 <= a64)), _series)]
    with np.errstate(all="ignore"):
        if xp is np:  # each expansion on its own elements only
            out = np.full(a64.shape, math.nan)
            for mask, expansion in regimes:
                out[mask] = expansion(np, a64[mask], x64[mask])
        else:  # all of them everywhere: picking elements out would make the GPU report how many there are
            out = xp.full(a64.shape, math.nan)
            for mask, expansion in regimes:
                out = xp.where(mask, expansion(xp, a64, x64), out)
    return out.astype(a.dtype, copy=False)


class StandardGammaGrad(Function):
    """``dx/dalpha`` of Gamma(alpha, 1) draws x (torch's ``_standard_gamma_grad``); not differentiable again."""

    def forward(self, alpha, x):
        return _standard_gamma_grad_array(alpha, x)

    def backward(self, gy):
        raise RuntimeError("standard_gamma: the second derivative of a Gamma sample in its concentration is not "
                           "implemented (as in torch); differentiate through it once only")


class StandardGamma(Function):
    """Passes a Gamma(alpha, 1) draw ``x`` through, with the implicit gradient ``dx/dalpha`` to alpha."""

    def forward(self, alpha, x):
        self.save_for_backward(alpha, x)
        return x

    def backward(self, gy):
        alpha, x = self.saved_tensors
        return gy * dual(StandardGammaGrad(), alpha, x), None


def rsample_standard_gamma(concentration):
    """Gamma(concentration, 1) draws, differentiable in ``concentration`` by implicit reparameterization."""
    return StandardGamma()(concentration, standard_gamma(concentration.detach()))
