"""Time series for sequence models: SinCurve (synthetic) and AirPassengers (shipped)."""
from importlib import resources

import numpy as np

from .dataset import ArrayDataset


class SinCurve(ArrayDataset):
    """One period of a sine sampled at ``num_steps`` points, for next-step prediction.

    The training curve is ``sin`` plus uniform noise in ``[-noise, noise]``; the
    test curve is a clean ``cos`` (the same shape, shifted), as in the DeZero book.
    Sample ``i`` is ``(y[i], y[i + 1])``, each float32 of shape (1,), in time
    order: use it with ``SequenceLoader`` to keep the order.
    """

    def __init__(self, train=True, num_steps=1000, noise=0.05, seed=0, transform=None, target_transform=None):
        if num_steps < 2:
            raise ValueError(f"SinCurve: num_steps must be at least 2, got {num_steps}")
        x = np.linspace(0, 2 * np.pi, num_steps)
        if train:
            y = np.sin(x) + np.random.default_rng(seed).uniform(-noise, noise, num_steps)
        else:
            y = np.cos(x)
        y = y.astype(np.float32)[:, None]
        super().__init__(y[:-1], y[1:], transform, target_transform)


def load_airpassengers():
    """The raw series: month labels ('1949-01' ...) and float32 passengers in thousands (144,)."""
    text = resources.files(__package__).joinpath("data/airpassengers.csv").read_text()
    rows = [line.split(",") for line in text.split()[1:]]
    return [month for month, _ in rows], np.array([float(v) for _, v in rows], dtype=np.float32)


class AirPassengers(ArrayDataset):
    """Monthly international airline passengers 1949-1960 (Box and Jenkins, series G), windowed
    for next-month prediction.

    Sample ``(x, t)``: ``x`` float32 (window, 1), the ``window`` months before the
    target month; ``t`` float32 (1,), the target month. Values are min-max scaled
    with the minimum and maximum of the training months only, so the held-out
    months do not leak into the scaling (they may exceed 1); ``inverse_scale``
    maps back to thousands of passengers.

    Attributes:
        series: float32 (144,) raw values in thousands; ``months``: their labels.
        scaled: the scaled series; ``min``, ``max``: the scaling constants.
        target_months: the month label of each sample's target.

    Args:
        window: months of input per sample (12).
        train: None for every window; True for windows whose target is in the
            first ``1 - test_fraction`` of the months; False for the rest (the
            held-out last months; their inputs may reach back into training months).
        test_fraction: share of months held out at the end (0.1: the last 14).
        scale: min-max scale (True) or keep thousands of passengers (False).
    """

    def __init__(self, window=12, train=None, test_fraction=0.1, scale=True, transform=None,
                 target_transform=None):
        self.months, self.series = load_airpassengers()
        n = len(self.series)
        if not 1 <= window < n:
            raise ValueError(f"AirPassengers: window must be 1..{n - 1} months, got {window}")
        if not 0 <= test_fraction < 1:
            raise ValueError(f"AirPassengers: test_fraction must lie in [0, 1), got {test_fraction}")
        self.num_test = int(round(n * test_fraction))
        fit_part = self.series[:n - self.num_test]
        self.min, self.max = (float(fit_part.min()), float(fit_part.max())) if scale else (0.0, 1.0)
        self.scaled = ((self.series - self.min) / (self.max - self.min)).astype(np.float32)
        targets = np.arange(window, n)
        if train is not None:
            targets = targets[(targets < n - self.num_test) == bool(train)]
        x = np.stack([self.scaled[k - window:k] for k in targets])[..., None] if len(targets) else \
            np.zeros((0, window, 1), np.float32)
        self.window, self.target_months = window, [self.months[k] for k in targets]
        super().__init__(x, self.scaled[targets][:, None], transform, target_transform)

    def inverse_scale(self, values):
        """Scaled values back to thousands of passengers."""
        return np.asarray(values) * (self.max - self.min) + self.min
