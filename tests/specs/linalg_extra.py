"""Op specs for the rest of ag.linalg: triangular and least-squares systems, the LU family, the ``*_ex``
variants, matrix functions and products (and the top-level cholesky_solve, matrix_exp ...).

References are NumPy's; the LU reference is a plain per-matrix Doolittle loop with partial pivoting.
Inputs are well conditioned (``n I + noise``, or small for matrix_exp, whose reference is a Taylor sum).
"""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

L = ag.linalg
INF = float("inf")


def _invertible(*shapes):
    """Samples of ``n I + noise`` matrices (and random right-hand sides) of the given shapes per sample."""
    def make(rng):
        out = []
        for sample in shapes:
            a = rng.uniform(-1, 1, sample[0]) + sample[0][-1] * np.eye(sample[0][-1])
            out.append((a,) + tuple(rng.uniform(-2, 2, s) for s in sample[1:]))
        return out
    return make


def _random(*shapes):
    return lambda rng: [tuple(rng.uniform(-2, 2, s) for s in sample) for sample in shapes]


def _batched(fn):
    """A per-matrix NumPy function made batched over the leading dims of its first argument."""
    def run(a, *rest):
        flat = a.reshape((-1,) + a.shape[-2:])
        parts = [fn(m, *rest) for m in flat]
        if isinstance(parts[0], tuple):
            return tuple(np.stack([p[k] for p in parts]).reshape(a.shape[:-2] + parts[0][k].shape)
                         for k in range(len(parts[0])))
        return np.stack(parts).reshape(a.shape[:-2] + parts[0].shape)
    return run


@_batched
def _lu_ref(a):
    """``(P, L, U, pivots)`` of one matrix: Doolittle elimination with partial pivoting, row by row."""
    m, n = a.shape
    k = min(m, n)
    u, perm, pivots = a.astype(float), list(range(m)), []
    lower = np.zeros((m, k))
    for j in range(k):
        p = j + int(np.argmax(np.abs(u[j:, j])))
        pivots.append(p + 1)
        u[[j, p]], lower[[j, p]] = u[[p, j]], lower[[p, j]]
        perm[j], perm[p] = perm[p], perm[j]
        for i in range(j + 1, m):
            lower[i, j] = u[i, j] / u[j, j]
            u[i] -= lower[i, j] * u[j]
    P = np.zeros((m, m))
    P[perm, range(m)] = 1
    return P, lower + np.eye(m, k), np.triu(u[:k]), np.array(pivots, dtype=np.int32)


def _lu_factor_ref(a):
    _, lower, U, pivots = _lu_ref(a)
    m, n = a.shape[-2:]
    packed = np.zeros(a.shape)
    packed[..., :, :min(m, n)] += np.tril(lower, -1)
    packed[..., :min(m, n), :] += U
    return packed, pivots


def _lu_solve(left, adjoint):
    def fn(a, b):
        return L.lu_solve(*L.lu_factor(a), b, left=left, adjoint=adjoint)

    def ref(a, b):
        a = np.swapaxes(a, -1, -2) if adjoint else a
        return np.linalg.solve(a, b) if left else np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2),
                                                                             np.swapaxes(b, -1, -2)), -1, -2)
    return fn, ref


def _triangle(a, upper, unit=False):
    t = np.triu(a, int(unit)) if upper else np.tril(a, -int(unit))
    return t + np.eye(a.shape[-1]) if unit else t


def _solve_right(a, b):
    """``b a^{-1}``."""
    return np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)


def _expm_ref(a):
    """``exp(a)`` by its Taylor series (the inputs are small)."""
    term, total = np.broadcast_to(np.eye(a.shape[-1]), a.shape).copy(), np.zeros(a.shape)
    for k in range(1, 40):
        total += term
        term = term @ a / k
    return total


def _vander_ref(x, n):
    return x[..., None] ** np.arange(n)


def _lstsq_ref(a, b):
    """Least squares per matrix (``a``, ``b`` of one batch shape)."""
    flat = [np.linalg.lstsq(m, rhs, rcond=None)[0] for m, rhs in zip(a.reshape((-1,) + a.shape[-2:]),
                                                                     b.reshape((-1,) + b.shape[-2:]))]
    return np.stack(flat).reshape(a.shape[:-2] + flat[0].shape)


