"""Transforms onto matrices: LowerCholeskyTransform, PositiveDefiniteTransform and CorrCholeskyTransform."""
import math

import numpy as np

from ..creation import eye
from ..dtypes import finfo
from ..linalg import cholesky
from ..ops import cat, pad
from . import constraints
from .transforms import Transform, _same_class
from .utils import softplus


class LowerCholeskyTransform(Transform):
    """Unconstrained square matrices onto lower-triangular ones with a positive diagonal: the strict lower
    triangle kept, the diagonal exponentiated (the upper triangle dropped, so not bijective)."""
    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.lower_cholesky
    __eq__ = _same_class

    def _call(self, x):
        return x.tril(-1) + x.diagonal(0, -2, -1).exp().diag_embed()

    def _inverse(self, y):
        return y.tril(-1) + y.diagonal(0, -2, -1).log().diag_embed()


class PositiveDefiniteTransform(Transform):
    """Unconstrained square matrices onto positive-definite ones: ``L L^T`` of their LowerCholeskyTransform."""
    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite
    __eq__ = _same_class

    def _call(self, x):
        factor = LowerCholeskyTransform()(x)
        return factor @ factor.mT

    def _inverse(self, y):
        return LowerCholeskyTransform().inv(cholesky(y))


class CorrCholeskyTransform(Transform):
    """Unconstrained vectors of length ``D (D - 1) / 2`` onto the Cholesky factors of D x D correlation matrices:
    ``tanh`` of each entry is the fraction of what is left of its row's unit norm (stick breaking on the squares),
    filled into the strict lower triangle row by row. The log-determinant is that of the map onto the strict lower
    triangle (the diagonal follows from it), as torch's."""
    domain = constraints.real_vector
    codomain = constraints.corr_cholesky
    bijective = True
    __eq__ = _same_class

    def _call(self, x):
        eps = float(finfo(x.dtype).eps)
        r = _vector_to_tril(x.tanh().clamp(min=-1 + eps, max=1 - eps))
        left = (1 - r.square()).sqrt().cumprod(-1)  # sqrt of what is left of each row's norm after each entry
        n = r.shape[-1]
        return (r + eye(n, dtype=r.dtype, device=r.device)) * pad(left[..., :-1], (1, 0), value=1.0)

    def _inverse(self, y):
        left = pad((1 - (y * y).cumsum(-1))[..., :-1], (1, 0), value=1.0)
        t = _tril_to_vector(y) / _tril_to_vector(left).sqrt()
        return (t.log1p() - (-t).log1p()) / 2  # atanh

    def log_abs_det_jacobian(self, x, y):
        left = 1 - (y * y).cumsum(-1)
        stick_breaking = 0.5 * _tril_to_vector(left, -2).log().sum(-1)  # the diagonal below: unshifted
        tanh = -2 * (x + softplus(-2 * x) - math.log(2.0)).sum(-1)
        return stick_breaking + tanh

    def forward_shape(self, shape):
        _check_dims(shape, 1)
        n = shape[-1]
        d = round((0.25 + 2 * n) ** 0.5 + 0.5)
        if d * (d - 1) // 2 != n:
            raise ValueError(f"CorrCholeskyTransform: the last dim ({n}) is not a triangular number D (D - 1) / 2")
        return tuple(shape[:-1]) + (d, d)

    def inverse_shape(self, shape):
        _check_dims(shape, 2)
        if shape[-2] != shape[-1]:
            raise ValueError(f"CorrCholeskyTransform: expects square matrices, got shape {tuple(shape)}")
        return tuple(shape[:-2]) + (shape[-1] * (shape[-1] - 1) // 2,)


def _check_dims(shape, ndim):
    if len(shape) < ndim:
        raise ValueError(f"CorrCholeskyTransform: too few dimensions on input: shape {tuple(shape)}, expected at "
                         f"least {ndim}")


def _tril_to_vector(matrix, diagonal=-1):
    """The entries of the lower triangle below ``diagonal``, row by row (torch's order)."""
    rows, cols = np.tril_indices(matrix.shape[-1], diagonal)
    return matrix[..., rows, cols]


def _vector_to_tril(vector):
    """The D x D matrix with ``vector`` (of length D (D - 1) / 2) in its strict lower triangle, row by row."""
    n = vector.shape[-1]
    d = CorrCholeskyTransform().forward_shape((n,))[-1]
    where = np.full((d, d), n)  # position in vector of each entry; n is a 0 appended to it
    where[np.tril_indices(d, -1)] = np.arange(n)
    padded = cat([vector, vector.new_zeros(vector.shape[:-1] + (1,))], -1)
    return padded[..., where]
