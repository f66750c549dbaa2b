"""Op specs of KL divergences between different families: textbook forms -H(p) - E_p[log q] in NumPy, or the
integral of p log(p / q) by Gauss-Legendre quadrature."""
import math

import numpy as np

from autograd_core import distributions as D

from .spec import OpSpec
from .special_contraction import _digamma, _lgamma

_erf = np.vectorize(math.erf)
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(200)


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


def _u(shape, low, high):
    return lambda rng: rng.uniform(low, high, shape)


def _kl_gamma_normal(a, b, m, s):
    entropy = a - np.log(b) + _lgamma(a) + (1 - a) * _digamma(a)
    mean, var = a / b, a / b ** 2
    return -entropy + np.log(s * np.sqrt(2 * np.pi)) + (var + (mean - m) ** 2) / (2 * s ** 2)


def _kl_normal_laplace(m, s, loc, b):
    d = m - loc
    folded_mean = s * np.sqrt(2 / np.pi) * np.exp(-d ** 2 / (2 * s ** 2)) + d * _erf(d / (s * np.sqrt(2)))
    return -0.5 * np.log(2 * np.pi * np.e * s ** 2) + np.log(2 * b) + folded_mean / b


def _kl_uniform_gumbel(low, high, loc, scale):
    """The integral over [low, high] of (1 / w) (-log w - log q(x)), q the Gumbel density."""
    low, high, loc, scale = (a[..., None] for a in np.broadcast_arrays(low, high, loc, scale))
    width = high - low
    x = low + width * (1 + _NODES) / 2
    z = (x - loc) / scale
    log_q = -np.log(scale) - z - np.exp(-z)
    return ((-np.log(width) - log_q) * _WEIGHTS / 2).sum(-1)


SPECS = [
    OpSpec("dist_kl_gamma_normal", lambda a, b, m, s: D.kl_divergence(D.Gamma(a, b), D.Normal(m, s)),
           _kl_gamma_normal, make=_draw(_u((2, 3), 0.5, 3), _u((3,), 0.5, 2), _u((2, 3), -1, 1), _u((3,), 0.5, 2)),
           atol=1e-5),
    OpSpec("dist_kl_normal_laplace", lambda m, s, loc, b: D.kl_divergence(D.Normal(m, s), D.Laplace(loc, b)),
           _kl_normal_laplace, make=_draw(_u((2, 3), -1, 1), _u((3,), 0.5, 2), _u((3,), -1, 1), _u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_uniform_gumbel",
           lambda lo, hi, m, s: D.kl_divergence(D.Uniform(lo, hi), D.Gumbel(m, s)), _kl_uniform_gumbel,
           make=_draw(_u((2, 3), -2, -1), _u((3,), 1, 2), _u((2, 3), -1, 1), _u((3,), 0.5, 2)), atol=1e-8),
]
