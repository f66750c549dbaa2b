"""Dirichlet distribution over the probability simplex."""
from .. import ops
from ..creation import arange
from ..dtypes import finfo
from . import constraints
from .distribution import Distribution
from .standard_gamma import rsample_standard_gamma


def dirichlet_rsample(concentration):
    """Dirichlet draws for each row of ``concentration``: Gamma(c, 1) draws over their sum, so differentiable in
    ``concentration`` through the gammas' implicit reparameterization; kept off 0 as torch's."""
    g = rsample_standard_gamma(concentration)
    x = g / g.sum(-1, keepdim=True)
    x.detach().clamp_(min=float(finfo(x.dtype).tiny))
    return x


def dirichlet_log_normalizer(concentration):
    """``log B(c) = sum(lgamma(c)) - lgamma(sum(c))`` over the last dim."""
    return concentration.lgamma().sum(-1) - concentration.sum(-1).lgamma()


def dirichlet_entropy(concentration):
    """Entropy of Dirichlet(``concentration``) over the last dim."""
    k, a0 = concentration.shape[-1], concentration.sum(-1)
    return (dirichlet_log_normalizer(concentration) - (k - a0) * a0.digamma()
            - ((concentration - 1) * concentration.digamma()).sum(-1))


class Dirichlet(Distribution):
    """Dirichlet distribution with ``concentration`` (``(..., K)``, positive) over K-vectors on the simplex.

    ``rsample`` normalizes Gamma draws, so its gradient is the exact implicit-reparameterization gradient of
    those gammas; torch differentiates the marginal Beta CDF of each coordinate instead (an approximation of
    it, ``_dirichlet_grad``). Both are unbiased: the gradients of expectations agree, single draws' do not."""
    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if concentration.dim() < 1:
            raise ValueError("Dirichlet: `concentration` parameter must be at least one-dimensional, got a 0-d "
                             "tensor.")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, keepdim=True)

    @property
    def mode(self):
        """torch's: ``(c - 1) / sum(c - 1)`` with negative ``c - 1`` taken as 0; where every ``c`` is below 1, the
        first corner of the simplex (torch's argmax of the undefined ratio)."""
        c = self.concentration
        peak = (c - 1).clamp(min=0.0)
        corner = (arange(c.shape[-1], device=c.device) == 0).type_as(c)
        below = (c < 1).all(-1, keepdim=True)
        return ops.where(below, corner, peak / peak.sum(-1, keepdim=True).masked_fill(below, 1.0))

    @property
    def variance(self):
        c = self.concentration
        c0 = c.sum(-1, keepdim=True)
        return c * (c0 - c) / (c0.square() * (c0 + 1))

    def rsample(self, sample_shape=()):
        return dirichlet_rsample(self.concentration.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return ops.xlogy(self.concentration - 1.0, value).sum(-1) - dirichlet_log_normalizer(self.concentration)

    def entropy(self):
        return dirichlet_entropy(self.concentration)
