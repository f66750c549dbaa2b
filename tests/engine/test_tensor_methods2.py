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


def test_every_in_place_form_of_the_second_table_has_its_case():
    from autograd_core.ops.inplace import _WRITTEN_MORE  # test_inplace_aliases.py runs _WRITTEN with fixed arguments
    assert {name + "_" for name in _WRITTEN_MORE} <= set(CASES)


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


# -- random fillers and fill_diagonal_ -------------------------------------------------------------------
def test_random_draws_integers_in_pytorchs_ranges():
    ag.manual_seed(0)
    x = ag.empty(20000)
    assert set(x.random_(5).tolist()) == {0.0, 1.0, 2.0, 3.0, 4.0}
    assert set(x.random_(-2, 1).tolist()) == {-2.0, -1.0, 0.0}
    assert set(x.random_(to=2).tolist()) == {0.0, 1.0}
    assert 2 ** 23 < x.random_().max().item() <= 2 ** 24 and x.min().item() >= 0
    assert x.random_(3, None).min().item() >= 3
    assert ag.empty(20000, dtype=ag.float16).random_().max().item() <= 2 ** 11
    assert 2 ** 52 < ag.empty(2000, dtype=ag.float64).random_().max().item() <= 2 ** 53
    small = ag.empty(2000, dtype=ag.int8).random_()
    assert small.dtype == ag.int8 and 100 < small.max().item() <= 127 and small.min().item() >= 0
    assert ag.empty(2000, dtype=ag.int64).random_().max().item() > 2 ** 62
    assert set(ag.empty(100, dtype=ag.bool).random_().tolist()) == {False, True}


@pytest.mark.parametrize("call", [lambda x: x.random_(5, 5), lambda x: x.random_(0)])
def test_random_refuses_an_empty_range_as_pytorch(call):
    with pytest.raises(RuntimeError):
        call(torch.empty(3))
    with pytest.raises(RuntimeError, match="random_: expects 'from' to be less than 'to'"):
        call(ag.empty(3))


def test_random_refuses_bounds_outside_an_integer_dtype():
    with pytest.raises(RuntimeError, match=r"random_: to - 1 = 299 is out of bounds for dtype int8 \[-128, 127\]"):
        ag.empty(3, dtype=ag.int8).random_(0, 300)
    with pytest.raises(RuntimeError, match="random_: from = -1 is out of bounds for dtype uint8"):
        ag.empty(3, dtype=ag.uint8).random_(-1, 3)
    with pytest.raises(TypeError, match="random_\\(\\) takes"):
        ag.empty(3).random_(1, 2, 3)


def _moments(x):
    data = x.numpy().astype(np.float64)
    return data.mean(), data.var()


@pytest.mark.parametrize("fill, mean, var", [
    (lambda x: x.exponential_(2.0), 0.5, 0.25),
    (lambda x: x.log_normal_(0.0, 0.5), np.exp(0.125), (np.exp(0.25) - 1) * np.exp(0.25)),
    (lambda x: x.geometric_(0.25), 4.0, 0.75 / 0.0625),
    (lambda x: x.bernoulli_(0.3), 0.3, 0.21),
    (lambda x: x.random_(10), 4.5, 99 / 12),
])
def test_random_fillers_draw_their_distributions(fill, mean, var):
    ag.manual_seed(1)
    x = ag.empty(200000)
    assert fill(x) is x
    m, v = _moments(x)
    assert abs(m - mean) < 0.02 * max(1.0, mean) and abs(v - var) < 0.05 * var


def test_cauchy_has_its_median_and_quartiles():
    ag.manual_seed(2)
    x = ag.empty(200000).cauchy_(1.0, 2.0).numpy()
    np.testing.assert_allclose(np.percentile(x, [25, 50, 75]), [-1.0, 1.0, 3.0], atol=0.05)


def test_geometric_draws_whole_numbers_from_one_also_into_integer_tensors():
    ag.manual_seed(3)
    for x in (ag.empty(1000), ag.zeros(1000, dtype=ag.int64)):
        values = x.geometric_(0.9).numpy()
        assert values.min() == 1 and (values == np.round(values)).all()


