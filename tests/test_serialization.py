"""save/load: round trips, atomic writes, clear errors on foreign or damaged files, safetensors interop."""
import io
import json
import os
import pickle
import struct
from collections import OrderedDict

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim, serialization
from autograd_core.serialization import CheckpointError, load, save


def nested():
    return {
        "model": OrderedDict([("fc.weight", ag.randn(3, 4)), ("fc.bias", ag.zeros(3, requires_grad=True))]),
        "optim": {"state": {0: {"step": 3, "exp_avg": np.ones((3, 4))}},
                  "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1], "foreach": None}]},
        "arrays": [np.arange(6, dtype=np.int64).reshape(2, 3), np.array([True, False]),
                   np.float16([1.5]), np.zeros((0, 3), np.float32), np.array(2.5)],
        "scalars": (np.float32(2.5), np.int64(7), float("inf"), -0.0, 10 ** 20, "héllo", True, None),
        1.5: "float key", None: "none key", True: "bool key",
    }


def assert_same(a, b):
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, ag.Tensor):
        assert a.dtype == b.dtype and a.requires_grad == b.requires_grad
        np.testing.assert_array_equal(a.data, b.data)
    elif isinstance(a, (np.ndarray, np.generic)):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b) and [type(k) for k in a] == [type(k) for k in b]
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    else:
        assert a == b or (a != a and b != b)


# -- round trips ---------------------------------------------------------------------
def test_nested_round_trip(tmp_path):
    obj = nested()
    save(obj, tmp_path / "ckpt.npz")
    assert_same(obj, load(tmp_path / "ckpt.npz", map_location="cpu", weights_only=True))


def test_file_is_a_plain_npz_without_pickles(tmp_path):
    save(nested(), str(tmp_path / "ckpt.npz"))
    with np.load(tmp_path / "ckpt.npz", allow_pickle=False) as npz:
        assert "model/fc.weight" in npz.files and "optim/state/0/exp_avg" in npz.files
        manifest = json.loads(npz[serialization.MANIFEST].tobytes())
    assert manifest["format"] == "autograd_core" and manifest["version"] == 1


def test_round_trip_through_a_file_object():
    buffer = io.BytesIO()
    save({"w": ag.ones(2, 2)}, buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(load(buffer)["w"].data, np.ones((2, 2), np.float32))


def test_bare_tensor_and_colliding_keys(tmp_path):
    save(ag.arange(3), tmp_path / "t.npz")
    np.testing.assert_array_equal(load(tmp_path / "t.npz").data, [0, 1, 2])
    obj = {"a/b": np.ones(1), "a": {"b": np.zeros(1)}}  # both would be stored under "a/b"
    save(obj, tmp_path / "c.npz")
    assert_same(obj, load(tmp_path / "c.npz"))


def test_module_and_optimizer_checkpoint(tmp_path):
    nn = pytest.importorskip("autograd_core.nn")
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    opt = optim.Adam(model.parameters(), lr=0.01)
    x = ag.randn(5, 4)
    model(x).sum().backward()
    opt.step()
    save({"model": model.state_dict(), "optim": opt.state_dict()}, tmp_path / "ckpt.npz")
    ckpt = load(tmp_path / "ckpt.npz")
    model2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    model2.load_state_dict(ckpt["model"])
    opt2 = optim.Adam(model2.parameters())
    opt2.load_state_dict(ckpt["optim"])
    for m, o in ((model, opt), (model2, opt2)):
        o.zero_grad()
        m(x).sum().backward()
        o.step()
    with ag.no_grad():
        np.testing.assert_array_equal(model(x).data, model2(x).data)


def test_unsupported_objects_raise_before_writing(tmp_path):
    path = tmp_path / "x.npz"
    with pytest.raises(TypeError, match=r"can't store a set at \['a'\]"):
        save({"a": {1, 2}}, path)
    with pytest.raises(TypeError, match="dtype object"):
        save([np.array([None])], path)
    with pytest.raises(TypeError, match="dict keys"):
        save({(1, 2): 3}, path)
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="reference cycle"):
        save(loop, path)
    assert os.listdir(tmp_path) == []


