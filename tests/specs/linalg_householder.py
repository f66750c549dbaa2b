"""Op specs for the Householder family (geqrf, householder_product/orgqr, ormqr) and the randomized
low-rank factorizations (svd_lowrank, pca_lowrank).

The references form each reflector ``I - tau v v^T`` as a full matrix and multiply them out; geqrf's is
a per-matrix Householder QR written out column by column with LAPACK's sign convention.
"""
import numpy as np

import autograd_core as ag

from .spec import OpSpec


def _q_full(a, tau):
    """``H_1 ... H_k`` (m, m) for each matrix of the compact ``a`` and scales ``tau``."""
    m = a.shape[-2]
    q = np.broadcast_to(np.eye(m), a.shape[:-2] + (m, m)).copy()
    for i in range(tau.shape[-1]):
        v = np.zeros(a.shape[:-1])
        v[..., i] = 1
        v[..., i + 1:] = a[..., i + 1:, i]
        h = np.eye(m) - tau[..., i, None, None] * v[..., :, None] * v[..., None, :]
        q = q @ h
    return q


def _geqrf_one(a):
    """LAPACK's dgeqrf on one matrix: beta = -sign(alpha) |x|, tau = (beta - alpha) / beta."""
    a = a.copy()
    m, n = a.shape
    tau = np.zeros(min(m, n))
    for j in range(min(m, n)):
        alpha, x = a[j, j], a[j + 1:, j]
        norm = np.hypot(alpha, np.linalg.norm(x))
        if np.linalg.norm(x) == 0:
            continue
        beta = -np.copysign(norm, alpha)
        tau[j] = (beta - alpha) / beta
        v = np.concatenate([[1.0], x / (alpha - beta)])
        a[j:, j + 1:] -= tau[j] * np.outer(v, v @ a[j:, j + 1:])
        a[j, j], a[j + 1:, j] = beta, v[1:]
    return a, tau


def _geqrf_ref(a):
    flat = a.reshape((-1,) + a.shape[-2:])
    parts = [_geqrf_one(x) for x in flat]
    return (np.stack([p[0] for p in parts]).reshape(a.shape),
            np.stack([p[1] for p in parts]).reshape(a.shape[:-2] + (min(a.shape[-2:]),)))


def _compact(*shapes):
    """Samples (a, tau [, other]): tau in (0, 2), the range of a reflector's scale."""
    def make(rng):
        return [tuple(rng.uniform(0.2, 1.8, s) if i == 1 else rng.uniform(-1, 1, s) for i, s in enumerate(sample))
                for sample in shapes]
    return make


def _ormqr_ref(left, transpose):
    def ref(a, tau, c):
        q = _q_full(a, tau)
        q = np.swapaxes(q, -1, -2) if transpose else q
        return q @ c if left else c @ q
    return ref


def _lowrank_product(fn):
    """``U diag(S) V^T`` of a low-rank factorization at full rank (exact, and free of sign choices)."""
    def run(a):
        ag.manual_seed(0)
        u, s, v = fn(a)
        return (u * s.unsqueeze(-2)) @ v.mT
    return run


SPECS = [
    OpSpec("geqrf", lambda a: tuple(ag.geqrf(a)), _geqrf_ref, shapes=[((5, 3),), ((2, 3, 4),), ((4, 4),)],
           grad=False, note="not differentiable, as in PyTorch (its compact form has no derivative there)"),
    OpSpec("linalg.householder_product", ag.linalg.householder_product,
           lambda a, t: _q_full(a, t)[..., :a.shape[-1]], make=_compact(((5, 3), (3,)), ((2, 4, 3), (2, 2)))),
    OpSpec("orgqr", lambda a, t: a.orgqr(t), lambda a, t: _q_full(a, t)[..., :a.shape[-1]],
           make=_compact(((4, 4), (4,)))),
    OpSpec("ormqr", ag.ormqr, _ormqr_ref(True, False), make=_compact(((4, 3), (3,), (4, 2)), ((2, 3, 4), (2, 3), (2, 3, 2)))),
    OpSpec("ormqr_transpose", lambda a, t, c: ag.ormqr(a, t, c, transpose=True), _ormqr_ref(True, True),
           make=_compact(((4, 3), (2,), (4, 2)))),
    OpSpec("ormqr_right", lambda a, t, c: a.ormqr(t, c, left=False), _ormqr_ref(False, False),
           make=_compact(((4, 3), (3,), (2, 4)))),
    OpSpec("ormqr_right_transpose", lambda a, t, c: ag.ormqr(a, t, c, left=False, transpose=True),
           _ormqr_ref(False, True), make=_compact(((2, 4, 2), (2, 2), (2, 3, 4)))),
    OpSpec("svd_lowrank_full_rank", _lowrank_product(lambda a: ag.svd_lowrank(a, q=3)), lambda a: a,
           shapes=[((5, 3),), ((2, 3, 4),)], note="at full rank the sketch spans the range exactly"),
    OpSpec("svd_lowrank_values", lambda a: (ag.manual_seed(0), ag.svd_lowrank(a, q=3, niter=1))[1][1],
           lambda a: np.linalg.svd(a, compute_uv=False), shapes=[((4, 3),)]),
    OpSpec("pca_lowrank_full_rank", _lowrank_product(lambda a: ag.pca_lowrank(a, q=3)),
           lambda a: a - a.mean(-2, keepdims=True), shapes=[((6, 3),)]),
]
