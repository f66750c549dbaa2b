"""Op specs for ag.linalg (and the classic top-level names: ag.det, ag.inverse, ag.svd ...).

References are NumPy's np.linalg. Inputs are made well conditioned: invertible matrices near a multiple
of I, symmetric positive-definite ones for cholesky, symmetric ones with well separated spectra for
eigh. Ops that read one triangle of a symmetric matrix (cholesky, eigh) are checked on ``sym(a)``, as
PyTorch's tests do: their gradient is symmetric, which only a symmetric perturbation sees. Singular
vectors and eigenvectors are unique only up to sign, so the checked outputs fix it (first row >= 0).
"""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

L = ag.linalg
INF = float("inf")


def _mT(a):
    return a.swapaxes(-1, -2)  # an array or a Tensor


def _invertible(*shapes):
    """Samples of matrices ``n I + noise`` (well conditioned) of the given shapes."""
    return lambda rng: [tuple(rng.uniform(-1, 1, s) + s[-1] * np.eye(s[-1]) for s in sample) for sample in shapes]


def _system(*pairs):
    """Samples (A, B) of an invertible A of the first shape and a random B of the second."""
    return lambda rng: [(_invertible((a,))(rng)[0][0], rng.uniform(-2, 2, b)) for a, b in pairs]


def _spd(*shapes):
    def make(rng):
        out = []
        for s in shapes:
            m = rng.uniform(-1, 1, s)
            out.append((m @ _mT(m) + s[-1] * np.eye(s[-1]),))
        return out
    return make


def _separated(*shapes):
    """Symmetric matrices with eigenvalues near 1, 3, 5 ... (a gap of 2, noise 0.3)."""
    def make(rng):
        out = []
        for s in shapes:
            q = np.linalg.qr(rng.standard_normal(s))[0]
            noise = rng.uniform(-0.3, 0.3, s)
            out.append(((q * (2 * np.arange(s[-1]) + 1.0)) @ _mT(q) + (noise + _mT(noise)) / 2,))
        return out
    return make


def _random(*shapes):
    return lambda rng: [(rng.uniform(-2, 2, s),) for s in shapes]


def sym(a):
    return (a + _mT(a)) / 2


def _sign_fix(u, rows=None):
    """Flip each column of ``u`` (and each row of ``rows``) so that u's first row is >= 0."""
    s = ag.sign(u[..., :1, :]).detach() if isinstance(u, ag.Tensor) else np.sign(u[..., :1, :])
    return (u * s,) if rows is None else (u * s, rows * _mT(s))


def _svd(full_matrices):
    def fn(a):
        U, S, Vh = L.svd(a, full_matrices=full_matrices)
        k = S.shape[-1]
        return (S,) + _sign_fix(U[..., :k], Vh[..., :k, :])

    def ref(a):
        U, S, Vh = np.linalg.svd(a, full_matrices=full_matrices)
        k = S.shape[-1]
        return (S,) + _sign_fix(U[..., :k], Vh[..., :k, :])
    return fn, ref


def _eigh(eigh, a, uplo="L"):
    w, v = eigh(sym(a), UPLO=uplo)
    return (w,) + _sign_fix(v)


def _legacy_svd(a):
    U, S, V = ag.svd(a)
    return (S,) + _sign_fix(U, _mT(V))


def _pinv_ref(a, rtol=None, hermitian=False):
    return np.linalg.pinv(a, rcond=np.finfo(a.dtype).eps * max(a.shape[-2:]) if rtol is None else rtol,
                          hermitian=hermitian)


def _matrix_norm_ref(a, ord):
    return np.linalg.norm(a, ord=ord, axis=(-2, -1))


