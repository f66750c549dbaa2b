"""Log-normal distribution: ``exp`` of a Normal."""
from . import constraints
from .loc_scale import LocScaleDistribution
from .normal import Normal


class LogNormal(LocScaleDistribution):
    """Distribution of ``exp(X)`` for ``X ~ Normal(loc, scale)`` (torch builds it as a TransformedDistribution;
    here the change of variables is written out)."""
    support = constraints.positive

    @property
    def base_dist(self):
        """The Normal of ``log(X)``."""
        return Normal(self.loc, self.scale, validate_args=False)

    @property
    def mean(self):
        return (self.loc + self.scale.square() / 2).exp()

    @property
    def mode(self):
        return (self.loc - self.scale.square()).exp()

    @property
    def variance(self):
        s2 = self.scale.square()
        return s2.expm1() * (2 * self.loc + s2).exp()

    def rsample(self, sample_shape=()):
        return self.base_dist.rsample(sample_shape).exp()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = value.log()
        return self.base_dist.log_prob(y) - y

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self.base_dist.cdf(value.log())

    def icdf(self, value):
        return self.base_dist.icdf(value).exp()

    def entropy(self):
        return self.base_dist.entropy() + self.loc
