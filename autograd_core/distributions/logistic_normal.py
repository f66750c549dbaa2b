"""Logistic-normal distribution on the simplex, and the stick-breaking transform that makes it."""
from ..dtypes import finfo
from ..ops import cat
from . import constraints
from .normal import Normal
from .transformed_distribution import TransformedDistribution
from .transforms import Transform, _clamp_open_unit
from .utils import softplus


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


class LogisticNormal(TransformedDistribution):
    """Logistic-normal distribution: the stick-breaking map of ``Normal(loc, scale)`` draws (``K`` coordinates)
    onto the simplex in ``R^(K + 1)``; a scalar ``loc`` and ``scale`` make ``K = 1``.

    Example:
        >>> LogisticNormal(ag.zeros(3), ag.ones(3)).sample()  # a point of the simplex in R^4
    """
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        base = Normal(loc, scale, validate_args=validate_args)
        if not base.batch_shape:
            base = base.expand((1,))
        super().__init__(base, StickBreakingTransform(), validate_args=validate_args)

    @property
    def loc(self):
        return self.base_dist.base_dist.loc

    @property
    def scale(self):
        return self.base_dist.base_dist.scale
