"""Wishart and LKJCholesky: against torch.distributions (skipped without torch) for log_prob, entropy, moments,
parameter gradients and KL; and, without torch, sample statistics, shapes, expand and argument validation."""
import warnings

import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag
from autograd_core import distributions as D

rng = np.random.default_rng(0)
_A = rng.standard_normal((2, 3, 3))
COV = _A @ _A.transpose(0, 2, 1) + np.eye(3)
DF = np.array([3.5, 6.0])
_B = rng.standard_normal((4, 2, 3, 3))
PD_VALUES = _B @ _B.transpose(0, 1, 3, 2) + np.eye(3)
ETA = np.array([0.5, 1.0, 3.0])

WISHARTS = {
    "covariance_matrix": (lambda m, df, c: m.Wishart(df, covariance_matrix=c), (DF, COV)),
    "precision_matrix": (lambda m, df, c: m.Wishart(df, precision_matrix=c), (DF, COV)),
    # tril: torch's cholesky_solve passes a gradient to the upper triangle of scale_tril, which it does not read
    "scale_tril": (lambda m, df, c: m.Wishart(df, scale_tril=c.tril()), (DF, np.linalg.cholesky(COV))),
}


@pytest.mark.parametrize("param", WISHARTS)
@pytest.mark.parametrize("what", ["mean", "mode", "variance", "entropy", "log_prob"])
def test_wishart_matches_torch(param, what):
    torch = pytest.importorskip("torch")
    make, params = WISHARTS[param]

    def get(module):
        if what == "log_prob":
            return lambda v, *xs: make(module, *xs).log_prob(v)
        return lambda *xs: make(module, *xs).entropy() if what == "entropy" else getattr(make(module, *xs), what)
    arrays = [PD_VALUES, *params] if what == "log_prob" else list(params)
    diff = range(1, 3) if what == "log_prob" else None
    compare(get(D), get(torch.distributions), arrays, atol=1e-9, diff=diff)


def _wishart_kl(module):
    return lambda df, c, df2, c2: module.kl_divergence(module.Wishart(df, covariance_matrix=c),
                                                       module.Wishart(df2, covariance_matrix=c2))


def test_wishart_kl_is_the_bregman_divergence_as_torch():
    """One batch entry: torch's Bregman sum mixes the entries of a larger batch (tested against the closed form
    in tests/specs/distributions_new.py). torch's KL gives p's parameters no gradient (it detaches them); the
    gradients of q's are compared."""
    torch = pytest.importorskip("torch")
    compare(_wishart_kl(D), _wishart_kl(torch.distributions), [DF[:1], COV[:1], DF[1:] + 1, COV[1:]], atol=1e-9,
            diff=[2, 3])


def test_wishart_kl_of_a_batch_is_that_of_each_entry():
    batched = _wishart_kl(D)(*[ag.tensor(a) for a in (DF, COV, DF[::-1] + 1, COV[::-1])]).numpy()
    for i in range(2):
        one = _wishart_kl(D)(*[ag.tensor(a[i:i + 1]) for a in (DF, COV, DF[::-1] + 1, COV[::-1])]).numpy()
        np.testing.assert_allclose(batched[i:i + 1], one, atol=1e-12)
    assert (batched > 0).all()


