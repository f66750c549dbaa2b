"""Regressions from the differential review: activation bounds, foreign state dicts, 0-d safetensors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn


def test_hardtanh_family_has_zero_gradient_at_the_bounds():
    x = ag.tensor([0.0, 6.0, 3.0], requires_grad=True)
    F.relu6(x).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]
    x = ag.tensor([-1.0, 1.0, 0.5], requires_grad=True)
    F.hardtanh(x).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]


def test_load_state_dict_takes_pytorch_tensors():
    torch = pytest.importorskip("torch")
    theirs, ours = torch.nn.Linear(3, 2), nn.Linear(3, 2)
    ours.load_state_dict(theirs.state_dict())
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())


def test_safetensors_keeps_zero_d_tensors(tmp_path):
    model = nn.BatchNorm1d(3)
    path = str(tmp_path / "bn.safetensors")
    ag.save(model.state_dict(), path)
    loaded = ag.load(path)
    assert loaded["num_batches_tracked"].shape == ()
    nn.BatchNorm1d(3).load_state_dict(loaded)
