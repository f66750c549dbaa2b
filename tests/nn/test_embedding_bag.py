"""F.embedding_bag and nn.EmbeddingBag against PyTorch: every mode, offsets with and without a last entry, 2-D
input, padding_idx, per-sample weights; the layer's repr and state_dict; errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

RNG = np.random.default_rng(0)
W = RNG.normal(size=(10, 3))
INDICES = np.array([1, 2, 4, 5, 4, 3, 2, 9])
CASES = [([0, 2, 2, 5], False), ([0, 2, 2, 5], True), ([0, 8], True), (None, False)]


@pytest.mark.parametrize("padding_idx", [None, 4, -1])
@pytest.mark.parametrize("offsets,include_last_offset", CASES)
@pytest.mark.parametrize("mode,weighted", [("sum", False), ("sum", True), ("mean", False), ("max", False)])
def test_embedding_bag_matches_pytorch(mode, weighted, offsets, include_last_offset, padding_idx):
    torch = pytest.importorskip("torch")
    idx = INDICES.reshape(2, 4) if offsets is None else INDICES
    psw = RNG.random(idx.shape)
    out = {}
    for lib, fn in ((torch, torch.nn.functional.embedding_bag), (ag, F.embedding_bag)):
        w, s = lib.tensor(W, requires_grad=True), lib.tensor(psw, requires_grad=True)
        y = fn(lib.tensor(idx), w, None if offsets is None else lib.tensor(offsets), mode=mode,
               per_sample_weights=s if weighted else None, include_last_offset=include_last_offset,
               padding_idx=padding_idx)
        (y * lib.tensor(np.arange(y.numel()).reshape(tuple(y.shape)) * 1.0)).sum().backward()
        out[lib.__name__] = [y.detach().numpy(), w.grad.numpy()] + ([s.grad.numpy()] if weighted else [])
    for ours, theirs in zip(out["autograd_core"], out["torch"]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_embedding_bag_layer_matches_pytorch_in_repr_and_state_dict():
    torch = pytest.importorskip("torch")
    for kwargs in [{}, {"mode": "sum", "padding_idx": 2, "include_last_offset": True, "max_norm": 1.0}]:
        m, tm = nn.EmbeddingBag(10, 3, **kwargs), torch.nn.EmbeddingBag(10, 3, **kwargs)
        assert repr(m) == repr(tm) and list(m.state_dict()) == list(tm.state_dict())
    m = nn.EmbeddingBag(10, 3, mode="max", _weight=ag.tensor(W))
    np.testing.assert_allclose(m(ag.tensor(INDICES), ag.tensor([0, 3])).detach().numpy(),
                               [W[[1, 2, 4]].max(0), W[[5, 4, 3, 2, 9]].max(0)])


def test_embedding_bag_names_what_was_wrong():
    w = ag.tensor(W)
    with pytest.raises(ValueError, match="embedding_bag: per_sample_weights is only supported for mode='sum'"):
        F.embedding_bag(INDICES, w, [0, 2], per_sample_weights=ag.ones(8))
    with pytest.raises(ValueError, match="embedding_bag: offsets must be None when input is 2-D"):
        F.embedding_bag(INDICES.reshape(2, 4), w, [0, 2])
    with pytest.raises(ValueError, match="embedding_bag: a 1-D input needs offsets"):
        F.embedding_bag(INDICES, w)
    with pytest.raises(ValueError, match="embedding_bag: offsets must start at 0, never decrease"):
        F.embedding_bag(INDICES, w, [0, 5, 3])
    with pytest.raises(ValueError, match="embedding_bag: mode must be one of"):
        F.embedding_bag(INDICES, w, [0], mode="min")
    with pytest.raises(ValueError, match=r"embedding_bag: per_sample_weights must have the input's shape \(8,\)"):
        F.embedding_bag(INDICES, w, [0], mode="sum", per_sample_weights=ag.ones(7))
