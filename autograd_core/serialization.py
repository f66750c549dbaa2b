"""Saving and loading checkpoints without pickle: ``save(obj, path)`` and ``load(path)``.

Two formats, chosen by the file name on save and by the file's first bytes on load:

- ``.npz`` (any other name): a zip of ``.npy`` arrays written with
  ``allow_pickle=False``, one per tensor or array, under keys made from its
  place in the object (``state/0/exp_avg``, ``fc1.weight``), plus a JSON
  manifest (stored as a uint8 array) that records the nested structure:
  dicts (with str/int/float/bool/None keys), lists, tuples, Tensors (with
  ``requires_grad`` and device), arrays, NumPy scalars and plain
  numbers/strings/bools/None. Holds module and optimizer state_dicts.
- ``.safetensors``: the Hugging Face format (8-byte little-endian header
  length, a JSON header of name -> dtype/shape/data_offsets, then the raw
  little-endian bytes), read and written here without the ``safetensors``
  package. Holds a flat dict of str -> tensor, as PyTorch's
  ``safetensors.torch.save_file`` writes them; BF16 is read as float32.

Nothing is ever unpickled. Writes are atomic: a temporary file in the same
folder is written, flushed and fsynced, then renamed over the target, so a
crash mid-save leaves the old file as it was.
"""
import json
import os
import re
import struct
import tempfile
import zipfile
from collections import OrderedDict

import numpy as np

from . import backend
from .tensor import Tensor

MANIFEST = "__autograd_core_manifest__"
FORMAT_VERSION = 1

# safetensors dtype codes <-> NumPy dtypes (little-endian); BF16 is read as float32
_ST_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
              "I8": "i1", "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1", "BOOL": "?", "C64": "<c8"}
_ST_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _ST_DTYPES.items() if k != "BF16"}
_ST_MAX_HEADER = 100_000_000


class CheckpointError(ValueError):
    """A file that is not a checkpoint ``save`` could have written, or a damaged or truncated one."""


# -- public API -------------------------------------------------------------------
def save(obj, f):
    """Save ``obj`` (a state_dict or any nesting of dicts/lists/tuples of tensors, arrays and plain values).

    Args:
        obj: what to save. For a ``.safetensors`` path it must be a flat dict
            of str -> Tensor/array.
        f: a path (``str`` or ``os.PathLike``), or a binary file object
            (written directly, in .npz format, without the atomic rename).

    Example:
        >>> ag.save({"model": model.state_dict(), "optim": opt.state_dict(), "epoch": 3}, "ckpt.npz")
        >>> ag.save(model.state_dict(), "model.safetensors")
    """
    if hasattr(f, "write"):
        manifest, arrays = _flatten(obj)
        _write_npz(manifest, arrays, f)
        return
    path = os.fsdecode(f)
    if path.endswith(".safetensors"):
        tensors = _safetensors_items(obj, path)
        atomic_write(path, lambda fh: _write_safetensors(tensors, fh))
    else:
        manifest, arrays = _flatten(obj)
        atomic_write(path, lambda fh: _write_npz(manifest, arrays, fh))


def load(f, map_location=None, weights_only=True):
    """Load what ``save`` wrote (.npz), or a ``.safetensors`` file (as a dict of name -> Tensor).

    Never unpickles. A truncated, damaged or foreign file (a pickle, a
    ``torch.save`` file, an npz without our manifest, random bytes) raises
    ``CheckpointError`` (a ValueError) naming the file and what is wrong.

    Args:
        f: a path or a seekable binary file object.
        map_location: device for the loaded Tensors ('cpu'); None puts each
            back on the device it was saved from.
        weights_only: accepted so that ``torch.load(path, weights_only=True)``
            ports unchanged; loading is always weights-only here.
    """
    if hasattr(f, "read"):
        return _load_from(f, getattr(f, "name", "<file object>"), map_location)
    path = os.fsdecode(f)
    with open(path, "rb") as fh:
        return _load_from(fh, path, map_location)


# -- writing ----------------------------------------------------------------------
def atomic_write(path, write):
    """Write through ``write(fileobj)`` to a temp file next to ``path``, fsync it, then rename it over ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"can't write {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder):
    """Make the rename itself durable (POSIX); not possible on every OS, so best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _flatten(obj):
    """Return (manifest as JSON bytes, {key: host array}) for ``obj``; raise TypeError for what can't be stored."""
    arrays = {}
    manifest = {"format": "autograd_core", "version": FORMAT_VERSION, "root": _encode(obj, (), arrays, set())}
    return json.dumps(manifest, separators=(",", ":")).encode("utf-8"), arrays


