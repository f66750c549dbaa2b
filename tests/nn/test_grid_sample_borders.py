"""grid_sample's grid gradient where a point lies exactly on a border, and in nearest mode, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.nn import functional as F
from tests.torch_parity import compare


@pytest.mark.parametrize("padding_mode", ["border", "reflection"])
@pytest.mark.parametrize("align_corners", [True, False])
@pytest.mark.parametrize("nd", [2, 3])
def test_a_point_on_a_border_gets_no_grid_gradient_as_torch(padding_mode, align_corners, nd):
    # PyTorch counts a coordinate on a border as clipped (no gradient), here the grid's -1, 1 and 3, and a
    # size-1 dim (whose only coordinate is on both borders)
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3) + (4, 1, 5)[3 - nd:])
    grid = rng.choice([-1.0, 1.0, 3.0, -3.0, 0.3], size=(2, 3, 2) + (2,) * (nd - 2) + (nd,))
    compare(lambda a, g: F.grid_sample(a, g, padding_mode=padding_mode, align_corners=align_corners),
            lambda a, g: torch.nn.functional.grid_sample(a, g, padding_mode=padding_mode,
                                                         align_corners=align_corners), [x, grid])


def test_nearest_mode_gives_the_grid_a_zero_gradient_as_torch():
    grid = ag.tensor(np.full((1, 2, 2, 2), 0.25), requires_grad=True)
    y = F.grid_sample(ag.ones((1, 1, 3, 3), dtype=ag.float64), grid, mode="nearest", align_corners=False)
    assert y.requires_grad
    y.sum().backward()
    np.testing.assert_array_equal(grid.grad.numpy(), np.zeros((1, 2, 2, 2)))
