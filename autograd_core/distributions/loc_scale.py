"""The base of the distributions with a location and a scale (Normal, Laplace, LogNormal)."""
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all


class LocScaleDistribution(Distribution):
    """``loc`` and positive ``scale`` broadcast together; over the reals, with mean and mode ``loc``, unless a
    subclass says otherwise."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc
