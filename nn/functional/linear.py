"""Linear maps, dropout and one-hot encoding."""
import math

import numpy as np

from autograd_core import backend
from autograd_core.backend import get_array_module
from autograd_core.function import Function
from autograd_core.ops._util import as_tensor, result_dtype
from autograd_core.ops.arithmetic import cast
from autograd_core.ops.shape import reshape, squeeze, unsqueeze
from autograd_core.random import uniform_array
from autograd_core.tensor import Tensor, _new

from .activation import _written_into

__all__ = ["linear", "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout",
           "one_hot"]


class Linear(Function):
    """``y = x @ W.T + b`` in one node; ``x`` may have any leading dims."""
    complex_autograd = "holomorphic"

    def forward(self, x, w, b=None):
        self.x_shape = x.shape
        x2 = x.reshape(-1, x.shape[-1]) if x.ndim != 2 else x
        rows = x2.shape[0]
        if w.shape[1] == 1:  # an outer product through matmul is several times slower than broadcasting
            y = x2 * w.reshape(1, -1)
        elif rows < w.shape[0] and (rows <= 16 or (rows < 128 and w.shape[1] >= 512)) and x2.__class__ is np.ndarray:
            # few rows, more features: OpenBLAS's x @ w.T runs up to 2x slower than w @ x.T here, and a
            # C-ordered copy of the result costs less than F-ordered activations downstream. From 128 rows,
            # or past 16 rows with in_features < 512, the swap and the copy lose (12x at 256 x 64 -> 4096)
            y = np.ascontiguousarray((w @ x2.T).T)
        else:
            y = x2 @ w.T
        if b is not None:
            y += b
        self.save_for_backward(x, w)
        return y.reshape(x.shape[:-1] + (w.shape[0],)) if x.ndim != 2 else y

    def backward(self, gy):
        x, w = self.saved_tensors
        need = self.needs_input_grad
        flat = len(self.x_shape) != 2
        x2 = reshape(x, (-1, w.shape[1])) if flat else x
        gy2 = reshape(gy, (-1, w.shape[0])) if flat else gy
        gx = reshape(gy2 @ w, self.x_shape) if need[0] else None
        gw = None
        if need[1]:  # one row: an outer product, which broadcasting does ~3x faster than a K=1 GEMM
            gw = gy2.T @ x2 if gy2.shape[0] != 1 else gy2.T * x2
        if len(need) == 2:
            return gx, gw
        return gx, gw, (gy2.sum(0) if need[2] else None)


def linear(input, weight, bias=None):
    """``input @ weight.T + bias`` with ``weight`` of shape (out_features, in_features), as PyTorch.

    Args:
        input: (*, in_features).
        weight: (out_features, in_features).
        bias: (out_features,) or None.
    """
    input = as_tensor(input)
    if weight.ndim != 2 or input.ndim == 0 or input.shape[-1] != weight.shape[1]:
        raise ValueError(f"linear: input of shape {input.shape} does not fit weight of shape {weight.shape} "
                         f"(the last input dim must equal in_features = weight.shape[1])")
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise ValueError(f"linear: bias of shape {bias.shape} does not match weight of shape {weight.shape}; "
                         f"expected ({weight.shape[0]},)")
    if input.dtype != weight.dtype:
        dtype = result_dtype(input._data, weight._data)
        input, weight = cast(input, dtype), cast(weight, dtype)
        bias = None if bias is None else cast(bias, dtype)
    if bias is None:
        return Linear()(input, weight)
    return Linear()(input, weight, bias)