# -- atomic writes ------------------------------------------------------------------
def _crash_after_first_array(monkeypatch):
    real = np.lib.format.write_array
    calls = []

    def write_array(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full (simulated)")
        return real(*args, **kwargs)
    monkeypatch.setattr(np.lib.format, "write_array", write_array)


def test_crash_mid_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    save({"w": ag.ones(3), "b": ag.zeros(2)}, path)
    before = path.read_bytes()
    _crash_after_first_array(monkeypatch)
    with pytest.raises(OSError, match="simulated"):
        save({"w": ag.full((3,), 5.0), "b": ag.ones(2), "c": ag.ones(4)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.npz"]  # no temp file left behind
    np.testing.assert_array_equal(load(path)["w"].data, np.ones(3))


@pytest.mark.parametrize("name", ["ckpt.npz", "ckpt.safetensors"])
def test_crash_before_rename_leaves_the_old_file(tmp_path, monkeypatch, name):
    path = tmp_path / name
    save({"w": ag.ones(3)}, path)
    before = path.read_bytes()

    def fsync(fd):
        raise OSError("power cut (simulated)")
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="simulated"):
        save({"w": ag.zeros(100)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [name]


def test_new_file_gets_normal_permissions(tmp_path):
    save({"w": ag.ones(1)}, tmp_path / "a.npz")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.npz").stat().st_mode & 0o777 == 0o666 & ~mask


# -- damaged and foreign files ------------------------------------------------------
class _Evil:
    def __reduce__(self):
        return (open, (os.path.join(os.environ["EVIL_DIR"], "pwned"), "w"))


def test_a_pickle_is_refused_without_being_unpickled(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIL_DIR", str(tmp_path))
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"w": _Evil()}))
    with pytest.raises(CheckpointError, match=r"evil\.pt.*pickle"):
        load(path)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (np.random.default_rng(0).bytes(64), "not a checkpoint"),  # fixed: random bytes can start like a checkpoint
    (b"\x93NUMPY\x01\x00" + b" " * 40, "single .npy array"),
], ids=["empty", "random", "npy"])
def test_foreign_files_raise(tmp_path, content, message):
    path = tmp_path / "weird.bin"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=message) as info:
        load(path)
    assert "weird.bin" in str(info.value)


def test_npz_without_manifest_raises(tmp_path):
    np.savez(tmp_path / "plain.npz", w=np.ones(3))
    with pytest.raises(CheckpointError, match=r"plain\.npz.*without the autograd_core manifest"):
        load(tmp_path / "plain.npz")


def test_torch_save_file_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save({"w": torch.ones(2)}, tmp_path / "model.pt")
    with pytest.raises(CheckpointError, match="torch.save file"):
        load(tmp_path / "model.pt")


@pytest.mark.parametrize("name", ["ckpt.npz", "ckpt.safetensors"])
@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999])
def test_truncated_files_raise(tmp_path, name, keep):
    path = tmp_path / name
    save({"w": ag.randn(50, 20), "b": ag.randn(20)}, path)
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(CheckpointError, match=name.replace(".", r"\.")):
        load(path)


def test_flipped_byte_in_npz_data_raises(tmp_path):
    path = tmp_path / "ckpt.npz"
    save({"w": np.zeros(1000)}, path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the array's bytes: the zip CRC catches it
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="damaged"):
        load(path)


