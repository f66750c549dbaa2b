"""cov in degenerate cases against torch 2.13 (session 10): no degrees of freedom divides by 0 (inf, NaN where a
sum is 0), weights summing to zero, a single variable's 0-d result, an int correction."""
from contextlib import nullcontext

import numpy as np
import pytest

import autograd_core as ag

X = np.array([[1.0, 3.0, 4.0], [2.0, 5.0, 1.0]])
DEGENERATE = [
    (X[:, :2], {"correction": 2}), (X[:, :2], {"correction": 3}), (np.array([[1.0, 1.0, 1.0]]), {"correction": 3}),
    (X[:, :1], {}), (np.zeros((2, 0)), {}), (X[:, :2], {"fweights": [1, 1], "correction": 2}),
    (X[:, :2], {"fweights": [1, 0]}), (X, {"aweights": [0.5, 0.5, 1.0], "correction": 5}),
    (X, {"fweights": [1, 2, 1], "aweights": [0.5, 0.5, 1.0], "correction": 7}), (np.array([[1.0, 2.0, 4.0]]), {}),
    (X[:1, :2] + 1j * X[1:, :2], {"correction": 2}),
]


@pytest.mark.parametrize("x,kw", DEGENERATE)
def test_cov_without_degrees_of_freedom_matches_torch(x, kw):
    """torch divides by max(dof, 0), warning when unweighted (it gave NaN: inf where a sum is not 0)."""
    torch = pytest.importorskip("torch")
    theirs = torch.cov(torch.tensor(x), **{k: torch.tensor(v) if isinstance(v, list) else v for k, v in kw.items()})
    unweighted_without_dof = "fweights" not in kw and "aweights" not in kw and x.shape[1] <= kw.get("correction", 1)
    with np.errstate(all="ignore"), pytest.warns(UserWarning) if unweighted_without_dof else nullcontext():
        ours = ag.cov(ag.tensor(x), **{k: ag.tensor(v) if isinstance(v, list) else v for k, v in kw.items()})
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)  # inf and NaN where torch has them


@pytest.mark.parametrize("kw", [{"fweights": [0, 0, 0]}, {"aweights": [0.0, 0.0, 0.0]},
                                {"aweights": [0.0, 0.0, 0.0], "correction": 0}])
def test_cov_weights_summing_to_zero_raise(kw):
    with pytest.raises(RuntimeError, match="cov: the weights sum to zero"):
        ag.cov(ag.tensor(X), **{k: ag.tensor(v) if isinstance(v, list) else v for k, v in kw.items()})


def test_cov_takes_an_integer_tensor_as_correction():
    np.testing.assert_allclose(ag.cov(ag.tensor(X), correction=ag.tensor(0)).numpy(), np.cov(X, ddof=0))


@pytest.mark.parametrize("correction", [0.5, True, None])
def test_cov_correction_must_be_an_int(correction):
    with pytest.raises(TypeError, match="cov: correction must be an int"):
        ag.cov(ag.tensor(X), correction=correction)


def test_cov_of_one_row_is_0d_and_differentiable():
    torch = pytest.importorskip("torch")
    from torch_parity import compare
    compare(ag.cov, torch.cov, [np.array([[1.0, 2.0, 4.0, 0.5]])])
    assert ag.corrcoef(ag.tensor([[1.0, 2.0, 4.0]])).shape == ()