SPECS = [
    OpSpec("linalg.inv", L.inv, np.linalg.inv, make=_invertible(((2, 3, 3),), ((4, 4),))),
    OpSpec("inverse", ag.inverse, np.linalg.inv, make=_invertible(((3, 3),))),
    OpSpec("linalg.det", L.det, np.linalg.det, make=_random((2, 3, 3), (4, 4), (1, 1))),
    OpSpec("det_method", lambda a: a.det(), np.linalg.det, make=_invertible(((3, 3),))),
    OpSpec("linalg.slogdet", L.slogdet, lambda a: tuple(np.linalg.slogdet(a)), make=_random((2, 3, 3), (4, 4)),
           note="the sign output is piecewise constant: its gradient is 0"),
    OpSpec("logdet", ag.logdet, lambda a: np.log(np.linalg.det(a)), make=_spd((2, 3, 3), (4, 4))),
    OpSpec("linalg.solve", L.solve, np.linalg.solve, make=_system(((2, 3, 3), (2, 3, 2)), ((3, 3), (4, 3, 2)))),
    OpSpec("linalg.solve_broadcast", L.solve, lambda a, b: np.linalg.solve(a, np.broadcast_to(b, (4, 2, 3, 1))),
           make=_system(((2, 3, 3), (4, 1, 3, 1)))),
    OpSpec("linalg.solve_vector", L.solve, lambda a, b: np.linalg.solve(a, b[..., None])[..., 0],
           make=_system(((2, 3, 3), (2, 3)), ((2, 3, 3), (3,)))),
    OpSpec("linalg.solve_left_false", lambda a, b: L.solve(a, b, left=False), lambda a, b: b @ np.linalg.inv(a),
           make=_system(((2, 3, 3), (2, 4, 3)))),
    OpSpec("linalg.cholesky", lambda a: L.cholesky(sym(a)), lambda a: np.linalg.cholesky(sym(a)),
           make=_spd((2, 3, 3), (4, 4))),
    OpSpec("cholesky_upper", lambda a: ag.cholesky(sym(a), upper=True), lambda a: _mT(np.linalg.cholesky(sym(a))),
           make=_spd((3, 3),)),
    OpSpec("linalg.qr", L.qr, lambda a: tuple(np.linalg.qr(a)), make=_random((2, 4, 3), (3, 3), (2, 3, 5))),
    OpSpec("linalg.qr_r", lambda a: L.qr(a, mode="r").R, lambda a: np.linalg.qr(a, mode="r"),
           make=_random((4, 3))),
    OpSpec("linalg.qr_complete_wide", lambda a: L.qr(a, mode="complete"), lambda a: tuple(np.linalg.qr(a, "complete")),
           make=_random((3, 5))),
    OpSpec("linalg.qr_complete_tall", lambda a: L.qr(a, mode="complete"), lambda a: tuple(np.linalg.qr(a, "complete")),
           make=_random((5, 3)), grad=False,
           note="as PyTorch: Q's extra columns are not unique, so complete QR of a tall matrix has no gradient"),
    OpSpec("qr_some", lambda a: ag.qr(a), lambda a: tuple(np.linalg.qr(a)), make=_random((4, 3))),
    OpSpec("linalg.eigh", lambda a: _eigh(L.eigh, a), lambda a: _eigh(np.linalg.eigh, a),
           make=_separated((2, 3, 3), (4, 4))),
    OpSpec("linalg.eigh_upper", lambda a: _eigh(L.eigh, a, "U"), lambda a: _eigh(np.linalg.eigh, a, "U"),
           make=_separated((3, 3))),
    OpSpec("linalg.eigvalsh", lambda a: L.eigvalsh(sym(a)), lambda a: np.linalg.eigvalsh(sym(a)),
           make=_separated((2, 4, 4))),
    OpSpec("linalg.svd", *_svd(False), make=_random((2, 4, 3), (3, 5), (3, 3))),
    OpSpec("linalg.svd_full", *_svd(True), make=_random((4, 2), (2, 2, 3))),
    OpSpec("svd_legacy", _legacy_svd, lambda a: _svd(False)[1](a), make=_random((4, 3))),
    OpSpec("linalg.svdvals", L.svdvals, lambda a: np.linalg.svd(a, compute_uv=False), make=_random((2, 3, 4), (5, 2))),
    OpSpec("linalg.pinv", L.pinv, _pinv_ref, make=_random((2, 4, 3), (3, 5))),
    OpSpec("linalg.pinv_hermitian", lambda a: L.pinv(sym(a), hermitian=True),
           lambda a: _pinv_ref(sym(a), hermitian=True), make=_separated((3, 3))),
    OpSpec("pinverse", ag.pinverse, lambda a: _pinv_ref(a, 1e-15), make=_random((4, 3))),
    OpSpec("linalg.matrix_power_3", lambda a: L.matrix_power(a, 3), lambda a: np.linalg.matrix_power(a, 3),
           make=_random((2, 3, 3), (4, 4))),
    OpSpec("linalg.matrix_power_0", lambda a: L.matrix_power(a, 0), lambda a: np.linalg.matrix_power(a, 0),
           make=_random((2, 3, 3))),
    OpSpec("linalg.matrix_power_-2", lambda a: ag.matrix_power(a, -2), lambda a: np.linalg.matrix_power(a, -2),
           make=_invertible(((2, 3, 3),))),
]

for _ord in ("fro", "nuc", 2, -2, 1, -1, INF, -INF):
    SPECS.append(OpSpec(f"linalg.matrix_norm_{_ord}", lambda a, o=_ord: L.matrix_norm(a, o),
                        lambda a, o=_ord: _matrix_norm_ref(a, o), make=_random((2, 3, 4), (4, 3))))

SPECS += [
    OpSpec("linalg.matrix_norm_dim_keepdim", lambda a: L.matrix_norm(a, 2, dim=(2, 0), keepdim=True),
           lambda a: np.linalg.norm(a, ord=2, axis=(2, 0), keepdims=True), make=_random((3, 2, 4))),
    OpSpec("linalg.vector_norm", L.vector_norm, lambda a: np.linalg.norm(a.ravel()), make=_random((2, 3, 4))),
    OpSpec("linalg.vector_norm_dims", lambda a: L.vector_norm(a, 3, dim=(0, 2), keepdim=True),
           lambda a: np.sum(np.abs(a) ** 3, axis=(0, 2), keepdims=True) ** (1 / 3), make=_random((2, 3, 4))),
    OpSpec("linalg.vector_norm_negative", lambda a: L.vector_norm(a, -1.5, dim=-1),
           lambda a: np.sum(np.abs(a) ** -1.5, axis=-1) ** (-1 / 1.5), make=_random((2, 3, 4))),
    OpSpec("linalg.vector_norm_inf", lambda a: L.vector_norm(a, INF, dim=1), lambda a: np.abs(a).max(axis=1),
           make=_random((3, 4))),
    OpSpec("linalg.norm", L.norm, lambda a: np.linalg.norm(a.ravel()), make=_random((2, 3, 4))),
    OpSpec("linalg.norm_matrix_ord", lambda a: L.norm(a, 2), lambda a: np.linalg.norm(a, 2), make=_random((3, 4))),
    OpSpec("linalg.norm_vector_dim", lambda a: L.norm(a, 1, dim=0), lambda a: np.linalg.norm(a, 1, axis=0),
           make=_random((3, 4))),
]
