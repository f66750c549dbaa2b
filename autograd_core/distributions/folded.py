"""The base of the half distributions (HalfNormal, HalfCauchy): ``|X|`` for ``X`` of a distribution symmetric
about 0 with a ``scale``."""
import math

from . import constraints
from .transformed_distribution import TransformedDistribution
from .transforms import AbsTransform


class HalfDistribution(TransformedDistribution):
    """``|X|`` for ``X ~ _base(0, scale)`` (a distribution symmetric about 0): density twice the base's on
    ``[0, inf)``."""
    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, scale, validate_args=None):
        super().__init__(self._base(0, scale, validate_args=False), AbsTransform(), validate_args=validate_args)

    @property
    def scale(self):
        return self.base_dist.scale

    @property
    def mode(self):
        return self.scale.new_zeros(self.scale.shape)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return log_prob.masked_fill(value.expand(log_prob.shape) < 0, -math.inf)

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)
