"""The LU factorization ``A = P L U`` (partial pivoting) and what reads its result: ``lu_factor``, ``lu``,
``lu_solve``, ``lu_unpack``, and the ``*_ex`` variants that report a failure in ``info`` instead of raising.

NumPy and CuPy have no batched LU, so it is Gaussian elimination written on whole batches: one step per
column, each a few array operations. Its pivots are LAPACK's (int32, 1-based: row ``i`` was swapped with
row ``pivots[i]``), and ``info`` is too (0, or the 1-based index of the first zero on U's diagonal).
The gradient of ``(L, U)`` is PyTorch's linalg_lu_backward (square, wide and tall cases) written with
differentiable ops, so double backward works.
"""
import math
from collections import namedtuple

import numpy as np

from ..backend import check, get_array_module, to_numpy
from ..function import Function, dual
from ._util import as_tensor, raw, zeros_as
from .elementwise import where
from .complex_parts import conj
from .linalg import LinAlgError, _matrix, _mH, _right_solve_t, _solve, _tril, _triu, cholesky, inv, mT, solve, system
from .linalg_solve import solve_triangular
from .shape import Concatenate

LUResult = namedtuple("LUResult", ["P", "L", "U"])
LUFactorResult = namedtuple("LUFactorResult", ["LU", "pivots"])
LUFactorExResult = namedtuple("LUFactorExResult", ["LU", "pivots", "info"])
InvExResult = namedtuple("InvExResult", ["inverse", "info"])
CholeskyExResult = namedtuple("CholeskyExResult", ["L", "info"])
SolveExResult = namedtuple("SolveExResult", ["result", "info"])


def _eliminate(a, pivot=True):
    """``(packed LU, 0-based pivots)`` of a batch of matrices ``a`` (..., m, n); without ``pivot`` no
    rows are swapped (pivots are then ``None``)."""
    xp = get_array_module(a)
    m, n = a.shape[-2:]
    k = min(m, n)
    lu = a.reshape((math.prod(a.shape[:-2]), m, n)).copy()  # not -1: that fails on an empty batch or matrix
    batch = xp.arange(lu.shape[0])
    pivots = xp.zeros((lu.shape[0], k), dtype=np.int32) if pivot else None
    for j in range(k):
        if pivot:
            p = j + xp.argmax(_magnitude(lu[:, j:, j]), axis=1)
            pivots[:, j] = p
            row = lu[batch, j].copy()
            lu[batch, j] = lu[batch, p]
            lu[batch, p] = row
        d = lu[:, j, j]
        lu[:, j + 1:, j] /= xp.where(d == 0, 1, d)[:, None]  # a zero pivot has a zero column below it
        lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j:j + 1] * lu[:, j:j + 1, j + 1:]
    return lu.reshape(a.shape), None if pivots is None else pivots.reshape(a.shape[:-2] + (k,))


def _magnitude(column):
    """What partial pivoting maximises: ``|x|``, or ``|Re x| + |Im x|`` for complex x (LAPACK's, so the
    pivots are LAPACK's)."""
    xp = get_array_module(column)
    if column.dtype.kind == "c":
        return xp.abs(column.real) + xp.abs(column.imag)
    return xp.abs(column)


def _first(failed):
    """LAPACK's info: the 1-based index of the first True along the last dim, 0 where there is none."""
    xp = get_array_module(failed)
    if failed.shape[-1] == 0:  # an empty matrix: argmax refuses an empty axis
        return xp.zeros(failed.shape[:-1], np.int32)
    return xp.where(failed.any(axis=-1), failed.argmax(axis=-1) + 1, 0).astype(np.int32)


def _diagonal(a):
    return a.diagonal(axis1=-2, axis2=-1)


def _permutation(pivots, m, dtype):
    """``P`` (..., m, m) of ``dtype`` with ``A = P L U`` from 0-based LAPACK ``pivots`` (..., k): the row
    swaps in turn."""
    xp = get_array_module(pivots)
    count = math.prod(pivots.shape[:-1])
    perm = xp.broadcast_to(xp.arange(m), (count, m)).copy()
    flat = pivots.reshape(count, pivots.shape[-1])
    batch = xp.arange(perm.shape[0])
    for j in range(flat.shape[1]):
        row = perm[:, j].copy()
        perm[:, j] = perm[batch, flat[:, j]]
        perm[batch, flat[:, j]] = row
    return mT(xp.eye(m, dtype=dtype)[perm].reshape(pivots.shape[:-1] + (m, m)))


