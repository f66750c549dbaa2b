"""Dataset, TensorDataset, Subset, random_split, DataLoader, SequenceLoader and transforms."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.datasets import (ConcatDataset, DataLoader, Dataset, SequenceLoader, SinCurve, Subset,
                                    TensorDataset, random_split, transforms)


def _ds(n=10):
    return TensorDataset(np.arange(n, dtype=np.float32)[:, None] * np.ones(3, np.float32), np.arange(n))


class ListDataset(Dataset):
    """A data set without __getitems__, to exercise the per-sample path."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.full(2, i, dtype=np.float32), i


def test_tensor_dataset_items_and_errors():
    ds = TensorDataset(ag.arange(6).reshape(3, 2), np.array([0, 1, 2]))
    x, t = ds[1]
    assert x.tolist() == [2, 3] and t == 1 and len(ds) == 3
    assert ds[-1][1] == 2
    with pytest.raises(ValueError, match="different first-axis sizes"):
        TensorDataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(IndexError, match="out of range for 3 samples"):
        ds[3]
    with pytest.raises(TypeError, match="integer"):
        ds[0:2]


@pytest.mark.parametrize("n,bs,drop_last,sizes", [(10, 4, False, [4, 4, 2]), (10, 4, True, [4, 4]),
                                                   (8, 4, False, [4, 4]), (3, 5, True, [])])
def test_batch_sizes_and_len(n, bs, drop_last, sizes):
    loader = DataLoader(_ds(n), batch_size=bs, drop_last=drop_last)
    batches = list(loader)
    assert len(loader) == len(sizes)
    assert [len(t) for _, t in batches] == sizes


def test_batches_are_tensors_with_right_dtypes_in_order():
    x, t = next(iter(DataLoader(_ds(), batch_size=4)))
    assert isinstance(x, ag.Tensor) and isinstance(t, ag.Tensor)
    assert x.dtype == np.float32 and t.dtype == np.int64 and x.shape == (4, 3)
    assert t.tolist() == [0, 1, 2, 3]
    assert not x.requires_grad


def test_per_sample_path_collates_python_numbers():
    x, t = next(iter(DataLoader(ListDataset(5), batch_size=5)))
    assert x.shape == (5, 2) and x.dtype == np.float32 and t.dtype == np.int64
    assert t.tolist() == [0, 1, 2, 3, 4]


def test_shuffle_is_reproducible_and_a_permutation():
    def epochs(loader):
        return [np.concatenate([t.numpy() for _, t in loader]).tolist() for _ in range(2)]
    a = epochs(DataLoader(_ds(20), batch_size=3, shuffle=True, seed=7))
    b = epochs(DataLoader(_ds(20), batch_size=3, shuffle=True, seed=7))
    assert a == b
    assert a[0] != a[1], "each epoch draws a new order"
    assert sorted(a[0]) == list(range(20)) and a[0] != list(range(20))
    ag.manual_seed(3)
    c = epochs(DataLoader(_ds(20), batch_size=3, shuffle=True))
    ag.manual_seed(3)
    assert c == epochs(DataLoader(_ds(20), batch_size=3, shuffle=True)), "global seed drives shuffling too"
    g = np.random.default_rng(7)
    assert epochs(DataLoader(_ds(20), batch_size=3, shuffle=True, generator=g))[0] == a[0]


def test_custom_collate_fn_gets_samples():
    loader = DataLoader(_ds(5), batch_size=2, collate_fn=lambda samples: [int(t) for _, t in samples])
    assert list(loader) == [[0, 1], [2, 3], [4]]


def test_loader_rejects_bad_arguments():
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(_ds(), batch_size=0)
    with pytest.raises(ValueError, match="seed or generator"):
        DataLoader(_ds(), seed=1, generator=np.random.default_rng(1))


def test_collate_rejects_ragged_samples():
    class Ragged(ListDataset):
        def __getitem__(self, i):
            return np.zeros(i + 1, np.float32), i
    with pytest.raises(ValueError, match="different shapes"):
        next(iter(DataLoader(Ragged(3), batch_size=3)))


def test_random_split_counts_fractions_and_seed():
    ds = _ds(10)
    a, b = random_split(ds, [7, 3], seed=0)
    assert (len(a), len(b)) == (7, 3)
    ids = sorted([int(a[i][1]) for i in range(7)] + [int(b[i][1]) for i in range(3)])
    assert ids == list(range(10))
    c, d = random_split(ds, [0.75, 0.25], seed=0)
    assert (len(c), len(d)) == (8, 2)
    parts = random_split(ds, [1 / 3] * 3, seed=1)
    assert [len(p) for p in parts] == [4, 3, 3]
    assert a.indices.tolist() == random_split(ds, [7, 3], seed=0)[0].indices.tolist()
    with pytest.raises(ValueError, match="summing to len"):
        random_split(ds, [5, 4])


