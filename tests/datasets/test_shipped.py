"""The shipped data (Digits, AirPassengers) and the generated ones (Spiral, SinCurve)."""
import numpy as np
import pytest

from autograd_core.datasets import AirPassengers, DataLoader, Digits, SinCurve, Spiral, load_digits_arrays


def test_digits_raw_contents():
    images, labels = load_digits_arrays()
    assert images.shape == (1797, 64) and labels.shape == (1797,)
    assert images.dtype == np.uint8 and images.min() == 0 and images.max() == 16
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert int(images.sum(dtype=np.int64)) == 561718
    assert images[0].reshape(8, 8)[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0] and labels[0] == 0


def test_digits_samples_and_split():
    ds = Digits()
    x, t = ds[0]
    assert x.shape == (64,) and x.dtype == np.float32 and np.isclose(x.max(), 15 / 16) and t == 0
    train, test = Digits(train=True), Digits(train=False)
    assert (len(train), len(test)) == (1438, 359)
    both = np.concatenate([train.data, test.data]).sum(dtype=np.int64)
    assert both == 561718, "the split partitions the images"
    assert np.array_equal(Digits(train=False).targets, test.targets), "the split is fixed"
    x, t = next(iter(DataLoader(Digits(flatten=False), batch_size=8)))
    assert x.shape == (8, 1, 8, 8) and t.dtype == np.int64
    with pytest.raises(ValueError, match="test_fraction"):
        Digits(train=True, test_fraction=1.5)


def test_airpassengers_values():
    ds = AirPassengers(scale=False)
    assert ds.series.shape == (144,) and float(ds.series.sum()) == 40363
    assert ds.series[:4].tolist() == [112, 118, 132, 129] and ds.series[-1] == 432
    assert ds.months[0] == "1949-01" and ds.months[-1] == "1960-12"
    assert ds.series.max() == 622


def test_airpassengers_windows_and_held_out_months():
    train, test = AirPassengers(window=12, train=True), AirPassengers(window=12, train=False)
    assert test.num_test == 14 and len(test) == 14 and len(train) == 144 - 12 - 14
    assert test.target_months[0] == "1959-11" and train.target_months[-1] == "1959-10"
    x, t = test[0]
    assert x.shape == (12, 1) and t.shape == (1,) and x.dtype == t.dtype == np.float32
    assert np.isclose(train.scaled[:130].min(), 0) and np.isclose(train.scaled[:130].max(), 1)
    assert test.targets.max() > 1, "held-out months are scaled with the training months' range"
    assert np.isclose(test.inverse_scale(t)[0], test.series[130])
    assert np.allclose(train[1][0][:-1], train[0][0][1:]), "windows slide by one month"


def test_spiral_and_sincurve():
    ds = Spiral()
    assert len(ds) == 300 and ds.data.dtype == np.float32 and np.bincount(ds.targets).tolist() == [100] * 3
    assert np.array_equal(Spiral().data, ds.data) and not np.array_equal(Spiral(train=False).data, ds.data)
    assert np.abs(ds.data).max() <= 1
    s = SinCurve()
    assert len(s) == 999 and s[0][0].shape == (1,) and np.allclose(s.data[1:], s.targets[:-1])
    assert np.allclose(SinCurve(train=False).data[0], 1.0)
