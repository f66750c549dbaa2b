"""multi_head_attention_forward and nn.MultiheadAttention with is_causal=True together with add_bias_kv and
add_zero_attn, against PyTorch: with need_weights=False and no key_padding_mask the hint replaces attn_mask
(a top-left causal mask over all the keys, the appended bias and zero keys included); otherwise the mask,
grown by a column for each appended key, is what is applied. Values and the gradients of every input."""
import itertools

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from tests.torch_parity import compare

E, H, N = 8, 2, 3


def _arrays(L, S, seed=0):
    rng = np.random.default_rng(seed)
    shapes = [(L, N, E), (S, N, E), (S, N, E), (3 * E, E), (3 * E,), (1, 1, E), (1, 1, E), (E, E), (E,)]
    return [rng.standard_normal(s) for s in shapes]


def _causal(L, S):
    return np.triu(np.full((L, S), -np.inf), 1)


def _mha(fn, bias_kv, zero_attn, mask, kpm, need_weights, part):
    """fn's multi_head_attention_forward on (q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out): the
    output (part 0) or the weights (part 1)."""
    def run(q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out):
        out = fn(q, k, v, E, H, w_in, b_in, bias_k if bias_kv else None, bias_v if bias_kv else None, zero_attn, 0.0,
                 w_out, b_out, training=False, key_padding_mask=kpm, need_weights=need_weights, attn_mask=mask,
                 is_causal=True)
        return out[part]
    return run


CASES = list(itertools.product([(True, False), (False, True), (True, True)], [False, True], [False, True],
                               [(5, 5), (4, 6), (6, 3)]))


@pytest.mark.parametrize("extra,need_weights,padding,lengths", CASES)
def test_causal_with_appended_keys_matches_torch(extra, need_weights, padding, lengths):
    torch = pytest.importorskip("torch")
    (bias_kv, zero_attn), (L, S) = extra, lengths
    arrays = _arrays(L, S)
    kpm = np.random.default_rng(1).random((N, S)) > 0.7 if padding else None
    kpm_t = None if kpm is None else torch.tensor(kpm)
    mask = _causal(L, S)
    diff = [k for k in range(9) if bias_kv or k not in (5, 6)]
    for part in (0, 1) if need_weights else (0,):
        compare(_mha(F.multi_head_attention_forward, bias_kv, zero_attn, ag.tensor(mask), kpm, need_weights, part),
                _mha(torch.nn.functional.multi_head_attention_forward, bias_kv, zero_attn, torch.tensor(mask), kpm_t,
                     need_weights, part), arrays, diff=diff)


def test_the_hint_replaces_a_mask_that_is_not_causal_as_torch():
    # PyTorch uses is_causal, not attn_mask, when need_weights=False and no key_padding_mask is given
    torch = pytest.importorskip("torch")
    arrays = _arrays(5, 5)
    mask = np.random.default_rng(2).standard_normal((5, 5))
    compare(_mha(F.multi_head_attention_forward, True, True, ag.tensor(mask), None, False, 0),
            _mha(torch.nn.functional.multi_head_attention_forward, True, True, torch.tensor(mask), None, False, 0),
            arrays)


@pytest.mark.parametrize("batch_first", [False, True])
def test_module_with_bias_kv_and_zero_attn_matches_torch(batch_first):
    torch = pytest.importorskip("torch")
    kwargs = {"add_bias_kv": True, "add_zero_attn": True, "batch_first": batch_first}
    theirs = torch.nn.MultiheadAttention(E, H, **kwargs, dtype=torch.float64)
    ours = nn.MultiheadAttention(E, H, **kwargs, dtype=np.float64)
    ours.load_state_dict({k: ag.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(3).standard_normal((N, 5, E) if batch_first else (5, N, E))
    tx, ox = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=ag.float64)
    ty = theirs(tx, tx, tx, attn_mask=torch.tensor(mask.numpy()), need_weights=False, is_causal=True)[0]
    oy = ours(ox, ox, ox, attn_mask=mask, need_weights=False, is_causal=True)[0]
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), atol=1e-10)
    ty.sum().backward()
    oy.sum().backward()
    np.testing.assert_allclose(ox.grad.numpy(), tx.grad.numpy(), atol=1e-10)
    params = dict(ours.named_parameters())
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(params[name].grad.numpy(), p.grad.numpy(), atol=1e-10, err_msg=name)


def test_causal_without_attn_mask_is_an_error():
    q = ag.randn(4, N, E, dtype=np.float64)
    m = nn.MultiheadAttention(E, H, add_bias_kv=True).double()
    with pytest.raises(ValueError, match="is_causal=True is a hint that needs attn_mask"):
        m(q, q, q, need_weights=False, is_causal=True)


def test_causal_with_appended_keys_double_backward():
    m = nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True).double()
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=ag.float64)
    x = ag.randn(3, 2, 4, dtype=np.float64, requires_grad=True)
    assert ag.gradgradcheck(lambda x: m(x, x, x, attn_mask=mask, need_weights=False, is_causal=True)[0], [x])
