"""Multinomial distribution: the counts of ``total_count`` draws from a Categorical."""
import math

from ..ops import broadcast_tensors, scatter_add
from . import constraints
from .binomial import Binomial
from .one_hot_categorical import CategoricalEvents


class Multinomial(CategoricalEvents):
    """Multinomial distribution: counts over the last dim of ``probs`` (normalized here) or ``logits``
    (unnormalized log-probabilities) of ``total_count`` independent draws. ``sample`` needs the one int
    ``total_count``; ``log_prob`` takes any count vectors.

    Example:
        >>> Multinomial(100, ag.tensor([1.0, 1.0, 1.0, 1.0])).sample()  # e.g. tensor([21., 24., 30., 25.])
    """

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("Multinomial: inhomogeneous total_count is not supported; give one int, got "
                                      f"{type(total_count).__name__}")
        self.total_count = total_count
        super().__init__(probs, logits, validate_args=validate_args)
        if self._validate_args and total_count < 0:
            raise ValueError(f"Multinomial: expected parameter total_count to be a nonnegative integer, got "
                             f"{total_count}")

    @property
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        draws = self._categorical.sample((self.total_count,) + shape[:len(shape) - len(self._batch_shape) - 1])
        draws = draws.movedim(0, -1)  # (sample_shape, batch_shape, total_count) category indices
        return scatter_add(draws.new_zeros(shape), -1, draws, draws.new_ones(draws.shape)).type_as(self.probs)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_tensors(self.logits, value)
        # 0 * -inf is 0 here: no draw of an impossible category
        log_powers = (logits.masked_fill((value == 0) & (logits == -math.inf), 0.0) * value).sum(-1)
        return (value.sum(-1) + 1).lgamma() - (value + 1).lgamma().sum(-1) + log_powers

    def entropy(self):
        n = self.total_count
        binomial = Binomial(n, self.probs, validate_args=False)
        support = binomial.enumerate_support(expand=False)[1:]
        term2 = (binomial.log_prob(support).exp() * (support + 1).lgamma()).sum(0).sum(-1)
        return n * self._categorical.entropy() - math.lgamma(n + 1) + term2
