"""Spiral: the 3-class 2-D spiral toy problem (as in the DeZero book)."""
import numpy as np

from .dataset import ArrayDataset


class Spiral(ArrayDataset):
    """Points on ``num_classes`` interleaved spiral arms; class = arm.

    Point ``i`` of arm ``j`` sits at radius ``r = i / n`` and angle
    ``4 j + 4 r + noise * N(0, 1)``, at ``(r sin angle, r cos angle)``; the points
    are then shuffled. Samples ``(x, t)``: ``x`` float32 (2,), ``t`` int64 class.

    Args:
        train: picks the default seed (1984 for training, 2020 for test), so the
            two splits differ and each is the same on every run.
        num_per_class: points per arm (100).
        num_classes: arms (3).
        noise: standard deviation of the angle noise in radians (0.2).
        seed: overrides the default seed.
    """

    def __init__(self, train=True, num_per_class=100, num_classes=3, noise=0.2, seed=None,
                 transform=None, target_transform=None):
        if num_per_class < 1 or num_classes < 1:
            raise ValueError(f"Spiral: num_per_class and num_classes must be positive, got "
                             f"{num_per_class} and {num_classes}")
        rng = np.random.default_rng((1984 if train else 2020) if seed is None else seed)
        rate = np.tile(np.arange(num_per_class) / num_per_class, num_classes)
        label = np.repeat(np.arange(num_classes), num_per_class)
        theta = 4.0 * label + 4.0 * rate + noise * rng.standard_normal(rate.shape)
        x = np.stack([rate * np.sin(theta), rate * np.cos(theta)], axis=1).astype(np.float32)
        order = rng.permutation(len(x))
        super().__init__(x[order], label[order].astype(np.int64), transform, target_transform)
