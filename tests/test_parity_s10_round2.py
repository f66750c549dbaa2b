"""PyTorch parity for divergences a fuzzer found (round 2): sign at NaN and of bools, integer and bool
dtypes of square/pow/clamp/trapezoid/softmax, where with one argument, gradient at inf, and where
median/quantile gradients go with NaNs. The comparisons skip without torch; our refusals and dtypes run without it."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.nn import functional as F
from tests.torch_parity import compare, compare_with_indices


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


NAN = float("nan")


@pytest.mark.parametrize("name", ["sign", "sgn"])
def test_sign_is_zero_at_nan(name, torch):
    compare(getattr(ag, name), getattr(torch, name), [np.array([NAN, 1.0, -2.0, 0.0, -np.inf])], diff=[])


def test_abs_gradient_at_nan_is_zero(torch):
    compare(ag.abs, torch.abs, [np.array([NAN, 1.0, -2.0])])
    compare(lambda x: ag.grad(ag.abs(x).sum(), x, create_graph=True)[0] * x,
            lambda x: torch.autograd.grad(x.abs().sum(), x, create_graph=True)[0] * x,
            [np.array([NAN, 1.0, -2.0])])


@pytest.mark.parametrize("name", ["sign", "sgn"])
@pytest.mark.parametrize("shape", [(3,), ()])
def test_sign_of_bool_is_the_bool(name, shape, torch):
    x = np.array([True, False, True])[: shape[0] if shape else 1].reshape(shape)
    ours, theirs = getattr(ag, name)(ag.tensor(x)), getattr(torch, name)(torch.tensor(x))
    assert ours.dtype == np.bool_ and theirs.dtype == torch.bool
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


BOOLS = np.array([True, False, True])


@pytest.mark.parametrize("fn", [lambda m, x: m.square(x), lambda m, x: m.pow(x, 2), lambda m, x: x ** 2,
                                lambda m, x: m.pow(x, 3), lambda m, x: m.pow(x, 0), lambda m, x: m.pow(x, 2.0),
                                lambda m, x: m.pow(x, True), lambda m, x: m.pow(x, False), lambda m, x: 2 ** x,
                                lambda m, x: m.pow(x, m.tensor([2, 3, 0])), lambda m, x: m.square(x[0])])
def test_pow_of_bool_dtype(fn, torch):
    ours, theirs = fn(ag, ag.tensor(BOOLS)), fn(torch, torch.tensor(BOOLS))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


POW_OF_TWO_BOOLS = [lambda m, x: m.pow(x, x), lambda m, x: m.pow(True, x), lambda m, x: x ** m.tensor(True)]


@pytest.mark.parametrize("fn", POW_OF_TWO_BOOLS)
def test_pow_of_two_bools_is_refused(fn):
    with pytest.raises(TypeError, match="pow: .*two bool operands"):
        fn(ag, ag.tensor(BOOLS))


@pytest.mark.parametrize("fn", POW_OF_TWO_BOOLS)
def test_pow_of_two_bools_is_refused_by_torch(fn, torch):
    with pytest.raises(NotImplementedError, match="not implemented for 'Bool'"):
        fn(torch, torch.tensor(BOOLS))


@pytest.mark.parametrize("name,kw", [("clamp", dict(min=0.5)), ("clamp", dict(max=1.5)), ("clamp", dict(min=1, max=1.5)),
                                     ("clamp", dict(min=0)), ("clamp", dict(min=2, max=True)), ("clip", dict(min=0.5)),
                                     ("clamp_min", dict(min=0.5)), ("clamp_max", dict(max=0.5)),
                                     ("clamp", dict(max=float("inf"))), ("clamp", dict(min=float("nan")))])
@pytest.mark.parametrize("x", [np.array([1, 2, 3]), np.array([True, False]), np.array([1, 2], np.int8),
                               np.array([1.0, 2.0], np.float16), np.array([0.25, 2.0], np.float32)])
def test_clamp_dtype_with_number_bounds(name, kw, x, torch):
    ours, theirs = getattr(ag, name)(ag.tensor(x), **kw), getattr(torch, name)(torch.tensor(x), **kw)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("bound", [np.array(0.5, np.float32), np.array([0.5, 3.0]), np.array([0.5, 3.0], np.float32),
                                   np.array(1)])
@pytest.mark.parametrize("x", [np.array([1, 2]), np.array([1.0, 2.0], np.float32), np.array([1.0, 2.0])])
def test_clamp_dtype_with_tensor_bounds(bound, x, torch):
    for kw in (dict(min=bound), dict(max=bound)):
        ours = ag.clamp(ag.tensor(x), **{k: ag.tensor(v) for k, v in kw.items()})
        theirs = torch.clamp(torch.tensor(x), **{k: torch.tensor(v) for k, v in kw.items()})
        assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_clamp_refuses_complex_bounds():
    with pytest.raises(TypeError, match="clamp: complex bounds"):
        ag.clamp(ag.tensor([1.0, 2.0]), 1 + 1j)


def test_clamp_refuses_complex_bounds_as_torch(torch):
    with pytest.raises(RuntimeError):
        torch.clamp(torch.tensor([1.0, 2.0]), 1 + 1j)


BOOL_BOUNDS = [dict(min=True), dict(max=False), dict(min=False, max=True)]


@pytest.mark.parametrize("kw", BOOL_BOUNDS)
def test_clamp_refuses_bool_tensor_with_bool_bounds(kw):
    with pytest.raises(TypeError, match="clamp: .*bool tensor with bool bounds"):
        ag.clamp(ag.tensor(BOOLS), **kw)
    assert ag.clamp(ag.tensor(BOOLS), min=ag.tensor(True)).dtype == np.bool_  # a tensor bound: as PyTorch


@pytest.mark.parametrize("kw", BOOL_BOUNDS)
def test_clamp_refuses_bool_tensor_with_bool_bounds_as_torch(kw, torch):
    with pytest.raises(NotImplementedError, match="not implemented for 'Bool'"):
        torch.clamp(torch.tensor(BOOLS), **kw)


CONDITIONS = [np.array([[True, False], [False, True]]), np.array([0.0, 2.0, 0.5]), np.array(3.0), np.array([0, 0]),
              np.zeros((2, 0), bool)]


@pytest.mark.parametrize("cond", CONDITIONS)
def test_where_with_condition_alone_is_a_tuple_of_int64_indices(cond):
    ours = ag.where(ag.tensor(cond))
    assert isinstance(ours, tuple) and all(o.dtype == np.int64 for o in ours)


@pytest.mark.parametrize("cond", CONDITIONS)
def test_where_with_condition_alone_is_nonzero_as_tuple(cond, torch):
    ours, theirs = ag.where(ag.tensor(cond)), torch.where(torch.tensor(cond))
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        np.testing.assert_array_equal(o.numpy(), t.numpy())


def test_where_with_two_arguments_is_refused():
    with pytest.raises(TypeError, match="where: expects a condition alone"):
        ag.where(ag.tensor([True, False]), ag.ones(2))


def test_where_with_two_arguments_is_refused_by_torch(torch):
    with pytest.raises(TypeError):
        torch.where(torch.tensor([True, False]), torch.ones(2))


TRAPEZOID_SAMPLES = [np.array([1, 2, 4]), np.array([1, 2, 4], np.int8), np.array([3]), np.zeros(0, np.int64),
                     np.zeros(0, np.int8), np.zeros(0, np.float16), np.zeros(0, bool), np.zeros((2, 0), np.int64),
                     np.zeros((0, 3), np.int64), np.array([1.0, 2.0, 4.0], np.float32), np.array([1.0, 2.0, 4.0])]




TRAPEZOIDS, SPACINGS = ["trapezoid", "cumulative_trapezoid"], [{}, dict(dx=2), dict(dx=0.5), dict(x="int"), dict(x="float64")]


def _spacing(y, dim, kw):
    """``kw`` with a named ``x`` dtype made coordinates along ``dim``."""
    return dict(x=np.arange(y.shape[dim]).astype(kw["x"]) ** 2) if kw.get("x") else kw


def _refuses_bool(name, y, dim):
    return y.dtype == bool and (y.shape[dim] or name == "cumulative_trapezoid")


@pytest.mark.parametrize("name, y, dim", [(name, y, dim) for name in TRAPEZOIDS for y in TRAPEZOID_SAMPLES
                                          for dim in (0, -1) if _refuses_bool(name, y, dim)], ids=str)
@pytest.mark.parametrize("kw", SPACINGS)
def test_trapezoid_refuses_bool_samples(name, y, dim, kw):
    with pytest.raises(TypeError, match=f"{name}: bool samples"):
        getattr(ag, name)(ag.tensor(y), dim=dim, **_spacing(y, dim, kw))


@pytest.mark.parametrize("name", TRAPEZOIDS)
@pytest.mark.parametrize("y", TRAPEZOID_SAMPLES, ids=lambda y: f"{y.dtype}{y.shape}")
@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("kw", SPACINGS)
def test_trapezoid_dtypes(name, y, dim, kw, torch):
    kw = _spacing(y, dim, kw)
    if _refuses_bool(name, y, dim):
        with pytest.raises(RuntimeError, match="bool is not supported"):
            getattr(torch, name)(torch.tensor(y), dim=dim, **{k: torch.tensor(v) if k == "x" else v for k, v in kw.items()})
        return
    ours = getattr(ag, name)(ag.tensor(y), dim=dim, **{k: ag.tensor(v) if k == "x" else v for k, v in kw.items()})
    theirs = getattr(torch, name)(torch.tensor(y), dim=dim, **{k: torch.tensor(v) if k == "x" else v for k, v in kw.items()})
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "") and ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_trapezoid_of_no_samples_does_not_require_grad():
    for x in (np.zeros(0), np.zeros((3, 0))):
        assert ag.trapezoid(ag.tensor(x, requires_grad=True)).requires_grad is False


def test_trapezoid_of_no_samples_does_not_require_grad_as_torch(torch):
    for x in (np.zeros(0), np.zeros((3, 0))):
        ours, theirs = ag.trapezoid(ag.tensor(x, requires_grad=True)), torch.trapezoid(torch.tensor(x, requires_grad=True))
        assert ours.requires_grad == theirs.requires_grad is False and ours.shape == tuple(theirs.shape)


def test_trapezoid_refuses_bool_x():
    with pytest.raises(TypeError, match="trapezoid: bool samples"):
        ag.trapezoid(ag.tensor([1.0, 2.0]), ag.tensor([True, False]))


def test_trapezoid_refuses_bool_x_as_torch(torch):
    with pytest.raises(RuntimeError, match="bool"):
        torch.trapezoid(torch.tensor([1.0, 2.0]), torch.tensor([True, False]))


@pytest.mark.parametrize("y", [[1.0, np.inf, 3.0, 4.0], [np.inf, 1.0, 2.0], [1.0, 2.0, -np.inf], [np.inf, np.inf, 1.0],
                               [[1.0, np.inf, 3.0], [1.0, -np.inf, 3.0], [2.0, 2.0, np.inf]]])
@pytest.mark.parametrize("spacing", [1, 2.0, "coordinates"])
@pytest.mark.parametrize("edge_order", [1, 2])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf - inf: NumPy warns where PyTorch gives NaN quietly
def test_gradient_with_infinite_samples(y, spacing, edge_order, torch):
    y = np.array(y)
    if spacing == "coordinates":  # uneven, and even (where PyTorch's weighted formula gives NaN at an inf)
        coords = [np.array([0.0, 1.0, 3.0, 6.0])[: y.shape[0]], np.arange(3.0)][: y.ndim]
        ours_s, theirs_s = [ag.tensor(c) for c in coords], [torch.tensor(c) for c in coords]
    else:
        ours_s = theirs_s = spacing
    compare(lambda x: ag.stack(ag.gradient(x, spacing=ours_s, edge_order=edge_order)),
            lambda x: torch.stack(torch.gradient(x, spacing=theirs_s, edge_order=edge_order)), [y])


WITH_NANS = [np.array([1.0, NAN, 3.0, NAN, 2.0]), np.array([NAN, 1.0, 2.0]), np.array([NAN, NAN]),
             np.array([[1.0, NAN, 3.0], [NAN, 2.0, NAN]]), np.array([1.0, 2.0, 2.0, 3.0]), np.array([[2.0, 2.0], [NAN, 2.0]])]


@pytest.mark.parametrize("name", ["median", "nanmedian"])
@pytest.mark.parametrize("x", WITH_NANS + [np.zeros(0), np.zeros((2, 0))], ids=str)
def test_median_of_all_elements_shares_the_gradient(name, x, torch):
    """PyTorch shares the gradient evenly among the elements equal to the result (NaN to NaN); it requires
    grad for an empty input too."""
    compare(getattr(ag, name), getattr(torch, name), [x])


@pytest.mark.parametrize("name", ["median", "nanmedian"])
@pytest.mark.parametrize("x", WITH_NANS, ids=str)
def test_median_along_a_dim_with_nans(name, x, torch):
    compare_with_indices(getattr(ag, name), getattr(torch, name), x, (-1,), indices=True)


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("x", WITH_NANS, ids=str)
@pytest.mark.parametrize("q", [0.5, 0.3, [0.0, 0.2, 1.0]])
@pytest.mark.parametrize("dim", [None, -1])
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile_gradient_with_nans(name, x, q, dim, interpolation, torch):
    """quantile: where a slice has NaN, its last sorted element (a NaN) gets the gradient, as PyTorch."""
    compare(lambda t: getattr(ag, name)(t, ag.tensor(np.array(q)), dim, interpolation=interpolation),
            lambda t: getattr(torch, name)(t, torch.tensor(q, dtype=t.dtype), dim, interpolation=interpolation), [x])


def integer_softmax_cases(test):
    """Parametrizes ``test`` over the softmaxes, inputs and dtypes where the input or the dtype is an integer."""
    for mark in (pytest.mark.parametrize("name", ["softmax", "log_softmax"]),
                 pytest.mark.parametrize("x, dtype", [(x, dtype) for x in (np.array([1, 2]), np.array([True, False]),
                                                                           np.array(3), np.array([1.0, 2.0]))
                                                      for dtype in (None, "int64") if x.dtype.kind != "f" or dtype],
                                         ids=str)):
        test = mark(test)
    return test


@integer_softmax_cases
def test_softmax_refuses_integer_input(name, x, dtype):
    with pytest.raises(TypeError, match=f"{name}: expects a floating point tensor"):
        getattr(F, name)(ag.tensor(x), -1, dtype=dtype and getattr(ag, dtype))


@integer_softmax_cases
def test_softmax_refuses_integer_input_as_torch(name, x, dtype, torch):
    with pytest.raises(NotImplementedError, match="not implemented for"):
        getattr(torch.nn.functional, name)(torch.tensor(x), -1, dtype=dtype and getattr(torch, dtype))


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
@pytest.mark.parametrize("x", [np.zeros(0, np.int64), np.zeros((2, 0), np.int8), np.zeros(0, bool)], ids=str)
@pytest.mark.parametrize("dtype", [None, "float64"])
def test_softmax_of_empty_integer_input_keeps_its_dtype(name, x, dtype, torch):
    if name == "softmin" and x.dtype == bool:  # -x refuses a bool tensor
        return
    theirs = getattr(torch.nn.functional, name)(torch.tensor(x), 0, dtype=dtype and getattr(torch, dtype))
    ours = getattr(F, name)(ag.tensor(x), 0, dtype=dtype and getattr(ag, dtype))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "") and ours.shape == tuple(theirs.shape)


def test_softmax_of_integer_input_with_a_float_dtype(torch):
    compare(lambda x: F.softmax(x, -1, dtype=ag.float64),
            lambda x: torch.nn.functional.softmax(x, -1, dtype=torch.float64),
            [np.array([[1, 2, 5], [0, 0, 1]])])
