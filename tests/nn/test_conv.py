"""Convolutions: F.conv1d/conv2d/conv_transpose1d/2d and the Conv layers, against PyTorch as an oracle.

The op-spec table (tests/specs/nn_conv.py) checks the same ops against direct-loop NumPy
references with gradcheck and gradgradcheck; this file covers what the table can't:
PyTorch parity over many configurations, second derivatives against PyTorch, layers, errors.
"""
import math

import numpy as np
import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.")

import autograd_core as ag
from torch_parity import compare
import autograd_core.nn.functional as F
from autograd_core import nn

CONV2D_CASES = [
    ((2, 3, 7, 8), (4, 3, 3, 3), {}),
    ((2, 3, 7, 8), (4, 3, 3, 2), dict(stride=2, padding=1)),
    ((2, 4, 9, 8), (6, 2, 3, 3), dict(stride=(2, 1), padding=(1, 2), dilation=2, groups=2)),
    ((2, 4, 9, 8), (8, 1, 3, 3), dict(padding="same", groups=4)),
    ((2, 4, 9, 8), (8, 1, 4, 2), dict(padding="same", dilation=(1, 2), groups=4)),
    ((2, 4, 9, 8), (8, 4, 4, 4), dict(padding="valid", stride=3)),
    ((1, 2, 5, 5), (3, 2, 1, 1), dict(stride=2)),
    ((2, 4, 5, 5), (6, 4, 1, 1), {}),  # 1x1: im2col is a view
    ((2, 4, 5, 5), (4, 1, 1, 1), dict(groups=4)),
    ((6, 5, 5), (4, 6, 3, 3), dict(padding=1)),  # unbatched
    ((2, 3, 1, 7), (2, 3, 3, 3), dict(stride=3, padding=1)),  # some taps read only padding
]

CONV_TRANSPOSE2D_CASES = [
    ((2, 3, 5, 4), (3, 4, 3, 3), {}),
    ((2, 4, 5, 4), (4, 3, 3, 2), dict(stride=2, padding=1, output_padding=1, groups=2)),
    ((2, 4, 5, 4), (4, 3, 3, 3), dict(stride=(2, 3), padding=(0, 1), output_padding=(1, 2), dilation=2)),
    ((1, 2, 4, 4), (2, 2, 2, 2), dict(stride=2)),
]


def _torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("x_shape,w_shape,kw", CONV2D_CASES)
def test_conv2d_matches_torch(x_shape, w_shape, kw):
    torch = _torch()
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])]
    compare(lambda x, w, b: F.conv2d(x, w, b, **kw), lambda x, w, b: torch.nn.functional.conv2d(x, w, b, **kw),
             arrays)


@pytest.mark.parametrize("x_shape,w_shape,kw", CONV_TRANSPOSE2D_CASES)
def test_conv_transpose2d_matches_torch(x_shape, w_shape, kw):
    torch = _torch()
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape),
              rng.standard_normal(w_shape[1] * kw.get("groups", 1))]
    compare(lambda x, w, b: F.conv_transpose2d(x, w, b, **kw),
             lambda x, w, b: torch.nn.functional.conv_transpose2d(x, w, b, **kw), arrays)


@pytest.mark.parametrize("kw", [dict(stride=2, padding=1, dilation=2), dict(padding="same", groups=2), {}])
def test_conv1d_matches_torch(kw):
    torch = _torch()
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 4, 11)), rng.standard_normal((6, 4 // kw.get("groups", 1), 3)),
              rng.standard_normal(6)]
    compare(lambda x, w, b: F.conv1d(x, w, b, **kw), lambda x, w, b: torch.nn.functional.conv1d(x, w, b, **kw),
             arrays)


def test_conv_transpose1d_matches_torch():
    torch = _torch()
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 4, 5)), rng.standard_normal((4, 3, 3)), rng.standard_normal(3)]
    kw = dict(stride=2, padding=1, output_padding=1)
    compare(lambda x, w, b: F.conv_transpose1d(x, w, b, **kw),
             lambda x, w, b: torch.nn.functional.conv_transpose1d(x, w, b, **kw), arrays)


