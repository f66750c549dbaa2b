"""Op specs for F.scaled_dot_product_attention and F.rms_norm.

The attention reference is written from the definition: scores = q @ k^T * scale, a bool mask
(True = takes part) or the causal rule (key j <= query i) sets the others to -inf, a float mask is
added; a row is normalised by its softmax, and a row with no key left is all zeros (PyTorch's choice).
"""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec


def attention_ref(q, k, v, mask=None, causal=False, scale=None, gqa=False):
    if gqa:
        k, v = (np.repeat(x, q.shape[-3] // x.shape[-3], axis=-3) for x in (k, v))
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    s = np.matmul(q, np.swapaxes(k, -1, -2)) * scale
    L, S = s.shape[-2:]
    if causal:
        mask = np.arange(S)[None, :] <= np.arange(L)[:, None]
    if mask is not None and mask.dtype == bool:
        s = np.where(mask, s, -np.inf)
    elif mask is not None:
        s = s + mask
    live = np.isfinite(s).any(axis=-1, keepdims=True)
    e = np.exp(s - np.where(live, s.max(axis=-1, keepdims=True), 0))
    w = np.where(live, e / np.where(live, e.sum(axis=-1, keepdims=True), 1), 0)
    return np.matmul(w, v)


def rms_norm_ref(x, dims, w=None, eps=None):
    eps = np.finfo(x.dtype).eps if eps is None else eps
    y = x / np.sqrt((x ** 2).mean(axis=tuple(range(x.ndim - dims, x.ndim)), keepdims=True) + eps)
    return y if w is None else y * w


def _with_mask(shapes, mask_shape, kind):
    """``make``: q, k, v drawn from N(0, 1) and a mask: bool (about a third left out, the second query
    row fully masked) or float (finite, drawn from N(0, 1))."""
    def make(rng):
        qkv = [rng.standard_normal(s) for s in shapes]
        if kind == "float":
            return [(*qkv, rng.standard_normal(mask_shape))]
        mask = rng.random(mask_shape) > 0.35
        mask[..., 1, :] = False
        return [(*qkv, mask)]
    return make


SPECS = [
    OpSpec("scaled_dot_product_attention", F.scaled_dot_product_attention, attention_ref,
           shapes=[((2, 3, 4), (2, 5, 4), (2, 5, 6)), ((2, 1, 3, 4), (3, 5, 4), (3, 5, 2)), ((3, 2), (4, 2), (4, 3))]),
    OpSpec("scaled_dot_product_attention_bool_mask",
           lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
           lambda q, k, v, m: attention_ref(q, k, v, m),
           make=_with_mask([(2, 3, 4), (2, 5, 4), (2, 5, 3)], (3, 5), "bool"), diff=(0, 1, 2),
           note="a fully masked query row gives zeros, and zero gradients"),
    OpSpec("scaled_dot_product_attention_float_mask",
           lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
           lambda q, k, v, m: attention_ref(q, k, v, m),
           make=_with_mask([(2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3)], (2, 1, 3, 5), "float")),
    OpSpec("scaled_dot_product_attention_causal",
           lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
           lambda q, k, v: attention_ref(q, k, v, causal=True),
           shapes=[((2, 4, 3), (2, 4, 3), (2, 4, 2)), ((1, 5, 3), (1, 3, 3), (1, 3, 2))]),
    OpSpec("scaled_dot_product_attention_scale_gqa",
           lambda q, k, v: F.scaled_dot_product_attention(q, k, v, scale=0.7, enable_gqa=True),
           lambda q, k, v: attention_ref(q, k, v, scale=0.7, gqa=True),
           shapes=[((1, 4, 3, 2), (1, 2, 5, 2), (1, 2, 5, 3))]),
    OpSpec("rms_norm", lambda x, w: F.rms_norm(x, (4,), w), lambda x, w: rms_norm_ref(x, 1, w),
           shapes=[((2, 3, 4), (4,))]),
    OpSpec("rms_norm_2d_eps", lambda x: F.rms_norm(x, (3, 4), eps=1e-3), lambda x: rms_norm_ref(x, 2, eps=1e-3),
           shapes=[((2, 3, 4),)]),
    OpSpec("rms_norm_default_eps", lambda x: F.rms_norm(x, 3), lambda x: rms_norm_ref(x, 1),
           shapes=[((5, 3),)]),
]
