"""Op specs for the normalisation layers written as one Function each (layer, RMS and group norm's
``_LayerNorm``): with and without weight and bias, over one to three trailing dims. Where numba is
installed these run its kernels; tests/nn/test_norm_fused.py runs them through the NumPy path too."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec


def _layer_norm_ref(k, weight=True, bias=True):
    """The NumPy layer norm over the last ``k`` dims of x, for inputs (x, [w], [b]) as the flags say."""
    def ref(x, *params):
        axes = tuple(range(x.ndim - k, x.ndim))
        centred = x - x.mean(axis=axes, keepdims=True)
        y = centred / np.sqrt((centred ** 2).mean(axis=axes, keepdims=True) + 1e-5)
        if weight:
            y = y * params[0]
        return y + params[-1] if bias else y
    return ref


def _layer_norm(k, weight=True, bias=True):
    """F.layer_norm over the last ``k`` dims of x, called with (x, [w], [b]) as the flags say."""
    def fn(x, *params):
        return F.layer_norm(x, x.shape[x.ndim - k:], params[0] if weight else None, params[-1] if bias else None)
    return fn


def _rms_norm_ref(k, eps, weight=True):
    """The NumPy RMS norm over the last ``k`` dims of x, for inputs (x, [w])."""
    def ref(x, *w):
        y = x / np.sqrt((x * x).mean(axis=tuple(range(x.ndim - k, x.ndim)), keepdims=True) + eps)
        return y * w[0] if weight else y
    return ref


def _rms_norm(k, eps, weight=True):
    """F.rms_norm over the last ``k`` dims of x, called with (x, [w])."""
    return lambda x, *w: F.rms_norm(x, x.shape[x.ndim - k:], w[0] if weight else None, eps)


def _group_norm_ref(groups, weight=True, bias=True):
    """The NumPy group norm of x (N, C, *) in ``groups`` groups, for inputs (x, [w], [b]) of (C,) parameters."""
    def ref(x, *params):
        g = x.reshape(x.shape[0], groups, -1)
        centred = g - g.mean(axis=2, keepdims=True)
        y = (centred / np.sqrt((centred ** 2).mean(axis=2, keepdims=True) + 1e-5)).reshape(x.shape)
        shape = (1, -1) + (1,) * (x.ndim - 2)
        if weight:
            y = y * params[0].reshape(shape)
        return y + params[-1].reshape(shape) if bias else y
    return ref


def _group_norm(groups, weight=True, bias=True):
    """F.group_norm in ``groups`` groups, called with (x, [w], [b])."""
    return lambda x, *p: F.group_norm(x, groups, p[0] if weight else None, p[-1] if bias else None)


SPECS = [
    OpSpec("F.layer_norm_fused", _layer_norm(1), _layer_norm_ref(1),
           shapes=[((4, 5, 6), (6,), (6,)), ((7,), (7,), (7,))]),
    OpSpec("F.layer_norm_fused_2d", _layer_norm(2), _layer_norm_ref(2), shapes=[((2, 3, 4), (3, 4), (3, 4))]),
    OpSpec("F.layer_norm_fused_3d", _layer_norm(3), _layer_norm_ref(3), shapes=[((2, 3, 2, 2), (3, 2, 2), (3, 2, 2))]),
    OpSpec("F.layer_norm_fused_weight_only", _layer_norm(1, bias=False), _layer_norm_ref(1, bias=False),
           shapes=[((3, 5), (5,))]),
    OpSpec("F.layer_norm_fused_bias_only", _layer_norm(2, weight=False), _layer_norm_ref(2, weight=False),
           shapes=[((3, 2, 4), (2, 4))]),
    OpSpec("F.layer_norm_fused_no_affine", _layer_norm(1, False, False), _layer_norm_ref(1, False, False),
           shapes=[((3, 6),), ((2, 2, 5),)]),
    OpSpec("F.rms_norm_fused", _rms_norm(1, 1e-6), _rms_norm_ref(1, 1e-6),
           shapes=[((4, 5, 6), (6,)), ((7,), (7,))]),
    OpSpec("F.rms_norm_fused_2d", _rms_norm(2, 1e-3), _rms_norm_ref(2, 1e-3), shapes=[((2, 3, 4), (3, 4))]),
    OpSpec("F.rms_norm_fused_no_weight", _rms_norm(3, None, weight=False),
           _rms_norm_ref(3, np.finfo(np.float64).eps, weight=False), shapes=[((2, 3, 2, 2),)]),
    OpSpec("F.group_norm_fused", _group_norm(2), _group_norm_ref(2),
           shapes=[((3, 4, 2, 3), (4,), (4,)), ((2, 6), (6,), (6,))]),
    OpSpec("F.group_norm_fused_weight_only", _group_norm(3, bias=False), _group_norm_ref(3, bias=False),
           shapes=[((2, 6, 4), (6,))]),
    OpSpec("F.group_norm_fused_bias_only", _group_norm(1, weight=False), _group_norm_ref(1, weight=False),
           shapes=[((2, 3, 5), (3,))]),
]
