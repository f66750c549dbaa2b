"""Sorting: sort, argsort, topk.

The values are ``gather(x, dim, indices)``, so their gradient goes back to the
picked positions (and double backward comes with gather); indices are int64
and never require grad.
"""
from collections import namedtuple

import numpy as np

from ..backend import get_array_module
from ..tensor import _new
from ._util import as_tensor, normalize_axis
from .arithmetic import clone
from .reductions import gather

SortResult = namedtuple("sort", ["values", "indices"])
TopkResult = namedtuple("topk", ["values", "indices"])


def _argsort(data, axis, descending, stable):
    """Indices that sort ``data`` along ``axis``. Descending keeps equal values in their original order
    (sorting the reversed array ascending and reversing back), and puts NaN first, as PyTorch."""
    xp = get_array_module(data)
    kind = "stable" if stable or descending else None
    if not descending:
        return xp.argsort(data, axis=axis, kind=kind)
    n = data.shape[axis]
    return (n - 1) - xp.flip(xp.argsort(xp.flip(data, axis), axis=axis, kind=kind), axis)


def _picked(x, dim, idx):
    """(values, indices) of ``x`` at int indices ``idx`` along ``dim``."""
    return gather(x, dim, idx), _new(idx.astype(np.int64, copy=False), False, None)


def _scalar_case(x):
    """Sorting a 0-d tensor gives it back, at index 0 (as PyTorch)."""
    return clone(x), _new(get_array_module(x._data).zeros((), np.int64), False, None)


def sort(x, dim=-1, descending=False, stable=False):
    """Sort along ``dim``: ``(values, indices)``; the gradient of values goes back to where each came from.

    ``stable=True`` keeps equal values in their original order (descending sorts are always stable here).
    """
    x = as_tensor(x)
    dim = normalize_axis(dim, x.ndim, "sort")
    if x.ndim == 0:
        return SortResult(*_scalar_case(x))
    return SortResult(*_picked(x, dim, _argsort(x._data, dim, descending, stable)))


def argsort(x, dim=-1, descending=False, stable=False):
    """Indices that sort ``x`` along ``dim`` (int64, no gradient)."""
    x = as_tensor(x)
    dim = normalize_axis(dim, x.ndim, "argsort")
    if x.ndim == 0:
        return _scalar_case(x)[1]
    return _new(_argsort(x._data, dim, descending, stable).astype(np.int64, copy=False), False, None)


def topk(x, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (or smallest) values along ``dim`` and their indices: ``(values, indices)``.

    Equal values come in index order (a stable sort), so ties pick the same elements as ``sort`` and as
    PyTorch; with ``sorted=False`` the values still come sorted.
    """
    x = as_tensor(x)
    dim = normalize_axis(dim, x.ndim, "topk")
    n = x.shape[dim] if x.ndim else 1
    k = int(k)
    if not 0 <= k <= n:
        raise IndexError(f"topk: k={k} is out of range for dimension {dim} of size {n} (tensor shape {x.shape}); "
                         f"k must lie in [0, {n}]")
    if x.ndim == 0:
        return TopkResult(*_scalar_case(x))
    idx = _argsort(x._data, dim, largest, True)[(slice(None),) * dim + (slice(0, k),)]
    return TopkResult(*_picked(x, dim, idx))