class _MaskScale(Function):
    """``x * mask`` for a constant mask (dropout's kept-and-rescaled entries)."""

    def __init__(self, mask):
        self.mask = mask

    def forward(self, x):
        return x * self.mask

    def backward(self, gy):
        return gy * self.mask


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p) while training;
    the identity when ``training`` is False. ``inplace=True`` writes the result into ``input``."""
    if inplace and training:
        return _written_into(input, dropout, p, training)
    return _dropout("dropout", input, p, training, lambda shape: shape)


def _channels(shape):
    """The mask shape of channel-wise dropout: one draw per (sample, channel)."""
    return shape[:2] + (1,) * (len(shape) - 2)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) input, or of unbatched (C, L), with probability ``p``, scaling
    the rest by 1 / (1 - p), while training."""
    if inplace and training:
        return _written_into(input, dropout1d, p, training)
    input = as_tensor(input)
    if input.ndim not in (2, 3):
        raise ValueError(f"dropout1d: expected a 3-D input (N, C, L) or 2-D (C, L), got shape {input.shape}")
    return _channel_dropout("dropout1d", input, 3, p, training)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of (N, C, H, W)) with probability ``p``, scaling the rest by
    1 / (1 - p), while training. A 3-D input is (N, C, L), as PyTorch reads it for now."""
    if inplace and training:
        return _written_into(input, dropout2d, p, training)
    input = as_tensor(input)
    if input.ndim not in (3, 4):
        raise ValueError(f"dropout2d: expected a 4-D input (N, C, H, W) or 3-D (N, C, L), got shape {input.shape}")
    return _dropout("dropout2d", input, p, training, _channels)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) input, or of unbatched (C, D, H, W), with probability
    ``p``, scaling the rest by 1 / (1 - p), while training."""
    if inplace and training:
        return _written_into(input, dropout3d, p, training)
    input = as_tensor(input)
    if input.ndim not in (4, 5):
        raise ValueError(f"dropout3d: expected a 5-D input (N, C, D, H, W) or 4-D (C, D, H, W), got shape "
                         f"{input.shape}")
    return _channel_dropout("dropout3d", input, 5, p, training)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: while training, each element is set to SELU's negative saturation
    value -1.7581 with probability ``p``, then every element is mapped to a * x + b, with a and b chosen
    so that an input of zero mean and unit variance keeps them. ``training`` defaults to False, as PyTorch."""
    if inplace and training:
        return _written_into(input, alpha_dropout, p, training)
    return _dropout("alpha_dropout", input, p, training, lambda shape: shape, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """``alpha_dropout`` of whole channels (dim 1 of an input of at least 2 dims)."""
    if inplace and training:
        return _written_into(input, feature_alpha_dropout, p, training)
    return _dropout("feature_alpha_dropout", input, p, training, _channels, alpha=True)


def _channel_dropout(op, input, batched_ndim, p, training):
    """Channel-wise dropout of ``input``, given a batch dim of 1 when it has ``batched_ndim - 1`` dims."""
    if input.ndim == batched_ndim:
        return _dropout(op, input, p, training, _channels)
    return squeeze(_dropout(op, unsqueeze(input, 0), p, training, _channels), 0)


_SELU_SATURATION = 1.7580993408473766  # -SELU's limit at -inf: scale * alpha


def _dropout(op, input, p, training, mask_shape, alpha=False):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{op}: probability p must be between 0 and 1, got {p}")
    input = as_tensor(input)
    if not training or p == 0.0 or input.numel() == 0:
        return input
    if input.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point input, got dtype {input.dtype}; convert with .float()")
    if mask_shape is _channels and input.ndim < 2:
        raise ValueError(f"{op}: channel-wise dropout needs an input of at least 2 dims (N, C, ...), got shape "
                         f"{input.shape}")
    xp = get_array_module(input._data)
    dtype = input.dtype
    shape = mask_shape(input.shape)
    if p == 1.0:
        return _MaskScale(xp.zeros(shape, dtype))(input)
    keep = uniform_array(xp, shape, np.float64 if dtype == np.float64 else np.float32) >= p
    if not alpha:
        return _MaskScale(keep.astype(dtype) * dtype.type(1.0 / (1.0 - p)))(input)
    # kept: a * x + a * sat * p; dropped: a * (-sat) + a * sat * p, with a chosen to keep unit variance
    a = 1.0 / math.sqrt((_SELU_SATURATION ** 2 * p + 1) * (1 - p))
    shift = xp.where(keep, a * _SELU_SATURATION * p, a * _SELU_SATURATION * (p - 1)).astype(dtype)
    return _MaskScale(keep.astype(dtype) * dtype.type(a))(input) + _new(shift, False, None)


def _check_indices(idx, n, op):
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices must be an integer tensor, got dtype {idx.dtype}; use .long()")
    backend.check_index_range(idx, n, op)


def one_hot(tensor, num_classes=-1):
    """Integer class indices (any shape) -> int64 one-hot of shape ``tensor.shape + (num_classes,)``."""
    idx = tensor._data if isinstance(tensor, Tensor) else backend.asarray(tensor)
    xp = get_array_module(idx)
    if num_classes == -1:
        num_classes = int(idx.max()) + 1 if idx.size else 0
    _check_indices(idx, num_classes, "one_hot")
    out = (idx[..., None] == xp.arange(num_classes)).astype(np.int64)
    return _new(out, False, None)
