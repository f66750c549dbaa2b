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


def test_an_in_place_form_under_no_grad_records_nothing_on_a_tensor_that_requires_grad():
    w = ag.tensor([-0.5, 1.5], requires_grad=True)
    with ag.no_grad():
        assert w.clamp_min_(0.0) is w and w.gt_(ag.ones(2, requires_grad=True)) is w
    assert w.is_leaf and w.grad_fn is None and w.tolist() == [0.0, 1.0]


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


@pytest.mark.parametrize("name", ["add", "sub", "subtract"])
def test_alpha_scales_the_other_as_torch(name):
    rng = np.random.default_rng(7)
    inputs = [rng.standard_normal((2, 3)), rng.standard_normal(3)]
    compare(lambda x, y: getattr(ag, name)(x, y, alpha=2.5), lambda x, y: getattr(torch, name)(x, y, alpha=2.5),
            inputs)
    compare(lambda x, y: getattr(x, name)(y, alpha=2.5), lambda x, y: getattr(x, name)(y, alpha=2.5), inputs)
    a = ag.tensor([1.0, 2.0])
    assert a.subtract_(ag.tensor([1.0, 1.0]), alpha=3) is a and a.tolist() == [-2.0, -1.0]


@pytest.mark.parametrize("mode", [None, "trunc", "floor"])
def test_div_and_its_method_take_rounding_mode_as_torch(mode):
    a, b = np.array([-7.0, 7.0, 5.5, -5.5]), np.array([2.0, -2.0, 2.0, 2.0])
    expected = torch.div(torch.tensor(a), torch.tensor(b), rounding_mode=mode).numpy()
    np.testing.assert_array_equal(ag.div(ag.tensor(a), ag.tensor(b), rounding_mode=mode).numpy(), expected)
    np.testing.assert_array_equal(ag.tensor(a).div(ag.tensor(b), rounding_mode=mode).numpy(), expected)
    x = ag.tensor(a)  # the in-place method too, as torch's Tensor.div_
    assert x.div_(ag.tensor(b), rounding_mode=mode) is x
    np.testing.assert_array_equal(x.numpy(), expected)


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
    with pytest.raises(ValueError, match="div: rounding_mode must be None, 'trunc' or 'floor', got 'round'"):
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


# -- dtypes: the default float dtype, queries, promotion; the tensor's dtype and layout methods -----------
@pytest.fixture
def default_dtype_restored():
    yield
    ag.set_default_dtype(ag.float32)
    torch.set_default_dtype(torch.float32)


def _made_with_the_default(lib, nn):
    return [lib.tensor([1.5]), lib.arange(3) * 1.5, lib.arange(3).sqrt(), lib.zeros(2), lib.randn(2),
            lib.arange(0, 1, 0.5), lib.full((2,), 1.5), nn.Linear(2, 2).weight, lib.ones(2, dtype=lib.float32) * 1.5,
            lib.tensor([1, 2]), lib.tensor(np.zeros(2, np.float32))]


@pytest.mark.parametrize("name", ["float64", "float16", "float32"])
def test_set_default_dtype_is_taken_where_pytorchs_is(name, default_dtype_restored):
    from autograd_core import nn
    ag.set_default_dtype(getattr(ag, name))
    torch.set_default_dtype(getattr(torch, name))
    assert ag.get_default_dtype() == np.dtype(name)
    ours, theirs = _made_with_the_default(ag, nn), _made_with_the_default(torch, torch.nn)
    assert [str(t.dtype) for t in ours] == [str(t.dtype).removeprefix("torch.") for t in theirs]


def test_set_default_dtype_refuses_a_non_float_dtype():
    with pytest.raises(TypeError, match="set_default_dtype: only floating point dtypes can be the default, got int64"):
        ag.set_default_dtype(ag.int64)
    with pytest.raises(TypeError, match="set_default_dtype: 'abc' is not a dtype"):
        ag.set_default_dtype("abc")
    assert ag.get_default_dtype() == np.float32


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_finfo_has_pytorchs_fields(name):
    ours, theirs = ag.finfo(getattr(ag, name)), torch.finfo(getattr(torch, name))
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"):
        assert float(getattr(ours, field)) == pytest.approx(getattr(theirs, field), rel=1e-3), field  # in the dtype
    assert ag.finfo().dtype == np.float32
    with pytest.raises(TypeError, match="finfo: expects a floating point dtype, got int32; use iinfo"):
        ag.finfo(ag.int32)


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_has_pytorchs_fields(name):
    ours, theirs = ag.iinfo(getattr(ag, name)), torch.iinfo(getattr(torch, name))
    assert (ours.bits, ours.min, ours.max) == (theirs.bits, theirs.min, theirs.max)
    with pytest.raises(TypeError, match="iinfo: expects an integer dtype, got float32; use finfo"):
        ag.iinfo(ag.float32)