def test_bernoulli_takes_a_tensor_of_probabilities_broadcast_and_fills_any_dtype():
    p = ag.tensor([0.0, 1.0, 0.0, 1.0])
    assert ag.empty(3, 4).bernoulli_(p).tolist() == [[0.0, 1.0, 0.0, 1.0]] * 3
    assert ag.empty(3, 4).bernoulli_(ag.tensor([1.0])).tolist() == [[1.0] * 4] * 3
    assert ag.zeros(3, dtype=ag.int64).bernoulli_(1.0).tolist() == [1, 1, 1]
    assert ag.zeros(3, dtype=ag.bool).bernoulli_(0.0).tolist() == [False] * 3
    with pytest.raises(RuntimeError, match="bernoulli_: probabilities of shape \\(1, 4\\) don't broadcast"):
        ag.empty(4).bernoulli_(ag.ones(1, 4))
    with pytest.raises(ValueError, match="bernoulli_: probabilities must lie in \\[0, 1\\]"):
        ag.empty(2).bernoulli_(ag.tensor([0.5, 2.0]))
    with pytest.raises(TypeError, match="bernoulli_: expects a float tensor of probabilities"):
        ag.empty(2).bernoulli_(ag.tensor([0, 1]))


@pytest.mark.parametrize("name, args", [
    ("exponential_", (0,)), ("exponential_", (-1,)), ("cauchy_", (0, 0)), ("geometric_", (0,)), ("geometric_", (1,)),
    ("log_normal_", (1, 0)), ("bernoulli_", (2,)), ("bernoulli_", (-0.5,))])
def test_random_fillers_refuse_bad_parameters_as_pytorch(name, args):
    with pytest.raises(RuntimeError):
        getattr(torch.empty(3), name)(*args)
    with pytest.raises(RuntimeError, match=f"{name}: expects"):
        getattr(ag.empty(3), name)(*args)


@pytest.mark.parametrize("name", ["exponential_", "cauchy_", "log_normal_", "geometric_", "bernoulli_", "uniform_"])
@pytest.mark.parametrize("dtype", ["int64", "bool"])
def test_random_fillers_take_the_dtypes_pytorch_takes(name, dtype):
    args = (0.5,) if name == "geometric_" else ()
    try:
        getattr(torch.zeros(3, dtype=getattr(torch, dtype)), name)(*args)
    except (RuntimeError, NotImplementedError):
        with pytest.raises((RuntimeError, TypeError)):
            getattr(ag.zeros(3, dtype=dtype), name)(*args)
        return
    x = ag.zeros(3, dtype=dtype)
    assert getattr(x, name)(*args) is x and x.dtype == dtype


@pytest.mark.parametrize("fill", [lambda x, g: x.random_(100, generator=g), lambda x, g: x.exponential_(generator=g),
                                  lambda x, g: x.cauchy_(generator=g), lambda x, g: x.log_normal_(generator=g),
                                  lambda x, g: x.geometric_(0.2, generator=g), lambda x, g: x.bernoulli_(generator=g)])
def test_random_fillers_repeat_with_a_seeded_generator(fill):
    g = ag.Generator().manual_seed(7)
    first = fill(ag.empty(50), g).numpy()
    g.manual_seed(7)
    np.testing.assert_array_equal(fill(ag.empty(50), g).numpy(), first)
    ag.manual_seed(7)
    again = fill(ag.empty(50), None).numpy()
    ag.manual_seed(7)
    np.testing.assert_array_equal(fill(ag.empty(50), None).numpy(), again)


def test_a_random_fill_in_a_graph_has_gradient_zero_and_refuses_a_leaf():
    def fn(lib, x):
        h = x * 1
        h[1:].exponential_()
        return h * x
    x = RNG.normal(size=(3, 4))
    ours, theirs = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    fn(ag, ours).sum().backward()
    fn(torch, theirs).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy()[0], theirs.grad.numpy()[0])
    assert ours.grad.shape == (3, 4)
    with pytest.raises(RuntimeError, match="random_: a leaf tensor that requires grad"):
        ag.ones(3, requires_grad=True).random_()


@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (7, 3), (3, 5), (2, 2, 2), (1, 4), (0, 3)])
@pytest.mark.parametrize("wrap", [False, True])
def test_fill_diagonal_matches_pytorch(shape, wrap):
    def fn(lib, x):
        h = x * 1
        assert h.fill_diagonal_(-2.5, wrap) is h
        return h
    compare(lambda x: fn(ag, x), lambda x: fn(torch, x), [RNG.normal(size=shape)])


def test_fill_diagonal_keeps_an_integer_dtype_and_refuses_bad_shapes():
    assert ag.zeros(2, 2, dtype=ag.int64).fill_diagonal_(2.7).tolist() == [[2, 0], [0, 2]]
    with pytest.raises(RuntimeError, match="fill_diagonal_: all dimensions .* equal length, got shape \\(2, 3, 3\\)"):
        ag.zeros(2, 3, 3).fill_diagonal_(1)
    with pytest.raises(RuntimeError, match="fill_diagonal_: expects a tensor of at least 2 dimensions"):
        ag.zeros(3).fill_diagonal_(1)
    with pytest.raises(RuntimeError, match="fill_diagonal_: a leaf tensor that requires grad"):
        ag.zeros(2, 2, requires_grad=True).fill_diagonal_(1)


