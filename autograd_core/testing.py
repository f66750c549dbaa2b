"""``autograd_core.testing``: ``assert_close``, as ``torch.testing.assert_close``."""
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from .backend import to_numpy
from .dtypes import DEFAULT_FLOAT
from .tensor import Tensor

# PyTorch's default (rtol, atol) per dtype; other dtypes (integers, bool) compare exactly
_TOLERANCES = {np.dtype(np.float16): (1e-3, 1e-5), np.dtype(np.float32): (1.3e-6, 1e-5),
               np.dtype(np.float64): (1e-7, 1e-7), np.dtype(np.complex64): (1.3e-6, 1e-5),
               np.dtype(np.complex128): (1e-7, 1e-7)}


def assert_close(actual, expected, *, rtol=None, atol=None, equal_nan=False, check_device=True, check_dtype=True,
                 msg=None):
    """Raise an AssertionError unless ``actual`` and ``expected`` are close: ``|actual - expected| <= atol +
    rtol * |expected|`` elementwise, with equal shapes (and dtypes and devices, unless told not to check).

    Takes Tensors, NumPy arrays, Python numbers, and sequences and mappings of them (compared item by
    item). Without ``rtol`` and ``atol`` the tolerances are PyTorch's for the dtypes (float32: 1.3e-6 and
    1e-5; float64: 1e-7 and 1e-7; integers and bool: exact). The message counts the mismatched elements
    and gives the greatest absolute and relative differences and where they are; ``msg`` replaces it
    (a string, or a callable taking it).
    """
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                         f"{'atol' if atol is None else 'rtol'}.")
    failure = _compare(actual, expected, (), (rtol, atol, equal_nan, check_device, check_dtype))
    if failure is not None:
        text, item = failure
        if item:
            text += "\n\nThe failure occurred for item " + "".join(f"[{key!r}]" for key in item)
        raise AssertionError(msg(text) if callable(msg) else text if msg is None else msg)


def _compare(actual, expected, item, options):
    """None where they are close, else (message, the item's path)."""
    arrays = (Tensor, np.ndarray)
    if isinstance(actual, arrays) and type(actual) is type(expected):
        text = _compare_arrays(actual, expected, *options)
    elif isinstance(actual, (bool, np.bool_)) and isinstance(expected, (bool, np.bool_)):
        text = None if actual == expected else f"Booleans mismatch: {actual} is not {expected}"
    elif isinstance(actual, numbers.Number) and isinstance(expected, numbers.Number) \
            and not isinstance(actual, arrays) and not isinstance(expected, arrays):
        text = _compare_numbers(actual, expected, *options)
    elif isinstance(actual, Mapping) and isinstance(expected, Mapping):
        missing, extra = expected.keys() - actual.keys(), actual.keys() - expected.keys()
        if missing or extra:
            return (f"The keys of the mappings do not match:\nMissing keys in the actual mapping: {sorted(missing)}\n"
                    f"Additional keys in the actual mapping: {sorted(extra)}"), item
        return _first_failure((_compare(actual[k], expected[k], item + (k,), options) for k in expected))
    elif _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            return f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", item
        return _first_failure(_compare(a, e, item + (i,), options) for i, (a, e) in enumerate(zip(actual, expected)))
    else:
        raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.")
    return None if text is None else (text, item)


def _first_failure(failures):
    return next((f for f in failures if f is not None), None)


def _is_sequence(x):
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _kind(x):
    """The Python type of a number: bool, int, float or complex (NumPy scalars count as theirs)."""
    if isinstance(x, (bool, np.bool_)):
        return bool
    return next(t for abc, t in ((numbers.Integral, int), (numbers.Real, float), (numbers.Complex, complex))
                if isinstance(x, abc))


def _compare_numbers(actual, expected, rtol, atol, equal_nan, check_device, check_dtype):
    if check_dtype and _kind(actual) is not _kind(expected):
        return f"The (d)types do not match: {_kind(actual)} != {_kind(expected)}."
    return _compare_arrays(np.asarray(actual), np.asarray(expected), rtol, atol, equal_nan, False, False)


def _compare_arrays(actual, expected, rtol, atol, equal_nan, check_device, check_dtype):
    if isinstance(actual, Tensor):
        if check_device and str(actual.device) != str(expected.device):
            return f"The values for attribute 'device' do not match: {actual.device} != {expected.device}."
        actual, expected = to_numpy(actual._data), to_numpy(expected._data)
    if actual.shape != expected.shape:
        return f"The values for attribute 'shape' do not match: {actual.shape} != {expected.shape}."
    if check_dtype and actual.dtype != expected.dtype:
        return f"The values for attribute 'dtype' do not match: {actual.dtype} != {expected.dtype}."
    if rtol is None:
        rtol, atol = (max(t) for t in zip(*(_TOLERANCES.get(a.dtype, (0.0, 0.0)) for a in (actual, expected))))
    dtype = np.result_type(actual, expected)
    if dtype.kind not in "fc":  # integers and bool: differences in int64, as PyTorch
        dtype = np.dtype(np.int64)
    actual, expected = actual.astype(dtype), expected.astype(dtype)
    if dtype.kind in "fc":
        matches = np.isclose(actual, expected, rtol, atol, equal_nan)
    else:
        matches = actual == expected
    if matches.all():
        return None
    return _mismatch_message(actual, expected, matches, rtol, atol)


def _mismatch_message(actual, expected, matches, rtol, atol):
    """PyTorch's message: the greatest differences among the mismatched elements, and where."""
    exact = rtol == 0 and atol == 0
    if actual.ndim == 0 and actual.dtype.kind in "fc":  # PyTorch compares scalars as Python numbers
        actual, expected = (a.astype(np.promote_types(a.dtype, np.float64)) for a in (actual, expected))
    with np.errstate(all="ignore"):
        abs_diff = np.abs(actual - expected).ravel()
        abs_diff[matches.ravel()] = 0
        scale = np.abs(expected).ravel()
        if abs_diff.dtype.kind in "fc":
            rel_diff = abs_diff / scale
        else:  # integer division gives the default float dtype (a Python float for scalars), as PyTorch
            dtype = np.float64 if actual.ndim == 0 else DEFAULT_FLOAT[0]
            rel_diff = abs_diff.astype(dtype) / scale.astype(dtype)
        rel_diff[matches.ravel()] = 0

    def line(kind, diff, tol):
        k = int(np.argmax(diff))  # the first NaN where there is one, as torch.max
        where = "" if actual.ndim == 0 else f" at index {tuple(int(i) for i in np.unravel_index(k, actual.shape))}"
        text = f"{'Greatest ' + kind if actual.ndim else kind.title()} difference: {diff[k].item()}{where}"
        return text + ("" if exact else f" (up to {tol} allowed)")
    if actual.ndim == 0:
        head = (f"Scalars are not {'equal' if exact else 'close'}!\n\n"
                f"Expected {expected.item()} but got {actual.item()}.")
    else:
        n, bad = matches.size, int(matches.size - matches.sum())
        head = (f"Tensor-likes are not {'equal' if exact else 'close'}!\n\n"
                f"Mismatched elements: {bad} / {n} ({bad / n:.1%})")
    return f"{head}\n{line('absolute', abs_diff, atol)}\n{line('relative', rel_diff, rtol)}"
