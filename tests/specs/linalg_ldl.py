"""Op specs for the LDL factorization (ldl_factor, ldl_factor_ex) and ldl_solve.

The factorization's reference is LAPACK's ?sytf2 / ?hetf2 (lower) written entry by entry, one matrix at
a time; ldl_solve's is ``np.linalg.solve`` on the matrix factored. ldl_solve is differentiable in B only.
"""
import math

import numpy as np

import autograd_core as ag

from .spec import OpSpec

L = ag.linalg
_ALPHA = (1 + math.sqrt(17)) / 8


def _size(z):
    return abs(z.real) + abs(z.imag)


def _sytf2(a, herm):
    """``(LD, pivots, info)`` of one matrix by LAPACK's loops (0-based here, pivots 1-based)."""
    a = np.tril(a).astype(a.dtype)
    n = a.shape[0]
    c = np.conj if herm else (lambda z: z)
    diag = (lambda z: abs(z.real)) if herm else _size
    for i in range(n):  # the working matrix, whole: its upper triangle mirrors the lower
        a[i, i + 1:] = c(a[i + 1:, i])
        if herm:
            a[i, i] = a[i, i].real
    piv, info, k = np.zeros(n, np.int32), 0, 0
    while k < n:
        step, colmax, imax = 1, 0.0, k
        if k < n - 1:
            imax = k + 1 + int(np.argmax([_size(z) for z in a[k + 1:, k]]))
            colmax = _size(a[imax, k])
        absakk = diag(a[k, k])
        if max(absakk, colmax) == 0:
            info, kp = info or k + 1, k
        elif absakk >= _ALPHA * colmax:
            kp = k
        else:
            rowmax = max(_size(a[imax, j]) for j in range(k, n) if j != imax)
            if absakk >= _ALPHA * colmax * (colmax / rowmax):
                kp = k
            elif diag(a[imax, imax]) >= _ALPHA * rowmax:
                kp = imax
            else:
                kp, step = imax, 2
        if max(absakk, colmax) != 0:
            kk = k + step - 1
            order = list(range(n))
            order[kk], order[kp] = kp, kk
            a[k:, k:] = a[np.ix_(order, order)][k:, k:]
            w = a[k + step:, k:k + step].copy()
            lw = w @ np.linalg.inv(a[k:k + step, k:k + step])
            a[k + step:, k + step:] -= lw @ c(w.T)
            a[k + step:, k:k + step] = lw
            a[k:k + step, k + step:] = c(lw.T)
        piv[k:k + step] = kp + 1 if step == 1 else -(kp + 1)
        k += step
    return np.tril(a), piv, np.int32(info)


def _ldl_ref(herm=False):
    def ref(a):
        parts = [_sytf2(m, herm) for m in a.reshape((-1,) + a.shape[-2:])]
        return tuple(np.stack([p[i] for p in parts]).reshape(a.shape[:-2] + parts[0][i].shape) for i in range(3))
    return ref


def _symmetric(*shapes, herm=False, complex=False):
    """Symmetric (Hermitian) indefinite matrices ``s + s^T`` (``s^H``), one sample per shape; a shape
    pair gives ``(a, b)`` for a system."""
    def make(rng):
        out = []
        for shape in shapes:
            arrays = [rng.uniform(-1, 1, s) + (1j * rng.uniform(-1, 1, s) if complex else 0) for s in shape]
            s = arrays[0]
            arrays[0] = s + (np.conj(s) if herm else s).swapaxes(-1, -2)
            out.append(tuple(arrays))
        return out
    return make


def _solve(herm):
    return lambda a, b: L.ldl_solve(*L.ldl_factor(a, hermitian=herm), b, hermitian=herm)


_NOT_DIFFERENTIABLE = "as in PyTorch, where its compact form with pivots has no derivative"
SPECS = [
    OpSpec("linalg.ldl_factor_ex", lambda a: tuple(L.ldl_factor_ex(a)), _ldl_ref(),
           make=_symmetric(((5, 5),), ((2, 3, 4, 4),), ((1, 1),)), grad=False, note=_NOT_DIFFERENTIABLE),
    OpSpec("linalg.ldl_factor", lambda a: tuple(L.ldl_factor(a)), lambda a: _ldl_ref()(a)[:2],
           make=_symmetric(((3, 6, 6),)), grad=False, note=_NOT_DIFFERENTIABLE),
    OpSpec("clinalg.ldl_factor_ex_hermitian", lambda a: tuple(L.ldl_factor_ex(a, hermitian=True)), _ldl_ref(True),
           make=_symmetric(((2, 5, 5),), herm=True, complex=True), complex=True, grad=False,
           note=_NOT_DIFFERENTIABLE),
    OpSpec("clinalg.ldl_factor_ex_symmetric", lambda a: tuple(L.ldl_factor_ex(a)), _ldl_ref(),
           make=_symmetric(((2, 5, 5),), complex=True), complex=True, grad=False, note=_NOT_DIFFERENTIABLE),
    OpSpec("linalg.ldl_solve", _solve(False), np.linalg.solve, diff=(1,),
           make=_symmetric(((5, 5), (5, 2)), ((2, 4, 4), (2, 4, 3)), ((4, 4), (3, 4, 1))),
           note="differentiable in B only (backward into LD raises, as in PyTorch)"),
    OpSpec("clinalg.ldl_solve_hermitian", _solve(True), np.linalg.solve, diff=(1,), complex=True,
           make=_symmetric(((2, 4, 4), (2, 4, 2)), herm=True, complex=True)),
    OpSpec("clinalg.ldl_solve_symmetric", _solve(False), np.linalg.solve, diff=(1,), complex=True,
           make=_symmetric(((4, 4), (4, 3)), complex=True)),
]
