"""Making tensors: from data, filled, ranges, identity, random."""
import numpy as np

from . import random
from .dtypes import DEFAULT_FLOAT, default_complex_dtype
from .tensor import Tensor, _new, to_array


def tensor(data, dtype=None, requires_grad=False, device=None):
    """A new tensor holding a copy of ``data``.

    Python floats give the default float dtype (float32); a NumPy array or scalar keeps its dtype
    (float64 stays float64).
    """
    arr = to_array(data, dtype) if dtype is not None or not isinstance(data, np.generic) else np.array(data)
    if arr is data or isinstance(data, Tensor):  # never share memory with the caller's array
        arr = arr.copy()
    return _finish(arr, requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    """A tensor sharing memory with ``data`` where it can (no copy for an array of the right dtype)."""
    if isinstance(data, Tensor) and dtype is None and device is None:
        return data
    return _finish(to_array(data, dtype), False, device)


def _finish(arr, requires_grad, device):
    if device is not None:
        from .backend import transfer
        arr = transfer(arr, device)
    t = _new(arr, False, None)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _shape(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    return tuple(int(n) for n in size)


def _dtype(dtype):
    return DEFAULT_FLOAT[0] if dtype is None else np.dtype(dtype)


def _check_real(op, dtype):
    """A TypeError naming ``op`` for a complex ``dtype`` (PyTorch has no complex ranges or random integers)."""
    from .ops.arithmetic import check_not_complex  # the ops import this module
    check_not_complex(op, np.dtype(dtype))


def zeros(*size, dtype=None, requires_grad=False, device=None):
    """A tensor of zeros (of the default float dtype unless ``dtype``)."""
    return _finish(np.zeros(_shape(size), _dtype(dtype)), requires_grad, device)


def ones(*size, dtype=None, requires_grad=False, device=None):
    """A tensor of ones (of the default float dtype unless ``dtype``)."""
    return _finish(np.ones(_shape(size), _dtype(dtype)), requires_grad, device)


def empty(*size, dtype=None, requires_grad=False, device=None):
    """An uninitialised tensor."""
    return _finish(np.empty(_shape(size), _dtype(dtype)), requires_grad, device)


def full(size, fill_value, dtype=None, requires_grad=False, device=None):
    """A tensor filled with ``fill_value`` (dtype follows the value: the default float dtype for floats)."""
    if dtype is None:
        dtype = to_array(fill_value).dtype
    return _finish(np.full(_shape((size,)), fill_value, np.dtype(dtype)), requires_grad, device)


def arange(start, end=None, step=1, dtype=None, requires_grad=False, device=None):
    """Values from ``start`` to ``end`` (exclusive): int64 for ints, the default float dtype for floats."""
    if end is None:
        start, end = 0, start
    if any(np.iscomplexobj(v) for v in (start, end, step)):
        raise TypeError(f"arange: start, end and step must be real numbers, got {start}, {end} and {step}")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = np.int64 if is_int else DEFAULT_FLOAT[0]
    _check_real("arange", dtype)
    return _finish(np.arange(start, end, step).astype(dtype), requires_grad, device)


def linspace(start, end, steps, dtype=None, requires_grad=False, device=None):
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive (complex for a complex end, as PyTorch)."""
    return _finish(np.linspace(start, end, steps).astype(_range_dtype("linspace", dtype, start, end)),
                   requires_grad, device)


def _range_dtype(op, dtype, start, end):
    """``dtype`` (None: the default float dtype, or the default complex one where ``start`` or ``end`` is
    complex, as PyTorch); a real ``dtype`` for complex ends is an error, as there."""
    if not (np.iscomplexobj(start) or np.iscomplexobj(end)):
        return _dtype(dtype)
    if dtype is None:
        return default_complex_dtype()
    if np.dtype(dtype).kind != "c":
        raise TypeError(f"{op}: a complex start or end can't be cast to {np.dtype(dtype)}; pass a complex dtype")
    return np.dtype(dtype)


def eye(n, m=None, dtype=None, requires_grad=False, device=None):
    """The identity matrix (n x m)."""
    return _finish(np.eye(n, m, dtype=_dtype(dtype)), requires_grad, device)


def rand(*size, generator=None, dtype=None, requires_grad=False, device=None):
    """Uniform samples in [0, 1) (from ``generator``, an ag.Generator, when given); a complex dtype draws
    the real and imaginary parts so, as PyTorch."""
    dtype = _random_dtype("rand", dtype)
    arr = random.uniform_array(np, _shape(size), np.result_type(dtype, np.float64), generator)  # float64 draws
    return _finish(arr.astype(dtype, copy=False), requires_grad, device)


def randn(*size, generator=None, dtype=None, requires_grad=False, device=None):
    """Standard normal samples (from ``generator``, an ag.Generator, when given); a complex dtype draws
    the real and imaginary parts each with variance 1/2 (so E|z|^2 = 1), as PyTorch."""
    arr = random.normal_array(np, _shape(size), _random_dtype("randn", dtype), generator)
    return _finish(arr, requires_grad, device)


def _random_dtype(op, dtype):
    """``dtype`` (the default float dtype for None), checked to be one rand and randn draw."""
    dtype = _dtype(dtype)
    random.check_random_dtype(op, dtype)
    return dtype


def randint(low, high=None, size=(), *, generator=None, dtype=None, device=None):
    """Random integers in [low, high) (int64, or ``dtype``: not a complex one, as PyTorch), from ``generator``
    when given."""
    if high is None:
        low, high = 0, low
    if dtype is not None:
        _check_real("randint", dtype)
    arr = random.get_rng(generator).integers(low, high, size=_shape((size,))).astype(dtype or np.int64)
    return _finish(arr, False, device)


def _like(fn, name):
    def like(x, dtype=None, requires_grad=False, device=None, **kwargs):
        return fn(*x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad, device=device or x.device, **kwargs)
    like.__name__ = name
    like.__doc__ = f"Like ``{fn.__name__}`` with the shape (and dtype and device, unless given) of ``x``."
    return like


zeros_like = _like(zeros, "zeros_like")
ones_like = _like(ones, "ones_like")
empty_like = _like(empty, "empty_like")
rand_like = _like(rand, "rand_like")
randn_like = _like(randn, "randn_like")


def full_like(x, fill_value, dtype=None, requires_grad=False, device=None):
    """Like ``full`` with the shape (and dtype and device, unless given) of ``x``."""
    return full(x.shape, fill_value, dtype=dtype or x.dtype, requires_grad=requires_grad, device=device or x.device)


def randint_like(x, low, high=None, dtype=None, device=None):
    """Like ``randint`` with the shape (and dtype and device, unless given) of ``x``."""
    return randint(low, high, x.shape, dtype=dtype or x.dtype, device=device or x.device)


def logspace(start, end, steps, base=10.0, dtype=None, requires_grad=False, device=None):
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced in the exponent."""
    arr = np.power(float(base), np.linspace(start, end, steps)).astype(_range_dtype("logspace", dtype, start, end))
    return _finish(arr, requires_grad, device)


def randperm(n, *, generator=None, dtype=None, requires_grad=False, device=None):
    """A random permutation of ``0 .. n-1`` (int64), from the framework's generator (or ``generator``)."""
    if int(n) < 0:
        raise ValueError(f"randperm: n must be non-negative, got {n}")
    if dtype is not None:
        _check_real("randperm", dtype)
    return _finish(random.get_rng(generator).permutation(int(n)).astype(dtype or np.int64), requires_grad, device)


def tril_indices(row, col, offset=0, dtype=None, device=None):
    """The (2, n) row and column indices of the lower triangle of a ``row`` x ``col`` matrix (below
    diagonal ``offset``), row by row, as int64."""
    _check_matrix_size("tril_indices", row, col)
    return _finish(np.stack(np.tril_indices(row, offset, col)).astype(dtype or np.int64), False, device)


def triu_indices(row, col, offset=0, dtype=None, device=None):
    """The (2, n) indices of the upper triangle (on and above diagonal ``offset``); see ``tril_indices``."""
    _check_matrix_size("triu_indices", row, col)
    return _finish(np.stack(np.triu_indices(row, offset, col)).astype(dtype or np.int64), False, device)


def _check_matrix_size(op, row, col):
    if row < 0 or col < 0:
        raise ValueError(f"{op}: row and col must be non-negative, got {row} and {col}")
