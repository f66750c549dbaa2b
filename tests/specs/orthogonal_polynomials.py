"""Op specs for torch.special's orthogonal polynomials f(x, n): references from numpy.polynomial (chebval,
hermval, hermeval, lagval, legval on the n-th unit coefficient vector) and, for the Chebyshev polynomials of
the second to fourth kind, the explicit sum U_n(x) = sum_k (-1)^k C(n - k, k) (2x)^(n - 2k) with
V_n = U_n - U_(n-1) and W_n = U_n + U_(n-1). Orders from -1 (which gives 0) to 11, above PyTorch's thresholds
for the trigonometric forms. Differentiable in x only (n is an integer tensor)."""
import math

import numpy as np
from numpy.polynomial import chebyshev, hermite, hermite_e, laguerre, legendre

import autograd_core as ag

from .spec import OpSpec

S = (3, 4)
_SYNCS = "the recurrence runs to the largest order n, read from the device"


def _per_element(scalar):
    """A reference f(x, n) from ``scalar(x, n)`` for n >= 0 (0 for n < 0), elementwise with broadcasting."""
    return np.vectorize(lambda x, n: scalar(x, int(n)) if n >= 0 else 0.0, otypes=[np.float64])


def _unit_val(val):
    return _per_element(lambda x, n: val(x, [0.0] * n + [1.0]))


def _u(x, n):
    return sum((-1) ** k * math.comb(n - k, k) * (2 * x) ** (n - 2 * k) for k in range(n // 2 + 1))


_CHEBYSHEV = {
    "t": _unit_val(chebyshev.chebval),
    "u": _per_element(_u),
    "v": _per_element(lambda x, n: _u(x, n) - (_u(x, n - 1) if n else 0.0)),
    "w": _per_element(lambda x, n: _u(x, n) + (_u(x, n - 1) if n else 0.0)),
}


def _inputs(low, high):
    return lambda rng: [(rng.uniform(low, high, S), rng.integers(-1, 12, S)),
                        (rng.uniform(low, high, (3, 1)), rng.integers(0, 12, (4,)))]


SPECS = []
for kind in "tuvw":
    SPECS += [
        OpSpec(f"special_chebyshev_polynomial_{kind}", getattr(ag.special, f"chebyshev_polynomial_{kind}"),
               _CHEBYSHEV[kind], make=_inputs(-1.0, 1.0), syncs=_SYNCS, rtol=1e-9, atol=1e-12),
        OpSpec(f"special_shifted_chebyshev_polynomial_{kind}",
               getattr(ag.special, f"shifted_chebyshev_polynomial_{kind}"),
               lambda x, n, ref=_CHEBYSHEV[kind]: ref(2 * x - 1, n), make=_inputs(0.0, 1.0), syncs=_SYNCS, rtol=1e-9,
               atol=1e-12),
    ]
SPECS += [
    OpSpec("special_hermite_polynomial_h", ag.special.hermite_polynomial_h, _unit_val(hermite.hermval),
           make=_inputs(-2.0, 2.0), syncs=_SYNCS, rtol=1e-9, atol=1e-9),
    OpSpec("special_hermite_polynomial_he", ag.special.hermite_polynomial_he, _unit_val(hermite_e.hermeval),
           make=_inputs(-2.0, 2.0), syncs=_SYNCS, rtol=1e-9, atol=1e-9),
    OpSpec("special_laguerre_polynomial_l", ag.special.laguerre_polynomial_l, _unit_val(laguerre.lagval),
           make=_inputs(-1.0, 4.0), syncs=_SYNCS, rtol=1e-9, atol=1e-12),
    OpSpec("special_legendre_polynomial_p", ag.special.legendre_polynomial_p, _unit_val(legendre.legval),
           make=_inputs(-1.0, 1.0), syncs=_SYNCS, rtol=1e-9, atol=1e-12),
    OpSpec("special_chebyshev_polynomial_t_number_n", lambda x: ag.special.chebyshev_polynomial_t(x, 9),
           lambda x: _CHEBYSHEV["t"](x, 9), low=-1.0, high=1.0, rtol=1e-9, atol=1e-12,
           note="n a Python number: no read from the device"),
    OpSpec("special_shifted_chebyshev_polynomial_w_number_n",
           lambda x: ag.special.shifted_chebyshev_polynomial_w(x, 5), lambda x: _CHEBYSHEV["w"](2 * x - 1, 5),
           low=0.0, high=1.0, rtol=1e-9, atol=1e-12, note="n a Python number, above the threshold 4"),
    OpSpec("special_hermite_polynomial_h_number_n", lambda x: ag.special.hermite_polynomial_h(x, 6),
           lambda x: _unit_val(hermite.hermval)(x, 6), rtol=1e-9, atol=1e-9, note="n a Python number"),
]
