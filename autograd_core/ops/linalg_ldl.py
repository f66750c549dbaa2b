"""The LDL factorization of symmetric (or Hermitian) indefinite matrices, ``A = P L D L^T P^T``, and the
solve that reads it: ``ldl_factor``, ``ldl_factor_ex`` and ``ldl_solve``, as ``torch.linalg``'s.

The factorization is LAPACK's ?sytf2 / ?hetf2 (Bunch-Kaufman partial pivoting on the lower triangle,
with 1x1 and 2x2 pivot blocks) written on whole batches: one step per column, every matrix of the batch
at its own column, so its compact result and pivots are LAPACK's (and PyTorch's): ``LD`` holds ``D`` on
its diagonal (and, for a 2x2 block at ``k``, at ``[k+1, k]``) and the multipliers of ``L`` below it;
``pivots`` (int32, 1-based) gives the row ``k`` was swapped with, negative twice for a 2x2 block.
"""
import math
from collections import namedtuple

import numpy as np

from ..backend import check, get_array_module
from ..function import Function
from ._util import as_tensor
from .linalg import _matrix, _mH, mT, system_batch
from .linalg_lu import _magnitude, _permutation, _raise_if_failed
from .linalg_solve import solve_triangular

LDLFactorResult = namedtuple("LDLFactorResult", ["LD", "pivots"])
LDLFactorExResult = namedtuple("LDLFactorExResult", ["LD", "pivots", "info"])
_ALPHA = (1 + math.sqrt(17)) / 8  # Bunch-Kaufman's threshold: it bounds the growth of the entries
_SINGULAR = "is singular: D has a zero on its diagonal"


def ldl_factor_ex(A, *, hermitian=False, check_errors=False):
    """``(LD, pivots, info)``: the LDL factorization ``A = P L D L^T P^T`` (``L^H`` with ``hermitian``) of
    the symmetric (Hermitian) matrices ``A`` (..., n, n), of which only the lower triangle is read, in
    LAPACK's compact form (see the module docstring). ``info`` (int32) is 0, or the 1-based index of the
    first zero on D's diagonal (D is then singular); ``check_errors=True`` raises for it. Not
    differentiable (as PyTorch: a backward that reaches ``A`` raises)."""
    A = as_tensor(A)
    LD, pivots, info = _factor("ldl_factor_ex", A, hermitian)
    if check_errors:
        _raise_if_failed("ldl_factor_ex", info, _SINGULAR)
    return LDLFactorExResult(_NoDerivative("ldl_factor_ex", "A")(A, as_tensor(LD)), as_tensor(pivots), as_tensor(info))


def ldl_factor(A, *, hermitian=False):
    """``(LD, pivots)`` as ``ldl_factor_ex``, raising LinAlgError where D is singular.

    Example:
        >>> LD, pivots = ag.linalg.ldl_factor(A)    # A symmetric, maybe indefinite
        >>> X = ag.linalg.ldl_solve(LD, pivots, B)  # A @ X == B
    """
    A = as_tensor(A)
    LD, pivots, info = _factor("ldl_factor", A, hermitian)
    _raise_if_failed("ldl_factor", info, _SINGULAR)
    return LDLFactorResult(_NoDerivative("ldl_factor", "A")(A, as_tensor(LD)), as_tensor(pivots))


def _factor(op, A, hermitian):
    """``(LD, pivots, info)`` arrays of the checked matrices ``A`` of any batch shape."""
    A = _matrix(op, A, square=True)
    n, batch = A.shape[-1], A.shape[:-2]
    ld, pivots, info = _bunch_kaufman(A._data.reshape((math.prod(batch), n, n)), hermitian)
    return ld.reshape(A.shape), pivots.reshape(batch + (n,)), info.reshape(batch)


