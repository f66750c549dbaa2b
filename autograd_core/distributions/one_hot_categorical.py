"""One-hot categorical distribution: a Categorical whose samples are one-hot vectors; and the base of such
distributions of category vectors."""
from ..creation import arange, eye
from . import constraints
from .categorical import Categorical
from .distribution import Distribution


class CategoricalEvents(Distribution):
    """The base of distributions whose events are vectors over the categories of a Categorical (event shape
    ``(K,)``), made from its ``probs`` or ``logits``."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits, validate_args=validate_args)
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._shallow_copy(batch_shape, _instance)
        new._categorical = self._categorical.expand(batch_shape)
        return new

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def param_shape(self):
        return self._categorical.param_shape


class OneHotCategorical(CategoricalEvents):
    """Categorical over the last dim of ``probs`` or ``logits`` with samples as one-hot vectors (event shape
    ``(K,)``)."""
    support = constraints.one_hot
    has_enumerate_support = True

    def _one_hot(self, indices):
        return (indices.unsqueeze(-1) == arange(self._event_shape[0], device=indices.device)).type_as(self.probs)

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        return self._one_hot(self.probs.argmax(-1))

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        return self._one_hot(self._categorical.sample(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.argmax(-1))

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        n = self._event_shape[0]
        values = eye(n, dtype=self.probs.dtype, device=self.probs.device).reshape((n,) + (1,) * len(self._batch_shape)
                                                                                  + (n,))
        return values.expand((n,) + self._batch_shape + (n,)) if expand else values
