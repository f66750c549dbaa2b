"""Weibull distribution."""
from . import constraints
from .exponential import Exponential
from .gumbel import EULER_GAMMA
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, PowerTransform
from .utils import broadcast_all


class Weibull(TransformedDistribution):
    """Two-parameter Weibull distribution with ``scale`` (lambda) and ``concentration`` (k): the distribution of
    ``scale * E ** (1 / concentration)`` for ``E ~ Exponential(1)``.

    Example:
        >>> Weibull(ag.tensor([1.0]), ag.tensor([1.5])).sample()
    """
    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive

    def __init__(self, scale, concentration, validate_args=None):
        self.scale, self.concentration = broadcast_all(scale, concentration)
        base = Exponential(self.scale.new_ones(self.scale.shape), validate_args=validate_args)
        transforms = [PowerTransform(self.concentration_reciprocal), AffineTransform(0, self.scale)]
        super().__init__(base, transforms, validate_args=validate_args)

    @property
    def concentration_reciprocal(self):
        return self.concentration.reciprocal()

    @property
    def mean(self):
        return self.scale * (1 + self.concentration_reciprocal).lgamma().exp()

    @property
    def mode(self):
        k = self.concentration
        return self.scale * ((k - 1) / k).pow(k.reciprocal())

    @property
    def variance(self):
        k_inv = self.concentration_reciprocal
        return self.scale.square() * ((1 + 2 * k_inv).lgamma().exp() - (2 * (1 + k_inv).lgamma()).exp())

    def entropy(self):
        k_inv = self.concentration_reciprocal
        return EULER_GAMMA * (1 - k_inv) + (self.scale * k_inv).log() + 1
