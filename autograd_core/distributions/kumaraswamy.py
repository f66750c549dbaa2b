"""Kumaraswamy distribution on (0, 1)."""
from . import constraints
from .gumbel import EULER_GAMMA
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, PowerTransform
from .uniform import Uniform
from .utils import broadcast_all


def _moment(a, b, n):
    """The ``n``-th raw moment ``b B(1 + n / a, b)`` of Kumaraswamy(a, b)."""
    arg = 1 + n / a
    return b * (arg.lgamma() + b.lgamma() - (arg + b).lgamma()).exp()


class Kumaraswamy(TransformedDistribution):
    """Kumaraswamy distribution with ``concentration1`` (a) and ``concentration0`` (b): density
    ``a b x^(a - 1) (1 - x^a)^(b - 1)``, the distribution of ``(1 - U^(1 / b))^(1 / a)`` for ``U ~ U(0, 1)``.

    Example:
        >>> Kumaraswamy(ag.tensor([1.0]), ag.tensor([1.0])).rsample()
    """
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        b = self.concentration0
        base = Uniform(b.new_zeros(b.shape), b.new_ones(b.shape), validate_args=validate_args)
        transforms = [PowerTransform(b.reciprocal()), AffineTransform(1.0, -1.0),
                      PowerTransform(self.concentration1.reciprocal())]
        super().__init__(base, transforms, validate_args=validate_args)

    @property
    def mean(self):
        return _moment(self.concentration1, self.concentration0, 1)

    @property
    def mode(self):
        """``((a - 1) / (a b - 1))^(1 / a)``; nan where ``a < 1`` or ``b < 1``. (torch's formula gives nan for
        every ``b > 1`` too.)"""
        a, b = self.concentration1, self.concentration0
        undefined = (b < 1) | (a < 1)
        a_, b_ = a.masked_fill(undefined, 2.0), b.masked_fill(undefined, 2.0)  # stand-ins where it is undefined
        return (((a_ - 1) / (a_ * b_ - 1)).log() / a_).exp().masked_fill(undefined, float("nan"))

    @property
    def variance(self):
        return _moment(self.concentration1, self.concentration0, 2) - self.mean.square()

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        harmonic = (b + 1).digamma() + EULER_GAMMA
        return (1 - b.reciprocal()) + (1 - a.reciprocal()) * harmonic - a.log() - b.log()
