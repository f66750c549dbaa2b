"""Transforms: invertible maps with the log-determinant of their Jacobian (torch.distributions.transforms), the
pieces of a TransformedDistribution."""
import math
import numbers

import numpy as np

from ..dtypes import finfo
from ..ops import cat, logit
from . import constraints
from .independent import sum_rightmost
from .utils import broadcast_all, softplus


class Transform:
    """An invertible (where ``bijective``) map ``y = t(x)`` from ``domain`` to ``codomain``.

    ``t.inv`` is the inverse map; ``log_abs_det_jacobian(x, y)`` is ``log |dy/dx|`` (summed over the
    ``event_dim`` rightmost dims); ``sign`` is the sign of the Jacobian of an elementwise bijection.
    Subclasses define ``_call`` and ``_inverse``. Results are not cached (torch's ``cache_size`` is not kept).
    """
    bijective = False
    domain = constraints.real
    codomain = constraints.real

    @property
    def event_dim(self):
        if self.domain.event_dim != self.codomain.event_dim:
            raise ValueError(f"{type(self).__name__}: event_dim is ambiguous (domain {self.domain.event_dim}, "
                             f"codomain {self.codomain.event_dim})")
        return self.domain.event_dim

    @property
    def inv(self):
        """The inverse transform: ``t.inv(t(x)) == x``."""
        return _InverseTransform(self)

    @property
    def sign(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement sign")

    def __call__(self, x):
        return self._call(x)

    def _call(self, x):
        raise NotImplementedError(f"{type(self).__name__} does not implement the forward map")

    def _inverse(self, y):
        raise NotImplementedError(f"{type(self).__name__} does not implement the inverse map")

    def log_abs_det_jacobian(self, x, y):
        """``log |dy/dx|`` at ``x`` (with ``y = t(x)``)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement log_abs_det_jacobian")

    def forward_shape(self, shape):
        """The shape of ``t(x)`` for ``x`` of ``shape``."""
        return tuple(shape)

    def inverse_shape(self, shape):
        """The shape of ``t.inv(y)`` for ``y`` of ``shape``."""
        return tuple(shape)

    def __repr__(self):
        return f"{type(self).__name__}()"


class _InverseTransform(Transform):
    """``inv`` of a transform: domain and codomain swapped, the negated log-determinant."""

    def __init__(self, transform):
        self._inv = transform

    def __eq__(self, other):
        return isinstance(other, _InverseTransform) and self._inv == other._inv

    @property
    def domain(self):
        return self._inv.codomain

    @property
    def codomain(self):
        return self._inv.domain

    @property
    def bijective(self):
        return self._inv.bijective

    @property
    def sign(self):
        return self._inv.sign

    @property
    def inv(self):
        return self._inv

    def __call__(self, x):
        return self._inv._inverse(x)

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def forward_shape(self, shape):
        return self._inv.inverse_shape(shape)

    def inverse_shape(self, shape):
        return self._inv.forward_shape(shape)

    def __repr__(self):
        return f"{self._inv!r}.inv"


class ComposeTransform(Transform):
    """The transforms in ``parts`` applied in order (the first to ``x`` first); no parts is the identity."""

    def __init__(self, parts):
        self.parts = list(parts)

    def __eq__(self, other):
        return isinstance(other, ComposeTransform) and self.parts == other.parts

    @property
    def domain(self):
        if not self.parts:
            return constraints.real
        event_dim = self.parts[-1].codomain.event_dim
        for part in reversed(self.parts):
            event_dim = max(event_dim + part.domain.event_dim - part.codomain.event_dim, part.domain.event_dim)
        return _with_event_dim(self.parts[0].domain, event_dim)

    @property
    def codomain(self):
        if not self.parts:
            return constraints.real
        event_dim = self.parts[0].domain.event_dim
        for part in self.parts:
            event_dim = max(event_dim + part.codomain.event_dim - part.domain.event_dim, part.codomain.event_dim)
        return _with_event_dim(self.parts[-1].codomain, event_dim)

    @property
    def bijective(self):
        return all(p.bijective for p in self.parts)

    @property
    def sign(self):
        sign = 1
        for p in self.parts:
            sign = sign * p.sign
        return sign

    @property
    def inv(self):
        return ComposeTransform([p.inv for p in reversed(self.parts)])

    def __call__(self, x):
        for part in self.parts:
            x = part(x)
        return x

    def log_abs_det_jacobian(self, x, y):
        if not self.parts:
            return x.new_full(x.shape, 0.0)
        xs = [x]
        for part in self.parts[:-1]:
            xs.append(part(xs[-1]))
        xs.append(y)
        total, event_dim = 0.0, self.domain.event_dim
        for part, x_in, y_out in zip(self.parts, xs[:-1], xs[1:]):
            total = total + sum_rightmost(part.log_abs_det_jacobian(x_in, y_out), event_dim - part.domain.event_dim)
            event_dim += part.codomain.event_dim - part.domain.event_dim
        return total

    def forward_shape(self, shape):
        for part in self.parts:
            shape = part.forward_shape(shape)
        return tuple(shape)

    def inverse_shape(self, shape):
        for part in reversed(self.parts):
            shape = part.inverse_shape(shape)
        return tuple(shape)

    def __repr__(self):
        return f"ComposeTransform({', '.join(map(repr, self.parts))})"


def _with_event_dim(constraint, event_dim):
    """``constraint`` with extra rightmost dims folded into its events, up to ``event_dim``."""
    extra = event_dim - constraint.event_dim
    return constraints.independent(constraint, extra) if extra > 0 else constraint


def _same_class(self, other):
    """``==`` of the transforms without parameters, as torch's: any two of one class are equal."""
    return isinstance(other, type(self))


def _equal(a, b):
    """Whether two parameters (numbers or tensors) are equal everywhere; reads tensors, as torch's ``==``."""
    if isinstance(a, numbers.Number) and isinstance(b, numbers.Number):
        return a == b
    return bool((a == b).all())


class ExpTransform(Transform):
    """``y = exp(x)``."""
    codomain = constraints.positive
    bijective = True
    sign = 1
    __eq__ = _same_class

    def _call(self, x):
        return x.exp()

    def _inverse(self, y):
        return y.log()

    def log_abs_det_jacobian(self, x, y):
        return x


class AbsTransform(Transform):
    """``y = |x|``: not bijective (``inv`` gives the non-negative preimage)."""
    codomain = constraints.positive
    __eq__ = _same_class

    def _call(self, x):
        return x.abs()

    def _inverse(self, y):
        return y


class PowerTransform(Transform):
    """``y = x ** exponent`` on the positive reals."""
    domain = constraints.positive
    codomain = constraints.positive
    bijective = True

    def __init__(self, exponent):
        self.exponent, = broadcast_all(exponent)

    def __eq__(self, other):
        return isinstance(other, PowerTransform) and _equal(self.exponent, other.exponent)

    @property
    def sign(self):
        return self.exponent.sign()

    def _call(self, x):
        return x.pow(self.exponent)

    def _inverse(self, y):
        return y.pow(1 / self.exponent)

    def log_abs_det_jacobian(self, x, y):
        return (self.exponent * y / x).abs().log()

    def forward_shape(self, shape):
        return _broadcast_shape(shape, self.exponent.shape)

    inverse_shape = forward_shape


class SigmoidTransform(Transform):
    """``y = sigmoid(x)``, kept inside (0, 1) by the dtype's resolution (as torch's)."""
    codomain = constraints.unit_interval
    bijective = True
    sign = 1
    __eq__ = _same_class

    def _call(self, x):
        return _clamp_open_unit(x.sigmoid())

    def _inverse(self, y):
        return logit(_clamp_open_unit(y))

    def log_abs_det_jacobian(self, x, y):
        return -softplus(-x) - softplus(x)


def _clamp_open_unit(y):
    """``y`` clamped to [tiny, 1 - eps] of its dtype: inside (0, 1), so that logit(y) is finite."""
    info = finfo(y.dtype)
    return y.clamp(min=float(info.tiny), max=1.0 - float(info.eps))


class TanhTransform(Transform):
    """``y = tanh(x)``."""
    codomain = constraints.interval(-1.0, 1.0)
    bijective = True
    sign = 1
    __eq__ = _same_class

    def _call(self, x):
        return x.tanh()

    def _inverse(self, y):
        return y.atanh()

    def log_abs_det_jacobian(self, x, y):
        return 2.0 * (math.log(2.0) - x - softplus(-2.0 * x))


class AffineTransform(Transform):
    """``y = loc + scale * x``; with ``event_dim`` > 0 the log-determinant is summed over that many rightmost
    dims."""
    bijective = True

    def __init__(self, loc, scale, event_dim=0):
        self.loc, self.scale, self._event_dim = loc, scale, event_dim

    def __eq__(self, other):
        return isinstance(other, AffineTransform) and _equal(self.loc, other.loc) and _equal(self.scale, other.scale)

    @property
    def domain(self):
        return _with_event_dim(constraints.real, self._event_dim)

    codomain = domain

    @property
    def sign(self):
        if isinstance(self.scale, numbers.Real):
            return (self.scale > 0) - (self.scale < 0)
        return self.scale.sign()

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        if isinstance(self.scale, numbers.Real):
            result = x.new_full(x.shape, math.log(abs(self.scale)))
        else:
            result = self.scale.abs().log()
        shape = x.shape
        if self._event_dim:
            result = sum_rightmost(result, self._event_dim)
            shape = shape[:len(shape) - self._event_dim]
        return result.expand(shape)

    def forward_shape(self, shape):
        return _broadcast_shape(shape, getattr(self.loc, "shape", ()), getattr(self.scale, "shape", ()))

    inverse_shape = forward_shape


class SoftmaxTransform(Transform):
    """``y = softmax(x)`` over the last dim: onto the simplex, not bijective (``inv`` gives log-probabilities)."""
    domain = constraints.real_vector
    codomain = constraints.simplex
    __eq__ = _same_class

    def _call(self, x):
        return x.softmax(-1)

    def _inverse(self, y):
        return y.log()


def _broadcast_shape(*shapes):
    return tuple(np.broadcast_shapes(*map(tuple, shapes)))


identity_transform = ComposeTransform([])


class SoftplusTransform(Transform):
    """``y = softplus(x) = log(1 + exp(x))``."""
    codomain = constraints.positive
    bijective = True
    sign = 1
    __eq__ = _same_class

    def _call(self, x):
        return softplus(x)

    def _inverse(self, y):
        return y + (-(-y).expm1()).log()  # log(exp(y) - 1), without overflow

    def log_abs_det_jacobian(self, x, y):
        return -softplus(-x)


def _log_offset(x):
    """``log(K - k)`` for ``k = 0 .. K - 1`` over the last dim of ``x`` (``K`` its size): the shift that makes
    ``x = 0`` the centre of the simplex."""
    k = x.shape[-1]
    return (k + 1 - x.new_ones(k).cumsum(-1)).log()


class StickBreakingTransform(Transform):
    """From ``R^K`` onto the simplex in ``R^(K + 1)`` by stick breaking: the sigmoid of each shifted coordinate is
    the share it breaks off the stick that is left."""
    domain = constraints.real_vector
    codomain = constraints.simplex
    bijective = True

    def __eq__(self, other):
        return isinstance(other, StickBreakingTransform)

    def _call(self, x):
        z = _clamp_open_unit((x - _log_offset(x)).sigmoid())
        ones = x.new_ones(x.shape[:-1] + (1,))
        return cat([z, ones], -1) * cat([ones, (1 - z).cumprod(-1)], -1)

    def _inverse(self, y):
        y_crop = y[..., :-1]
        left = (1 - y_crop.cumsum(-1)).clamp(min=float(finfo(y.dtype).tiny))  # kept positive when y[-1] ~ 0
        return y_crop.log() - left.log() + _log_offset(y_crop)

    def log_abs_det_jacobian(self, x, y):
        x = x - _log_offset(x)
        return (-x - softplus(-x) + y[..., :-1].log()).sum(-1)  # 1 - sigmoid(x) = exp(-x) sigmoid(x)

    def forward_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("StickBreakingTransform: too few dimensions on input, expected at least 1")
        return tuple(shape[:-1]) + (shape[-1] + 1,)

    def inverse_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("StickBreakingTransform: too few dimensions on input, expected at least 1")
        return tuple(shape[:-1]) + (shape[-1] - 1,)


class CumulativeDistributionTransform(Transform):
    """``y = distribution.cdf(x)``: the distribution's support onto [0, 1]; the log-determinant is its log_prob."""
    codomain = constraints.unit_interval
    bijective = True
    sign = 1

    def __init__(self, distribution):
        self.distribution = distribution

    @property
    def domain(self):
        return self.distribution.support

    def _call(self, x):
        return self.distribution.cdf(x)

    def _inverse(self, y):
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x, y):
        return self.distribution.log_prob(x)
