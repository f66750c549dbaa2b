"""Op specs of the implicit reparameterization of Gamma draws (distributions/standard_gamma.py): the derivative of a
draw in its concentration against a central difference of the inverse CDF, the inverse found by bisection on the
power-series reference of P(a, x)."""
import numpy as np

from autograd_core.distributions.standard_gamma import StandardGamma, StandardGammaGrad

from .spec import OpSpec
from .special_namespace import _gammainc


def gamma_quantile(a, u):
    """x with P(a, x) = u, by 200 bisection steps on log x over [1e-30, 1e3]."""
    a, u = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(u, np.float64))
    lo, hi = np.full(a.shape, np.log(1e-30)), np.full(a.shape, np.log(1e3))
    for _ in range(200):
        mid = (lo + hi) / 2
        below = _gammainc(a, np.exp(mid)) < u
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.exp((lo + hi) / 2)


def _quantile_slope(a, x):
    """d x / d a at fixed P(a, x): a central difference of the quantile."""
    u, h = _gammainc(a, x), 1e-4 * a
    return (gamma_quantile(a + h, u) - gamma_quantile(a - h, u)) / (2 * h)


def _draw_at_quantile(a, u):
    """The draw of Gamma(a, 1) at quantile u, with the implicit gradient to a: its finite difference in a is
    the inverse CDF's."""
    x = gamma_quantile(a.detach().numpy(), u.numpy())
    return StandardGamma()(a, a.new_tensor(x.astype(a.dtype)))


def _inputs(rng):
    """Both small-concentration expansions (x below and above max(a, 1.1)) and the quadrature (a >= 20)."""
    small = (rng.uniform(0.3, 4, (3, 4)), rng.uniform(0.2, 8, (3, 4)))
    large = (rng.uniform(20, 40, (5,)), rng.uniform(15, 45, (5,)))
    return [small, large]


SPECS = [
    OpSpec("dist_standard_gamma_grad", lambda a, x: StandardGammaGrad()(a, x), _quantile_slope, make=_inputs,
           grad=False, rtol=1e-6, note="the derivative itself; its derivative is not implemented (as torch)"),
    OpSpec("dist_standard_gamma_rsample", _draw_at_quantile, gamma_quantile,
           make=lambda rng: [(rng.uniform(0.3, 4, (3, 4)), rng.uniform(0.05, 0.95, (3, 4))),
                             (rng.uniform(20, 40, (5,)), rng.uniform(0.05, 0.95, (5,)))],
           diff=(0,), gradgrad=False, cpu_only="the spec solves for the quantile on the host",
           note="once differentiable (as torch's): the gradient of a draw is a quadrature, not an op graph"),
]
