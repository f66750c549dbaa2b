"""The one place that knows about NumPy versus CuPy.

Every other module asks this one for the array module of an array (``xp``),
for device objects and for transfers, instead of importing cupy. CuPy is
imported only when a GPU is first asked for, so ``import autograd_core`` never
fails or slows down because of CUDA.
"""
import os
import sys

import numpy as np

from . import kernels

ARRAY_TYPES = (np.ndarray,)  # grows to (numpy.ndarray, cupy.ndarray) once CuPy is loaded


class device:
    """Where a tensor's data lives: ``device('cpu')``, ``device('cuda')``, ``device('cuda:1')``,
    ``device('cuda', 1)``. Compares equal to its string form."""

    __slots__ = ("type", "index")

    def __init__(self, spec="cpu", index=None):
        if isinstance(spec, device):
            spec, index = spec.type, spec.index if index is None else index
        if isinstance(spec, int):
            spec, index = "cuda", spec
        kind, _, number = str(spec).partition(":")
        if kind not in ("cpu", "cuda"):
            raise ValueError(f"device: expected 'cpu', 'cuda' or 'cuda:N', got {spec!r}")
        if number:
            if not number.isdigit():
                raise ValueError(f"device: bad device index in {spec!r}")
            index = int(number)
        if kind == "cpu" and index not in (None, 0):
            raise ValueError(f"device: the cpu has no index {index}")
        self.type = kind
        self.index = None if kind == "cpu" else (index or 0)

    def __str__(self):
        return "cpu" if self.type == "cpu" else f"cuda:{self.index}"

    def __repr__(self):
        return f"device(type='{self.type}')" if self.type == "cpu" else \
            f"device(type='cuda', index={self.index})"

    def __eq__(self, other):
        if isinstance(other, (str, int)):
            try:
                other = device(other)
            except ValueError:
                return False
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash(str(self))


CPU = device("cpu")


def _keep_freed_memory():
    """Ask glibc to keep freed memory for reuse rather than hand it back to the OS.

    NumPy allocates each large temporary with malloc; by default glibc returns
    big freed blocks to the OS, so every training step faults its pages in
    again (about 10% of a conv-net step here; PyTorch's allocator avoids the
    same cost). Set AUTOGRAD_CORE_MALLOC_TUNING=0 to leave malloc alone.
    """
    if os.environ.get("AUTOGRAD_CORE_MALLOC_TUNING", "1") == "0" or not sys.platform.startswith("linux"):
        return
    import ctypes
    import platform
    if platform.libc_ver()[0] != "glibc":
        return
    libc = ctypes.CDLL("libc.so.6")
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_trim_threshold, 1 << 30)
    libc.mallopt(m_mmap_threshold, 1 << 30)


_keep_freed_memory()


def get_array_module(x):
    """Return the array module (numpy or cupy) that owns ``x`` (an array or a Tensor)."""
    if x.__class__ is np.ndarray:
        return np
    data = getattr(x, "_data", x)
    cupy = sys.modules.get("cupy")
    if cupy is not None and isinstance(data, cupy.ndarray):
        return cupy
    return np


def on_gpu(array):
    """True for a CuPy array."""
    cupy = sys.modules.get("cupy")
    return cupy is not None and isinstance(array, cupy.ndarray)


def data_pointer(array):
    """The address of ``array``'s first element (NumPy or CuPy)."""
    pointer = getattr(array.data, "ptr", None)  # CuPy's MemoryPointer; NumPy gives a memoryview
    return array.__array_interface__["data"][0] if pointer is None else pointer


_pending = []  # failed-or-not GPU checks, raised at the next copy to the host
_MAX_PENDING = 1000


def check(failed, error):
    """Raise ``error()`` when the boolean 0-d array ``failed`` is true.

    On a GPU, reading ``failed`` would stall the device, so the check is queued and
    raised at the next copy to the host (``.item()``, ``.numpy()``, a synchronize):
    CUDA's device-side asserts surface later in PyTorch the same way."""
    if on_gpu(failed):
        _pending.append((failed, error))
        if len(_pending) > _MAX_PENDING:  # a loop that never reads a value: check in bulk, once in a while
            raise_pending()
    elif failed:
        raise error()


def raise_pending():
    """Raise the first failed check that ``check`` queued on a GPU."""
    while _pending:
        failed, error = _pending.pop(0)
        if failed:
            _pending.clear()
            raise error()


def check_index_range(idx, n, op, what="indices"):
    """IndexError unless every entry of the integer array ``idx`` lies in [0, n)."""
    if idx.size:
        lo, hi = idx.min(), idx.max()
        check((lo < 0) | (hi >= n), lambda: IndexError(
            f"{op}: {what} out of range: they span [{int(lo)}, {int(hi)}] but must lie in [0, {n - 1}]"))


def device_of(array):
    """The device of a raw array."""
    return device("cuda", array.device.id) if on_gpu(array) else CPU


