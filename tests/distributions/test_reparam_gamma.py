"""rsample of Gamma, Chi2, Beta and Dirichlet: the implicit reparameterization gradient of Gamma draws against the
inverse CDF (SciPy's, where installed) and torch's approximation of it, and the gradients of expectations."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D
from autograd_core.distributions.standard_gamma import StandardGamma

QUANTILES = np.array([1e-8, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6])
CONCENTRATIONS = [0.01, 0.1, 0.7, 1.0, 2.5, 8.0, 19.9, 20.0, 60.0, 1e3, 1e5]


def _implicit_grad(a, x):
    alpha = ag.tensor(np.full(x.shape, a), requires_grad=True)
    StandardGamma()(alpha, ag.tensor(x)).sum().backward()
    return alpha.grad.numpy()


@pytest.mark.parametrize("a", CONCENTRATIONS)
def test_gradient_is_the_slope_of_the_inverse_cdf(a):
    special = pytest.importorskip("scipy.special")
    x = special.gammaincinv(a, QUANTILES)
    keep = x > 1e-300  # tiny concentrations put the low quantiles below float64's range
    h = 1e-7 * a
    slope = (special.gammaincinv(a + h, QUANTILES) - special.gammaincinv(a - h, QUANTILES)) / (2 * h)
    np.testing.assert_allclose(_implicit_grad(a, x[keep]), slope[keep], rtol=2e-6)


@pytest.mark.parametrize("a", CONCENTRATIONS[1:])
def test_gradient_agrees_with_torchs_approximation(a):
    """torch's _standard_gamma_grad is a fitted approximation, off by up to about 2e-3 relative in the tails."""
    torch = pytest.importorskip("torch")
    special = pytest.importorskip("scipy.special")
    x = special.gammaincinv(a, QUANTILES)
    theirs = torch._standard_gamma_grad(torch.full(x.shape, a, dtype=torch.float64), torch.tensor(x)).numpy()
    np.testing.assert_allclose(_implicit_grad(a, x), theirs, rtol=3e-3)


def test_float32_draws_get_float32_gradients_and_tiny_draws_finite_ones():
    alpha = ag.tensor([1e-3, 0.5, 30.0], requires_grad=True)
    x = StandardGamma()(alpha, ag.tensor(np.array([1.1754944e-38, 0.3, 28.0], np.float32)))
    x.sum().backward()
    assert alpha.grad.dtype == np.float32 and np.isfinite(alpha.grad.numpy()).all()


def test_second_derivative_raises_as_torch():
    alpha = ag.tensor([2.0], requires_grad=True)
    x = D.Gamma(alpha, 1.0).rsample()
    g, = ag.grad(x.sum(), alpha, create_graph=True)
    with pytest.raises(RuntimeError, match="second derivative of a Gamma sample"):
        g.sum().backward()


@pytest.mark.parametrize("make", [lambda a, b: D.Gamma(a, b), lambda a, b: D.Chi2(a), lambda a, b: D.Beta(a, b),
                                  lambda a, b: D.Dirichlet(ag.stack([a, b], -1))])
def test_rsample_is_differentiable_and_sample_is_not(make):
    a, b = ag.tensor([0.5, 3.0], requires_grad=True), ag.tensor([2.0, 1.5], requires_grad=True)
    d = make(a, b)
    assert d.has_rsample and d.rsample((3,)).requires_grad and not d.sample((3,)).requires_grad
    assert d.rsample((3,)).shape == (3,) + d.batch_shape + d.event_shape


def _mc_grad(make, params, f, n=200_000):
    """The gradient in ``params`` of the Monte Carlo mean of ``f`` over ``n`` rsample draws."""
    ag.manual_seed(0)
    tensors = [ag.tensor(p, dtype="float64", requires_grad=True) for p in params]
    f(make(*tensors).rsample((n,))).mean(0).sum().backward()
    return [t.grad.numpy() for t in tensors]


def test_gamma_gradients_of_expectations():
    """E[x] = a / b and E[x**2] = a (a + 1) / b**2, so d/da E[x**2] = (2a + 1) / b**2, d/db = -2 a (a + 1) / b**3."""
    a, b = np.array([0.3, 2.0, 45.0]), np.array([1.5, 0.5, 2.0])
    ga, gb = _mc_grad(D.Gamma, [a, b], lambda x: x ** 2)
    np.testing.assert_allclose(ga, (2 * a + 1) / b ** 2, rtol=0.03)
    np.testing.assert_allclose(gb, -2 * a * (a + 1) / b ** 3, rtol=0.03)
    gk, = _mc_grad(D.Chi2, [np.array([1.0, 5.0])], lambda x: x)
    np.testing.assert_allclose(gk, 1.0, rtol=0.02)


def test_beta_and_dirichlet_gradients_of_expectations():
    """E[x_0**2] = c_0 (c_0 + 1) / (C (C + 1)), C the total concentration (a Beta's is a two-part Dirichlet's)."""
    c = np.array([0.4, 2.0, 5.0])
    total = c.sum()
    expected = np.full(3, -c[0] * (c[0] + 1) * (2 * total + 1) / (total * (total + 1)) ** 2)
    expected[0] += (2 * c[0] + 1) / (total * (total + 1))
    g, = _mc_grad(D.Dirichlet, [c], lambda x: x[..., 0] ** 2)
    np.testing.assert_allclose(g, expected, rtol=0.03)
    a, b = np.array(c[0]), np.array(c[1:].sum())
    ga, gb = _mc_grad(D.Beta, [a, b], lambda x: x ** 2)
    np.testing.assert_allclose([ga, gb], [expected[0], expected[1]], rtol=0.03)


def test_dirichlet_gradients_of_expectations_match_torchs():
    """torch differentiates each coordinate's marginal Beta instead: single draws differ, expectations agree."""
    torch = pytest.importorskip("torch")
    c = np.array([0.4, 2.0, 5.0])
    ours, = _mc_grad(D.Dirichlet, [c], lambda x: x[..., 1] * x[..., 2])
    torch.manual_seed(0)
    tc = torch.tensor(c, requires_grad=True)
    x = torch.distributions.Dirichlet(tc).rsample((200_000,))
    (x[..., 1] * x[..., 2]).mean().backward()
    np.testing.assert_allclose(ours, tc.grad.numpy(), rtol=0.05, atol=2e-3)