def _safetensors_bytes(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


@pytest.mark.parametrize("header,data,message", [
    ({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, b"\0" * 4, "truncated"),
    ({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8, "don't fit"),
    ({"w": {"dtype": "F8_E4M3", "shape": [1], "data_offsets": [0, 1]}}, b"\0", "dtype F8_E4M3"),
    ({"w": {"shape": [1]}}, b"", "damaged safetensors header entry"),
], ids=["short-data", "bad-offsets", "bad-dtype", "no-dtype"])
def test_bad_safetensors_raise(tmp_path, header, data, message):
    path = tmp_path / "m.safetensors"
    path.write_bytes(_safetensors_bytes(header, data))
    with pytest.raises(CheckpointError, match=message):
        load(path)


def test_safetensors_header_longer_than_the_file(tmp_path):
    path = tmp_path / "m.safetensors"
    path.write_bytes(struct.pack("<Q", 10 ** 6) + b'{"w": ')
    with pytest.raises(CheckpointError, match="header length"):
        load(path)


# -- safetensors ----------------------------------------------------------------------
DTYPES = [np.float32, np.float64, np.float16, np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_]


def sample_tensors():
    rng = np.random.default_rng(0)
    out = {f"t.{np.dtype(d).name}": (rng.standard_normal((3, 2)) * 10).astype(d) for d in DTYPES}
    out["scalar"] = np.array(3.0, np.float32)
    out["empty"] = np.zeros((0, 4), np.float32)
    return out


def test_safetensors_round_trip(tmp_path):
    arrays = sample_tensors()
    save({k: ag.tensor(v) for k, v in arrays.items()}, tmp_path / "m.safetensors")
    raw = (tmp_path / "m.safetensors").read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    assert header_len % 8 == 0
    loaded = load(tmp_path / "m.safetensors")
    assert list(loaded) == list(arrays)
    for k, v in arrays.items():
        assert isinstance(loaded[k], ag.Tensor) and loaded[k].dtype == v.dtype
        np.testing.assert_array_equal(loaded[k].data, v)


def test_safetensors_package_reads_our_file(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    arrays = sample_tensors()
    save(arrays, tmp_path / "m.safetensors")
    theirs = st.load_file(str(tmp_path / "m.safetensors"))
    assert set(theirs) == set(arrays)
    for k, v in arrays.items():
        assert theirs[k].dtype == v.dtype
        np.testing.assert_array_equal(theirs[k], v)


def test_we_read_the_safetensors_package_file(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    arrays = sample_tensors()
    st.save_file(arrays, str(tmp_path / "m.safetensors"), metadata={"format": "np"})
    loaded = load(tmp_path / "m.safetensors")
    for k, v in arrays.items():
        np.testing.assert_array_equal(loaded[k].data, v)


def test_safetensors_holds_only_flat_tensor_dicts(tmp_path):
    with pytest.raises(TypeError, match="flat dict"):
        save({"a": {"b": ag.ones(1)}}, tmp_path / "m.safetensors")
    with pytest.raises(TypeError, match="flat dict"):
        save([ag.ones(1)], tmp_path / "m.safetensors")


def test_bf16_from_torch_is_read_as_float32(tmp_path):
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    w = torch.randn(4, 3).to(torch.bfloat16)
    st.save_file({"w": w}, str(tmp_path / "m.safetensors"))
    loaded = load(tmp_path / "m.safetensors")["w"]
    assert loaded.dtype == np.float32
    np.testing.assert_array_equal(loaded.data, w.float().numpy())


def test_pytorch_trained_weights_load_into_our_module(tmp_path):
    """Transfer learning: a torch model saved with safetensors.torch loads into the same architecture here."""
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    nn = pytest.importorskip("autograd_core.nn")
    torch.manual_seed(0)
    tmodel = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(),
                                 torch.nn.Linear(16, 3))
    tmodel(torch.randn(32, 5))  # moves the batch-norm running statistics (buffers) off their defaults
    tmodel.eval()
    st.save_file(tmodel.state_dict(), str(tmp_path / "torch.safetensors"))
    model = nn.Sequential(nn.Linear(5, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 3)).eval()
    model.load_state_dict(load(tmp_path / "torch.safetensors"))
    x = np.random.default_rng(0).standard_normal((7, 5)).astype(np.float32)
    with ag.no_grad():
        ours = model(ag.tensor(x)).data
    np.testing.assert_allclose(ours, tmodel(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_our_module_saved_as_safetensors_loads_into_torch(tmp_path):
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    nn = pytest.importorskip("autograd_core.nn")
    model = nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 2))
    save(model.state_dict(), tmp_path / "ours.safetensors")
    tmodel = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    tmodel.load_state_dict(st.load_file(str(tmp_path / "ours.safetensors")))
    x = np.ones((2, 5), np.float32)
    with ag.no_grad():
        np.testing.assert_allclose(model(ag.tensor(x)).data, tmodel(torch.tensor(x)).detach().numpy(), rtol=1e-5)
