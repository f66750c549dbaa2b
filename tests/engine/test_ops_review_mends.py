"""Regression tests for the ops review's mends (masks, index checks, scatter_reduce's prod gradient)."""
import numpy as np
import pytest

import autograd_core as ag


@pytest.mark.parametrize("recorded", [False, True])
def test_masked_fill_in_place_refuses_a_non_bool_mask(recorded):
    x = ag.zeros(3, requires_grad=recorded)
    x = x * 1 if recorded else x  # a non-leaf, so the recorded path is taken
    with pytest.raises(TypeError, match="masked_fill_: the mask must be a bool tensor"):
        x.masked_fill_(ag.tensor([0, 1, 1]), 5.0)
    assert x.tolist() == [0.0, 0.0, 0.0]
    x.masked_fill_(ag.tensor([False, True, True]), 5.0)
    assert x.tolist() == [0.0, 5.0, 5.0]


def test_masked_fill_and_masked_select_refuse_a_non_bool_mask():
    x = ag.zeros(2, 3)
    for call in (lambda: ag.masked_fill(x, np.array([1, 0, 1]), 1.0),
                 lambda: ag.masked_select(x, [1, 0, 1])):
        with pytest.raises(TypeError, match="the mask must be a bool tensor"):
            call()
    assert ag.masked_fill(x, [True, False, True], 1.0).tolist() == [[1.0, 0.0, 1.0]] * 2


def test_index_select_takes_a_vector_of_integers_as_pytorch():
    x = ag.arange(12.0).reshape(3, 4)
    with pytest.raises(TypeError, match="index_select: index must be an integer tensor, got dtype bool"):
        ag.index_select(x, 0, ag.tensor([True, False, True]))  # not a mask
    with pytest.raises(IndexError, match=r"index_select: index must be 1-D \(a vector\), got shape \(1, 1\)"):
        ag.index_select(x, 0, ag.tensor([[1]]))
    assert ag.index_select(x, 0, ag.tensor(1)).tolist() == [[4.0, 5.0, 6.0, 7.0]]  # 0-d: one row, dim kept
    out = ag.zeros(3, 4).index_add(0, ag.tensor(1), ag.ones(1, 4))
    assert out.tolist() == [[0.0] * 4, [1.0] * 4, [0.0] * 4]
    with pytest.raises(TypeError, match="index_add: index must be an integer tensor"):
        ag.zeros(3, 4).index_add(0, np.array([0.0, 1.0]), ag.ones(2, 4))


@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_prod_second_derivatives_with_zeros_in_the_input(include_self):
    # x's gradient is the product of the src values at its place, also where x is 0
    x = ag.tensor([0.0, 2.0, 0.0, 3.0], dtype=np.float64, requires_grad=True)
    src = ag.tensor([4.0, 1.5, 0.5, 2.0, -3.0], dtype=np.float64, requires_grad=True)
    index = np.array([0, 1, 2, 2, 0])
    fn = lambda x, s: ag.scatter_reduce(x, 0, index, s, "prod", include_self=include_self)  # noqa: E731
    assert ag.gradcheck(fn, (x, src)) and ag.gradgradcheck(fn, (x, src))
    (gx,) = ag.grad(fn(x, src).sum(), [x])
    assert gx.tolist() == ([4.0 * -3.0, 1.5, 0.5 * 2.0, 1.0] if include_self else [0.0, 0.0, 0.0, 1.0])


@pytest.mark.parametrize("op", [ag.cumsum, ag.cumprod])
def test_cumulative_ops_take_one_dim(op):
    x = ag.ones(2, 3)
    with pytest.raises(TypeError):
        op(x, (1, 0))  # used to run along dim 0, the smallest of the tuple
    assert op(x, -1).shape == (2, 3)


def test_where_gives_the_branch_not_taken_an_exact_zero_even_for_an_infinite_gradient():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    ag.where(ag.tensor([True, False, True]), x, 5.0).backward(ag.tensor([np.inf, np.inf, 1.0]))
    assert x.grad.tolist() == [np.inf, 0.0, 1.0]  # 0 * inf would be NaN; PyTorch gives 0


def test_mT_swaps_the_last_two_dims_as_pytorch():
    x = ag.tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    np.testing.assert_array_equal(x.mT.detach().numpy(), np.swapaxes(x.detach().numpy(), -1, -2))
    (x.mT * ag.tensor(np.arange(24.0).reshape(2, 4, 3))).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.swapaxes(np.arange(24.0).reshape(2, 4, 3), -1, -2))
