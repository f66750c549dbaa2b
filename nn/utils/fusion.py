"""Folding an eval-mode batch norm into the conv or linear layer before it (``nn.utils.fuse_conv_bn_eval`` ...).

The fused layer computes bn(layer(x)) with the batch norm's running statistics in one layer:
W' = W * gamma / sqrt(var + eps) (per output channel), b' = (b - mean) * gamma / sqrt(var + eps) + beta.
"""
import copy

from autograd_core.grad_mode import no_grad
from autograd_core.ops.shape import reshape

from ..parameter import Parameter

__all__ = ["fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval", "fuse_linear_bn_weights"]


def _fused(weight, bias, scale, shape, bn_rm, bn_b):
    """(W * scale reshaped to ``shape``, (b - mean) * scale + beta) as new Parameters in the layer's dtypes,
    requiring grad as the originals do (a missing bias counts as zeros that do not, as torch)."""
    with no_grad():
        fused_w = (weight * reshape(scale, shape)).to(weight.dtype)
        fused_b = scale * (-bn_rm if bias is None else bias - bn_rm)
        fused_b = (fused_b if bn_b is None else fused_b + bn_b).to(weight.dtype if bias is None else bias.dtype)
    return (Parameter(fused_w, weight.requires_grad),
            Parameter(fused_b, bias is not None and bias.requires_grad))


def _scale(bn_rv, bn_eps, bn_w):
    scale = (bn_rv + bn_eps) ** -0.5
    return scale if bn_w is None else scale * bn_w


def _check_eval(name, layer, bn):
    if layer.training or bn.training:
        raise RuntimeError(f"{name}: fusion is only for eval mode; call .eval() on both modules first")
    if bn.running_mean is None or bn.running_var is None:
        raise RuntimeError(f"{name}: the batch norm must track running statistics (track_running_stats=True)")


def fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False):
    """The weight and bias (new Parameters) of a conv followed by an eval-mode batch norm with running
    mean ``bn_rm``, variance ``bn_rv``, ``bn_eps``, weight ``bn_w`` and bias ``bn_b`` (each may be None
    but the statistics). ``transpose``: the conv is a transposed one (out channels on dim 1)."""
    shape = ((1, -1) if transpose else (-1, 1)) + (1,) * (conv_w.ndim - 2)
    with no_grad():
        scale = _scale(bn_rv, bn_eps, bn_w)
    return _fused(conv_w, conv_b, scale, shape, bn_rm, bn_b)


def fuse_conv_bn_eval(conv, bn, transpose=False):
    """A copy of eval-mode ``conv`` that also applies eval-mode ``bn`` after it."""
    _check_eval("fuse_conv_bn_eval", conv, bn)
    fused = copy.deepcopy(conv)
    fused.weight, fused.bias = fuse_conv_bn_weights(fused.weight, fused.bias, bn.running_mean, bn.running_var,
                                                    bn.eps, bn.weight, bn.bias, transpose)
    return fused


def fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b):
    """The weight and bias (new Parameters) of a linear layer followed by an eval-mode batch norm
    (arguments as ``fuse_conv_bn_weights``)."""
    with no_grad():
        scale = _scale(bn_rv, bn_eps, bn_w)
    return _fused(linear_w, linear_b, scale, (-1, 1), bn_rm, bn_b)


def fuse_linear_bn_eval(linear, bn):
    """A copy of eval-mode ``linear`` that also applies eval-mode ``bn`` (BatchNorm1d) after it."""
    _check_eval("fuse_linear_bn_eval", linear, bn)
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise ValueError(f"fuse_linear_bn_eval: linear.out_features ({linear.out_features}) must equal "
                         f"bn.num_features ({bn.num_features}), or bn.num_features must be 1")
    fused = copy.deepcopy(linear)
    fused.weight, fused.bias = fuse_linear_bn_weights(fused.weight, fused.bias, bn.running_mean, bn.running_var,
                                                      bn.eps, bn.weight, bn.bias)
    return fused
