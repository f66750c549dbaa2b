"""The bases of distributions with one success probability per entry, given as ``probs`` or ``logits``."""
from functools import cached_property

from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, logits_to_probs, probs_or_logits, probs_to_logits


class BinaryProbsDistribution(Distribution):
    """Keeps whichever of ``probs`` and ``logits`` (log-odds) is given; the other is derived on first use."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}

    def __init__(self, probs=None, logits=None, validate_args=None):
        param, = broadcast_all(probs_or_logits(type(self).__name__, probs, logits))
        self._set_param(param, probs is None, validate_args)

    def _set_param(self, param, is_logits, validate_args):
        setattr(self, "logits" if is_logits else "probs", param)
        super().__init__(param.shape, validate_args=validate_args)

    @property
    def param_shape(self):
        return self._batch_shape

    @cached_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @cached_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)


class CountProbsDistribution(BinaryProbsDistribution):
    """A ``total_count`` (made the float dtype of the probabilities) broadcast with ``probs`` or ``logits``."""

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        total_count, param = broadcast_all(total_count, probs_or_logits(type(self).__name__, probs, logits))
        self.total_count = total_count.type_as(param)
        self._set_param(param, probs is None, validate_args)
