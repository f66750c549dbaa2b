"""Distribution: the base class of the probability distributions (torch.distributions.Distribution)."""
from functools import cached_property

import numpy as np

from ..backend import on_gpu
from ..grad_mode import no_grad
from ..tensor import Tensor
from . import constraints


class Distribution:
    """A batch of distributions over events of ``event_shape``.

    Samples have shape ``sample_shape + batch_shape + event_shape``; ``log_prob`` of such a value has
    shape ``sample_shape + batch_shape``. With ``validate_args`` (the default, as torch's
    ``set_default_validate_args``) the parameters and the values given to ``log_prob`` are checked
    against ``arg_constraints`` and ``support``, and a ValueError names what was wrong. The checks read
    the values, so they run on the CPU only: on a GPU they would wait for the data.
    """
    has_rsample = False
    has_enumerate_support = False
    _validate_args = True
    arg_constraints = {}
    support = None

    @staticmethod
    def set_default_validate_args(value):
        """Turn argument validation on or off for every distribution made after this call."""
        if value not in (True, False):
            raise ValueError(f"set_default_validate_args: expects True or False, got {value!r}")
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape, self._event_shape = tuple(batch_shape), tuple(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            for param, constraint in self.arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue
                if param not in self.__dict__ and isinstance(getattr(type(self), param, None), cached_property):
                    continue  # the parameter not given (logits for probs ...): derived, so valid
                value = getattr(self, param)
                if not _holds(constraint, value):
                    raise ValueError(f"Expected parameter {param} ({type(value).__name__} of shape "
                                     f"{tuple(value.shape)}) of distribution {self!r} to satisfy the constraint "
                                     f"{constraint!r}, but found invalid values:\n{value}")

    @property
    def batch_shape(self):
        """The shape over which parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self):
        """The shape of a single sample (without batching)."""
        return self._event_shape

    def expand(self, batch_shape, _instance=None):
        """A new distribution with its parameters expanded (not copied) to ``batch_shape``."""
        new = self._shallow_copy(batch_shape, _instance)
        for param in self.arg_constraints:
            if param in self.__dict__:
                value = self.__dict__[param]
                new.__dict__[param] = value.expand(new._batch_shape + value.shape[len(self._batch_shape):])
        return new

    def _shallow_copy(self, batch_shape, _instance=None):
        """A copy sharing every attribute, with ``batch_shape``: what ``expand`` then adjusts."""
        new = object.__new__(type(self)) if _instance is None else _instance
        new.__dict__.update(self.__dict__)
        new._batch_shape = tuple(batch_shape)
        return new

    # -- quantities each distribution defines where it can ----------------------------------
    @property
    def mean(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement mean")

    @property
    def mode(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement mode")

    @property
    def variance(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement variance")

    @property
    def stddev(self):
        """The standard deviation: the square root of ``variance``."""
        return self.variance.sqrt()

    def sample(self, sample_shape=()):
        """Samples of shape ``sample_shape + batch_shape + event_shape``, with no gradient."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        """Reparameterized samples: gradients flow to the parameters (where ``has_rsample``)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement rsample (has_rsample is False)")

    def sample_n(self, n):
        """``n`` samples: ``sample((n,))``."""
        return self.sample((n,))

    def log_prob(self, value):
        raise NotImplementedError(f"{type(self).__name__} does not implement log_prob")

    def cdf(self, value):
        raise NotImplementedError(f"{type(self).__name__} does not implement cdf")

    def icdf(self, value):
        raise NotImplementedError(f"{type(self).__name__} does not implement icdf")

    def entropy(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy")

    def enumerate_support(self, expand=True):
        raise NotImplementedError(f"{type(self).__name__} does not implement enumerate_support")

    def perplexity(self):
        """``exp(entropy())``."""
        return self.entropy().exp()

    def _extended_shape(self, sample_shape=()):
        shape = (sample_shape,) if isinstance(sample_shape, (int, np.integer)) else tuple(sample_shape)
        return tuple(int(n) for n in shape) + self._batch_shape + self._event_shape

    def _validate_sample(self, value):
        """A ValueError unless ``value`` is a Tensor broadcastable to batch_shape + event_shape and in the support."""
        if not isinstance(value, Tensor):
            raise ValueError(f"The value argument to log_prob must be a Tensor, got {type(value).__name__}")
        event_dim = len(self._event_shape)
        if tuple(value.shape[len(value.shape) - event_dim:]) != self._event_shape:
            raise ValueError(f"The right-most size of value must match event_shape: {tuple(value.shape)} vs "
                             f"{self._event_shape}.")
        expected = self._batch_shape + self._event_shape
        for i, j in zip(reversed(value.shape), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: {tuple(value.shape)} "
                                 f"vs {expected}.")
        if not _holds(self.support, value):
            raise ValueError(f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to be "
                             f"within the support ({self.support!r}) of the distribution {self!r}, but found "
                             f"invalid values:\n{value}")

    def __repr__(self):
        shown = [p for p in self.arg_constraints if p in self.__dict__]
        args = ", ".join(f"{p}: {_short(self.__dict__[p])}" for p in shown)
        return f"{type(self).__name__}({args})"


def _holds(constraint, value):
    """False only where ``value`` is on the CPU and fails ``constraint``: a GPU value is not checked at all
    (reading the result would wait for the GPU, and computing it unread is wasted work)."""
    return on_gpu(value._data) or bool(constraint.check(value)._data.all())


def _short(value):
    return value.item() if value.numel() == 1 else f"{tuple(value.shape)}-shaped tensor"