def _encode(obj, path, arrays, open_containers):
    if isinstance(obj, Tensor):
        key = _add_array(arrays, path, obj._data)
        return {"tensor": key, "requires_grad": obj._rg, "device": str(obj.device)}
    if isinstance(obj, np.generic):
        return {"scalar": _add_array(arrays, path, np.asarray(obj))}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if _is_array(obj):
        return {"array": _add_array(arrays, path, obj)}
    if isinstance(obj, (dict, list, tuple)):
        if id(obj) in open_containers:
            raise ValueError(f"save(): the object contains itself at {_where(path)} (a reference cycle)")
        open_containers.add(id(obj))
        if isinstance(obj, dict):
            tag = "odict" if isinstance(obj, OrderedDict) else "dict"
            body = [[_check_key(k, path), _encode(v, path + (k,), arrays, open_containers)] for k, v in obj.items()]
        else:
            tag = "tuple" if isinstance(obj, tuple) else "list"
            body = [_encode(v, path + (i,), arrays, open_containers) for i, v in enumerate(obj)]
        open_containers.discard(id(obj))
        return {tag: body}
    hint = "; save module.state_dict() instead" if hasattr(obj, "state_dict") else ""
    raise TypeError(f"save(): can't store a {type(obj).__name__} at {_where(path)}: supported are dicts, lists, "
                    f"tuples, Tensors, arrays and plain numbers/strings/bools/None{hint}")


def _check_key(key, path):
    if key is None or isinstance(key, (bool, int, float, str)):
        return key
    raise TypeError(f"save(): dict keys must be str, int, float, bool or None, got {type(key).__name__} "
                    f"key {key!r} at {_where(path)}")


def _is_array(obj):
    return isinstance(obj, np.ndarray) or type(obj).__module__.startswith("cupy")


def _add_array(arrays, path, array):
    array = backend.to_numpy(array)
    if array.dtype.hasobject:
        raise TypeError(f"save(): the array at {_where(path)} has dtype object, which needs pickle; "
                        "convert it to a numeric dtype")
    base = "/".join(re.sub(r"[^A-Za-z0-9_.\-]", "_", str(part)) for part in path) or "data"
    key, n = base, 1
    while key in arrays or key == MANIFEST:
        key, n = f"{base}~{n}", n + 1
    arrays[key] = array
    return key


def _where(path):
    return "the top level" if not path else "[" + "][".join(repr(p) for p in path) + "]"


