"""Inverse gamma distribution: ``1 / X`` for ``X ~ Gamma(concentration, rate)``."""
import math

from . import constraints
from .gamma import Gamma
from .transformed_distribution import TransformedDistribution
from .transforms import PowerTransform


class InverseGamma(TransformedDistribution):
    """Inverse gamma distribution with shape ``concentration`` and scale ``rate``: the reciprocal of a
    Gamma(concentration, rate) draw. ``rsample`` (and ``has_rsample``) follow Gamma's.

    Example:
        >>> InverseGamma(ag.tensor([2.0]), ag.tensor([3.0])).sample()
    """
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive

    def __init__(self, concentration, rate, validate_args=None):
        base = Gamma(concentration, rate, validate_args=validate_args)
        super().__init__(base, PowerTransform(-base.rate.new_ones(())), validate_args=validate_args)

    @property
    def concentration(self):
        return self.base_dist.concentration

    @property
    def rate(self):
        return self.base_dist.rate

    @property
    def mean(self):
        """``rate / (concentration - 1)``; inf where ``concentration <= 1``."""
        a = self.concentration
        return (self.rate / (a.masked_fill(a <= 1, 2.0) - 1)).masked_fill(a <= 1, math.inf)

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        """``rate^2 / ((concentration - 1)^2 (concentration - 2))``; inf where ``concentration <= 2``."""
        a = self.concentration
        a_ = a.masked_fill(a <= 2, 3.0)  # a finite stand-in where the formula does not hold
        return (self.rate.square() / ((a_ - 1).square() * (a_ - 2))).masked_fill(a <= 2, math.inf)

    def entropy(self):
        a = self.concentration
        return a + self.rate.log() + a.lgamma() - (1 + a) * a.digamma()
