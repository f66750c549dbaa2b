"""Linear systems beyond ``linalg.solve``: triangular systems, least squares and systems given by a
Cholesky factor, as ``torch.linalg.solve_triangular``, ``torch.linalg.lstsq``, ``torch.cholesky_solve``.

All are compositions of differentiable ops (``Solve``, ``Pinv``, ``tril`` ...), so they have gradients
and double gradients for free: the gradient of a triangular solve reaches only the triangle it reads.
"""
import math
from collections import namedtuple

import numpy as np

from ..backend import get_array_module
from ._util import as_tensor, normalize_axis
from .arithmetic import clone
from .linalg import Pinv, Solve, _matrix, _mH, inv, mT, significant, solve, solved, system, tolerances
from .matrix import tril, triu
from .shape import permute, reshape, squeeze, unsqueeze

LstsqResult = namedtuple("LstsqResult", ["solution", "residuals", "rank", "singular_values"])
TriangularSolveResult = namedtuple("TriangularSolveResult", ["solution", "cloned_coefficient"])
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """The solution ``X`` of ``A X = B`` (``X A = B`` with ``left=False``) for a triangular ``A``: only
    its upper (``upper=True``) or lower triangle is read, and with ``unitriangular`` its diagonal is
    taken as ones. ``B`` has at least 2 dims; batch dims broadcast."""
    A = _matrix("solve_triangular", A, square=True)
    if unitriangular:
        eye = get_array_module(A._data).eye(A.shape[-1], dtype=A.dtype)
        A = (triu(A, 1) if upper else tril(A, -1)) + eye
    else:
        A = triu(A) if upper else tril(A)
    A, B, _ = system("solve_triangular", A, B, left, vectors=False)
    return solved(Solve("solve_triangular")(A, B), left, False)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """torch.triangular_solve (deprecated there): ``(solution, cloned_coefficient)``, the solution of
    ``A X = b`` (``A^T X = b`` with ``transpose``) and a copy of ``A``. Prefer ``linalg.solve_triangular``."""
    A = as_tensor(A)
    X = solve_triangular(mT(A) if transpose else A, b, upper=upper != bool(transpose), unitriangular=unitriangular)
    return TriangularSolveResult(X, clone(A))


def cholesky_solve(B, L, upper=False):
    """The solution ``X`` of ``A X = B`` for ``A = L L^H`` given its lower Cholesky factor ``L`` (or
    ``A = U^H U`` given the upper factor with ``upper=True``); only that triangle of ``L`` is read."""
    L = _matrix("cholesky_solve", L, square=True)
    lower, upper_ = (_mH(L), L) if upper else (L, _mH(L))
    return solve_triangular(upper_, solve_triangular(lower, B, upper=False), upper=True)


