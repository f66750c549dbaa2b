"""A short run of each example family (the loss must fall well below its start) and of the command line."""
import gzip
import hashlib
import importlib.util
import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograd_core.datasets import MNIST

ROOT = Path(__file__).resolve().parents[1]


def _example(name):
    if str(ROOT / "examples") not in sys.path:  # as when a script runs: its folder is importable (_common)
        sys.path.append(str(ROOT / "examples"))
    spec = importlib.util.spec_from_file_location(f"example_{name}", ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spiral_mlp(tmp_path):
    result = _example("spiral_mlp").train(epochs=40, log_every=0, out=tmp_path)
    assert result["losses"][-1] < 0.5 * result["losses"][0]
    assert (tmp_path / "spiral_decision.png").stat().st_size > 1000


def test_digits_mlp():
    result = _example("digits_mlp").train(epochs=4, verbose=0)
    loss = result["history"]["loss"]
    assert loss[-1] < 0.4 * loss[0] and result["test_accuracy"] > 0.8


def test_digits_cnn():
    result = _example("digits_cnn").train(epochs=2, verbose=0)
    loss = result["history"]["loss"]
    assert loss[-1] < 0.6 * loss[0] and result["test_accuracy"] > 0.6


def test_airpassengers_lstm():
    result = _example("airpassengers_lstm").train(epochs=8, log_every=0)
    assert result["losses"][-1] < 0.3 * result["losses"][0]
    assert np.isfinite(result["test_rmse"])


def test_vae_digits(tmp_path):
    result = _example("vae_digits").train(epochs=3, log_every=0, out=tmp_path)
    assert result["losses"][-1] < 0.85 * result["losses"][0]
    assert (tmp_path / "vae_samples.png").read_bytes()[:4] == b"\x89PNG"


def test_fft_filter(tmp_path):
    result = _example("fft_filter").train(steps=120, log_every=0, out=tmp_path)
    assert result["losses"][-1] < 0.2 * result["losses"][0]
    assert result["snr_after"] > result["snr_before"] + 8
    response = result["response"]  # the sinusoids' bins kept, the others damped
    assert response[[5, 12, 30]].min() > 0.8 and np.delete(response, [5, 12, 30]).max() < 0.4
    assert (tmp_path / "fft_filter.png").read_bytes()[:4] == b"\x89PNG"


def test_gan():
    result = _example("gan").train(steps=300, log_every=0)
    assert result["w1_end"] < 0.6 * result["w1_start"]


def _tiny_mnist(folder, n_train=40, n_test=10):
    rng = np.random.default_rng(0)
    folder.mkdir(parents=True)
    hashes = {}
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = (np.arange(n) % 10).astype(np.uint8)
        images = rng.integers(0, 40, (n, 28, 28), dtype=np.uint8)
        for i, k in enumerate(labels):
            images[i, 2 * k:2 * k + 3] = 255  # class k lights rows 2k..2k+2
        for kind, array in (("images-idx3", images), ("labels-idx1", labels)):
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
                f.write(bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes())
            name = f"{prefix}-{kind}-ubyte.gz"
            (folder / name).write_bytes(buf.getvalue())
            hashes[name] = hashlib.sha256(buf.getvalue()).hexdigest()
    return hashes


def test_mnist_mlp_with_files_present(tmp_path, monkeypatch):
    monkeypatch.setattr(MNIST, "resources", _tiny_mnist(tmp_path / "MNIST"))
    result = _example("mnist_mlp").train(root=tmp_path, epochs=15, batch_size=8, lr=3e-3, verbose=0)
    loss = result["history"]["loss"]
    assert loss[-1] < 0.6 * loss[0]


def test_mnist_mlp_without_files_says_where_to_put_them(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _example("mnist_mlp").main(["--root", str(tmp_path), "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "t10k-labels-idx1-ubyte.gz" in capsys.readouterr().err


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "autograd_core", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_cli_help():
    result = _cli("--help")
    assert result.returncode == 0 and "demo" in result.stdout and "train" in result.stdout
    train_help = _cli("train", "--help").stdout
    assert all(word in train_help for word in ("--model", "--dataset", "--epochs", "--device", "--out"))


def test_cli_train_short_run(tmp_path):
    result = _cli("train", "--model", "mlp", "--dataset", "spiral", "--epochs", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout
    assert (tmp_path / "mlp_spiral_curves.png").exists() and (tmp_path / "mlp_spiral.npz").exists()
    bad = _cli("train", "--model", "lstm", "--dataset", "digits", "--epochs", "1", "--out", str(tmp_path))
    assert bad.returncode == 2 and "lstm is for the sequence data set" in bad.stderr


def test_cli_demo(tmp_path):
    result = _cli("demo", "--epochs", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout and "epoch 2/2" in result.stdout
    assert (tmp_path / "loss_curve.png").exists() and (tmp_path / "digits_mlp.npz").exists()
    assert (tmp_path / "graph.svg").exists() or (tmp_path / "graph.dot").exists()
