"""A CPU stand-in for CuPy, so the GPU code paths run in CPU-only CI.

Its arrays hold NumPy memory but behave as device arrays do under CuPy: they
are a separate type (``cupy.ndarray``), every op on them returns device arrays
(reductions give 0-d arrays, not NumPy scalars), and mixing them with a host
``numpy.ndarray`` in an op raises TypeError, as CuPy does. Inside
``cupyx.allow_synchronize(False)`` it raises ``cupyx.DeviceSynchronized`` on
what would copy device data to the host (``float()``, ``bool()``, ``.item()``,
``.get()`` ...), and also, stricter than CuPy, on host data copied to the device
behind the caller's back (a host array or list used as an index or assigned value).

It checks device discipline, not CUDA: kernels, streams and memory are NumPy's.
``tests/conftest.py`` puts it on ``sys.path`` when AUTOGRAD_CORE_FAKE_CUPY=1.
"""
import contextlib

import numpy as _np

_strict = False


class ndarray(_np.ndarray):
    """A device array (NumPy memory underneath)."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.get("out") or ()
        _refuse_host(f"{ufunc.__name__}.{method}", inputs + tuple(out))
        if out:
            kwargs["out"] = tuple(_raw(o) for o in out)
        result = getattr(ufunc, method)(*[_raw(x) for x in inputs], **kwargs)
        if out:
            return out[0] if len(out) == 1 else out
        return _wrap(result)

    def __array_function__(self, func, types, args, kwargs):
        _refuse_host(func.__name__, _flatten(args) + _flatten(tuple(kwargs.values())))
        return _wrap(func(*_raw_all(args), **{k: _raw_all(v) for k, v in kwargs.items()}))

    def __getitem__(self, index):
        _check_index("indexing", index)
        try:
            return _wrap(super().__getitem__(_raw_all(index)))
        except IndexError:
            return _wrap(super().__getitem__(_wrapped(index, self.shape)))

    def __setitem__(self, index, value):
        _check_index("item assignment", index)
        if type(value) is _np.ndarray or isinstance(value, list):
            _host_data("item assignment", value)
        try:
            super().__setitem__(_raw_all(index), _raw(value))
        except IndexError:
            super().__setitem__(_wrapped(index, self.shape), _raw(value))

    @property
    def device(self):
        return Device(0)

    def get(self):
        """A host copy (the explicit transfer)."""
        _sync("get()")
        return _np.array(self.view(_np.ndarray), copy=True)

    def item(self):
        _sync("item()")
        return self.view(_np.ndarray).item()

    def tolist(self):
        _sync("tolist()")
        return self.view(_np.ndarray).tolist()

    def __bool__(self):
        _sync("bool()")
        return bool(self.view(_np.ndarray))

    def __float__(self):
        _sync("float()")
        return float(self.view(_np.ndarray))

    def __int__(self):
        _sync("int()")
        return int(self.view(_np.ndarray))

    def __index__(self):
        _sync("an index")
        return self.view(_np.ndarray).__index__()

    def __array__(self, dtype=None, copy=None):
        raise TypeError("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct "
                        "a NumPy array explicitly.")


def _wrapped(index, shape):
    """CuPy wraps out-of-range integer-array indices around instead of raising (one index per axis here)."""
    items = index if isinstance(index, tuple) else (index,)
    if any(i is None or i is Ellipsis for i in items):
        raise IndexError("fake cupy: out-of-range index with None or Ellipsis")
    return tuple(_raw(i) % n if isinstance(i, _np.ndarray) and i.dtype.kind in "iu" else _raw(i)
                 for i, n in zip(items, shape))


def _raw(x):
    return x.view(_np.ndarray) if isinstance(x, ndarray) else x


def _raw_all(x):
    if isinstance(x, (tuple, list)):
        return type(x)(_raw_all(v) for v in x)
    return _raw(x)


def _flatten(args):
    flat = []
    for a in args:
        flat.extend(_flatten(a) if isinstance(a, (tuple, list)) else (a,))
    return tuple(flat)


def _wrap(result):
    if isinstance(result, tuple):
        return tuple(_wrap(r) for r in result)
    if isinstance(result, list):
        return [_wrap(r) for r in result]
    if isinstance(result, _np.generic):
        return _np.asarray(result).view(ndarray)
    if isinstance(result, _np.ndarray) and not isinstance(result, ndarray):
        return result.view(ndarray)
    return result


def _refuse_host(op, args):
    for a in args:
        if type(a) is _np.ndarray:
            raise TypeError(f"fake cupy: {op} got a host numpy.ndarray (shape {a.shape}, dtype {a.dtype}) "
                            "mixed with device arrays; CuPy refuses implicit host-to-device conversion")


def _check_index(op, index):
    for i in (index if isinstance(index, tuple) else (index,)):
        if type(i) is _np.ndarray or isinstance(i, list):
            _host_data(op, i)


class DeviceSynchronized(RuntimeError):
    """Raised for a device-host copy while synchronization is disallowed."""


def _host_data(op, value):
    if _strict:
        raise DeviceSynchronized(f"fake cupy: {op} with host data ({type(value).__name__}): a host-to-device "
                                 "copy while synchronization is disallowed")


def _sync(what):
    if _strict:
        raise DeviceSynchronized(f"fake cupy: {what} on a device array copies it to the host (a GPU sync) "
                                 "while synchronization is disallowed")


@contextlib.contextmanager
def _allow_synchronize(allow):
    global _strict
    previous, _strict = _strict, not allow
    try:
        yield
    finally:
        _strict = previous


def asarray(a, dtype=None, order=None):
    """The explicit host-to-device transfer (or a no-op for device arrays)."""
    if isinstance(a, ndarray):
        return a if dtype is None or a.dtype == dtype else a.astype(dtype)
    return _np.array(a, dtype=dtype, order=order, copy=True).view(ndarray)


def array(a, dtype=None, copy=True, order="K", ndmin=0):
    return _wrap(_np.array(_raw(a), dtype=dtype, copy=copy, order=order, ndmin=ndmin))


class _Grid:
    def __init__(self, grid):
        self.grid = grid

    def __getitem__(self, key):
        return _wrap(self.grid[key])


ogrid, mgrid = _Grid(_np.ogrid), _Grid(_np.mgrid)


def __getattr__(name):
    """Everything else is NumPy's, made to take and give device arrays."""
    obj = getattr(_np, name)
    if isinstance(obj, type) or not callable(obj):  # dtypes, constants
        return obj

    def device_fn(*args, **kwargs):
        _refuse_host(name, _flatten(args) + _flatten(tuple(kwargs.values())))
        return _wrap(obj(*_raw_all(args), **{k: _raw_all(v) for k, v in kwargs.items()}))
    device_fn.__name__ = name
    return device_fn


class Device:
    """``cupy.cuda.Device``: one fake device, index 0."""

    def __init__(self, index=0):
        self.id = index

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def synchronize(self):
        pass


class _Runtime:
    @staticmethod
    def getDeviceCount():
        return 1

    @staticmethod
    def deviceSynchronize():
        pass


class cuda:
    Device = Device
    runtime = _Runtime


class lib:
    """``cupy.lib``: only ``stride_tricks.as_strided``, giving a device view."""

    class stride_tricks:
        @staticmethod
        def as_strided(x, shape=None, strides=None):
            _refuse_host("as_strided", (x,))
            return _wrap(_np.lib.stride_tricks.as_strided(_raw(x), shape, strides))


class random:
    """``cupy.random``: NumPy's global generator, giving device arrays."""

    @staticmethod
    def seed(seed=None):
        _np.random.seed(seed)

    @staticmethod
    def random(size=None, dtype=float):
        return _np.random.random_sample(size).astype(dtype).view(ndarray)
