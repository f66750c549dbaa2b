"""Student's t-distribution."""
import math

from . import constraints
from .chi2 import Chi2
from .distribution import Distribution
from .utils import broadcast_all, standard_normal


class StudentT(Distribution):
    """Student's t-distribution with ``df`` degrees of freedom, location ``loc`` and scale ``scale``: the
    distribution of ``loc + scale * X / sqrt(Z / df)`` for ``X ~ N(0, 1)`` and ``Z ~ Chi2(df)``.

    Example:
        >>> StudentT(ag.tensor([2.0])).sample()  # heavier tails than N(0, 1)
    """
    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        self.df, self.loc, self.scale = broadcast_all(df, loc, scale)
        super().__init__(self.df.shape, validate_args=validate_args)

    @property
    def _chi2(self):
        return Chi2(self.df, validate_args=False)

    @property
    def mean(self):
        """``loc`` where ``df > 1``, else nan."""
        return self.loc.masked_fill(self.df <= 1, float("nan"))

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        """``scale^2 df / (df - 2)`` where ``df > 2``; inf where ``1 < df <= 2``; nan where ``df <= 1``."""
        df = self.df.masked_fill(self.df <= 2, 3.0)  # a finite stand-in where the formula does not hold
        return (self.scale.square() * df / (df - 2)).masked_fill(self.df <= 2, math.inf).masked_fill(
            self.df <= 1, float("nan"))

    def rsample(self, sample_shape=()):
        """Differentiable through Chi2's (Gamma's) reparameterized sampler."""
        x = standard_normal(self._extended_shape(sample_shape), self.df)
        return self.loc + self.scale * x * (self._chi2.rsample(sample_shape) / self.df).rsqrt()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = (value - self.loc) / self.scale
        log_z = (self.scale.log() + 0.5 * self.df.log() + 0.5 * math.log(math.pi) + (0.5 * self.df).lgamma()
                 - (0.5 * (self.df + 1)).lgamma())
        return -0.5 * (self.df + 1) * (y.square() / self.df).log1p() - log_z

    def entropy(self):
        half_df, half_df1 = 0.5 * self.df, 0.5 * (self.df + 1)
        log_beta = half_df.lgamma() + math.lgamma(0.5) - half_df1.lgamma()
        return (self.scale.log() + half_df1 * (half_df1.digamma() - half_df.digamma()) + 0.5 * self.df.log()
                + log_beta)
