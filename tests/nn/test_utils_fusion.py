"""nn.utils.fuse_conv_bn_eval / fuse_linear_bn_eval and their *_weights forms, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

torch = pytest.importorskip("torch")


def _pair(ours, theirs):
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours.eval(), theirs.eval()


def _trained_bn(kind, n):
    bn = getattr(torch.nn, kind)(n).double()
    with torch.no_grad():
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.normal_()
        bn.bias.normal_()
    return _pair(getattr(nn, kind)(n).double(), bn)


@pytest.mark.parametrize("kind,transpose,bias", [("Conv2d", False, True), ("Conv2d", False, False),
                                                  ("ConvTranspose2d", True, True), ("Conv1d", False, True)])
def test_fuse_conv_bn_eval_matches_the_pair_and_pytorch(kind, transpose, bias):
    torch.manual_seed(0)
    conv, tconv = _pair(getattr(nn, kind)(2, 3, 3, bias=bias).double(),
                        getattr(torch.nn, kind)(2, 3, 3, bias=bias).double())
    bn, tbn = _trained_bn("BatchNorm1d" if kind == "Conv1d" else "BatchNorm2d", 3)
    fused = nn.utils.fuse_conv_bn_eval(conv, bn, transpose=transpose)
    tfused = torch.nn.utils.fuse_conv_bn_eval(tconv, tbn, transpose=transpose)
    assert fused is not conv and isinstance(fused.weight, nn.Parameter) and isinstance(fused.bias, nn.Parameter)
    assert conv.bias is None or not np.shares_memory(conv.bias._data, fused.bias._data)
    for name, p in fused.named_parameters():
        np.testing.assert_allclose(p.detach().numpy(), tfused.get_parameter(name).detach().numpy(), atol=1e-12)
        assert p.requires_grad == tfused.get_parameter(name).requires_grad  # a bias made from nothing: False
    x = ag.tensor(np.random.default_rng(0).normal(size=(2, 2, 6) if kind == "Conv1d" else (2, 2, 6, 6)))
    with ag.no_grad():
        np.testing.assert_allclose(fused(x).numpy(), bn(conv(x)).numpy(), atol=1e-12)


def test_fuse_linear_bn_eval_and_weights_match_pytorch():
    torch.manual_seed(0)
    lin, tlin = _pair(nn.Linear(4, 3).double(), torch.nn.Linear(4, 3).double())
    bn, tbn = _trained_bn("BatchNorm1d", 3)
    fused, tfused = nn.utils.fuse_linear_bn_eval(lin, bn), torch.nn.utils.fuse_linear_bn_eval(tlin, tbn)
    np.testing.assert_allclose(fused.weight.detach().numpy(), tfused.weight.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(fused.bias.detach().numpy(), tfused.bias.detach().numpy(), atol=1e-12)
    w, b = nn.utils.fuse_linear_bn_weights(lin.weight, None, bn.running_mean, bn.running_var, bn.eps, None, None)
    # PyTorch needs the affine tensors; None here means weight 1, bias 0
    tw, tb = torch.nn.utils.fuse_linear_bn_weights(tlin.weight, None, tbn.running_mean, tbn.running_var, tbn.eps,
                                                   torch.ones(3, dtype=torch.float64), torch.zeros(3))
    np.testing.assert_allclose(w.detach().numpy(), tw.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(b.detach().numpy(), tb.detach().numpy(), atol=1e-12)
    assert w.requires_grad and not b.requires_grad and not tb.requires_grad  # as torch: no bias, no grad


def test_fusion_errors():
    lin, bn = nn.Linear(4, 3), nn.BatchNorm1d(3)
    with pytest.raises(RuntimeError, match="eval"):
        nn.utils.fuse_linear_bn_eval(lin, bn)
    with pytest.raises(ValueError, match=r"out_features \(3\) must equal bn.num_features \(2\)"):
        nn.utils.fuse_linear_bn_eval(lin.eval(), nn.BatchNorm1d(2).eval())
    with pytest.raises(RuntimeError, match="running statistics"):
        nn.utils.fuse_conv_bn_eval(nn.Conv2d(2, 3, 1).eval(), nn.BatchNorm2d(3, track_running_stats=False).eval())
