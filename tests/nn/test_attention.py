"""scaled_dot_product_attention, MultiheadAttention and the Transformer family against PyTorch: forward and
gradients with PyTorch's weights loaded into ours (eval mode, so dropout is off), state_dict keys,
initialisation and the errors for inputs that do not fit."""
import math

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from torch_parity import compare

pytestmark = pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")  # torch on its own fast path
RNG = np.random.default_rng(0)
CAUSAL5 = np.triu(np.full((5, 5), -np.inf), 1)


def _torch_value(torch, v):
    return torch.tensor(v) if isinstance(v, np.ndarray) else v


def _ours_value(v):
    return ag.tensor(v) if isinstance(v, np.ndarray) else v


def _module_parity(name, args, kwargs, shapes, dtype=np.float64, same_input=False, **call):
    """Build the module in both libraries, load PyTorch's state_dict into ours (same keys, same order),
    and compare the outputs and the gradients of the inputs and of every parameter."""
    torch = pytest.importorskip("torch")
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    theirs = getattr(torch.nn, name)(*args, **kwargs, dtype=tdtype).eval()
    ours = getattr(nn, name)(*args, **kwargs, dtype=dtype).eval()
    state = {k: ag.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    assert list(ours.state_dict()) == list(state)
    ours.load_state_dict(state)
    arrays = [RNG.standard_normal(s).astype(dtype) for s in shapes]
    tx = [torch.tensor(a, requires_grad=True) for a in arrays]
    ox = [ag.tensor(a, requires_grad=True) for a in arrays]
    if same_input:
        tx, ox = tx * 3, ox * 3
    ty = theirs(*tx, **{k: _torch_value(torch, v) for k, v in call.items()})
    oy = ours(*ox, **{k: _ours_value(v) for k, v in call.items()})
    tw = ow = None
    if name == "MultiheadAttention":  # (output, weights)
        (ty, tw), (oy, ow) = ty, oy
    atol = 1e-10 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), atol=atol)
    if tw is None or ow is None:
        assert tw is None and ow is None
    else:
        np.testing.assert_allclose(ow.detach().numpy(), tw.detach().numpy(), atol=atol)
    g = RNG.standard_normal(ty.shape).astype(dtype)
    ty.backward(torch.tensor(g))
    (oy * ag.tensor(g)).sum().backward()
    for k, (a, b) in enumerate(zip(ox, tx)):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), atol=atol, err_msg=f"input {k}")
    params = dict(ours.named_parameters())
    for n, p in theirs.named_parameters():
        np.testing.assert_allclose(params[n].grad.numpy(), p.grad.numpy(), atol=atol, err_msg=n)
    return ours


# -- scaled_dot_product_attention ------------------------------------------------
@pytest.mark.parametrize("shapes,kwargs,mask", [
    (((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7)), {}, None),
    (((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7)), {}, "bool"),
    (((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7)), {}, "float"),
    (((2, 4, 5), (2, 6, 5), (2, 6, 3)), {"is_causal": True}, None),
    (((2, 6, 5), (2, 4, 5), (2, 4, 3)), {"is_causal": True, "scale": 0.3}, None),
    (((2, 4, 3, 8), (2, 2, 5, 8), (2, 2, 5, 8)), {"enable_gqa": True}, None),
    (((2, 4, 3, 8), (1, 5, 8), (5, 8)), {}, None),
    (((3, 4), (5, 4), (5, 2)), {}, "bool"),
], ids=["plain", "bool_mask", "float_mask", "causal", "causal_tall_scale", "gqa", "broadcast", "2d"])
def test_sdpa_matches_torch(shapes, kwargs, mask):
    torch = pytest.importorskip("torch")
    arrays = [RNG.standard_normal(s) for s in shapes]
    L, S = shapes[0][-2], shapes[1][-2]
    if mask == "bool":
        m = RNG.random((L, S)) > 0.4
        m[1] = False  # a query that sees nothing: zeros and zero gradients, as PyTorch
        arrays.append(m)
    elif mask == "float":
        arrays.append(RNG.standard_normal((3, L, S)))

    def call(sdpa, tensor):
        return lambda q, k, v, *m: sdpa(q, k, v, *m, **kwargs)
    compare(call(F.scaled_dot_product_attention, ag.tensor),
            call(torch.nn.functional.scaled_dot_product_attention, torch.tensor), arrays, atol=1e-12)


