"""Relaxed Bernoulli and one-hot categorical distributions (Concrete / Gumbel-softmax relaxations): samples in
(0, 1) or on the simplex, differentiable in the parameters, that approach discrete draws as the temperature goes
to 0; and the distributions of their logits / logarithms."""
import math

from ..ops import logit
from . import constraints
from .binary import BinaryProbsDistribution
from .one_hot_categorical import CategoricalEvents
from .transformed_distribution import TransformedDistribution
from .transforms import ExpTransform, SigmoidTransform
from .utils import as_tensor_like, clamp_probs, standard_uniform


class LogitRelaxedBernoulli(BinaryProbsDistribution):
    """The logit of a RelaxedBernoulli sample: ``(logit(u) + logits) / temperature`` for ``u ~ U(0, 1)``."""
    support = constraints.real
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        super().__init__(probs, logits, validate_args=validate_args)
        self.temperature = as_tensor_like(temperature, self.probs if logits is None else self.logits)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        probs = clamp_probs(self.probs.expand(shape))
        u = clamp_probs(standard_uniform(shape, probs))
        return (logit(u) + logit(probs)) / self.temperature

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        diff = self.logits - value * self.temperature
        return self.temperature.log() + diff - 2 * diff.exp().log1p()


class ExpRelaxedCategorical(CategoricalEvents):
    """The log of a RelaxedOneHotCategorical sample: ``log_softmax((logits + gumbel noise) / temperature)``."""
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        super().__init__(probs, logits, validate_args=validate_args)
        self.temperature = as_tensor_like(temperature, self.probs if logits is None else self.logits)

    def rsample(self, sample_shape=()):
        u = clamp_probs(standard_uniform(self._extended_shape(sample_shape), self.logits))
        scores = (self.logits - (-u.log()).log()) / self.temperature
        return scores - scores.logsumexp(-1, keepdim=True)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        k = self._event_shape[0]
        log_scale = math.lgamma(k) + (k - 1) * self.temperature.log()
        score = self.logits - value * self.temperature
        return (score - score.logsumexp(-1, keepdim=True)).sum(-1) + log_scale


class _Relaxed(TransformedDistribution):
    """A ``_transform`` of a ``_base`` distribution made from ``temperature`` and ``probs`` or ``logits``, whose
    parameters it shows."""
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        base = self._base(temperature, probs, logits, validate_args=validate_args)
        super().__init__(base, self._transform(), validate_args=validate_args)

    @property
    def temperature(self):
        return self.base_dist.temperature

    @property
    def logits(self):
        return self.base_dist.logits

    @property
    def probs(self):
        return self.base_dist.probs

    def __repr__(self):
        return type(self).__name__ + repr(self.base_dist)[len(type(self.base_dist).__name__):]


class RelaxedBernoulli(_Relaxed):
    """Relaxed Bernoulli with ``temperature`` and ``probs`` (or ``logits``): the sigmoid of a
    LogitRelaxedBernoulli sample.

    Example:
        >>> RelaxedBernoulli(ag.tensor(0.5), probs=ag.tensor([0.1, 0.9])).rsample()  # values in (0, 1)
    """
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    _base, _transform = LogitRelaxedBernoulli, SigmoidTransform


class RelaxedOneHotCategorical(_Relaxed):
    """Relaxed one-hot categorical with ``temperature`` and ``probs`` (or ``logits``) over the last dim: the exp
    of an ExpRelaxedCategorical sample.

    Example:
        >>> RelaxedOneHotCategorical(ag.tensor(0.5), logits=ag.zeros(3)).rsample()  # a point of the simplex
    """
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.simplex
    _base, _transform = ExpRelaxedCategorical, ExpTransform
