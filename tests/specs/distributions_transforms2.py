"""Op specs of the transforms added beside transforms.py's first ones: SoftplusTransform's inverse and
log-determinant, the matrix transforms (NumPy references: the textbook maps, CorrCholesky's row by row), and
CatTransform / StackTransform (slices mapped apart)."""
import numpy as np

from autograd_core.distributions.matrix_transforms import (
    CorrCholeskyTransform,
    LowerCholeskyTransform,
    PositiveDefiniteTransform,
)
from autograd_core.distributions.shape_transforms import CatTransform, StackTransform
from autograd_core.distributions.transforms import ExpTransform, SigmoidTransform, SoftplusTransform

from .spec import OpSpec


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


def _u(shape, low, high):
    return lambda rng: rng.uniform(low, high, shape)


def _lower_cholesky(x):
    return np.tril(x, -1) + np.exp(np.diagonal(x, 0, -2, -1))[..., None] * np.eye(x.shape[-1])


def _corr_cholesky(x):
    """Row i takes tanh of its i entries in turn, each the signed fraction of the row's remaining unit norm."""
    d = round((0.25 + 2 * x.shape[-1]) ** 0.5 + 0.5)
    y, k = np.zeros(x.shape[:-1] + (d, d)), 0
    for i in range(d):
        for j in range(i):
            y[..., i, j] = np.tanh(x[..., k]) * np.sqrt(1 - (y[..., i, :j] ** 2).sum(-1))
            k += 1
        y[..., i, i] = np.sqrt(1 - (y[..., i, :i] ** 2).sum(-1))
    return y


def _cat_exp_sigmoid():
    """Exp on the first 2 entries of the last dim, Sigmoid on the other 3."""
    return CatTransform([ExpTransform(), SigmoidTransform()], -1, [2, 3])


def _stack_exp_softplus():
    """Exp on row 0 of dim 1, Softplus on row 1."""
    return StackTransform([ExpTransform(), SoftplusTransform()], 1)


SPECS = [
    OpSpec("dist_transform_softplus_inv", lambda y: SoftplusTransform().inv(y), lambda y: np.log(np.expm1(y)),
           make=_draw(_u((2, 3), 0.1, 3))),
    OpSpec("dist_transform_softplus_log_abs_det_jacobian",
           lambda x: SoftplusTransform().log_abs_det_jacobian(x, SoftplusTransform()(x)),
           lambda x: -np.logaddexp(0, -x), make=_draw(_u((2, 3), -3, 3))),
    OpSpec("dist_transform_lower_cholesky", lambda x: LowerCholeskyTransform()(x), _lower_cholesky,
           make=_draw(_u((2, 3, 3), -1, 1))),
    OpSpec("dist_transform_positive_definite", lambda x: PositiveDefiniteTransform()(x),
           lambda x: _lower_cholesky(x) @ np.swapaxes(_lower_cholesky(x), -1, -2), make=_draw(_u((2, 3, 3), -1, 1))),
    OpSpec("dist_transform_corr_cholesky", lambda x: CorrCholeskyTransform()(x), _corr_cholesky,
           make=_draw(_u((2, 6), -1.5, 1.5))),
    OpSpec("dist_transform_cat", lambda x: _cat_exp_sigmoid()(x),
           lambda x: np.concatenate([np.exp(x[..., :2]), 1 / (1 + np.exp(-x[..., 2:]))], -1),
           make=_draw(_u((3, 5), -2, 2))),
    OpSpec("dist_transform_stack_log_abs_det_jacobian",
           lambda x: _stack_exp_softplus().log_abs_det_jacobian(x, _stack_exp_softplus()(x)),
           lambda x: np.stack([x[:, 0], -np.logaddexp(0, -x[:, 1])], 1), make=_draw(_u((3, 2, 4), -2, 2))),
]
