"""Wishart distribution over positive-definite matrices."""
import math
import warnings

import numpy as np

from ..creation import arange
from ..dtypes import finfo
from ..linalg import slogdet
from ..ops import cholesky_solve, mvlgamma, where
from . import constraints
from .chi2 import Chi2
from .distribution import _holds
from .exp_family import ExponentialFamily
from .multivariate_normal import half_log_det
from .scale_matrices import ScaleMatrices, one_scale_matrix, scale_tril_of
from .utils import as_tensor_like, standard_normal

_LOG_2 = math.log(2)


def _mvdigamma(x, p):
    """The multivariate digamma function: ``sum_{j < p} digamma(x - j / 2)``."""
    return (x.unsqueeze(-1) - arange(p, dtype=x.dtype, device=x.device) / 2).digamma().sum(-1)


class Wishart(ScaleMatrices, ExponentialFamily):
    """Wishart distribution over ``p x p`` positive-definite matrices with ``df`` degrees of freedom (greater than
    ``p - 1``) and exactly one of ``covariance_matrix``, ``precision_matrix`` or ``scale_tril`` (its lower Cholesky
    factor) as the scale matrix. Samples come from the Bartlett decomposition, differentiable through Chi2's
    (Gamma's) rsample.

    Example:
        >>> Wishart(ag.tensor(3.0), covariance_matrix=ag.eye(2)).sample()  # mean 3 I
    """
    support = constraints.positive_definite
    has_rsample = True
    _mean_carrier_measure = 0

    @property
    def arg_constraints(self):
        return {"covariance_matrix": constraints.positive_definite, "precision_matrix": constraints.positive_definite,
                "scale_tril": constraints.lower_cholesky, "df": constraints.greater_than(self._event_shape[-1] - 1)}

    def __init__(self, df, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        name, matrix = one_scale_matrix("Wishart", covariance_matrix, precision_matrix, scale_tril)
        if matrix.shape[-1] != matrix.shape[-2]:
            raise ValueError(f"Wishart: {name} must be square, got shape {tuple(matrix.shape)}.")
        df = as_tensor_like(df, matrix)
        batch_shape = np.broadcast_shapes(matrix.shape[:-2], df.shape)
        p = matrix.shape[-1]
        self.df = df.expand(batch_shape)
        if not _holds(constraints.greater_than(p - 1), self.df):  # checked on the CPU only, as the arguments
            raise ValueError(f"Wishart: value of df={df} expected to be greater than ndim - 1 = {p - 1}.")
        if not _holds(constraints.greater_than_eq(p), self.df):
            warnings.warn("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < "
                          "ndim.", stacklevel=2)
        setattr(self, name, matrix.expand(batch_shape + (p, p)))
        super().__init__(batch_shape, (p, p), validate_args=validate_args)  # checks the matrix before cholesky does
        self._unbroadcasted_scale_tril = scale_tril_of(name, matrix)

    def _df_matrix(self):
        return self.df.reshape(self._batch_shape + (1, 1))

    @property
    def mean(self):
        return self._df_matrix() * self.covariance_matrix

    @property
    def mode(self):
        """``(df - p - 1) covariance_matrix``; nan where ``df <= p + 1``."""
        factor = self.df - self._event_shape[-1] - 1
        factor = factor.masked_fill(factor <= 0, float("nan"))
        return factor.reshape(self._batch_shape + (1, 1)) * self.covariance_matrix

    @property
    def variance(self):
        V = self.covariance_matrix
        diag = V.diagonal(0, -2, -1)
        return self._df_matrix() * (V.square() + diag.unsqueeze(-1) * diag.unsqueeze(-2))

    def _bartlett_sampling(self, sample_shape):
        """``L A A^T L^T`` for lower-triangular ``A``: square roots of Chi2(df - i) draws on the diagonal, N(0, 1)
        below it."""
        p = self._event_shape[-1]
        chi2 = Chi2(self.df.unsqueeze(-1) - arange(p, dtype=self.df.dtype, device=self.df.device),
                    validate_args=False)
        diagonal = chi2.rsample(sample_shape).sqrt().clamp(min=float(finfo(self.df.dtype).eps))
        shape = self._extended_shape(sample_shape)
        noise = standard_normal(shape, self.df).tril(-1) + diagonal.diag_embed()
        chol = self._unbroadcasted_scale_tril @ noise
        return chol @ chol.mT

    def rsample(self, sample_shape=(), max_try_correction=10):
        """Bartlett draws; a singular draw (possible for ``df`` below ``p``) is drawn again up to
        ``max_try_correction`` times (each round reads on the host whether any is left)."""
        sample = self._bartlett_sampling(sample_shape)
        singular = ~self.support.check(sample)
        if singular.any().item():
            warnings.warn("Singular sample detected.", stacklevel=2)
            for _ in range(max_try_correction):
                sample = where(singular.unsqueeze(-1).unsqueeze(-1), self._bartlett_sampling(sample_shape), sample)
                singular = ~self.support.check(sample)
                if not singular.any().item():
                    break
        return sample

    def _log_norm_scale(self):
        """``p log(2) / 2 + log det(L)``."""
        return self._event_shape[-1] * _LOG_2 / 2 + half_log_det(self._unbroadcasted_scale_tril)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        nu, p = self.df, self._event_shape[-1]
        trace = cholesky_solve(value, self._unbroadcasted_scale_tril).diagonal(0, -2, -1).sum(-1)
        return (-nu * self._log_norm_scale() - mvlgamma(nu / 2, p) + (nu - p - 1) / 2 * slogdet(value).logabsdet
                - trace / 2)

    def entropy(self):
        nu, p = self.df, self._event_shape[-1]
        return ((p + 1) * self._log_norm_scale() + mvlgamma(nu / 2, p) - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p)
                + nu * p / 2)

    @property
    def _natural_params(self):
        return -self.precision_matrix / 2, (self.df - self._event_shape[-1] - 1) / 2

    def _log_normalizer(self, x, y):
        p = self._event_shape[-1]
        shifted = y + (p + 1) / 2
        return shifted * (-slogdet(-2 * x).logabsdet + _LOG_2 * p) + mvlgamma(shifted, p)