def cholesky_inverse(L, upper=False):
    """``A^{-1}`` for ``A = L L^H`` given its lower Cholesky factor ``L`` (``A = U^H U`` with ``upper=True``)."""
    L = _matrix("cholesky_inverse", L, square=True)
    return cholesky_solve(get_array_module(L._data).eye(L.shape[-1], dtype=L.dtype), L, upper)


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution ``X`` minimising ``||A X - B||`` (the minimum-norm one where ``A`` has
    deficient rank), as a named tuple ``(solution, residuals, rank, singular_values)``.

    ``B`` is a (batch of) matrices, or of vectors when it has one dim fewer than ``A``; batch dims
    broadcast. Singular values ``<= rcond * largest`` count as zero (default ``eps * max(m, n)``).
    ``driver`` (default 'gelsy', as PyTorch on the CPU) picks which other fields are filled, as
    PyTorch's: ``rank`` for all but 'gels'; ``singular_values`` for 'gelsd' and 'gelss'; ``residuals``
    (the squared residual norm of each column) for all but 'gelsy' when ``m > n`` and, for 'gelsd' and
    'gelss', every ``A`` has full rank. The rest are empty. Only ``solution`` has a gradient, that of
    ``pinv(A) @ B`` (as PyTorch), which assumes the rank does not change under a small perturbation.
    """
    A = _matrix("lstsq", A)
    B = as_tensor(B)
    if driver is None:
        driver = "gelsy"
    if driver not in _DRIVERS:
        raise ValueError(f"linalg.lstsq: driver must be one of {_DRIVERS} or None, got {driver!r}")
    if B.dtype != A.dtype:
        raise TypeError(f"linalg.lstsq: A and B must have the same dtype, got {A.dtype} and {B.dtype}")
    if not A.ndim - 1 <= B.ndim <= A.ndim:
        raise ValueError(f"linalg.lstsq: B must have as many dims as A {A.shape} (a batch of matrices) or one "
                         f"fewer (a batch of vectors), got shape {B.shape}")
    vector = B.ndim == A.ndim - 1
    Bm = unsqueeze(B, -1) if vector else B
    if Bm.shape[-2] != A.shape[-2]:
        raise ValueError(f"linalg.lstsq: A {A.shape} and B {B.shape} must have the same number of rows")
    try:
        np.broadcast_shapes(A.shape[:-2], Bm.shape[:-2])
    except ValueError:
        raise ValueError(f"linalg.lstsq: batch dims of A {A.shape} and B {B.shape} can't be broadcast") from None
    rtol = tolerances(A, None, rcond)[1]
    inverse = Pinv(0.0, rtol, False)
    X = inverse(A) @ Bm
    xp, a = get_array_module(A._data), A._data
    m, n = A.shape[-2:]
    empty = xp.zeros((0,), dtype=a.real.dtype)  # residuals and singular values are real
    s = inverse.values if driver != "gels" else None
    rank = significant(s, 0.0, rtol).sum(axis=-1) if s is not None else empty.astype(np.int64)
    residuals = empty
    if m > n and driver != "gelsy" and (driver == "gels" or bool((rank == n).all())):
        residuals = (xp.abs((a @ X._data) - Bm._data) ** 2).sum(axis=-2)
    singular_values = s if driver in ("gelsd", "gelss") else empty
    return LstsqResult(squeeze(X, -1) if vector else X, *map(as_tensor, (residuals, rank, singular_values)))


def tensorinv(A, ind=2):
    """The inverse of ``A`` for ``tensordot(.., .., ind)``: ``A`` of shape ``out + in`` (``out`` its first
    ``ind`` dims, of as many elements as ``in``) gives the tensor of shape ``in + out``."""
    A = as_tensor(A)
    if ind <= 0:
        raise ValueError(f"linalg.tensorinv: ind must be a positive integer, got {ind}")
    out, inner = A.shape[:ind], A.shape[ind:]
    if math.prod(out) != math.prod(inner):
        raise ValueError(f"linalg.tensorinv: the product of A's first ind={ind} dims {out} must equal that of "
                         f"the rest {inner} (shape {A.shape})")
    return reshape(inv(reshape(A, (math.prod(out), -1))), inner + out)


def tensorsolve(A, B, dims=None):
    """The ``X`` with ``tensordot(A, X, X.ndim) = B``; ``X`` has shape ``A.shape[B.ndim:]``, and ``dims``
    lists dims of ``A`` to move to the end first."""
    A, B = as_tensor(A), as_tensor(B)
    if dims is not None:
        dims = [normalize_axis(d, A.ndim, "linalg.tensorsolve") for d in dims]
        A = permute(A, [d for d in range(A.ndim) if d not in dims] + dims)
    if A.shape[:B.ndim] != B.shape or math.prod(B.shape) != math.prod(A.shape[B.ndim:]):
        raise ValueError(f"linalg.tensorsolve: A (shape {A.shape}, its dims moved) must start with B's shape "
                         f"{B.shape} followed by dims of as many elements")
    return reshape(solve(reshape(A, (math.prod(B.shape), -1)), reshape(B, (-1,))), A.shape[B.ndim:])
