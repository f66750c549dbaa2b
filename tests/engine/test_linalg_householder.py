"""geqrf, householder_product/orgqr, ormqr, svd_lowrank and pca_lowrank: PyTorch parity and errors."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 4), (3, 6, 2)])
def test_geqrf_and_householder_product_match_torch(shape):
    torch = pytest.importorskip("torch")
    a = RNG.standard_normal(shape)
    ours, theirs = ag.geqrf(ag.tensor(a)), torch.geqrf(torch.tensor(a))
    np.testing.assert_allclose(ours.a.numpy(), theirs.a.numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.tau.numpy(), theirs.tau.numpy(), atol=1e-12)
    compare(ag.linalg.householder_product, torch.linalg.householder_product, [ours.a.numpy(), ours.tau.numpy()])


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("transpose", [True, False])
def test_ormqr_matches_torch(left, transpose):
    torch = pytest.importorskip("torch")
    a, tau = ag.geqrf(ag.tensor(RNG.standard_normal((2, 5, 3))))
    c = RNG.standard_normal((2, 5, 4) if left else (2, 4, 5))
    compare(lambda *t: ag.ormqr(*t, left=left, transpose=transpose),
            lambda *t: torch.ormqr(*t, left=left, transpose=transpose), [a.numpy(), tau.numpy(), c])


def test_q_of_geqrf_is_the_q_of_qr():
    a = ag.tensor(RNG.standard_normal((6, 4)))
    q = ag.linalg.householder_product(*ag.geqrf(a))
    r = ag.geqrf(a).a.triu()[:4]
    np.testing.assert_allclose((q @ r).numpy(), a.numpy(), atol=1e-12)
    np.testing.assert_allclose((q.mT @ q).numpy(), np.eye(4), atol=1e-12)


def test_householder_errors():
    a, tau = ag.randn(4, 3, dtype=ag.float64), ag.rand(2, dtype=ag.float64)
    with pytest.raises(ValueError, match=r"input.shape\[-2\] \(3\) must be at least"):
        ag.linalg.householder_product(a.mT, tau)
    with pytest.raises(ValueError, match="tau has 4 scales"):
        ag.linalg.householder_product(a, ag.rand(4, dtype=ag.float64))
    with pytest.raises(ValueError, match="batch dims of tau"):
        ag.linalg.householder_product(a, ag.rand(3, 2, dtype=ag.float64))
    with pytest.raises(TypeError, match="tau dtype float32 does not match input dtype float64"):
        ag.linalg.householder_product(a, ag.rand(2))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        ag.geqrf(ag.randn(3))
    with pytest.raises(ValueError, match=r"other.shape\[-2\] must equal input.shape\[-2\] \(4\)"):
        ag.ormqr(a, tau, ag.randn(5, 2, dtype=ag.float64))
    with pytest.raises(ValueError, match=r"other.shape\[-1\] must equal"):
        ag.ormqr(a, tau, ag.randn(4, 2, dtype=ag.float64), left=False)


def test_svd_lowrank_recovers_a_low_rank_matrix():
    a = RNG.standard_normal((2, 40, 4)) @ RNG.standard_normal((2, 4, 30))
    for x in (a, np.swapaxes(a, -1, -2)):
        u, s, v = ag.svd_lowrank(ag.tensor(x), q=4)
        assert u.shape == x.shape[:-1] + (4,) and v.shape == x.shape[:-2] + (x.shape[-1], 4)
        np.testing.assert_allclose(((u * s.unsqueeze(-2)) @ v.mT).numpy(), x, atol=1e-10)
        np.testing.assert_allclose(s.numpy(), np.linalg.svd(x, compute_uv=False)[..., :4], rtol=1e-10)


def test_svd_lowrank_shapes_and_m_as_torch():
    torch = pytest.importorskip("torch")
    for shape, q in [((5, 3), 6), ((3, 5), 2), ((2, 5, 4), None)]:
        ours = ag.svd_lowrank(ag.randn(*shape), q=q)
        theirs = torch.svd_lowrank(torch.randn(*shape), q=q)
        assert [t.shape for t in ours] == [tuple(t.shape) for t in theirs]
    a, m = RNG.standard_normal((6, 3)), RNG.standard_normal(3)
    s = ag.svd_lowrank(ag.tensor(a), q=3, M=ag.tensor(m))[1]
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(a - m, compute_uv=False), rtol=1e-10)


def test_pca_lowrank_matches_torch_and_checks_q():
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((50, 5)).astype(np.float32)
    u, s, v = ag.pca_lowrank(ag.tensor(x))
    tu, ts, tv = torch.pca_lowrank(torch.tensor(x))
    assert s.dtype == np.float32
    np.testing.assert_allclose(s.numpy(), ts.numpy(), rtol=1e-5)
    np.testing.assert_allclose(np.abs(v.numpy()), np.abs(tv.numpy()), atol=1e-5)  # up to each vector's sign
    with pytest.raises(ValueError, match=r"q\(=6\) must be a non-negative integer and not greater than min\(m, n\)=5"):
        ag.pca_lowrank(ag.tensor(x), q=6)


def test_svd_lowrank_is_reproducible_under_manual_seed():
    a = ag.randn(8, 6)
    ag.manual_seed(3)
    first = ag.svd_lowrank(a, q=2, niter=0)[0]
    ag.manual_seed(3)
    np.testing.assert_array_equal(ag.svd_lowrank(a, q=2, niter=0)[0].numpy(), first.numpy())