_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def test_promote_types_and_can_cast_follow_pytorch_for_every_pair():
    for a in _DTYPES:
        for b in _DTYPES:
            ta, tb = getattr(torch, a), getattr(torch, b)
            assert ag.promote_types(np.dtype(a), np.dtype(b)) == np.dtype(str(torch.promote_types(ta, tb))[6:]), (a, b)
            assert ag.can_cast(np.dtype(a), np.dtype(b)) == torch.can_cast(ta, tb), (a, b)


@pytest.mark.parametrize("first, second", [("int", 1.5), ("half", 1.5), ("int", True), ("bool", 2), ("int", 2),
                                           ("float0d", "int"), ("int0d", "half"), (1, 2.5), ("double", "half")])
def test_result_type_follows_pytorch(first, second):
    def make(lib, v):
        if not isinstance(v, str):
            return v
        data = {"int": [1, 2], "half": [1.0], "bool": [True], "double": [1.0], "float0d": 1.0, "int0d": 3}[v]
        dtype = {"half": lib.float16, "double": lib.float64}.get(v)
        return lib.tensor(data, dtype=dtype)
    ours = ag.result_type(make(ag, first), make(ag, second))
    assert str(ours) == str(torch.result_type(make(torch, first), make(torch, second))).removeprefix("torch.")


def test_broadcast_shapes_and_tensors_match_pytorch():
    assert ag.broadcast_shapes((2, 1), 3, (4, 1, 1)) == tuple(torch.broadcast_shapes((2, 1), 3, (4, 1, 1)))
    with pytest.raises(ValueError, match=r"broadcast_shapes: shapes \(2,\), \(3,\) can't be broadcast together"):
        ag.broadcast_shapes((2,), (3,))
    rng = np.random.default_rng(10)
    arrays = [rng.standard_normal((2, 1)), rng.standard_normal(3), rng.standard_normal((4, 1, 1))]

    def total(lib):
        return lambda *xs: sum((k + 1) * t for k, t in enumerate(lib.broadcast_tensors(*xs)))
    compare(total(ag), total(torch), arrays)
    with pytest.raises(ValueError, match=r"broadcast_tensors: shapes \(2,\), \(3,\) can't"):
        ag.broadcast_tensors(ag.ones(2), ag.ones(3))


@pytest.mark.parametrize("method", ["half", "short", "char", "byte", "float", "double", "int", "long", "bool"])
def test_dtype_methods_cast_as_pytorch(method):
    x = np.array([-1.5, 0.0, 2.7, 300.0])
    ours, theirs = getattr(ag.tensor(x), method)(), getattr(torch.tensor(x), method)()
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    if method != "byte":  # -1.5 and 300 out of uint8's range: undefined in C, and NumPy and PyTorch differ
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_dtype_queries_and_type_names():
    x = ag.tensor([1.0, 2.0])
    assert x.is_floating_point() and ag.is_floating_point(x) and not x.is_complex() and not ag.is_complex(x)
    assert not ag.tensor([1]).is_floating_point()
    assert (x.element_size(), x.itemsize, x.nbytes) == (4, 4, 8) and ag.tensor([1, 2]).long().nbytes == 16
    assert x.type() == "autograd_core.FloatTensor" and x.long().type() == "autograd_core.LongTensor"
    assert x.type(ag.float64).dtype == np.float64 and x.type("autograd_core.ByteTensor").dtype == np.uint8
    with pytest.raises(ValueError, match="type: unknown type name 'torch.FloatTensor'"):
        x.type("torch.FloatTensor")
    with pytest.raises(TypeError, match="bfloat16\\(\\): NumPy has no bfloat16 dtype"):
        x.bfloat16()
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    w.type(ag.float64).sum().backward()  # a cast between floats is differentiable
    assert w.grad.tolist() == [1.0, 1.0]


def _views(lib):
    x = lib.arange(60.0).reshape(3, 4, 5)
    return [x, x[1:, ::2, 1:], x.transpose(0, 2), x[2], x[:, 1], x.reshape(12, 5)[3:], x.permute(1, 2, 0)[1:]]


def test_stride_storage_offset_and_contiguity_match_pytorch():
    for ours, theirs in zip(_views(ag), _views(torch)):
        assert ours.stride() == theirs.stride()
        assert ours.stride(-1) == theirs.stride(-1) and ours.stride(0) == theirs.stride(0)
        assert ours.storage_offset() == theirs.storage_offset()
        assert ours.is_contiguous() == theirs.is_contiguous()
    with pytest.raises(IndexError, match="stride: dimension 3 is out of range"):
        ag.zeros(2, 3, 4).stride(3)


def test_device_queries():
    x = ag.zeros(2)
    assert x.is_cpu and not x.is_cuda and x.get_device() == -1
