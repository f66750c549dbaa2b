"""Half-Cauchy distribution: ``|X|`` for ``X ~ Cauchy(0, scale)``."""
import math

from .cauchy import Cauchy
from .folded import HalfDistribution


class HalfCauchy(HalfDistribution):
    """Half-Cauchy distribution with ``scale``: the absolute value of a Cauchy(0, scale) draw. Its mean is inf."""
    _base = Cauchy

    @property
    def mean(self):
        return self.scale.new_full(self._batch_shape, math.inf)

    @property
    def variance(self):
        return self.base_dist.variance
