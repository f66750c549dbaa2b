"""autograd_core.datasets: data sets, DataLoader and transforms (PyTorch's names).

    >>> from autograd_core.datasets import Digits, DataLoader
    >>> loader = DataLoader(Digits(train=True), batch_size=64, shuffle=True, seed=0)
    >>> x, t = next(iter(loader))      # x: (64, 64) float32, t: (64,) int64

Samplers (``RandomSampler``, ``WeightedRandomSampler``, ``BatchSampler`` ...) pick the order; an
``IterableDataset`` is a stream the loader batches as it comes.

Shipped, offline: ``Digits``, ``AirPassengers``; generated: ``Spiral``,
``SinCurve``; downloaded and verified: ``MNIST``, ``FashionMNIST``.
"""
from . import transforms
from .dataloader import DataLoader, default_collate, default_convert, get_worker_info
from .dataset import (ArrayDataset, ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset, Subset,
                      TensorDataset, random_split)
from .digits import Digits, load_digits_arrays
from .download import data_root
from .errors import (BadMagicNumberError, ChecksumMismatchError, DataFileError, DatasetNotFoundError,
                     TruncatedFileError)
from .idx import read_idx, write_idx
from .mnist import MNIST, FashionMNIST
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,
                      WeightedRandomSampler)
from .sequence import SequenceLoader
from .spiral import Spiral
from .timeseries import AirPassengers, SinCurve, load_airpassengers

__all__ = ["Dataset", "IterableDataset", "ArrayDataset", "TensorDataset", "StackDataset", "Subset", "ConcatDataset",
           "ChainDataset", "random_split", "DataLoader", "default_collate", "default_convert", "get_worker_info",
           "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler", "SequenceLoader", "transforms", "Spiral", "Digits", "MNIST", "FashionMNIST",
           "SinCurve", "AirPassengers", "load_digits_arrays", "load_airpassengers", "read_idx", "write_idx",
           "data_root", "DataFileError", "BadMagicNumberError", "TruncatedFileError", "ChecksumMismatchError",
           "DatasetNotFoundError"]
