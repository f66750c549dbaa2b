"""Tensor creation, attributes, dtype rules and conversions."""
import numpy as np
import pytest

import autograd_core as ag


def test_python_floats_are_float32_and_numpy_dtypes_are_kept():
    assert ag.tensor(1.5).dtype == np.float32
    assert ag.tensor([[1.0, 2.0]]).dtype == np.float32
    assert ag.tensor([1, 2]).dtype == np.int64
    assert ag.tensor(np.zeros(2)).dtype == np.float64
    assert ag.tensor(np.zeros(2, np.float16)).dtype == np.float16
    assert ag.tensor([1.0], dtype=ag.float64).dtype == np.float64


def test_tensor_copies_and_as_tensor_shares():
    a = np.zeros(3)
    t, s = ag.tensor(a), ag.as_tensor(a)
    a[0] = 5
    assert t.data[0] == 0 and s.data[0] == 5


def test_attributes():
    x = ag.randn(2, 3, requires_grad=True)
    assert x.shape == (2, 3) and x.ndim == 2 and x.dim() == 2 and x.size() == (2, 3) and x.size(1) == 3
    assert x.numel() == 6 and len(x) == 2 and x.device == "cpu"
    assert x.is_leaf and x.grad_fn is None and x.requires_grad
    y = x * 2
    assert not y.is_leaf and y.grad_fn is not None and y.requires_grad
    assert type(y.grad_fn).__name__ == "MulScalar"
    assert ag.Variable is ag.Tensor


def test_item_tolist_numpy():
    x = ag.tensor([[1.0, 2.0]])
    assert x.tolist() == [[1.0, 2.0]]
    assert ag.tensor(3.0).item() == 3.0
    with pytest.raises(ValueError, match="one-element"):
        x.item()
    assert isinstance(x.numpy(), np.ndarray)
    with pytest.raises(RuntimeError, match="detach"):
        ag.ones(2, requires_grad=True).numpy()


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating point.*int64"):
        ag.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point"):
        ag.arange(3).requires_grad_()


def test_repr_is_readable():
    assert repr(ag.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert "requires_grad=True" in repr(ag.tensor([1.0], requires_grad=True))
    assert "grad_fn=<MulScalarBackward>" in repr(ag.tensor([1.0], requires_grad=True) * 2)
    assert "dtype=float64" in repr(ag.tensor(np.ones(2)))


def test_detach_and_clone():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d._data is x._data
    c = x.clone()
    assert c._data is not x._data and c.requires_grad
    (c * c).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])


def test_astype_backward_returns_the_input_dtype():
    x = ag.tensor(np.ones(3), requires_grad=True)
    y = x.astype(np.float32) * 3
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.numpy(), 3.0)
    assert x.to(ag.float32).dtype == np.float32 and x.float().dtype == np.float32


def test_dtype_promotion_follows_numpy_with_weak_python_scalars():
    f32 = ag.ones(2)
    assert (f32 * 2.5).dtype == np.float32
    assert (f32 + ag.ones(2, dtype=ag.float64)).dtype == np.float64
    assert (ag.arange(3) * 1.5).dtype == np.float32  # PyTorch's default float, not NumPy's float64
    assert (ag.arange(3) + 1).dtype == np.int64
    assert (np.float64(2.0) * f32).dtype == np.float32  # NumPy scalars count as Python scalars


def test_factories():
    assert ag.zeros(2, 3).shape == (2, 3) and ag.zeros((2, 3)).dtype == np.float32
    assert ag.ones(2).tolist() == [1.0, 1.0]
    assert ag.full((2,), 7).dtype == np.int64 and ag.full((2,), 0.5).dtype == np.float32
    assert ag.empty(4).shape == (4,)
    assert ag.arange(5).tolist() == [0, 1, 2, 3, 4] and ag.arange(0, 1, 0.5).dtype == np.float32
    np.testing.assert_allclose(ag.linspace(0, 1, 3).numpy(), [0, 0.5, 1])
    np.testing.assert_array_equal(ag.eye(2).numpy(), np.eye(2))
    x = ag.randn(3, 4, dtype=ag.float64)
    for like in (ag.zeros_like, ag.ones_like, ag.empty_like, ag.rand_like, ag.randn_like):
        y = like(x)
        assert y.shape == x.shape and y.dtype == x.dtype
    assert ag.full_like(x, 2.0).tolist() == [[2.0] * 4] * 3
    r = ag.randint(0, 5, (100,))
    assert r.dtype == np.int64 and 0 <= r.numpy().min() and r.numpy().max() < 5
    u = ag.rand(1000).numpy()
    assert 0 <= u.min() and u.max() < 1


def test_manual_seed_makes_draws_reproducible():
    ag.manual_seed(123)
    a = ag.randn(5).numpy()
    ag.manual_seed(123)
    assert np.array_equal(a, ag.randn(5).numpy())


def test_comparisons_give_bool_tensors_without_grad():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for r in (x == 2, x != 2, x < 2, x <= 2, x > 2, x >= 2, (x > 1) & (x < 3), ~(x > 1)):
        assert r.dtype == np.bool_ and not r.requires_grad
    assert (x > 1.5).tolist() == [False, True, True]


@pytest.mark.parametrize("op", ["exp", "log", "sqrt", "rsqrt", "sin", "tanh", "sigmoid", "log1p", "atan", "log2"])
def test_float_valued_ops_on_integers_give_float32_as_pytorch(op):
    assert getattr(ag, op)(ag.tensor([1, 2, 3])).dtype == np.float32
    assert getattr(ag, op)(ag.tensor([True, True])).dtype == np.float32
    assert getattr(ag, op)(ag.tensor([1.0], dtype=np.float64)).dtype == np.float64


def test_abs_and_relu_keep_integer_dtypes():
    assert ag.abs(ag.tensor([-1, 2])).dtype == np.int64 and ag.relu(ag.tensor([-1, 2])).dtype == np.int64


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.bool_])
def test_sums_and_products_of_integers_give_int64_and_float_ops_float32_as_pytorch(dtype):
    x = ag.tensor(np.array([1, 1, 0], dtype))
    for y in (x.sum(), x.sum(0), x.prod(), x.prod(0), x.cumsum(0), x.cumprod(0)):
        assert y.dtype == np.int64, y  # NumPy gives uint64 for unsigned input
    for y in (x / 2, x / x, x * 1.5, 1.5 - x, x ** 0.5, ag.where(x > 0, x, 0.5)):
        assert y.dtype == np.float32, y  # NumPy gives float64
    assert x.sum().item() == 2 and x.prod().item() == 0
