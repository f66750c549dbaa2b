"""PyTorch parity and error cases for affine_grid and grid_sample."""
import itertools
import warnings

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from torch_parity import compare

MODES = list(itertools.product(("bilinear", "nearest", "bicubic"), ("zeros", "border", "reflection"), (False, True)))


@pytest.mark.parametrize("mode,padding_mode,align_corners", MODES)
def test_grid_sample_2d_matches_torch(mode, padding_mode, align_corners):
    tf = pytest.importorskip("torch.nn.functional")
    rng = np.random.default_rng(0)
    x, grid = rng.standard_normal((2, 3, 5, 6)), rng.uniform(-2.5, 2.5, (2, 4, 7, 2))
    compare(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
            lambda a, g: tf.grid_sample(a, g, mode, padding_mode, align_corners), [x, grid],
            diff=[0] if mode == "nearest" else None)


@pytest.mark.parametrize("mode,padding_mode,align_corners", [m for m in MODES if m[0] != "bicubic"])
def test_grid_sample_3d_matches_torch(mode, padding_mode, align_corners):
    tf = pytest.importorskip("torch.nn.functional")
    rng = np.random.default_rng(1)
    x, grid = rng.standard_normal((2, 2, 3, 4, 5)), rng.uniform(-2.5, 2.5, (2, 2, 3, 4, 3))
    compare(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
            lambda a, g: tf.grid_sample(a, g, mode, padding_mode, align_corners), [x, grid],
            diff=[0] if mode == "nearest" else None)


def test_grid_sample_of_an_identity_affine_grid_is_the_identity():
    x = ag.randn(2, 3, 4, 5)
    theta = ag.tensor(np.tile(np.eye(2, 3), (2, 1, 1)))
    for align_corners in (False, True):
        grid = F.affine_grid(theta.float(), x.shape, align_corners=align_corners)
        y = F.grid_sample(x, grid, align_corners=align_corners)
        np.testing.assert_allclose(y.numpy(), x.numpy(), atol=1e-5)


@pytest.mark.parametrize("size", [(2, 3, 4, 5), (2, 1, 3, 1, 4)])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_matches_torch(size, align_corners):
    pytest.importorskip("torch")
    import torch.nn.functional as tf
    nd = len(size) - 2
    theta = np.random.default_rng(2).standard_normal((size[0], nd, nd + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # both warn about unit-size dims with align_corners=True
        compare(lambda t: F.affine_grid(t, size, align_corners), lambda t: tf.affine_grid(t, size, align_corners),
                [theta])


def test_align_corners_none_warns_and_means_false():
    x, grid = ag.randn(1, 1, 3, 3), ag.rand(1, 2, 2, 2) * 2 - 1
    with pytest.warns(UserWarning, match="align_corners=False"):
        y = F.grid_sample(x, grid)
    np.testing.assert_array_equal(y.numpy(), F.grid_sample(x, grid, align_corners=False).numpy())
    with pytest.warns(UserWarning, match="align_corners=False"):
        F.affine_grid(ag.randn(1, 2, 3), (1, 1, 2, 2))


def test_the_same_float32_in_float32_out_and_dtypes_must_agree():
    x, grid = ag.randn(1, 1, 3, 3), ag.rand(1, 2, 2, 2)
    assert F.grid_sample(x, grid, align_corners=False).dtype == np.float32
    with pytest.raises(TypeError, match="grid_sample: .*float64"):
        F.grid_sample(x, grid.double(), align_corners=False)
    with pytest.raises(TypeError, match="grid_sample: .*int"):
        F.grid_sample(x.long(), grid.long(), align_corners=False)


@pytest.mark.parametrize("x_shape,grid_shape,mode,match", [
    ((2, 3, 4, 5), (1, 6, 7, 2), "bilinear", "same batch size"),
    ((2, 3, 4, 5), (2, 6, 7, 3), "bilinear", "size 2 in its last dim"),
    ((3, 4, 5), (2, 6, 2), "bilinear", "4-D input with a 4-D grid"),
    ((2, 3, 4, 5), (2, 6, 7, 1, 2), "bilinear", "4-D input with a 4-D grid"),
    ((2, 3, 4, 5, 6), (2, 6, 7, 1, 3), "bicubic", "bicubic' supports only 4-D"),
    ((2, 3, 0, 5), (2, 6, 7, 2), "bilinear", "non-empty spatial"),
])
def test_grid_sample_shape_errors(x_shape, grid_shape, mode, match):
    with pytest.raises(ValueError, match=match):
        F.grid_sample(ag.zeros(*x_shape), ag.zeros(*grid_shape), mode, align_corners=False)


def test_grid_sample_bad_mode_names():
    x, grid = ag.zeros(1, 1, 2, 2), ag.zeros(1, 1, 1, 2)
    with pytest.raises(ValueError, match="mode 'bilinear', 'nearest' or 'bicubic', got 'linear'"):
        F.grid_sample(x, grid, "linear", align_corners=False)
    with pytest.raises(ValueError, match="padding_mode 'zeros', 'border' or 'reflection', got 'edge'"):
        F.grid_sample(x, grid, padding_mode="edge", align_corners=False)


def test_affine_grid_errors():
    with pytest.raises(ValueError, match="floating-point"):
        F.affine_grid(ag.zeros(2, 2, 3).long(), (2, 3, 4, 5), False)
    with pytest.raises(ValueError, match=r"theta of shape \(2, 3, 4\)"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 4, 5, 5), False)
    with pytest.raises(ValueError, match=r"theta of shape \(3, 2, 3\)"):
        F.affine_grid(ag.zeros(2, 2, 3), (3, 3, 4, 5), False)
    with pytest.raises(NotImplementedError, match="4-D and 5-D sizes"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 4), False)
    with pytest.raises(ValueError, match="positive output size"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 0, 5), False)
