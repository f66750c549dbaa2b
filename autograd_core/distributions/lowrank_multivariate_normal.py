"""Multivariate normal with a low-rank plus diagonal covariance ``W W^T + diag(D)``."""
import math

import numpy as np

from ..creation import eye
from ..linalg import cholesky, solve_triangular
from ..ops import diag_embed
from . import constraints
from .distribution import Distribution
from .multivariate_normal import half_log_det, mahalanobis
from .utils import standard_normal


def _plus_identity(matrix):
    return matrix + eye(matrix.shape[-1], dtype=matrix.dtype, device=matrix.device)


def capacitance_tril(W, D):
    """The Cholesky factor of the capacitance matrix ``I + W^T D^-1 W``."""
    Wt_Dinv = W.mT / D.unsqueeze(-2)
    return cholesky(_plus_identity(Wt_Dinv @ W))


def lowrank_log_det(W, D, cap_tril):
    """``log det(W W^T + D) = log det(C) + log det(D)`` (the matrix determinant lemma)."""
    return 2 * half_log_det(cap_tril) + D.log().sum(-1)


def lowrank_mahalanobis(W, D, x, cap_tril):
    """``x^T (W W^T + D)^-1 x``, by the Woodbury identity ``D^-1 - D^-1 W C^-1 W^T D^-1``."""
    Wt_Dinv_x = ((W.mT / D.unsqueeze(-2)) @ x.unsqueeze(-1)).squeeze(-1)
    return (x.square() / D).sum(-1) - mahalanobis(cap_tril, Wt_Dinv_x)


class LowRankMultivariateNormal(Distribution):
    """Multivariate normal with mean ``loc`` (``(..., n)``) and covariance ``cov_factor @ cov_factor.mT +
    diag(cov_diag)`` for ``cov_factor`` of shape ``(..., n, m)`` and positive ``cov_diag`` (``(..., n)``):
    log_prob and entropy cost ``O(n m^2)`` through the ``m x m`` capacitance matrix ``I + W^T D^-1 W``.

    Example:
        >>> LowRankMultivariateNormal(ag.zeros(2), ag.tensor([[1.0], [0.0]]), ag.ones(2)).sample()
    """
    arg_constraints = {"loc": constraints.real_vector, "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("LowRankMultivariateNormal: loc must be at least one-dimensional, got a 0-d tensor.")
        n = loc.shape[-1]
        if cov_factor.dim() < 2:
            raise ValueError("LowRankMultivariateNormal: cov_factor must be at least two-dimensional, with optional "
                             f"leading batch dimensions, got shape {tuple(cov_factor.shape)}.")
        if cov_factor.shape[-2] != n:
            raise ValueError(f"LowRankMultivariateNormal: cov_factor must be a batch of matrices with shape {n} x m, "
                             f"got {tuple(cov_factor.shape)}.")
        if cov_diag.shape[-1:] != (n,):
            raise ValueError(f"LowRankMultivariateNormal: cov_diag must be a batch of vectors with shape ({n},), got "
                             f"{tuple(cov_diag.shape)}.")
        try:
            shape = np.broadcast_shapes(loc.shape[:-1], cov_factor.shape[:-2], cov_diag.shape[:-1])
        except ValueError:
            raise ValueError(f"LowRankMultivariateNormal: incompatible batch shapes: loc {tuple(loc.shape)}, "
                             f"cov_factor {tuple(cov_factor.shape)}, cov_diag {tuple(cov_diag.shape)}") from None
        self.loc, self.cov_diag = loc.expand(shape + (n,)), cov_diag.expand(shape + (n,))
        self.cov_factor = cov_factor.expand(shape + cov_factor.shape[-2:])
        self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag = cov_factor, cov_diag
        super().__init__(shape, (n,), validate_args=validate_args)
        self._capacitance_tril = capacitance_tril(cov_factor, cov_diag)

    def _full(self, matrix):
        return matrix.expand(self._batch_shape + self._event_shape + self._event_shape)

    @property
    def mean(self):
        return self.loc

    mode = mean

    @property
    def variance(self):
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return (W.square().sum(-1) + D).expand(self._batch_shape + self._event_shape)

    @property
    def scale_tril(self):
        """``D^1/2 cholesky(I + D^-1/2 W W^T D^-1/2)``: the matrix factored has eigenvalues at least 1."""
        d_sqrt = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        Dinvsqrt_W = self._unbroadcasted_cov_factor / d_sqrt
        return self._full(d_sqrt * cholesky(_plus_identity(Dinvsqrt_W @ Dinvsqrt_W.mT)))

    @property
    def covariance_matrix(self):
        W = self._unbroadcasted_cov_factor
        return self._full(W @ W.mT + diag_embed(self._unbroadcasted_cov_diag))

    @property
    def precision_matrix(self):
        """By the Woodbury identity."""
        D = self._unbroadcasted_cov_diag
        A = solve_triangular(self._capacitance_tril, self._unbroadcasted_cov_factor.mT / D.unsqueeze(-2), upper=False)
        return self._full(diag_embed(D.reciprocal()) - A.mT @ A)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps_W = standard_normal(shape[:-1] + self.cov_factor.shape[-1:], self.loc)
        eps_D = standard_normal(shape, self.loc)
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return self.loc + (W @ eps_W.unsqueeze(-1)).squeeze(-1) + D.sqrt() * eps_D

    def _log_det(self):
        return lowrank_log_det(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag, self._capacitance_tril)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        m = lowrank_mahalanobis(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag, value - self.loc,
                                self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + self._log_det() + m)

    def entropy(self):
        h = 0.5 * (self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._log_det())
        return h.expand(self._batch_shape)
