"""Transforms that regroup the event dims: ReshapeTransform and IndependentTransform."""
import numpy as np

from . import constraints
from .independent import sum_rightmost
from .transforms import Transform


class ReshapeTransform(Transform):
    """Reshapes the rightmost dims from ``in_shape`` to ``out_shape`` (same number of elements); volume kept."""
    bijective = True
    sign = 1

    def __init__(self, in_shape, out_shape):
        self.in_shape, self.out_shape = tuple(in_shape), tuple(out_shape)
        if int(np.prod(self.in_shape)) != int(np.prod(self.out_shape)):
            raise ValueError(f"ReshapeTransform: in_shape {self.in_shape} and out_shape {self.out_shape} have "
                             "different numbers of elements")

    def __eq__(self, other):
        return isinstance(other, ReshapeTransform) and (self.in_shape, self.out_shape) == (other.in_shape,
                                                                                          other.out_shape)

    @property
    def domain(self):
        return constraints.independent(constraints.real, len(self.in_shape))

    @property
    def codomain(self):
        return constraints.independent(constraints.real, len(self.out_shape))

    def _call(self, x):
        return x.reshape(_regroup(x.shape, self.in_shape, self.out_shape))

    def _inverse(self, y):
        return y.reshape(_regroup(y.shape, self.out_shape, self.in_shape))

    def log_abs_det_jacobian(self, x, y):
        return x.new_zeros(x.shape[:x.dim() - len(self.in_shape)])

    def forward_shape(self, shape):
        return _regroup(shape, self.in_shape, self.out_shape)

    def inverse_shape(self, shape):
        return _regroup(shape, self.out_shape, self.in_shape)


def _regroup(shape, old, new):
    """``shape`` with its rightmost dims ``old`` replaced by ``new``."""
    shape, cut = tuple(shape), len(shape) - len(old)
    if cut < 0:
        raise ValueError(f"ReshapeTransform: too few dimensions on input: {shape} does not end in {old}")
    if shape[cut:] != old:
        raise ValueError(f"ReshapeTransform: shape mismatch: expected {shape[cut:]} but got {old}")
    return shape[:cut] + new


class IndependentTransform(Transform):
    """``base_transform`` with ``reinterpreted_batch_ndims`` more rightmost dims taken into each event (its
    log-determinant is summed over them)."""

    def __init__(self, base_transform, reinterpreted_batch_ndims):
        self.base_transform, self.reinterpreted_batch_ndims = base_transform, reinterpreted_batch_ndims

    def __eq__(self, other):
        return (isinstance(other, IndependentTransform) and self.base_transform == other.base_transform
                and self.reinterpreted_batch_ndims == other.reinterpreted_batch_ndims)

    @property
    def domain(self):
        return constraints.independent(self.base_transform.domain, self.reinterpreted_batch_ndims)

    @property
    def codomain(self):
        return constraints.independent(self.base_transform.codomain, self.reinterpreted_batch_ndims)

    @property
    def bijective(self):
        return self.base_transform.bijective

    @property
    def sign(self):
        return self.base_transform.sign

    def _call(self, x):
        _check_dims(x, self.domain.event_dim)
        return self.base_transform(x)

    def _inverse(self, y):
        _check_dims(y, self.codomain.event_dim)
        return self.base_transform.inv(y)

    def log_abs_det_jacobian(self, x, y):
        return sum_rightmost(self.base_transform.log_abs_det_jacobian(x, y), self.reinterpreted_batch_ndims)

    def forward_shape(self, shape):
        return self.base_transform.forward_shape(shape)

    def inverse_shape(self, shape):
        return self.base_transform.inverse_shape(shape)

    def __repr__(self):
        return f"IndependentTransform({self.base_transform!r}, {self.reinterpreted_batch_ndims})"


def _check_dims(x, event_dim):
    if x.dim() < event_dim:
        raise ValueError(f"IndependentTransform: too few dimensions on input: shape {tuple(x.shape)}, "
                         f"the events have {event_dim}")
