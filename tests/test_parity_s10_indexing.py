"""PyTorch parity of x[index] and x[index] = v: an empty list, and the layouts where PyTorch's differs from
NumPy's (an int or 0-d integer tensor among index arrays is a select applied first; an Ellipsis of no dims
separates nothing). Tests skip without torch."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare


@pytest.mark.parametrize("index", [[], (slice(None), []), (Ellipsis, [])], ids=repr)
def test_empty_list_index_selects_nothing(index):
    """NumPy reads [] as a float array and refuses it; PyTorch selects nothing."""
    compare(lambda t: t[index], lambda t: t[index], [np.ones((2, 3))])


I = np.array([1, 0])
J = np.array([[0, 2]])
INDICES = [
    (0, slice(None), I), (slice(None), 0, slice(None), I), (0, None, I), (0, Ellipsis, I), (-1, slice(1, None), J),
    (slice(None), I, Ellipsis, I, slice(2, None)), (0, slice(None), False), (-1, slice(None), True),
    (0, slice(None), np.array([True, False, True, True])), (I, slice(None), 0), (0, I, slice(None)), (I, 0, I),
    (slice(None), [], 0),
]


def _index(lib, index):
    """``index`` with its arrays as ``lib``'s tensors."""
    return tuple(lib.tensor(k) if isinstance(k, np.ndarray) else k for k in index)


@pytest.mark.parametrize("index", INDICES, ids=repr)
def test_getitem_layout(index):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    compare(lambda t: t[_index(ag, index)], lambda t: t[_index(torch, index)], [x])


@pytest.mark.parametrize("index", INDICES, ids=repr)
def test_setitem_layout(index):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 4, 5))
    v = rng.standard_normal(tuple(torch.zeros(x.shape)[_index(torch, index)].shape))

    def assign(lib):
        def f(t, u):
            y = t * 1
            y[_index(lib, index)] = u
            return y
        return f
    compare(assign(ag), assign(torch), [x, v])
    if v.ndim:  # a value that broadcasts along the first dim of PyTorch's layout
        compare(assign(ag), assign(torch), [x, v[:1]])


def test_0d_integer_tensor_among_index_arrays_is_a_select():
    torch = pytest.importorskip("torch")
    x = np.arange(24.0).reshape(2, 3, 4)
    ours = ag.tensor(x)[ag.tensor(np.array(1)), :, ag.tensor(I)]
    theirs = torch.tensor(x)[torch.tensor(1), :, torch.tensor(I)]
    assert ours.shape == tuple(theirs.shape) == (3, 2)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
