"""Multi-head attention (``nn.MultiheadAttention``), PyTorch's parameters, state_dict keys and semantics."""
from autograd_core import creation
from autograd_core.ops import cat, expand, pad, permute, reshape, split, swapaxes
from autograd_core.ops._util import as_tensor

from .. import init
from ..functional.attention import additive_mask, attention
from ..functional.linear import linear
from ..module import Module
from ..parameter import Parameter
from .linear import Linear

__all__ = ["MultiheadAttention"]

_OP = "MultiheadAttention"


class MultiheadAttention(Module):
    """Attention of ``num_heads`` heads over projections of query, key and value, then ``out_proj``.

    Parameters as PyTorch: ``in_proj_weight`` (3E, E) and ``in_proj_bias`` (3E,) when key and value have
    ``embed_dim`` features, else ``q_proj_weight``, ``k_proj_weight``, ``v_proj_weight``; ``out_proj`` is
    a Linear; ``bias_k``/``bias_v`` (1, 1, E) with ``add_bias_kv``. Inputs are (L, N, E), or (N, L, E)
    with ``batch_first``, or unbatched (L, E).

    Example:
        >>> mha = nn.MultiheadAttention(16, 4, batch_first=True)
        >>> x = ag.randn(2, 5, 16)
        >>> out, weights = mha(x, x, x)   # (2, 5, 16), (2, 5, 5)
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"{_OP}: embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} "
                             f"and num_heads={num_heads}")
        if embed_dim % num_heads:
            raise ValueError(f"{_OP}: embed_dim ({embed_dim}) must be divisible by num_heads ({num_heads})")
        self.embed_dim, self.num_heads, self.head_dim = embed_dim, num_heads, embed_dim // num_heads
        self.kdim = embed_dim if kdim is None else kdim
        self.vdim = embed_dim if vdim is None else vdim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.dropout, self.batch_first, self.add_zero_attn = dropout, batch_first, add_zero_attn

        def param(*shape):
            return Parameter(creation.empty(*shape, dtype=dtype, device=device))

        if self._qkv_same_embed_dim:
            self.in_proj_weight = param(3 * embed_dim, embed_dim)
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = param(embed_dim, embed_dim)
            self.k_proj_weight = param(embed_dim, self.kdim)
            self.v_proj_weight = param(embed_dim, self.vdim)
            self.register_parameter("in_proj_weight", None)
        self.register_parameter("in_proj_bias", param(3 * embed_dim) if bias else None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, device=device, dtype=dtype)
        if add_bias_kv:
            self.bias_k, self.bias_v = param(1, 1, embed_dim), param(1, 1, embed_dim)
        else:
            self.bias_k = self.bias_v = None
        self._reset_parameters()

    def _reset_parameters(self):
        """PyTorch's initialisation: xavier_uniform_ projections, zero biases, xavier_normal_ bias_k/bias_v."""
        for w in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
            if w is not None:
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        for b in (self.bias_k, self.bias_v):
            if b is not None:
                init.xavier_normal_(b)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        """Returns (output, weights): output like ``query`` with ``embed_dim`` features; weights (N, L, S)
        averaged over heads, (N, num_heads, L, S) with ``average_attn_weights=False`` (no N when
        unbatched), or None when ``need_weights`` is False.

        Bool masks mark the positions left out (True = ignore), float masks are added to the scores:
        ``key_padding_mask`` (N, S), ``attn_mask`` (L, S) or (N * num_heads, L, S). ``is_causal`` is a
        hint that ``attn_mask`` is causal; the mask is what is applied. A query whose every key is masked
        gets zero weights and output (PyTorch gives NaN there when ``need_weights``, zeros otherwise).
        """
        query, key, value = as_tensor(query), as_tensor(key), as_tensor(value)
        batched = self._check_inputs(query, key, value, key_padding_mask, attn_mask)
        if is_causal and attn_mask is None:
            raise ValueError(f"{_OP}: is_causal=True is a hint that needs attn_mask as well; make one with "
                             "nn.Transformer.generate_square_subsequent_mask(L)")
        self_attention = query is key and key is value
        if not batched:
            query, key, value = (reshape(x, (x.shape[0], 1, x.shape[1])) for x in (query, key, value))
            key_padding_mask = None if key_padding_mask is None else reshape(as_tensor(key_padding_mask), (1, -1))
        elif self.batch_first:
            query, key, value = (swapaxes(x, 0, 1) for x in (query, key, value))
        L, N, E = query.shape
        S = key.shape[0]
        bias = self._mask_bias(attn_mask, key_padding_mask, query.dtype, L, N, S)
        q, k, v = self._project(query, key, value, self_attention)
        if self.bias_k is not None:
            k = cat([k, expand(self.bias_k, 1, N, E)])
            v = cat([v, expand(self.bias_v, 1, N, E)])
            bias = None if bias is None else pad(bias, (0, 1))
        H, D = self.num_heads, self.head_dim
        q, k, v = (permute(reshape(x, (x.shape[0], N, H, D)), 1, 2, 0, 3) for x in (q, k, v))  # (N, H, len, D)
        if self.add_zero_attn:
            zeros = creation.zeros(N, H, 1, D, dtype=k.dtype, device=k.device)
            k, v = cat([k, zeros], 2), cat([v, zeros], 2)
            bias = None if bias is None else pad(bias, (0, 1))
        out, weights = attention(q, k, v, bias, self.dropout if self.training else 0.0)
        out = linear(reshape(permute(out, 2, 0, 1, 3), (L, N, E)), self.out_proj.weight, self.out_proj.bias)
        if not batched:
            out = reshape(out, (L, E))
        elif self.batch_first:
            out = swapaxes(out, 0, 1)
        if not need_weights:
            return out, None
        if average_attn_weights:
            weights = weights.mean(axis=1)
        return out, (weights if batched else weights[0])

    def _check_inputs(self, query, key, value, key_padding_mask, attn_mask):
        """Refuse inputs whose shapes do not fit (PyTorch's checks); True when the input is batched."""
        if query.ndim not in (2, 3):
            raise ValueError(f"{_OP}: query should be unbatched 2-D (L, E) or batched 3-D, got shape {query.shape}")
        batched = query.ndim == 3
        if key.ndim != query.ndim or value.ndim != query.ndim:
            raise ValueError(f"{_OP}: for {query.ndim}-D query {query.shape}, key and value must be {query.ndim}-D "
                             f"too, got shapes {key.shape} and {value.shape}")
        for name, x, dim in (("query", query, self.embed_dim), ("key", key, self.kdim), ("value", value, self.vdim)):
            if x.shape[-1] != dim:
                raise ValueError(f"{_OP}: {name} of shape {x.shape} should have {dim} features (last dim)")
        seq = 1 if batched and self.batch_first else 0
        if key.shape[:-1] != value.shape[:-1]:
            raise ValueError(f"{_OP}: key {key.shape} and value {value.shape} must have the same batch and "
                             f"sequence dims")
        if batched and query.shape[1 - seq] != key.shape[1 - seq]:
            raise ValueError(f"{_OP}: query {query.shape} and key {key.shape} have different batch sizes")
        if key_padding_mask is not None and key_padding_mask.ndim != query.ndim - 1:
            raise ValueError(f"{_OP}: key_padding_mask must be {query.ndim - 1}-D for {query.ndim}-D query, got shape "
                             f"{tuple(key_padding_mask.shape)}")
        if attn_mask is not None and attn_mask.ndim not in (2, 3):
            raise ValueError(f"{_OP}: attn_mask must be 2-D or 3-D, got shape {tuple(attn_mask.shape)}")
        return batched

    def _mask_bias(self, attn_mask, key_padding_mask, dtype, L, N, S):
        """The attention mask and the key padding mask as one additive bias broadcasting to (N, H, L, S)."""
        bias = None
        if attn_mask is not None:
            bias = additive_mask(_OP, "attn_mask", attn_mask, dtype, keep=False)
            shapes = {2: (L, S), 3: (N * self.num_heads, L, S)}
            if tuple(bias.shape) != shapes[bias.ndim]:
                raise ValueError(f"{_OP}: the {bias.ndim}-D attn_mask has shape {tuple(bias.shape)}, expected "
                                 f"{shapes[bias.ndim]}")
            if bias.ndim == 3:
                bias = reshape(bias, (N, self.num_heads, L, S))
        if key_padding_mask is not None:
            kpm = additive_mask(_OP, "key_padding_mask", key_padding_mask, dtype, keep=False)
            if tuple(kpm.shape) != (N, S):
                raise ValueError(f"{_OP}: key_padding_mask has shape {tuple(kpm.shape)}, expected (N, S) = {(N, S)}")
            kpm = reshape(kpm, (N, 1, 1, S))
            bias = kpm if bias is None else bias + kpm
        return bias

    def _project(self, query, key, value, self_attention):
        """q, k, v: the inputs through the in-projections (one matmul for self-attention)."""
        b = self.in_proj_bias
        E = self.embed_dim
        if self_attention and self._qkv_same_embed_dim:
            return split(linear(query, self.in_proj_weight, b), E, -1)
        bq, bk, bv = (None,) * 3 if b is None else split(b, E)
        if self._qkv_same_embed_dim:
            wq, wk, wv = split(self.in_proj_weight, E)
        else:
            wq, wk, wv = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)