def cupy_module():
    """Import CuPy for a GPU request, or raise an error that says what is missing."""
    try:
        import cupy
    except ImportError:
        raise RuntimeError("a CUDA device was requested but CuPy is not installed; install it with "
                           "pip install 'autograd_core[gpu]' (cupy-cuda12x; pick the wheel matching your "
                           "CUDA version)") from None
    except Exception as e:  # a broken install: missing libcudart, libnvrtc ...
        raise RuntimeError(f"CuPy is installed but failed to load ({type(e).__name__}: {e}); check that the "
                           "CUDA runtime libraries and the driver match the cupy-cudaXXx wheel") from e
    global ARRAY_TYPES
    if cupy.ndarray not in ARRAY_TYPES:
        ARRAY_TYPES = (np.ndarray, cupy.ndarray)
        from . import function  # its hot path holds its own reference to the tuple
        function.ARRAY_TYPES = ARRAY_TYPES
    return cupy


def cuda_device_count():
    """Number of CUDA devices CuPy can see (0 without CuPy or a GPU); never raises."""
    try:
        return cupy_module().cuda.runtime.getDeviceCount()
    except Exception:
        return 0


def transfer(array, dev):
    """``array`` on device ``dev`` (the same object when it is there already)."""
    dev = device(dev)
    src = device_of(array)
    if src == dev:
        return array
    if dev.type == "cpu":
        return to_numpy(array)
    cupy = cupy_module()
    count = cuda_device_count()
    if dev.index >= count:
        raise RuntimeError(f"to(): device {dev} is not available: CuPy sees {count} CUDA device(s)")
    with cupy.cuda.Device(dev.index):
        return cupy.asarray(array)


def asarray(data):
    """``data`` as an array of the module that owns it: CuPy arrays stay on their GPU, the rest is NumPy."""
    return get_array_module(data).asarray(data)


def broadcast_array(array, shape):
    """``xp.broadcast_to(array, shape)``: a read-only view. NumPy's is slow Python, so a contiguous
    host array gets its zero strides here (about 4x faster; the walk broadcasts on every sum or mean)."""
    if array.__class__ is np.ndarray and not array.ndim:  # a full reduction's gradient: every stride is zero
        view = np.ndarray(shape, array.dtype, array, 0, (0,) * len(shape))
        view.flags.writeable = False
        return view
    if array.__class__ is np.ndarray and array.flags.c_contiguous and array.size:
        lead = len(shape) - array.ndim
        if lead >= 0:
            strides = [0] * lead
            for n, m, s in zip(shape[lead:], array.shape, array.strides):
                if m != n:
                    if m != 1:
                        break  # not broadcastable: NumPy raises below
                    s = 0
                strides.append(s)
            else:
                view = np.ndarray(shape, array.dtype, array, 0, tuple(strides))
                view.flags.writeable = False
                return view
    return get_array_module(array).broadcast_to(array, shape)


def max_for_shift(array, axis):
    """The max of ``array`` along ``axis`` (kept), to subtract before ``exp``. An empty array gives
    zeros instead of NumPy's error, so a softmax over a size-0 dim is empty and a logsumexp -inf."""
    if array.size:
        return array.max(axis=axis, keepdims=True)
    return array.sum(axis=axis, keepdims=True)  # every slice is empty: all zeros, of the kept shape


def to_numpy(array):
    """A NumPy array with the values of ``array`` (copied to host from a GPU)."""
    if on_gpu(array):
        raise_pending()
        return array.get()
    return array


def synchronize_for(arrays):
    """Wait for queued GPU work when any of ``arrays`` lives on a GPU (for honest timings)."""
    if any(on_gpu(a) for a in arrays):
        sys.modules["cupy"].cuda.runtime.deviceSynchronize()
        raise_pending()


def index_add(target, index, values):
    """``target[index] += values``, adding at repeated indices too."""
    if on_gpu(target):
        import cupyx
        cupyx.scatter_add(target, index, values)
        return
    if kernels.index_add_rows(target, index, values):
        return
    flat = _flat_positions(target, index)
    if flat is None:
        np.add.at(target, index, values)
    else:  # NumPy's add.at runs 2-4x faster on one 1-D index than on row or multi-dim indices
        np.add.at(target.reshape(-1), flat.reshape(-1), np.broadcast_to(values, flat.shape).reshape(-1))


def _flat_positions(target, index):
    """Flat positions in C-ordered ``target`` of ``target[index]`` when ``index`` is integer arrays for its
    leading dims (validated in-range, as the forward read them), shaped like ``target[index]``; else None."""
    arrays = index if isinstance(index, tuple) else (index,)
    k = len(arrays)
    if not (0 < k <= target.ndim and target.ndim > 1 and target.size and target.flags.c_contiguous) or not all(
            isinstance(a, np.ndarray) and a.dtype.kind in "iu" for a in arrays):
        return None
    trailing = target.shape[k:]
    if k == 1:  # a negative row -r gives negative flat positions, which add.at counts from the end: row n - r
        lead = arrays[0].astype(np.intp, copy=False)
    else:
        lead = np.ravel_multi_index(np.broadcast_arrays(*arrays), target.shape[:k], mode="wrap")  # -1: the last
    if not trailing:
        return lead
    size = int(np.prod(trailing))
    return lead.reshape(lead.shape + (1,) * len(trailing)) * size + np.arange(size).reshape(trailing)
