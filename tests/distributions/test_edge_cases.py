"""Edge cases a PyTorch user hits, each against torch.distributions: validation order, degenerate parameters."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions


@pytest.mark.parametrize("name", ["covariance_matrix", "precision_matrix"])
def test_multivariate_normal_validates_the_matrix_before_factoring_it(name):
    bad = -np.eye(3)
    with pytest.raises(ValueError, match="PositiveDefinite"):
        TD.MultivariateNormal(torch.zeros(3, dtype=torch.float64), **{name: torch.tensor(bad)})
    with pytest.raises(ValueError, match=f"parameter {name} .*PositiveDefinite"):
        D.MultivariateNormal(ag.zeros(3, dtype="float64"), **{name: ag.tensor(bad)})


def test_positive_definite_allows_a_relative_asymmetry_as_torch():
    a = np.random.default_rng(0).standard_normal((5, 5)) * 30
    cov = (a @ a.T + np.eye(5)).astype(np.float32)
    cov[0, 1] += 1e-3  # within isclose's rtol of entries in the thousands, far above an absolute 1e-6
    TD.MultivariateNormal(torch.zeros(5), torch.tensor(cov))
    D.MultivariateNormal(ag.zeros(5), ag.tensor(cov))
    assert not D.constraints.positive_definite.check(ag.tensor(np.array([[1.0, 0.1], [0.0, 1.0]]))).item()


def test_geometric_refuses_a_zero_success_probability_as_torch():
    with pytest.raises(ValueError, match="probs .* to be positive"):
        TD.Geometric(torch.tensor([0.5, 0.0]))
    with pytest.raises(ValueError, match=r"parameter probs \(Tensor of shape \(2,\)\) .* to be positive"):
        D.Geometric(ag.tensor([0.5, 0.0]))
    D.Geometric(ag.tensor([0.5, 0.0]), validate_args=False)
    D.Geometric(logits=ag.tensor(-float("inf")))  # as torch: only given probs are checked


def test_dirichlet_and_beta_modes_at_concentrations_below_one_as_torch():
    c = np.array([[0.5, 0.3, 0.9], [2.0, 3.0, 1.0], [1.0, 0.5, 0.5], [0.5, 2.0, 0.2]])
    a, b = np.array([0.5, 2.0, 0.5, 1.0, 3.0]), np.array([0.5, 0.5, 2.0, 1.0, 2.0])
    with np.errstate(invalid="ignore"):  # [1, 0.5, 0.5] and Beta(1, 1) have no peak: 0 / 0, nan as torch's
        np.testing.assert_array_equal(D.Dirichlet(ag.tensor(c)).mode.numpy(),
                                      TD.Dirichlet(torch.tensor(c)).mode.numpy())
        np.testing.assert_allclose(D.Beta(ag.tensor(a), ag.tensor(b)).mode.numpy(),
                                   TD.Beta(torch.tensor(a), torch.tensor(b)).mode.numpy(), rtol=1e-15)
    x, t = ag.tensor(c[1], requires_grad=True), torch.tensor(c[1], requires_grad=True)
    D.Dirichlet(x).mode[1].backward()
    TD.Dirichlet(t).mode[1].backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-12)


def test_transforms_compare_as_torch():
    t = ag.tensor([1.0, 2.0])
    assert D.ExpTransform() == D.ExpTransform() and D.ExpTransform().inv == D.ExpTransform().inv
    assert D.ExpTransform() != D.TanhTransform() and D.ExpTransform() != D.ExpTransform().inv
    assert D.AffineTransform(0.0, t) == D.AffineTransform(0.0, ag.tensor([1.0, 2.0]))
    assert D.AffineTransform(0.0, t) != D.AffineTransform(0.0, ag.tensor([1.0, 3.0]))
    assert D.PowerTransform(2.0) == D.PowerTransform(ag.tensor(2.0)) != D.PowerTransform(3.0)
    assert D.ComposeTransform([D.ExpTransform(), D.SigmoidTransform()]) == D.ComposeTransform(
        [D.ExpTransform(), D.SigmoidTransform()])


def _tanh_normal(m, loc, scale):
    transforms = m.transforms if m is TD else m
    return m.TransformedDistribution(m.Normal(loc, scale), [transforms.AffineTransform(0.5, 2.0),
                                                            transforms.TanhTransform()])


def test_kl_between_transformed_distributions_with_equal_transforms_as_torch():
    rng = np.random.default_rng(0)
    a, b, c, d = rng.standard_normal((3, 1)), rng.uniform(0.5, 2, 4), rng.standard_normal(4), rng.uniform(0.5, 2, 4)
    xs, ts = [ag.tensor(v, requires_grad=True) for v in (a, b, c, d)], [torch.tensor(v, requires_grad=True)
                                                                         for v in (a, b, c, d)]
    ours = D.kl_divergence(_tanh_normal(D, *xs[:2]), _tanh_normal(D, *xs[2:]))
    theirs = TD.kl_divergence(_tanh_normal(TD, *ts[:2]), _tanh_normal(TD, *ts[2:]))
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)
    ours.sum().backward()
    theirs.sum().backward()
    for x, t in zip(xs, ts):
        np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-12)
    other = D.TransformedDistribution(D.Normal(xs[2], xs[3]), [D.ExpTransform()])
    with pytest.raises(NotImplementedError, match="equal transforms"):
        D.kl_divergence(_tanh_normal(D, *xs[:2]), other)
