"""Tensor methods torch.Tensor has that were missing: more in-place forms (``addmm_``, ``scatter_``, ``cumsum_``,
``bitwise_and_`` ...), view ops in place (``squeeze_``, ``t_`` ...), the random fillers (``random_``,
``exponential_`` ...), ``fill_diagonal_`` and the properties and methods of tensor_extras.py, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
F = RNG.uniform(0.5, 2.0, (3, 4))  # positive: inside every op's domain (igamma, mvlgamma, polygamma ...)
ROW = RNG.uniform(0.2, 1.5, 4)
INTS = np.array([[6, -4, 9, 12], [3, 8, -15, 7], [10, 5, 4, -6]])
INT_ROW = np.array([4, 6, 3, 2])
SHIFTS = np.array([1, 0, 2, 3])
UNIQUE = np.array([[2, 0, 1, 0], [0, 2, 2, 1]])  # into dim 0 of (3, 4), each place once
REPEATS = np.array([[0, 3, 0], [2, 2, 1], [1, 0, 0]])  # into dim 1 of (3, 4), with repeats

# name: (the tensor changed, its arguments: arrays become tensors, kwargs)
CASES = {
    "addmm_": (F, [RNG.normal(size=(3, 2)), RNG.normal(size=(2, 4))], {"beta": 2, "alpha": 3}),
    "addbmm_": (F, [RNG.normal(size=(2, 3, 2)), RNG.normal(size=(2, 2, 4))], {"beta": 2, "alpha": 3}),
    "baddbmm_": (RNG.normal(size=(2, 3, 4)), [RNG.normal(size=(2, 3, 2)), RNG.normal(size=(2, 2, 4))], {"alpha": 2}),
    "addmv_": (ROW, [RNG.normal(size=(4, 3)), RNG.normal(size=3)], {"beta": 2}),
    "addr_": (F, [RNG.normal(size=3), RNG.normal(size=4)], {"alpha": -1}),
    "index_add_": (F, [1, np.array([3, 0, 3]), RNG.normal(size=(3, 3))], {"alpha": 2}),
    "scatter_": (F, [0, UNIQUE, RNG.normal(size=(2, 4))], {}),
    "scatter_add_": (F, [1, REPEATS, RNG.normal(size=(3, 3))], {}),
    "scatter_reduce_": (F, [1, REPEATS, RNG.normal(size=(3, 3)), "amax"], {"include_self": False}),
    "logical_and_": (F - 1, [ROW - 1], {}),
    "logical_or_": (F - 1, [ROW - 1], {}),
    "logical_xor_": (F - 1, [ROW - 1], {}),
    "logical_not_": (INTS, [], {}),
    "bitwise_and_": (INTS, [INT_ROW], {}),
    "bitwise_or_": (INTS, [INT_ROW], {}),
    "bitwise_xor_": (INTS, [INT_ROW], {}),
    "bitwise_not_": (INTS, [], {}),
    "bitwise_left_shift_": (INTS, [SHIFTS], {}),
    "bitwise_right_shift_": (INTS, [SHIFTS], {}),
    "gcd_": (INTS, [INT_ROW], {}),
    "lcm_": (INTS, [INT_ROW], {}),
    "copysign_": (F, [ROW - 1], {}),
    "exp2_": (F, [], {}),
    "heaviside_": (F - 1, [ROW], {}),
    "i0_": (F, [], {}),
    "igamma_": (F, [ROW], {}),
    "igammac_": (F, [ROW], {}),
    "ldexp_": (F, [SHIFTS], {}),
    "mvlgamma_": (F + 1, [2], {}),
    "nextafter_": (F, [ROW], {}),
    "renorm_": (F, [2, 0, 2.0], {}),
    "float_power_": (F, [ROW], {}),
    "polygamma_": (F, [1], {}),
    "cumsum_": (F, [1], {}),
    "cumprod_": (F, [0], {}),
}


def _arg(lib, a, dtype):
    """An argument as the op takes it: a float array as a tensor of ``dtype``, an int one (indices, shifts) as int64."""
    if not isinstance(a, np.ndarray):
        return a
    return lib.tensor(a.astype(dtype) if a.dtype.kind == "f" else a)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_in_place_form_matches_pytorch_or_refuses_as_it(name, dtype):
    x, args, kwargs = CASES[name]
    x = x.astype(dtype)
    t, a = torch.tensor(x), ag.tensor(x)
    try:
        expected = getattr(t, name)(*[_arg(torch, v, dtype) for v in args], **kwargs)
    except (RuntimeError, NotImplementedError):
        with pytest.raises((RuntimeError, TypeError, ValueError)), np.errstate(all="ignore"):
            getattr(a, name)(*[_arg(ag, v, dtype) for v in args], **kwargs)
        return
    assert getattr(a, name)(*[_arg(ag, v, dtype) for v in args], **kwargs) is a and expected is t
    assert str(a.dtype) == str(t.dtype).removeprefix("torch.")
    np.testing.assert_allclose(a.numpy(), t.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["addmm_", "addr_", "index_add_", "scatter_", "scatter_add_", "renorm_",
                                  "baddbmm_", "cumprod_", "mvlgamma_", "ldexp_"])
def test_in_place_form_on_a_view_of_a_non_leaf_has_pytorchs_gradient(name):
    x, args, kwargs = CASES[name]

    def fn(lib, base, *tensors):
        h = base * 1
        values = iter(tensors)
        getattr(h, name)(*[next(values) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else
                           (lib.tensor(v) if isinstance(v, np.ndarray) else v) for v in args], **kwargs)
        return h * h
    floats = [v for v in args if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    compare(lambda *ts: fn(ag, *ts), lambda *ts: fn(torch, *ts), [x] + floats, atol=1e-8)


def test_in_place_forms_refuse_what_pytorch_refuses():
    with pytest.raises(RuntimeError, match="float_power_: the result is float64.*float32"):
        ag.ones(3).float_power_(2)
    with pytest.raises(RuntimeError, match="cumsum_: dtype=float64 differs from the tensor's dtype float32"):
        ag.ones(3).cumsum_(0, dtype=ag.float64)
    with pytest.raises(RuntimeError, match="addmm_: a leaf tensor that requires grad"):
        ag.ones(2, 2, requires_grad=True).addmm_(ag.ones(2, 2), ag.ones(2, 2))
    with pytest.raises(RuntimeError, match="exp2_: the result has dtype float"):
        ag.tensor([1, 2]).exp2_()
    x = ag.ones(3, dtype=ag.float64)
    assert x.cumsum_(0, dtype=ag.float64) is x and x.tolist() == [1.0, 2.0, 3.0]
    assert x.float_power_(2).tolist() == [1.0, 4.0, 9.0]


# -- view ops in place -----------------------------------------------------------------------------------
VIEW_CASES = [("squeeze_", (3, 1, 4), ()), ("squeeze_", (1, 3, 1), (0,)), ("squeeze_", (1, 3, 1), ((0, 2),)),
              ("unsqueeze_", (3, 4), (-1,)), ("t_", (3, 4), ()), ("t_", (4,), ()), ("transpose_", (2, 3, 4), (0, 2)),
              ("swapaxes_", (2, 3, 4), (1, -1)), ("swapdims_", (2, 3, 4), (0, 1))]


@pytest.mark.parametrize("name, shape, args", VIEW_CASES)
def test_view_op_in_place_reshapes_the_tensor_and_has_pytorchs_gradient(name, shape, args):
    def fn(lib, x):
        h = x * 1
        assert getattr(h, name)(*args) is h
        return h * h
    compare(lambda x: fn(ag, x), lambda x: fn(torch, x), [RNG.normal(size=shape)])


def test_view_op_in_place_of_a_view_changes_its_base_through_it():
    def fn(lib, x):
        h = x * 1
        v = h[1:]
        v.t_()
        assert v.shape == (4, 2)
        v.mul_(lib.arange(8.0).reshape(4, 2))
        return h * h
    compare(lambda x: fn(ag, x), lambda x: fn(torch, x), [RNG.normal(size=(3, 4))])


def test_view_op_in_place_without_a_graph_shares_memory_and_bumps_the_version():
    x = ag.arange(6.0).reshape(2, 3)
    v = x[0]
    assert v.unsqueeze_(0) is v and v.shape == (1, 3)
    v[0, 1] = 10.0
    assert x[0, 1].item() == 10.0
    y = ag.tensor([[1.0], [2.0]], requires_grad=True)
    with ag.no_grad():
        assert y.squeeze_().shape == (2,)
    assert y.is_leaf and y.requires_grad


def test_view_op_in_place_refuses_a_leaf_and_what_backward_saved_as_pytorch():
    y = ag.ones(3, 1, requires_grad=True)
    with pytest.raises(RuntimeError, match="squeeze_: a leaf tensor that requires grad"):
        y.squeeze_()
    with pytest.raises(RuntimeError, match="t_: a leaf tensor that requires grad \\(or a view of one\\)"):
        y[:2].t_()
    z = y.exp()
    z.squeeze_()
    with pytest.raises(RuntimeError, match="ExpBackward: output 0 that backward needs was modified"):
        z.sum().backward()
    with pytest.raises(ValueError, match="t: expects a tensor with at most 2 dimensions"):
        ag.ones(2, 2, 2).t_()


def test_view_op_in_place_keeps_the_graph_for_a_second_derivative():
    x = ag.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    h = x * 1
    h.t_()
    (g,) = ag.autograd.grad((h ** 3).sum(), x, create_graph=True)
    g.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 6 * x.detach().numpy())
