"""Dims through normalize_axes: a 0-d tensor's dim 0 / -1, dims kept in order, repeated dims; cat's dim,
the shape-mismatch error's op name (session 11)."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.ops import indexing
from autograd_core.ops._util import RepeatedDimError, normalize_axes
from tests.torch_parity import compare

SCALAR = np.array(1.5)
DIMS_0D = [0, -1, (0,), (-1,), [0]]
REDUCTIONS = ["sum", "mean", "amax", "amin", "logsumexp", "nansum", "std", "var"]


def test_normalize_axes_of_a_0d_tensor_is_empty():
    assert normalize_axes(0, 0, "op") == normalize_axes(-1, 0, "op") == normalize_axes((0,), 0, "op") == ()
    assert normalize_axes(None, 0, "op") is None
    with pytest.raises(RepeatedDimError, match=r"^op: dim 0 appears multiple times in the list of dims$"):
        normalize_axes((0, -1), 0, "op")
    with pytest.raises(IndexError, match="op: dimension 1 is out of range for a tensor with 0 dimensions"):
        normalize_axes((1,), 0, "op")


def test_normalize_axes_ordered_keeps_the_order_given():
    assert normalize_axes((2, -3, 1), 3, "op") == (0, 1, 2)
    assert normalize_axes((2, -3, 1), 3, "op", ordered=True) == (2, 0, 1)
    with pytest.raises(RepeatedDimError, match="op: dim 1 appears multiple times"):
        normalize_axes((1, -2), 3, "op", ordered=True)


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS_0D, ids=repr)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions_of_a_0d_tensor_along_dim_0_match_torch(name, dim, keepdim):
    torch = pytest.importorskip("torch")
    kw = {"correction": 0} if name in ("std", "var") else {}  # torch's default gives NaN with a warning
    compare(lambda x: getattr(ag, name)(x, dim, keepdim=keepdim, **kw),
            lambda x: getattr(torch, name)(x, dim, keepdim=keepdim, **kw), [SCALAR])


@pytest.mark.parametrize("dim", [0, -1])
def test_prod_norm_and_max_of_a_0d_tensor_along_dim_0_match_torch(dim):
    torch = pytest.importorskip("torch")
    compare(lambda x: ag.prod(x, dim, keepdim=True), lambda x: torch.prod(x, dim, keepdim=True), [SCALAR])
    compare(lambda x: ag.norm(x, dim=(dim,)), lambda x: torch.norm(x, dim=(dim,)), [SCALAR])
    compare(lambda x: ag.flip(x, (dim,)), lambda x: torch.flip(x, (dim,)), [SCALAR])
    for ours, theirs in [(ag.max, torch.max), (ag.min, torch.min)]:
        values, indices = ours(ag.tensor(SCALAR), dim)
        t_values, t_indices = theirs(torch.tensor(SCALAR), dim)
        assert values.shape == () and values.item() == t_values.item() and indices.item() == t_indices.item()


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, -1, (0,)], ids=repr)
@pytest.mark.parametrize("name", ["any", "all"])
def test_logical_reductions_of_a_0d_tensor_match_torch(name, dim, keepdim):
    torch = pytest.importorskip("torch")
    for value in (0.0, 2.0):
        ours = getattr(ag, name)(ag.tensor(value), dim, keepdim=keepdim)
        theirs = getattr(torch, name)(torch.tensor(value), dim, keepdim=keepdim)
        assert ours.shape == tuple(theirs.shape) and ours.item() == theirs.item()


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reductions_of_a_0d_tensor_along_dim_0_match_torch(name, keepdim):
    torch = pytest.importorskip("torch")
    for dim in (0, -1):
        ours = getattr(ag, name)(ag.tensor(SCALAR), dim, keepdim=keepdim)
        theirs = getattr(torch, name)(torch.tensor(SCALAR), dim, keepdim=keepdim)
        assert ours.shape == tuple(theirs.shape) and ours.dtype == np.int64 and ours.item() == theirs.item()


@pytest.mark.parametrize("call", [lambda m, x: m.sum(x, (0, -1)), lambda m, x: m.amax(x, (0, 0)),
                                  lambda m, x: m.flip(x, (0, -1))])
def test_a_0d_tensor_refuses_dim_0_twice_as_torch(call):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times in the list of dims"):
        call(torch, torch.tensor(SCALAR))
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times in the list of dims"):
        call(ag, ag.tensor(SCALAR))


@pytest.mark.parametrize("dim", [1, -2, (1,)], ids=repr)
def test_a_0d_tensor_refuses_other_dims_as_torch(dim):
    torch = pytest.importorskip("torch")
    with pytest.raises(IndexError):
        torch.sum(torch.tensor(SCALAR), dim)
    with pytest.raises(IndexError, match="sum: dimension -?[12] is out of range for a tensor with 0 dimensions"):
        ag.sum(ag.tensor(SCALAR), dim)


@pytest.mark.parametrize("dim", [0, 1, -1, -2])
def test_cat_with_legacy_empties_matches_torch(dim):
    torch = pytest.importorskip("torch")
    a, b = np.arange(6.0).reshape(2, 3), np.zeros(0)
    compare(lambda x, e: ag.cat([e, x, e, x], dim), lambda x, e: torch.cat([e, x, e, x], dim), [a, b])
    compare(lambda x: ag.cat([x, x], dim), lambda x: torch.cat([x, x], dim), [a])


@pytest.mark.parametrize("tensors", [[np.zeros(0), np.ones((2, 3))], [np.ones((2, 3))]], ids=["empty", "plain"])
@pytest.mark.parametrize("dim", [2, -3])
def test_cat_out_of_range_dim_names_the_op(tensors, dim):
    with pytest.raises(IndexError, match=f"cat: dimension {dim} is out of range for a tensor with 2 dimensions"):
        ag.cat([ag.tensor(t) for t in tensors], dim)


def test_selection_shape_mismatch_names_the_op():
    index = (np.array([0, 1]), np.array([0, 1, 2]))
    for op in ("getitem", "setitem"):
        with pytest.raises(IndexError, match=rf"^{op}: shape mismatch: index arrays of shapes"):
            indexing._selection_shape((3, 4), index, op)
    x = ag.zeros(2, 3, 4, 5)
    with pytest.raises(IndexError, match=r"^setitem: shape mismatch"):  # PyTorch's layout differs from NumPy's
        x[0, :, [0, 1], [0, 1, 2]] = 1.0


@pytest.mark.parametrize("call", [
    lambda m, x: m.movedim(x, (0, -3), (1, 2)), lambda m, x: m.movedim(x, (0, 1), (2, -1)),
    lambda m, x: m.gradient(x, dim=(1, -2)), lambda m, x: m.fft.fftn(x, dim=(2, -1))])
def test_repeated_dims_are_refused_as_torch(call):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        call(torch, torch.zeros(3, 4, 5))
    with pytest.raises(RuntimeError, match="dim [0-2] appears multiple times in the list of dims"):
        call(ag, ag.zeros(3, 4, 5))


def test_movedim_names_source_or_destination():
    with pytest.raises(ValueError, match="^movedim source: dim 0 appears"):
        ag.movedim(ag.zeros(3, 4, 5), (0, -3), (1, 2))
    with pytest.raises(ValueError, match="^movedim destination: dim 2 appears"):
        ag.movedim(ag.zeros(3, 4, 5), (0, 1), (2, -1))


def test_dims_given_out_of_order_match_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((3, 4, 5))
    compare(lambda t: ag.movedim(t, (2, 0), (0, -1)), lambda t: torch.movedim(t, (2, 0), (0, -1)), [x])
    for d, (ours, theirs) in enumerate(zip(ag.gradient(ag.tensor(x), dim=(2, -3)),
                                           torch.gradient(torch.tensor(x), dim=(2, -3)))):
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-12, err_msg=f"dim {d}")
    np.testing.assert_allclose(ag.fft.fftn(ag.tensor(x), s=(4, 6), dim=(2, 0)).numpy(),
                               torch.fft.fftn(torch.tensor(x), s=(4, 6), dim=(2, 0)).numpy(), atol=1e-12)


def test_gradient_of_a_0d_tensor_matches_torch():
    torch = pytest.importorskip("torch")
    assert ag.gradient(ag.tensor(SCALAR)) == () == torch.gradient(torch.tensor(SCALAR))
    assert ag.gradient(ag.tensor(SCALAR), dim=()) == () == torch.gradient(torch.tensor(SCALAR), dim=())
    for dim in (0, (0,)):
        with pytest.raises(IndexError):
            torch.gradient(torch.tensor(SCALAR), dim=dim)
        with pytest.raises(IndexError, match="gradient: dim .*0.* is out of range for a tensor with no dimensions"):
            ag.gradient(ag.tensor(SCALAR), dim=dim)


def test_split_and_chunk_take_numpy_ints_and_chunk_refuses_a_bool():
    x = ag.arange(6)
    assert [t.shape for t in ag.split(x, np.int64(4))] == [(4,), (2,)]
    assert [t.shape for t in ag.chunk(x, np.int64(2))] == [(3,), (3,)]
    with pytest.raises(TypeError, match="chunk: chunks must be an int"):
        ag.chunk(x, True)