def ldl_solve(LD, pivots, B, *, hermitian=False):
    """The solution ``X`` of ``A X = B`` given ``ldl_factor(A, hermitian=hermitian)``'s ``(LD, pivots)``
    (pass the same ``hermitian``). ``B`` (..., n, k) has LD's dtype; batch dims broadcast.
    Differentiable in ``B`` (the solution is linear in it); not in ``LD`` (as PyTorch: backward raises)."""
    LD = _matrix("ldl_solve", LD, square=True)
    B, pivots = as_tensor(B), as_tensor(pivots)
    if B.dtype != LD.dtype:
        raise TypeError(f"linalg.ldl_solve: B must have LD's dtype {LD.dtype}, got {B.dtype} (shape {B.shape})")
    if pivots.dtype.kind not in "iu" or pivots.shape != LD.shape[:-1]:
        raise ValueError(f"linalg.ldl_solve: pivots must be an integer tensor of shape LD.shape[:-1] = "
                         f"{LD.shape[:-1]}, got {pivots.dtype} of shape {pivots.shape}")
    system_batch("ldl_solve", LD, B)
    _check_pivots(pivots._data, LD.shape[-1])
    P, L, Dinv = _factors(LD._data, pivots._data, hermitian)
    Lh = _mH(L) if hermitian else mT(L)
    Y = solve_triangular(L, as_tensor(mT(P)) @ B, upper=False, unitriangular=True)
    X = as_tensor(P) @ solve_triangular(Lh, as_tensor(Dinv) @ Y, upper=True, unitriangular=True)
    return _NoDerivative("ldl_solve", "LD")(LD, X)


def _check_pivots(pivots, n):
    """PyTorch's check that ``1 <= |pivot| <= n`` (on the device: backend.check)."""
    size = abs(pivots)
    check(((size < 1) | (size > n)).any(), lambda: RuntimeError(
        f"linalg.ldl_solve: pivots must all satisfy 1 <= |pivot| <= {n} (LD's size), but they span "
        f"[{int(pivots.min())}, {int(pivots.max())}]; pass the pivots of ldl_factor"))


class _NoDerivative(Function):
    """``y`` passed through, as a function of ``x`` too, of which PyTorch has no derivative: a backward
    that reaches ``x`` raises, rather than leave its gradient silently None."""
    complex_autograd = "ready"

    def __init__(self, op, input_name):
        self.op, self.input_name = op, input_name

    def forward(self, x, y):
        return y

    def backward(self, gy):
        if self.needs_input_grad[0]:
            raise RuntimeError(f"linalg.{self.op}: the derivative with respect to {self.input_name} is not "
                               f"implemented, as in PyTorch; detach {self.input_name}")
        return None, gy


def _factors(ld, pivots, hermitian):
    """``(P, L, inv(D))`` with ``A = P L D L^T P^T`` (``L^H``) from LAPACK's compact ``(ld, pivots)``:
    P a permutation matrix, L unit lower triangular, D block diagonal (1x1 and 2x2 blocks)."""
    xp = get_array_module(ld)
    n, batch = ld.shape[-1], ld.shape[:-2]
    count = math.prod(batch)
    ld, pivots = ld.reshape((count, n, n)), pivots.reshape((count, n)).astype(np.int64)
    rows, idx = xp.arange(count), xp.arange(n)
    first = xp.zeros((count, n), dtype=bool)  # where a 2x2 block starts: negative pivots come in pairs
    for j in range(n):
        first[:, j] = (pivots[:, j] < 0) & ~(first[:, j - 1] if j else False)
    second = xp.zeros_like(first)
    second[:, 1:] = first[:, :-1]
    swaps = xp.where(pivots > 0, pivots - 1, xp.where(first, idx, -pivots - 1))  # row k <-> row swaps[k]
    coupling = xp.zeros((count, n, n), dtype=bool)
    coupling[:, idx[1:], idx[:-1]] = first[:, :-1]
    L = xp.where(coupling, 0, xp.tril(ld, -1)) + xp.eye(n, dtype=ld.dtype)
    start = idx - second  # the first column of the step that swapped each row
    for r in range(n):  # LAPACK swaps only the trailing block: apply each swap to L's earlier columns
        s, cols = swaps[:, r], idx < start[:, r, None]
        row_r, row_s = L[rows, r], L[rows, s]
        L[rows, r] = xp.where(cols, row_s, row_r)
        L[rows, s] = xp.where(cols, row_r, row_s)
    P = _permutation(swaps.reshape(batch + (n,)), n, ld.dtype)
    return P, L.reshape(batch + (n, n)), _block_inverse(ld, first, second, hermitian).reshape(batch + (n, n))


