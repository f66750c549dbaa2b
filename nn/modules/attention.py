"""Multi-head attention (``nn.MultiheadAttention``), PyTorch's parameters, state_dict keys and semantics."""
from autograd_core import creation
from autograd_core.ops import swapaxes
from autograd_core.ops._util import as_tensor

from .. import init
from ..functional.multi_head_attention import multi_head_attention_forward
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
        hint that ``attn_mask`` (still required) is causal; with ``need_weights=False`` and no
        ``key_padding_mask`` it replaces the mask, as PyTorch (query i sees keys 0..i, the ``bias_k`` and
        zero-attention keys appended at the end included). A query whose every key is masked
        gets zero weights and output (PyTorch gives NaN there when ``need_weights``, zeros otherwise).
        See ``F.multi_head_attention_forward``, which this runs.
        """
        swap = self.batch_first and as_tensor(query).ndim == 3
        if swap:  # F takes (L, N, E); self-attention stays one tensor (one projection matmul)
            if query is key and key is value:
                query = key = value = swapaxes(as_tensor(query), 0, 1)
            else:
                query, key, value = (swapaxes(as_tensor(x), 0, 1) for x in (query, key, value))
        out, weights = multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias, self.bias_k,
            self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight, self.out_proj.bias,
            training=self.training, key_padding_mask=key_padding_mask, need_weights=need_weights,
            attn_mask=attn_mask, use_separate_proj_weight=not self._qkv_same_embed_dim,
            q_proj_weight=self.q_proj_weight, k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight,
            average_attn_weights=average_attn_weights, is_causal=is_causal)
        return (swapaxes(out, 0, 1) if swap else out), weights
