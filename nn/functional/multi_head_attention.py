"""``F.multi_head_attention_forward``: multi-head attention as a function of its weights (what
``nn.MultiheadAttention`` runs), on the ``attention`` core of attention.py."""

from autograd_core import creation
from autograd_core.backend import get_array_module
from autograd_core.ops import cat, expand, pad, permute, reshape, split
from autograd_core.ops._util import as_tensor

from .attention import additive_mask, attention, causal_bias
from .linear import linear

__all__ = ["multi_head_attention_forward"]

_OP = "multi_head_attention_forward"


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Multi-head attention over sequence-first input, PyTorch's functional form.

    Args:
        query: (L, N, E) or unbatched (L, E); key and value: (S, N, kdim) and (S, N, vdim), or unbatched.
        embed_dim_to_check: E; num_heads: H (a divisor of E).
        in_proj_weight, in_proj_bias: the packed (3E, E) projections and (3E,) biases, or, with
            ``use_separate_proj_weight``, ``q_proj_weight`` (E, E), ``k_proj_weight`` (E, kdim) and
            ``v_proj_weight`` (E, vdim) (the biases still come from ``in_proj_bias``).
        bias_k, bias_v: (1, 1, E) rows appended to the projected keys and values, or None.
        add_zero_attn: append a zero key and value. dropout_p: on the weights, while ``training``.
        out_proj_weight, out_proj_bias: the output projection.
        key_padding_mask: (N, S); attn_mask: (L, S) or (N * H, L, S). Bool masks mark the positions left
            out (True = ignore); float masks are added to the scores.
        is_causal: a hint that ``attn_mask`` (still required) is causal. As PyTorch, with ``need_weights``
            False and no ``key_padding_mask`` the hint replaces ``attn_mask``: query i sees keys 0..i of all
            the keys, those of ``bias_k`` and ``add_zero_attn`` (appended at the end) included, so only
            queries at or past their position see them; otherwise ``attn_mask`` is what is applied.
        static_k, static_v: (N * H, S, E / H) projected keys and values to use instead of key and value's.
        need_weights, average_attn_weights: return the weights, averaged over heads or (N, H, L, S).

    Returns:
        (output like query, weights (N, L, S) or (N, H, L, S), without N when unbatched, or None).
    """
    self_attention = query is key and key is value
    query, key, value = as_tensor(query), as_tensor(key), as_tensor(value)
    E, H = embed_dim_to_check, num_heads
    if E % H:
        raise ValueError(f"{_OP}: embed_dim ({E}) must be divisible by num_heads ({H})")
    if use_separate_proj_weight:
        if q_proj_weight is None or k_proj_weight is None or v_proj_weight is None:
            raise ValueError(f"{_OP}: use_separate_proj_weight=True needs q_proj_weight, k_proj_weight and "
                             "v_proj_weight")
        features = (E, k_proj_weight.shape[1], v_proj_weight.shape[1])
    elif in_proj_weight is None:
        raise ValueError(f"{_OP}: in_proj_weight is None; give it, or use_separate_proj_weight=True with the "
                         "three projection weights")
    else:
        features = (E, E, E)
    batched = _check_inputs(query, key, value, key_padding_mask, attn_mask, features)
    if is_causal and attn_mask is None:
        raise ValueError(f"{_OP}: is_causal=True is a hint that needs attn_mask as well; make one with "
                         "nn.Transformer.generate_square_subsequent_mask(L)")
    if (static_k is not None or static_v is not None) and bias_k is not None:
        raise ValueError(f"{_OP}: bias_k and bias_v cannot be added to static_k and static_v")
    if not batched:
        query, key, value = (reshape(x, (x.shape[0], 1, x.shape[1])) for x in (query, key, value))
        key_padding_mask = None if key_padding_mask is None else reshape(as_tensor(key_padding_mask), (1, -1))
    L, N, _ = query.shape
    D = E // H
    S = key.shape[0] if static_k is None else static_k.shape[1]
    bias = _mask_bias(attn_mask, key_padding_mask, query.dtype, L, N, H, S)
    causal = is_causal and key_padding_mask is None and not need_weights
    if causal:  # the hint replaces attn_mask (checked all the same), as PyTorch: see the docstring
        bias = None
    weights = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight else in_proj_weight
    q, k, v = _project(query, key, value, weights, in_proj_bias, E, self_attention)
    if bias_k is not None:
        k = cat([k, expand(bias_k, 1, N, E)])
        v = cat([v, expand(bias_v, 1, N, E)])
        bias = None if bias is None else pad(bias, (0, 1))
    q, k, v = (permute(reshape(x, (x.shape[0], N, H, D)), 1, 2, 0, 3) for x in (q, k, v))  # (N, H, len, D)
    k, v = _static(static_k, k, N, H, D, "static_k"), _static(static_v, v, N, H, D, "static_v")
    if add_zero_attn:
        zeros = creation.zeros(N, H, 1, D, dtype=k.dtype, device=k.device)
        k, v = cat([k, zeros], 2), cat([v, zeros], 2)
        bias = None if bias is None else pad(bias, (0, 1))
    if causal:
        bias = causal_bias(get_array_module(q._data), L, k.shape[2], q.dtype)
    out, weights = attention(q, k, v, bias, dropout_p if training else 0.0)
    out = linear(reshape(permute(out, 2, 0, 1, 3), (L, N, E)), out_proj_weight, out_proj_bias)
    if not batched:
        out = reshape(out, (L, E))
    if not need_weights:
        return out, None
    if average_attn_weights:
        weights = weights.mean(axis=1)
    return out, (weights if batched else weights[0])


def _check_inputs(query, key, value, key_padding_mask, attn_mask, features):
    """Refuse inputs whose shapes do not fit (PyTorch's checks); True when the input is batched."""
    if query.ndim not in (2, 3):
        raise ValueError(f"{_OP}: query should be unbatched 2-D (L, E) or batched 3-D, got shape {query.shape}")
    batched = query.ndim == 3
    if key.ndim != query.ndim or value.ndim != query.ndim:
        raise ValueError(f"{_OP}: for {query.ndim}-D query {query.shape}, key and value must be {query.ndim}-D "
                         f"too, got shapes {key.shape} and {value.shape}")
    for name, x, dim in zip(("query", "key", "value"), (query, key, value), features):
        if x.shape[-1] != dim:
            raise ValueError(f"{_OP}: {name} of shape {x.shape} should have {dim} features (last dim)")
    if key.shape[:-1] != value.shape[:-1]:
        raise ValueError(f"{_OP}: key {key.shape} and value {value.shape} must have the same batch and "
                         f"sequence dims")
    if batched and query.shape[1] != key.shape[1]:
        raise ValueError(f"{_OP}: query {query.shape} and key {key.shape} have different batch sizes")
    if key_padding_mask is not None and key_padding_mask.ndim != query.ndim - 1:
        raise ValueError(f"{_OP}: key_padding_mask must be {query.ndim - 1}-D for {query.ndim}-D query, got shape "
                         f"{tuple(key_padding_mask.shape)}")
    if attn_mask is not None and attn_mask.ndim not in (2, 3):
        raise ValueError(f"{_OP}: attn_mask must be 2-D or 3-D, got shape {tuple(attn_mask.shape)}")
    return batched


def _mask_bias(attn_mask, key_padding_mask, dtype, L, N, H, S):
    """The attention mask and the key padding mask as one additive bias broadcasting to (N, H, L, S)."""
    bias = None
    if attn_mask is not None:
        bias = additive_mask(_OP, "attn_mask", attn_mask, dtype, keep=False)
        shapes = {2: (L, S), 3: (N * H, L, S)}
        if tuple(bias.shape) != shapes[bias.ndim]:
            raise ValueError(f"{_OP}: the {bias.ndim}-D attn_mask has shape {tuple(bias.shape)}, expected "
                             f"{shapes[bias.ndim]}")
        if bias.ndim == 3:
            bias = reshape(bias, (N, H, L, S))
    if key_padding_mask is not None:
        kpm = additive_mask(_OP, "key_padding_mask", key_padding_mask, dtype, keep=False)
        if tuple(kpm.shape) != (N, S):
            raise ValueError(f"{_OP}: key_padding_mask has shape {tuple(kpm.shape)}, expected (N, S) = {(N, S)}")
        kpm = reshape(kpm, (N, 1, 1, S))
        bias = kpm if bias is None else bias + kpm
    return bias


def _project(query, key, value, weights, b, E, self_attention):
    """q, k, v: the inputs through the in-projections (one matmul for self-attention with packed weights);
    ``weights`` is the packed (3E, E) matrix or a (q, k, v) triple."""
    packed = not isinstance(weights, tuple)
    if self_attention and packed:
        return split(linear(query, weights, b), E, -1)
    bq, bk, bv = (None,) * 3 if b is None else split(b, E)
    wq, wk, wv = split(weights, E) if packed else weights
    return linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)


def _static(given, computed, N, H, D, name):
    """``computed`` (N, H, S, D), or ``given`` (N * H, S', D) in its place."""
    if given is None:
        return computed
    given = as_tensor(given)
    if given.ndim != 3 or given.shape[0] != N * H or given.shape[2] != D:
        raise ValueError(f"{_OP}: {name} must have shape (N * num_heads, S, head_dim) = ({N * H}, S, {D}), got "
                         f"{given.shape}")
    return reshape(given, (N, H, given.shape[1], D))
