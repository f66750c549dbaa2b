"""Op specs for det at singular matrices (rank n-1 and below, real and complex), where its gradient, the
cofactor matrix, comes from the SVD and its double backward from the derivative of the adjugate.

The reference is ``np.linalg.det``. Samples hold exactly singular matrices (zero rows, which make LAPACK's
inverse fail) and numerically singular ones (low-rank products, which it inverts into noise).

And lobpcg, against NumPy's eigh: its eigenvalues and ``X X^T`` (free of the eigenvectors' signs).
"""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

SINGULAR_ON_GPU = ("on a GPU the gradient never reads values to pick its SVD path: CuPy's inv of an exactly singular "
        "matrix gives inf/NaN rather than an error (PyTorch's first-order gradient there is 0)")


def _low_rank(rng, n, rank, complex_=False):
    def draw(shape):
        return rng.uniform(-1, 1, shape) + (1j * rng.uniform(-1, 1, shape) if complex_ else 0)
    return draw((n, rank)) @ draw((rank, n)) if rank else np.zeros((n, n)) * draw((n, n))


def _zero_rows(rng, shape, rows, complex_=False):
    a = rng.uniform(-2, 2, shape) + (1j * rng.uniform(-2, 2, shape) if complex_ else 0)
    a[..., rows, :] = 0
    return a


def _rank_n_minus_1(complex_):
    """A batch of a matrix with a zero row and an invertible one; a 4 by 4 of rank 3; a 2 by 2 of rank 1."""
    def make(rng):
        batch = _zero_rows(rng, (2, 3, 3), [1], complex_)
        batch[1] += 3 * np.eye(3)
        return [(batch,), (_low_rank(rng, 4, 3, complex_),), (_low_rank(rng, 2, 1, complex_),)]
    return make


def _rank_n_minus_2(complex_):
    """Two zero rows; a 4 by 4 of rank 2; a 5 by 5 of rank 2 (third derivatives vanish only below n-2);
    zero matrices (rank n-2 for 2 by 2, n-3 for 3 by 3)."""
    def make(rng):
        return [(_zero_rows(rng, (4, 4), [0, 2], complex_),), (_low_rank(rng, 4, 2, complex_),),
                (_low_rank(rng, 5, 2, complex_),), (np.zeros((2, 2)) * (1 + 1j if complex_ else 1),),
                (np.zeros((2, 3, 3)) * (1 + 1j if complex_ else 1),)]
    return make


SPECS = [
    OpSpec(f"linalg.det_rank_{rank}{suffix}", ag.linalg.det, np.linalg.det, make=make(complex_), complex=complex_,
           cpu_only=SINGULAR_ON_GPU)
    for complex_, suffix in ((False, ""), (True, "_complex"))
    for rank, make in (("n_minus_1", _rank_n_minus_1), ("n_minus_2", _rank_n_minus_2))
]


def _separated_spd(*shapes):
    """Symmetric positive-definite matrices with eigenvalues near 1, 2, 3 ... (noise 0.3)."""
    def make(rng):
        out = []
        for s in shapes:
            q = np.linalg.qr(rng.standard_normal(s))[0]
            out.append(((q * (np.arange(1, s[-1] + 1) + rng.uniform(0, 0.3, s[:-1]))[..., None, :]) @ q.swapaxes(-1, -2),))
        return out
    return make


def _lobpcg(**kwargs):
    """``(E, X X^T)`` of ``ag.lobpcg`` on ``sym(a)`` (a gradient check perturbs a unsymmetrically), free of the
    eigenvectors' signs; a tight tol, as finite differences of the eigenvectors need them to ~1e-11."""
    def run(a):
        E, X = ag.lobpcg((a + a.swapaxes(-1, -2)) / 2, tol=1e-13, **kwargs)
        return E, X @ X.swapaxes(-1, -2)
    return run


def _eigh_ref(k, largest):
    def ref(a):
        e, v = np.linalg.eigh(a)
        e, v = (e[..., ::-1], v[..., ::-1]) if largest else (e, v)
        return e[..., :k], v[..., :k] @ v[..., :k].swapaxes(-1, -2)
    return ref


_SYNCS = "the iteration reads residual norms to decide when to stop, as PyTorch's"
SPECS += [
    OpSpec("lobpcg", _lobpcg(k=2), _eigh_ref(2, True), make=_separated_spd((6, 6), (2, 7, 7)), syncs=_SYNCS),
    OpSpec("lobpcg_smallest_basic", _lobpcg(k=2, largest=False, method="basic"), _eigh_ref(2, False),
           make=_separated_spd((10, 10)), syncs=_SYNCS,
           note="basic fails (a Cholesky of a nearly dependent basis) where m is barely 3n, as PyTorch's"),
    OpSpec("lobpcg_n", _lobpcg(k=1, n=2), _eigh_ref(1, True), make=_separated_spd((6, 6)), syncs=_SYNCS),
]
