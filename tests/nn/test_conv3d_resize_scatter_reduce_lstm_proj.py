"""PyTorch parity for conv3d / Conv3d / ConvTranspose3d, scatter_reduce, bicubic and trilinear
interpolation, and LSTM(proj_size=...): values, gradients (second ones where PyTorch has them),
state_dict keys, and the errors for bad input.

The op-spec table (tests/specs/conv3d_resize_scatter_reduce.py) checks the same ops against NumPy loop references
with gradcheck and gradgradcheck; this file uses PyTorch as the oracle for what the table can't
reach: ties, zeros, many configurations, layers.
"""
import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare
import autograd_core.nn.functional as F
from autograd_core import nn

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.", "ignore:The reduce argument")


# -- conv3d ---------------------------------------------------------------------------------------
CONV3D_CASES = [
    ((2, 3, 4, 5, 6), (4, 3, 3, 3, 3), {}),
    ((2, 4, 5, 6, 7), (6, 2, 3, 2, 3), dict(stride=(2, 1, 2), padding=(1, 0, 2), dilation=(1, 2, 1), groups=2)),
    ((1, 2, 4, 4, 5), (3, 2, 2, 3, 4), dict(padding="same", dilation=(2, 1, 1))),
    ((2, 2, 5, 4, 3), (4, 2, 1, 1, 1), dict(stride=2)),
    ((3, 4, 4, 5), (2, 3, 3, 3, 3), dict(padding=1)),  # unbatched
    ((1, 2, 1, 3, 2), (2, 2, 3, 3, 3), dict(stride=3, padding=1)),  # taps that read only padding
]


@pytest.mark.parametrize("x_shape,w_shape,kw", CONV3D_CASES)
def test_conv3d_matches_torch(x_shape, w_shape, kw):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])]
    compare(lambda x, w, b: F.conv3d(x, w, b, **kw), lambda x, w, b: torch.nn.functional.conv3d(x, w, b, **kw),
             arrays)


@pytest.mark.parametrize("x_shape,w_shape,kw", [
    ((2, 3, 3, 4, 2), (3, 2, 3, 3, 2), {}),
    ((2, 4, 3, 2, 3), (4, 3, 3, 2, 3), dict(stride=(2, 1, 3), padding=(1, 0, 1), output_padding=(1, 0, 2), groups=2,
                                             dilation=(1, 2, 1))),
    ((4, 2, 3, 3), (4, 2, 2, 2, 2), dict(stride=2)),  # unbatched
])
def test_conv_transpose3d_matches_torch(x_shape, w_shape, kw):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape),
              rng.standard_normal(w_shape[1] * kw.get("groups", 1))]
    compare(lambda x, w, b: F.conv_transpose3d(x, w, b, **kw),
             lambda x, w, b: torch.nn.functional.conv_transpose3d(x, w, b, **kw), arrays)


def test_conv3d_second_derivatives_match_torch():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 2, 3, 4, 3)), rng.standard_normal((2, 2, 2, 2, 2))
    xa, wa = ag.tensor(x, requires_grad=True), ag.tensor(w, requires_grad=True)
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    gx, = ag.grad((F.conv3d(xa, wa, padding=1) ** 2).sum(), xa, create_graph=True)
    tgx, = torch.autograd.grad((torch.nn.functional.conv3d(xt, wt, padding=1) ** 2).sum(), xt, create_graph=True)
    ag.autograd.backward((gx ** 2).sum())
    (tgx ** 2).sum().backward()
    np.testing.assert_allclose(wa.grad.numpy(), wt.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_conv3d_layer_loads_torch_weights_and_matches(mode):
    theirs = torch.nn.Conv3d(4, 6, (3, 2, 3), stride=(1, 2, 1), padding=1, groups=2, padding_mode=mode).double()
    ours = nn.Conv3d(4, 6, (3, 2, 3), stride=(1, 2, 1), padding=1, groups=2, padding_mode=mode, dtype=np.float64)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()} == {"weight": (6, 2, 3, 2, 3), "bias": (6,)}
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 4, 4, 5, 4))
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               atol=1e-12)
    assert repr(ours) == repr(theirs)