# -- tensor_extras: properties and methods about the tensor itself ---------------------------------------
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)])
@pytest.mark.parametrize("name", ["H", "mH", "adjoint"])
def test_adjoints_match_pytorch_and_refuse_what_it_refuses(name, shape):
    def get(lib, x):
        value = getattr(x * 1, name)
        return value() if name == "adjoint" else value
    x = RNG.normal(size=shape)
    try:
        with pytest.warns(UserWarning) if shape == () else np.errstate():
            get(torch, torch.tensor(x))
    except RuntimeError:
        with pytest.raises(RuntimeError):
            get(ag, ag.tensor(x))
        return
    compare(lambda t: get(ag, t), lambda t: get(torch, t), [x])


@pytest.mark.parametrize("make", [lambda lib: lib.ones(2, 3), lambda lib: lib.ones(2, 3, 4).transpose(0, 2),
                                  lambda lib: lib.ones(2, 3, 4).permute(1, 2, 0), lambda lib: lib.ones(3, 1).expand(3, 4),
                                  lambda lib: lib.ones(2, 1, 3).transpose(0, 1)])
def test_dim_order_matches_pytorch(make):
    assert make(ag).dim_order() == make(torch).dim_order()


def test_dim_order_refuses_an_ambiguous_order_when_asked():
    assert ag.ones(2, 3).dim_order(ambiguity_check=True) == (0, 1)
    with pytest.raises(RuntimeError):
        torch.ones(1, 2).dim_order(ambiguity_check=True)
    with pytest.raises(RuntimeError, match="dim_order: the tensor of shape \\(1, 2\\) .* unique dim order"):
        ag.ones(1, 2).dim_order(ambiguity_check=True)


def test_queries_match_pytorch():
    for dtype in ["float32", "int64", "uint8", "bool"]:
        assert ag.ones(2, dtype=dtype).is_signed() == torch.ones(2, dtype=getattr(torch, dtype)).is_signed()
    assert ag.tensor([0.5]).is_nonzero() and not ag.tensor(0).is_nonzero()
    with pytest.raises(RuntimeError, match="is_nonzero"):
        ag.ones(2).is_nonzero()
    assert ag.ones(2, 3).is_same_size(ag.zeros(2, 3)) and not ag.ones(2, 3).is_same_size(ag.ones(3, 2))


def test_data_ptr_and_storage_see_the_shared_memory():
    x = ag.arange(6.0).reshape(2, 3)
    row = x[1]
    assert row.data_ptr() == x.data_ptr() + 3 * 4 and x.data_ptr() == x.data_ptr()
    t = torch.arange(6.0).reshape(2, 3)
    with pytest.warns(UserWarning):
        theirs = t[1].storage()
    ours = row.storage()
    assert len(ours) == ours.size() == len(theirs) == 6 and ours.tolist() == theirs.tolist()
    assert ours.dtype == np.float32 and ours.element_size() == 4 and ours.data_ptr() == x.data_ptr()
    assert row.untyped_storage().nbytes() == t[1].untyped_storage().nbytes() == 24
    assert row.untyped_storage().size() == 24 and row.untyped_storage().element_size() == 1
    ours[0] = 10.0
    assert x[0, 0].item() == 10.0 and ours[0] == 10.0


def test_output_nr_says_which_output_a_tensor_is():
    x = ag.ones(4, requires_grad=True)
    a, b = (x * 1).split(2)
    values, indices = (x * 2).sort()
    t = torch.ones(4, requires_grad=True)
    ta, tb = (t * 1).split(2)
    assert (x.output_nr, a.output_nr, b.output_nr, values.output_nr) == (t.output_nr, ta.output_nr, tb.output_nr, 0)
    assert b.output_nr == 1


def test_new_empty_strided_lays_elements_out_as_asked():
    y = ag.ones(2, dtype=ag.float64).new_empty_strided((2, 3), (1, 2))
    assert y.shape == (2, 3) and y.stride() == (1, 2) and y.dtype == np.float64
    assert ag.ones(2).new_empty_strided((2, 0), (1, 1)).shape == (2, 0)
    z = ag.ones(2).new_empty_strided((3,), (1,), dtype=ag.int64, requires_grad=False)
    assert z.dtype == np.int64
    with pytest.raises(ValueError, match="new_empty_strided: expects as many non-negative strides as sizes"):
        ag.ones(2).new_empty_strided((2, 3), (1,))


@pytest.mark.parametrize("make, sizes", [(lambda lib: lib.arange(6.0), (2, 2)), (lambda lib: lib.arange(6.0), ((3, 2),)),
                                         (lambda lib: lib.arange(6.0).reshape(2, 3).t(), (4,)),
                                         (lambda lib: lib.arange(6.0).reshape(2, 3)[1], (2,))])