def test_wishart_kl_gradient_in_p_is_that_of_the_closed_form():
    """Ours differentiates the Bregman divergence in p's parameters too: against central differences in df."""
    def kl(df):
        p = D.Wishart(df, covariance_matrix=ag.tensor(COV))
        return D.kl_divergence(p, D.Wishart(ag.tensor([4.0, 5.0]), covariance_matrix=ag.tensor(COV[::-1].copy())))
    df = ag.tensor(DF, requires_grad=True)
    kl(df).sum().backward()
    h = 1e-6
    numeric = [(kl(ag.tensor(DF + h * e)) - kl(ag.tensor(DF - h * e))).sum().item() / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(df.grad.numpy(), numeric, rtol=1e-6)


def test_wishart_samples_have_the_moments_and_shapes():
    d = D.Wishart(ag.tensor(DF), covariance_matrix=ag.tensor(COV))
    assert d.batch_shape == (2,) and d.event_shape == (3, 3)
    assert d.sample().shape == (2, 3, 3) and d.sample((4, 5)).shape == (4, 5, 2, 3, 3)
    x = d.sample((40000,)).numpy()
    np.testing.assert_allclose(x.mean(0), d.mean.numpy(), rtol=0.05, atol=0.05 * np.abs(d.mean.numpy()).max())
    np.testing.assert_allclose(x.var(0), d.variance.numpy(), rtol=0.1)
    assert d.support.check(ag.tensor(x)).numpy().all()
    e = d.expand((4, 2))
    assert e.batch_shape == (4, 2) and e.sample((3,)).shape == (3, 4, 2, 3, 3)
    np.testing.assert_allclose(e.log_prob(ag.tensor(PD_VALUES)).numpy(), d.log_prob(ag.tensor(PD_VALUES)).numpy())


def test_wishart_rsample_is_differentiable_once_gamma_has_rsample():
    if not D.Gamma.has_rsample:
        pytest.skip("Gamma.rsample (implicit reparameterization) is not implemented yet: Wishart's Bartlett draws "
                    "rsample through Chi2's")
    df, cov = ag.tensor(DF, requires_grad=True), ag.tensor(COV, requires_grad=True)
    D.Wishart(df, covariance_matrix=cov).rsample((50,)).sum().backward()
    assert np.isfinite(df.grad.numpy()).all() and np.isfinite(cov.grad.numpy()).all()


def test_wishart_low_df_warns_and_bad_arguments_raise():
    with pytest.warns(UserWarning, match="Low df"):
        D.Wishart(ag.tensor(2.5), covariance_matrix=ag.eye(3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for make, match in [(lambda: D.Wishart(ag.tensor(1.5), covariance_matrix=ag.eye(3)), "df"),
                            (lambda: D.Wishart(3.0, covariance_matrix=ag.eye(3), scale_tril=ag.eye(3)), "exactly one"),
                            (lambda: D.Wishart(3.0, covariance_matrix=ag.ones(3)), "two-dimensional"),
                            (lambda: D.Wishart(3.0, covariance_matrix=-ag.eye(3)), "covariance_matrix"),
                            (lambda: D.Wishart(3.0, scale_tril=ag.ones(3, 3)), "scale_tril"),
                            (lambda: D.Wishart(3.0, covariance_matrix=ag.eye(3)).log_prob(-ag.eye(3)), "support")]:
            with pytest.raises(ValueError, match=match):
                make()


def test_lkj_cholesky_log_prob_matches_torch():
    torch = pytest.importorskip("torch")
    value = D.LKJCholesky(4, ag.tensor(ETA)).sample((5,)).numpy()
    compare(lambda v, c: D.LKJCholesky(4, c).log_prob(v),
            lambda v, c: torch.distributions.LKJCholesky(4, c).log_prob(v), [value, ETA], atol=1e-10, diff=[1])


@pytest.mark.parametrize("dim,eta", [(2, 1.0), (3, 1.0), (4, 3.0), (5, 0.5)])
def test_lkj_cholesky_samples_are_correlation_factors_with_lkj_marginals(dim, eta):
    """Every correlation of LKJ(eta) is ``2 Beta(b, b) - 1`` with ``b = eta - 1 + dim / 2``: variance
    ``1 / (2 eta + dim - 1)``. (torch's onion sampler gives the later rows too much spread.)"""
    d = D.LKJCholesky(dim, eta)
    L = d.sample((40000,))
    assert L.shape == (40000, dim, dim) and d.support.check(L).numpy().all()
    C = L.numpy() @ L.numpy().transpose(0, 2, 1)
    rows, cols = np.triu_indices(dim, 1)
    np.testing.assert_allclose(C[:, rows, cols].var(0), 1 / (2 * eta + dim - 1), rtol=0.05)
    np.testing.assert_allclose(C[:, rows, cols].mean(0), 0, atol=0.02)


def test_lkj_cholesky_shapes_expand_dtype_and_errors():
    d = D.LKJCholesky(3, ag.tensor([0.5, 2.0], dtype=ag.float32))
    assert d.batch_shape == (2,) and d.event_shape == (3, 3) and not d.has_rsample
    assert d.sample((4,)).shape == (4, 2, 3, 3) and d.sample().dtype == np.float32
    assert d.expand((5, 2)).sample().shape == (5, 2, 3, 3)
    with pytest.raises(ValueError, match="dim=1"):
        D.LKJCholesky(1)
    with pytest.raises(ValueError, match="concentration"):
        D.LKJCholesky(3, ag.tensor([-1.0]))
    with pytest.raises(ValueError, match="support"):
        D.LKJCholesky(2).log_prob(ag.tensor([[1.0, 0.0], [0.5, 0.5]]))
