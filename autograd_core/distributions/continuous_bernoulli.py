"""Continuous Bernoulli distribution on [0, 1] (Loaiza-Ganem and Cunningham, 2019)."""
import math
from functools import cached_property

from ..ops import where
from . import constraints
from .binary import BinaryProbsDistribution
from .exp_family import ExponentialFamily
from .utils import clamp_probs, logits_to_probs, softplus, standard_uniform


class ContinuousBernoulli(BinaryProbsDistribution, ExponentialFamily):
    """Continuous Bernoulli with ``probs`` (or ``logits``): density ``C(p) p^x (1 - p)^(1 - x)`` on [0, 1].
    Where ``probs`` lies in ``lims`` (around 1/2) the normalizer and the moments are Taylor expansions, as the
    closed forms divide 0 by 0 there. ``probs`` are clamped away from 0 and 1 after validation.

    Example:
        >>> ContinuousBernoulli(ag.tensor([0.3])).rsample()  # a value in [0, 1], differentiable in probs
    """
    support = constraints.unit_interval
    has_rsample = True
    _mean_carrier_measure = 0

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        super().__init__(probs, logits, validate_args=validate_args)
        if probs is not None:
            self.probs = clamp_probs(self.probs)
        self._lims = lims

    @cached_property
    def probs(self):
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    def _outside_unstable_region(self):
        return (self.probs <= self._lims[0]) | (self.probs > self._lims[1])

    def _cut_probs(self):
        """``probs``, with a stand-in of ``lims[0]`` inside the unstable region."""
        return where(self._outside_unstable_region(), self.probs, self.probs.new_full((), self._lims[0]))

    def _cont_bern_log_norm(self):
        """``log C(probs)``."""
        p = self._cut_probs()
        below = p <= 0.5
        p_below, p_above = p.masked_fill(~below, 0.0), p.masked_fill(p < 0.5, 1.0)
        log_norm = ((-p).log1p() - p.log()).abs().log() - where(below, (-2.0 * p_below).log1p(),
                                                                   (2.0 * p_above - 1.0).log())
        x = (self.probs - 0.5).square()
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x
        return where(self._outside_unstable_region(), log_norm, taylor)

    @property
    def mean(self):
        p = self._cut_probs()
        mean = p / (2.0 * p - 1.0) + 1.0 / ((-p).log1p() - p.log())
        x = self.probs - 0.5
        taylor = 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * x.square()) * x
        return where(self._outside_unstable_region(), mean, taylor)

    @property
    def variance(self):
        p = self._cut_probs()
        variance = p * (p - 1.0) / (1.0 - 2.0 * p).square() + 1.0 / ((-p).log1p() - p.log()).square()
        x = (self.probs - 0.5).square()
        taylor = 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x
        return where(self._outside_unstable_region(), variance, taylor)

    def rsample(self, sample_shape=()):
        return self.icdf(standard_uniform(self._extended_shape(sample_shape), self.probs))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return value * self.logits - softplus(self.logits) + self._cont_bern_log_norm()

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        p = self._cut_probs()
        cdf = (p.pow(value) * (1.0 - p).pow(1.0 - value) + p - 1.0) / (2.0 * p - 1.0)
        cdf = where(self._outside_unstable_region(), cdf, value)
        return where(value <= 0.0, 0.0 * cdf, where(value >= 1.0, 0.0 * cdf + 1.0, cdf))

    def icdf(self, value):
        p = self._cut_probs()
        icdf = ((-p + value * (2.0 * p - 1.0)).log1p() - (-p).log1p()) / (p.log() - (-p).log1p())
        return where(self._outside_unstable_region(), icdf, value)

    def entropy(self):
        log_probs0, log_probs1 = (-self.probs).log1p(), self.probs.log()
        return self.mean * (log_probs0 - log_probs1) - self._cont_bern_log_norm() - log_probs0

    @property
    def _natural_params(self):
        return (self.logits,)

    def _log_normalizer(self, x):
        """``log C`` as a function of the natural parameter (the logits)."""
        outside = (x <= self._lims[0] - 0.5) | (x > self._lims[1] - 0.5)
        cut = where(outside, x, x.new_full((), self._lims[0] - 0.5))
        log_norm = cut.expm1().abs().log() - cut.abs().log()
        taylor = 0.5 * x + x.square() / 24.0 - x.pow(4) / 2880.0
        return where(outside, log_norm, taylor)