def test_conv_transpose3d_layer_matches_torch_with_output_size():
    theirs = torch.nn.ConvTranspose3d(4, 2, 3, stride=2, padding=1, bias=False).double()
    ours = nn.ConvTranspose3d(4, 2, 3, stride=2, padding=1, bias=False, dtype=np.float64)
    assert list(ours.state_dict()) == ["weight"] and ours.weight.shape == tuple(theirs.weight.shape) == (4, 2, 3, 3, 3)
    ours.load_state_dict({"weight": theirs.weight.detach().numpy()})
    x = np.random.default_rng(0).standard_normal((1, 4, 3, 2, 3))
    y = ours(ag.tensor(x), output_size=(6, 4, 5))
    ty = theirs(torch.tensor(x), output_size=(6, 4, 5))
    assert y.shape == tuple(ty.shape) == (1, 2, 6, 4, 5)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    assert repr(ours) == repr(theirs)


def test_conv3d_init_matches_torch_bounds():
    layer = nn.Conv3d(3, 5, (2, 3, 4))
    fan_in = 3 * 2 * 3 * 4
    assert np.abs(layer.weight.detach().numpy()).max() <= 1 / np.sqrt(fan_in)
    assert np.abs(layer.bias.detach().numpy()).max() <= 1 / np.sqrt(fan_in)


def test_conv3d_errors_name_the_op_and_shapes():
    with pytest.raises(ValueError, match=r"conv3d: expected a 5-D input \(N, C, D, H, W\) or 4-D unbatched "
                                         r"\(without N\), got shape \(3, 4, 4\)"):
        F.conv3d(ag.randn(3, 4, 4), ag.randn(2, 3, 1, 1, 1))
    with pytest.raises(ValueError, match=r"conv3d: expected a 5-D weight, got shape \(2, 3, 1, 1\)"):
        F.conv3d(ag.randn(1, 3, 4, 4, 4), ag.randn(2, 3, 1, 1))
    with pytest.raises(ValueError, match=r"conv3d: input has 4 channels but weight \(2, 3, 1, 1, 1\)"):
        F.conv3d(ag.randn(1, 4, 2, 2, 2), ag.randn(2, 3, 1, 1, 1))
    with pytest.raises(ValueError, match=r"conv3d: stride must be an int or a 3-tuple of ints, got \(1, 2\)"):
        F.conv3d(ag.randn(1, 3, 2, 2, 2), ag.randn(2, 3, 1, 1, 1), stride=(1, 2))
    with pytest.raises(ValueError, match="conv3d: input of spatial size .* is smaller than the dilated kernel"):
        F.conv3d(ag.randn(1, 3, 2, 2, 2), ag.randn(2, 3, 3, 1, 1))
    with pytest.raises(ValueError, match="conv_transpose3d: output_padding"):
        F.conv_transpose3d(ag.randn(1, 3, 2, 2, 2), ag.randn(3, 2, 1, 1, 1), output_padding=1)


def test_conv3d_unbatched_4d_input_is_accepted_like_torch():
    x, w = np.ones((3, 2, 2, 2)), np.ones((1, 3, 1, 1, 1))
    assert F.conv3d(ag.tensor(x), ag.tensor(w)).shape == tuple(torch.nn.functional.conv3d(
        torch.tensor(x), torch.tensor(w)).shape) == (1, 2, 2, 2)


# -- scatter_reduce -------------------------------------------------------------------------------
REDUCES = ["sum", "prod", "mean", "amax", "amin"]


def _scatter_case(rng, dim, ties, include_self):
    """Input (4, 5) and index/src (6, 5) along dim 0, or (4, 3) along dim 1. With ``ties`` src and input
    hold small integers (repeats and zeros); without include_self the input is shifted by 0.5 so it
    never ties with src: where include_self=False drops it, PyTorch would still count it among the
    maxima (see test_scatter_reduce_amax_drops_an_excluded_input_from_the_tie)."""
    index = rng.integers(0, 4, (6, 5)) if dim == 0 else rng.integers(0, 5, (4, 3))
    src_shape = index.shape
    if ties:
        x = rng.integers(-2, 3, (4, 5)) + (0.0 if include_self else 0.5)
        return x, index, rng.integers(-2, 3, src_shape).astype(float)
    return rng.standard_normal((4, 5)), index, rng.standard_normal(src_shape)


@pytest.mark.parametrize("reduce", REDUCES)
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("ties", [False, True], ids=["distinct", "ties-and-zeros"])
def test_scatter_reduce_matches_torch(reduce, include_self, dim, ties):
    x, index, src = _scatter_case(np.random.default_rng(dim + 2 * ties), dim, ties, include_self)
    compare(lambda x, i, s: x.scatter_reduce(dim, i, s, reduce, include_self=include_self),
             lambda x, i, s: x.scatter_reduce(dim, i, s, reduce, include_self=include_self), [x, index, src])


