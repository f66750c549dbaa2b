"""Samplers: the order in which a DataLoader visits a map-style data set (torch.utils.data's names).

A sampler is an iterable of indices (a ``BatchSampler`` one of lists of indices); its ``len`` is how many
it yields. ``generator`` is an ``ag.Generator`` (or, except for ``WeightedRandomSampler``, a
``numpy.random.Generator``); without one the draws come from the framework's global generator (``ag.manual_seed``).
"""
import itertools

import numpy as np

from autograd_core.ops._util import is_int

from .dataset import _generator


class Sampler:
    """Base class: subclasses implement ``__iter__`` (and ``__len__`` when they know their length)."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")


class SequentialSampler(Sampler):
    """The indices ``0, 1, ..., len(data_source) - 1`` in order."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """The indices of ``data_source`` in a random order, drawn anew on each pass.

    Args:
        data_source: the data set (only its ``len`` is used).
        replacement: draw ``num_samples`` indices independently (with repeats) instead of permuting.
        num_samples: how many indices to yield (default ``len(data_source)``); without replacement and
            more than ``len(data_source)``, whole permutations follow one another.
        generator: the generator to draw from.

    Example:
        >>> list(RandomSampler(range(4), generator=ag.Generator().manual_seed(0)))   # e.g. [2, 0, 3, 1]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"RandomSampler: replacement should be a boolean value, but got "
                            f"replacement={replacement!r}")
        self.data_source, self.replacement, self._num_samples = data_source, replacement, num_samples
        self.generator = generator
        _check_positive("RandomSampler", "num_samples", self.num_samples)

    @property
    def num_samples(self):
        """How many indices one pass yields."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n, rng = len(self.data_source), _generator(None, self.generator)
        if self.replacement:
            return iter(rng.integers(0, n, size=self.num_samples).tolist())
        whole, rest = divmod(self.num_samples, n)
        perms = [rng.permutation(n) for _ in range(whole)]
        if rest:
            perms.append(rng.permutation(n)[:rest])
        return iter(np.concatenate(perms).tolist())

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a random order, drawn anew on each pass (without replacement)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        for i in _generator(None, self.generator).permutation(len(self.indices)).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices into ``weights``, index ``i`` drawn with probability proportional to
    ``weights[i]`` (``ag.multinomial``); ``generator`` is an ``ag.Generator``.

    Example:
        >>> sampler = WeightedRandomSampler([0.1, 0.9, 3.0], num_samples=5)   # mostly 2s
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        _check_positive("WeightedRandomSampler", "num_samples", num_samples)
        if not isinstance(replacement, bool):
            raise ValueError(f"WeightedRandomSampler: replacement should be a boolean value, but got "
                             f"replacement={replacement!r}")
        from autograd_core.creation import as_tensor
        weights = as_tensor(weights, dtype=np.float64)
        if weights.ndim != 1:
            raise ValueError(f"WeightedRandomSampler: weights should be a 1d sequence but given weights have "
                             f"shape {tuple(weights.shape)}")
        self.weights, self.num_samples, self.replacement = weights, num_samples, replacement
        self.generator = generator

    def __iter__(self):
        from autograd_core.random import multinomial
        draws = multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator)
        return iter(draws.tolist())

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` (any iterable) into lists of ``batch_size``; with ``drop_last``
    the last, shorter list is dropped.

    Example:
        >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
        [[0, 1], [2, 3], [4]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        _check_positive("BatchSampler", "batch_size", batch_size)
        if not isinstance(drop_last, bool):
            raise ValueError(f"BatchSampler: drop_last should be a boolean value, but got drop_last={drop_last!r}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        items = iter(self.sampler)
        batch = list(itertools.islice(items, self.batch_size))
        while batch and (len(batch) == self.batch_size or not self.drop_last):
            yield batch
            batch = list(itertools.islice(items, self.batch_size))

    def __len__(self):
        return _num_batches(len(self.sampler), self.batch_size, self.drop_last)


def _num_batches(n, batch_size, drop_last):
    return n // batch_size if drop_last else -(-n // batch_size)


def _check_positive(where, name, value):
    if not is_int(value) or value <= 0:
        raise ValueError(f"{where}: {name} should be a positive integer value, but got {name}={value!r}")