def _block_inverse(ld, first, second, hermitian):
    """The inverse of the block diagonal D in ``ld`` (N, n, n), by ?sytrs's (?hetrs's) 2x2 formulas."""
    xp = get_array_module(ld)
    n = ld.shape[-1]
    idx = xp.arange(n)
    d, f = ld.diagonal(axis1=-2, axis2=-1), first[:, :-1]
    b = xp.where(f, ld.diagonal(-1, axis1=-2, axis2=-1), 1)  # D[k+1, k] of each 2x2 block at k
    bu = xp.conj(b) if hermitian else b  # D[k, k+1]
    ak1, ak = d[:, :-1] / bu, d[:, 1:] / b
    denom = xp.where(f, ak1 * ak - 1, 1)
    one = d.real.astype(d.dtype) if hermitian else d  # ?hetrs reads a 1x1 block's real part only
    diag = 1 / xp.where(first | second, 1, one)
    diag[:, :-1] = xp.where(f, ak / bu / denom, diag[:, :-1])
    diag[:, 1:] = xp.where(f, ak1 / b / denom, diag[:, 1:])
    inverse = xp.zeros(ld.shape, dtype=ld.dtype)
    inverse[:, idx, idx] = diag
    inverse[:, idx[:-1], idx[1:]] = xp.where(f, -1 / b / denom, 0)
    inverse[:, idx[1:], idx[:-1]] = xp.where(f, -1 / bu / denom, 0)
    return inverse


def _bunch_kaufman(a, hermitian):
    """``(LD, 1-based pivots, info)`` of the (N, n, n) matrices ``a`` (their lower triangles) as LAPACK's
    ?sytf2 (?hetf2 with ``hermitian``). ``a`` is kept whole (its trailing block symmetric or Hermitian),
    so a symmetric swap of rows and columns swaps two rows and two columns; each step computes the lower
    triangle as LAPACK does and mirrors it. Matrix ``i`` is at column ``k[i]``; each step settles one or
    two, so step ``j`` reads and writes the window ``a[:, j:, j:]`` only (about n^3 / 3 in all)."""
    xp = get_array_module(a)
    count, n = a.shape[0], a.shape[-1]
    herm = hermitian and a.dtype.kind == "c"
    a = _mirror(a, herm)
    rows = xp.arange(count)
    k = xp.zeros(count, dtype=np.int64)
    pivots = xp.zeros((count, n), dtype=np.int32)
    info = xp.zeros(count, dtype=np.int32)
    for j in range(n):
        w, kw, idx = a[:, j:, j:], k - j, xp.arange(n - j)  # the window, each matrix's column in it
        active = kw < n - j
        kc = xp.minimum(kw, n - j - 1)
        below, block = idx > kw[:, None], idx >= kw[:, None]
        size = xp.where(below, _magnitude(w[rows, :, kc]), -1)
        imax = size.argmax(axis=1)  # the first largest entry below the diagonal, as LAPACK's i?amax
        colmax = xp.maximum(size[rows, imax], 0)
        rowmax = xp.where(block & (idx != imax[:, None]), _magnitude(w[rows, imax]), 0).max(axis=1)
        absakk = _pivot_size(w[rows, kc, kc], herm)
        zero = (xp.maximum(absakk, colmax) == 0) | xp.isnan(absakk)  # D singular: LAPACK's info
        keep = ~active | zero | (absakk >= _ALPHA * colmax) | \
            (absakk >= _ALPHA * colmax * (colmax / xp.where(rowmax == 0, 1, rowmax)))
        swap1 = ~keep & (_pivot_size(w[rows, imax, imax], herm) >= _ALPHA * rowmax)
        two = ~keep & ~swap1
        kp = xp.where(keep, kc, imax)
        kk = kc + two  # swap rows, then columns, kk and kp of the trailing block w[k:, k:] (w is a's view)
        for at_kk, at_kp in ((rows, kk), (rows, kp)), ((rows, slice(None), kk), (rows, slice(None), kp)):
            line_kk, line_kp = w[at_kk], w[at_kp]
            w[at_kk], w[at_kp] = xp.where(block, line_kp, line_kk), xp.where(block, line_kk, line_kp)
        a[:, j:, j:] = _eliminate(w, kw, active & ~zero & ~two, two, herm)
        info = xp.where(active & zero & (info == 0), k + 1, info).astype(np.int32)
        code = xp.where(two, -(kp + j + 1), kp + j + 1).astype(np.int32)
        kg, k1 = kc + j, xp.minimum(k + 1, n - 1)
        pivots[rows, kg] = xp.where(active, code, pivots[rows, kg])
        pivots[rows, k1] = xp.where(two, code, pivots[rows, k1])
        k = k + 1 + two
    return xp.tril(a), pivots, info