def _unpacked(lu):
    """``(L, U)`` from a packed LU (array or Tensor): L's strict lower part with a unit diagonal, U's upper."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    L = _tril(lu[..., :k], -1) + get_array_module(raw(lu)).eye(m, k, dtype=lu.dtype)
    return L, _triu(lu[..., :k, :])


class LUFactors(Function):
    """``(L, U)`` of ``A = P L U`` from the factorization ``packed`` and the permutation ``P`` (arrays
    computed from A beforehand): the differentiable link from ``A`` to its factors."""
    complex_autograd = "holomorphic"

    def __init__(self, packed, P):
        self.packed, self.P = packed, P

    def forward(self, a):
        L, U = _unpacked(self.packed)
        self.save_for_backward(L, U)
        return L, U

    def backward(self, gL, gU):
        L, U = self.saved_tensors
        m, n = L.shape[-2], U.shape[-1]
        k = min(m, n)
        if m == n:
            inner = 0.0 if gL is None else _tril(mT(L) @ gL, -1)
            if gU is not None:
                inner = inner + _triu(gU @ mT(U))
            return self.P @ _solve(mT(L), _right_solve_t(inner, U))
        if m < n:  # wide: U = [U1 | U2], U1 square
            inner = 0.0 if gL is None else mT(L) @ gL
            if gU is not None:
                inner = inner - _triu(gU) @ mT(U)
            g = _right_solve_t(_tril(inner, -1), U[..., :k])
            rest = zeros_as(U[..., k:]) if gU is None else gU[..., k:]
            g = g if gU is None else g + _triu(gU[..., :k])
            return self.P @ _solve(mT(L), dual(Concatenate(-1), g, rest))
        inner = 0.0 if gU is None else gU @ mT(U)  # tall: L = [L1; L2], L1 square
        if gL is not None:
            inner = inner - mT(L) @ _tril(gL, -1)
        g = _solve(mT(L[..., :k, :]), _triu(inner))
        rest = zeros_as(L[..., k:, :]) if gL is None else gL[..., k:, :]
        g = g if gL is None else g + _tril(gL[..., :k, :], -1)
        return self.P @ _right_solve_t(dual(Concatenate(-2), g, rest), U)


def _check_pivot(op, pivot):
    if not pivot:
        raise ValueError(f"linalg.{op}: LU without pivoting is not supported (as PyTorch on the CPU)")


def _raise_if_failed(op, info, what):
    """A LinAlgError naming ``op`` where any ``info`` is non-zero (on a GPU, at the next copy to the host)."""
    def error():
        failed = to_numpy(info)
        first = tuple(int(i) for i in np.argwhere(failed)[0])
        batch = f" {first} of the batch" if first else ""
        return LinAlgError(f"linalg.{op}: the matrix{batch} {what} (info = {int(failed[first])})")
    check(info.any(), error)


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """``(LU, pivots, info)``: the LU factorization of ``A`` (..., m, n) packed in one matrix (L's strict
    lower part and U), LAPACK's int32 1-based ``pivots`` and ``info`` (0, or the 1-based index of U's
    first zero diagonal entry). ``check_errors=True`` raises where ``info`` is not 0."""
    A = _matrix("lu_factor_ex", A)
    _check_pivot("lu_factor_ex", pivot)
    packed, pivots = _eliminate(A._data)
    info = _first(_diagonal(packed)[..., :min(A.shape[-2:])] == 0)
    if check_errors:
        _raise_if_failed("lu_factor_ex", info, "is singular: U has a zero on its diagonal")
    L, U = LUFactors(packed, _permutation(pivots, A.shape[-2], A.dtype))(A)
    m, n = A.shape[-2:]
    lower = _tril(L, -1)
    LU = lower + dual(Concatenate(-2), U, zeros_as(lower[..., n:, :])) if m >= n else \
        dual(Concatenate(-1), lower, zeros_as(U[..., m:])) + U
    return LUFactorExResult(LU, as_tensor(pivots + 1), as_tensor(info))


def lu_factor(A, *, pivot=True):
    """``(LU, pivots)`` as ``lu_factor_ex``, raising LinAlgError where ``A`` is singular (as PyTorch:
    ``lu_solve`` would divide by zero); ``linalg.lu`` factors singular matrices."""
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    _raise_if_failed("lu_factor", info._data, "is singular: U has a zero on its diagonal")
    return LUFactorResult(LU, pivots)


def lu(A, *, pivot=True):
    """``(P, L, U)`` with ``A = P L U`` for ``A`` (..., m, n): P a permutation matrix, L (m, k) lower
    triangular with a unit diagonal, U (k, n) upper triangular, k = min(m, n). Differentiable in L and U."""
    A = _matrix("lu", A)
    _check_pivot("lu", pivot)
    packed, pivots = _eliminate(A._data)
    P = _permutation(pivots, A.shape[-2], A.dtype)
    return LUResult(as_tensor(P), *LUFactors(packed, P)(A))


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """``(P, L, U)`` from ``lu_factor``'s ``(LU, pivots)``; a part not unpacked is an empty tensor."""
    LU_data = _matrix("lu_unpack", LU_data)
    empty = as_tensor(get_array_module(LU_data._data).zeros((0,), dtype=LU_data.dtype))
    L, U = _unpacked(LU_data) if unpack_data else (empty, empty)
    P = as_tensor(_permutation(_pivots("lu_unpack", LU_pivots, LU_data), LU_data.shape[-2], LU_data.dtype)) \
        if unpack_pivots else empty
    return LUResult(P, L, U)


