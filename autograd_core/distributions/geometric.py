"""Geometric distribution: the number of failures before the first success."""
from functools import cached_property

from ..creation import zeros_like
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, logits_to_probs, probs_or_logits, probs_to_logits, softplus, tiny_uniform


class Geometric(Distribution):
    """Geometric distribution: ``P(k) = (1 - p)^k p`` for k = 0, 1, ..., with success probability ``probs``
    (or ``sigmoid(logits)``)."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        param, = broadcast_all(probs_or_logits("Geometric", probs, logits))
        setattr(self, "probs" if logits is None else "logits", param)
        super().__init__(param.shape, validate_args=validate_args)

    @cached_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @cached_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return zeros_like(self.probs)

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=()):
        u = tiny_uniform(self._extended_shape(sample_shape), self.probs)
        return (u.log() / (-self.probs.detach()).log1p()).floor()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        probs = probs.masked_fill((probs == 1) & (value == 0), 0.0)  # 0 * log(0) is 0 there
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        return (softplus(self.logits) - self.logits * self.probs) / self.probs