def test_sdpa_float32_stays_float32_and_dropout_keeps_the_mean():
    q = ag.zeros(2, 200, 4)  # uniform weights: each output is the mean of the kept, rescaled values
    v = ag.ones(2, 50, 3)
    y = F.scaled_dot_product_attention(q, ag.zeros(2, 50, 4), v, dropout_p=0.5)
    assert y.dtype == np.float32
    assert abs(float(y.mean().item()) - 1.0) < 0.05 and float((y.numpy() == 1.0).mean()) < 0.5


def _qkv(L=3, S=5, E=4, Ev=6, heads=()):
    return ag.randn(*heads, 2, L, E), ag.randn(*heads, 2, S, E), ag.randn(*heads, 2, S, Ev)


@pytest.mark.parametrize("call,err,match", [
    (lambda q, k, v: F.scaled_dot_product_attention(q[0, 0], k, v), ValueError, "at least 2-D"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k[..., :3], v), ValueError, "do not fit"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v[:, :4]), ValueError, "do not fit"),
    (lambda q, k, v: F.scaled_dot_product_attention(q.double(), k, v), TypeError, "one dtype"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=ag.zeros(3, 5, dtype=np.float64)),
     TypeError, "attn_mask must be bool or have the query's dtype"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=ag.ones(4, 5).bool()), ValueError,
     "do not broadcast"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=ag.ones(3, 5).bool(), is_causal=True),
     ValueError, "not both"),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, dropout_p=1.5), ValueError, "dropout_p"),
    (lambda q, k, v: F.scaled_dot_product_attention(ag.randn(3, 3, 4), k, v), ValueError,
     "batch dims .* do not broadcast"),
    (lambda q, k, v: F.scaled_dot_product_attention(ag.randn(2, 3, 3, 4), k, v, enable_gqa=True), ValueError,
     r"heads of key and value \(dim -3, 2\) to divide the heads of query \(3\)"),
], ids=["1d_query", "feature_mismatch", "length_mismatch", "dtypes", "mask_dtype", "mask_shape", "causal_and_mask",
        "dropout_p", "batch_dims", "gqa_heads"])
def test_sdpa_errors(call, err, match):
    with pytest.raises(err, match=match):
        call(*_qkv())


# -- MultiheadAttention ------------------------------------------------------------
@pytest.mark.parametrize("kwargs,shapes,call", [
    ({}, [(5, 3, 8)], {}),
    ({"batch_first": True}, [(3, 5, 8), (3, 4, 8), (3, 4, 8)], {}),
    ({"kdim": 6, "vdim": 5}, [(5, 3, 8), (4, 3, 6), (4, 3, 5)], {"average_attn_weights": False}),
    ({"add_bias_kv": True, "add_zero_attn": True, "num_heads": 4}, [(5, 3, 8), (4, 3, 8), (4, 3, 8)],
     {"key_padding_mask": RNG.random((3, 4)) > 0.7, "attn_mask": RNG.random((5, 4)) > 0.8}),
    ({"bias": False, "num_heads": 4}, [(5, 8), (4, 8), (4, 8)], {"attn_mask": RNG.standard_normal((4, 5, 4))}),
    ({}, [(5, 3, 8)], {"attn_mask": CAUSAL5, "is_causal": True, "need_weights": False,
                       "key_padding_mask": RNG.standard_normal((3, 5))}),
    ({"dropout": 0.3}, [(5, 3, 8), (4, 3, 8), (4, 3, 8)], {"attn_mask": RNG.standard_normal((6, 5, 4))}),
], ids=["self", "batch_first", "kdim_vdim_per_head", "bias_kv_zero_attn_masks", "unbatched_no_bias_3d_mask",
        "causal_float_padding", "dropout_off_in_eval"])
def test_multihead_attention_matches_torch(kwargs, shapes, call):
    kwargs = {"num_heads": 2, **kwargs}
    heads = kwargs.pop("num_heads")
    _module_parity("MultiheadAttention", (8, heads), kwargs, shapes, same_input=len(shapes) == 1, **call)


def test_multihead_attention_float32():
    _module_parity("MultiheadAttention", (8, 2), {"batch_first": True}, [(2, 5, 8)], dtype=np.float32,
                   same_input=True, key_padding_mask=RNG.random((2, 5)) > 0.7)


