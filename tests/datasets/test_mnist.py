"""IDX parsing, checksums, the offline error and verified atomic downloads, on small files written here.

No test touches the network: downloads go through an injected opener.
"""
import gzip
import hashlib
import io
import os
import struct
import urllib.error

import numpy as np
import pytest

from autograd_core.datasets import (MNIST, BadMagicNumberError, ChecksumMismatchError, DataFileError, DataLoader,
                                    DatasetNotFoundError, FashionMNIST, TruncatedFileError, read_idx, write_idx)
from autograd_core.datasets.download import data_root

FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz"]


def _tiny_files(n_train=6, n_test=4):
    """Gzipped IDX bytes of a tiny MNIST-shaped set: {filename: bytes}."""
    rng = np.random.default_rng(0)
    out = {}
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        for kind, array in (("images-idx3", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)),
                            ("labels-idx1", (np.arange(n) % 10).astype(np.uint8))):
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
                f.write(bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes())
            out[f"{prefix}-{kind}-ubyte.gz"] = buf.getvalue()
    return out


def _tiny_class(blobs, base=MNIST):
    """A MNIST subclass whose published checksums are those of the tiny files."""
    return type("TinyMNIST", (base,), {"resources": {k: hashlib.sha256(v).hexdigest() for k, v in blobs.items()},
                                       "mirrors": ("https://mirror-a.invalid/", "https://mirror-b.invalid/")})


def _write(folder, blobs):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in blobs.items():
        (folder / name).write_bytes(data)


class FakeOpener:
    """Serves ``files`` (per mirror prefix, or for all); records the URLs asked for."""

    def __init__(self, files, fail_mirrors=()):
        self.files, self.fail_mirrors, self.urls = files, fail_mirrors, []

    def __call__(self, url, timeout=None):
        self.urls.append(url)
        if any(url.startswith(m) for m in self.fail_mirrors):
            raise urllib.error.URLError("network is unreachable")
        return io.BytesIO(self.files[url.rsplit("/", 1)[1]])


def test_idx_round_trip_and_big_endian_header(tmp_path):
    a = np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 5
    write_idx(tmp_path / "a.idx", a)
    raw = (tmp_path / "a.idx").read_bytes()
    assert raw[:4] == bytes([0, 0, 0x0C, 3]) and struct.unpack(">3I", raw[4:16]) == (2, 3, 4)
    assert struct.unpack(">i", raw[16:20])[0] == -5
    assert np.array_equal(read_idx(tmp_path / "a.idx"), a)
    write_idx(tmp_path / "b.idx.gz", a.astype(np.uint8))
    assert read_idx(tmp_path / "b.idx.gz", 2051).dtype == np.uint8


def test_bad_magic_number(tmp_path):
    write_idx(tmp_path / "labels.gz", np.zeros(5, np.uint8))  # magic 2049
    with pytest.raises(BadMagicNumberError, match=r"bad magic number 2049 .*expected 2051 \(images\)"):
        read_idx(tmp_path / "labels.gz", 2051)
    (tmp_path / "junk").write_bytes(b"PK\x03\x04 not an idx file at all")
    with pytest.raises(BadMagicNumberError, match="not the right IDX file"):
        read_idx(tmp_path / "junk")


