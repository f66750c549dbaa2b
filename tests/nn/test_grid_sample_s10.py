"""grid_sample against PyTorch on inputs larger than the op specs' (several channels, non-square sizes,
points well outside the input), in float32 and float64: values and the gradients of input and grid."""
import itertools

import numpy as np
import pytest

from autograd_core.nn import functional as F
from tests.torch_parity import compare

CASES_2D = list(itertools.product(("bilinear", "nearest", "bicubic"), ("zeros", "border", "reflection"), (False, True)))
CASES_3D = list(itertools.product(("bilinear", "nearest"), ("zeros", "border", "reflection"), (False, True)))


def _inputs(nd, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 5) + (3, 6, 7)[3 - nd:]).astype(dtype)
    grid = rng.uniform(-2.2, 2.2, (2, 4) + (3, 5)[2 - nd + 1:] + (nd,)).astype(dtype)
    return x, grid


def _check(nd, mode, padding_mode, align_corners, dtype, atol):
    torch = pytest.importorskip("torch")
    compare(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
            lambda a, g: torch.nn.functional.grid_sample(a, g, mode, padding_mode, align_corners),
            list(_inputs(nd, dtype)), atol=atol, diff=[0] if mode == "nearest" else None)


@pytest.mark.parametrize("mode,padding_mode,align_corners", CASES_2D)
@pytest.mark.parametrize("dtype,atol", [(np.float64, 1e-10), (np.float32, 1e-4)])
def test_2d_matches_torch(mode, padding_mode, align_corners, dtype, atol):
    _check(2, mode, padding_mode, align_corners, dtype, atol)


@pytest.mark.parametrize("mode,padding_mode,align_corners", CASES_3D)
@pytest.mark.parametrize("dtype,atol", [(np.float64, 1e-10), (np.float32, 1e-4)])
def test_3d_matches_torch(mode, padding_mode, align_corners, dtype, atol):
    _check(3, mode, padding_mode, align_corners, dtype, atol)


def test_float32_stays_float32():
    x, grid = _inputs(2, np.float32)
    assert F.grid_sample(x, grid, align_corners=False).dtype == np.float32
