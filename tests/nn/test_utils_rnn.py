"""nn.utils.rnn (padding and packing variable-length sequences) and the recurrent layers on packed input,
against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.utils import rnn

torch = pytest.importorskip("torch")
trnn = torch.nn.utils.rnn


def _seqs(lengths, features=2, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(n, features)) for n in lengths]


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_matches_pytorch(batch_first, side):
    seqs = _seqs([3, 5, 1, 5])
    ours = rnn.pad_sequence([ag.tensor(s) for s in seqs], batch_first, -1.0, side)
    theirs = trnn.pad_sequence([torch.tensor(s) for s in seqs], batch_first, -1.0, side)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert rnn.pad_sequence(ag.tensor(seqs[1])).shape == (2, 5)  # a tensor is the sequence of its 5 rows


def test_pad_sequence_errors():
    with pytest.raises(ValueError, match="padding_side"):
        rnn.pad_sequence([ag.ones(2)], padding_side="middle")
    with pytest.raises(RuntimeError, match="empty"):
        rnn.pad_sequence([])
    with pytest.raises(ValueError, match=r"trailing dims.*\(3, 2\), \(2, 3\)"):
        rnn.pad_sequence([ag.ones(3, 2), ag.ones(2, 3)])


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths,enforce_sorted", [([5, 4, 2, 1], True), ([2, 5, 1, 4], False)])
@pytest.mark.parametrize("total_length", [None, 7])
def test_pack_and_pad_packed_match_pytorch(batch_first, lengths, enforce_sorted, total_length):
    x = np.random.default_rng(1).normal(size=(4, 5, 2) if batch_first else (5, 4, 2))
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    p = rnn.pack_padded_sequence(xa, ag.tensor(lengths), batch_first, enforce_sorted)
    q = trnn.pack_padded_sequence(xt, torch.tensor(lengths), batch_first, enforce_sorted)
    np.testing.assert_array_equal(p.data.detach().numpy(), q.data.detach().numpy())
    for ours, theirs in zip(p[1:], q[1:]):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert ours.dtype == np.int64
            np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    padded, lens = rnn.pad_packed_sequence(p, batch_first, 3.0, total_length)
    tpadded, tlens = trnn.pad_packed_sequence(q, batch_first, 3.0, total_length)
    np.testing.assert_array_equal(padded.detach().numpy(), tpadded.detach().numpy())
    np.testing.assert_array_equal(lens.numpy(), tlens.numpy())
    g = np.random.default_rng(2).normal(size=padded.shape)
    (padded * ag.tensor(g)).sum().backward()
    (tpadded * torch.tensor(g)).sum().backward()
    np.testing.assert_array_equal(xa.grad.numpy(), xt.grad.numpy())


def test_pack_padded_sequence_errors():
    x = ag.zeros(4, 3, 2)
    with pytest.raises(RuntimeError, match="sorted in decreasing order"):
        rnn.pack_padded_sequence(x, [2, 3, 1])
    for lengths in ([3, 2, 0], [3, -1, 2]):  # a RuntimeError, as torch's
        with pytest.raises(RuntimeError, match=r"greater than 0.*\[3, 2, (0|-1)\]"):
            rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
    with pytest.raises(RuntimeError, match="greater than 0"):
        rnn.pack_sequence([ag.ones(2, 2), ag.ones(0, 2)], enforce_sorted=False)
    with pytest.raises(ValueError, match=r"at most 4"):  # PyTorch packs garbage here
        rnn.pack_padded_sequence(x, [5, 2, 1])
    with pytest.raises(RuntimeError, match="batch_size=3"):
        rnn.pack_padded_sequence(x, [3, 2])
    with pytest.raises(RuntimeError, match="1-D CPU"):
        rnn.pack_padded_sequence(x, ag.tensor([[3, 2, 1]]))
    with pytest.raises(ValueError, match="total_length=2 and max sequence length being 3"):
        rnn.pad_packed_sequence(rnn.pack_padded_sequence(x, [3, 2, 1]), total_length=2)


def test_pack_sequence_unpack_unpad_round_trip():
    seqs = [ag.tensor(s) for s in _seqs([3, 5, 1])]
    packed = rnn.pack_sequence(seqs, enforce_sorted=False)
    theirs = trnn.pack_sequence([torch.tensor(s.numpy()) for s in seqs], enforce_sorted=False)
    np.testing.assert_array_equal(packed.data.numpy(), theirs.data.numpy())
    np.testing.assert_array_equal(packed.batch_sizes.numpy(), theirs.batch_sizes.numpy())
    for back in (rnn.unpack_sequence(packed), rnn.unpad_sequence(rnn.pad_sequence(seqs), ag.tensor([3, 5, 1]))):
        assert [s.shape for s in back] == [(3, 2), (5, 2), (1, 2)]
        for a, b in zip(back, seqs):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    with pytest.raises(RuntimeError, match="enforce_sorted"):
        rnn.pack_sequence(seqs)


def test_packed_sequence_fields_and_conversions():
    p = rnn.PackedSequence(ag.ones(3), ag.tensor([2, 1]), ag.tensor([1, 0]))
    assert p.unsorted_indices.tolist() == [1, 0]
    assert rnn.invert_permutation(ag.tensor([2, 0, 1])).tolist() == [1, 2, 0]
    assert rnn.invert_permutation(None) is None
    d = p.double()
    assert d.data.dtype == np.float64 and d.batch_sizes is p.batch_sizes and d.sorted_indices is p.sorted_indices
    assert p.float() is p and p.cpu() is p


CASES = [dict(), dict(num_layers=2, bidirectional=True), dict(num_layers=2, bias=False),
         dict(bidirectional=True, batch_first=True)]


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("kw", CASES, ids=["plain", "2layer-bidirectional", "2layer-nobias", "bidir-batch_first"])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_recurrent_layers_on_packed_input_match_pytorch(kind, kw, enforce_sorted):
    ours, theirs = getattr(nn, kind)(3, 4, **kw).double(), getattr(torch.nn, kind)(3, 4, **kw).double()
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(3)
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    x = rng.normal(size=(5, 4, 3))
    layers = (2 if kw.get("bidirectional") else 1) * kw.get("num_layers", 1)
    states = [rng.normal(size=(layers, 4, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    sa = [ag.tensor(s, requires_grad=True) for s in states]
    st = [torch.tensor(s, requires_grad=True) for s in states]
    out, hn = ours(rnn.pack_padded_sequence(xa, lengths, enforce_sorted=enforce_sorted),
                   tuple(sa) if kind == "LSTM" else sa[0])
    tout, thn = theirs(trnn.pack_padded_sequence(xt, lengths, enforce_sorted=enforce_sorted),
                       tuple(st) if kind == "LSTM" else st[0])
    assert isinstance(out, rnn.PackedSequence) and out.batch_sizes is not None
    np.testing.assert_allclose(out.data.detach().numpy(), tout.data.detach().numpy(), atol=1e-12)
    hn, thn = (hn, thn) if kind == "LSTM" else ((hn,), (thn,))
    for a, b in zip(hn, thn):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    g = rng.normal(size=out.data.shape)
    ((out.data * ag.tensor(g)).sum() + sum((h * h).sum() for h in hn)).backward()
    ((tout.data * torch.tensor(g)).sum() + sum((h * h).sum() for h in thn)).backward()
    for a, b in zip([xa] + sa, [xt] + st):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), atol=1e-10)
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), theirs.get_parameter(name).grad.numpy(), atol=1e-10)


def test_lstm_with_projection_on_packed_input_and_default_state():
    ours, theirs = nn.LSTM(3, 4, proj_size=2, bidirectional=True).double(), torch.nn.LSTM(
        3, 4, proj_size=2, bidirectional=True).double()
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    seqs = _seqs([2, 4, 3], features=3)
    out, (h, c) = ours(rnn.pack_sequence([ag.tensor(s) for s in seqs], enforce_sorted=False))
    tout, (th, tc) = theirs(trnn.pack_sequence([torch.tensor(s) for s in seqs], enforce_sorted=False))
    for a, b in ((out.data, tout.data), (h, th), (c, tc)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    padded, _ = rnn.pad_packed_sequence(out, batch_first=True)
    assert padded.shape == (3, 4, 4)


def test_packed_input_errors():
    lstm = nn.LSTM(3, 4)
    packed = rnn.pack_sequence([ag.ones(2, 3), ag.ones(1, 3)])
    with pytest.raises(ValueError, match=r"initial state has shape \(1, 3, 4\) for h_0, expected \(1, 2, 4\)"):
        lstm(packed, (ag.zeros(1, 3, 4), ag.zeros(1, 3, 4)))
    with pytest.raises(ValueError, match=r"\(steps, 3\)"):
        lstm(rnn.pack_sequence([ag.ones(2, 5)]))
