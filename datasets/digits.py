"""Digits: the UCI hand-written digits (1,797 images of 8x8), shipped with the package."""
from importlib import resources

import numpy as np

from .dataset import ArrayDataset

_SPLITS = {None: "all", True: "train", False: "test"}


def load_digits_arrays():
    """The raw arrays: uint8 images (1797, 64) with values 0..16 and int64 labels (1797,)."""
    with resources.files(__package__).joinpath("data/digits.npz").open("rb") as f, \
            np.load(f, allow_pickle=False) as npz:
        return npz["images"], npz["targets"].astype(np.int64)


class Digits(ArrayDataset):
    """The UCI optical-recognition hand-written digits (Alpaydin and Kaynak, 1998; CC BY 4.0),
    the set scikit-learn calls ``load_digits``. Offline: the data ship inside the package.

    Samples ``(x, t)``: ``x`` float32 of shape (64,) (or (1, 8, 8) with
    ``flatten=False``), pixel counts 0..16 divided by 16 into [0, 1]; ``t`` int64
    digit 0..9. ``data`` holds the raw uint8 pixels (N, 64), ``targets`` the labels.

    Args:
        train: None for all 1,797 images; True / False for the training / held-out
            test part of a fixed random split.
        test_fraction: share of images held out for the test part (0.2).
        split_seed: seed of the split (0), so every script sees the same test images.
        flatten: give each image as a 64-vector (True) or a (1, 8, 8) image.
        transform, target_transform: per-sample callables.
    """

    classes = [str(k) for k in range(10)]

    def __init__(self, train=None, test_fraction=0.2, split_seed=0, flatten=True, transform=None,
                 target_transform=None):
        if train not in _SPLITS:
            raise ValueError(f"Digits: train must be None (all), True or False, got {train!r}")
        if not 0 < test_fraction < 1:
            raise ValueError(f"Digits: test_fraction must lie strictly between 0 and 1, got {test_fraction}")
        images, labels = load_digits_arrays()
        if train is not None:
            order = np.random.default_rng(split_seed).permutation(len(images))
            n_test = int(round(len(images) * test_fraction))
            keep = np.sort(order[n_test:] if train else order[:n_test])
            images, labels = images[keep], labels[keep]
        self.split, self.flatten = _SPLITS[train], bool(flatten)
        super().__init__(images, labels, transform, target_transform)

    def _inputs(self, raw):
        x = raw.astype(np.float32) / np.float32(16)
        return x if self.flatten else x.reshape(*raw.shape[:-1], 1, 8, 8)
