"""A positive-definite scale matrix given as exactly one of ``covariance_matrix``, ``precision_matrix`` or
``scale_tril``: how MultivariateNormal and Wishart take theirs, and the three views of it."""
from functools import cached_property

from ..linalg import cholesky
from ..ops import cholesky_inverse


def one_scale_matrix(dist, covariance_matrix, precision_matrix, scale_tril):
    """``(name, matrix)`` of the one given, or a ValueError naming ``dist``."""
    given = {k: v for k, v in [("covariance_matrix", covariance_matrix), ("precision_matrix", precision_matrix),
                               ("scale_tril", scale_tril)] if v is not None}
    if len(given) != 1:
        raise ValueError(f"{dist}: exactly one of covariance_matrix or precision_matrix or scale_tril may be "
                         f"specified, got {sorted(given) or 'none'}.")
    (name, matrix), = given.items()
    if matrix.dim() < 2:
        raise ValueError(f"{dist}: {name} must be at least two-dimensional, with optional leading batch dimensions, "
                         f"got shape {tuple(matrix.shape)}.")
    return name, matrix


def scale_tril_of(name, matrix):
    """The lower Cholesky factor of the covariance given as ``name``."""
    if name == "scale_tril":
        return matrix
    if name == "covariance_matrix":
        return cholesky(matrix)
    return cholesky(cholesky_inverse(cholesky(matrix)))


class ScaleMatrices:
    """``scale_tril``, ``covariance_matrix`` and ``precision_matrix`` of ``_unbroadcasted_scale_tril``, expanded to
    the batch shape and computed on first use (the one given is set by the constructor instead)."""

    def _full(self, matrix):
        return matrix.expand(self._batch_shape + matrix.shape[-2:])

    @cached_property
    def scale_tril(self):
        return self._full(self._unbroadcasted_scale_tril)

    @cached_property
    def covariance_matrix(self):
        L = self._unbroadcasted_scale_tril
        return self._full(L @ L.mT)

    @cached_property
    def precision_matrix(self):
        return self._full(cholesky_inverse(self._unbroadcasted_scale_tril))