def test_gradient_penalty_matches_torch():
    """create_graph=True: the input gradient is itself a conv op, differentiated again."""
    torch = _torch()
    rng = np.random.default_rng(0)
    xa, wa = rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((4, 3, 3, 3))

    tx, tw = torch.tensor(xa, requires_grad=True), torch.tensor(wa, requires_grad=True)
    ty = torch.tanh(torch.nn.functional.conv2d(tx, tw, stride=2, padding=1)).sum()
    (tg,) = torch.autograd.grad(ty, tx, create_graph=True)
    (tg ** 2).sum().backward()

    x, w = ag.tensor(xa, requires_grad=True), ag.tensor(wa, requires_grad=True)
    y = ag.tanh(F.conv2d(x, w, stride=2, padding=1)).sum()
    (g,) = ag.grad(y, x, create_graph=True)
    (g ** 2).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), atol=1e-10)


def test_third_order_gradient_of_conv_transpose():
    x = ag.tensor(np.random.default_rng(0).standard_normal((1, 2, 3, 3)), requires_grad=True)
    w = ag.tensor(np.random.default_rng(1).standard_normal((2, 2, 2, 2)), requires_grad=True)
    assert ag.gradgradcheck(lambda x, w: F.conv_transpose2d(x, w, stride=2) ** 2, [x, w])


def test_float32_stays_float32_and_mixed_dtypes_promote():
    x, w = ag.randn(2, 3, 6, 6, requires_grad=True), ag.randn(4, 3, 3, 3, requires_grad=True)
    y = F.conv2d(x, w, padding=1)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32 and w.grad.dtype == np.float32
    assert F.conv2d(x.double(), w).dtype == np.float64


def test_outputs_in_channel_major_layout_feed_every_op():
    """conv returns an (N, C, H, W) view of (C, H, W, N) memory; the ops after it must not care."""
    x, w = ag.randn(2, 3, 6, 6), ag.randn(4, 3, 3, 3)
    y = F.conv2d(x, w, padding=1)
    expected = np.ascontiguousarray(y.numpy())
    np.testing.assert_array_equal(y.reshape(2, -1).numpy(), expected.reshape(2, -1))
    np.testing.assert_allclose(F.conv2d(y, ag.ones(1, 4, 1, 1)).numpy(), expected.sum(1, keepdims=True),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(F.conv2d(y, ag.ones(2, 4, 3, 3), padding=1).numpy(),
                               F.conv2d(ag.tensor(expected), ag.ones(2, 4, 3, 3), padding=1).numpy(), rtol=1e-5)


def test_conv_errors_name_the_problem():
    x = ag.randn(2, 3, 8, 8)
    with pytest.raises(ValueError, match=r"conv2d: input has 3 channels.*\(4, 2, 3, 3\)"):
        F.conv2d(x, ag.randn(4, 2, 3, 3))
    with pytest.raises(ValueError, match="conv2d: expected a 4-D input"):
        F.conv2d(ag.randn(8, 8), ag.randn(4, 3, 3, 3))
    with pytest.raises(ValueError, match="stride 1"):
        F.conv2d(x, ag.randn(4, 3, 3, 3), stride=2, padding="same")
    with pytest.raises(ValueError, match="smaller than the dilated kernel"):
        F.conv2d(x, ag.randn(4, 3, 5, 5), dilation=2)
    with pytest.raises(ValueError, match=r"bias must have shape \(4,\)"):
        F.conv2d(x, ag.randn(4, 3, 3, 3), ag.randn(3))
    with pytest.raises(ValueError, match="output_padding"):
        F.conv_transpose2d(x, ag.randn(3, 2, 3, 3), stride=2, output_padding=2)
    with pytest.raises(TypeError, match="floating-point"):
        F.conv2d(ag.ones(1, 1, 3, 3, dtype=np.int64), ag.ones(1, 1, 3, 3, dtype=np.int64))


def test_conv2d_layer_shapes_init_and_repr():
    conv = nn.Conv2d(4, 8, 3, stride=2, padding=1, groups=2)
    assert conv.weight.shape == (8, 2, 3, 3) and conv.bias.shape == (8,)
    bound = 1 / math.sqrt(2 * 9)  # kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    assert np.abs(conv.weight.detach().numpy()).max() <= bound and np.abs(conv.bias.detach().numpy()).max() <= bound
    assert conv(ag.randn(2, 4, 9, 9)).shape == (2, 8, 5, 5)
    assert repr(conv) == "Conv2d(4, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), groups=2)"
    assert nn.Conv2d(3, 3, 1, bias=False).bias is None
    assert sorted(dict(conv.named_parameters())) == ["bias", "weight"]
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 8, 3, groups=2)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_conv2d_padding_modes_match_torch(mode):
    torch = _torch()
    ours = nn.Conv2d(2, 3, 3, padding=1, padding_mode=mode)
    theirs = torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode=mode)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.weight.detach().numpy()))
        theirs.bias.copy_(torch.tensor(ours.bias.detach().numpy()))
    x = np.random.default_rng(0).standard_normal((1, 2, 5, 6)).astype(np.float32)
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               atol=1e-5)


