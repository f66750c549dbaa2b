"""PyTorch parity for corner cases a fuzzer found: dim=() reductions, 0-d and size-0 dims (tests skip
without torch)."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

X = np.random.default_rng(0).uniform(-2, 2, (2, 3))


@pytest.mark.parametrize("name", ["sum", "mean", "amax", "amin", "nansum", "nanmean", "norm"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_empty_dim_tuple_reduces_every_dim(name, keepdim):
    """PyTorch reads dim=() as "every dim" (NumPy's axis=() reduces none)."""
    compare(lambda x: getattr(ag, name)(x, dim=(), keepdim=keepdim),
            lambda x: getattr(__import__("torch"), name)(x, dim=(), keepdim=keepdim), [X])


@pytest.mark.parametrize("name", ["var", "std", "var_mean", "std_mean"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_empty_dim_tuple_variance(name, keepdim):
    """Against dim=(0, 1): PyTorch 2.13's forward with dim=() reduces every dim, but its backward
    divides by the wrong count (an infinite gradient); ours is the full reduction's."""
    torch = pytest.importorskip("torch")
    for k in range(2 if name.endswith("mean") else 1):
        def pick(y):
            return y[k] if isinstance(y, tuple) else y
        compare(lambda x: pick(getattr(ag, name)(x, dim=(), keepdim=keepdim)),
                lambda x: pick(getattr(torch, name)(x, dim=(0, 1), keepdim=keepdim)), [X])
        assert np.allclose(pick(getattr(ag, name)(ag.tensor(X), dim=())).numpy(),
                           pick(getattr(torch, name)(torch.tensor(X), dim=())).numpy())


def test_count_nonzero_empty_dim_tuple():
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0]])
    assert ag.count_nonzero(ag.tensor(x), dim=()).item() == torch.count_nonzero(torch.tensor(x), dim=()).item() == 3


@pytest.mark.parametrize("name", ["all", "any"])
@pytest.mark.parametrize("dim", [0, -1, ()])
@pytest.mark.parametrize("keepdim", [False, True])
def test_all_any_of_0d_along_a_dim(name, dim, keepdim):
    torch = pytest.importorskip("torch")
    for v in (0.0, 2.0):
        ours = getattr(ag, name)(ag.tensor(np.array(v)), dim, keepdim)
        theirs = getattr(torch, name)(torch.tensor(v), dim, keepdim)
        assert ours.shape == tuple(theirs.shape) and ours.item() == theirs.item()


def test_all_any_keep_dim_tuple_as_is():
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    for name in ("all", "any"):
        np.testing.assert_array_equal(getattr(ag, name)(ag.tensor(x), ()).numpy(),
                                      getattr(torch, name)(torch.tensor(x), ()).numpy())


@pytest.mark.parametrize("dim", [0, 1, -2, 2])
def test_unbind_size_zero_dim(dim):
    torch = pytest.importorskip("torch")
    x = np.zeros((2, 0, 3))
    ours, theirs = ag.unbind(ag.tensor(x), dim), torch.unbind(torch.tensor(x), dim)
    assert [p.shape for p in ours] == [tuple(p.shape) for p in theirs]


def test_unbind_0d_raises():
    with pytest.raises(IndexError, match="unbind"):
        ag.unbind(ag.tensor(np.array(1.0)))


@pytest.mark.parametrize("args", [("nuc",), ("nuc", (1, 2)), ("nuc", (0, -1), True), ("nuc", (-1, 0))])
def test_norm_nuclear(args):
    x = np.random.default_rng(1).standard_normal((2, 3, 4))
    compare(lambda t: ag.norm(t, *args), lambda t: __import__("torch").norm(t, *args), [x if len(args) > 1 else x[0]])


@pytest.mark.parametrize("shape, dim", [((2, 3, 4), None), ((3, 4), 0), ((4,), None)])
def test_norm_nuclear_needs_two_dims(shape, dim):
    with pytest.raises(ValueError, match="matrix_norm"):
        ag.norm(ag.zeros(*shape), "nuc", dim)
