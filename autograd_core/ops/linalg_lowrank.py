"""Randomized low-rank factorizations: ``svd_lowrank`` and ``pca_lowrank`` (PyTorch's names).

The method is Halko, Martinsson and Tropp (2009), "Finding structure with randomness": a Gaussian test
matrix sketches the range of A, ``niter`` rounds of subspace iteration sharpen it (each followed by a QR
to keep the basis orthonormal), and the small matrix ``Q^T A`` gets an exact SVD. Everything is composed
from differentiable ops, so the factors have gradients. The test matrix comes from the global generator
(``ag.manual_seed`` makes the result reproducible); it is not PyTorch's stream, so factors match
PyTorch's only up to the sketch's error and the singular vectors' signs.
"""
import numbers

from ..creation import randn
from ._util import as_tensor
from .linalg import _matrix, _mH, qr, svd


def _range_basis(A, k, niter):
    """An orthonormal (m, k) basis that approximately spans the range of ``A`` (m, n)."""
    Q = qr(A @ randn(A.shape[-1], k, dtype=A.dtype, device=A.device)).Q
    for _ in range(niter):
        Q = qr(A @ qr(_mH(A) @ Q).Q).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    """``(U, S, V)`` with ``A - M ≈ U diag(S) V^H`` of rank ``min(q, m, n)`` (``M`` broadcasts to ``A``;
    None means 0), from ``niter`` subspace iterations on a random sketch. Note: V, not Vh."""
    A = _matrix("svd_lowrank", A)
    if M is not None:
        A = A - as_tensor(M)
    q = 6 if q is None else q
    if not isinstance(q, numbers.Integral) or q < 0:
        raise ValueError(f"svd_lowrank: q must be a non-negative integer, got {q!r}")
    m, n = A.shape[-2:]
    if m < n:  # sketch the smaller side
        V, S, U = svd_lowrank(_mH(A), q, niter)
        return U, S, V
    Q = _range_basis(A, min(q, n), max(int(niter), 0))
    U, S, Vh = svd(_mH(Q) @ A, full_matrices=False)
    return Q @ U, S, _mH(Vh)


def pca_lowrank(A, q=None, center=True, niter=2):
    """``(U, S, V)``: the first ``q`` (default ``min(6, m, n)``) principal directions of the rows of ``A``
    (V's columns), their singular values S and the projected data ``U diag(S)``; ``center`` subtracts the
    column means first."""
    A = _matrix("pca_lowrank", A)
    m, n = A.shape[-2:]
    q = min(6, m, n) if q is None else q
    if not isinstance(q, numbers.Integral) or not 0 <= q <= min(m, n):
        raise ValueError(f"pca_lowrank: q(={q}) must be a non-negative integer and not greater than "
                         f"min(m, n)={min(m, n)}")
    if not isinstance(niter, numbers.Integral) or niter < 0:
        raise ValueError(f"pca_lowrank: niter(={niter}) must be a non-negative integer")
    if center:
        A = A - A.mean(-2, keepdim=True)
    return svd_lowrank(A, q, niter)
