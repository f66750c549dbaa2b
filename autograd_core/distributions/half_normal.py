"""Half-normal distribution: ``|X|`` for ``X ~ Normal(0, scale)``."""
import math

from .folded import HalfDistribution
from .normal import Normal


class HalfNormal(HalfDistribution):
    """Half-normal distribution with ``scale``: the absolute value of a Normal(0, scale) draw."""
    _base = Normal

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def variance(self):
        return self.scale.square() * (1 - 2 / math.pi)
