"""Binomial distribution: the number of successes in ``total_count`` independent trials."""
from ..creation import arange
from . import constraints
from .binary import CountProbsDistribution
from .utils import binomial_draw, softplus


class Binomial(CountProbsDistribution):
    """Binomial distribution with ``total_count`` trials (default 1), each a success with probability ``probs``
    (or ``sigmoid(logits)``); ``total_count`` broadcasts with the probabilities.

    Example:
        >>> Binomial(10, ag.tensor([0.0, 0.5, 1.0])).sample()  # e.g. tensor([0., 6., 10.])
    """
    arg_constraints = {"total_count": constraints.nonnegative_integer, "probs": constraints.unit_interval,
                       "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        super().__init__(total_count, probs, logits, validate_args=validate_args)

    @property
    def support(self):
        return constraints.integer_interval(0, self.total_count)

    @property
    def mean(self):
        return self.total_count * self.probs

    @property
    def mode(self):
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        return binomial_draw(self.total_count.detach().expand(shape), self.probs.detach().expand(shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        log_binomial = (n + 1).lgamma() - (value + 1).lgamma() - (n - value + 1).lgamma()
        return log_binomial + value * self.logits - n * softplus(self.logits)

    def entropy(self):
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(log_prob.exp() * log_prob).sum(0)

    def enumerate_support(self, expand=True):
        total_count = int(self.total_count.max().item())
        if self.total_count.min().item() != total_count:
            raise NotImplementedError("Binomial: inhomogeneous total_count is not supported by enumerate_support "
                                      "or entropy.")
        values = arange(1 + total_count, dtype=self.probs.dtype, device=self.probs.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + self._batch_shape) if expand else values