def _pivots(op, pivots, LU):
    """0-based pivots from ``lu_factor``'s int32 1-based ones, checked against ``LU``."""
    pivots = as_tensor(pivots)
    k = min(LU.shape[-2:])
    if pivots.dtype != np.int32 or pivots.shape != LU.shape[:-2] + (k,):
        raise ValueError(f"linalg.{op}: pivots must be int32 of shape {LU.shape[:-2] + (k,)} for LU of shape "
                         f"{LU.shape}, got {pivots.dtype} of shape {pivots.shape}")
    return pivots._data - 1


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """The solution ``X`` of ``A X = B`` given ``lu_factor(A)``: ``A^H X = B`` with ``adjoint``, ``X A = B``
    with ``left=False``. ``B`` has at least 2 dims; batch dims broadcast. Differentiable in LU and B."""
    LU = _matrix("lu_solve", LU, square=True)
    P = _permutation(_pivots("lu_solve", pivots, LU), LU.shape[-1], LU.dtype)
    _, B, _ = system("lu_solve", LU, B, left, vectors=False)  # the checks; B as a left system's
    if adjoint:  # A^H = conj(A)^T: the same systems with the conjugate factors
        LU = conj(LU)
    if adjoint == left:  # solve A^T Y = B: A^T = U^T L^T P^T
        Y = solve_triangular(mT(LU), B, upper=False)
        X = P @ solve_triangular(mT(LU), Y, upper=True, unitriangular=True)
    else:  # solve A Y = B: A = P L U
        Y = solve_triangular(LU, mT(P) @ B, upper=False, unitriangular=True)
        X = solve_triangular(LU, Y, upper=True)
    return X if left else mT(X)


def _lu_info(a):
    """LAPACK's info of the LU factorizations of the matrices ``a``: where U has its first zero."""
    return _first(_diagonal(_eliminate(a)[0]) == 0)


def _cholesky_info(a):
    """The order of the first leading minor of each Hermitian ``a`` (its lower triangle) that is not positive."""
    lower = _tril(a)
    pivots = _diagonal(_eliminate(lower + _mH(_tril(lower, -1)), pivot=False)[0])
    return _first(~(pivots.real > 0))  # the pivots of elimination are ratios of leading minors (real)


def _ex(op, A, compute, find_info, what, check_errors):
    """``(compute(A), info)``, where a matrix that fails (``info`` not 0) gets a NaN result, and
    ``check_errors`` raises for it. On the CPU LAPACK raises at a failure, so the usual case costs one
    factorization and ``find_info`` (an elimination in Python) runs only after a failure; on a GPU,
    which does not raise, it always runs. Failed matrices are replaced by I before ``compute``."""
    if get_array_module(A._data) is np:
        try:
            return compute(A), as_tensor(np.zeros(A.shape[:-2], np.int32))
        except LinAlgError:
            pass
    info = find_info(A._data)
    if check_errors:
        _raise_if_failed(op, info, what)
    info = as_tensor(info)
    eye = get_array_module(A._data).eye(A.shape[-1], dtype=A.dtype)
    value = compute(where(info[..., None, None] == 0, A, eye))
    return where(info.reshape(info.shape + (1,) * (value.ndim - info.ndim)) == 0, value, np.nan), info


def inv_ex(A, *, check_errors=False):
    """``(inverse, info)`` as ``linalg.inv`` but reporting a singular matrix in ``info`` (LAPACK's, int32)
    instead of raising, unless ``check_errors``; its inverse is NaN (PyTorch's holds what LAPACK left)."""
    A = _matrix("inv_ex", A, square=True)
    return InvExResult(*_ex("inv_ex", A, inv, _lu_info, "is singular: U has a zero on its diagonal", check_errors))


def solve_ex(A, B, *, left=True, check_errors=False):
    """``(result, info)`` as ``linalg.solve`` but reporting a singular ``A`` in ``info`` (LAPACK's, int32, of
    A's batch shape) instead of raising, unless ``check_errors``; its result is NaN."""
    A = _matrix("solve_ex", A, square=True)
    return SolveExResult(*_ex("solve_ex", A, lambda a: solve(a, B, left=left), _lu_info,
                              "is singular: U has a zero on its diagonal", check_errors))


def cholesky_ex(A, *, upper=False, check_errors=False):
    """``(L, info)`` as ``linalg.cholesky`` but reporting a matrix that is not positive-definite in ``info``
    (the order of its first leading minor that is not, int32) instead of raising, unless ``check_errors``;
    its factor is NaN (PyTorch's holds a partial factor)."""
    A = _matrix("cholesky_ex", A, square=True)
    return CholeskyExResult(*_ex("cholesky_ex", A, lambda a: cholesky(a, upper=upper), _cholesky_info,
                                 "is not positive-definite", check_errors))
