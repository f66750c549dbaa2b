"""DataLoader: mini-batches of a Dataset as Tensors, with reproducible shuffling."""
import collections.abc
import numbers

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.tensor import Tensor

from .dataset import IterableDataset, _Batch
from .sampler import BatchSampler, RandomSampler, SequentialSampler, _check_positive, _num_batches

_FIXED = frozenset({"dataset", "batch_size", "sampler", "batch_sampler", "drop_last", "persistent_workers"})


class DataLoader:
    """Iterate over ``dataset`` in mini-batches (torch.utils.data.DataLoader's arguments).

    Args:
        dataset: a map-style data set (``len`` and ``ds[i]``) or an ``IterableDataset``.
        batch_size: samples per batch; ``None`` turns batching off: each sample is passed through
            ``collate_fn`` (default ``default_convert``) on its own.
        shuffle: visit the samples in a new random order each epoch (a ``RandomSampler``).
        sampler: the order of the indices (a ``Sampler`` or any iterable of indices); excludes ``shuffle``.
        batch_sampler: yields whole lists of indices; excludes ``batch_size``, ``shuffle``, ``sampler``
            and ``drop_last``.
        num_workers: accepted so ported code runs; batches are made in this process (a warning says so).
        collate_fn: turns a list of samples into a batch (default: ``default_collate``, which stacks each
            field into a Tensor, keeping its dtype: the built-in data sets give float32 inputs and int64
            class labels).
        pin_memory, timeout, worker_init_fn, multiprocessing_context, prefetch_factor, persistent_workers,
            pin_memory_device, in_order: accepted (and checked as PyTorch checks them) so ported code runs; unused.
        drop_last: drop the last batch when it is smaller than ``batch_size``.
        generator: an ``ag.Generator`` (or a ``numpy.random.Generator``) to shuffle with instead of ``seed``.
            With neither, shuffling draws from the global generator (``ag.manual_seed``).
        seed: seed of the loader's own generator; two loaders with the same seed give the same batches,
            epoch after epoch.
        device: move every batch there (``'cpu'``, ``'cuda'``).

    Example:
        >>> loader = DataLoader(Digits(train=True), batch_size=64, shuffle=True, seed=0)
        >>> for x, t in loader:   # x: (64, 64) float32, t: (64,) int64
        ...     loss = F.cross_entropy(model(x), t)
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True, seed=None, device=None):
        if num_workers < 0:
            raise ValueError(f"DataLoader: num_workers option should be non-negative, got {num_workers}; use "
                             "num_workers=0 to disable multiprocessing")
        if timeout < 0:
            raise ValueError(f"DataLoader: timeout option should be non-negative, got {timeout}")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("DataLoader: prefetch_factor option could only be specified with num_workers > 0; "
                             "otherwise set prefetch_factor to None")
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError(f"DataLoader: prefetch_factor option should be non-negative, got {prefetch_factor}")
        if persistent_workers and num_workers == 0:
            raise ValueError("DataLoader: persistent_workers option needs num_workers > 0")
        if num_workers:
            import warnings
            warnings.warn(f"DataLoader: num_workers={num_workers} is ignored; batches are made in the main "
                          "process", stacklevel=2)
            prefetch_factor = 2 if prefetch_factor is None else prefetch_factor
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed or generator, not both")
        generator = np.random.default_rng(seed) if seed is not None else generator
        if isinstance(dataset, IterableDataset):
            for name, value, given in (("shuffle", shuffle, shuffle not in (None, False)),
                                       ("sampler", sampler, sampler is not None),
                                       ("batch_sampler", batch_sampler, batch_sampler is not None)):
                if given:
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified {name} option, "
                                     f"but got {name}={value!r}")
        elif sampler is not None and shuffle:
            raise ValueError("DataLoader: sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("DataLoader: batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("DataLoader: batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        elif batch_size is not None:
            _check_positive("DataLoader", "batch_size", batch_size)
        if sampler is None and not isinstance(dataset, IterableDataset):
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and sampler is not None:
            batch_sampler = BatchSampler(sampler, int(batch_size), bool(drop_last))
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, bool(drop_last)
        self.sampler, self.batch_sampler, self.generator = sampler, batch_sampler, generator
        self.num_workers, self.pin_memory, self.timeout, self.device = num_workers, pin_memory, timeout, device
        self.worker_init_fn, self.multiprocessing_context = worker_init_fn, multiprocessing_context
        self.prefetch_factor, self.persistent_workers = prefetch_factor, persistent_workers
        self.pin_memory_device, self.in_order = pin_memory_device, in_order
        batching = batch_size is not None or batch_sampler is not None
        self.collate_fn = collate_fn or (default_collate if batching else default_convert)
        self._initialized = True

    def __setattr__(self, name, value):
        if name in _FIXED and getattr(self, "_initialized", False):
            raise ValueError(f"DataLoader: {name} attribute should not be set after DataLoader is initialized")
        super().__setattr__(name, value)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            return n if self.batch_size is None else _num_batches(n, self.batch_size, self.drop_last)
        return len(self.sampler if self.batch_sampler is None else self.batch_sampler)

    def __iter__(self):
        if isinstance(self.dataset, IterableDataset):
            stream = self.dataset if self.batch_size is None else BatchSampler(self.dataset, self.batch_size,
                                                                                 self.drop_last)
            batches = map(self.collate_fn, stream)
        elif self.batch_sampler is None:
            batches = (self.collate_fn(self.dataset[i]) for i in self.sampler)
        else:
            batches = map(self._fetch, self.batch_sampler)
        for batch in batches:
            yield batch if self.device is None else to_device(batch, self.device)

    def _fetch(self, indices):
        if self.collate_fn is default_collate and hasattr(self.dataset, "__getitems__"):
            samples = self.dataset.__getitems__(indices)
        else:
            samples = [self.dataset[i] for i in indices]
        return default_collate(samples) if isinstance(samples, _Batch) else self.collate_fn(samples)

    def __repr__(self):
        return (f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
                f"sampler={type(self.sampler).__name__}, drop_last={self.drop_last})")


def get_worker_info():
    """Information about the current worker process: always ``None`` here, since batches are made in the
    main process (PyTorch returns ``None`` there too)."""
    return None


def default_convert(data):
    """Turn NumPy arrays and scalars inside ``data`` into Tensors, keeping its structure (what a DataLoader
    with ``batch_size=None`` applies to each sample).

    Mappings become dicts, named tuples keep their type, other tuples and lists become lists (as PyTorch); Tensors,
    Python numbers, strings and arrays of strings or objects pass through unchanged.
    """
    if isinstance(data, np.ndarray) and data.dtype.kind not in "SUO" or isinstance(data, (np.number, np.bool_)):
        return _to_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (tuple, list)):
        return [default_convert(d) for d in data]
    return data


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
