"""x[idx] along one axis (the np.take fast path that getitem, index_select, embedding and grid_sample share)
and x[index] = v in PyTorch's layout (the selection's shape worked out without a gather). Parity tests skip
without torch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.gradcheck import gradcheck, gradgradcheck
from autograd_core.nn import functional as F
from autograd_core.ops import indexing
from tests.torch_parity import compare

IDX = np.array([2, 0, -1, 2])
IDX2 = np.array([[1, 0], [3, 3]])
TAKES = [IDX, IDX2, (slice(None), IDX), (slice(None), slice(None), IDX2), (slice(None), np.array([1]))]


@pytest.mark.parametrize("index", TAKES, ids=repr)
def test_one_integer_array_along_an_axis_is_a_take(index):
    """Such an index runs NumPy's take along its axis; anything else indexes as before."""
    got = indexing._take_args(index)
    assert got is not None and got[0] is (index[-1] if isinstance(index, tuple) else index)
    assert got[1] == (len(index) - 1 if isinstance(index, tuple) else 0)


def test_getitem_index_select_and_grid_sample_run_the_take(monkeypatch):
    takes = []
    take = np.take
    monkeypatch.setattr(np, "take", lambda *a, **k: takes.append(a[1:]) or take(*a, **k))
    x = ag.tensor(np.random.default_rng(0).standard_normal((4, 5)), requires_grad=True)
    x[:, IDX].sum().backward()
    ag.index_select(x, 0, ag.tensor(IDX % 4)).sum().backward()
    F.grid_sample(x.reshape(1, 1, 4, 5), ag.zeros(1, 2, 2, 2, dtype=x.dtype), align_corners=False).sum().backward()
    assert [t[-1] for t in takes[:2]] == [1, 0] and len(takes) == 3


@pytest.mark.parametrize("index", [(0, IDX), (slice(1, None), IDX), (IDX, slice(None)), (IDX, IDX),
                                   np.array([True, False, True, False]), (Ellipsis, IDX), (None, IDX), 1],
                         ids=repr)
def test_other_indices_are_not_a_take(index):
    assert indexing._take_args(index) is None


@pytest.mark.parametrize("index", TAKES, ids=repr)
def test_take_forward_backward_match_torch(index):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((4, 4, 4))

    def tindex(lib):
        return tuple(lib.tensor(k) if isinstance(k, np.ndarray) else k for k in index) \
            if isinstance(index, tuple) else lib.tensor(index)
    compare(lambda t: t[tindex(ag)], lambda t: t[tindex(torch)], [x])


@pytest.mark.parametrize("index", TAKES, ids=repr)
def test_take_double_backward(index):
    x = ag.tensor(np.random.default_rng(2).standard_normal((4, 4, 4)), requires_grad=True)
    assert gradcheck(lambda t: t[index], [x])
    assert gradgradcheck(lambda t: t[index], [x])


def test_take_out_of_range_names_getitem():
    with pytest.raises(IndexError, match=r"getitem: .*index 5 is out of bounds for axis 1 with size 4"):
        ag.ones(3, 4)[:, np.array([0, 5])]


def test_index_select_and_embedding_match_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).standard_normal((5, 6))
    idx = np.array([4, 0, 4, 1])
    compare(lambda t: ag.index_select(t, 1, idx), lambda t: torch.index_select(t, 1, torch.tensor(idx)), [x])
    compare(lambda w: F.embedding(ag.tensor(IDX2), w), lambda w: torch.nn.functional.embedding(
        torch.tensor(IDX2), w), [x])


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
def test_grid_sample_reads_taps_through_getitem(mode):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x, grid = rng.standard_normal((2, 3, 5, 4)), rng.uniform(-1.1, 1.1, (2, 3, 2, 2))
    diff = [0] if mode == "nearest" else None
    compare(lambda a, g: F.grid_sample(a, g, mode, align_corners=False),
            lambda a, g: torch.nn.functional.grid_sample(a, g, mode, align_corners=False), [x, grid], diff=diff)


MASK = np.array([[True, False, True], [False, False, True], [True, True, False], [False, False, False]])
LAYOUTS = [(0, slice(None), np.array([2, 0])), (1, Ellipsis, np.array([[0], [3]])), (0, MASK, slice(1, 4)),
           (slice(None), None, 1, slice(None, None, 2), np.array([1, 2])), (1, slice(None), np.array(True))]


@pytest.mark.parametrize("index", LAYOUTS, ids=repr)
def test_selection_shape_is_the_gathers(index):
    x = np.zeros((2, 4, 3, 5))
    index, _ = indexing._plain_index(index, ag.tensor(x))
    assert indexing._selection_shape(x.shape, index, "getitem") == x[index].shape


@pytest.mark.parametrize("index", LAYOUTS, ids=repr)
def test_setitem_in_torch_layout_matches_torch(index):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 3, 5))
    tidx = tuple(torch.tensor(k) if isinstance(k, np.ndarray) else k for k in index)
    v = rng.standard_normal(tuple(torch.zeros(x.shape)[tidx].shape))

    def assign(lib, idx):
        def f(t, u):
            y = t * 1
            y[idx] = u
            return y
        return f
    aidx = tuple(ag.tensor(k) if isinstance(k, np.ndarray) else k for k in index)
    compare(assign(ag, aidx), assign(torch, tidx), [x, v])


