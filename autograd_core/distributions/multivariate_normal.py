"""Multivariate normal distribution, parameterized by a covariance, a precision or a lower Cholesky factor."""
import math

import numpy as np

from ..linalg import solve_triangular
from . import constraints
from .distribution import Distribution
from .scale_matrices import ScaleMatrices, one_scale_matrix, scale_tril_of
from .utils import standard_normal


def mahalanobis(scale_tril, diff):
    """``diff^T (L L^T)^-1 diff`` over the last dim, batch dims broadcast."""
    shape = np.broadcast_shapes(scale_tril.shape[:-2], diff.shape[:-1])
    n = diff.shape[-1]
    z = solve_triangular(scale_tril.expand(shape + (n, n)), diff.expand(shape + (n,)).unsqueeze(-1), upper=False)
    return z.squeeze(-1).square().sum(-1)


def half_log_det(scale_tril):
    """``log det(L)`` = half the log-determinant of ``L L^T``."""
    return scale_tril.diagonal(0, -2, -1).log().sum(-1)


class MultivariateNormal(ScaleMatrices, Distribution):
    """Multivariate normal with mean ``loc`` (``(..., n)``) and exactly one of ``covariance_matrix``,
    ``precision_matrix`` or ``scale_tril`` (lower-triangular with a positive diagonal), each ``(..., n, n)``;
    batch dims broadcast."""
    arg_constraints = {"loc": constraints.real_vector, "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("MultivariateNormal: loc must be at least one-dimensional, got a 0-d tensor.")
        name, matrix = one_scale_matrix("MultivariateNormal", covariance_matrix, precision_matrix, scale_tril)
        n = loc.shape[-1]
        if matrix.shape[-2:] != (n, n):
            raise ValueError(f"MultivariateNormal: {name} of shape {tuple(matrix.shape)} does not match loc of shape "
                             f"{tuple(loc.shape)}: expected (..., {n}, {n}).")
        batch_shape = np.broadcast_shapes(matrix.shape[:-2], loc.shape[:-1])
        setattr(self, name, matrix.expand(batch_shape + (n, n)))
        self.loc = loc.expand(batch_shape + (n,))
        super().__init__(batch_shape, (n,), validate_args=validate_args)  # checks the matrix before cholesky does
        self._unbroadcasted_scale_tril = scale_tril_of(name, matrix)

    @property
    def mean(self):
        return self.loc

    mode = mean

    @property
    def variance(self):
        return self._unbroadcasted_scale_tril.square().sum(-1).expand(self._batch_shape + self._event_shape)

    def rsample(self, sample_shape=()):
        eps = standard_normal(self._extended_shape(sample_shape), self.loc)
        return self.loc + (self._unbroadcasted_scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        m = mahalanobis(self._unbroadcasted_scale_tril, value - self.loc)
        n = self._event_shape[0]
        return -0.5 * (n * math.log(2 * math.pi) + m) - half_log_det(self._unbroadcasted_scale_tril)

    def entropy(self):
        n = self._event_shape[0]
        h = 0.5 * n * (1.0 + math.log(2 * math.pi)) + half_log_det(self._unbroadcasted_scale_tril)
        return h.expand(self._batch_shape)