def test_truncated_files(tmp_path):
    write_idx(tmp_path / "x.idx", np.zeros((4, 28, 28), np.uint8))
    raw = (tmp_path / "x.idx").read_bytes()
    (tmp_path / "cut.idx").write_bytes(raw[:-100])
    with pytest.raises(TruncatedFileError, match=r"promises shape \(4, 28, 28\).*truncated"):
        read_idx(tmp_path / "cut.idx")
    (tmp_path / "head.idx").write_bytes(raw[:9])
    with pytest.raises(TruncatedFileError, match="header needs 16 bytes"):
        read_idx(tmp_path / "head.idx")
    gz = gzip.compress(raw)
    (tmp_path / "cut.gz").write_bytes(gz[: len(gz) // 2])
    with pytest.raises(TruncatedFileError, match="gzip stream"):
        read_idx(tmp_path / "cut.gz")


def test_loads_files_on_disk_with_dtypes_and_shapes(tmp_path):
    blobs = _tiny_files()
    _write(tmp_path / "MNIST", blobs)
    tiny = _tiny_class(blobs)
    train, test = tiny(root=tmp_path), tiny(root=tmp_path, train=False)
    assert (len(train), len(test)) == (6, 4)
    x, t = train[0]
    assert t == 0 and x.shape == (1, 28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert train.data.dtype == np.uint8 and train.targets.dtype == np.int64
    xb, tb = next(iter(DataLoader(tiny(root=tmp_path, flatten=True), batch_size=6)))
    assert xb.shape == (6, 784) and tb.tolist() == [0, 1, 2, 3, 4, 5]


def test_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_CORE_DATA", str(tmp_path / "env"))
    assert data_root() == tmp_path / "env"
    assert data_root(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("AUTOGRAD_CORE_DATA")
    assert data_root().parts[-2:] == (".cache", "autograd_core")


def test_offline_error_names_the_four_files_and_the_folder(tmp_path):
    with pytest.raises(DatasetNotFoundError) as err:
        MNIST(root=tmp_path)
    text = str(err.value)
    assert all(name in text for name in FILES) and str(tmp_path / "MNIST") in text
    assert "download=True" in text
    with pytest.raises(DatasetNotFoundError, match="FashionMNIST"):
        FashionMNIST(root=tmp_path)


def test_download_failure_says_where_to_put_files_and_leaves_nothing(tmp_path):
    blobs = _tiny_files()
    tiny = _tiny_class(blobs)
    opener = FakeOpener(blobs, fail_mirrors=("https://",))
    with pytest.raises(DatasetNotFoundError, match="network is unreachable") as err:
        tiny(root=tmp_path, download=True, opener=opener)
    assert all(name in str(err.value) for name in FILES)
    assert os.listdir(tmp_path / "MNIST") == []


def test_download_verifies_falls_back_to_next_mirror_and_caches(tmp_path):
    blobs = _tiny_files()
    tiny = _tiny_class(blobs)
    opener = FakeOpener(blobs, fail_mirrors=("https://mirror-a",))
    ds = tiny(root=tmp_path, download=True, opener=opener)
    assert len(ds) == 6
    assert sorted(os.listdir(tmp_path / "MNIST")) == sorted(FILES)
    assert sum(u.startswith("https://mirror-b") for u in opener.urls) == 4
    again = FakeOpener(blobs)
    tiny(root=tmp_path, download=True, opener=again)
    assert again.urls == [], "cached files are not fetched again"


def test_checksum_mismatch_on_download_leaves_no_file(tmp_path):
    blobs = _tiny_files()
    tiny = _tiny_class(blobs)
    bad = dict(blobs, **{"t10k-labels-idx1-ubyte.gz": blobs["t10k-labels-idx1-ubyte.gz"] + b"x"})
    with pytest.raises(ChecksumMismatchError, match="t10k-labels-idx1-ubyte.gz.*wrong SHA-256"):
        tiny(root=tmp_path, download=True, opener=FakeOpener(bad))
    names = os.listdir(tmp_path / "MNIST")
    assert "t10k-labels-idx1-ubyte.gz" not in names and not any(n.endswith(".part") for n in names)


def test_checksum_mismatch_of_a_file_on_disk(tmp_path):
    blobs = _tiny_files()
    tiny = _tiny_class(blobs)
    other = _tiny_files(7)["train-images-idx3-ubyte.gz"]
    _write(tmp_path / "MNIST", dict(blobs, **{"train-images-idx3-ubyte.gz": other}))
    with pytest.raises(ChecksumMismatchError, match="train-images-idx3-ubyte.gz: SHA-256 is .*expected"):
        tiny(root=tmp_path)


def test_bad_labels_and_mismatched_counts(tmp_path):
    blobs = _tiny_files()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as f:
        f.write(bytes([0, 0, 8, 1]) + struct.pack(">I", 6) + bytes([0, 1, 2, 12, 4, 5]))
    _write(tmp_path / "a" / "MNIST", dict(blobs, **{"train-labels-idx1-ubyte.gz": buf.getvalue()}))
    tiny = _tiny_class(dict(blobs, **{"train-labels-idx1-ubyte.gz": buf.getvalue()}))
    with pytest.raises(DataFileError, match="label 12 is out of range 0..9"):
        tiny(root=tmp_path / "a")
    short = dict(blobs, **{"train-labels-idx1-ubyte.gz": _tiny_files(5)["train-labels-idx1-ubyte.gz"]})
    _write(tmp_path / "b" / "MNIST", short)
    with pytest.raises(DataFileError, match="holds 6 images but train-labels-idx1-ubyte.gz holds 5 labels"):
        _tiny_class(short)(root=tmp_path / "b")


def test_real_checksums_are_the_published_ones():
    assert MNIST.resources["train-images-idx3-ubyte.gz"].startswith("440fcabf73cc546f")
    assert FashionMNIST.resources["t10k-labels-idx1-ubyte.gz"].startswith("67da17c76eaffca5")
    assert sorted(MNIST.resources) == sorted(FashionMNIST.resources) == sorted(FILES)
