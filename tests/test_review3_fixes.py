"""Regressions from differential testing against PyTorch (values, gradients and errors it found wrong)."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F


@pytest.mark.parametrize("ops,expected", [
    (lambda x, w: x.mul_(w), [5.0, 5.0]),
    (lambda x, w: (x.mul_(w), x.mul_(w)), [20.0, 30.0]),  # d(5 w^2)/dw = 10 w
    (lambda x, w: (x.mul_(w), x.add_(1)), [5.0, 5.0]),
    (lambda x, w: x.div_(1 / w), [5.0, 5.0]),
])
def test_a_constant_changed_in_place_with_values_that_require_grad(ops, expected):
    w = ag.tensor([2.0, 3.0], requires_grad=True)
    x = ag.full((2,), 5.0)
    ops(x, w)
    assert x.requires_grad
    x.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), expected, rtol=1e-6)


def test_tensors_backed_by_other_memory_are_not_views_of_a_tensor():
    w = ag.tensor([2.0, 3.0], requires_grad=True)
    for x in (ag.as_tensor(np.arange(6.0, dtype=np.float32).reshape(3, 2)[:2, 0].copy().reshape(2)),
              ag.as_tensor(np.linspace(0, 1, 2, dtype=np.float32))):
        x.mul_(w)  # loaded or NumPy-backed memory: recorded as usual
        assert x.requires_grad
    m = ag.tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    copied = m.T.reshape(-1)  # a reshape that had to copy is no view of m
    y = (ag.ones(6, requires_grad=True) * copied).sum()
    m.add_(1)
    y.backward()  # no false "modified in place" error


def test_a_view_of_a_constant_takes_values_that_require_grad_through_its_base():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    b = ag.zeros(2, 3)
    row = b[0]
    row[1] = w[0] * 2  # PyTorch: b joins the graph
    b[1:].add_(w[:1])
    assert b.requires_grad and row.requires_grad
    assert b.tolist() == [[0.0, 2.0, 0.0], [1.0, 1.0, 1.0]] and row.tolist() == [0.0, 2.0, 0.0]
    (b * ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    assert w.grad.tolist() == [2 * 2.0 + 4.0 + 5.0 + 6.0, 0.0]
    flat = ag.zeros(2, 3).reshape(6).add_(w[0])
    assert flat.requires_grad and flat.tolist() == [1.0] * 6


@pytest.mark.parametrize("change", [lambda w: w[0:1].mul_(2), lambda w: w.reshape(2, 1)[0].zero_()])
def test_an_in_place_change_through_a_view_is_seen_by_backward(change):
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    x = ag.tensor([3.0, 4.0], requires_grad=True)
    y = (w * x).sum()  # saved w for x's gradient
    with ag.no_grad():
        change(w)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.backward()


def test_a_recorded_view_of_a_leaf_shares_its_version_counter():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    x = ag.tensor([3.0, 4.0], requires_grad=True)
    view = w[0:1]  # recorded: w requires grad
    y = (w * x).sum()
    with ag.no_grad():
        view.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.backward()


def test_numpy_float64_scalars_keep_their_dtype():
    assert ag.tensor(np.float64(0.1)).dtype == np.float64
    assert ag.tensor(np.float64(0.1)).item() == 0.1
    assert ag.tensor(0.1).dtype == np.float32  # a Python float is PyTorch's default dtype
    assert ag.full((2,), np.float64(1.5)).dtype == np.float32  # a fill value is a number, as in PyTorch
    assert (ag.ones(2) * np.float64(2.0)).dtype == np.float32


def test_gather_and_index_select_refuse_negative_indices():
    x = ag.arange(6.0).reshape(2, 3)
    with pytest.raises(IndexError, match=r"gather: index out of range: they span \[-1, 0\]"):
        ag.gather(x, 1, ag.tensor([[-1], [0]]))
    with pytest.raises(IndexError, match="index_select: index out of range"):
        ag.index_select(x, 1, ag.tensor([-1]))
    assert ag.index_select(x, 1, ag.tensor([2, 0])).tolist() == [[2.0, 0.0], [5.0, 3.0]]


def test_gradient_of_zero_to_the_x_as_pytorch():
    x = ag.tensor([2.0, 0.5, 0.0, -1.0], requires_grad=True)
    with np.errstate(divide="ignore"):  # 0 ** -1 = inf
        (0.0 ** x).sum().backward()
    g = x.grad.numpy()
    assert g[:3].tolist() == [0.0, 0.0, 0.0] and g[3] == -np.inf  # d/dx 0**x: 0 for x >= 0, -inf below


def test_class_losses_refuse_integer_scores():
    with pytest.raises(TypeError, match="cross_entropy: input must be floating point"):
        F.cross_entropy(ag.tensor([[1, 3, 0], [2, 2, 5]]), ag.tensor([0, 2]))
    with pytest.raises(TypeError, match="nll_loss: input must be floating point"):
        F.nll_loss(ag.tensor([[1, 3, 0]]), ag.tensor([0]))


@pytest.mark.parametrize("loss", [
    lambda x, t: F.cross_entropy(x, t),
    lambda x, t: F.cross_entropy(x, t, weight=ag.tensor([0.2, 0.3, 0.5])),
    lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1),
    lambda x, t: F.nll_loss(F.log_softmax(x, 1), t),
])
def test_every_target_ignored_gives_a_nan_loss_and_zero_gradients(loss):
    x = ag.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]], requires_grad=True)
    t = ag.tensor([-100, -100])
    value = loss(x, t)
    value.backward()
    assert np.isnan(value.item())
    assert x.grad.tolist() == [[0.0] * 3] * 2  # an all-padding batch must not turn the parameters NaN


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_interpolate_copies_a_dim_whose_size_the_scale_factor_keeps(mode):
    x = ag.arange(9.0).reshape(1, 1, 3, 3)
    assert F.interpolate(x, scale_factor=1.2, mode=mode).tolist() == x.tolist()  # floor(3 * 1.2) = 3
    y = F.interpolate(x, scale_factor=(2.0, 1.2), mode=mode)  # rows resampled, columns kept
    assert y.shape == (1, 1, 6, 3)
    assert y[0, 0, 0].tolist() == [0.0, 1.0, 2.0] and y[0, 0, -1].tolist() == [6.0, 7.0, 8.0]
    line = F.interpolate(ag.tensor([[[0.0, 10.0]]]), scale_factor=1.1, mode="linear")
    assert line.tolist() == [[[0.0, 10.0]]]


PROMOTIONS = [  # (a dtype, a 0-d?, b dtype, b 0-d?, PyTorch's result)
    ("float32", False, "int64", False, "float32"),     # NumPy: float64
    ("float32", False, "float64", True, "float32"),    # a 0-d tensor of the same category gives way
    ("float16", False, "float32", True, "float16"),
    ("int32", False, "int64", True, "int32"),
    ("int64", False, "float64", True, "float64"),      # a 0-d tensor of a higher category wins
    ("uint8", False, "int8", False, "int16"),
    ("bool", False, "int64", False, "int64"),
    ("float64", False, "float32", False, "float64"),
]


@pytest.mark.parametrize("da,a0,db,b0,expected", PROMOTIONS)
def test_binary_ops_promote_dtypes_as_pytorch(da, a0, db, b0, expected):
    a = ag.tensor(1, dtype=da) if a0 else ag.ones(2, dtype=da)
    b = ag.tensor(1, dtype=db) if b0 else ag.ones(2, dtype=db)
    for y in (a + b, b * a, ag.where(ag.tensor([True, False]), a, b)):
        assert y.dtype == np.dtype(expected)
    if not (a0 or b0):
        assert ag.cat([a, b]).dtype == np.dtype(expected)
    torch = pytest.importorskip("torch")
    ta, tb = (torch.tensor(t.numpy()) for t in (a, b))
    assert str((ta + tb).dtype) == f"torch.{expected}"


def test_true_division_of_integers_gives_float32():
    y = ag.tensor([1, 2]) / ag.tensor([2, 4])
    assert y.dtype == np.float32 and y.tolist() == [0.5, 0.5]


def test_lenient_inputs_pytorch_refuses_are_refused():
    from autograd_core import nn
    with pytest.raises(TypeError, match="masked_fill: the mask must be a bool tensor"):
        ag.ones(3).masked_fill(ag.tensor([1.0, 0.0, 1.0]), 5.0)
    assert ag.ones(3).masked_fill(ag.tensor([True, False, True]), 5.0).tolist() == [5.0, 1.0, 5.0]
    with pytest.raises(ValueError, match=r"LSTMCell: expected a 1-D or 2-D input .* got shape \(4, 5, 2\)"):
        nn.LSTMCell(2, 3)(ag.ones(4, 5, 2))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: input values must lie in \[0, 1\]"):
        F.binary_cross_entropy(ag.tensor([float("nan"), 0.5]), ag.tensor([1.0, 0.0]))


def test_data_is_a_tensor_sharing_memory_outside_the_graph_as_pytorch():
    p = ag.tensor([1.0, 2.0], requires_grad=True)
    assert isinstance(p.data, ag.Tensor) and not p.data.requires_grad and p.data.grad_fn is None
    p.data.mul_(0.5)  # PyTorch's idiom for an update that autograd must not see
    assert p.tolist() == [0.5, 1.0] and p.requires_grad
    copy = p.data.clone()
    p.data.zero_()
    assert copy.tolist() == [0.5, 1.0] and p.tolist() == [0.0, 0.0]
    y = (p * p).sum()  # saved p
    p.data[...] = 3.0  # bypasses the in-place check, as in PyTorch: backward sees the new values
    y.backward()
    assert p.grad.tolist() == [6.0, 6.0]
    p.data = ag.tensor([7.0, 8.0])
    assert p.tolist() == [7.0, 8.0] and p.requires_grad


def test_floor_ceil_round_sign_have_zero_gradients_as_pytorch():
    x = ag.tensor([0.3, -1.7, 2.5], requires_grad=True)
    (ag.floor(x) + ag.ceil(x) + ag.round(x) + ag.sign(x) + x.floor()).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]
    x = ag.tensor([0.5, 1.5], requires_grad=True)
    with np.errstate(divide="ignore"):
        ag.log(ag.floor(x)).sum().backward()  # an infinite gradient upstream still gives 0, not NaN
    assert x.grad.tolist() == [0.0, 0.0]


def test_to_tensor_transform_takes_tensors():
    from autograd_core.datasets import transforms
    image = ag.tensor(np.arange(12, dtype=np.uint8).reshape(2, 2, 3))  # HWC uint8
    out = transforms.ToTensor()(image)
    assert out.shape == (3, 2, 2) and out.dtype == np.float32 and out[2, 1, 1].item() == pytest.approx(11 / 255)


@pytest.mark.parametrize("f", [F.relu, F.relu6, F.leaky_relu, F.hardtanh, F.hardsigmoid])
def test_second_derivatives_of_piecewise_linear_activations_are_zero(f):
    # the first gradient does not vary with x, yet it is a function of x (as PyTorch's relu, hardtanh ... give)
    x = ag.tensor([-1.0, 0.5, 2.0, 7.0], requires_grad=True, dtype="float64")
    g, = ag.grad(f(x).sum(), x, create_graph=True)
    assert g.requires_grad
    h, = ag.grad((g * g).sum(), x)
    assert h.tolist() == [0.0] * 4
    x.grad = None
    f(x).sum().backward(create_graph=True)
    assert x.grad.requires_grad and x.grad.tolist() == g.tolist()


def test_where_with_a_float_scalar_and_an_integer_tensor_gives_float32():
    mask = ag.tensor([True, False])
    y = ag.where(mask, ag.tensor([1, 2]), 2.5)
    assert y.dtype == np.float32 and y.tolist() == [1.0, 2.5]
    assert ag.where(mask, ag.ones(2), 3).dtype == np.float32
    assert ag.tensor([1, 2]).masked_fill(mask, 0.5).dtype == np.int64  # masked_fill keeps the tensor's dtype


def test_add_and_sub_in_place_take_alpha_as_pytorch():
    p = ag.tensor([1.0, 2.0])
    p.add_(ag.tensor([10.0, 20.0]), alpha=-0.1)
    p.sub_(ag.tensor([10.0, 20.0]), alpha=0.05)
    np.testing.assert_allclose(p.numpy(), [-0.5, -1.0])
    with pytest.raises(TypeError, match="unexpected keyword argument .alpha."):
        p.mul_(ag.ones(2), alpha=2)