SPECS = [
    OpSpec("linalg.solve_triangular_lower", lambda a, b: L.solve_triangular(a, b, upper=False),
           lambda a, b: np.linalg.solve(_triangle(a, False), b), make=_invertible(((2, 3, 3), (2, 3, 2)),
                                                                                  ((3, 3), (4, 1, 3, 2)))),
    OpSpec("linalg.solve_triangular_upper_unit_right",
           lambda a, b: L.solve_triangular(a, b, upper=True, left=False, unitriangular=True),
           lambda a, b: _solve_right(_triangle(a, True, True), b), make=_invertible(((2, 3, 3), (2, 4, 3)))),
    OpSpec("triangular_solve", lambda b, a: ag.triangular_solve(b, a, transpose=True),
           lambda b, a: (np.linalg.solve(np.swapaxes(np.triu(a), -1, -2), b), a),
           make=lambda rng: [(rng.uniform(-2, 2, (3, 2)), rng.uniform(-1, 1, (3, 3)) + 3 * np.eye(3))]),
    OpSpec("cholesky_solve", ag.cholesky_solve, lambda b, l: np.linalg.solve(np.tril(l) @ np.tril(l).T, b),
           make=lambda rng: [(rng.uniform(-2, 2, (3, 2)), rng.uniform(-1, 1, (3, 3)) + 3 * np.eye(3))]),
    OpSpec("cholesky_solve_upper", lambda b, u: b.cholesky_solve(u, upper=True),
           lambda b, u: np.linalg.solve(np.swapaxes(np.triu(u), -1, -2) @ np.triu(u), b),
           make=lambda rng: [(rng.uniform(-2, 2, (2, 3, 2)), rng.uniform(-1, 1, (3, 3)) + 3 * np.eye(3))]),
    OpSpec("cholesky_inverse", ag.cholesky_inverse, lambda l: np.linalg.inv(np.tril(l) @ np.swapaxes(np.tril(l), -1, -2)),
           make=_invertible(((2, 3, 3),))),
    OpSpec("linalg.lstsq_tall", lambda a, b: L.lstsq(a, b).solution, _lstsq_ref,
           make=_random(((2, 5, 3), (2, 5, 2)), ((4, 2), (4, 3)))),
    OpSpec("linalg.lstsq_wide_vector", lambda a, b: L.lstsq(a, b).solution,
           lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0], make=_random(((3, 5), (3,)))),
    OpSpec("linalg.lstsq_gelsd", lambda a, b: L.lstsq(a, b, driver="gelsd")[:2] + L.lstsq(a, b, driver="gelsd")[3:],
           lambda a, b: np.linalg.lstsq(a, b, rcond=None)[:2] + np.linalg.lstsq(a, b, rcond=None)[3:],
           make=_random(((5, 3), (5, 2))), grad=False, syncs="residuals need every A's rank (as PyTorch's gelsd)",
           note="residuals and singular values are constants, as in PyTorch (lstsq_tall checks the solution's)"),
    OpSpec("linalg.lu", L.lu, lambda a: _lu_ref(a)[:3], make=_random(((2, 4, 4),), ((3, 5),), ((2, 5, 3),)),
           note="P is a constant permutation"),
    OpSpec("linalg.lu_factor", L.lu_factor, _lu_factor_ref, make=_random(((2, 4, 4),), ((3, 5),), ((5, 3),))),
    OpSpec("linalg.lu_factor_ex", L.lu_factor_ex,
           lambda a: _lu_factor_ref(a) + (np.zeros(a.shape[:-2], dtype=np.int32),), make=_random(((2, 3, 3),))),
    OpSpec("linalg.lu_unpack", lambda a: ag.lu_unpack(*L.lu_factor(a)), lambda a: _lu_ref(a)[:3],
           make=_random(((2, 3, 3),), ((4, 3),))),
    OpSpec("linalg.lu_solve", *_lu_solve(True, False), make=_invertible(((2, 3, 3), (4, 1, 3, 2)))),
    OpSpec("linalg.lu_solve_adjoint", *_lu_solve(True, True), make=_invertible(((2, 3, 3), (2, 3, 2)))),
    OpSpec("linalg.lu_solve_right", *_lu_solve(False, False), make=_invertible(((3, 3), (2, 3)))),
    OpSpec("linalg.lu_solve_right_adjoint", *_lu_solve(False, True), make=_invertible(((2, 3, 3), (2, 4, 3)))),
    OpSpec("linalg.inv_ex", L.inv_ex, lambda a: (np.linalg.inv(a), np.zeros(a.shape[:-2], dtype=np.int32)),
           make=_invertible(((2, 3, 3),))),
    OpSpec("linalg.solve_ex", L.solve_ex, lambda a, b: (np.linalg.solve(a, b[..., None])[..., 0],
                                                        np.zeros(a.shape[:-2], dtype=np.int32)),
           make=_invertible(((2, 3, 3), (2, 3)))),
    OpSpec("linalg.cholesky_ex", lambda a: L.cholesky_ex(a @ a.mT),
           lambda a: (np.linalg.cholesky(a @ np.swapaxes(a, -1, -2)), np.zeros(a.shape[:-2], dtype=np.int32)),
           make=_invertible(((2, 3, 3),))),
    OpSpec("linalg.tensorinv", lambda a: L.tensorinv(a, ind=1), lambda a: np.linalg.tensorinv(a, ind=1),
           make=lambda rng: [((rng.uniform(-1, 1, (6, 6)) + 6 * np.eye(6)).reshape(6, 2, 3),)]),
    OpSpec("linalg.tensorsolve", L.tensorsolve, np.linalg.tensorsolve,
           make=lambda rng: [((rng.uniform(-1, 1, (6, 6)) + 6 * np.eye(6)).reshape(2, 3, 6), rng.uniform(-2, 2, (2, 3)))]),
    OpSpec("linalg.matrix_exp", L.matrix_exp, _expm_ref,
           make=lambda rng: [(rng.uniform(-0.5, 0.5, (2, 3, 3)),), (rng.uniform(-1, 1, (4, 4)),)],
           syncs="the number of squarings follows the largest 1-norm, read on the host"),
    OpSpec("matrix_exp_scaled", lambda a: (a * 8).matrix_exp(), lambda a: np.linalg.matrix_power(_expm_ref(a), 8),
           make=lambda rng: [(rng.uniform(-0.5, 0.5, (3, 3)),)], atol=1e-5,
           syncs="the number of squarings follows the largest 1-norm, read on the host"),
    OpSpec("linalg.matrix_rank", L.matrix_rank, np.linalg.matrix_rank, make=lambda rng: [
        (rng.uniform(-1, 1, (2, 4, 2)) @ rng.uniform(-1, 1, (2, 2, 3)),), (rng.uniform(-1, 1, (3, 5)),)],
           grad=False, note="an integer count"),
    OpSpec("linalg.matrix_rank_hermitian", lambda a: L.matrix_rank(a @ a.mT, hermitian=True),
           lambda a: np.linalg.matrix_rank(a @ a.T, hermitian=True), make=_random(((4, 2),)), grad=False,
           note="an integer count"),
    OpSpec("linalg.multi_dot", lambda *t: L.multi_dot(t), lambda *t: np.linalg.multi_dot(t),
           make=_random(((3,), (3, 5), (5, 2), (2, 6), (6,)), ((4, 3), (3, 5), (5, 2)))),
    OpSpec("linalg.vecdot", L.vecdot, lambda x, y: np.sum(x * y, axis=-1), make=_random(((2, 3), (4, 1, 3)))),
    OpSpec("linalg.vecdot_dim", lambda x, y: L.vecdot(x, y, dim=0), lambda x, y: np.sum(x * y, axis=0),
           make=_random(((3, 4), (3, 4)))),
    OpSpec("linalg.vander", L.vander, lambda x: _vander_ref(x, x.shape[-1]), make=_random(((4,),), ((2, 3),))),
    OpSpec("linalg.vander_N", lambda x: L.vander(x, N=5), lambda x: _vander_ref(x, 5), make=_random(((2, 3),))),
    OpSpec("linalg.diagonal", lambda a: L.diagonal(a, offset=1), lambda a: np.diagonal(a, 1, -2, -1),
           make=_random(((2, 3, 4),))),
    OpSpec("linalg.cross", L.cross, np.cross, make=_random(((4, 3), (1, 3)))),
]

for _p in (None, 2, -2, "fro", "nuc", 1, -1, INF, -INF):
    SPECS.append(OpSpec(f"linalg.cond_{_p}", lambda a, p=_p: L.cond(a, p), lambda a, p=_p: np.linalg.cond(a, p),
                        make=_invertible(((2, 3, 3),), ((4, 4),))))
