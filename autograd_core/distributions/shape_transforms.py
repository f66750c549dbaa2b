"""Transforms that regroup the event dims (ReshapeTransform, IndependentTransform) or act on slices of a dim
(CatTransform, StackTransform)."""
import numpy as np

from ..ops import cat, stack
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


class CatTransform(Transform):
    """The transforms ``tseq`` applied to consecutive slices of ``dim`` (of sizes ``lengths``, 1 each by default),
    as ``cat`` joins them.

        >>> t = CatTransform([ExpTransform(), identity_transform], dim=0, lengths=[2, 3])
        >>> t(ag.zeros(5))  # tensor([1., 1., 0., 0., 0.])
    """

    def __init__(self, tseq, dim=0, lengths=None):
        self.transforms, self.dim = list(tseq), dim
        self.lengths = [1] * len(self.transforms) if lengths is None else list(lengths)
        if not all(isinstance(t, Transform) for t in self.transforms):
            raise TypeError(f"CatTransform: tseq must hold Transforms, got {self.transforms!r}")
        if len(self.lengths) != len(self.transforms):
            raise ValueError(f"CatTransform: lengths ({len(self.lengths)}) must match transforms "
                             f"({len(self.transforms)})")

    @property
    def event_dim(self):
        return max(t.event_dim for t in self.transforms)

    @property
    def bijective(self):
        return all(t.bijective for t in self.transforms)

    @property
    def domain(self):
        return constraints.cat([t.domain for t in self.transforms], self.dim, self.lengths)

    @property
    def codomain(self):
        return constraints.cat([t.codomain for t in self.transforms], self.dim, self.lengths)

    def _slices(self, z, name):
        _check_size(self, z, name, sum(self.lengths))
        starts = np.cumsum([0] + self.lengths[:-1])
        return [z.narrow(self.dim, int(start), n) for start, n in zip(starts, self.lengths)]

    def _call(self, x):
        return cat([t(s) for t, s in zip(self.transforms, self._slices(x, "x"))], self.dim)

    def _inverse(self, y):
        return cat([t.inv(s) for t, s in zip(self.transforms, self._slices(y, "y"))], self.dim)

    def log_abs_det_jacobian(self, x, y):
        """Each part's, summed to this transform's event_dim, then joined along ``dim`` where that is a batch
        dim of the result, else added, as torch's."""
        parts = [sum_rightmost(t.log_abs_det_jacobian(xs, ys), self.event_dim - t.event_dim)
                 for t, xs, ys in zip(self.transforms, self._slices(x, "x"), self._slices(y, "y"))]
        dim = (self.dim - x.dim() if self.dim >= 0 else self.dim) + self.event_dim
        return cat(parts, dim) if dim < 0 else sum(parts)

    def __repr__(self):
        return f"CatTransform({self.transforms!r}, dim={self.dim}, lengths={self.lengths})"


class StackTransform(Transform):
    """The transforms ``tseq`` applied to the slices along ``dim`` (one each), as ``stack`` joins them.

        >>> StackTransform([ExpTransform(), identity_transform], dim=1)(ag.zeros(4, 2))  # column 0 ones, column 1 zeros
    """

    def __init__(self, tseq, dim=0):
        self.transforms, self.dim = list(tseq), dim
        if not all(isinstance(t, Transform) for t in self.transforms):
            raise TypeError(f"StackTransform: tseq must hold Transforms, got {self.transforms!r}")

    @property
    def bijective(self):
        return all(t.bijective for t in self.transforms)

    @property
    def domain(self):
        return constraints.stack([t.domain for t in self.transforms], self.dim)

    @property
    def codomain(self):
        return constraints.stack([t.codomain for t in self.transforms], self.dim)

    def _slices(self, z, name):
        _check_size(self, z, name, len(self.transforms))
        return [z.select(self.dim, i) for i in range(len(self.transforms))]

    def _call(self, x):
        return stack([t(s) for t, s in zip(self.transforms, self._slices(x, "x"))], self.dim)

    def _inverse(self, y):
        return stack([t.inv(s) for t, s in zip(self.transforms, self._slices(y, "y"))], self.dim)

    def log_abs_det_jacobian(self, x, y):
        return stack([t.log_abs_det_jacobian(xs, ys) for t, xs, ys in
                      zip(self.transforms, self._slices(x, "x"), self._slices(y, "y"))], self.dim)

    def __repr__(self):
        return f"StackTransform({self.transforms!r}, dim={self.dim})"


def _check_size(transform, z, name, size):
    """``z`` has ``transform.dim`` and ``size`` entries along it."""
    kind, dim = type(transform).__name__, transform.dim
    if not -z.dim() <= dim < z.dim():
        raise IndexError(f"{kind}: dim {dim} out of range for {name} with {z.dim()} dimensions")
    if z.shape[dim] != size:
        raise ValueError(f"{kind}: {name}.size({dim}) = {z.shape[dim]} must equal {size}, the total length of "
                         "the transforms")
