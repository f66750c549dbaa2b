"""Bernoulli distribution."""
import math

from .. import ops
from ..creation import arange
from ..random import bernoulli
from . import constraints
from .binary import BinaryProbsDistribution
from .utils import softplus


def _finite_part(logits):
    """Where ``logits`` are finite, and the logits with 0 at +-inf (so that no branch makes inf - inf)."""
    finite = logits.isfinite()
    return finite, ops.where(finite, logits, 0.0)


class Bernoulli(BinaryProbsDistribution):
    """Bernoulli distribution: 1 with probability ``probs`` (or ``sigmoid(logits)``), else 0. Logits of +-inf
    (probability 1 or 0) give exact log_prob (0 or -inf) and entropy (0), where torch gives NaN for most."""
    support = constraints.boolean
    has_enumerate_support = True

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        mode = (self.probs >= 0.5).type_as(self.probs)
        return mode.masked_fill(self.probs == 0.5, float("nan"))

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        return bernoulli(self.probs.detach().expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = ops.broadcast_tensors(self.logits, value)
        finite, safe = _finite_part(logits)
        # probabilities 0 or 1: log 1 where the value is the certain outcome, else log 0
        certain = value.new_zeros(value.shape).masked_fill(value != (logits > 0).type_as(value), -math.inf)
        return ops.where(finite, safe * value - softplus(safe), certain)

    def entropy(self):
        """0 where the logits are +-inf (torch: NaN there)."""
        finite, safe = _finite_part(self.logits)
        return ops.where(finite, softplus(safe) - safe * self.probs, 0.0)

    def enumerate_support(self, expand=True):
        values = arange(2, dtype=self.probs.dtype, device=self.probs.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((2,) + self._batch_shape) if expand else values
