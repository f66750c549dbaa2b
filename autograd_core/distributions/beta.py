"""Beta distribution on [0, 1]."""
from .. import ops
from . import constraints
from .dirichlet import (
    Dirichlet,
    dirichlet_entropy,
    dirichlet_log_normalizer,
    dirichlet_rsample,
)
from .distribution import Distribution
from .utils import broadcast_all


class Beta(Distribution):
    """Beta distribution with ``concentration1`` (alpha) and ``concentration0`` (beta): a 2-category Dirichlet,
    whose ``rsample`` (``x / (x + y)`` of two Gamma draws) is differentiable in both, as Dirichlet's."""
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        super().__init__(self.concentration1.shape, validate_args=validate_args)

    @property
    def _concentration(self):
        return ops.stack([self.concentration1, self.concentration0], -1)

    @property
    def mean(self):
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self):
        """The first coordinate of the 2-category Dirichlet's mode, as torch."""
        return Dirichlet(self._concentration, validate_args=False).mode[..., 0]

    @property
    def variance(self):
        total = self.concentration1 + self.concentration0
        return self.concentration1 * self.concentration0 / (total.square() * (total + 1))

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        return dirichlet_rsample(self._concentration.expand(shape + (2,)))[..., 0]

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        a, b = self.concentration1, self.concentration0
        return ops.xlogy(a - 1, value) + ops.xlogy(b - 1, 1 - value) - dirichlet_log_normalizer(self._concentration)

    def entropy(self):
        return dirichlet_entropy(self._concentration)
