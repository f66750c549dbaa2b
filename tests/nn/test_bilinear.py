"""F.bilinear and nn.Bilinear against PyTorch: forward and gradients, parameters and init, errors."""
import math

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from torch_parity import compare


@pytest.mark.parametrize("shapes", [[(2, 6, 3), (2, 6, 4), (5, 3, 4), (5,)], [(3,), (4,), (5, 3, 4)]],
                         ids=["batched_bias", "1d_no_bias"])
def test_bilinear_matches_torch(shapes):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    compare(F.bilinear, torch.nn.functional.bilinear, [rng.standard_normal(s) for s in shapes], atol=1e-12)


def test_bilinear_module_parameters_and_init():
    torch = pytest.importorskip("torch")
    ours = nn.Bilinear(16, 4, 5)
    assert list(ours.state_dict()) == list(torch.nn.Bilinear(16, 4, 5).state_dict()) == ["weight", "bias"]
    assert ours.weight.shape == (5, 16, 4) and repr(ours) == repr(torch.nn.Bilinear(16, 4, 5))
    w = ours.weight.detach().numpy()
    assert np.abs(w).max() <= 1 / math.sqrt(16) and np.abs(w).max() > 0.2
    assert nn.Bilinear(2, 3, 4, bias=False).bias is None
    assert ours(ag.randn(7, 16), ag.randn(7, 4)).shape == (7, 5)


@pytest.mark.parametrize("args,match", [
    (((2, 3), (3, 4), (5, 3, 4)), "same leading dims"),
    (((2, 3), (2, 5), (5, 3, 4)), "do not fit weight"),
    (((2, 3), (2, 4), (5, 3, 4), (4,)), r"bias of shape \(4,\)"),
    (((2, 3), (2, 4), (5, 12)), "weight must be 3-D"),
])
def test_bilinear_errors(args, match):
    with pytest.raises(ValueError, match=match):
        F.bilinear(*[ag.randn(*s) for s in args])
