"""Op specs for nn.MultiheadAttention, nn.TransformerEncoderLayer and nn.TransformerDecoderLayer, differentiated
through the layer's own forward with its parameters as inputs; the references are written from the definitions."""
import numpy as np

import autograd_core as ag
from autograd_core import nn

from .nn_attention import attention_ref
from .spec import OpSpec


def _with_parameters(layer, params):
    """``layer`` with every parameter (in ``named_parameters`` order) replaced by the given tensors."""
    names = [name for name, _ in layer.named_parameters()]
    assert len(names) == len(params)
    for name, p in zip(names, params):
        *path, leaf = name.split(".")
        owner = layer
        for part in path:
            owner = getattr(owner, part)
        owner._parameters[leaf] = p
    return layer


def _heads(x, h):
    """(B, L, E) -> (B, h, L, E / h)."""
    b, n, e = x.shape
    return x.reshape(b, n, h, e // h).transpose(0, 2, 1, 3)


def _mha_ref(q, k, v, wq, wk, wv, b_in, wo, bo, heads, key_padding_mask=None, mask=None):
    e = wq.shape[0]
    bq, bk, bv = b_in[:e], b_in[e:2 * e], b_in[2 * e:]
    if key_padding_mask is not None:
        mask = ~key_padding_mask[:, None, None, :]  # True = takes part
    out = attention_ref(_heads(q @ wq.T + bq, heads), _heads(k @ wk.T + bk, heads), _heads(v @ wv.T + bv, heads),
                        mask)
    b, _, n, d = out.shape
    return out.transpose(0, 2, 1, 3).reshape(b, n, heads * d) @ wo.T + bo


def _layer_norm_ref(x, w, b, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + eps) * w + b


PADDING = np.array([[False, False, True, False, True], [False, False, False, False, False]])  # (B, S)


def _mha(q, k, v, wq, wk, wv, b_in, wo, bo):
    layer = nn.MultiheadAttention(4, 2, batch_first=True, kdim=3, vdim=5)
    layer = _with_parameters(layer, [wq, wk, wv, b_in, wo, bo])
    out, _ = layer(q, k, v, key_padding_mask=ag.tensor(PADDING, device=q.device), need_weights=False)
    return out


def _encoder_layer(x, *params):
    layer = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, batch_first=True)
    return _with_parameters(layer, list(params))(x)


def _encoder_block_ref(x, w_in, b_in, wo, bo, w1, b1, w2, b2, g1, be1, g2, be2):
    """(the encoder layer's output, the feed-forward pre-activations): post-norm, ReLU, as PyTorch's default."""
    x1 = _layer_norm_ref(x + _self_attention_ref(x, w_in, b_in, wo, bo), g1, be1)
    pre = x1 @ w1.T + b1
    return _layer_norm_ref(x1 + np.maximum(pre, 0) @ w2.T + b2, g2, be2), pre


_ENCODER_SHAPES = [(2, 3, 4), (12, 4), (12,), (4, 4), (4,), (6, 4), (6,), (4, 6), (4,), (4,), (4,), (4,), (4,)]


def _away_from_relu_kink(rng):
    """Encoder-layer inputs (parameters scaled by 0.5) whose feed-forward pre-activations stay clear of
    ReLU's kink at 0."""
    while True:
        sample = tuple(rng.normal(size=s) * (1.0 if i == 0 else 0.5) for i, s in enumerate(_ENCODER_SHAPES))
        if np.abs(_encoder_block_ref(*sample)[1]).min() > 0.05:
            return [sample]


def _self_attention_ref(x, w_in, b_in, wo, bo, mask=None):
    e = x.shape[-1]
    return _mha_ref(x, x, x, w_in[:e], w_in[e:2 * e], w_in[2 * e:], b_in, wo, bo, 2, mask=mask)


def _decoder_block_ref(x, memory, sa_w, sa_b, sa_wo, sa_bo, ca_w, ca_b, ca_wo, ca_bo, w1, b1, w2, b2,
                       g1, be1, g2, be2, g3, be3):
    """(the pre-norm decoder layer's output with a causal target mask, the feed-forward pre-activations)."""
    e = x.shape[-1]
    causal = np.tril(np.ones((x.shape[1], x.shape[1]), bool))  # True = takes part
    x = x + _self_attention_ref(_layer_norm_ref(x, g1, be1), sa_w, sa_b, sa_wo, sa_bo, causal)
    x = x + _mha_ref(_layer_norm_ref(x, g2, be2), memory, memory, ca_w[:e], ca_w[e:2 * e], ca_w[2 * e:], ca_b,
                     ca_wo, ca_bo, 2)
    pre = _layer_norm_ref(x, g3, be3) @ w1.T + b1
    return x + np.maximum(pre, 0) @ w2.T + b2, pre


def _decoder_layer(x, memory, *params):
    layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, batch_first=True, norm_first=True)
    mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1], device=x.device, dtype=x.dtype)
    return _with_parameters(layer, list(params))(x, memory, tgt_mask=mask)


_DECODER_SHAPES = ([(2, 3, 4), (2, 5, 4)] + [(12, 4), (12,), (4, 4), (4,)] * 2 + [(6, 4), (6,), (4, 6), (4,)]
                   + [(4,)] * 6)


def _decoder_sample(rng):
    """Decoder-layer inputs (parameters scaled by 0.5) clear of ReLU's kink."""
    while True:
        sample = tuple(rng.normal(size=s) * (1.0 if i < 2 else 0.5) for i, s in enumerate(_DECODER_SHAPES))
        if np.abs(_decoder_block_ref(*sample)[1]).min() > 0.05:
            return [sample]


SPECS = [
    OpSpec("nn.MultiheadAttention_kdim_vdim_padding_mask", _mha,
           lambda q, k, v, wq, wk, wv, b_in, wo, bo: _mha_ref(q, k, v, wq, wk, wv, b_in, wo, bo, 2, PADDING),
           shapes=[((2, 3, 4), (2, 5, 3), (2, 5, 5), (4, 4), (4, 3), (4, 5), (12,), (4, 4), (4,))]),
    OpSpec("nn.TransformerEncoderLayer", _encoder_layer, lambda *a: _encoder_block_ref(*a)[0],
           make=_away_from_relu_kink, grad_atol=1e-4),
    OpSpec("nn.TransformerDecoderLayer_norm_first_causal", _decoder_layer, lambda *a: _decoder_block_ref(*a)[0],
           make=_decoder_sample, grad_atol=1e-4),
]
