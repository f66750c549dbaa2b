"""Session 11's linalg mends: lobpcg's gradient through eigh's (one helper), det's backward reusing its
forward's inverse, ldl_solve's checks without a system, and det's third derivative at numerically
singular matrices (exact: a division-free product of all singular values but two)."""
import numpy as np
import pytest

import autograd_core as ag

# d/dA sum(d/dA cofactor(A)[0, 0]) for 3x3 A: cofactor(A)[0, 0] = a11 a22 - a12 a21, whatever A is
THIRD_OF_COFACTOR_00 = np.array([[0.0, 0, 0], [0, 1, -1], [0, -1, 1]])


def _low_rank(n, rank, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, n))
    return a + noise * np.random.default_rng(seed + 7).standard_normal((n, n))


def _det_derivatives(a, loss):
    """``(h, t)``: ``h = d loss(d det / dA) / dA`` and ``t = d sum(h) / dA`` (det's third derivative)."""
    x = ag.tensor(a, requires_grad=True)
    g, = ag.grad(ag.linalg.det(x), x, create_graph=True)
    h, = ag.grad(loss(g), x, create_graph=True)
    t, = ag.grad(h.sum(), x)
    return h.detach().numpy(), t.numpy()


@pytest.mark.parametrize("a", [_low_rank(3, 2), _low_rank(3, 2, 1e-10), _low_rank(3, 2, 1e-10, seed=1),
                               np.eye(3) + _low_rank(3, 3, seed=2) / 3],
                         ids=["rank_2", "rank_2_noise", "rank_2_noise_seed1", "invertible"])
def test_det_third_derivative_is_exact(a):
    """At a numerically singular matrix ProdOthers' gradient (r / s_j (t - g_j / s_j)) cancelled: 0.09 for 0
    here (PyTorch's is off by thousands); at an invertible one the inverse is recomputed as a function of A."""
    _, t = _det_derivatives(a, lambda g: g[0, 0] * 1.0)
    np.testing.assert_allclose(t, THIRD_OF_COFACTOR_00, atol=1e-8)


def _cofactor(a):
    n = a.shape[-1]
    minor = lambda i, j: np.linalg.det(np.delete(np.delete(a, i, 0), j, 1))
    return np.array([[(-1) ** (i + j) * minor(i, j) for j in range(n)] for i in range(n)])


def _central_gradient(f, a, eps=1e-3):
    """The gradient of ``f`` at ``a`` by central differences (exact to round-off for the polynomials here)."""
    out = np.zeros_like(a)
    for i, j in np.ndindex(*a.shape):
        e = np.zeros_like(a)
        e[i, j] = eps
        out[i, j] = (f(a + e) - f(a - e)) / (2 * eps)
    return out


@pytest.mark.parametrize("rank", [2, 3])
@pytest.mark.parametrize("noise", [0, 1e-10, 1e-6, 1e-3])
def test_det_third_derivative_matches_differences_of_the_cofactor_by_minors(rank, noise):
    """At an ill-conditioned (not singular) matrix, the second derivative's derivative through ``A^{-1}`` lost
    ``cond^2 eps`` (1e-3 here at noise 1e-6): it takes the SVD's division-free formula there too."""
    a = _low_rank(4, rank, noise, seed=3)
    _, t = _det_derivatives(a, lambda g: (g * g).sum())
    h = lambda b: _central_gradient(lambda c: (_cofactor(c) ** 2).sum(), b, 1e-4).sum()
    expected = _central_gradient(h, a)
    np.testing.assert_allclose(t, expected, atol=1e-7 * np.abs(expected).max())


def test_det_double_backward_reuses_the_inverse_of_the_gradient(monkeypatch):
    """The gradient (the cofactor matrix, ``det(A) A^{-T}``) inverts A; its backward reuses that inverse."""
    a, v = np.eye(3) + _low_rank(3, 3) / 3, _low_rank(3, 3, seed=1)
    calls, inv = [], np.linalg.inv
    monkeypatch.setattr(np.linalg, "inv", lambda m: calls.append(m.shape) or inv(m))
    x = ag.tensor(a, requires_grad=True)
    g, = ag.grad(ag.linalg.det(x), x, create_graph=True)
    h, = ag.grad((g * ag.tensor(v)).sum(), x)
    assert len(calls) == 1
    y = inv(a).T  # d cofactor[V] = tr(A^{-1} V) cofactor - cofactor V^T A^{-T}, and h is its adjoint
    c = np.linalg.det(a) * y
    np.testing.assert_allclose(h.numpy(), (v * y).sum() * c - c @ v.T @ y, atol=1e-12)


def test_lobpcg_gradient_is_eighs_for_the_pairs_it_finds():
    rng = np.random.default_rng(0)
    q = np.linalg.qr(rng.standard_normal((9, 9)))[0]
    a = (q * np.arange(1.0, 10.0)) @ q.T
    w = rng.standard_normal((9, 9))

    def grad(pairs):
        x = ag.tensor(a, requires_grad=True)
        e, v = pairs(x)
        ((e * e).sum() + ((v @ v.mT) * ag.tensor(w)).sum()).backward()  # free of the eigenvectors' signs
        return x.grad.numpy()

    def top_eigh(x):
        e, v = ag.linalg.eigh((x + x.mT) / 2)
        return e[-2:], v[:, -2:]

    np.testing.assert_allclose(grad(lambda x: ag.lobpcg(x, k=2, tol=1e-12)), grad(top_eigh), atol=1e-7)


def test_ldl_solve_checks_b_as_solve_does():
    LD, pivots = ag.linalg.ldl_factor(ag.tensor(np.eye(3) + 0.1))
    with pytest.raises(ValueError, match=r"linalg.ldl_solve: batch dims of A \(3, 3, 3\) and B \(2, 3, 1\) can't"):
        ag.linalg.ldl_solve(LD.expand(3, 3, 3), pivots.expand(3, 3), ag.zeros(2, 3, 1, dtype=ag.float64))
    with pytest.raises(ValueError, match=r"incompatible shapes of A \(3, 3\) and B \(2, 1\): B must have 3 rows"):
        ag.linalg.ldl_solve(LD, pivots, ag.zeros(2, 1, dtype=ag.float64))
    with pytest.raises(ValueError, match=r"linalg.ldl_solve: B must have at least 2 dimensions, got shape \(3,\)"):
        ag.linalg.ldl_solve(LD, pivots, ag.zeros(3, dtype=ag.float64))


@pytest.mark.parametrize("dtype,hermitian", [(np.float64, False), (np.complex128, True), (np.complex128, False)])
def test_ldl_factor_by_windows_keeps_lapacks_pivots(dtype, hermitian):
    """Each step works on the trailing window only; the batch mixes 1x1 and 2x2 pivots, so its matrices reach
    a column at different steps."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    a = rng.standard_normal((6, 40, 40)) + (1j * rng.standard_normal((6, 40, 40)) if dtype is np.complex128 else 0)
    a = a + (a.conj() if hermitian else a).swapaxes(-1, -2)
    ours = ag.linalg.ldl_factor_ex(ag.tensor(a), hermitian=hermitian)
    theirs = torch.linalg.ldl_factor_ex(torch.tensor(a), hermitian=hermitian)
    assert (theirs.pivots.numpy() < 0).any() and (theirs.pivots.numpy() > 0).any()
    np.testing.assert_array_equal(ours.pivots.numpy(), theirs.pivots.numpy())
    np.testing.assert_allclose(ours.LD.numpy(), theirs.LD.numpy(), atol=1e-11)
