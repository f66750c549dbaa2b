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
    assert indexing._selection_shape(x.shape, index) == x[index].shape


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
