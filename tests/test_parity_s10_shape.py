"""PyTorch parity of the shape ops on size-0 dims and 0-d tensors (corner cases a fuzzer found; tests skip
without torch)."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

EMPTY = np.zeros((2, 0, 3))


@pytest.mark.parametrize("chunks", [1, 2, 3])
def test_chunk_of_a_size_zero_dim(chunks):
    """PyTorch gives ``chunks`` empty pieces; the gradient flows back through each."""
    for k in range(chunks):
        compare(lambda x: ag.chunk(x, chunks, 1)[k], lambda x: __import__("torch").chunk(x, chunks, 1)[k], [EMPTY])
    assert len(ag.chunk(ag.tensor(EMPTY), chunks, 1)) == chunks


@pytest.mark.parametrize("size", [1, 2])
def test_split_of_a_size_zero_dim_backward(size):
    compare(lambda x: ag.split(x, size, 1)[0], lambda x: __import__("torch").split(x, size, 1)[0], [EMPTY])


def test_chunk_refuses_non_positive_chunks():
    with pytest.raises(ValueError, match="chunk: chunks must be positive"):
        ag.chunk(ag.zeros(3), 0)


@pytest.mark.parametrize("dims", [(-1,), (0, -1), (1, 2), (0, 0), (2, -1), (0, 1)])
def test_flatten_of_an_empty_tensor(dims):
    compare(lambda x: ag.flatten(x, *dims), lambda x: __import__("torch").flatten(x, *dims), [EMPTY])


def test_flatten_refuses_start_after_end_and_bad_dims_of_0d():
    with pytest.raises(ValueError, match="flatten: start_dim 2 comes after end_dim 0"):
        ag.flatten(ag.zeros(2, 3, 4), 2, 0)
    with pytest.raises(IndexError, match="flatten"):
        ag.flatten(ag.tensor(1.0), 1)


@pytest.mark.parametrize("dim, sizes", [(-3, (1, -1)), (1, (5, -1)), (1, (-1, 2)), (2, (3, -1))])
def test_unflatten_with_minus_one_on_an_empty_tensor(dim, sizes):
    compare(lambda x: ag.unflatten(x, dim, sizes), lambda x: __import__("torch").unflatten(x, dim, sizes), [EMPTY])


@pytest.mark.parametrize("name", ["transpose", "swapaxes", "swapdims"])
@pytest.mark.parametrize("dims", [(0, 0), (-1, 0), (0, -1)])
def test_swapping_the_dims_of_a_0d_tensor(name, dims):
    compare(lambda x: getattr(ag, name)(x, *dims), lambda x: getattr(__import__("torch"), name)(x, *dims),
            [np.array(1.5)])


@pytest.mark.parametrize("dims", [(0,), (-1,), ()])
def test_flip_of_a_0d_tensor(dims):
    compare(lambda x: ag.flip(x, dims), lambda x: __import__("torch").flip(x, dims), [np.array(1.5)])


@pytest.mark.parametrize("shapes, dim", [([(0,), (1, 3)], 0), ([(2, 3), (0,)], 0), ([(0,), (2, 3)], 1),
                                         ([(0,), (2, 3), (0,), (1, 3)], 0), ([(0,), (0,)], 0)])
def test_cat_skips_1d_empty_tensors(shapes, dim):
    """PyTorch's legacy rule, which ``out = cat([out, row])`` from ``out = tensor([])`` relies on."""
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]
    compare(lambda *ts: ag.cat(ts, dim), lambda *ts: __import__("torch").cat(ts, dim), arrays)


def test_cat_still_refuses_mismatched_shapes_beside_a_1d_empty_tensor():
    with pytest.raises(ValueError, match=r"cat: tensor 2 has shape \(1, 4\)"):
        ag.cat([ag.zeros(0), ag.zeros(2, 3), ag.zeros(1, 4)])
