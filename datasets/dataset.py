"""Dataset, IterableDataset, TensorDataset, StackDataset, Subset, ConcatDataset, ChainDataset and random_split
(PyTorch's names)."""
import bisect
import math

import numpy as np

from autograd_core.creation import as_tensor

from autograd_core.tensor import Tensor


class Dataset:
    """A map-style data set: ``len(ds)`` samples, ``ds[i]`` is the i-th one.

    Subclasses implement ``__len__`` and ``__getitem__``. The built-in data sets
    keep their raw arrays in ``data`` and ``targets`` and apply ``transform`` to
    each input and ``target_transform`` to each target.
    """

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A data set that is a stream of samples: subclasses implement ``__iter__`` (``__len__`` is optional).

    A DataLoader iterates it once per epoch and batches what it yields; it takes no ``shuffle``,
    ``sampler`` or ``batch_sampler`` (the stream decides the order). ``a + b`` chains two streams.

    Example:
        >>> class Count(IterableDataset):
        ...     def __iter__(self):
        ...         return iter(range(5))
        >>> [t.tolist() for t in DataLoader(Count(), batch_size=2)]
        [[0, 1], [2, 3], [4]]
    """

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")

    def __getitem__(self, index):
        raise TypeError(f"{type(self).__name__} is an IterableDataset: iterate it, it has no [index]")

    def __len__(self):
        raise TypeError(f"{type(self).__name__} is an IterableDataset without __len__")

    def __add__(self, other):
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """Several IterableDatasets one after the other, read lazily."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self._checked():
            yield from d

    def __len__(self):
        return sum(len(d) for d in self._checked())

    def _checked(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError(f"ChainDataset only supports IterableDataset, got {type(d).__name__}")
            yield d


class ArrayDataset(Dataset):
    """Samples ``(x, t)`` from two equally long arrays held in memory.

    Args:
        data: inputs, one sample per row (numpy array).
        targets: targets, one per row of ``data``.
        transform: callable applied to each input (e.g. ``transforms.Normalize``).
        target_transform: callable applied to each target.

    Without transforms, a batch is fetched with one fancy-indexing call
    (``__getitems__``), which is what makes the DataLoader fast on large sets.
    """

    def __init__(self, data, targets, transform=None, target_transform=None):
        data, targets = np.asarray(data), np.asarray(targets)
        if len(data) != len(targets):
            raise ValueError(f"{type(self).__name__}: data has {len(data)} samples but targets has "
                             f"{len(targets)}; they must be equally long")
        self.data, self.targets = data, targets
        self.transform, self.target_transform = transform, target_transform

    def __len__(self):
        return len(self.data)

    def _sample(self, x, t):
        if self.transform is not None:
            x = self.transform(x)
        if self.target_transform is not None:
            t = self.target_transform(t)
        return x, t

    def _inputs(self, raw):
        """The model's input for raw rows of ``data``; data sets that rescale pixels override it."""
        return raw

    def __getitem__(self, index):
        index = _check_index(index, len(self), type(self).__name__)
        return self._sample(self._inputs(self.data[index]), self.targets[index])

    def __getitems__(self, indices):
        if self.transform is not None or self.target_transform is not None:
            return [self[i] for i in indices]
        indices = np.asarray(indices, dtype=np.int64)
        return _Batch((self._inputs(self.data[indices]), self.targets[indices]))

    def __repr__(self):
        x, t = self.data, self.targets
        return (f"{type(self).__name__}(n={len(self)}, data={x.dtype}{list(x.shape[1:])}, "
                f"targets={t.dtype}{list(t.shape[1:])})")


class _Batch(tuple):
    """Fields already stacked along a batch axis (what ``__getitems__`` returns)."""


class TensorDataset(Dataset):
    """Samples made by indexing each tensor (or array) along its first axis.

    Example:
        >>> ds = TensorDataset(ag.randn(100, 3), ag.randint(0, 2, (100,)))
        >>> x, t = ds[0]
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        sizes = [len(t) if _ndim(t) else None for t in tensors]
        if None in sizes:
            raise ValueError(f"TensorDataset: tensor {sizes.index(None)} is 0-d; each needs a first (sample) axis")
        if len(set(sizes)) != 1:
            raise ValueError(f"TensorDataset: tensors have different first-axis sizes {sizes}; "
                             f"all must hold the same number of samples")
        self.tensors = tuple(t._data if isinstance(t, Tensor) else np.asarray(t) for t in tensors)

    def __len__(self):
        return len(self.tensors[0])

    def __getitem__(self, index):
        index = _check_index(index, len(self), "TensorDataset")
        return tuple(as_tensor(t[index]) for t in self.tensors)  # Tensors, as PyTorch's

    def __getitems__(self, indices):
        indices = np.asarray(indices, dtype=np.int64)
        return _Batch(t[indices] for t in self.tensors)


class StackDataset(Dataset):
    """Equally long data sets side by side: sample ``i`` is the tuple (``*args``) or the dict
    (``**kwargs``) of each data set's sample ``i``.

    Example:
        >>> ds = StackDataset(image=images, label=labels)
        >>> ds[0]          # {'image': images[0], 'label': labels[0]}
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("StackDataset: give the data sets as positional arguments (tuple samples) or as "
                             "keyword arguments (dict samples), not both")
        if not args and not kwargs:
            raise ValueError("StackDataset: at least one data set should be passed")
        self.datasets = args or kwargs
        sizes = [len(d) for d in (args or kwargs.values())]
        if len(set(sizes)) != 1:
            raise ValueError(f"StackDataset: size mismatch between data sets {sizes}")
        self._length = sizes[0]

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __len__(self):
        return self._length


def _ndim(t):
    return t.ndim if hasattr(t, "ndim") else np.ndim(t)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset, indices):
        indices = np.asarray(indices, dtype=np.int64).reshape(-1)
        n = len(dataset)
        if len(indices) and (indices.min() < -n or indices.max() >= n):
            raise IndexError(f"Subset: indices must lie in [0, {n}) for a data set of {n} samples; "
                             f"got min {indices.min()}, max {indices.max()}")
        self.dataset, self.indices = dataset, indices % n if n else indices

    def __len__(self):
        return len(self.indices)

    def __getitem__(self, index):
        return self.dataset[int(self.indices[_check_index(index, len(self), "Subset")])]

    def __getitems__(self, indices):
        chosen = self.indices[np.asarray(indices, dtype=np.int64)]
        if hasattr(self.dataset, "__getitems__"):
            return self.dataset.__getitems__(chosen)
        return [self.dataset[int(i)] for i in chosen]


