"""F.rms_norm and nn.RMSNorm against PyTorch: forward and gradients, the default eps, parameters, errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from torch_parity import compare


@pytest.mark.parametrize("shape,normalized,eps", [((2, 3, 4), (4,), None), ((2, 3, 4), (3, 4), 1e-2),
                                                  ((5,), (5,), None)])
def test_rms_norm_matches_torch(shape, normalized, eps):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    compare(lambda x, w: F.rms_norm(x, normalized, w, eps),
            lambda x, w: torch.nn.functional.rms_norm(x, normalized, w, eps),
            [rng.standard_normal(shape), rng.standard_normal(normalized)], atol=1e-12)


def test_rms_norm_default_eps_is_the_dtype_epsilon():
    torch = pytest.importorskip("torch")
    x = np.full((2, 3), 1e-4, np.float32)  # mean square 1e-8, below float32's epsilon 1.2e-7: eps matters
    ours = F.rms_norm(ag.tensor(x), (3,)).numpy()
    np.testing.assert_allclose(ours, torch.nn.functional.rms_norm(torch.tensor(x), (3,)).numpy(), rtol=1e-5)
    assert ours.dtype == np.float32


def test_rms_norm_module_matches_torch():
    torch = pytest.importorskip("torch")
    theirs, ours = torch.nn.RMSNorm([3, 4], eps=1e-6), nn.RMSNorm([3, 4], eps=1e-6)
    assert list(ours.state_dict()) == ["weight"] and repr(ours) == repr(theirs)
    np.testing.assert_array_equal(ours.weight.detach().numpy(), 1.0)
    w = np.random.default_rng(1).standard_normal((3, 4)).astype(np.float32)
    theirs.weight.data = torch.tensor(w)
    ours.load_state_dict({"weight": ag.tensor(w)})
    x = np.random.default_rng(2).standard_normal((2, 3, 4)).astype(np.float32)
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(), atol=1e-6)
    plain = nn.RMSNorm(4, elementwise_affine=False)
    assert plain.weight is None and list(plain.state_dict()) == []


@pytest.mark.parametrize("call,err,match", [
    (lambda: F.rms_norm(ag.randn(2, 3, 4), (3,)), ValueError, r"normalized_shape \(3,\) does not match"),
    (lambda: F.rms_norm(ag.randn(4), (3, 4)), ValueError, "does not match"),
    (lambda: F.rms_norm(ag.randn(2, 4), (4,), ag.ones(3)), ValueError, r"weight of shape \(3,\)"),
    (lambda: F.rms_norm(ag.ones(2, 4).long(), (4,)), TypeError, "floating-point"),
])
def test_rms_norm_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()