def _eliminate(a, k, one, two, herm):
    """``a`` after the elimination step at column ``k`` of each matrix, a 1x1 pivot where ``one``, a 2x2
    one where ``two``, by LAPACK's formulas (one masked update serves both, the 1x1's second term 0): the
    trailing block is updated, the multipliers of L are stored below the pivot block."""
    xp = get_array_module(a)
    count, n = a.shape[0], a.shape[-1]
    flip = xp.conj if herm else (lambda v: v)
    rows, idx = xp.arange(count), xp.arange(n)
    kc, k1 = xp.minimum(k, n - 1), xp.minimum(k + 1, n - 1)
    rows1, rows2 = one[:, None] & (idx > k[:, None]), two[:, None] & (idx > (k + 1)[:, None])  # what each updates
    d, off, d1 = a[rows, kc, kc], a[rows, k1, kc], a[rows, k1, k1]
    if herm:
        d, d1 = d.real, d1.real
    # 1x1 (?syr / ?her): a_ij - x_i r1 conj(x_j) for r1 = 1 / d; then x r1 is L's column
    # 2x2: W = [x, y] inv(D) by ?sytf2's (?hetf2's) formulas; a_ij - x_i conj(w_j) - y_i conj(v_j)
    x, y = xp.where(rows1 | rows2, a[rows, :, kc], 0), xp.where(rows2, a[rows, :, k1], 0)
    r1 = 1 / xp.where(one, d, 1)
    s = xp.where(two, xp.abs(off) if herm else off, 1)
    e = (off / s)[:, None] if herm else 1
    d11, d22 = d1 / s, d / s
    dd = 1 / xp.where(two, d11 * d22 - 1, 1) / s
    w = dd[:, None] * (d11[:, None] * x - e * y)
    v = dd[:, None] * (d22[:, None] * y - flip(e) * x)
    xw = xp.where(rows1, r1[:, None] * flip(x), xp.where(rows2, flip(w), 0))
    yv = xp.where(rows2, flip(v), 0)
    update = a - x[:, :, None] * xw[:, None, :] - y[:, :, None] * yv[:, None, :]
    updated = rows1 | rows2
    a = _mirror(xp.where(updated[:, :, None] & updated[:, None, :], update, a), herm)
    a[rows, :, kc] = xp.where(rows1, a[rows, :, kc] * r1[:, None], xp.where(rows2, w, a[rows, :, kc]))
    a[rows, :, k1] = xp.where(rows2, v, a[rows, :, k1])
    return a


def _mirror(a, herm):
    """The symmetric (Hermitian, with a real diagonal) matrices of the lower triangles of ``a``."""
    xp = get_array_module(a)
    n = a.shape[-1]
    full = xp.where(xp.tril(xp.ones((n, n), dtype=bool)), a, xp.conj(mT(a)) if herm else mT(a))
    if herm:
        i = xp.arange(n)
        full[..., i, i] = full[..., i, i].real
    return full


def _pivot_size(d, herm):
    """How LAPACK measures a diagonal entry as a pivot: ``|Re d|`` for Hermitian matrices, else as others."""
    return get_array_module(d).abs(d.real) if herm else _magnitude(d)