class ConcatDataset(Dataset):
    """Several data sets one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset needs at least one data set")
        if any(isinstance(d, IterableDataset) for d in self.datasets):
            raise AssertionError("ConcatDataset does not support IterableDataset; use ChainDataset")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        index = _check_index(index, len(self), "ConcatDataset")
        k = bisect.bisect_right(self.cumulative_sizes, index)
        start = self.cumulative_sizes[k - 1] if k else 0
        return self.datasets[k][index - start]


def _check_index(index, n, where):
    if not isinstance(index, (int, np.integer)):
        raise TypeError(f"{where}[{index!r}]: index must be an integer, got {type(index).__name__}; "
                        f"use a Subset or a DataLoader for several samples")
    if not -n <= index < n:
        raise IndexError(f"{where}: index {index} is out of range for {n} samples")
    return int(index) % n


def random_split(dataset, lengths, seed=None, generator=None):
    """Split ``dataset`` at random into non-overlapping Subsets of the given lengths.

    Args:
        dataset: the data set to split.
        lengths: sample counts summing to ``len(dataset)``, or fractions summing
            to 1 (as in PyTorch: ``floor`` of each share, the remainder handed out
            one by one, round robin).
        seed: seed for the permutation, so the split is reproducible.
        generator: an ``ag.Generator`` (or a ``numpy.random.Generator``) to draw from instead of ``seed``.
            With neither, the framework's global generator (``ag.manual_seed``).

    Example:
        >>> train, val = random_split(ds, [0.8, 0.2], seed=0)
    """
    n = len(dataset)
    lengths = list(lengths)
    if not lengths or any(length < 0 for length in lengths):
        raise ValueError(f"random_split: lengths must be non-negative, got {lengths}")
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1 and any(isinstance(f, float) for f in lengths):
        counts = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if any(int(length) != length for length in lengths) or sum(lengths) != n:
        raise ValueError(f"random_split: lengths {lengths} must be integers summing to len(dataset) = {n}, "
                         f"or fractions summing to 1")
    perm = _generator(seed, generator).permutation(n)
    bounds = np.cumsum([0] + [int(length) for length in lengths])
    return [Subset(dataset, perm[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def _generator(seed, generator):
    """The NumPy Generator to draw from: ``generator`` (NumPy's, or an ag.Generator's), a new one seeded
    with ``seed``, or the framework's global one."""
    from autograd_core.random import get_rng
    if isinstance(generator, np.random.Generator):
        return generator
    if seed is not None and generator is None:
        return np.random.default_rng(seed)
    return get_rng(generator)
