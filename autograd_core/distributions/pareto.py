"""Pareto (type I) distribution."""
import math

from . import constraints
from .exponential import Exponential
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, ExpTransform
from .utils import broadcast_all


class Pareto(TransformedDistribution):
    """Pareto type I distribution with ``scale`` (the minimum) and shape ``alpha``: the distribution of
    ``scale * exp(E)`` for ``E ~ Exponential(alpha)``; its support is ``[scale, inf)``.

    Example:
        >>> Pareto(ag.tensor([1.0]), ag.tensor([2.0])).sample()  # at least 1
    """
    arg_constraints = {"alpha": constraints.positive, "scale": constraints.positive}

    def __init__(self, scale, alpha, validate_args=None):
        self.scale, self.alpha = broadcast_all(scale, alpha)
        base = Exponential(self.alpha, validate_args=False)  # alpha is checked as alpha, below
        super().__init__(base, [ExpTransform(), AffineTransform(0, self.scale)], validate_args=validate_args)

    @property
    def support(self):
        return constraints.greater_than_eq(self.scale)

    @property
    def mean(self):
        """``alpha scale / (alpha - 1)``; inf where ``alpha <= 1``."""
        a = self.alpha.masked_fill(self.alpha <= 1, 2.0)  # a finite stand-in where the formula does not hold
        return (a * self.scale / (a - 1)).masked_fill(self.alpha <= 1, math.inf)

    @property
    def mode(self):
        return self.scale

    @property
    def variance(self):
        """``scale^2 alpha / ((alpha - 1)^2 (alpha - 2))``; inf where ``alpha <= 2``."""
        a = self.alpha.masked_fill(self.alpha <= 2, 3.0)
        return (self.scale.square() * a / ((a - 1).square() * (a - 2))).masked_fill(self.alpha <= 2, math.inf)

    def entropy(self):
        return (self.scale / self.alpha).log() + (1 + self.alpha.reciprocal())
