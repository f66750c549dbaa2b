"""Batch and layer normalisation, composed from engine ops (twice differentiable)."""
import numpy as np

from autograd_core.grad_mode import no_grad
from autograd_core.ops import rsqrt
from autograd_core.ops._util import as_tensor
from autograd_core.ops.shape import reshape

__all__ = ["batch_norm", "layer_norm"]


def _normalize(x, axes, eps):
    """(x - mean) / sqrt(var + eps) over ``axes`` with the biased variance; also returns mean and var."""
    mean = x.mean(axes, keepdim=True)
    d = x - mean
    var = (d * d).mean(axes, keepdim=True)
    return d * rsqrt(var + eps), mean, var


def _affine(y, weight, bias, shape):
    if weight is not None:
        y = y * reshape(weight, shape)
    if bias is not None:
        y = y + reshape(bias, shape)
    return y


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """Normalise each channel (dim 1) of (N, C, *) input.

    Training: batch statistics normalise, and ``running_mean``/``running_var`` (when given)
    are updated in place as ``(1 - momentum) * running + momentum * batch`` with the
    unbiased batch variance, as PyTorch. Eval: the running statistics normalise.
    """
    input = as_tensor(input)
    if input.ndim < 2:
        raise ValueError(f"batch_norm: input must be (N, C, *), got shape {input.shape}")
    c = input.shape[1]
    shape = (1, c) + (1,) * (input.ndim - 2)
    axes = (0,) + tuple(range(2, input.ndim))
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and tuple(t.shape) != (c,):
            raise ValueError(f"batch_norm: {name} has shape {tuple(t.shape)} but input {input.shape} has "
                             f"{c} channels")
    if training:
        count = input.numel() // c
        if count <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when training, got input "
                             f"of shape {input.shape}")
        y, mean, var = _normalize(input, axes, eps)
        if running_mean is not None and running_var is not None:
            with no_grad():
                m = momentum
                running_mean._data[...] = (1 - m) * running_mean._data + m * mean._data.reshape(c)
                running_var._data[...] = (1 - m) * running_var._data + m * var._data.reshape(c) * (
                    count / (count - 1))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: eval mode (training=False) needs running_mean and running_var")
        mean = reshape(running_mean, shape).astype(input.dtype)
        inv = rsqrt(reshape(running_var, shape).astype(input.dtype) + eps)
        y = (input - mean) * inv
    return _affine(y, weight, bias, shape)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` dims (biased variance), then scale and shift."""
    input = as_tensor(input)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) \
        else tuple(normalized_shape)
    k = len(normalized_shape)
    if input.shape[input.ndim - k:] != normalized_shape:
        raise ValueError(f"layer_norm: normalized_shape {normalized_shape} does not match the last dims of "
                         f"input shape {input.shape}")
    y, _, _ = _normalize(input, tuple(range(input.ndim - k, input.ndim)), eps)
    return _affine(y, weight, bias, normalized_shape)
