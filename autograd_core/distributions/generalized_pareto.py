"""Generalized Pareto distribution."""
import math

from ..ops import where
from ..ops.comparison import isclose
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, standard_uniform


class GeneralizedPareto(Distribution):
    """Generalized Pareto distribution with ``loc``, ``scale`` and ``concentration`` (xi): survival function
    ``(1 + xi z)^(-1 / xi)`` of ``z = (x - loc) / scale`` (``exp(-z)`` at ``xi = 0``), on ``[loc, inf)`` for
    ``xi >= 0`` and on ``[loc, loc - scale / xi]`` for ``xi < 0``.

    Example:
        >>> GeneralizedPareto(0.0, 1.0, ag.tensor([0.0, 0.5])).rsample()
    """
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive, "concentration": constraints.real}
    has_rsample = True

    def __init__(self, loc, scale, concentration, validate_args=None):
        self.loc, self.scale, self.concentration = broadcast_all(loc, scale, concentration)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def support(self):
        upper = where(self.concentration < 0, self.loc - self.scale / self.concentration, math.inf)
        return constraints.interval(self.loc, upper)

    def _zero_and_safe_concentration(self):
        """Where the concentration is (close to) 0, and the concentration with 1 there (the formulas of xi != 0
        divide by it)."""
        zero = isclose(self.concentration, self.concentration.new_zeros(()))
        return zero, self.concentration.masked_fill(zero, 1.0)

    def _z(self, x):
        return (x - self.loc) / self.scale

    @property
    def mean(self):
        """``loc + scale / (1 - xi)``; nan where ``xi >= 1``."""
        valid = self.concentration < 1
        xi = where(valid, self.concentration, 0.5)
        return where(valid, self.loc + self.scale / (1 - xi), math.nan)

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        """``scale^2 / ((1 - xi)^2 (1 - 2 xi))``; nan where ``xi >= 1/2``."""
        valid = self.concentration < 0.5
        xi = where(valid, self.concentration, 0.25)
        return where(valid, self.scale.square() / ((1 - xi).square() * (1 - 2 * xi)), math.nan)

    def rsample(self, sample_shape=()):
        return self.icdf(standard_uniform(self._extended_shape(sample_shape), self.loc))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        z = self._z(value)
        zero, xi = self._zero_and_safe_concentration()
        y = 1 / xi + 1
        nonzero = where(y == 0, y, y * (xi * z).log1p())
        return -self.scale.log() - where(zero, z, nonzero)

    def log_survival_function(self, value):
        """``log(1 - cdf(value))``."""
        if self._validate_args:
            self._validate_sample(value)
        z = self._z(value)
        zero, xi = self._zero_and_safe_concentration()
        return where(zero, -z, -(xi * z).log1p() / xi)

    def log_cdf(self, value):
        """``log(cdf(value))``."""
        return (-self.log_survival_function(value).exp()).log1p()

    def cdf(self, value):
        return self.log_cdf(value).exp()

    def icdf(self, value):
        zero, xi = self._zero_and_safe_concentration()
        log_u = (-value).log1p()
        return where(zero, self.loc - self.scale * log_u, self.loc + self.scale / xi * (-xi * log_u).expm1())

    def entropy(self):
        return (self.scale.log() + self.concentration + 1).expand(self._batch_shape)
