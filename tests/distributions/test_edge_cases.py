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
    np.testing.assert_array_equal(D.Dirichlet(ag.tensor(c)).mode.numpy(), TD.Dirichlet(torch.tensor(c)).mode.numpy())
    a, b = np.array([0.5, 2.0, 0.5, 1.0, 3.0]), np.array([0.5, 0.5, 2.0, 1.0, 2.0])
    np.testing.assert_allclose(D.Beta(ag.tensor(a), ag.tensor(b)).mode.numpy(),
                               TD.Beta(torch.tensor(a), torch.tensor(b)).mode.numpy(), rtol=1e-15)
    x, t = ag.tensor(c[1], requires_grad=True), torch.tensor(c[1], requires_grad=True)
    D.Dirichlet(x).mode[1].backward()
    TD.Dirichlet(t).mode[1].backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-12)
