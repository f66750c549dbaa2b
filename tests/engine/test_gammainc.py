"""The regularized incomplete gamma functions (ag.igamma, ag.igammac, ag.special.gammainc, gammaincc) and the
Gamma and Chi2 CDFs against PyTorch: values over a grid, edge values, gradients in x, errors."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

torch = pytest.importorskip("torch")

OPS = [(ag.special.gammainc, "gammainc"), (ag.special.gammaincc, "gammaincc")]


def _grid():
    a, x = np.meshgrid(np.logspace(-3, 3, 61), np.logspace(-4, 3, 71), indexing="ij")
    # PyTorch switches to Temme's asymptotic expansion near x = a for a above 20, where it is only good
    # to about 1e-9 (checked against mpmath); there we compare loosely.
    ratio = np.abs(x - a) / a
    loose = ((a > 20) & (a < 200) & (ratio < 0.3)) | ((a >= 200) & (ratio < 4.5 / np.sqrt(a)))
    return a, x, loose


@pytest.mark.parametrize("op, name", OPS)
def test_values_over_a_grid_match_torch(op, name):
    a, x, loose = _grid()
    ours = op(ag.tensor(a), ag.tensor(x)).numpy()
    theirs = getattr(torch.special, name)(torch.tensor(a), torch.tensor(x)).numpy()
    rel = np.abs(ours - theirs) / np.maximum(theirs, 1e-300)
    tight = ~loose & (theirs > 1e-280)  # below that PyTorch's own rounding of exp(a log x - x - lgamma(a)) shows
    assert rel[tight].max() < 2e-12
    assert rel[loose].max() < 1e-8
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)


@pytest.mark.parametrize("op, name", OPS)
def test_edge_values_match_torch(op, name):
    inf, nan = np.inf, np.nan
    a = np.array([0.0, 0.0, 1.0, 2.0, -1.0, 1.0, nan, 1.0, inf, inf, 0.0, 2.0, 3.0])
    x = np.array([0.0, 1.0, 0.0, inf, 1.0, -1.0, 1.0, nan, 1.0, inf, inf, 0.0, 1e308])
    np.testing.assert_array_equal(op(ag.tensor(a), ag.tensor(x)).numpy(),
                                  getattr(torch.special, name)(torch.tensor(a), torch.tensor(x)).numpy())


def test_names_methods_and_dtypes():
    a, x = ag.tensor([0.5, 2.0, 7.0]), ag.tensor([1.0, 3.0, 2.0])
    np.testing.assert_array_equal(ag.igamma(a, x).numpy(), ag.special.gammainc(a, x).numpy())
    np.testing.assert_array_equal(a.igammac(x).numpy(), ag.special.gammaincc(a, x).numpy())
    assert a.igamma(x).dtype == np.float32
    np.testing.assert_allclose(a.igamma(x).numpy() + a.igammac(x).numpy(), 1.0, rtol=1e-6)
    assert ag.igamma(a, ag.tensor([1.0], dtype=np.float64)).dtype == np.float64
    np.testing.assert_allclose(ag.special.gammaincc(2.0, x).numpy(),
                               torch.special.gammaincc(torch.tensor(2.0), torch.tensor(x.numpy())).numpy(),
                               rtol=1e-6)


@pytest.mark.parametrize("fn, name", [(ag.igamma, "igamma"), (ag.igammac, "igammac")])
def test_gradient_in_x_matches_torch(fn, name):
    rng = np.random.default_rng(0)
    a, x = rng.uniform(0.2, 30, (3, 1)), rng.uniform(0.05, 40, (4,))
    compare(fn, getattr(torch, name), [a, x], atol=1e-12, diff=[1])


@pytest.mark.parametrize("fn, name", [(ag.igamma, "igamma"), (ag.igammac, "igammac")])
def test_second_derivative_in_x_matches_torch(fn, name):
    a, x = np.array([0.7, 3.0, 12.0]), np.array([0.4, 2.5, 15.0])
    ax = ag.tensor(x, requires_grad=True)
    g, = ag.grad(fn(ag.tensor(a), ax).sum(), ax, create_graph=True)
    gg, = ag.grad(g.sum(), ax)
    tx = torch.tensor(x, requires_grad=True)
    tg, = torch.autograd.grad(getattr(torch, name)(torch.tensor(a), tx).sum(), tx, create_graph=True)
    tgg, = torch.autograd.grad(tg.sum(), tx)
    np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gg.numpy(), tgg.numpy(), rtol=1e-12)


@pytest.mark.parametrize("fn, name", [(ag.igamma, "igamma"), (ag.igammac, "igammac")])
def test_gradient_in_a_raises_naming_the_op(fn, name):
    a = ag.tensor([2.0], requires_grad=True)
    y = fn(a, ag.tensor([1.0]))
    with pytest.raises(RuntimeError, match=f"{name}: the derivative with respect to input"):
        y.sum().backward()


def test_broadcast_error_names_the_op():
    with pytest.raises(ValueError, match="igammac: shapes"):
        ag.igammac(ag.ones(3), ag.ones(4))


@pytest.mark.parametrize("make", [
    lambda m: m.Gamma(m_tensor(m, [0.5, 2.0, 30.0]), m_tensor(m, [1.5, 1.0, 0.2])),
    lambda m: m.Chi2(m_tensor(m, [0.5, 3.0, 40.0])),
])
def test_gamma_and_chi2_cdf_match_torch(make):
    value = np.array([[0.3, 2.0, 150.0], [1e-3, 7.0, 20.0]])
    v = ag.tensor(value, requires_grad=True)
    ours = make(ag.distributions).cdf(v)
    ours.sum().backward()
    tv = torch.tensor(value, requires_grad=True)
    theirs = make(torch.distributions).cdf(tv)
    theirs.sum().backward()
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-8)
    np.testing.assert_allclose(v.grad.numpy(), tv.grad.numpy(), rtol=1e-12)


def m_tensor(module, data):
    """A float64 tensor of ag or torch, whichever ``module`` (a distributions package) belongs to."""
    lib = ag if module is ag.distributions else torch
    return lib.tensor(data, dtype=lib.float64)


def test_gamma_cdf_validates_its_value():
    with pytest.raises(ValueError):
        ag.distributions.Gamma(ag.tensor([2.0]), ag.tensor([3.0]), validate_args=True).cdf(ag.tensor([-1.0]))
    cdf = ag.distributions.Gamma(ag.tensor([2.0]), ag.tensor([3.0]), validate_args=False).cdf(ag.tensor([-1.0]))
    assert np.isnan(cdf.numpy()).all()
