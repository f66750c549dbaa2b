"""``autograd_core.linalg``: linear algebra under ``torch.linalg``'s names (``ag.linalg.inv(a)`` ...).

The ops live in ``autograd_core/ops/linalg*.py``; see their docstrings for the gradients and their limits.
"""
from .ops.arithmetic import matmul
from .ops.contraction import cross as _cross
from .ops.linalg import (EighResult, LinAlgError, QRResult, SlogdetResult, SVDResult, cholesky, det, eigh, eigvalsh,
                         inv, matrix_norm, matrix_power, norm, pinv, qr, slogdet, solve, svd, svdvals, vector_norm)
from .ops.linalg_eig import EigResult, eig, eigvals
from .ops.linalg_functions import cond, matrix_exp, matrix_rank, multi_dot, vander, vecdot
from .ops.linalg_householder import householder_product
from .ops.linalg_ldl import ldl_factor, ldl_factor_ex, ldl_solve
from .ops.linalg_lu import cholesky_ex, inv_ex, lu, lu_factor, lu_factor_ex, lu_solve, solve_ex
from .ops.linalg_solve import lstsq, solve_triangular, tensorinv, tensorsolve
from .ops.shape import diagonal as _diagonal


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The ``offset``-th diagonal of the matrices of ``A`` (dims ``dim1``, ``dim2``): ``ag.diagonal``
    with the defaults of the last two dims."""
    return _diagonal(A, offset, dim1, dim2)


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (default the last), after broadcasting."""
    return _cross(input, other, dim)


__all__ = ["EigResult", "EighResult", "LinAlgError", "QRResult", "SVDResult", "SlogdetResult", "cholesky",
           "cholesky_ex", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh",
           "householder_product", "inv", "inv_ex", "ldl_factor", "ldl_factor_ex", "ldl_solve", "lstsq", "lu",
           "lu_factor", "lu_factor_ex", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power",
           "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet", "solve", "solve_ex", "solve_triangular",
           "svd", "svdvals", "tensorinv", "tensorsolve", "vander", "vecdot", "vector_norm"]
