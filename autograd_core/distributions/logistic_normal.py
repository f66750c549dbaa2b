"""Logistic-normal distribution on the simplex: the stick-breaking map of a Normal."""
from . import constraints
from .normal import Normal
from .transformed_distribution import TransformedDistribution
from .transforms import StickBreakingTransform


class LogisticNormal(TransformedDistribution):
    """Logistic-normal distribution: the stick-breaking map of ``Normal(loc, scale)`` draws (``K`` coordinates)
    onto the simplex in ``R^(K + 1)``; a scalar ``loc`` and ``scale`` make ``K = 1``.

    Example:
        >>> LogisticNormal(ag.zeros(3), ag.ones(3)).sample()  # a point of the simplex in R^4
    """
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        base = Normal(loc, scale, validate_args=validate_args)
        if not base.batch_shape:
            base = base.expand((1,))
        super().__init__(base, StickBreakingTransform(), validate_args=validate_args)

    @property
    def loc(self):
        return self.base_dist.base_dist.loc

    @property
    def scale(self):
        return self.base_dist.base_dist.scale
