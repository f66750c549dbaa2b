"""Cauchy (Lorentz) distribution."""
import math

from .loc_scale import LocScaleDistribution
from .utils import standard_uniform


class Cauchy(LocScaleDistribution):
    """Cauchy distribution with median ``loc`` and half width at half maximum ``scale``: its mean and variance
    are undefined (nan and inf)."""

    @property
    def mean(self):
        return self.loc.new_full(self.loc.shape, float("nan"))

    @property
    def variance(self):
        return self.loc.new_full(self.loc.shape, float("inf"))

    def rsample(self, sample_shape=()):
        return self.icdf(standard_uniform(self._extended_shape(sample_shape), self.loc))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -math.log(math.pi) - self.scale.log() - ((value - self.loc) / self.scale).square().log1p()

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return ((value - self.loc) / self.scale).atan() / math.pi + 0.5

    def icdf(self, value):
        return (math.pi * (value - 0.5)).tan() * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()
