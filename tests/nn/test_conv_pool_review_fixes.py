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
    fn = lambda t: F.interpolate(t, scale_factor=factor, mode=mode)  # noqa: E731
    np.testing.assert_allclose(fn(ag.tensor(x)).numpy(), expected, atol=1e-12)
    assert ag.gradcheck(fn, [ag.tensor(x, requires_grad=True)])
