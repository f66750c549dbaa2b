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
