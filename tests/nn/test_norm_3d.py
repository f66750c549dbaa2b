"""BatchNorm3d and InstanceNorm3d against PyTorch: training and eval outputs, gradients, running statistics,
accepted ranks; LayerNorm's repr."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn


@pytest.mark.parametrize("name,shape,kwargs", [
    ("BatchNorm3d", (2, 3, 4, 3, 2), {}),
    ("InstanceNorm3d", (2, 3, 4, 3, 2), {"affine": True, "track_running_stats": True}),
    ("InstanceNorm3d", (3, 4, 3, 2), {}),  # unbatched
])
def test_3d_norm_layers_match_pytorch(name, shape, kwargs):
    torch = pytest.importorskip("torch")
    m, tm = getattr(nn, name)(3, **kwargs).double(), getattr(torch.nn, name)(3, **kwargs).double()
    assert repr(m) == repr(tm)
    x = np.random.default_rng(0).normal(2.0, 3.0, shape)
    for training in (True, False):
        m.train(training), tm.train(training)
        ax, tx = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        y, ty = m(ax), tm(tx)
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=1e-10)
        g = np.random.default_rng(1).normal(size=shape)
        y.backward(ag.tensor(g)), ty.backward(torch.tensor(g))
        np.testing.assert_allclose(ax.grad.numpy(), tx.grad.numpy(), atol=1e-10)
    for key, value in tm.state_dict().items():
        np.testing.assert_allclose(np.asarray(m.state_dict()[key]), value.numpy(), atol=1e-12, err_msg=key)


def test_3d_norm_layers_refuse_other_ranks():
    with pytest.raises(ValueError, match="BatchNorm3d: expected 5D"):
        nn.BatchNorm3d(3)(ag.ones(2, 3, 4, 4))
    with pytest.raises(ValueError, match=r"InstanceNorm3d: expected 4D \(unbatched\) or 5D"):
        nn.InstanceNorm3d(3)(ag.ones(2, 3, 4))


def test_layer_norm_repr_says_whether_it_has_a_bias_as_pytorch():
    assert repr(nn.LayerNorm(4, bias=False)) == "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=False)"
    assert repr(nn.LayerNorm(4, elementwise_affine=False)).endswith("elementwise_affine=False, bias=False)")
