"""DataLoader: mini-batches of a Dataset as Tensors, with reproducible shuffling."""
import math
import numbers

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.tensor import Tensor

from .dataset import _Batch, _generator


class DataLoader:
    """Iterate over ``dataset`` in mini-batches.

    Args:
        dataset: a map-style data set (``len`` and ``ds[i]``).
        batch_size: samples per batch.
        shuffle: draw a new permutation each epoch.
        drop_last: drop the last batch when it is smaller than ``batch_size``.
        collate_fn: turns a list of samples into a batch (default: ``default_collate``,
            which stacks each field into a Tensor, keeping its dtype: the built-in
            data sets give float32 inputs and int64 class labels).
        seed: seed of the loader's own generator; two loaders with the same seed
            give the same batches, epoch after epoch.
        generator: an ``ag.Generator`` (or a ``numpy.random.Generator``) to shuffle with instead of ``seed``.
            With neither, shuffling draws from the global generator (``ag.manual_seed``).
        device: move every batch there (``'cpu'``, ``'cuda'``).

    Example:
        >>> loader = DataLoader(Digits(train=True), batch_size=64, shuffle=True, seed=0)
        >>> for x, t in loader:   # x: (64, 64) float32, t: (64,) int64
        ...     loss = F.cross_entropy(model(x), t)
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, collate_fn=None,
                 seed=None, generator=None, device=None, num_workers=0, pin_memory=False):
        if num_workers:  # accepted so ported PyTorch code runs; batches are made in this process
            import warnings
            warnings.warn(f"DataLoader: num_workers={num_workers} is ignored; batches are made in the main "
                          "process", stacklevel=2)
        if not isinstance(batch_size, numbers.Integral) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got {batch_size!r}")
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed or generator, not both")
        self.dataset, self.batch_size = dataset, int(batch_size)
        self.shuffle, self.drop_last, self.device = bool(shuffle), bool(drop_last), device
        self.collate_fn = collate_fn or default_collate
        self.generator = np.random.default_rng(seed) if seed is not None else generator

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def _order(self):
        n = len(self.dataset)
        if not self.shuffle:
            return np.arange(n)
        return _generator(None, self.generator).permutation(n)

    def __iter__(self):
        order = self._order()
        stop = len(self) * self.batch_size
        for start in range(0, min(stop, len(order)), self.batch_size):
            yield self._fetch(order[start:start + self.batch_size])

    def _fetch(self, indices):
        if self.collate_fn is default_collate and hasattr(self.dataset, "__getitems__"):
            samples = self.dataset.__getitems__(indices)
        else:
            samples = [self.dataset[int(i)] for i in indices]
        batch = default_collate(samples) if isinstance(samples, _Batch) else self.collate_fn(samples)
        return batch if self.device is None else to_device(batch, self.device)

    def __repr__(self):
        return (f"DataLoader(n={len(self.dataset)}, batch_size={self.batch_size}, shuffle={self.shuffle}, "
                f"drop_last={self.drop_last}, batches={len(self)})")


def default_collate(samples):
    """Stack a list of samples into a batch of Tensors.

    A sample that is a tuple ``(x, t)`` gives a tuple ``(X, T)``; a dict gives a dict;
    arrays, Tensors and numbers are stacked along a new first axis. Python floats
    become float32, Python ints int64; arrays keep their dtype.
    """
    if isinstance(samples, _Batch):
        return tuple(_to_tensor(field) for field in samples)
    if not len(samples):
        raise ValueError("default_collate: got an empty list of samples")
    first = samples[0]
    if isinstance(first, dict):
        return {k: default_collate([s[k] for s in samples]) for k in first}
    if isinstance(first, (tuple, list)):
        sizes = {len(s) for s in samples}
        if len(sizes) != 1:
            raise ValueError(f"default_collate: samples have different numbers of fields {sorted(sizes)}")
        fields = [default_collate([s[k] for s in samples]) for k in range(len(first))]
        return tuple(fields) if isinstance(first, tuple) else fields
    return _to_tensor(_stack(samples))


def _stack(items):
    arrays = [item.data if isinstance(item, Tensor) else item for item in items]
    if all(isinstance(a, (bool, np.bool_)) for a in arrays):
        return np.array(arrays, dtype=np.bool_)
    if all(isinstance(a, numbers.Integral) and not isinstance(a, np.generic) for a in arrays):
        return np.array(arrays, dtype=np.int64)
    if all(isinstance(a, numbers.Real) and not isinstance(a, np.generic) for a in arrays):
        return np.array(arrays, dtype=np.float32)
    shapes = {np.shape(a) for a in arrays}
    if len(shapes) != 1:
        raise ValueError(f"default_collate: samples have different shapes {sorted(shapes)}; pad them to one "
                         f"shape or pass a collate_fn")
    return get_array_module(arrays[0]).stack(arrays)


def _to_tensor(array):
    from autograd_core.creation import as_tensor
    return as_tensor(array)


def to_device(batch, device):
    """Move a batch (Tensor, or tuple/list/dict of them) to ``device``."""
    if isinstance(batch, Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, (tuple, list)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
