"""Op specs of session 10's nn gaps: multi_head_attention_forward with is_causal together with bias_k/bias_v
and add_zero_attn (with need_weights=False and no key_padding_mask PyTorch's hint replaces attn_mask: query i
sees keys 0..i of all the keys, the appended ones included), and nn.CrossMapLRN2d.

The attention reference works on all heads at once: (N, H, len, D) projections, the bias row and the zero
row appended to the keys and values, a top-left causal -inf mask, a softmax over the keys.
"""
import numpy as np

import autograd_core.nn.functional as F
from autograd_core import nn

from .spec import OpSpec

_E, _H = 4, 2


def _heads(x):
    """(len, N, E) -> (N, H, len, E / H)."""
    return x.reshape(x.shape[0], x.shape[1], _H, -1).transpose(1, 2, 0, 3)


def mha_causal_ref(q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out):
    n = q.shape[1]
    proj = [x @ w.T + b for x, w, b in zip((q, k, v), np.split(w_in, 3), np.split(b_in, 3))]
    zero = np.zeros((1, n, _E))
    keys = np.concatenate([proj[1], np.broadcast_to(bias_k, (1, n, _E)), zero])
    values = np.concatenate([proj[2], np.broadcast_to(bias_v, (1, n, _E)), zero])
    Q, K, V = _heads(proj[0]), _heads(keys), _heads(values)
    scores = Q @ K.transpose(0, 1, 3, 2) / np.sqrt(_E // _H)
    L, S = scores.shape[-2:]
    scores = np.where(np.arange(S) > np.arange(L)[:, None], -np.inf, scores)
    p = np.exp(scores - scores.max(-1, keepdims=True))
    out = (p / p.sum(-1, keepdims=True)) @ V  # (N, H, L, D)
    return out.transpose(2, 0, 1, 3).reshape(L, n, _E) @ w_out.T + b_out


def _mha_causal(q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out):
    mask = np.triu(np.full((q.shape[0], k.shape[0]), -np.inf), 1)
    return F.multi_head_attention_forward(q, k, v, _E, _H, w_in, b_in, bias_k, bias_v, True, 0.0, w_out, b_out,
                                          need_weights=False, attn_mask=mask.astype(q.dtype), is_causal=True)[0]


_MHA_SHAPES = [(3, 2, _E), (5, 2, _E), (5, 2, _E), (3 * _E, _E), (3 * _E,), (1, 1, _E), (1, 1, _E), (_E, _E), (_E,)]


def cross_map_lrn_ref(x, size, alpha=0.5, beta=0.75, k=1.0):
    """PyTorch's running sum over channels, one channel at a time: channel c's window is c - h .. c + h
    (h = (size - 1) // 2), and channel 0 is never dropped from the sum."""
    h, c = (size - 1) // 2, x.shape[1]
    out = np.empty_like(x)
    for j in range(c):
        chans = set(range(max(0, j - h), min(c, j + h + 1))) | {0}
        s = sum(x[:, i] ** 2 for i in chans)
        out[:, j] = x[:, j] / (k + alpha / size * s) ** beta
    return out


def _cross_map_lrn_spec(size):
    return OpSpec(f"nn.CrossMapLRN2d_size{size}", lambda x: nn.CrossMapLRN2d(size, 0.5, 0.75, 1.0)(x),
                  lambda x: cross_map_lrn_ref(x, size), shapes=[((2, 6, 3, 2),), ((1, 2, 2, 3),)])


SPECS = [
    OpSpec("F.multi_head_attention_forward_causal_bias_kv_zero_attn", _mha_causal, mha_causal_ref,
           shapes=[tuple(_MHA_SHAPES), ((6, 2, _E), (4, 2, _E), (4, 2, _E)) + tuple(_MHA_SHAPES[3:])],
           low=-1.0, high=1.0),
] + [_cross_map_lrn_spec(size) for size in (1, 2, 3, 5)]
