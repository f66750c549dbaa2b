"""Op specs for ag.linalg on complex matrices (PyTorch's convention, complex_autograd.py): each gradient
check perturbs the real and imaginary parts of every entry.

References are NumPy's np.linalg. Hermitian inputs (cholesky, eigh, pinv with hermitian) are checked on
``herm(a) = (a + a^H) / 2``, so only a Hermitian perturbation reaches the op. Eigen- and singular vectors are
unique only up to a phase per column, so the checked outputs are phase-invariant: ``v * conj(v[0])`` for
each column v, or products such as ``U @ Vh``.
"""
import numpy as np

import autograd_core as ag
from autograd_core.ops.complex_parts import conj

from .linalg_s10 import SINGULAR_ON_GPU
from .spec import OpSpec

L = ag.linalg
INF = float("inf")


def _mH(a):
    return conj(a.swapaxes(-1, -2)) if isinstance(a, ag.Tensor) else a.swapaxes(-1, -2).conj()


def herm(a):
    return (a + _mH(a)) / 2


def _c(rng, shape):
    return rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)


def _invertible(*shapes):
    """Complex matrices ``n I + noise`` (well conditioned), one sample per shape."""
    return lambda rng: [(_c(rng, s) + s[-1] * np.eye(s[-1]),) for s in shapes]


def _random(*shapes):
    return lambda rng: [(2 * _c(rng, s),) for s in shapes]


def _system(*pairs):
    """Samples (A, B): a complex invertible A of the first shape and a complex B of the second."""
    return lambda rng: [(_invertible(a)(rng)[0][0], 2 * _c(rng, b)) for a, b in pairs]


def _real_system(rng):
    """A real A and a complex B: A's gradient is the real part."""
    return [(rng.uniform(-1, 1, (3, 3)) + 3 * np.eye(3), 2 * _c(rng, (3, 2)))]


def _singular(rng):
    """A batch of a complex matrix with a zero row (exactly singular, of rank 2) and an invertible one."""
    a = _c(rng, (2, 3, 3))
    a[0, 1] = 0
    return [(a,)]


def _hpd(*shapes):
    """Hermitian positive-definite matrices ``M M^H + n I``."""
    def make(rng):
        ms = [_c(rng, s) for s in shapes]
        return [(m @ _mH(m) + m.shape[-1] * np.eye(m.shape[-1]),) for m in ms]
    return make


def _separated(*shapes, hermitian=True):
    """Matrices with eigenvalues near 1, 3, 5 ... (a gap of 2, small noise): Hermitian (unitary
    eigenvectors), or not (eigenvectors of a random well-conditioned basis)."""
    def make(rng):
        out = []
        for s in shapes:
            q = np.linalg.qr(_c(rng, s))[0] if hermitian else _c(rng, s) + 2 * np.eye(s[-1])
            a = (q * (2 * np.arange(s[-1]) + 1.0)) @ (_mH(q) if hermitian else np.linalg.inv(q))
            out.append((a + 0.1 * _c(rng, s),))
        return out
    return make


def _real_separated(shape):
    """Real matrices with real eigenvalues near 1, 3, 5 ... and ones with a complex-conjugate pair."""
    def make(rng):
        q = rng.uniform(-1, 1, shape) + 2 * np.eye(shape[-1])
        real_spectrum = (q * (2 * np.arange(shape[-1]) + 1.0)) @ np.linalg.inv(q)
        rotation = np.array([[1.0, -2.0, 0.3], [2.0, 1.0, 0.5], [0.1, -0.4, 4.0]])
        return [(real_spectrum + 0.1 * rng.uniform(-1, 1, shape),), (rotation,)]
    return make


def _phase_fixed(v):
    """Each column times the conjugate of its first entry: the same for any phase of the column."""
    return v * conj(v[..., :1, :]) if isinstance(v, ag.Tensor) else v * v[..., :1, :].conj()


def _eig(eig, a):
    w, v = eig(a)
    return w, _phase_fixed(v)


def _eigh(eigh, a, uplo="L"):
    w, v = eigh(herm(a), UPLO=uplo)
    return w, _phase_fixed(v)


def _svd(svd):
    """S, U Vh, and U, Vh with their phases fixed: each phase-invariant, through every factor."""
    def fn(a):
        U, S, Vh = svd(a, full_matrices=False)
        return S, U @ Vh, _phase_fixed(U), _mH(_phase_fixed(_mH(Vh)))
    return fn


