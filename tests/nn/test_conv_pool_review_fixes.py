"""Regression tests for the review of conv3d / interpolate / LSTM proj_size: PyTorch parity where
the change drifted from it, and clear errors for bad arguments."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F


@pytest.mark.parametrize("mode,nd", [("nearest", 1), ("nearest", 2), ("nearest", 3), ("linear", 1),
                                     ("bilinear", 2), ("bicubic", 2), ("trilinear", 3)])
@pytest.mark.parametrize("factor", [1.1, 1.3])
def test_interpolate_dim_that_keeps_its_size_matches_torch(mode, nd, factor):
    """floor(3 * factor) == 3: PyTorch copies such a dim in the linear modes and 2-D nearest only, and
    applies the scale factor otherwise. Values only: where PyTorch applies it, its own backward
    disagrees with its forward (torch.autograd.gradcheck fails), so ours is checked by gradcheck."""
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((1, 2) + (3,) * nd)
    expected = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=factor, mode=mode).numpy()

    def fn(t):
        return F.interpolate(t, scale_factor=factor, mode=mode)

    np.testing.assert_allclose(fn(ag.tensor(x)).numpy(), expected, atol=1e-12)
    assert ag.gradcheck(fn, [ag.tensor(x, requires_grad=True)])


@pytest.mark.parametrize("fn,x_shape,w_shape", [(F.conv_transpose2d, (1, 2, 4, 4), (2, 3, 3, 3)),
                                                (F.conv_transpose3d, (1, 2, 3, 3, 3), (2, 3, 2, 2, 2))])
def test_conv_transpose_refuses_negative_padding_like_torch(fn, x_shape, w_shape):
    x, w = ag.randn(*x_shape), ag.randn(*w_shape)
    with pytest.raises(ValueError, match=f"{fn.__name__}: padding must be non-negative, got -1"):
        fn(x, w, padding=-1)


def test_window_arguments_that_are_not_ints_name_the_op():
    x = ag.randn(1, 2, 4, 4)
    with pytest.raises(TypeError, match=r"conv_transpose2d: padding must be an int or a 2-tuple of ints, got 'same'"):
        F.conv_transpose2d(x, ag.randn(2, 3, 3, 3), padding="same")
    with pytest.raises(TypeError, match=r"conv3d: stride must be an int or a 3-tuple of ints, got 1.5"):
        F.conv3d(ag.randn(1, 2, 4, 4, 4), ag.randn(3, 2, 2, 2, 2), stride=1.5)
    assert F.conv2d(x, ag.randn(3, 2, 3, 3), stride=np.int64(2)).shape == (1, 3, 1, 1)


def test_conv_layer_checks_its_tuples_when_built():
    from autograd_core import nn
    with pytest.raises(ValueError, match=r"Conv3d: kernel_size must be an int or a 3-tuple of ints, got \(3, 3\)"):
        nn.Conv3d(2, 3, (3, 3))
    with pytest.raises(ValueError, match=r"ConvTranspose2d: stride must be an int or a 2-tuple of ints"):
        nn.ConvTranspose2d(2, 3, 3, stride=(1, 2, 2))
    assert nn.Conv2d(2, 3, [3, 2], padding=[1, 0]).padding == (1, 0)
