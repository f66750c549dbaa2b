"""Root-mean-square normalisation (``F.rms_norm``), composed from engine ops (twice differentiable)."""
import numpy as np

from autograd_core.ops import rsqrt
from autograd_core.ops._util import as_tensor

from .normalization import _trailing_axes

__all__ = ["rms_norm"]


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``input / sqrt(mean(input^2) + eps) * weight``, the mean over the last ``len(normalized_shape)`` dims.

    ``eps`` defaults to the machine epsilon of the input's dtype, as PyTorch; no bias, no centring.
    """
    input = as_tensor(input)
    if input.dtype.kind != "f":
        raise TypeError(f"rms_norm: expected a floating-point input, got dtype {input.dtype}")
    shape, axes = _trailing_axes("rms_norm", input, normalized_shape)
    if weight is not None and tuple(weight.shape) != shape:
        raise ValueError(f"rms_norm: weight of shape {tuple(weight.shape)} should have normalized_shape {shape}")
    eps = np.finfo(input.dtype).eps if eps is None else eps
    y = input * rsqrt((input * input).mean(axis=axes, keepdims=True) + eps)
    return y if weight is None else y * weight
