"""Negative binomial distribution: the number of successes before ``total_count`` failures."""
from ..random import poisson
from . import constraints
from .binary import CountProbsDistribution
from .gamma import Gamma
from .utils import softplus


class NegativeBinomial(CountProbsDistribution):
    """Negative binomial distribution: successes (each with probability ``probs``, or ``sigmoid(logits)``) before
    ``total_count`` (a positive real) failures."""
    arg_constraints = {"total_count": constraints.greater_than_eq(0), "probs": constraints.half_open_interval(0.0, 1.0),
                       "logits": constraints.real}
    support = constraints.nonnegative_integer

    @property
    def mean(self):
        return self.total_count * self.logits.exp()

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / (-self.logits).sigmoid()

    def sample(self, sample_shape=()):
        rate = Gamma(self.total_count.detach(), (-self.logits.detach()).exp(), validate_args=False)
        return poisson(rate.sample(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n, logits = self.total_count, self.logits
        log_unnormalized = -n * softplus(logits) - value * softplus(-logits)
        log_normalization = (n + value).lgamma() - (1.0 + value).lgamma() - n.lgamma()
        return log_unnormalized + log_normalization.masked_fill(n + value == 0.0, 0.0)