def _lu_ref(a):
    """``(L, U)`` of ``A = P L U``: Gaussian elimination with LAPACK's pivot (the largest |Re| + |Im|)."""
    if a.ndim > 2:
        return tuple(np.stack(f) for f in zip(*map(_lu_ref, a)))
    m, n = a.shape
    k = min(m, n)
    u, low = a.copy(), np.eye(m, k, dtype=a.dtype)
    for j in range(k):
        p = j + np.argmax(np.abs(u[j:, j].real) + np.abs(u[j:, j].imag))
        u[[j, p]], low[[j, p], :j] = u[[p, j]], low[[p, j], :j]
        low[j + 1:, j] = u[j + 1:, j] / u[j, j]
        u[j + 1:] -= low[j + 1:, j:j + 1] * u[j:j + 1]
    return low, np.triu(u[:k])


def _expm_ref(a):
    """``V diag(exp(w)) V^{-1}`` from the eigendecomposition (random matrices are diagonalizable)."""
    w, v = np.linalg.eig(a)
    return (v * np.exp(w)[..., None, :]) @ np.linalg.inv(v)


def _lu_solve(a, b):
    """``A X = B``, ``A^H X = B``, ``X A = B^T`` and ``X A^H = B^T`` from one LU factorization."""
    LU, pivots = L.lu_factor(a)
    return tuple(L.lu_solve(LU, pivots, b if left else b.swapaxes(-1, -2), left=left, adjoint=adjoint)
                 for left in (True, False) for adjoint in (False, True))


def _lu_solve_ref(a, b):
    bt = b.swapaxes(-1, -2)
    return (np.linalg.solve(a, b), np.linalg.solve(_mH(a), b), bt @ np.linalg.inv(a), bt @ np.linalg.inv(_mH(a)))


def _reflectors_ref(a, tau):
    """``H_1 ... H_k`` (m, m), ``H_i = I - tau_i v_i v_i^H`` with ``v_i`` column i of a below the diagonal, 1 on it."""
    if a.ndim > 2:
        return np.stack([_reflectors_ref(x, t) for x, t in zip(a, tau)])
    q = np.eye(a.shape[0], dtype=complex)
    for i, t in enumerate(tau):
        v = np.concatenate([np.zeros(i), [1.0], a[i + 1:, i]])
        q = q @ (np.eye(len(v)) - t * np.outer(v, v.conj()))
    return q


def _ormqr(left):
    """``Q C`` and ``Q^H C`` (``left``), or ``C Q`` and ``C Q^H``."""
    return lambda a, tau, c: tuple(ag.ormqr(a, tau, c, left=left, transpose=t) for t in (False, True))


def _ormqr_ref(left):
    def ref(a, tau, c):
        q = _reflectors_ref(a, tau)
        return tuple(q @ c if left else c @ q for q in (q, _mH(q)))
    return ref


def _compact(*shapes):
    """Samples (a, tau, other) of complex Householder vectors and scales (|tau| < 1.5)."""
    return lambda rng: [tuple(_c(rng, s) for s in sample) for sample in shapes]


def _low_rank_product(factorize):
    """``U diag(S) V^H`` of a randomized factorization (seeded), free of the factors' phases."""
    def run(a):
        ag.manual_seed(0)
        U, S, V = factorize(a)
        return (U * S.unsqueeze(-2)) @ _mH(V)
    return run


def _pinv_ref(a, hermitian=False):
    return np.linalg.pinv(a, rcond=np.finfo(a.dtype).eps * max(a.shape[-2:]), hermitian=hermitian)


