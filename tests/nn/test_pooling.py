"""Pooling and resampling: F.max_pool/avg_pool/adaptive_avg_pool/interpolate and their layers,
against PyTorch as an oracle (the op-spec table checks them against direct-loop references)."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from tests.torch_parity import compare_with_indices

CASES = [
    ("max_pool2d", (2, 3, 8, 8), (2,), {}),
    ("max_pool2d", (2, 3, 9, 7), (3, 2, 1), {}),
    ("max_pool2d", (2, 3, 9, 7), (3, 2, 1), dict(ceil_mode=True, return_indices=True)),
    ("max_pool2d", (2, 3, 10, 9), ((3, 2), (2, 1), (1, 1)), dict(dilation=2, return_indices=True)),
    ("max_pool2d", (3, 10, 9), (2,), dict(return_indices=True)),
    ("max_pool1d", (2, 3, 10), (3, 2, 1), dict(return_indices=True)),
    ("avg_pool2d", (2, 3, 8, 8), (2,), {}),
    ("avg_pool2d", (2, 3, 9, 7), (3, 2, 1), {}),
    ("avg_pool2d", (2, 3, 9, 7), (3, 2, 1), dict(ceil_mode=True)),
    ("avg_pool2d", (2, 3, 9, 7), (3, 2, 1), dict(ceil_mode=True, count_include_pad=False)),
    ("avg_pool2d", (2, 3, 9, 7), ((3, 2), (2, 3), (1, 1)), dict(divisor_override=5)),
    ("avg_pool1d", (2, 3, 10), (3, 2, 1), {}),
    ("adaptive_avg_pool2d", (2, 3, 9, 7), ((4, 3),), {}),
    ("adaptive_avg_pool2d", (2, 3, 9, 7), (1,), {}),
    ("adaptive_avg_pool2d", (2, 3, 8, 6), ((4, None),), {}),
    ("adaptive_avg_pool1d", (2, 3, 10), (4,), {}),
    ("interpolate", (2, 3, 5, 4), (), dict(scale_factor=2)),
    ("interpolate", (2, 3, 5, 4), (), dict(size=(7, 9))),
    ("interpolate", (2, 3, 5, 4), (), dict(size=(3, 2))),
    ("interpolate", (2, 3, 5, 4), (), dict(scale_factor=1.7)),
    ("interpolate", (2, 3, 5, 4), (), dict(scale_factor=2, mode="bilinear")),
    ("interpolate", (2, 3, 5, 4), (), dict(scale_factor=2, mode="bilinear", align_corners=True)),
    ("interpolate", (2, 3, 5, 4), (), dict(size=(7, 3), mode="bilinear")),
    ("interpolate", (2, 3, 5, 4), (), dict(size=(7, 3), mode="bilinear", align_corners=True)),
    ("interpolate", (2, 3, 5, 4), (), dict(scale_factor=1.5, mode="bilinear")),
    ("interpolate", (2, 3, 5), (), dict(size=8, mode="linear")),
    ("interpolate", (2, 3, 5), (), dict(scale_factor=3)),
]


@pytest.mark.parametrize("name,shape,args,kw", CASES)
def test_matches_torch(name, shape, args, kw):
    torch = pytest.importorskip("torch")
    compare_with_indices(getattr(F, name), getattr(torch.nn.functional, name),
                         np.random.default_rng(0).standard_normal(shape), args, kw, kw.get("return_indices", False))


def test_max_pool_ties_send_the_gradient_to_the_first_maximum():
    x = ag.ones(1, 1, 4, 4, requires_grad=True)
    F.max_pool2d(x, 2).sum().backward()
    expected = np.zeros((4, 4))
    expected[::2, ::2] = 1
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], expected)
    x = ag.ones(1, 1, 3, 3, requires_grad=True)  # overlapping windows share their first maximum
    F.max_pool2d(x, 2, stride=1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


TILE_CASES = [  # windows that tile the (padded) input take the two-step path
    ((2, 3, 8, 8), (2,), {}),
    ((2, 3, 9, 6), (3,), {}),
    ((2, 3, 8, 9), ((2, 3),), {}),
    ((2, 3, 6, 6), (2, 2, 1), {}),
    ((2, 3, 7, 5), (2,), dict(ceil_mode=True)),
    ((3, 8, 6), (2,), {}),
]


def _ties(shape):
    """Values after a ReLU: most windows hold several equal maxima (zeros), some hold equal positives."""
    return np.maximum(np.random.default_rng(0).integers(-3, 2, shape), 0).astype(np.float64)


@pytest.mark.parametrize("shape,args,kw", TILE_CASES)
def test_tiled_max_pool_matches_torch_with_ties(shape, args, kw):
    torch = pytest.importorskip("torch")
    x = _ties(shape)
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    ty, ti = torch.nn.functional.max_pool2d(tx, *args, return_indices=True, **kw)
    ay, ai = F.max_pool2d(ax, *args, return_indices=True, **kw)
    np.testing.assert_array_equal(ay.detach().numpy(), ty.detach().numpy())
    np.testing.assert_array_equal(ai.numpy(), ti.numpy())
    g = np.random.default_rng(1).standard_normal(ay.shape)
    ty.backward(torch.tensor(g))
    (ay * ag.tensor(g)).sum().backward()
    np.testing.assert_array_equal(ax.grad.numpy(), tx.grad.numpy())


@pytest.mark.parametrize("layout", ["contiguous", "channel_major", "conv_output"])
@pytest.mark.parametrize("shape,args,kw", TILE_CASES)
def test_tiled_max_pool_path_equals_general_path(shape, args, kw, layout, monkeypatch):
    """Same values, indices, gradients and gradients of gradients as the tap-by-tap path, in any layout."""
    from autograd_core.nn.functional._windows import Window
    x = _ties(shape)
    if layout == "channel_major" and x.ndim == 4:
        x = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
    if layout == "conv_output" and x.ndim == 4:
        x = np.ascontiguousarray(x.transpose(1, 2, 3, 0)).transpose(3, 0, 1, 2)
    gy = np.random.default_rng(1).standard_normal(F.max_pool2d(ag.tensor(x), *args, **kw).shape)

    def run():
        xt, gt = ag.tensor(x, requires_grad=True), ag.tensor(gy, requires_grad=True)
        y, idx = F.max_pool2d(xt, *args, return_indices=True, **kw)
        gx, = ag.grad((y * gt).sum(), xt, create_graph=True)
        ggy, = ag.grad((gx * ag.tensor(x + 1)).sum(), gt)  # through the gather of the double backward
        return y.detach().numpy(), idx.numpy(), gx.detach().numpy(), ggy.numpy()

    tiled = run()
    monkeypatch.setattr(Window, "tiles", lambda self: False)
    for a, b in zip(tiled, run()):
        np.testing.assert_array_equal(a, b)


def test_max_pool_propagates_nan():
    x = np.zeros((1, 1, 2, 4))
    x[0, 0, 1, 0] = np.nan
    y = F.max_pool2d(ag.tensor(x), 2).numpy()
    assert np.isnan(y[0, 0, 0, 0]) and y[0, 0, 0, 1] == 0


def test_max_pool_float32_and_layout_after_conv():
    x = ag.randn(2, 3, 8, 8, requires_grad=True)
    h = F.conv2d(x, ag.randn(4, 3, 3, 3), padding=1)  # channel-major memory
    y = F.max_pool2d(ag.relu(h), 2)
    assert y.dtype == np.float32
    hn = np.maximum(np.ascontiguousarray(h.detach().numpy()), 0)
    np.testing.assert_array_equal(y.detach().numpy(), hn.reshape(2, 4, 4, 2, 4, 2).max(axis=(3, 5)))
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_pool_double_backward():
    x = ag.tensor(np.random.default_rng(0).permutation(72).reshape(1, 2, 6, 6) / 10.0, requires_grad=True)
    assert ag.gradgradcheck(lambda x: F.max_pool2d(x, 3, 2, 1) ** 2, [x])
    assert ag.gradgradcheck(lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False) ** 2, [x])
    assert ag.gradgradcheck(lambda x: F.interpolate(x, scale_factor=2, mode="bilinear") ** 2, [x])


def test_pad_is_the_engine_pad():
    y = F.pad(ag.ones(1, 1, 2, 2), (1, 1, 2, 0), value=3.0)
    assert y.shape == (1, 1, 4, 4) and y.numpy()[0, 0, 0, 0] == 3.0


def test_pooling_errors_name_the_problem():
    x = ag.randn(1, 1, 4, 4)
    with pytest.raises(ValueError, match="at most half the kernel size"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match=r"padding \(2, 2\) must be non-negative and at most half the kernel size"):
        F.max_pool2d(ag.randn(1, 1, 12, 12), 2, 1, padding=2, dilation=3)  # as PyTorch: dilation does not widen it
    with pytest.raises(ValueError, match="too small"):
        F.avg_pool2d(x, 5)
    with pytest.raises(ValueError, match="max_pool2d: expected a 4-D input"):
        F.max_pool2d(ag.randn(4, 4), 2)
    with pytest.raises(ValueError, match="exactly one of size and scale_factor"):
        F.interpolate(x)
    with pytest.raises(ValueError, match="'bilinear' needs a \\[4\\]-D input"):
        F.interpolate(ag.randn(1, 1, 4), size=8, mode="bilinear")
    with pytest.raises(ValueError, match="mode must be one of"):
        F.interpolate(x, size=8, mode="cubic")


def test_pooling_layers():
    x = ag.randn(2, 3, 8, 8)
    assert nn.MaxPool2d(2)(x).shape == (2, 3, 4, 4)
    y, idx = nn.MaxPool2d(3, 2, 1, return_indices=True)(x)
    assert y.shape == idx.shape == (2, 3, 4, 4)
    assert nn.MaxPool1d(2)(ag.randn(2, 3, 8)).shape == (2, 3, 4)
    assert nn.AvgPool2d(3, 1, 1)(x).shape == (2, 3, 8, 8)
    assert nn.AvgPool1d(2)(ag.randn(2, 3, 8)).shape == (2, 3, 4)
    assert nn.AdaptiveAvgPool2d((3, 5))(x).shape == (2, 3, 3, 5)
    assert nn.AdaptiveAvgPool1d(3)(ag.randn(2, 3, 8)).shape == (2, 3, 3)
    assert nn.Upsample(scale_factor=2, mode="bilinear")(x).shape == (2, 3, 16, 16)
    assert nn.Upsample(size=(5, 6))(x).shape == (2, 3, 5, 6)
    np.testing.assert_allclose(nn.UpsamplingBilinear2d(scale_factor=2)(x).numpy(),
                               F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True).numpy())
    assert repr(nn.MaxPool2d(2)) == "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    assert list(nn.MaxPool2d(2).state_dict()) == []