def test_resize_keeps_the_leading_elements_in_memory_order_as_pytorch(make, sizes):
    ours, theirs = make(ag), make(torch)
    assert ours.resize_(*sizes) is ours
    theirs.resize_(*sizes)
    assert ours.shape == tuple(theirs.shape) and ours.tolist() == theirs.tolist()


def test_resize_grows_into_new_memory_keeping_the_old_elements():
    x = ag.arange(4.0)
    assert x.resize_(3, 3).shape == (3, 3) and x.reshape(-1)[:4].tolist() == [0.0, 1.0, 2.0, 3.0]
    y = ag.ones(2, 2)
    assert y.resize_as_(ag.zeros(4)).tolist() == [1.0] * 4
    with pytest.raises(RuntimeError):
        torch.ones(2, requires_grad=True).resize_(3)
    with pytest.raises(RuntimeError, match="resize_: can't resize a tensor that requires grad"):
        ag.ones(2, requires_grad=True).resize_(3)


def test_resize_in_place_is_seen_by_a_backward_that_saved_the_tensor():
    x = ag.ones(3, requires_grad=True)
    y = x.exp()
    y.detach().resize_(2)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.sum().backward()


def test_apply_map_and_map2_match_pytorch():
    def run(lib, name, *args):
        x = lib.tensor([1.0, 2.0, 3.0])
        assert getattr(x, name)(*args) is x
        return x.tolist()
    for lib_args in [("apply_", lambda v: v * 2), ("map_", "other", lambda a, b: a + b),
                     ("map2_", "row", "other", lambda a, b, c: a + b * c)]:
        name, *rest = lib_args
        results = [run(lib, name, *[lib.tensor([1.0, 1.0, 2.0]) if a == "other" else lib.tensor([1.0]) if a == "row"
                                    else a for a in rest]) for lib in (ag, torch)]
        assert results[0] == results[1]
    assert ag.tensor([1, 2]).apply_(lambda v: v * 1.7).tolist() == torch.tensor([1, 2]).apply_(lambda v: v * 1.7).tolist()


def test_apply_and_map_refuse_what_pytorch_refuses():
    with pytest.raises(RuntimeError, match="apply_: can't call it on a tensor that requires grad"):
        ag.ones(2, requires_grad=True).apply_(float)
    with pytest.raises(RuntimeError, match="map_: can't call it on a tensor that requires grad"):
        ag.ones(2).map_(ag.ones(2, requires_grad=True), max)
    with pytest.raises(TypeError, match="map_: the other tensors must have the tensor's dtype float32, got int64"):
        ag.ones(2).map_(ag.tensor([1, 2]), max)
    with pytest.raises(RuntimeError, match="map_: a tensor of shape \\(2, 3\\) doesn't broadcast"):
        ag.ones(3).map_(ag.ones(2, 3), max)


@pytest.mark.filterwarnings("ignore:torch.lu")
def test_forwarding_methods_match_pytorch():
    x = RNG.normal(size=(2, 3))
    compare(lambda t: t.hardshrink(0.6), lambda t: t.hardshrink(0.6), [x])
    compare(lambda t, w: t.prelu(w), lambda t, w: t.prelu(w), [x, np.array([0.25])])
    compare(lambda t: t.polygamma(1), lambda t: t.polygamma(1), [np.abs(x) + 0.5])
    a, b = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 2))
    LU, pivots = ag.tensor(a).lu()
    tLU, tpivots = torch.tensor(a).lu()
    np.testing.assert_allclose(LU.numpy(), tLU.numpy(), atol=1e-12)
    assert pivots.tolist() == tpivots.tolist() and pivots.dtype == np.int32
    singular = ag.zeros(2, 2).lu(get_infos=True)
    assert len(singular) == 3 and singular[2].item() == torch.zeros(2, 2).lu(get_infos=True)[2].item() == 1
    np.testing.assert_allclose(ag.tensor(b).lu_solve(LU, pivots).numpy(),
                               torch.tensor(b).lu_solve(tLU, tpivots).numpy(), atol=1e-12)
    qr, tau = ag.tensor(a).geqrf()
    tqr, ttau = torch.tensor(a).geqrf()
    np.testing.assert_allclose(qr.orgqr(tau).numpy(), tqr.orgqr(ttau).numpy(), atol=1e-12)
    np.testing.assert_allclose(qr.ormqr(tau, ag.tensor(b)).numpy(), tqr.ormqr(ttau, torch.tensor(b)).numpy(), atol=1e-12)


def test_pinned_and_shared_memory_are_not_modelled():
    x = ag.ones(2)
    assert x.pin_memory() is x and not x.is_pinned() and x.share_memory_() is x
