"""Op specs for the ops new in ``ag.special`` (erfcx, ndtr, ndtri, log_ndtr, xlog1py, entr, zeta, gammainc,
gammaincc and the modified Bessel functions i0, i0e, i1, i1e). References: ``math.erfc`` elementwise, bisection,
the power series of gammainc, and the integral
I_n(x) = 1/pi int_0^pi exp(x cos t) cos(n t) dt by the trapezoid rule (spectrally accurate: the integrand
is smooth and periodic)."""
import math

import numpy as np

import autograd_core as ag

from .spec import OpSpec

S = (3, 4)
_erfc = np.vectorize(math.erfc)


def _ndtr(x):
    return 0.5 * _erfc(-x / math.sqrt(2.0))


def _ndtri(p):
    """Bisection on the normal CDF (80 halvings of [-40, 0]) for min(p, 1 - p), by symmetry."""
    q = np.minimum(p, 1.0 - p)
    lo, hi = np.full_like(p, -40.0), np.zeros_like(p)
    for _ in range(80):
        mid = (lo + hi) / 2
        below = _ndtr(mid) < q
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.where(p > 0.5, -1.0, 1.0) * (lo + hi) / 2


def _zeta(x, q):
    """Hurwitz zeta: 100,000 terms, then the integral of the rest with its first two corrections."""
    k = np.arange(100_000.0)
    a = q[..., None] + k
    s = (a ** -x[..., None]).sum(-1)
    end = q + k.size
    return s + end ** (1 - x) / (x - 1) + end ** -x / 2 + x * end ** (-x - 1) / 12


def _bessel(order, scaled):
    """exp(-|x|) I_order(x) (or I_order(x)) by the trapezoid rule on 400 intervals."""
    t = np.linspace(0.0, np.pi, 401)
    w = np.full(t.shape, np.pi / 400)
    w[[0, -1]] /= 2

    def ref(x):
        a = x[..., None]
        shift = np.abs(a) if scaled else 0.0
        return (np.exp(a * np.cos(t) - shift) * np.cos(order * t) * w).sum(-1) / np.pi
    return ref


def _bessel_inputs(scaled):
    """Both expansions (|x| below and above 8); 0 only unscaled, as exp(-|x|) has a kink there."""
    points = np.array([0.3, -7.9, 8.1, -15.0] + ([] if scaled else [0.0]))
    return lambda rng: [(rng.uniform(-12, 12, S),), (points,)]


def _gammainc(a, x):
    """P(a, x) by 400 terms of its power series x**a e**-x / Gamma(a + 1) sum_n x**n / ((a + 1) ... (a + n))."""
    a, x = np.broadcast_arrays(a, x)
    lgamma = np.vectorize(math.lgamma)
    n = np.arange(1, 400)
    log_terms = np.cumsum(np.log(x[..., None]) - np.log(a[..., None] + n), -1)
    total = 1.0 + np.exp(log_terms).sum(-1)
    return np.exp(a * np.log(x) - x - lgamma(a + 1.0)) * total


def _gammainc_inputs(rng):
    """Both expansions: the series (x below max(a, 1.1)) and the continued fraction (above)."""
    return [(rng.uniform(0.5, 4, S), rng.uniform(0.2, 8, S)), (rng.uniform(0.5, 4, (3, 1)), rng.uniform(0.2, 8, (4,)))]


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


SPECS = [
    OpSpec("special_erfcx", ag.special.erfcx, lambda x: np.exp(x * x) * _erfc(x), low=-2.0, high=4.0),
    OpSpec("special_ndtr", ag.special.ndtr, _ndtr, low=-4.0, high=4.0),
    OpSpec("special_ndtri", ag.special.ndtri, _ndtri, low=0.02, high=0.98, atol=1e-9),
    OpSpec("special_ndtri_tail", ag.special.ndtri, _ndtri,
           make=lambda rng: [(np.array([1e-5, 1e-3, 0.999, 1 - 1e-5]),)], atol=1e-9, rtol=1e-9, grad_rtol=1e-2,
           note="tails (the far tails are checked against PyTorch in tests/engine/test_special_namespace.py)"),
    OpSpec("special_log_ndtr", ag.special.log_ndtr, lambda x: np.log(_ndtr(x)),
           make=lambda rng: [(rng.uniform(-6, 4, S),), (np.array([-30.0, -1.5, -0.5, 6.0]),)], rtol=1e-9),
    OpSpec("special_xlog1py", ag.special.xlog1py, lambda x, y: np.where(x == 0, 0.0, x * np.log1p(y)),
           make=lambda rng: [(rng.uniform(-2, 2, S), rng.uniform(-0.5, 2, S)),
                             (rng.uniform(-2, 2, (3, 1)), rng.uniform(-0.5, 2, (4,)))]),
    OpSpec("special_xlog1py_zero", ag.special.xlog1py, lambda x, y: np.where(x == 0, 0.0, x * np.log1p(y)),
           make=lambda rng: [(np.array([0.0, 1.5, -0.5]), rng.uniform(-0.5, 2, 3))],
           note="x = 0 gives 0; its gradient log1p(y) there, as PyTorch"),
    OpSpec("special_entr", ag.special.entr, lambda x: -x * np.log(x), low=0.1, high=3.0),
    OpSpec("special_zeta", ag.special.zeta, _zeta,
           make=lambda rng: [(rng.uniform(1.5, 4, S), rng.uniform(0.5, 3, S)), (rng.uniform(1.5, 4, (3, 1)),
                                                                               rng.uniform(0.5, 3, (4,)))],
           diff=(1,), rtol=1e-9, note="differentiable in q (other) only, as PyTorch"),
    OpSpec("special_gammainc", ag.special.gammainc, _gammainc, make=_gammainc_inputs, diff=(1,), rtol=1e-10,
           note="differentiable in x (other) only, as PyTorch"),
    OpSpec("special_gammaincc", ag.special.gammaincc, lambda a, x: 1.0 - _gammainc(a, x), make=_gammainc_inputs,
           diff=(1,), rtol=1e-10, note="differentiable in x (other) only, as PyTorch"),
    OpSpec("igamma", ag.igamma, _gammainc, make=_gammainc_inputs, diff=(1,), rtol=1e-10,
           note="torch.igamma, the top-level name of special.gammainc; differentiable in x (other) only"),
    OpSpec("igammac", ag.igammac, lambda a, x: 1.0 - _gammainc(a, x), make=_gammainc_inputs, diff=(1,), rtol=1e-10,
           note="torch.igammac, the top-level name of special.gammaincc; differentiable in x (other) only"),
    OpSpec("i0", ag.i0, _bessel(0, False), make=_bessel_inputs(False), rtol=1e-9),
    OpSpec("special_i0e", ag.special.i0e, _bessel(0, True), make=_bessel_inputs(True), rtol=1e-9),
    OpSpec("special_i1", ag.special.i1, _bessel(1, False), make=_bessel_inputs(False), rtol=1e-9),
    OpSpec("special_i1e", ag.special.i1e, _bessel(1, True), make=_bessel_inputs(True), rtol=1e-9),
]