def test_multihead_attention_parameters_and_init():
    m = nn.MultiheadAttention(12, 3, add_bias_kv=True)
    assert list(m.state_dict()) == ["in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight",
                                    "out_proj.bias"]
    assert m.q_proj_weight is None and m.head_dim == 4
    assert not m.in_proj_bias.detach().numpy().any() and not m.out_proj.bias.detach().numpy().any()
    bound = math.sqrt(6 / (12 + 36))  # xavier_uniform_ of (3E, E)
    w = m.in_proj_weight.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    m = nn.MultiheadAttention(12, 3, bias=False, kdim=5, vdim=7)
    assert list(m.state_dict()) == ["q_proj_weight", "k_proj_weight", "v_proj_weight", "out_proj.weight"]
    assert m.in_proj_weight is None and m.k_proj_weight.shape == (12, 5) and m.v_proj_weight.shape == (12, 7)


def test_multihead_attention_dropout_trains():
    m = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = ag.randn(4, 2, 8)
    w1 = m(x, x, x)[1].detach().numpy()
    assert (w1 == 0).any()  # dropped weights, rescaled others
    m.eval()
    np.testing.assert_allclose(m(x, x, x)[1].detach().numpy().sum(-1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("build,call,match", [
    (lambda: nn.MultiheadAttention(10, 3), None, r"embed_dim \(10\) must be divisible by num_heads \(3\)"),
    (lambda: nn.MultiheadAttention(0, 1), None, "greater than 0"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(ag.randn(5, 2, 6), ag.randn(5, 2, 6), ag.randn(5, 2, 6)),
     "query of shape .* should have 8 features"),
    (lambda: nn.MultiheadAttention(8, 2, kdim=4), lambda m: m(ag.randn(5, 2, 8), ag.randn(5, 2, 8), ag.randn(5, 2, 8)),
     "key of shape .* should have 4 features"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(ag.randn(5, 2, 8), ag.randn(4, 2, 8), ag.randn(3, 2, 8)),
     "same batch and sequence"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(ag.randn(5, 2, 8), ag.randn(4, 3, 8), ag.randn(4, 3, 8)),
     "different batch sizes"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(ag.randn(5, 2, 8), ag.randn(4, 8), ag.randn(4, 8)), "3-D too"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(ag.randn(2, 5, 2, 8), ag.randn(4, 8), ag.randn(4, 8)),
     "unbatched 2-D"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(*[ag.randn(5, 2, 8)] * 3, attn_mask=ag.zeros(5, 4)),
     r"2-D attn_mask has shape \(5, 4\), expected \(5, 5\)"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(*[ag.randn(5, 2, 8)] * 3, attn_mask=ag.zeros(2, 5, 5)),
     r"expected \(4, 5, 5\)"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(*[ag.randn(5, 2, 8)] * 3, key_padding_mask=ag.zeros(2, 4)),
     r"key_padding_mask has shape \(2, 4\), expected"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(*[ag.randn(5, 2, 8)] * 3, attn_mask=ag.zeros(5, 5).long()),
     "attn_mask must be bool"),
    (lambda: nn.MultiheadAttention(8, 2), lambda m: m(*[ag.randn(5, 2, 8)] * 3, is_causal=True), "needs attn_mask"),
])
def test_multihead_attention_errors(build, call, match):
    with pytest.raises(ValueError if "bool" not in match else TypeError, match=match):
        m = build()
        call(m)


def test_multihead_attention_double_backward():
    m = nn.MultiheadAttention(4, 2).double()
    x = ag.randn(3, 2, 4, dtype=np.float64, requires_grad=True)
    assert ag.gradgradcheck(lambda x: m(x, x, x)[0], [x])


# -- the Transformer family ------------------------------------------------------
@pytest.mark.parametrize("kwargs,shapes,call", [
    ({"dropout": 0.0}, [(5, 3, 8)], {}),
    ({"activation": "gelu", "norm_first": True, "batch_first": True}, [(3, 5, 8)],
     {"src_key_padding_mask": RNG.random((3, 5)) > 0.7}),
    ({"bias": False, "layer_norm_eps": 1e-3}, [(5, 8)], {"src_mask": CAUSAL5, "is_causal": True}),
], ids=["post_norm", "gelu_pre_norm_batch_first_padding", "unbatched_no_bias_causal"])
def test_encoder_layer_matches_torch(kwargs, shapes, call):
    _module_parity("TransformerEncoderLayer", (8, 2), {"dim_feedforward": 16, **kwargs}, shapes, **call)


@pytest.mark.parametrize("kwargs,shapes,call", [
    ({}, [(5, 3, 8), (4, 3, 8)], {"tgt_mask": CAUSAL5, "memory_key_padding_mask": RNG.random((3, 4)) > 0.7}),
    ({"norm_first": True, "batch_first": True, "activation": "gelu"}, [(3, 5, 8), (3, 4, 8)],
     {"memory_mask": RNG.random((5, 4)) > 0.8, "tgt_key_padding_mask": RNG.random((3, 5)) > 0.8}),
], ids=["post_norm_masks", "pre_norm_batch_first_gelu"])
def test_decoder_layer_matches_torch(kwargs, shapes, call):
    _module_parity("TransformerDecoderLayer", (8, 4), {"dim_feedforward": 16, **kwargs}, shapes, **call)


def test_encoder_and_decoder_stacks_match_torch():
    torch = pytest.importorskip("torch")
    for name, layer, extra in (("TransformerEncoder", "TransformerEncoderLayer", []),
                               ("TransformerDecoder", "TransformerDecoderLayer", [(4, 2, 8)])):
        theirs = getattr(torch.nn, name)(getattr(torch.nn, layer)(8, 2, 16, dtype=torch.float64), 3,
                                         norm=torch.nn.LayerNorm(8, dtype=torch.float64)).eval()
        ours = getattr(nn, name)(getattr(nn, layer)(8, 2, 16, dtype=np.float64), 3,
                                 norm=nn.LayerNorm(8, dtype=np.float64)).eval()
        assert len(ours.layers) == 3 and ours.layers[0].linear1.weight is not ours.layers[1].linear1.weight
        ours.load_state_dict({k: ag.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
        xs = [RNG.standard_normal(s) for s in [(5, 2, 8)] + extra]
        ty = theirs(*map(torch.tensor, xs), torch.tensor(CAUSAL5))
        oy = ours(*map(ag.tensor, xs), ag.tensor(CAUSAL5))
        np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), atol=1e-10)


@pytest.mark.parametrize("kwargs,shapes,dtype,call", [
    ({}, [(6, 2, 8), (5, 2, 8)], np.float64, {"tgt_mask": CAUSAL5}),
    ({"batch_first": True, "norm_first": True}, [(2, 6, 8), (2, 5, 8)], np.float32,
     {"src_key_padding_mask": RNG.random((2, 6)) > 0.7, "memory_key_padding_mask": RNG.random((2, 6)) > 0.7}),
], ids=["float64_causal", "float32_batch_first_pre_norm"])
def test_transformer_matches_torch(kwargs, shapes, dtype, call):
    _module_parity("Transformer", (), {"d_model": 8, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 3,
                                       "dim_feedforward": 16, **kwargs}, shapes, dtype=dtype, **call)


def test_transformer_init_and_mask():
    torch = pytest.importorskip("torch")
    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)
    w = model.encoder.layers[0].linear1.weight.detach().numpy()  # xavier_uniform_ over every matrix
    assert np.abs(w).max() <= math.sqrt(6 / (8 + 16))
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    assert mask.dtype == np.float32
    np.testing.assert_array_equal(mask.numpy(), torch.nn.Transformer.generate_square_subsequent_mask(4).numpy())
    assert nn.Transformer.generate_square_subsequent_mask(3, dtype=np.float64).dtype == np.float64


def test_transformer_trains_with_dropout():
    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16,
                           batch_first=True)
    y = model(ag.randn(2, 6, 8), ag.randn(2, 5, 8), tgt_mask=nn.Transformer.generate_square_subsequent_mask(5))
    y.square().mean().backward()
    assert all(p.grad is not None for p in model.parameters())


@pytest.mark.parametrize("call,match", [
    (lambda m: m(ag.randn(6, 2, 8), ag.randn(5, 3, 8)), "batch sizes"),
    (lambda m: m(ag.randn(6, 2, 8), ag.randn(5, 2, 6)), "d_model = 8"),
    (lambda m: nn.TransformerEncoderLayer(8, 2, activation="tanh"), "relu', 'gelu' or a callable"),
    (lambda m: nn.TransformerEncoderLayer(8, 3), "divisible"),
    (lambda m: m.encoder(ag.randn(6, 2, 8), is_causal=True), "needs attn_mask"),
])
def test_transformer_errors(call, match):
    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)
    with pytest.raises(ValueError, match=match):
        call(model)
