"""Samplers, DataLoader's sampler / batch_sampler / batch_size=None, IterableDataset, ChainDataset,
StackDataset and default_convert; PyTorch parity where the result doesn't depend on random draws."""
import collections

import numpy as np
import pytest

import autograd_core as ag
from autograd_core.datasets import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, IterableDataset,
                                    RandomSampler, Sampler, SequentialSampler, StackDataset, SubsetRandomSampler,
                                    TensorDataset, WeightedRandomSampler, default_convert, get_worker_info)


class Count(IterableDataset):
    """The stream 0, 1, ..., n - 1, with a length when ``sized``."""

    def __init__(self, n, sized=False):
        self.n, self.sized = n, sized

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        if not self.sized:
            raise TypeError("Count has no len")
        return self.n


def _plain(batch):
    """A batch as nested Python lists, to compare ours with PyTorch's."""
    if hasattr(batch, "tolist"):
        return batch.tolist()
    if isinstance(batch, dict):
        return {k: _plain(v) for k, v in batch.items()}
    if isinstance(batch, (tuple, list)):
        return [_plain(b) for b in batch]
    return batch


def _seed(n):
    return ag.Generator().manual_seed(n)


def test_sequential_and_batch_sampler():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3] and len(SequentialSampler([7] * 5)) == 5
    assert list(BatchSampler(SequentialSampler(range(10)), 3, False)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert list(BatchSampler(range(10), 3, True)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert (len(BatchSampler(range(10), 3, False)), len(BatchSampler(range(10), 3, True))) == (4, 3)
    assert list(BatchSampler([], 3, False)) == []
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        BatchSampler(range(3), 0, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean"):
        BatchSampler(range(3), 2, 1)
    with pytest.raises(NotImplementedError, match="__iter__"):
        iter(Sampler())


def test_random_sampler_permutes_and_is_reproducible():
    order = list(RandomSampler(range(20), generator=_seed(1)))
    assert sorted(order) == list(range(20)) and order != list(range(20))
    assert order == list(RandomSampler(range(20), generator=_seed(1)))
    sampler = RandomSampler(range(20), generator=_seed(1))
    assert list(sampler) != list(sampler), "each pass draws a new order"
    longer = list(RandomSampler(range(4), num_samples=10, generator=_seed(2)))
    assert len(longer) == 10 and sorted(longer[:4]) == sorted(longer[4:8]) == [0, 1, 2, 3]
    assert len(set(longer[8:])) == 2
    ag.manual_seed(5)
    a = list(RandomSampler(range(9)))
    ag.manual_seed(5)
    assert a == list(RandomSampler(range(9))), "the global generator drives it without one"


def test_random_sampler_with_replacement():
    draws = list(RandomSampler(range(3), replacement=True, num_samples=300, generator=_seed(0)))
    assert len(draws) == 300 and set(draws) == {0, 1, 2}
    assert len(RandomSampler(range(3), replacement=True, num_samples=7)) == 7
    with pytest.raises(TypeError, match="replacement should be a boolean"):
        RandomSampler(range(3), replacement=1)
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        RandomSampler(range(3), num_samples=0)
    with pytest.raises(ValueError, match="num_samples=0"):
        RandomSampler([])


def test_subset_random_sampler():
    indices = [10, 4, 7, 2]
    out = list(SubsetRandomSampler(indices, generator=_seed(3)))
    assert sorted(out) == sorted(indices) and len(SubsetRandomSampler(indices)) == 4
    assert out == list(SubsetRandomSampler(indices, generator=_seed(3)))


def test_weighted_random_sampler():
    draws = np.array(list(WeightedRandomSampler([1.0, 0.0, 3.0], 4000, generator=_seed(0))))
    assert set(draws.tolist()) == {0, 2}
    assert abs((draws == 2).mean() - 0.75) < 0.03
    unique = list(WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 6, replacement=False, generator=_seed(1)))
    assert sorted(unique) == list(range(6)) and len(WeightedRandomSampler([1, 2], 5)) == 5
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        WeightedRandomSampler([1, 2], 0)
    with pytest.raises(ValueError, match="replacement should be a boolean"):
        WeightedRandomSampler([1, 2], 2, replacement=None)
    with pytest.raises(ValueError, match=r"1d sequence .* shape \(2, 1\)"):
        WeightedRandomSampler([[1], [2]], 2)


def test_shuffle_is_a_random_sampler_with_the_loaders_generator():
    loader = DataLoader(list(range(12)), batch_size=5, shuffle=True, seed=4)
    assert isinstance(loader.sampler, RandomSampler) and loader.sampler.generator is loader.generator
    assert isinstance(DataLoader(list(range(3))).sampler, SequentialSampler)
    first = [t.tolist() for t in loader]
    again = [t.tolist() for t in DataLoader(list(range(12)), batch_size=5, shuffle=True, seed=4)]
    assert first == again and [len(b) for b in first] == [5, 5, 2]


def test_loader_with_sampler_and_batch_sampler():
    ds = TensorDataset(np.arange(10))
    (t,), = list(DataLoader(ds, batch_size=3, sampler=[9, 1, 5]))[:1]
    assert t.tolist() == [9, 1, 5]
    batches = [t.tolist() for t, in DataLoader(ds, batch_sampler=[[0, 2], [4, 6, 8]])]
    assert batches == [[0, 2], [4, 6, 8]]
    loader = DataLoader(ds, sampler=SubsetRandomSampler([1, 3], generator=_seed(0)), batch_size=2)
    assert sorted(next(iter(loader))[0].tolist()) == [1, 3]


def test_batch_size_none_converts_each_sample():
    ds = TensorDataset(np.arange(4.0), np.arange(4))
    x, t = next(iter(DataLoader(ds, batch_size=None)))
    assert isinstance(x, ag.Tensor) and x.shape == () and t.tolist() == 0
    out = list(DataLoader([np.zeros(2, np.float32), np.ones(2, np.float32)], batch_size=None))
    assert [o.tolist() for o in out] == [[0, 0], [1, 1]] and out[0].dtype == np.float32


def test_iterable_dataset_batches_and_chains():
    assert [t.tolist() for t in DataLoader(Count(7), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [t.tolist() for t in DataLoader(Count(7), batch_size=3, drop_last=True)] == [[0, 1, 2], [3, 4, 5]]
    assert list(DataLoader(Count(3), batch_size=None)) == [0, 1, 2]
    chain = Count(2, sized=True) + Count(3, sized=True)
    assert isinstance(chain, ChainDataset) and list(chain) == [0, 1, 0, 1, 2] and len(chain) == 5
    with pytest.raises(TypeError, match="no len"):
        len(DataLoader(Count(3)))
    with pytest.raises(AssertionError, match="only supports IterableDataset"):
        list(ChainDataset([Count(2), [1, 2]]))
    with pytest.raises(AssertionError, match="does not support IterableDataset"):
        ConcatDataset([Count(2)])
    with pytest.raises(TypeError, match="IterableDataset"):
        Count(2)[0]


def test_stack_dataset():
    a, b = TensorDataset(np.arange(3.0)), TensorDataset(np.arange(3) * 10)
    assert StackDataset(a, b)[2][1][0].tolist() == 20 and len(StackDataset(a, b)) == 3
    x = next(iter(DataLoader(StackDataset(x=a, t=b), batch_size=3)))
    assert set(x) == {"x", "t"} and x["t"][0].tolist() == [0, 10, 20]
    with pytest.raises(ValueError, match="not both"):
        StackDataset(a, t=b)
    with pytest.raises(ValueError, match="at least one"):
        StackDataset()
    with pytest.raises(ValueError, match="size mismatch"):
        StackDataset(a, TensorDataset(np.arange(4)))


def test_default_convert_and_worker_info():
    P = collections.namedtuple("P", "x y")
    out = default_convert({"a": (np.arange(2), 1), "p": P(np.float32(2), "s"), "s": np.array(["u"])})
    assert isinstance(out["a"], list) and isinstance(out["a"][0], ag.Tensor) and out["a"][1] == 1
    assert isinstance(out["p"], P) and out["p"].x.dtype == np.float32 and out["p"].y == "s"
    assert isinstance(out["s"], np.ndarray)
    assert get_worker_info() is None


def test_loader_attributes_are_fixed_after_init():
    loader = DataLoader(list(range(3)))
    with pytest.raises(ValueError, match="batch_size attribute should not be set"):
        loader.batch_size = 2
    loader.collate_fn = list  # others may change, as PyTorch


# -- PyTorch parity ------------------------------------------------------------------------------------

LOADER_CASES = [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                dict(sampler=[4, 0, 2], batch_size=2), dict(batch_sampler=[[1, 2], [0], [5, 6, 7]]),
                dict(batch_sampler=[[1, 2]], shuffle=False), dict(batch_size=4, sampler=[3, 3, 1])]
LOADER_ERRORS = [dict(sampler=[0], shuffle=True), dict(batch_sampler=[[0]], batch_size=2),
                 dict(batch_sampler=[[0]], shuffle=True), dict(batch_sampler=[[0]], sampler=[0]),
                 dict(batch_sampler=[[0]], drop_last=True), dict(batch_size=None, drop_last=True),
                 dict(batch_size=0), dict(timeout=-1), dict(num_workers=-1), dict(prefetch_factor=2),
                 dict(persistent_workers=True), dict(num_workers=2, prefetch_factor=-1)]


@pytest.mark.parametrize("kw", LOADER_CASES)
def test_loader_matches_torch(kw):
    torch = pytest.importorskip("torch")
    data = [np.full(2, i, dtype=np.float32) for i in range(8)]
    ours, theirs = DataLoader(data, **kw), torch.utils.data.DataLoader(data, **kw)
    assert len(ours) == len(theirs)
    assert [_plain(b) for b in ours] == [_plain(b) for b in theirs]


@pytest.mark.parametrize("kw", LOADER_ERRORS)
def test_loader_errors_match_torch(kw):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError):
        torch.utils.data.DataLoader(list(range(8)), **kw)
    with pytest.raises(ValueError):
        DataLoader(list(range(8)), **kw)


@pytest.mark.parametrize("kw", [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                                dict(shuffle=True), dict(sampler=[0]), dict(batch_sampler=[[0]]),
                                dict(sampler=np.array([0, 1])), dict(batch_sampler=False)])
def test_iterable_loader_matches_torch(kw):
    torch = pytest.importorskip("torch")
    # Count again, as torch's DataLoader checks for its own IterableDataset
    theirs_cls = type("TorchCount", (torch.utils.data.IterableDataset,), {
        "__init__": Count.__init__, "__iter__": Count.__iter__, "__len__": Count.__len__})
    try:
        theirs = torch.utils.data.DataLoader(theirs_cls(7, sized=True), **kw)
    except ValueError:
        with pytest.raises(ValueError, match="IterableDataset: expected unspecified"):
            DataLoader(Count(7, sized=True), **kw)
        return
    ours = DataLoader(Count(7, sized=True), **kw)
    assert len(ours) == len(theirs)
    assert [_plain(b) for b in ours] == [_plain(b) for b in theirs]


def test_batch_sampler_and_default_convert_match_torch():
    torch = pytest.importorskip("torch")
    for n, bs, drop in [(10, 3, False), (10, 3, True), (6, 2, True), (1, 4, False)]:
        ours, theirs = BatchSampler(range(n), bs, drop), torch.utils.data.BatchSampler(range(n), bs, drop)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)
    sample = {"a": (np.arange(2), 1), "b": [np.float64(2.5), "s"]}
    assert _plain(default_convert(sample)) == _plain(torch.utils.data.default_convert(sample))
    assert type(default_convert(sample)["a"]) is type(torch.utils.data.default_convert(sample)["a"])


def test_without_replacement_needs_as_many_non_zero_weights_as_samples():
    # torch.multinomial documents this (torch 2.13's CPU kernel returns zero-weight categories instead)
    sampler = WeightedRandomSampler([0.0, 0.0, 1.0], 2, replacement=False)
    with pytest.raises(ValueError, match=r"multinomial: .* 2 samples without replacement .* fewer than 2 non-zero"):
        list(sampler)
    with pytest.raises(ValueError, match="non-zero weight"):
        ag.multinomial(ag.tensor([[1.0, 1.0, 0.0], [0.0, 1.0, 0.0]]), 2)
    assert sorted(ag.multinomial(ag.tensor([[1.0, 1.0, 0.0], [0.0, 1.0, 2.0]]), 2)[1].tolist()) == [1, 2]


@pytest.mark.parametrize("num_samples,replacement,what", [(2.5, True, "num_samples must be an int, got float"),
                                                          (True, True, "num_samples must be an int, got bool"),
                                                          (2, 1, "replacement must be a bool, got int")])
def test_multinomial_argument_types_as_torch(num_samples, replacement, what):
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        torch.multinomial(torch.tensor([1.0, 2.0, 3.0]), num_samples, replacement)
    with pytest.raises(TypeError, match=f"multinomial: {what}"):  # 2.5 used to draw 2 samples
        ag.multinomial(ag.tensor([1.0, 2.0, 3.0]), num_samples, replacement)
    assert ag.multinomial(ag.tensor([1.0, 2.0, 3.0]), np.int64(2)).shape == (2,)


def test_loader_takes_torchs_worker_keywords():
    kw = dict(num_workers=4, prefetch_factor=4, persistent_workers=True, pin_memory=True, pin_memory_device="cpu",
              in_order=False)
    with pytest.warns(UserWarning, match="num_workers=4 is ignored"):
        loader = DataLoader(list(range(5)), batch_size=2, **kw)
    assert [t.tolist() for t in loader] == [[0, 1], [2, 3], [4]]
    assert (loader.prefetch_factor, loader.persistent_workers, loader.in_order) == (4, True, False)
