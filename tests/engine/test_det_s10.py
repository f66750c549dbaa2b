"""det's first and second derivatives at singular matrices (rank n-1 and below, real and complex): against the
cofactor matrix written with minors, and against PyTorch's double backward (skipped where torch is absent)
where PyTorch's is right: it is NaN at exact zeros among several singular values, and wrong for complex
matrices of rank n-1 (it differentiates the SVD's phase term, which divides by the zero singular value)."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.ops.complex_parts import conj, real
from torch_parity import compare_double_backward


def _draw(rng, shape, complex_):
    return rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if complex_ else 0)


def _zero_rows(shape, rows, complex_, seed=0):
    a = _draw(np.random.default_rng(seed), shape, complex_)
    a[..., rows, :] = 0
    return a


def _low_rank(n, rank, complex_, seed=0):
    rng = np.random.default_rng(seed)
    return _draw(rng, (n, rank), complex_) @ _draw(rng, (rank, n), complex_)


def _cofactor(a):
    """The cofactor matrices of a batch, minor by minor."""
    n = a.shape[-1]
    minor = lambda i, j: np.linalg.det(np.delete(np.delete(a, i, -2), j, -1)) if n > 1 else np.ones(a.shape[:-2])
    return np.stack([np.stack([(-1) ** (i + j) * minor(i, j) for j in range(n)], -1) for i in range(n)], -2)


def _hessian_vector(a, v, eps=1e-6):
    """``d/dt cofactor(A + t V)`` at 0: the cofactor is a polynomial in A, so central differences are exact
    up to ``eps^2``."""
    return (_cofactor(a + eps * v) - _cofactor(a - eps * v)) / (2 * eps)


MATRICES = {
    "zero_row": lambda c: _zero_rows((3, 3), [1], c),
    "rank_n_minus_1": lambda c: _low_rank(4, 3, c),
    "rank_n_minus_2": lambda c: _low_rank(4, 2, c),
    "batch_with_zero_row": lambda c: _zero_rows((2, 3, 3), [0], c) + np.array([0, 3])[:, None, None] * np.eye(3),
    "invertible": lambda c: _draw(np.random.default_rng(2), (3, 3), c) + 3 * np.eye(3),
    "two_zero_rows": lambda c: _zero_rows((4, 4), [0, 2], c, seed=3),  # rank n-2: the cofactor is 0, not its derivative
    "three_zero_rows": lambda c: _zero_rows((5, 5), [1, 2, 4], c, seed=4),  # rank n-3: both are 0
    "zeros_3": lambda c: np.zeros((3, 3), complex if c else float),
    "zeros_2": lambda c: np.zeros((2, 2), complex if c else float),
    "zeros_1": lambda c: np.zeros((1, 1), complex if c else float),
}
TORCH_RIGHT = ["zero_row", "rank_n_minus_1", "rank_n_minus_2", "batch_with_zero_row", "invertible"]


@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
@pytest.mark.parametrize("case", list(MATRICES))
def test_det_double_backward_matches_the_cofactor_by_minors(case, complex_):
    a = MATRICES[case](complex_)
    v = _draw(np.random.default_rng(5), a.shape, complex_)
    x = ag.tensor(a, requires_grad=True)
    g, = ag.grad(real(ag.linalg.det(x)).sum(), x, create_graph=True)  # PyTorch's convention: conj(cofactor)
    h, = ag.grad(real((g * ag.tensor(np.conj(v))).sum()), x)
    np.testing.assert_allclose(np.conj(g.detach().numpy()), _cofactor(a), atol=1e-12)
    np.testing.assert_allclose(np.conj(h.numpy()), _hessian_vector(a, v), atol=1e-8)


@pytest.mark.parametrize("case", TORCH_RIGHT)
def test_det_double_backward_matches_torch(case):
    compare_double_backward(ag.linalg.det, lambda t: t.det(), MATRICES[case](False), atol=1e-9)


@pytest.mark.parametrize("case", ["rank_n_minus_2", "invertible"])
def test_complex_det_double_backward_matches_torch(case):
    compare_double_backward(ag.linalg.det, lambda t: t.det(), MATRICES[case](True), atol=1e-9)


def test_det_third_derivative_stays_finite_at_a_singular_matrix():
    x = ag.tensor(_low_rank(3, 2, False), requires_grad=True)
    g, = ag.grad(ag.linalg.det(x), x, create_graph=True)
    h, = ag.grad((g * g).sum(), x, create_graph=True)
    t, = ag.grad(h.sum(), x)
    assert np.isfinite(t.numpy()).all()
