"""Regressions for what the session-4 reviews found in the new tensor and nn API."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn


def test_margin_losses_have_gradient_one_at_the_hinge_point_as_pytorch():
    x1 = ag.zeros(3, requires_grad=True)
    F.margin_ranking_loss(x1, ag.zeros(3), ag.tensor([1.0, -1.0, 1.0]), reduction="sum").backward()
    np.testing.assert_array_equal(x1.grad.numpy(), [-1.0, 1.0, -1.0])
    x = ag.ones(3, requires_grad=True)
    F.hinge_embedding_loss(x, ag.tensor([-1.0, -1.0, 1.0])).backward()
    np.testing.assert_allclose(x.grad.numpy(), [-1 / 3, -1 / 3, 1 / 3])
    a = ag.tensor([[1.0, 0.0]], requires_grad=True)
    F.cosine_embedding_loss(a, ag.tensor([[0.0, 1.0]]), ag.tensor([-1.0]), margin=0.0).backward()
    np.testing.assert_allclose(a.grad.numpy(), [[0.0, 1.0]], atol=1e-6)


def test_atan2_gradient_at_the_origin_is_zero_and_integers_give_float32():
    a = ag.tensor([0.0, 1.0], requires_grad=True)
    b = ag.tensor([0.0, 1.0], requires_grad=True)
    ag.atan2(a, b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [0.0, 0.5])
    np.testing.assert_allclose(b.grad.numpy(), [0.0, -0.5])
    assert ag.atan2(ag.tensor([1, 2]), ag.tensor([1, 1])).dtype == np.float32
    assert ag.hypot(ag.tensor([3]), ag.tensor([4])).dtype == np.float32


@pytest.mark.parametrize("op", [ag.cumsum, ag.cumprod])
def test_cumulative_ops_of_a_0d_tensor_stay_0d(op):
    x = ag.tensor(2.0, requires_grad=True)
    y = op(x, 0)
    assert y.shape == ()
    y.backward()
    assert x.grad.item() == 1.0


def test_recorded_in_place_op_refuses_to_truncate_floats_into_an_integer_tensor():
    with pytest.raises(RuntimeError, match="pow_: the result has dtype float32, which can't be cast to the dtype int64"):
        ag.tensor([1, 2, 3]).pow_(ag.tensor([0.5, 1.0, 2.0], requires_grad=True))


def test_topk_breaks_ties_by_index_like_sort():
    x = ag.tensor([[0.0, 0.0, 1.0, 0.0, 1.0]])
    np.testing.assert_array_equal(ag.topk(x, 3).indices.numpy(), [[2, 4, 0]])
    np.testing.assert_array_equal(ag.topk(x, 2, largest=False).indices.numpy(), [[0, 1]])
    np.testing.assert_array_equal(ag.sort(x, descending=True).indices.numpy()[:, :3], [[2, 4, 0]])


@pytest.mark.parametrize("op", [F.dropout, F.dropout2d])
def test_dropout_refuses_integer_input(op):
    with pytest.raises(TypeError, match="expected a floating-point input, got dtype int64"):
        op(ag.ones(2, 3, 4, 4, dtype=ag.int64), 0.5)


def test_instance_norm_names_the_channel_dim_of_the_input_it_got():
    layer = nn.InstanceNorm2d(4, affine=True)
    with pytest.raises(ValueError, match=r"expected 4 channels \(dim 1\)"):
        layer(ag.randn(2, 3, 5, 5))
    with pytest.raises(ValueError, match=r"expected 4 channels \(dim 0\)"):
        layer(ag.randn(3, 5, 5))


def test_new_factories_take_the_size_as_pytorch_does():
    x = ag.ones(2, dtype=ag.float64)
    for make in (x.new_zeros, x.new_ones, x.new_empty):
        assert make(size=(2, 3)).shape == (2, 3) and make((2, 3)).shape == (2, 3) and make(2, 3).shape == (2, 3)
        assert make(4).dtype == np.float64
    with pytest.raises(TypeError, match="expected the size positionally or as size="):
        x.new_zeros(2, size=3)
    with pytest.raises(TypeError, match="expected the size"):
        x.new_ones()


def test_cumulative_ops_take_dtype_and_scatter_takes_value_as_pytorch():
    x = ag.tensor([1, 2, 3])
    y = ag.cumsum(x, 0, dtype=ag.float32)
    assert y.dtype == np.float32 and y.tolist() == [1.0, 3.0, 6.0]
    w = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    p = w.cumprod(0, dtype=ag.float64)
    assert p.dtype == np.float64
    p.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), [1 + 2 + 6, 1 + 3, 2])  # of w0 + w0 w1 + w0 w1 w2
    np.testing.assert_array_equal(ag.zeros(2, 3).scatter(1, ag.tensor([[0], [2]]), value=1.0).numpy(),
                                  [[1, 0, 0], [0, 0, 1]])
    with pytest.raises(TypeError, match="scatter: give exactly one of src"):
        ag.scatter(ag.zeros(3), 0, ag.tensor([2]))


def test_cumulative_ops_give_pytorchs_integer_dtypes():
    x = ag.tensor([[1, 2, 3]], dtype=ag.int32)
    assert x.cumsum(1).dtype == np.int64 and x.cumprod(1).dtype == np.int64  # integers widen to int64
    assert x.cumsum(1, dtype=ag.int32).dtype == np.int32
    assert ag.tensor([1, 2], dtype=ag.uint8).cumsum(0).dtype == np.int64  # NumPy's would be uint64


def test_embedding_max_norm_with_the_infinity_norm_clips_the_largest_entry():
    emb = nn.Embedding(2, 2, max_norm=1.0, norm_type=float("inf"), _weight=ag.tensor([[3.0, -4.0], [0.5, 0.2]]))
    np.testing.assert_allclose(emb(ag.tensor([0, 1])).detach().numpy(), [[0.75, -1.0], [0.5, 0.2]], rtol=1e-6)


def test_zero_dim_tensors_format_and_round_as_pytorch():
    x = ag.tensor([1.2345, 2.5])
    assert f"{x[0]:.2f}" == "1.23" and f"{x.sum():.1f}" == "3.7"
    assert round(x[1]).item() == 2.0  # half to even, a tensor
    np.testing.assert_allclose(round(x, 1).numpy(), [1.2, 2.5], rtol=1e-6)


def test_masked_fill_in_place_and_bool_alias():
    y = ag.tensor([1.0, 2.0, 3.0])
    y.masked_fill_(y > 1.5, -1.0)
    np.testing.assert_array_equal(y.numpy(), [1.0, -1.0, -1.0])
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    z = w * 1
    z.masked_fill_(ag.tensor([False, True]), 0.0)
    z.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [1.0, 0.0])
    assert ag.zeros(2, dtype=ag.bool).dtype == np.bool_


def test_in_place_float_into_an_integer_tensor_is_a_runtime_error_recorded_or_not():
    t = ag.tensor([1, 2])
    with pytest.raises(RuntimeError, match="add_: the result can't be written into the tensor's dtype int64"):
        t += 2.5
