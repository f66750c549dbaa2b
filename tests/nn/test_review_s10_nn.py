"""Review of session 10's nn work against PyTorch: grid_sample of an input with no channels (the channels-last
rows of zero width)."""
import numpy as np
import pytest

from autograd_core.nn import functional as F
from tests.torch_parity import compare


@pytest.mark.parametrize("mode,shape", [("bilinear", (2, 0, 3, 4)), ("nearest", (2, 0, 3, 4)),
                                        ("bicubic", (2, 0, 3, 4)), ("bilinear", (2, 0, 2, 3, 4))])
def test_grid_sample_of_zero_channels_as_torch(mode, shape):
    torch = pytest.importorskip("torch")
    nd = len(shape) - 2
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(shape), rng.uniform(-1.2, 1.2, (2,) + (2, 3, 1)[3 - nd:] + (nd,))]
    compare(lambda a, g: F.grid_sample(a, g, mode, align_corners=False),
            lambda a, g: torch.nn.functional.grid_sample(a, g, mode, align_corners=False), arrays)