SPECS = [
    OpSpec("clinalg.inv", L.inv, np.linalg.inv, make=_invertible((2, 3, 3), (4, 4)), complex=True),
    OpSpec("clinalg.det", L.det, np.linalg.det, make=_random((2, 3, 3), (4, 4), (1, 1)), complex=True),
    OpSpec("clinalg.det_singular", L.det, np.linalg.det, complex=True, make=_singular,
           note="a batch holding an exactly singular matrix: Det's gradient (and its own) come from the SVD",
           cpu_only=SINGULAR_ON_GPU),
    OpSpec("clinalg.slogdet", L.slogdet, lambda a: tuple(np.linalg.slogdet(a)), make=_random((2, 3, 3), (4, 4)),
           complex=True, note="a complex sign e^{i theta} has a gradient, through theta"),
    OpSpec("clinalg.logdet", ag.logdet, lambda a: np.log(np.linalg.det(a)), make=_invertible((2, 3, 3)),
           complex=True),
    OpSpec("clinalg.solve", L.solve, np.linalg.solve, make=_system(((2, 3, 3), (2, 3, 2)), ((3, 3), (4, 3, 2))),
           complex=True),
    OpSpec("clinalg.solve_vector_left_false", lambda a, b, c: (L.solve(a, b), L.solve(a, c, left=False)),
           lambda a, b, c: (np.linalg.solve(a, b[..., None])[..., 0], c @ np.linalg.inv(a)), complex=True,
           make=lambda rng: [(_invertible((2, 3, 3))(rng)[0][0], _c(rng, (2, 3)), _c(rng, (2, 4, 3)))]),
    OpSpec("clinalg.solve_real_a", L.solve, np.linalg.solve, make=_real_system),
    OpSpec("clinalg.solve_triangular", lambda a, b: L.solve_triangular(a, b, upper=True),
           lambda a, b: np.linalg.solve(np.triu(a), b), make=_system(((2, 3, 3), (2, 3, 2))), complex=True),
    OpSpec("clinalg.matrix_exp", L.matrix_exp, _expm_ref, make=_random((2, 3, 3), (4, 4)), complex=True,
           syncs="the number of squarings follows the largest 1-norm, read on the host"),
    OpSpec("clinalg.matrix_power_-2", lambda a: L.matrix_power(a, -2), lambda a: np.linalg.matrix_power(a, -2),
           make=_invertible((2, 3, 3)), complex=True),
    OpSpec("clinalg.cholesky", lambda a: L.cholesky(herm(a)), lambda a: np.linalg.cholesky(herm(a)),
           make=_hpd((2, 3, 3), (4, 4)), complex=True),
    OpSpec("clinalg.cholesky_upper", lambda a: L.cholesky(herm(a), upper=True),
           lambda a: _mH(np.linalg.cholesky(herm(a))), make=_hpd((3, 3)), complex=True),
    OpSpec("clinalg.qr", lambda a: tuple(L.qr(a)), lambda a: tuple(np.linalg.qr(a)),
           make=_random((2, 4, 3), (3, 3), (2, 3, 5)), complex=True),
    OpSpec("clinalg.qr_complete_wide", lambda a: tuple(L.qr(a, mode="complete")),
           lambda a: tuple(np.linalg.qr(a, "complete")), make=_random((3, 5)), complex=True),
    OpSpec("clinalg.eigh", lambda a: _eigh(L.eigh, a), lambda a: _eigh(np.linalg.eigh, a),
           make=_separated((2, 3, 3), (4, 4)), complex=True),
    OpSpec("clinalg.eigh_upper", lambda a: _eigh(L.eigh, a, "U"), lambda a: _eigh(np.linalg.eigh, a, "U"),
           make=_separated((3, 3)), complex=True),
    OpSpec("clinalg.eigvalsh", lambda a: L.eigvalsh(herm(a)), lambda a: np.linalg.eigvalsh(herm(a)),
           make=_separated((2, 4, 4)), complex=True),
    OpSpec("clinalg.eig", lambda a: _eig(L.eig, a), lambda a: _eig(np.linalg.eig, a),
           make=_separated((2, 3, 3), (4, 4), hermitian=False), complex=True),
    OpSpec("clinalg.eig_real_input", lambda a: _eig(L.eig, a), lambda a: _eig(np.linalg.eig, a),
           make=_real_separated((3, 3)), note="complex outputs of a real matrix; its gradient is the real part"),
    OpSpec("clinalg.eigvals", L.eigvals, np.linalg.eigvals, make=_separated((2, 3, 3), hermitian=False),
           complex=True),
    OpSpec("clinalg.eigvals_real_input", L.eigvals, lambda a: np.linalg.eigvals(a).astype(complex),
           make=_real_separated((3, 3))),
    OpSpec("clinalg.svd", _svd(L.svd), _svd(np.linalg.svd), make=_random((2, 4, 3), (3, 5), (3, 3)),
           complex=True),
    OpSpec("clinalg.svdvals", L.svdvals, lambda a: np.linalg.svd(a, compute_uv=False),
           make=_random((2, 3, 4), (5, 2)), complex=True),
    OpSpec("clinalg.pinv", L.pinv, _pinv_ref, make=_random((2, 4, 3), (3, 5)), complex=True),
    OpSpec("clinalg.pinv_hermitian", lambda a: L.pinv(herm(a), hermitian=True),
           lambda a: _pinv_ref(herm(a), hermitian=True), make=_separated((3, 3)), complex=True),
    OpSpec("clinalg.lu", lambda a: tuple(L.lu(a))[1:], lambda a: tuple(_lu_ref(a)),
           make=_random((3, 3), (2, 4, 3), (3, 5)), complex=True),
    OpSpec("clinalg.lu_solve", _lu_solve, _lu_solve_ref, make=_system(((2, 3, 3), (2, 3, 2))), complex=True),
    OpSpec("clinalg.triangular_solve", lambda b, a: ag.triangular_solve(b, a, transpose=True),
           lambda b, a: (np.linalg.solve(np.triu(a).swapaxes(-1, -2), b), a), complex=True,
           make=lambda rng: [(_c(rng, (3, 2)), _invertible((3, 3))(rng)[0][0])]),
    OpSpec("clinalg.cholesky_solve", lambda b, l: (ag.cholesky_solve(b, l), ag.cholesky_solve(b, _mH(l), upper=True)),
           lambda b, l: (np.linalg.solve(np.tril(l) @ _mH(np.tril(l)), b),) * 2, complex=True,
           make=lambda rng: [(_c(rng, (2, 3, 2)), _invertible((3, 3))(rng)[0][0])]),
    OpSpec("clinalg.cholesky_inverse", ag.cholesky_inverse, lambda l: np.linalg.inv(np.tril(l) @ _mH(np.tril(l))),
           make=_invertible((2, 3, 3)), complex=True),
    OpSpec("clinalg.lstsq", lambda a, b: L.lstsq(a, b).solution, lambda a, b: np.linalg.pinv(a) @ b,
           make=lambda rng: [(_c(rng, (5, 3)), _c(rng, (5, 2))), (_c(rng, (2, 3, 5)), _c(rng, (2, 3, 1)))],
           complex=True),
    OpSpec("clinalg.ex_variants", lambda a: (L.inv_ex(a).inverse, L.solve_ex(a, a).result, L.cholesky_ex(herm(a)).L),
           lambda a: (np.linalg.inv(a), np.eye(3) + 0 * a, np.linalg.cholesky(herm(a))), make=_hpd((2, 3, 3)),
           complex=True),
    OpSpec("clinalg.cond", lambda a: (L.cond(a), L.cond(a, "fro")),
           lambda a: (np.linalg.cond(a), np.linalg.cond(a, "fro")), make=_invertible((2, 3, 3)), complex=True),
    OpSpec("clinalg.matrix_rank", L.matrix_rank, np.linalg.matrix_rank, complex=True, grad=False,
           make=lambda rng: [(_c(rng, (2, 4, 2)) @ _c(rng, (2, 2, 3)),)], note="an integer count"),
    OpSpec("clinalg.householder_product", L.householder_product,
           lambda a, tau: _reflectors_ref(a, tau)[..., :a.shape[-1]], complex=True,
           make=_compact(((4, 3), (3,)), ((2, 3, 3), (2, 2)))),
    OpSpec("clinalg.ormqr", _ormqr(True), _ormqr_ref(True), make=_compact(((2, 4, 3), (2, 3), (2, 4, 2))),
           complex=True),
    OpSpec("clinalg.ormqr_right", _ormqr(False), _ormqr_ref(False), make=_compact(((4, 2), (2,), (3, 4))),
           complex=True),
    OpSpec("clinalg.svd_lowrank", _low_rank_product(lambda a: ag.svd_lowrank(a, q=3)), lambda a: a, complex=True,
           make=_random((4, 3), (2, 3, 5)), note="at full rank the factorization is exact, whatever the sketch"),
    OpSpec("clinalg.pca_lowrank", _low_rank_product(lambda a: ag.pca_lowrank(a, q=3)),
           lambda a: a - a.mean(-2, keepdims=True), make=_random((5, 3)), complex=True),
    OpSpec("clinalg.vecdot", L.vecdot, lambda x, y: (x.conj() * y).sum(-1), shapes=[((3, 4), (3, 4)), ((2, 4), (4,))],
           complex=True),
    OpSpec("clinalg.vector_norm", L.vector_norm, lambda a: np.linalg.norm(a.ravel()), shapes=[((2, 3, 4),)],
           complex=True),
    OpSpec("clinalg.vector_norm_3", lambda a: L.vector_norm(a, 3, dim=-1),
           lambda a: np.sum(np.abs(a) ** 3, axis=-1) ** (1 / 3), shapes=[((3, 4),)], complex=True),
]

for _ord in ("fro", "nuc", 2, -2, 1, INF):
    SPECS.append(OpSpec(f"clinalg.matrix_norm_{_ord}", lambda a, o=_ord: L.matrix_norm(a, o),
                        lambda a, o=_ord: np.linalg.norm(a, ord=o, axis=(-2, -1)), make=_random((2, 3, 4)),
                        complex=True))
