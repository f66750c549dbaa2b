"""Categorical distribution over ``0 ... K - 1``."""
from functools import cached_property

import numpy as np

from ..creation import arange
from ..dtypes import finfo
from ..random import multinomial
from . import constraints
from .distribution import Distribution
from .utils import logits_to_probs, probs_or_logits, probs_to_logits


class Categorical(Distribution):
    """Categorical distribution over the last dim of ``probs`` (non-negative, normalized here) or ``logits``
    (unnormalized log-probabilities); the other dims are the batch. Samples are int64 indices."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        param = probs_or_logits(type(self).__name__, probs, logits)
        name = "probs" if logits is None else "logits"
        if param.dim() < 1:
            raise ValueError(f"{type(self).__name__}: `{name}` parameter must be at least one-dimensional, got "
                             f"shape {tuple(param.shape)}.")
        if logits is None:
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            self.logits = logits - logits.logsumexp(-1, keepdim=True)
        self._num_events = param.shape[-1]
        super().__init__(param.shape[:-1], validate_args=validate_args)

    @cached_property
    def logits(self):
        return probs_to_logits(self.probs)

    @cached_property
    def probs(self):
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        return self._batch_shape + (self._num_events,)

    @property
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @property
    def mean(self):
        return self.probs.new_full(self._batch_shape, float("nan"))

    @property
    def mode(self):
        return self.probs.argmax(-1)

    @property
    def variance(self):
        return self.mean

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        n = int(np.prod(shape[:len(shape) - len(self._batch_shape)]))
        probs_2d = self.probs.detach().reshape(-1, self._num_events)
        return multinomial(probs_2d, n, True).T.reshape(shape)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        shape = np.broadcast_shapes(value.shape, self.logits.shape)
        return self.logits.expand(shape).gather(-1, value.expand(shape[:-1] + (1,))).squeeze(-1)

    def entropy(self):
        logits = self.logits.clamp(min=float(finfo(self.logits.dtype).min))
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        values = arange(self._num_events, device=self.probs.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((self._num_events,) + self._batch_shape) if expand else values
