"""Op specs for PyTorch's top-level functions that ``autograd_core`` serves at its top level (``ag.conv_tbc``,
``ag.native_layer_norm`` ...), with NumPy references written from their definitions."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec


def _correlate1d(x, w, b, pad):
    """(N, C, L) cross-correlated with (O, C, K), zero-padded by ``pad``, plus (O,) bias, by loops."""
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
    k = w.shape[2]
    out = np.stack([np.einsum("nck,ock->no", x[:, :, i:i + k], w) for i in range(x.shape[2] - k + 1)], -1)
    return out + b[:, None]


def _conv_tbc_ref(x, w, b):
    return _correlate1d(x.transpose(1, 2, 0), w.transpose(2, 1, 0), b, 1).transpose(2, 0, 1)


def _pad_ref(x):
    return np.pad(x, ((2, 0), (1, 0)), constant_values=1.5)[:, :-1]  # pad [1, -1, 2, 0]


def _normalised(x, axes, eps=1e-5):
    mean = x.mean(axes, keepdims=True)
    rstd = 1 / np.sqrt(((x - mean) ** 2).mean(axes, keepdims=True) + eps)
    return (x - mean) * rstd, mean, rstd


def _layer_norm_ref(x, w, b):
    y, mean, rstd = _normalised(x, (2,))
    return y * w + b, mean, rstd


def _group_norm_ref(x):
    y, mean, rstd = _normalised(x.reshape(2, 3, -1), (2,))
    return y.reshape(x.shape), mean[..., 0], rstd[..., 0]


def _batch_norm_ref(x, w, b):
    y, mean, rstd = _normalised(x, (0, 2))
    return y * w[:, None] + b[:, None], mean.ravel(), rstd.ravel()


SPECS = [
    OpSpec("torch.conv_tbc", lambda x, w, b: ag.conv_tbc(x, w, b, 1), _conv_tbc_ref,
           shapes=[((5, 2, 3), (3, 3, 4), (4,))]),
    OpSpec("torch.convolution", lambda x, w, b: ag.convolution(x, w, b, [1], [2], [1], False, [0], 1),
           lambda x, w, b: _correlate1d(x, w, b, 2), shapes=[((2, 3, 6), (4, 3, 3), (4,))]),
    OpSpec("torch.constant_pad_nd", lambda x: ag.constant_pad_nd(x, [1, -1, 2, 0], 1.5), _pad_ref),
    OpSpec("torch.native_layer_norm", lambda x, w, b: ag.native_layer_norm(x, [4], w, b, 1e-5), _layer_norm_ref,
           shapes=[((2, 3, 4), (4,), (4,))]),
    OpSpec("torch.native_group_norm", lambda x: ag.native_group_norm(x, None, None, 2, 6, 4, 3, 1e-5),
           _group_norm_ref, shapes=[((2, 6, 4),)]),
    OpSpec("torch.native_batch_norm", lambda x, w, b: ag.native_batch_norm(x, w, b, None, None, True, 0.1, 1e-5),
           _batch_norm_ref, shapes=[((4, 3, 2), (3,), (3,))]),
]