def test_scatter_reduce_src_larger_than_index():
    """Only src's corner of index's shape is read, as PyTorch (whose backward refuses this case; ours
    gives the unread part a zero gradient)."""
    rng = np.random.default_rng(6)
    x, index, src = rng.standard_normal((4, 5)), rng.integers(0, 5, (4, 3)), rng.standard_normal((4, 7))
    s = ag.tensor(src, requires_grad=True)
    y = ag.tensor(x).scatter_reduce(1, index, s, "amax")
    ty = torch.tensor(x).scatter_reduce(1, torch.tensor(index), torch.tensor(src), "amax")
    np.testing.assert_array_equal(y.detach().numpy(), ty.numpy())
    y.sum().backward()
    np.testing.assert_array_equal(s.grad.numpy()[:, 3:], 0.0)


def test_scatter_reduce_prod_gradient_with_zeros_in_input_and_src():
    x = np.array([0.0, 2.0, 0.0, 3.0, 5.0])
    src = np.array([4.0, 0.0, 0.0, 2.0, 0.0, 3.0, 7.0])
    index = np.array([0, 1, 2, 2, 3, 3, 1])  # place 0: x zero; 1: one src zero; 2: x and src zeros; 3: one src zero
    for include_self in (True, False):
        compare(lambda x, i, s: ag.scatter_reduce(x, 0, i, s, "prod", include_self=include_self),
                 lambda x, i, s: torch.scatter_reduce(x, 0, i, s, "prod", include_self=include_self),
                 [x, index, src])


def test_scatter_reduce_amax_drops_an_excluded_input_from_the_tie():
    """Deliberately unlike PyTorch 2.x: with include_self=False an input equal to the new maximum is not
    part of the reduction, so it takes no share of the gradient (PyTorch counts it and loses that
    share). The src values tied for the maximum split the whole gradient, which gradcheck confirms."""
    x = ag.tensor([5.0, 1.0], requires_grad=True)
    src = ag.tensor([5.0, 2.0, 5.0], requires_grad=True)
    y = ag.scatter_reduce(x, 0, np.array([0, 0, 0]), src, "amax", include_self=False)
    y.backward(ag.tensor([1.0, 1.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0])
    np.testing.assert_array_equal(src.grad.numpy(), [0.5, 0.0, 0.5])


@pytest.mark.parametrize("reduce", ["sum", "mean", "amax", "prod"])
def test_scatter_reduce_second_derivatives_match_torch(reduce):
    rng = np.random.default_rng(5)
    x, index, src = rng.uniform(0.5, 2, (3, 4)), rng.integers(0, 3, (5, 4)), rng.uniform(0.5, 2, (5, 4))
    xa, sa = ag.tensor(x, requires_grad=True), ag.tensor(src, requires_grad=True)
    xt, st = torch.tensor(x, requires_grad=True), torch.tensor(src, requires_grad=True)
    ga = ag.grad((ag.scatter_reduce(xa, 0, index, sa, reduce) ** 2).sum(), [xa, sa], create_graph=True)
    gt = torch.autograd.grad((torch.scatter_reduce(xt, 0, torch.tensor(index), st, reduce) ** 2).sum(), [xt, st],
                             create_graph=True)
    ag.autograd.backward(sum((g ** 2).sum() for g in ga))
    sum((g ** 2).sum() for g in gt).backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(sa.grad.numpy(), st.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("reduce", REDUCES)
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_integer_tensors_match_torch(reduce, include_self):
    """Integer mean rounds down (floor, also for negative values), as PyTorch's."""
    rng = np.random.default_rng(3)
    x, index, src = rng.integers(-9, 9, (3, 4)), rng.integers(0, 3, (5, 4)), rng.integers(-9, 9, (5, 4))
    y = ag.tensor(x).scatter_reduce(0, ag.tensor(index), ag.tensor(src), reduce, include_self=include_self)
    ty = torch.tensor(x).scatter_reduce(0, torch.tensor(index), torch.tensor(src), reduce, include_self=include_self)
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y.numpy(), ty.numpy())


def test_scatter_reduce_float32_and_0d():
    x = ag.tensor(np.float32([1, 2, 3]))
    y = x.scatter_reduce(0, ag.tensor([2, 2, 0]), ag.tensor(np.float32([4, 5, 6])), "mean")
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), [3.5, 2, 4])
    z = ag.tensor(2.0).scatter_reduce(0, ag.tensor(np.array(0)), ag.tensor(3.0), "prod")
    assert z.shape == () and z.item() == 6.0


