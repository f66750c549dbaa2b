"""Scaled dot-product attention, composed from engine ops (so gradients of any order come for free).

``softmax(q @ k^T * scale + bias) @ v``, where every mask is first turned into an additive bias
(0 where a position takes part, -inf where it does not). A row with no position left (a fully
masked query) gets zero weights and a zero output, not NaN, as PyTorch's math kernel.
"""
import math

import numpy as np

from autograd_core.backend import get_array_module, max_for_shift
from autograd_core.ops import matmul, repeat_interleave, swapaxes
from autograd_core.ops._util import as_tensor

from .activation import Softmax
from .linear import dropout

__all__ = ["scaled_dot_product_attention"]


class _SafeSoftmax(Softmax):
    """Softmax over the last dim that gives zeros (and zero gradients) for a row of -inf only."""

    def __init__(self):
        super().__init__(-1)

    def forward(self, x):
        xp = get_array_module(x)
        m = max_for_shift(x, -1)
        e = xp.exp(x - xp.maximum(m, np.finfo(x.dtype).min))  # a -inf max would make -inf - -inf = NaN
        s = e.sum(axis=-1, keepdims=True)
        e /= xp.maximum(s, 1)  # s >= 1 where a row has a finite max (its exp(0)); s = 0 only for dead rows
        self.save_for_backward(e)
        return e


def attention(query, key, value, bias=None, dropout_p=0.0, scale=None):
    """(output, weights) of ``softmax(query @ key^T * scale + bias) @ value`` with dropout ``dropout_p``
    on the weights; ``bias`` is an additive mask (a Tensor or array broadcasting to (..., L, S)) or None.
    The shared core of ``scaled_dot_product_attention`` and ``nn.MultiheadAttention``."""
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = matmul(query * scale, swapaxes(key, -2, -1))
    if bias is not None:
        scores = scores + bias
    weights = _SafeSoftmax()(scores)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p)
    return matmul(weights, value), weights


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """``softmax(query @ key^T * scale + mask) @ value`` over any batch dims, as PyTorch.

    Args:
        query: (..., L, E); key: (..., S, E); value: (..., S, Ev). Batch dims broadcast.
        attn_mask: bool (True = the position takes part) or float (added to the scores), broadcasting
            to (..., L, S); a float mask must have the query's dtype.
        dropout_p: dropout on the attention weights (applied whenever > 0, as PyTorch).
        is_causal: query i sees keys 0..i (top-left aligned); excludes ``attn_mask``.
        scale: defaults to 1 / sqrt(E).
        enable_gqa: key and value may have fewer heads (dim -3) than query, a divisor of its count.

    Returns:
        (..., L, Ev).
    """
    query, key, value = as_tensor(query), as_tensor(key), as_tensor(value)
    op = "scaled_dot_product_attention"
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise ValueError(f"{op}: query, key and value must be at least 2-D, got shapes {query.shape}, "
                         f"{key.shape} and {value.shape}")
    if not query.dtype == key.dtype == value.dtype:
        raise TypeError(f"{op}: query, key and value must have one dtype, got {query.dtype}, {key.dtype} and "
                        f"{value.dtype}")
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise ValueError(f"{op}: query (..., L, E) {query.shape}, key (..., S, E) {key.shape} and value "
                         f"(..., S, Ev) {value.shape} do not fit (E of query and key, S of key and value must agree)")
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(f"{op}: dropout_p must be between 0 and 1, got {dropout_p}")
    if enable_gqa and min(query.ndim, key.ndim, value.ndim) >= 3:
        key, value = _repeat_heads(op, query, key), _repeat_heads(op, query, value)
    L, S = query.shape[-2], key.shape[-2]
    batch = _broadcast(op, query.shape[:-2], key.shape[:-2], value.shape[:-2])
    xp = get_array_module(query._data)
    if is_causal:
        if attn_mask is not None:
            raise ValueError(f"{op}: give either attn_mask or is_causal=True, not both")
        bias = causal_bias(xp, L, S, query.dtype)
    else:
        bias = None if attn_mask is None else additive_mask(op, "attn_mask", attn_mask, query.dtype)
    if bias is not None:
        _broadcast(op, batch + (L, S), bias.shape, what=f"attn_mask of shape {bias.shape} and scores")
    return attention(query, key, value, bias, dropout_p, scale)[0]


def _repeat_heads(op, query, kv):
    """``kv`` with each head (dim -3) repeated to the query's head count (grouped-query attention)."""
    hq, hkv = query.shape[-3], kv.shape[-3]
    if hq % hkv:
        raise ValueError(f"{op}: enable_gqa needs the heads of key and value (dim -3, {hkv}) to divide the "
                         f"heads of query ({hq}); got shapes {query.shape} and {kv.shape}")
    return kv if hq == hkv else repeat_interleave(kv, hq // hkv, dim=kv.ndim - 3)


def causal_bias(xp, L, S, dtype):
    """The additive (L, S) mask of a top-left causal attention: -inf above the diagonal, 0 elsewhere."""
    return xp.triu(xp.full((L, S), -np.inf, dtype), 1)


def additive_mask(op, name, mask, dtype, keep=True):
    """``mask`` as a Tensor to add to attention scores of ``dtype``. A bool mask becomes 0 and -inf: -inf
    where it is False when ``keep`` (scaled_dot_product_attention: True takes part), where it is True
    otherwise (MultiheadAttention: True is left out). A float mask of that dtype is returned as it is."""
    mask = as_tensor(mask)
    if mask.dtype == np.bool_:
        xp = get_array_module(mask._data)
        zero, off = dtype.type(0), dtype.type(-np.inf)
        return as_tensor(xp.where(mask._data, zero, off) if keep else xp.where(mask._data, off, zero))
    if mask.dtype != dtype:
        raise TypeError(f"{op}: {name} must be bool or have the query's dtype {dtype}, got {mask.dtype}")
    return mask


def _broadcast(op, *shapes, what="the batch dims of query, key and value"):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"{op}: {what} do not broadcast: {', '.join(map(str, shapes))}") from None