def _write_npz(manifest, arrays, fh):
    with zipfile.ZipFile(fh, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, array in [(MANIFEST, np.frombuffer(manifest, dtype=np.uint8))] + list(arrays.items()):
            with zf.open(key + ".npy", mode="w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def _safetensors_items(obj, path):
    if not isinstance(obj, dict):
        raise TypeError(f"save(): a .safetensors file holds a flat dict of str -> tensor, got "
                        f"{type(obj).__name__}; use a .npz path for other objects ({path})")
    items = {}
    for key, value in obj.items():
        if key == "__metadata__":
            raise ValueError(f"save(): '__metadata__' is reserved by the safetensors format and can't name a "
                             f"tensor ({path})")
        array = value._data if isinstance(value, Tensor) else value
        if not isinstance(key, str) or not _is_array(array):
            raise TypeError(f"save(): a .safetensors file holds a flat dict of str -> tensor, but entry {key!r} "
                            f"is a {type(value).__name__}; use a .npz path for nested state such as an "
                            f"optimizer's state_dict ({path})")
        array = backend.to_numpy(array)
        code = _ST_CODES.get(array.dtype.newbyteorder("="))
        if code is None:
            raise TypeError(f"save(): safetensors has no dtype for {array.dtype} (entry {key!r}); "
                            f"supported: {sorted(str(d) for d in _ST_CODES)}")
        # ascontiguousarray makes a 0-d array 1-d: keep the shape (num_batches_tracked is 0-d)
        items[key] = (code, np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).reshape(array.shape))
    return items


def _write_safetensors(items, fh):
    header, offset = {}, 0
    for key, (code, array) in items.items():
        header[key] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned, as the reference writer does
    fh.write(struct.pack("<Q", len(text)))
    fh.write(text)
    for _, array in items.values():
        fh.write(array.reshape(-1).view(np.uint8).data)


# -- reading ----------------------------------------------------------------------
def _load_from(fh, name, map_location):
    head = fh.read(16)
    fh.seek(0)
    if head.startswith(b"PK"):
        return _read_npz(fh, name, map_location)
    if len(head) >= 9 and head[8:9] == b"{":
        tensors = _read_safetensors(fh, name)
        return {k: _make_tensor(a, False, "cpu", map_location) for k, a in tensors.items()}
    raise CheckpointError(f"{name}: not a checkpoint: {_describe(head)}")


def _describe(head):
    if not head:
        return "the file is empty"
    if head[:1] == b"\x80" or head[:1] in (b"(", b"}", b"]"):
        return ("it looks like a Python pickle (e.g. a torch.save file from before PyTorch 1.6); autograd_core "
                "never unpickles: save the state_dict with safetensors.torch.save_file and load that")
    if head.startswith(b"\x93NUMPY"):
        return "it is a single .npy array, not a checkpoint; read it with numpy.load(path, allow_pickle=False)"
    return f"neither an .npz archive written by ag.save nor a safetensors file (it starts with {head[:8]!r})"


def _read_npz(fh, name, map_location):
    try:
        zf = zipfile.ZipFile(fh)
        names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise CheckpointError(f"{name}: damaged or truncated .npz archive ({e})") from None
    with zf:
        if MANIFEST + ".npy" not in names:
            if any(n.endswith("data.pkl") for n in names):
                raise CheckpointError(
                    f"{name}: this is a torch.save file (a zip holding a pickle); autograd_core never unpickles. "
                    "In PyTorch, save the state_dict with safetensors.torch.save_file and load that file")
            raise CheckpointError(f"{name}: a zip/.npz archive without the autograd_core manifest "
                                  f"({MANIFEST}); it was not written by ag.save (for a plain np.savez file use "
                                  f"numpy.load(path, allow_pickle=False))")

        def read(key):
            if key + ".npy" not in names:
                raise CheckpointError(f"{name}: the manifest lists array {key!r} but the archive does not hold it")
            try:
                with zf.open(key + ".npy") as member:
                    return np.lib.format.read_array(member, allow_pickle=False)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
                raise CheckpointError(f"{name}: array {key!r} is damaged ({e})") from None

        try:
            manifest = json.loads(read(MANIFEST).tobytes().decode("utf-8"))
            version, root = manifest["version"], manifest["root"]
        except (ValueError, KeyError, TypeError) as e:
            raise CheckpointError(f"{name}: the manifest is damaged ({e})") from None
        if manifest.get("format") != "autograd_core" or version > FORMAT_VERSION:
            raise CheckpointError(f"{name}: manifest of format {manifest.get('format')!r} version {version}; "
                                  f"this autograd_core reads version {FORMAT_VERSION} at most (upgrade it)")
        return _decode(root, read, name, map_location)


def _decode(node, read, name, map_location):
    if not isinstance(node, dict):
        return node
    if "tensor" in node:
        return _make_tensor(read(node["tensor"]), node.get("requires_grad", False), node.get("device", "cpu"),
                            map_location)
    if "array" in node:
        return read(node["array"])
    if "scalar" in node:
        return read(node["scalar"])[()]
    for tag, body in node.items():
        if tag in ("dict", "odict"):
            items = ((k, _decode(v, read, name, map_location)) for k, v in body)
            return OrderedDict(items) if tag == "odict" else dict(items)
        if tag in ("list", "tuple"):
            values = [_decode(v, read, name, map_location) for v in body]
            return tuple(values) if tag == "tuple" else values
    raise CheckpointError(f"{name}: the manifest has an entry this version can't read: {sorted(node)}")


def _make_tensor(array, requires_grad, device, map_location):
    t = Tensor(array)
    target = device if map_location is None else map_location
    if str(target) != "cpu":
        t = t.to(target)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _read_safetensors(fh, name):
    """Read a safetensors file into {name: NumPy array} (native byte order; BF16 widened to float32)."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    (header_len,) = struct.unpack("<Q", fh.read(8))
    if header_len > min(size - 8, _ST_MAX_HEADER):
        raise CheckpointError(f"{name}: safetensors header length {header_len} exceeds the {size - 8} bytes "
                              "after the length field (truncated file?)")
    try:
        header = json.loads(fh.read(header_len).decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
    except (ValueError, UnicodeDecodeError) as e:
        raise CheckpointError(f"{name}: damaged safetensors header ({e})") from None
    header.pop("__metadata__", None)
    data_start, data_len = 8 + header_len, size - 8 - header_len
    arrays = {}
    for key, info in header.items():
        dtype, shape, (begin, end) = _check_entry(info, key, name)
        if end > data_len:
            raise CheckpointError(f"{name}: tensor {key!r} ends at byte {end} of the data but the file holds only "
                                  f"{data_len} (truncated file?)")
        array = np.empty(shape, dtype=dtype)
        fh.seek(data_start + begin)
        if array.nbytes and fh.readinto(array.reshape(-1).view(np.uint8)) != array.nbytes:
            raise CheckpointError(f"{name}: tensor {key!r} is cut short (truncated file?)")
        if info["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[key] = array.astype(array.dtype.newbyteorder("="), copy=False)
    return arrays


def _check_entry(info, key, name):
    try:
        code, shape, (begin, end) = info["dtype"], [int(n) for n in info["shape"]], info["data_offsets"]
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError(f"{name}: damaged safetensors header entry for {key!r}: {info!r} ({e})") from None
    if code not in _ST_DTYPES:
        raise CheckpointError(f"{name}: tensor {key!r} has safetensors dtype {code}, which autograd_core can't "
                              f"read (supported: {', '.join(_ST_DTYPES)})")
    dtype = np.dtype(_ST_DTYPES[code])
    if any(n < 0 for n in shape) or not 0 <= begin <= end or end - begin != dtype.itemsize * int(np.prod(shape)):
        raise CheckpointError(f"{name}: tensor {key!r}: data_offsets {[begin, end]} don't fit dtype {code} and "
                              f"shape {shape} (damaged header)")
    return dtype, shape, (begin, end)