def test_setitem_mismatched_index_arrays_name_setitem():
    with pytest.raises(IndexError, match=r"setitem: shape mismatch: index arrays of shapes .*\(2,\), \(3,\)\]"):
        ag.zeros(2, 3, 4, 5)[0, :, np.array([0, 1]), np.array([0, 1, 2])] = 1.0


E = np.zeros(0)
CATS = [([E, np.ones((2, 3))], 1), ([np.ones((2, 3)), E, np.ones((1, 3))], 0), ([np.ones((2, 3)), E], -1),
        ([E, np.ones(3), E], 0), ([E, E], 1), ([E, E], -3)]


@pytest.mark.parametrize("arrays, dim", CATS, ids=repr)
def test_cat_joins_1d_empty_tensors_anywhere_as_torch(arrays, dim):
    """A 1-D empty tensor joins any others wherever it stands; with only such tensors PyTorch checks no dim."""
    torch = pytest.importorskip("torch")
    compare(lambda *ts: ag.cat(ts, dim), lambda *ts: torch.cat(ts, dim), arrays)


def test_cat_with_a_1d_empty_still_checks_the_others():
    with pytest.raises(ValueError, match=r"cat: tensor 2 has shape \(2, 4\), tensor 0 has shape \(2, 3\)"):
        ag.cat([ag.ones(2, 3), ag.zeros(0), ag.ones(2, 4)])
    with pytest.raises(IndexError, match="cat: dimension 2 is out of range for a tensor with 2 dimensions"):
        ag.cat([ag.zeros(0), ag.ones(2, 3)], 2)


@pytest.mark.parametrize("op, dims", [("sum", (0, 0)), ("sum", (1, -1)), ("mean", (0, -2)), ("amax", (1, 1)),
                                      ("flip", (0, -2)), ("any", (1, 1))])
def test_a_repeated_dim_is_refused_as_torch(op, dims):
    torch = pytest.importorskip("torch")
    d = dims[0] % 2
    with pytest.raises(RuntimeError, match=f"dim {d} appears multiple times in the list of dims"):
        getattr(torch, op)(torch.ones(2, 3), dims)
    with pytest.raises(RuntimeError, match=rf"^{op}: dim {d} appears multiple times in the list of dims$"):
        getattr(ag, op)(ag.ones(2, 3), dims)


def test_a_repeated_dim_of_a_0d_tensor_is_refused_and_one_is_not():
    with pytest.raises(RuntimeError, match="sum: dim 0 appears multiple times in the list of dims"):
        ag.tensor(1.0).sum((0, -1))
    assert ag.tensor(2.0).sum((0,)).item() == 2.0
    assert ag.flip(ag.tensor(2.0), (-1,)).item() == 2.0


def test_flip_refuses_none_dims_as_torch():
    with pytest.raises(TypeError, match="flip: dims must be an int or a sequence of ints, got None"):
        ag.flip(ag.ones(2), None)


NOTHING = [(np.array([5]), np.zeros(0, np.int64)), (slice(0, 0), np.array([7])), (np.array([-9]), slice(4, None)),
           (np.array([[9]]), np.zeros((0, 1), np.int64)), (slice(0, 0), np.array([[9], [8]]))]


@pytest.mark.parametrize("index", NOTHING, ids=repr)
def test_index_arrays_that_select_nothing_go_unchecked_as_torch(index):
    torch = pytest.importorskip("torch")

    def on(lib):
        return tuple(lib.tensor(k) if isinstance(k, np.ndarray) else k for k in index)
    compare(lambda t: t[on(ag)], lambda t: t[on(torch)], [np.ones((3, 4))])


@pytest.mark.parametrize("shape, index", [((3, 4), (np.array([5]),)), ((3, 4), (5, np.zeros(0, np.int64))),
                                          ((0, 4), (np.array([0]), slice(0, 0))),
                                          ((3, 4), (np.array([1, 2]), np.array([1, 2, 3])))], ids=repr)
def test_index_errors_that_torch_keeps_name_getitem(shape, index):
    with pytest.raises(IndexError, match=r"^getitem: index .* is invalid for a tensor of shape"):
        ag.ones(*shape)[index]


@pytest.mark.parametrize("index, value, error", [(0, np.ones(3), ValueError), ((0, [0, 1], [0, 1, 2]), 1.0, IndexError),
                                                 (7, 1.0, IndexError), (([0, 1],), np.ones((3, 4, 5)), ValueError)],
                         ids=["value", "index arrays", "out of range", "advanced value"])
def test_setitem_errors_name_the_op_and_the_shapes(index, value, error):
    x = ag.zeros(3, 4, 5)
    with pytest.raises(error, match=r"^setitem: index .* does not fit a tensor of shape \(3, 4, 5\)"):
        x[index] = ag.tensor(value) if isinstance(value, np.ndarray) else value
