"""In-place forms written through apply_inplace (``x.sigmoid_()``, ``x.eq_(y)``, ``F.elu_(x)`` ...) and PyTorch's
second names for ops (``arccos``, ``multiply``, ``divide(rounding_mode=)`` ...), against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.nn import functional as F
from autograd_core.ops.inplace import _WRITTEN
from tests.torch_parity import compare

torch = pytest.importorskip("torch")

# arguments after the tensor: "o" is a (4,) row of other values; the input lies in (0.1, 0.9) and the row
# in (0.2, 0.8), inside every op's domain (log, acos, atanh, logit, erfinv ...) except acosh's
_ARGS = {"clamp_min": (0.3,), "clamp_max": (0.3,), "lerp": ("o", 0.3), "addcmul": ("o", "o"),
         "addcdiv": ("o", "o"), "triu": (1,)}
_BINARY = {"fmod", "remainder", "floor_divide", "atan2", "arctan2", "hypot", "xlogy", "eq", "ne", "lt", "le", "gt",
           "ge", "greater", "greater_equal", "less", "less_equal", "not_equal", "divide"}
_ALL = sorted(_WRITTEN + ("absolute", "negative", "multiply", "subtract", "true_divide", "clip"))


def _args(name, lib, other):
    args = _ARGS.get(name, ("o",) if name in _BINARY | {"multiply", "subtract", "true_divide"} else ())
    if name == "clip":
        args = (0.2, 0.6)
    return [lib.tensor(other) if a == "o" else a for a in args]


def _shift(name, x):
    return x + 2.0 if name in ("acosh", "arccosh") else x


# PyTorch has no derivative for these in-place forms (nor for floor_divide at all: ours is 0)
_NO_TORCH_DERIVATIVE = {"acosh", "arccosh", "asinh", "arcsinh", "atanh", "arctanh", "floor_divide"}


def _on_view(lib, name, x, other):
    h = _shift(name, x * 1)
    if lib is torch and name in _NO_TORCH_DERIVATIVE:  # so PyTorch writes the out-of-place value
        view = h[1:].clone()
        h[1:] = getattr(torch, name)(view.detach() if name == "floor_divide" else view, *_args(name, lib, other))
    else:
        assert getattr(h[1:], name + "_")(*_args(name, lib, other)) is not None
    return h * h


@pytest.mark.parametrize("name", _ALL)
def test_in_place_on_a_view_of_a_non_leaf_matches_pytorch(name):
    rng = np.random.default_rng(0)
    x, other = rng.uniform(0.1, 0.9, (3, 4)), rng.uniform(0.2, 0.8, 4)
    compare(lambda x: _on_view(ag, name, x, other), lambda x: _on_view(torch, name, x, other), [x], atol=1e-7)


@pytest.mark.parametrize("name, args", [("lerp", ("o", 0.3)), ("lerp", ("o", "o")), ("addcdiv", ("o", "o")),
                                        ("eq", ("o",)), ("clamp_min", ("o",)), ("atan2", ("o",))])
def test_in_place_with_a_grad_requiring_argument_gives_it_pytorchs_gradient(name, args):
    rng = np.random.default_rng(1)

    def fn(lib, x, other):
        h = x * 1
        getattr(h, name + "_")(*[other if a == "o" else a for a in args])
        return h
    compare(lambda x, o: fn(ag, x, o), lambda x, o: fn(torch, x, o),
            [rng.uniform(0.1, 0.9, (3, 4)), rng.uniform(0.2, 0.8, 4)], atol=1e-7)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32"])
@pytest.mark.parametrize("name", _ALL)
def test_in_place_keeps_the_dtype_or_refuses_as_pytorch(name, dtype):
    rng = np.random.default_rng(2)
    scale, lift = (4, 1) if dtype.startswith("int") else (1, 0)
    x = (rng.uniform(0.1, 0.9, (3, 4)) * scale).astype(dtype)
    other = (rng.uniform(0.2, 0.8, 4) * scale + lift).astype(dtype)
    t, a = torch.tensor(x), ag.tensor(x)
    try:
        getattr(t, name + "_")(*_args(name, torch, other))
    except (RuntimeError, NotImplementedError):
        with pytest.raises((RuntimeError, TypeError)), np.errstate(all="ignore"):
            getattr(a, name + "_")(*_args(name, ag, other))
        return
    with np.errstate(all="ignore"):
        assert getattr(a, name + "_")(*_args(name, ag, other)) is a
    assert str(a.dtype) == str(t.dtype).removeprefix("torch.")
    np.testing.assert_allclose(a.numpy(), t.numpy(), rtol=1e-6, atol=1e-6)


def test_a_float_result_into_an_int_tensor_is_refused_naming_the_op():
    with pytest.raises(RuntimeError, match="sigmoid_: the result has dtype float32, which can't be cast to .*int64"):
        ag.tensor([1, 2]).sigmoid_()
    with pytest.raises(RuntimeError, match="atan2_: .*can't be cast"):
        ag.tensor([1, 2]).atan2_(ag.tensor([1.0, 2.0]))


def test_in_place_cant_broadcast_the_tensor_it_changes():
    with pytest.raises(RuntimeError, match=r"hypot_: the result has shape \(2, 3\), but .* shape \(3,\)"):
        ag.ones(3).hypot_(ag.ones(2, 3))


def test_a_leaf_that_requires_grad_is_refused_and_changes_under_no_grad():
    w = ag.tensor([0.5, 1.5], requires_grad=True)
    with pytest.raises(RuntimeError, match="tanh_: a leaf tensor that requires grad"):
        w.tanh_()
    with pytest.raises(RuntimeError, match="relu_: a leaf tensor that requires grad"):
        F.relu_(w)
    with ag.no_grad():
        w.tanh_()
    np.testing.assert_allclose(w.detach().numpy(), np.tanh([0.5, 1.5]), rtol=1e-6)
    assert w.requires_grad and w.is_leaf


def test_a_change_under_no_grad_of_a_value_backward_saved_is_caught():
    w = ag.tensor([0.5, 1.5], requires_grad=True)
    h = w * 1
    y = h.sin()  # saves h
    with ag.no_grad():
        h.floor_()
    with pytest.raises(RuntimeError):
        y.sum().backward()


def test_a_comparison_in_place_stays_in_the_graph_with_zero_gradient_as_pytorch():
    def fn(lib, x, y):
        h = x * 1
        h.gt_(y)
        return h
    rng = np.random.default_rng(3)
    compare(lambda x, y: fn(ag, x, y), lambda x, y: fn(torch, x, y), [rng.standard_normal(4), rng.standard_normal(4)])
    h = ag.zeros(3)
    h.lt_(ag.ones(3, requires_grad=True))  # only the argument requires grad: h joins the graph
    assert h.requires_grad and not h.is_leaf and h.tolist() == [1.0, 1.0, 1.0]


_F_CASES = [("relu_", ()), ("elu_", (0.5,)), ("leaky_relu_", (0.2,)), ("hardtanh_", (-0.3, 0.4)),
            ("threshold_", (0.1, -2.0)), ("celu_", (2.0,)), ("selu_", ())]


@pytest.mark.parametrize("name, args", _F_CASES)
def test_functional_in_place_activations_match_pytorch(name, args):
    def fn(lib, functional, x):
        h = x * 1
        assert getattr(functional, name)(h[1:], *args) is not None
        return h * h
    x = np.random.default_rng(4).uniform(-2, 2, (3, 4))
    compare(lambda x: fn(ag, F, x), lambda x: fn(torch, torch.nn.functional, x), [x], atol=1e-7)
    a, t = ag.tensor(x), torch.tensor(x)
    assert getattr(F, name)(a, *args) is a
    getattr(torch.nn.functional, name)(t, *args)
    np.testing.assert_allclose(a.numpy(), t.numpy(), atol=1e-12)


_ALIASES = ["absolute", "arccos", "arcsin", "arctan", "arcsinh", "arctanh", "negative", "fix", "asinh", "atanh"]


@pytest.mark.parametrize("name", _ALIASES + ["arccosh", "acosh"])
def test_unary_aliases_match_pytorch_as_functions_and_methods(name):
    x = _shift(name, np.random.default_rng(5).uniform(-0.9, 0.9, (3, 4)))
    compare(getattr(ag, name), getattr(torch, name), [x], atol=1e-7)
    compare(lambda x: getattr(x, name)(), lambda x: getattr(x, name)(), [x], atol=1e-7)


@pytest.mark.parametrize("name", ["multiply", "subtract", "divide", "arctan2", "greater", "greater_equal", "less",
                                  "less_equal", "not_equal"])
def test_binary_aliases_match_pytorch(name):
    rng = np.random.default_rng(6)
    x, y = rng.uniform(0.5, 2, (3, 4)), rng.uniform(0.5, 2, 4)
    y[0] = x[0, 0]  # a tie, for the comparisons
    if name in ("multiply", "subtract", "divide", "arctan2"):
        compare(getattr(ag, name), getattr(torch, name), [x, y])
        compare(lambda x, y: getattr(x, name)(y), lambda x, y: getattr(x, name)(y), [x, y])
        return
    expected = getattr(torch, name)(torch.tensor(x), torch.tensor(y)).numpy()
    for ours in (getattr(ag, name)(ag.tensor(x), ag.tensor(y)), getattr(ag.tensor(x), name)(ag.tensor(y))):
        assert ours.dtype == np.bool_
        np.testing.assert_array_equal(ours.numpy(), expected)


def test_subtract_scales_by_alpha_as_torch_sub():
    rng = np.random.default_rng(7)
    compare(lambda x, y: ag.subtract(x, y, alpha=2.5), lambda x, y: torch.subtract(x, y, alpha=2.5),
            [rng.standard_normal((2, 3)), rng.standard_normal(3)])
    a = ag.tensor([1.0, 2.0])
    assert a.subtract_(ag.tensor([1.0, 1.0]), alpha=3) is a and a.tolist() == [-2.0, -1.0]


@pytest.mark.parametrize("mode", [None, "trunc", "floor"])
@pytest.mark.parametrize("dtypes", [("int64", "int64"), ("int32", "int64"), ("float64", "int64"), ("float32", None),
                                    ("int64", None)])
def test_divide_rounding_modes_match_torch_div(mode, dtypes):
    a = np.array([7, -7, 6, -6, 0, 5, -1]).astype(dtypes[0]) * (1.5 if dtypes[0].startswith("f") else 1)
    b = np.array([2, 2, -3, 4, 3, -5, 3]).astype(dtypes[1]) if dtypes[1] else 2
    ours = ag.divide(ag.tensor(a), ag.tensor(b) if dtypes[1] else b, rounding_mode=mode)
    theirs = torch.divide(torch.tensor(a), torch.tensor(b) if dtypes[1] else b, rounding_mode=mode)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
    t, x = torch.tensor(a), ag.tensor(a)
    if theirs.dtype == t.dtype:
        t.divide_(torch.tensor(b) if dtypes[1] else b, rounding_mode=mode)
        x.divide_(ag.tensor(b) if dtypes[1] else b, rounding_mode=mode)
        np.testing.assert_array_equal(x.numpy(), t.numpy())


def test_divide_refuses_an_unknown_rounding_mode():
    with pytest.raises(ValueError, match="divide: rounding_mode must be None, 'trunc' or 'floor', got 'round'"):
        ag.divide(ag.ones(2), 2, rounding_mode="round")


def test_positive_is_the_tensor_itself_and_refuses_bool():
    x = ag.tensor([1.0, -2.0], requires_grad=True)
    assert ag.positive(x) is x and x.positive() is x
    with pytest.raises(TypeError, match="positive: not supported for a bool tensor"):
        ag.tensor([True]).positive()


def test_shape_aliases_match_pytorch():
    x = np.random.default_rng(8).standard_normal((2, 3, 4))
    compare(lambda x: x.swapdims(0, 2), lambda x: x.swapdims(0, 2), [x])
    compare(lambda x: ag.swapdims(x, 1, -1), lambda x: torch.swapdims(x, 1, -1), [x])
    compare(lambda x: ag.moveaxis(x, 0, -1), lambda x: torch.moveaxis(x, 0, -1), [x])
    compare(lambda x: x.moveaxis((0, 1), (2, 0)), lambda x: x.moveaxis((0, 1), (2, 0)), [x])
    compare(lambda x: ag.concat([x, x * 2], 1), lambda x: torch.concat([x, x * 2], 1), [x])
    compare(lambda x: x.reshape_as(ag.ones(4, 6)), lambda x: x.reshape_as(torch.ones(4, 6)), [x])


def test_tensor_where_ndimension_and_nelement_match_pytorch():
    rng = np.random.default_rng(9)
    x, y, c = rng.standard_normal((2, 3)), rng.standard_normal(3), rng.standard_normal((2, 3)) > 0
    compare(lambda x, y: x.where(ag.tensor(c), y), lambda x, y: x.where(torch.tensor(c), y), [x, y])
    t = ag.zeros(2, 3, 4)
    assert t.ndimension() == 3 and t.nelement() == 24