@pytest.mark.parametrize("reduce,name", [("add", "sum"), ("multiply", "prod")])
def test_scatter_reduce_argument_matches_torch(reduce, name):
    rng = np.random.default_rng(4)
    x, index, src = rng.standard_normal((3, 4)), rng.integers(0, 3, (5, 4)), rng.standard_normal((5, 4))
    ty = torch.tensor(x).scatter(0, torch.tensor(index), torch.tensor(src), reduce=reduce)
    y = ag.tensor(x).scatter(0, index, ag.tensor(src), reduce=reduce)
    np.testing.assert_allclose(y.numpy(), ty.numpy(), rtol=1e-12)
    ty = torch.tensor(x).scatter(0, torch.tensor(index), 1.5, reduce=reduce)
    np.testing.assert_allclose(ag.scatter(ag.tensor(x), 0, index, value=1.5, reduce=reduce).numpy(), ty.numpy())


def test_scatter_reduce_errors_name_the_problem():
    x, index = ag.randn(3, 4), ag.tensor([[0, 1, 2, 0]])
    with pytest.raises(ValueError, match=r"scatter_reduce: reduce must be one of 'sum', 'prod', 'mean', 'amax', "
                                         r"'amin', got 'max'"):
        x.scatter_reduce(0, index, ag.randn(1, 4), "max")
    with pytest.raises(ValueError, match="scatter: reduce must be 'add' or 'multiply', got 'mean'"):
        x.scatter(0, index, ag.randn(1, 4), reduce="mean")
    with pytest.raises(TypeError, match="scatter_reduce: src has dtype float64 but the tensor has dtype float32"):
        x.scatter_reduce(0, index, ag.tensor(np.ones((1, 4))), "sum")
    with pytest.raises(ValueError, match=r"scatter_reduce: index \(shape \(1, 5\)\) has size 5 in dim 1"):
        x.scatter_reduce(0, ag.tensor([[0, 1, 2, 0, 1]]), ag.randn(1, 5), "amax")
    with pytest.raises(IndexError, match=r"scatter_reduce: index out of range"):
        x.scatter_reduce(0, ag.tensor([[0, 1, 3, 0]]), ag.randn(1, 4), "prod")


# -- interpolate: bicubic and trilinear -----------------------------------------------------------
INTERP_CASES = [
    ((2, 3, 4, 5), dict(size=(7, 3), mode="bicubic")),
    ((2, 3, 4, 5), dict(scale_factor=2.5, mode="bicubic")),
    ((1, 2, 6, 5), dict(scale_factor=(0.5, 1.7), mode="bicubic")),
    ((1, 2, 5, 6), dict(scale_factor=(1.1, 2), mode="bicubic")),  # H keeps its size but is resampled
    ((1, 2, 5, 6), dict(scale_factor=1.3, mode="bicubic", recompute_scale_factor=True)),
    ((1, 2, 5, 6), dict(size=(1, 1), mode="bicubic")),
    ((2, 2, 3, 4, 5), dict(size=(5, 2, 7), mode="trilinear")),
    ((2, 2, 3, 4, 5), dict(scale_factor=(1.5, 2, 0.6), mode="trilinear")),
    ((1, 2, 3, 4, 5), dict(scale_factor=(1.1, 1.0, 2.0), mode="trilinear")),
    ((1, 2, 3, 4, 5), dict(scale_factor=1.3, mode="trilinear", recompute_scale_factor=True)),
]


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("shape,kw", INTERP_CASES)
def test_interpolate_bicubic_trilinear_match_torch(shape, kw, align_corners):
    x = np.random.default_rng(0).standard_normal(shape)
    compare(lambda x: F.interpolate(x, align_corners=align_corners, **kw),
             lambda x: torch.nn.functional.interpolate(x, align_corners=align_corners, **kw), [x], atol=1e-12)


@pytest.mark.parametrize("mode,shape", [("bicubic", (1, 3, 5, 4)), ("trilinear", (1, 3, 2, 5, 4))])
def test_upsample_layer_takes_the_new_modes(mode, shape):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    y = nn.Upsample(scale_factor=2, mode=mode, align_corners=True)(ag.tensor(x))
    ty = torch.nn.Upsample(scale_factor=2, mode=mode, align_corners=True)(torch.tensor(x))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), ty.numpy(), atol=1e-5)


