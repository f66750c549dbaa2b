"""``autograd_core.special``: special functions under ``torch.special``'s names (``ag.special.expit(x)`` ...).

The ops live in ``autograd_core/ops/special.py`` (error and gamma functions), ``ops/bessel.py`` (the modified
Bessel functions I and K), ``ops/bessel_functions.py`` (J, Y and the spherical j0), ``ops/airy.py``
(airy_ai), ``ops/orthogonal_polynomials.py`` (Chebyshev, Hermite, Laguerre, Legendre) and the other op
families; this module gives them torch.special's names and signatures.
"""
from .ops.airy import airy_ai
from .ops.bessel import (i0, i0e, i1, i1e, modified_bessel_i0, modified_bessel_i1, modified_bessel_k0,
                         modified_bessel_k1, scaled_modified_bessel_k0, scaled_modified_bessel_k1)
from .ops.bessel_functions import bessel_j0, bessel_j1, bessel_y0, bessel_y1, spherical_bessel_j0
from .ops.elementwise import expm1, log1p, sigmoid as expit
from .ops.elementwise import round as _round
from .ops.numeric import exp2
from .ops.numeric import mvlgamma as _mvlgamma
from .ops.orthogonal_polynomials import (chebyshev_polynomial_t, chebyshev_polynomial_u, chebyshev_polynomial_v,
                                         chebyshev_polynomial_w, hermite_polynomial_h, hermite_polynomial_he,
                                         laguerre_polynomial_l, legendre_polynomial_p, shifted_chebyshev_polynomial_t,
                                         shifted_chebyshev_polynomial_u, shifted_chebyshev_polynomial_v,
                                         shifted_chebyshev_polynomial_w)
from .ops.reductions import logsumexp as _logsumexp
from .ops.special import (digamma, entr, erf, erfc, erfcx, erfinv, lgamma as gammaln, log_ndtr, logit, ndtr, ndtri,
                          polygamma, sinc, xlog1py, xlogy, zeta)
from .ops.special import igamma as gammainc
from .ops.special import igammac as gammaincc

psi = digamma


def multigammaln(input, p):
    """The log of the multivariate gamma function of dimension ``p`` (``ag.mvlgamma``)."""
    return _mvlgamma(input, p)


def logsumexp(input, dim, keepdim=False):
    """``log(sum(exp(input), dim))`` without overflow."""
    return _logsumexp(input, dim, keepdim)


def round(input, *, decimals=0):
    """Round half to even, to ``decimals`` decimal places (negative: to the left of the point); gradient 0."""
    if decimals == 0:
        return _round(input)
    scale = 10.0 ** abs(decimals)  # as PyTorch: x * 10**d for d > 0, x / 10**-d for d < 0
    return _round(input * scale) / scale if decimals > 0 else _round(input / scale) * scale


def softmax(input, dim, *, dtype=None):
    """Softmax over ``dim`` (computed in ``dtype`` when given)."""
    from .nn import functional
    return functional.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    """Log-softmax over ``dim`` (computed in ``dtype`` when given)."""
    from .nn import functional
    return functional.log_softmax(input, dim, dtype=dtype)


__all__ = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma", "entr", "erf",
           "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc", "gammaincc", "gammaln",
           "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1", "i1e", "laguerre_polynomial_l",
           "legendre_polynomial_p", "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp", "modified_bessel_i0",
           "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1", "multigammaln", "ndtr", "ndtri",
           "polygamma", "psi", "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
           "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
           "shifted_chebyshev_polynomial_w", "sinc", "softmax", "spherical_bessel_j0", "xlog1py", "xlogy", "zeta"]