def test_subset_concat_and_loader_over_subset():
    ds = _ds(10)
    sub = Subset(ds, [9, 2, 4])
    assert [int(sub[i][1]) for i in range(3)] == [9, 2, 4]
    _, t = next(iter(DataLoader(sub, batch_size=3)))
    assert t.tolist() == [9, 2, 4]
    with pytest.raises(IndexError, match="indices must lie"):
        Subset(ds, [10])
    both = ConcatDataset([ds, sub])
    assert len(both) == 13 and int(both[11][1]) == 2
    assert len(ds + sub) == 13


def test_sequence_loader_windows_are_consecutive():
    seq = np.arange(21)  # pairs (s[i], s[i+1]) for i < 20
    loader = SequenceLoader(seq, batch_size=2, bptt=4)
    batches = list(loader)
    assert len(loader) == len(batches) == 3  # 10 steps per stream: windows of 4, 4, 2
    x0, t0 = batches[0]
    assert x0.shape == (4, 2) and x0.dtype == np.int64
    assert x0.numpy()[:, 0].tolist() == [0, 1, 2, 3] and x0.numpy()[:, 1].tolist() == [10, 11, 12, 13]
    assert (t0.numpy() == x0.numpy() + 1).all()
    x1, _ = batches[1]
    assert x1.numpy()[0].tolist() == [4, 14], "each stream continues where the previous batch stopped"
    assert batches[2][0].shape == (2, 2)
    assert len(SequenceLoader(seq, batch_size=2, bptt=4, drop_last=True)) == 2
    xb, _ = next(iter(SequenceLoader(seq, batch_size=2, bptt=4, batch_first=True)))
    assert xb.numpy()[1].tolist() == [10, 11, 12, 13]


def test_sequence_loader_over_a_dataset():
    loader = SequenceLoader(SinCurve(), batch_size=3, bptt=30)
    x, t = next(iter(loader))
    assert x.shape == (30, 3, 1) and x.dtype == np.float32 and t.shape == (30, 3, 1)
    assert np.allclose(x.numpy()[1:], t.numpy()[:-1])
    with pytest.raises(ValueError, match="cannot fill"):
        SequenceLoader(np.arange(3), batch_size=5)


def test_transforms():
    x = np.arange(6, dtype=np.uint8).reshape(2, 3)
    assert transforms.Flatten()(x).shape == (6,)
    t = transforms.ToTensor()(x)
    assert isinstance(t, ag.Tensor) and t.dtype == np.float32 and np.isclose(t.numpy().max(), 5 / 255)
    assert transforms.ToFloat()(x).dtype == np.float32
    norm = transforms.Normalize([1.0, 2.0], [2.0, 4.0])(np.ones((2, 2, 2), np.float32))
    assert np.allclose(norm[0], 0) and np.allclose(norm[1], -0.25) and norm.dtype == np.float32
    with pytest.raises(ValueError, match="first axis has 2 channels"):
        transforms.Normalize([1.0, 2.0], [1.0, 1.0])(np.ones((3, 2)))
    with pytest.raises(ValueError, match="non-zero"):
        transforms.Normalize(0.0, 0.0)
    assert transforms.OneHot(4)(2).tolist() == [0, 0, 1, 0]
    with pytest.raises(ValueError, match="label 4 is out of range"):
        transforms.OneHot(4)(4)
    pipeline = transforms.Compose([transforms.ToFloat(), transforms.Lambda(lambda a: a * 2), transforms.Flatten()])
    assert pipeline(x).tolist() == [0, 2, 4, 6, 8, 10]


def test_array_dataset_rejects_mismatched_lengths():
    from autograd_core.datasets import ArrayDataset
    with pytest.raises(ValueError, match="data has 3 samples but targets has 2"):
        ArrayDataset(np.zeros((3, 2)), np.zeros(2))


def test_truncated_bptt_with_a_carried_hidden_state():
    from autograd_core import nn, optim
    ag.manual_seed(0)
    lstm, head = nn.LSTM(1, 16), nn.Linear(16, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = optim.Adam(params, lr=0.01)
    loader = SequenceLoader(SinCurve(), batch_size=4, bptt=25)
    losses = []
    for _ in range(4):
        state, total = None, 0.0
        for x, t in loader:  # (25, 4, 1): consecutive windows of 4 streams
            out, state = lstm(x, state)
            state = tuple(s.detach() for s in state)  # truncate the graph, keep the values
            loss = ((head(out) - t) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        losses.append(total / len(loader))
    assert losses[-1] < 0.2 * losses[0]