def test_interpolate_new_modes_refuse_the_wrong_input_rank():
    with pytest.raises(ValueError, match=r"interpolate: mode 'bicubic' needs a \[4\]-D input \(N, C and 2 spatial "
                                         r"dims\), got shape \(1, 2, 5\)"):
        F.interpolate(ag.randn(1, 2, 5), size=8, mode="bicubic")
    with pytest.raises(ValueError, match=r"mode 'bicubic' needs a \[4\]-D input.*\(1, 2, 3, 4, 5\)"):
        F.interpolate(ag.randn(1, 2, 3, 4, 5), size=8, mode="bicubic")
    with pytest.raises(ValueError, match=r"mode 'trilinear' needs a \[5\]-D input.*\(1, 2, 4, 5\)"):
        F.interpolate(ag.randn(1, 2, 4, 5), scale_factor=2, mode="trilinear")


# -- LSTM(proj_size=...) --------------------------------------------------------------------------
PROJ_CASES = [dict(proj_size=2), dict(proj_size=3, num_layers=2, batch_first=True),
              dict(proj_size=2, num_layers=2, bidirectional=True), dict(proj_size=1, bias=False, bidirectional=True)]


@pytest.mark.parametrize("kw", PROJ_CASES, ids=["plain", "2layer-batch_first", "2layer-bidirectional", "nobias"])
def test_lstm_proj_size_matches_torch(kw):
    theirs = torch.nn.LSTM(3, 5, **kw).double()
    ours = nn.LSTM(3, 5, **kw, dtype=np.float64)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert list(ours.state_dict()) == list(theirs.state_dict())  # the same order too
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(0)
    d = (2 if kw.get("bidirectional") else 1) * kw.get("num_layers", 1)
    x = rng.standard_normal((2, 4, 3) if kw.get("batch_first") else (4, 2, 3))
    h0, c0 = rng.standard_normal((d, 2, kw["proj_size"])), rng.standard_normal((d, 2, 5))
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, (h, c) = ours(xa, (ag.tensor(h0), ag.tensor(c0)))
    tout, (th, tc) = theirs(xt, (torch.tensor(h0), torch.tensor(c0)))
    for a, b in ((out, tout), (h, th), (c, tc)):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    ((out * out).sum() + h.sum() + (c * c).sum()).backward()
    ((tout * tout).sum() + th.sum() + (tc * tc).sum()).backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), atol=1e-12)
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), theirs.get_parameter(name).grad.numpy(), atol=1e-10)
    assert repr(ours) == repr(theirs)


def test_lstm_proj_size_default_state_and_unbatched():
    lstm = nn.LSTM(3, 6, num_layers=2, proj_size=4)
    out, (h, c) = lstm(ag.randn(7, 5, 3))
    assert out.shape == (7, 5, 4) and h.shape == (2, 5, 4) and c.shape == (2, 5, 6)
    out, (h, c) = lstm(ag.randn(7, 3))
    assert out.shape == (7, 4) and h.shape == (2, 4) and c.shape == (2, 6)
    bound = 1 / np.sqrt(6)  # every parameter, weight_hr included, from U(-1/sqrt(hidden), 1/sqrt(hidden))
    assert all(np.abs(p.detach().numpy()).max() <= bound for p in lstm.parameters())


def test_lstm_proj_size_errors():
    with pytest.raises(ValueError, match=r"LSTM: proj_size \(5\) has to be smaller than hidden_size \(5\)"):
        nn.LSTM(3, 5, proj_size=5)
    with pytest.raises(ValueError, match="LSTM: proj_size should be a positive integer or zero"):
        nn.LSTM(3, 5, proj_size=-1)
    with pytest.raises(ValueError, match="GRU: proj_size argument is only supported for LSTM"):
        nn.GRU(3, 5, proj_size=2)
    lstm = nn.LSTM(3, 5, proj_size=2)
    with pytest.raises(ValueError, match=r"initial state has shape \(1, 2, 5\) for h_0, expected \(1, 2, 2\)"):
        lstm(ag.randn(4, 2, 3), (ag.zeros(1, 2, 5), ag.zeros(1, 2, 5)))
    with pytest.raises(ValueError, match=r"initial state has shape \(1, 2, 2\) for c_0, expected \(1, 2, 5\)"):
        lstm(ag.randn(4, 2, 3), (ag.zeros(1, 2, 2), ag.zeros(1, 2, 2)))
