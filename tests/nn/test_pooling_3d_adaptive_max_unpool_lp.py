"""3-D max/avg pooling, return_indices and *_with_indices, adaptive avg (3-D) and max pooling (1-3-D),
max unpooling and LP pooling, F and layers, against PyTorch as the oracle: values, indices, gradients,
repr and errors (the op-spec table checks them against NumPy loops)."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from tests.torch_parity import compare_with_indices

torch = pytest.importorskip("torch")


def _distinct(shape, seed=0):
    """Values without ties (so every op's argmax is unique)."""
    size = int(np.prod(shape))
    return np.random.default_rng(seed).permutation(size).reshape(shape) / size * 4 - 2


def _ties(shape, seed=0):
    return np.random.default_rng(seed).integers(0, 3, shape).astype(np.float64)


POOL_CASES = [
    ("max_pool3d", (2, 3, 6, 5, 7), (2,), {}),
    ("max_pool3d", (2, 2, 7, 6, 5), (3, 2, 1), dict(return_indices=True)),
    ("max_pool3d", (2, 2, 7, 6, 5), ((3, 2, 2), (2, 1, 2), (1, 0, 1)), dict(ceil_mode=True, return_indices=True)),
    ("max_pool3d", (1, 2, 8, 7, 7), ((2, 3, 2), 1, 0), dict(dilation=(2, 1, 3), return_indices=True)),
    ("max_pool3d", (2, 5, 6, 4), (2,), dict(return_indices=True)),
    ("max_pool2d", (2, 3, 9, 7), (3, 2, 1), dict(return_indices=True)),
    ("max_pool1d", (2, 3, 11), (3, 2, 1), dict(ceil_mode=True, return_indices=True)),
    ("max_pool1d", (3, 11), (2,), dict(dilation=3, return_indices=True)),
    ("avg_pool3d", (2, 3, 6, 5, 7), (2,), {}),
    ("avg_pool3d", (2, 2, 7, 6, 5), (3, 2, 1), dict(ceil_mode=True)),
    ("avg_pool3d", (2, 2, 7, 6, 5), (3, 2, 1), dict(ceil_mode=True, count_include_pad=False)),
    ("avg_pool3d", (2, 2, 7, 6, 5), ((3, 2, 2), (2, 1, 3), (1, 0, 1)), dict(divisor_override=3)),
    ("avg_pool3d", (2, 5, 6, 4), (2, 1), {}),
    ("avg_pool1d", (2, 3, 11), (4, 3, 2), dict(ceil_mode=True, count_include_pad=False)),
    ("adaptive_avg_pool3d", (2, 3, 7, 5, 6), ((3, 2, 4),), {}),
    ("adaptive_avg_pool3d", (2, 3, 6, 4, 6), ((3, None, 2),), {}),
    ("adaptive_avg_pool3d", (3, 7, 5, 6), (1,), {}),
    ("adaptive_max_pool1d", (2, 3, 11), (4,), dict(return_indices=True)),
    ("adaptive_max_pool1d", (3, 5), (8,), dict(return_indices=True)),
    ("adaptive_max_pool2d", (2, 3, 9, 7), ((4, 3),), dict(return_indices=True)),
    ("adaptive_max_pool2d", (2, 3, 9, 7), ((None, 2),), {}),
    ("adaptive_max_pool2d", (3, 6, 6), (1,), dict(return_indices=True)),
    ("adaptive_max_pool3d", (2, 2, 7, 5, 6), ((3, 2, 4),), dict(return_indices=True)),
    ("adaptive_max_pool3d", (2, 5, 4, 7), (2,), dict(return_indices=True)),
    ("lp_pool1d", (2, 3, 11), (2, 3, 2), {}),
    ("lp_pool2d", (2, 3, 9, 7), (3, (3, 2), (2, 1)), dict(ceil_mode=True)),
    ("lp_pool3d", (2, 2, 6, 5, 7), (1.5, 2), {}),
    ("lp_pool2d", (2, 3, 9, 7), (float("inf"), 3, 2), {}),
    ("lp_pool1d", (2, 3, 11), (-float("inf"), 3), {}),
]


@pytest.mark.parametrize("name,shape,args,kw", POOL_CASES)
def test_pooling_matches_torch(name, shape, args, kw):
    x = _distinct(shape)
    if name.startswith("lp_pool") and args[0] not in (float("inf"), -float("inf")):
        x = x + 2.5  # positive: x ** p is defined (PyTorch gives NaN for a fractional power of a negative)
    compare_with_indices(getattr(F, name), getattr(torch.nn.functional, name), x, args, kw, kw.get("return_indices", False))


@pytest.mark.parametrize("name,shape,args,kw", [
    ("max_pool3d", (2, 2, 6, 6, 6), (2,), dict(return_indices=True)),
    ("max_pool3d", (1, 2, 7, 6, 5), (3, 2, 1), dict(return_indices=True)),
    ("adaptive_max_pool2d", (2, 3, 9, 7), ((4, 3),), dict(return_indices=True)),
    ("adaptive_max_pool3d", (2, 2, 7, 5, 6), ((3, 2, 4),), dict(return_indices=True)),
])
def test_ties_pick_the_first_maximum_as_torch(name, shape, args, kw):
    compare_with_indices(getattr(F, name), getattr(torch.nn.functional, name), _ties(shape), args, kw, True)


@pytest.mark.parametrize("name", ["adaptive_avg_pool2d", "adaptive_max_pool2d"])
def test_adaptive_pooling_to_an_empty_size_as_torch(name):
    x = _distinct((2, 3, 7, 5))
    ours, theirs = getattr(F, name)(ag.tensor(x), (0, 3)), getattr(torch.nn.functional, name)(torch.tensor(x), (0, 3))
    assert ours.shape == tuple(theirs.shape) == (2, 3, 0, 3)


def test_adaptive_max_pool_takes_a_nan_as_the_maximum_as_torch():
    x = _distinct((1, 2, 9))
    x[0, 0, 1] = x[0, 1, 4] = x[0, 1, 7] = np.nan
    ty, ti = torch.nn.functional.adaptive_max_pool1d(torch.tensor(x), 4, return_indices=True)
    ay, ai = F.adaptive_max_pool1d(ag.tensor(x), 4, return_indices=True)
    np.testing.assert_array_equal(ay.numpy(), ty.numpy())
    np.testing.assert_array_equal(ai.numpy(), ti.numpy())


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_with_indices_functions_always_return_indices(dims):
    x = _distinct((2, 3) + (6,) * dims)
    for name, args in ((f"max_pool{dims}d_with_indices", (2,)), (f"adaptive_max_pool{dims}d_with_indices", (4,))):
        for kw in ({}, dict(return_indices=False)):
            ty, ti = getattr(torch.nn.functional, name)(torch.tensor(x), *args, **kw)
            ay, ai = getattr(F, name)(ag.tensor(x), *args, **kw)
            np.testing.assert_array_equal(ay.numpy(), ty.numpy())
            np.testing.assert_array_equal(ai.numpy(), ti.numpy())


UNPOOL_CASES = [
    (1, (2, 3, 10), (2,), {}, {}),
    (1, (3, 11), (3, 2, 1), {}, dict(output_size=(11,))),
    (2, (2, 3, 8, 6), (2,), {}, {}),
    (2, (2, 3, 9, 7), (3, 2, 1), {}, dict(output_size=(2, 3, 9, 7))),
    (2, (3, 9, 7), (2,), {}, dict(output_size=(9, 7))),
    (3, (2, 2, 6, 4, 6), (2,), {}, {}),
    (3, (2, 7, 6, 5), ((3, 2, 2), (2, 1, 2), (1, 0, 1)), {}, dict(output_size=(7, 6, 5))),
]


@pytest.mark.parametrize("dims,shape,args,pool_kw,unpool_kw", UNPOOL_CASES)
def test_max_unpool_matches_torch(dims, shape, args, pool_kw, unpool_kw):
    x = _distinct(shape)
    y, idx = getattr(torch.nn.functional, f"max_pool{dims}d")(torch.tensor(x), *args, return_indices=True)
    unpool = f"max_unpool{dims}d"
    compare_with_indices(lambda v: getattr(F, unpool)(v, ag.tensor(idx.numpy()), *args, **unpool_kw),
           lambda v: getattr(torch.nn.functional, unpool)(v, idx, *args, **unpool_kw), y.numpy(), (), {})


def test_max_unpool_inverts_max_pool_where_the_maxima_were():
    x = ag.tensor(_distinct((2, 3, 6, 6)))
    y, idx = nn.MaxPool2d(2, return_indices=True)(x)
    back = nn.MaxUnpool2d(2)(y, idx)
    kept = back.numpy() != 0
    assert kept.sum() == y.numel()
    np.testing.assert_array_equal(back.numpy()[kept], x.numpy()[kept])


LAYERS = [
    ("MaxPool3d", (2,), dict(stride=1, padding=1, return_indices=True), (2, 2, 4, 5, 4)),
    ("AvgPool3d", ((2, 3, 2),), dict(stride=1, padding=1, count_include_pad=False), (2, 2, 4, 5, 4)),
    ("AvgPool3d", (3,), dict(ceil_mode=True, divisor_override=4), (2, 2, 7, 5, 4)),
    ("AvgPool1d", (3, 2, 1), {}, (2, 3, 9)),
    ("AdaptiveAvgPool1d", (4,), {}, (2, 3, 9)),
    ("AdaptiveAvgPool3d", ((2, None, 3),), {}, (2, 2, 5, 4, 7)),
    ("AdaptiveMaxPool1d", (4,), dict(return_indices=True), (2, 3, 9)),
    ("AdaptiveMaxPool2d", ((3, None),), {}, (2, 3, 7, 5)),
    ("AdaptiveMaxPool3d", (2,), dict(return_indices=True), (2, 2, 5, 4, 7)),
    ("LPPool1d", (2, 3, 2), {}, (2, 3, 9)),
    ("LPPool2d", (3, 2), dict(ceil_mode=True), (2, 3, 7, 5)),
    ("LPPool3d", (2.0, (2, 3, 2)), dict(stride=1), (2, 2, 5, 4, 7)),
]


@pytest.mark.parametrize("name,args,kw,shape", LAYERS)
def test_layers_match_torch(name, args, kw, shape):
    ours, theirs = getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    compare_with_indices(ours, theirs, _distinct(shape) + (2.5 if name.startswith("LP") else 0), (), {},
           kw.get("return_indices", False))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_unpool_layers_match_torch(dims):
    args, kw = (3,), dict(stride=2, padding=1)
    ours, theirs = getattr(nn, f"MaxUnpool{dims}d")(*args, **kw), getattr(torch.nn, f"MaxUnpool{dims}d")(*args, **kw)
    assert repr(ours) == repr(theirs)
    shape = (2, 2) + (7, 6, 5)[:dims]
    y, idx = getattr(torch.nn, f"MaxPool{dims}d")(*args, return_indices=True, **kw)(torch.tensor(_distinct(shape)))
    size = shape[2:]
    compare_with_indices(lambda v: ours(v, ag.tensor(idx.numpy()), output_size=size), lambda v: theirs(v, idx, output_size=size),
           y.detach().numpy(), (), {})


def test_lp_pool_of_a_zero_window_has_a_zero_gradient_as_torch():
    x = np.zeros((1, 1, 4))
    x[0, 0, 2:] = [1.0, 2.0]
    compare_with_indices(F.lp_pool1d, torch.nn.functional.lp_pool1d, x, (2, 2), {})


ERRORS = [
    (lambda: F.max_pool3d(ag.randn(2, 5, 6), 2), ValueError, "max_pool3d: expected a 5-D input"),
    (lambda: F.max_pool3d(ag.randn(1, 1, 4, 4, 4), (2, 2)), ValueError, "max_pool3d: kernel_size must be"),
    (lambda: F.max_pool3d(ag.randn(1, 1, 4, 4, 4), 3, 1, 2), ValueError, "max_pool3d: padding"),
    (lambda: F.max_pool3d(ag.randn(1, 1, 2, 4, 4), 3), ValueError, "max_pool3d: input of spatial size"),
    (lambda: F.max_pool3d(ag.ones(1, 1, 4, 4, 4, dtype=np.int64), 2), TypeError, "floating-point"),
    (lambda: F.avg_pool3d(ag.randn(1, 1, 4, 4, 4), 2, divisor_override=0), ValueError, "avg_pool3d: divisor"),
    (lambda: F.adaptive_avg_pool3d(ag.randn(3, 4, 5), 2), ValueError, "adaptive_avg_pool3d: expected a 5-D"),
    (lambda: F.adaptive_avg_pool3d(ag.randn(1, 3, 4, 5), -1), ValueError, "non-negative"),
    (lambda: F.adaptive_max_pool2d(ag.randn(1, 3, 4, 5), (1, 2, 3)), ValueError, "adaptive_max_pool2d: output_size"),
    (lambda: F.adaptive_max_pool2d(ag.randn(1, 3, 0, 5), 2), ValueError, "empty spatial dim"),
    (lambda: F.adaptive_max_pool1d(ag.randn(1, 2, 3, 4), 2), ValueError, "adaptive_max_pool1d: expected a 3-D"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.full((1, 1, 2, 2), 16)), 2), IndexError,
     "max_unpool2d: indices out of range"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.full((1, 1, 2, 2), -1)), 2), IndexError,
     "max_unpool2d: indices out of range"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.zeros((1, 1, 2, 2), np.int32)), 2), TypeError,
     "int64"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.zeros((1, 1, 2, 1), np.int64)), 2), ValueError,
     "must have the input's shape"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.zeros((1, 1, 2, 2), np.int64)), 2,
                            output_size=(6, 4)), ValueError, "dim 0 must lie strictly between 2 and 6"),
    (lambda: F.max_unpool2d(ag.randn(1, 1, 2, 2), ag.tensor(np.zeros((1, 1, 2, 2), np.int64)), 2,
                            output_size=(4,)), ValueError, "output_size must hold 2 or 4 sizes"),
    (lambda: F.max_unpool3d(ag.randn(2, 3, 4), ag.tensor(np.zeros((2, 3, 4), np.int64)), 2), ValueError,
     "max_unpool3d: expected a 5-D input"),
    (lambda: F.lp_pool2d(ag.randn(1, 1, 2, 2), 2, 3), ValueError, "avg_pool2d: input of spatial size"),
]


@pytest.mark.parametrize("call,error,match", ERRORS)
def test_errors_name_the_op_and_the_problem(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("call", [
    lambda t: t.max_pool3d(t.randn(2, 5, 6), 2),
    lambda t: t.max_pool3d(t.randn(1, 1, 4, 4, 4), 3, 1, 2),
    lambda t: t.max_pool3d(t.randn(1, 1, 2, 4, 4), 3),
    lambda t: t.avg_pool3d(t.randn(1, 1, 4, 4, 4), 2, divisor_override=0),
    lambda t: t.adaptive_avg_pool3d(t.randn(3, 4, 5), 2),
    lambda t: t.adaptive_max_pool2d(t.randn(1, 3, 0, 5), 2),
])
def test_torch_refuses_the_same_calls(call):
    class T:  # torch's F with randn from torch
        def __getattr__(self, name):
            return getattr(torch, name) if name == "randn" else getattr(torch.nn.functional, name)
    with pytest.raises((RuntimeError, ValueError)):
        call(T())
