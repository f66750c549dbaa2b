"""Geometric distribution: the number of failures before the first success."""
from . import constraints
from .binary import BinaryProbsDistribution
from .distribution import _holds
from .utils import broadcast_all, softplus, tiny_uniform


class Geometric(BinaryProbsDistribution):
    """Geometric distribution: ``P(k) = (1 - p)^k p`` for k = 0, 1, ..., with success probability ``probs``
    (or ``sigmoid(logits)``)."""
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        super().__init__(probs, logits, validate_args=validate_args)
        if self._validate_args and probs is not None and not _holds(constraints.positive, self.probs):
            raise ValueError(f"Expected parameter probs ({type(self.probs).__name__} of shape "
                             f"{tuple(self.probs.shape)}) of distribution {self!r} to be positive but found invalid "
                             f"values:\n{self.probs}")

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return self.probs.new_zeros(self.probs.shape)

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