def test_conv1d_and_transpose_layers():
    assert nn.Conv1d(3, 5, 3, padding="same")(ag.randn(2, 3, 10)).shape == (2, 5, 10)
    assert nn.Conv1d(3, 5, 3).weight.shape == (5, 3, 3)
    up = nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, groups=2)
    assert up.weight.shape == (6, 2, 3, 3)
    assert up(ag.randn(1, 6, 5, 5)).shape == (1, 4, 9, 9)
    assert up(ag.randn(1, 6, 5, 5), output_size=(10, 10)).shape == (1, 4, 10, 10)
    with pytest.raises(ValueError, match="not reachable"):
        up(ag.randn(1, 6, 5, 5), output_size=(12, 12))
    assert nn.ConvTranspose1d(3, 2, 2, stride=2)(ag.randn(2, 3, 5)).shape == (2, 2, 10)


def test_conv_layer_state_dict_loads_torch_weights():
    torch = _torch()
    theirs = torch.nn.Conv2d(3, 4, 3, padding=1)
    ours = nn.Conv2d(3, 4, 3, padding=1)
    ours.load_state_dict({k: ag.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 6)).astype(np.float32)
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               atol=1e-5)


def test_no_graph_under_no_grad():
    conv = nn.Conv2d(2, 3, 3)
    with ag.no_grad():
        y = conv(ag.randn(1, 2, 5, 5))
    assert not y.requires_grad and y.grad_fn is None


def test_empty_batch_and_channels_last_input():
    x, w = ag.randn(0, 3, 5, 5, requires_grad=True), ag.randn(4, 3, 3, 3, requires_grad=True)
    y = F.conv2d(x, w, padding=1)
    assert y.shape == (0, 4, 5, 5)
    y.sum().backward()
    assert x.grad.shape == x.shape and np.all(w.grad.numpy() == 0)
    nhwc = np.random.default_rng(0).standard_normal((2, 5, 5, 3)).astype(np.float32)
    x = ag.tensor(nhwc.transpose(0, 3, 1, 2))  # a non-contiguous (N, C, H, W) view
    np.testing.assert_allclose(F.conv2d(x, w).detach().numpy(),
                               F.conv2d(ag.tensor(np.ascontiguousarray(x.numpy())), w).detach().numpy())


def test_conv2d_of_zero_input_channels_is_its_bias():
    """An empty sum per output element (it divided by the zero rows of the im2col matrix); PyTorch 2.13
    returns a (N, 0, H, W) result here, which drops the output channels the weight asks for."""
    x = ag.tensor(np.zeros((8, 0, 4, 4)), requires_grad=True)
    w = ag.tensor(np.ones((2, 0, 3, 3)), requires_grad=True)
    y = F.conv2d(x, w, ag.tensor([1.0, 2.0]), padding=1)
    np.testing.assert_array_equal(y.detach().numpy(), np.broadcast_to(np.array([1.0, 2.0])[:, None, None], (8, 2, 4, 4)))
    y.sum().backward()
    assert x.grad.shape == (8, 0, 4, 4) and w.grad.shape == (2, 0, 3, 3)
