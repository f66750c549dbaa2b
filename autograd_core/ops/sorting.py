"""Sorting and selecting: sort, argsort, topk, msort; order statistics (median, nanmedian, kthvalue, mode,
quantile, nanquantile); searching (searchsorted, bucketize, nonzero, argwhere, unique, unique_consecutive);
running extremes (cummax, cummin) and logcumsumexp.

The values are ``gather(x, dim, indices)``, so their gradient goes back to the
picked positions (and double backward comes with gather); indices are int64
and never require grad.
"""
import math
from collections import namedtuple

import numpy as np

from ..backend import get_array_module, on_gpu
from ..function import Function, dual
from ..tensor import _new
from ._util import array_on, as_tensor, normalize_axis, raw
from .arithmetic import check_ordered, clone
from .elementwise import Exp, Log, where
from .reductions import Amax, gather
from .shape import flatten, reshape, squeeze

SortResult = namedtuple("sort", ["values", "indices"])
TopkResult = namedtuple("topk", ["values", "indices"])


def _argsort(data, axis, descending, stable):
    """Indices that sort ``data`` along ``axis``. Descending keeps equal values in their original order
    (sorting the reversed array ascending and reversing back), and puts NaN first, as PyTorch. So do sorts of
    at most 16 elements: PyTorch's unstable CPU sort (std::sort of libstdc++, which its Linux builds use) is an
    insertion sort there."""
    xp = get_array_module(data)
    kind = "stable" if stable or descending or data.shape[axis] <= 16 else None
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

    ``stable=True`` keeps equal values in their original order, as do descending sorts and sorts of at most 16
    elements (where PyTorch's ``stable=False`` order is that too). Longer ascending sorts with ``stable=False``
    order ties as NumPy's fast sort does, which need not be PyTorch's (that order is std::sort's).
    """
    x = as_tensor(x)
    check_ordered("sort", x)
    dim = normalize_axis(dim, x.ndim, "sort")
    if x.ndim == 0:
        return SortResult(*_scalar_case(x))
    return SortResult(*_picked(x, dim, _argsort(x._data, dim, descending, stable)))


def argsort(x, dim=-1, descending=False, stable=False):
    """Indices that sort ``x`` along ``dim`` (int64, no gradient)."""
    x = as_tensor(x)
    check_ordered("argsort", x)
    dim = normalize_axis(dim, x.ndim, "argsort")
    if x.ndim == 0:
        return _scalar_case(x)[1]
    return _new(_argsort(x._data, dim, descending, stable).astype(np.int64, copy=False), False, None)


def topk(x, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (or smallest) values along ``dim`` and their indices: ``(values, indices)``.

    Equal values come in index order (a stable sort), so ties pick the same elements as a stable ``sort``;
    PyTorch's picks among ties follow its std::nth_element / partial_sort and may differ. With
    ``sorted=False`` the values still come sorted.
    """
    x = as_tensor(x)
    check_ordered("topk", x)
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


# -- order statistics: median, kthvalue, mode, quantile --------------------------
MedianResult = namedtuple("median", ["values", "indices"])
KthvalueResult = namedtuple("kthvalue", ["values", "indices"])
ModeResult = namedtuple("mode", ["values", "indices"])


def _order_statistic(x, dim, keepdim, name, rank):
    """``(values, indices)`` of the element at sorted position ``rank(data, dim)`` (an int array with ``dim``
    of size 1) along ``dim`` of a stable ascending sort, NaN last. Values carry the gradient (a gather)."""
    x = as_tensor(x)
    check_ordered(name, x)
    dim = normalize_axis(dim, x.ndim, name)
    if x.ndim == 0:
        return _scalar_case(x)
    if x.shape[dim] == 0:
        raise IndexError(f"{name}: can't reduce over the empty dimension {dim} of a tensor of shape {x.shape}")
    xp = get_array_module(x._data)
    order = xp.argsort(x._data, axis=dim, kind="stable")
    values, indices = _picked(x, dim, xp.take_along_axis(order, rank(x._data, dim), axis=dim))
    if not keepdim:
        values, indices = squeeze(values, dim), _new(indices._data.squeeze(dim), False, None)
    return values, indices


class EvenlyShared(Amax):
    """``value``, a value of ``x`` picked by the caller, whose gradient Amax's backward shares evenly among
    the elements of ``x`` equal to it (NaN to NaN): PyTorch's gradient of the median over all elements."""

    def __init__(self, value):
        super().__init__(None, False, nan_ties=True)
        self.value = value

    def _reduce(self, x, xp):
        return self.value


def _all_elements(op, x):
    """``op``'s value over all elements of ``x`` (NaN for an empty one), its gradient shared among the
    elements equal to it, as PyTorch."""
    x = as_tensor(x)
    if x.numel() == 0:
        value = get_array_module(x._data).full((), np.nan, x.dtype)
    else:
        value = op(_new(x._data.reshape(-1), False, None), 0).values._data
    return EvenlyShared(value)(x)


def _nan_count(data, dim):
    return get_array_module(data).isnan(data).sum(axis=dim, keepdims=True)


def median(input, dim=None, keepdim=False):
    """The median: the lower of the two middle values for an even count, NaN where a slice has NaN.
    ``median(x)`` gives the value (its gradient shared among the elements equal to it, as PyTorch);
    ``median(x, dim)`` gives ``(values, indices)``.

    Among equal values the index is the one a stable sort puts at the middle (PyTorch may pick another).
    """
    if dim is None:
        return _all_elements(median, input)

    def rank(data, d):  # the first NaN where there is one (NaN sorts last), else the lower middle
        n, nans = data.shape[d], _nan_count(data, d)
        return get_array_module(data).where(nans > 0, n - nans, (n - 1) // 2)
    return MedianResult(*_order_statistic(input, dim, keepdim, "median", rank))


def nanmedian(input, dim=None, keepdim=False):
    """``median`` ignoring NaN (NaN only where a slice is all NaN)."""
    if dim is None:
        return _all_elements(nanmedian, input)

    def rank(data, d):
        return get_array_module(data).maximum((data.shape[d] - _nan_count(data, d) - 1) // 2, 0)
    return MedianResult(*_order_statistic(input, dim, keepdim, "nanmedian", rank))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest value along ``dim`` (k from 1) and its index: ``(values, indices)``."""
    x = as_tensor(input)
    n = x.shape[normalize_axis(dim, x.ndim, "kthvalue")] if x.ndim else 1
    if not 1 <= int(k) <= n:
        raise IndexError(f"kthvalue: k={k} is out of range for a dimension of size {n} (tensor shape {x.shape}); "
                         f"k must lie in [1, {n}]")

    def rank(data, d):
        return get_array_module(data).full(data.shape[:d] + (1,) + data.shape[d + 1:], int(k) - 1)
    return KthvalueResult(*_order_statistic(x, dim, keepdim, "kthvalue", rank))


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along ``dim`` (the smallest of equally frequent ones) and the index of its
    last occurrence: ``(values, indices)``, as PyTorch."""
    x = as_tensor(input)
    check_ordered("mode", x)
    dim = normalize_axis(dim, x.ndim, "mode")
    if x.ndim == 0:
        return ModeResult(*_scalar_case(x))
    if x.shape[dim] == 0:
        raise IndexError(f"mode: can't reduce over the empty dimension {dim} of a tensor of shape {x.shape}")
    xp = get_array_module(x._data)
    data = xp.moveaxis(x._data, dim, -1)
    s = xp.sort(data, axis=-1)
    counts = searchsorted_rows(s, s, "right") - searchsorted_rows(s, s, "left")
    best = xp.take_along_axis(s, xp.argmax(counts, axis=-1)[..., None], axis=-1)  # first max: the smallest
    here = (data == best) | (xp.isnan(data) & xp.isnan(best))  # NaN sorts last and counts as one value
    idx = xp.moveaxis(xp.where(here, xp.arange(data.shape[-1]), -1).max(axis=-1, keepdims=True), -1, dim)
    values, indices = _picked(x, dim, idx)
    if not keepdim:
        values, indices = squeeze(values, dim), _new(indices._data.squeeze(dim), False, None)
    return ModeResult(values, indices)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-th quantiles (``q`` a float or a 1-D tensor in [0, 1]) over all elements or along ``dim``,
    interpolating as ``interpolation`` says; NaN where a slice has NaN. A 1-D ``q`` adds a leading dim."""
    return _quantile(input, q, dim, keepdim, interpolation, "quantile")


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """``quantile`` ignoring NaN (NaN only where a slice is all NaN)."""
    return _quantile(input, q, dim, keepdim, interpolation, "nanquantile")


def _quantile(x, q, dim, keepdim, interpolation, name):
    from .shape import broadcast_to, movedim, unsqueeze
    x = as_tensor(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name}: input must be a float tensor, got dtype {x.dtype}; convert with x.float() first")
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"{name}: interpolation must be one of {_INTERPOLATIONS}, got {interpolation!r}")
    xp = get_array_module(x._data)
    qs = array_on(q, x).astype(x.dtype)
    if qs.ndim > 1:
        raise ValueError(f"{name}: q must be a scalar or a 1-D tensor, got shape {qs.shape}")
    if xp is np and ((qs < 0) | (qs > 1)).any():  # on a GPU the check would sync
        raise ValueError(f"{name}: q must lie in [0, 1], got {q}")
    if x.numel() == 0:
        raise ValueError(f"{name}: input tensor must be non-empty, got shape {x.shape}")
    if x.ndim == 0:  # one element, and no dim to keep
        if dim is not None:
            normalize_axis(dim, 0, name)
        x, dim, keepdim = reshape(x, (1,)), None, False
    rows = flatten(x) if dim is None else movedim(x, normalize_axis(dim, x.ndim, name), -1)
    data, n = rows._data, rows.shape[-1]
    nans = _nan_count(data, -1)
    count = n - nans if name == "nanquantile" else n
    pos = xp.maximum(qs.reshape((-1,) + (1,) * rows.ndim) * (count - 1), 0).astype(x.dtype)
    if name == "quantile":  # a row with NaN: its last sorted element, a NaN, is the value and gets the gradient
        pos = xp.where(nans > 0, n - 1, pos).astype(x.dtype, copy=False)
    pos = xp.broadcast_to(pos, (qs.size,) + rows.shape[:-1] + (1,))  # where each quantile lies in its row
    pos = {"lower": xp.floor, "higher": xp.ceil, "nearest": xp.round}.get(interpolation, lambda p: p)(pos)
    lo = xp.floor(pos)
    s = broadcast_to(unsqueeze(sort(rows, -1).values, 0), pos.shape[:-1] + (n,))
    below = gather(s, -1, lo.astype(np.int64))
    above = gather(s, -1, xp.ceil(pos).astype(np.int64))
    if interpolation == "midpoint":
        out = (below + above) * 0.5
    else:
        out = below + _new(pos - lo, False, None) * (above - below)
    if keepdim:  # (q, ...) with the reduced dims back as size 1
        out = reshape(out, (-1,) + (1,) * x.ndim) if dim is None else movedim(out, -1, 1 + normalize_axis(
            dim, x.ndim, name))
    else:
        out = squeeze(out, -1)
    return squeeze(out, 0) if qs.ndim == 0 else out


def msort(input):
    """Sort along the first dimension (values only): ``sort(input, dim=0).values``."""
    return sort(input, 0).values


# -- searching: searchsorted, bucketize, nonzero, unique --------------------------
def searchsorted_rows(seq, values, side):
    """``searchsorted`` of each row of ``values`` (..., m) in the matching sorted row of ``seq`` (..., n),
    on arrays, without a loop: values become their rank among all values (order and ties kept), and row r's
    ranks are shifted by r times their count, so one 1-D search of the flattened rows answers every row."""
    xp = get_array_module(seq)
    if seq.ndim == 1:
        return xp.searchsorted(seq, values, side=side)
    n, m, rows = seq.shape[-1], values.shape[-1], int(np.prod(seq.shape[:-1]))
    seq2, values2 = seq.reshape(rows, n), values.reshape(rows, m)
    levels = xp.sort(xp.concatenate([seq2.reshape(-1), values2.reshape(-1)]))
    row = xp.arange(rows).reshape(rows, 1)
    keys = (xp.searchsorted(levels, seq2) + row * levels.size).reshape(-1)
    found = xp.searchsorted(keys, (xp.searchsorted(levels, values2) + row * levels.size).reshape(-1), side=side)
    return (found.reshape(rows, m) - row * n).reshape(values.shape)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """Indices where ``input``'s values would go in ``sorted_sequence`` (sorted along its last dim) to keep it
    sorted: the first such place, or the last with ``right=True`` / ``side='right'``. A sequence of more than
    one dim searches row by row (``input`` then has its leading dims). ``sorter`` sorts an unsorted one."""
    seq = as_tensor(sorted_sequence)
    if side not in (None, "left", "right") or (side is not None and right and side == "left"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right' and agree with right={right}, got {side!r}")
    side = side or ("right" if right else "left")
    seq_data = seq._data if sorter is None else get_array_module(seq._data).take_along_axis(
        seq._data, array_on(sorter, seq), axis=-1)
    values = array_on(input, seq)
    check_ordered("searchsorted", seq)
    check_ordered("searchsorted", values)
    if seq.ndim == 0 or (seq.ndim > 1 and values.shape[:-1] != seq.shape[:-1]):
        raise ValueError(f"searchsorted: the sorted sequence (shape {seq.shape}) must be 1-D, or have the leading "
                         f"dims of the input (shape {values.shape})")
    return _new(searchsorted_rows(seq_data, values, side).astype(np.int32 if out_int32 else np.int64), False, None)


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value among 1-D sorted ``boundaries``: ``i`` with ``boundaries[i-1] < x <=
    boundaries[i]`` (``boundaries[i-1] <= x < boundaries[i]`` with ``right=True``)."""
    boundaries = as_tensor(boundaries)
    if boundaries.ndim != 1:
        raise ValueError(f"bucketize: boundaries must be 1-D, got shape {boundaries.shape}")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero elements: an (n, ndim) int64 tensor, or one 1-D tensor per dim with
    ``as_tuple=True``. Its size depends on the data, so on a GPU it waits for it."""
    x = as_tensor(input)
    data = x._data.reshape(1) if x.ndim == 0 else x._data
    coords = get_array_module(data).nonzero(data)
    if as_tuple:
        return tuple(_new(c.astype(np.int64), False, None) for c in coords)
    if x.ndim == 0:
        return _new(get_array_module(data).zeros((coords[0].size, 0), np.int64), False, None)
    return _new(get_array_module(data).stack(coords, axis=1).astype(np.int64), False, None)


def argwhere(input):
    """``nonzero(input)``: the (n, ndim) indices of the non-zero elements."""
    return nonzero(input)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values of the flattened tensor, sorted (also with ``sorted=False``, as PyTorch on the
    CPU), each NaN distinct (as PyTorch); with ``return_inverse`` where each element went (input's shape),
    with ``return_counts`` how often each occurs. No gradient (as PyTorch). On a GPU it waits for the data
    (the size depends on it).

    With ``dim``: the distinct slices along ``dim``, in lexicographic order; the inverse and the counts are
    per slice. A slice holding NaN is distinct from every other (as PyTorch), and such slices sort by
    NumPy's rule, NaN last (PyTorch's order for them is its sort's).
    """
    x = as_tensor(input)
    check_ordered("unique", x)
    xp = get_array_module(x._data)
    if dim is None:
        items = x._data.reshape(-1)
        order = xp.argsort(items, kind="stable")
    else:
        dim, items = _slices("unique", x._data, dim)
        order = xp.lexsort(items.T[::-1])  # the first column is the primary key
    values, run, counts = _runs(items[order])
    inverse = xp.empty_like(run)
    inverse[order] = run  # each element's run, back in the input's order
    if dim is None:
        return _unique_result(values, inverse.reshape(x.shape), counts, return_inverse, return_counts)
    return _unique_result(_unslice(values, x.shape, dim), inverse, counts, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """One element of each run of equal consecutive values of the flattened tensor, or with ``dim`` of equal
    consecutive slices along ``dim`` (``return_inverse`` and ``return_counts`` as in ``unique``). On a GPU it
    waits for the data (the size depends on it)."""
    x = as_tensor(input)
    check_ordered("unique_consecutive", x)
    if dim is None:
        values, run, counts = _runs(x._data.reshape(-1))
        return _unique_result(values, run.reshape(x.shape), counts, return_inverse, return_counts)
    dim, items = _slices("unique_consecutive", x._data, dim)
    values, run, counts = _runs(items)
    return _unique_result(_unslice(values, x.shape, dim), run, counts, return_inverse, return_counts)


def _slices(name, data, dim):
    """(dim normalized, the slices of ``data`` along ``dim`` as the rows of a 2-D array)."""
    if data.ndim == 0:
        raise IndexError(f"{name}: dim={dim} given for a 0-d tensor, which has no dimensions")
    dim = normalize_axis(dim, data.ndim, name)
    n, rest = data.shape[dim], data.shape[:dim] + data.shape[dim + 1:]
    if 0 in rest:
        raise ValueError(f"{name}: the slices along dim {dim} of a tensor of shape {data.shape} are empty (another "
                         "dim has size 0), so there is nothing to compare")
    return dim, get_array_module(data).moveaxis(data, dim, 0).reshape(n, math.prod(rest))


def _unslice(rows, shape, dim):
    """Rows made by ``_slices`` back into slices along ``dim`` of a tensor of ``shape``."""
    rest = shape[:dim] + shape[dim + 1:]
    return get_array_module(rows).moveaxis(rows.reshape((len(rows),) + rest), 0, dim)


def _runs(items):
    """The runs of equal neighbours among the items (elements, or rows of a 2-D array) of ``items``, NaN
    equal to nothing: (each run's item, the run of each item, each run's length)."""
    xp = get_array_module(items)
    differ = items[1:] != items[:-1]
    if differ.ndim > 1:
        differ = differ.any(axis=1)
    starts = xp.concatenate([xp.ones(min(len(items), 1), bool), differ])
    counts = xp.diff(xp.concatenate([xp.nonzero(starts)[0], xp.full(1, len(items))]))
    return items[starts], xp.cumsum(starts) - 1, counts


def _unique_result(values, inverse, counts, return_inverse, return_counts):
    out = (_new(values, False, None),)
    if return_inverse:
        out += (_new(inverse.astype(np.int64), False, None),)
    if return_counts:
        out += (_new(counts.astype(np.int64), False, None),)
    return out if len(out) > 1 else out[0]


# -- scans: cummax, cummin, logcumsumexp -----------------------------------------
CummaxResult = namedtuple("cummax", ["values", "indices"])
CumminResult = namedtuple("cummin", ["values", "indices"])


def _scan(ufunc, a):
    """Inclusive scan of ``ufunc`` along the last axis of array ``a``: NumPy's ``accumulate``, or on a GPU
    log2(n) doubling steps (CuPy's ufuncs have ``accumulate`` only for add and multiply)."""
    if not on_gpu(a):
        return ufunc.accumulate(a, axis=-1)
    a, step = a.copy(), 1
    while step < a.shape[-1]:
        a[..., step:] = ufunc(a[..., step:], a[..., :-step])
        step *= 2
    return a


def _cumulative_extreme(x, dim, largest):
    name = "cummax" if largest else "cummin"
    x = as_tensor(x)
    check_ordered(name, x)
    dim = normalize_axis(dim, x.ndim, name)
    if x.ndim == 0:
        return _scalar_case(x)
    xp = get_array_module(x._data)
    data = xp.moveaxis(x._data, dim, -1)
    best = _scan(xp.maximum if largest else xp.minimum, data)  # NaN propagates, as PyTorch
    here = (data == best) | xp.isnan(data)  # where the running extreme was last reached (ties: the latest)
    idx = _scan(xp.maximum, xp.where(here, xp.arange(data.shape[-1]), 0))
    return _picked(x, dim, xp.moveaxis(idx, -1, dim))


def cummax(input, dim):
    """Running maximum along ``dim`` and where it was reached (the latest index among ties):
    ``(values, indices)``; the gradient of values goes to those indices."""
    return CummaxResult(*_cumulative_extreme(input, dim, True))


def cummin(input, dim):
    """Running minimum along ``dim``; see ``cummax``."""
    return CumminResult(*_cumulative_extreme(input, dim, False))


class LogCumSumExp(Function):
    """Running log-sum-exp along ``axis``. The gradient, ``sum_{j >= i} gy_j exp(x_i - y_j)``, is taken in
    log space from gy's positive and negative parts, each through a reversed running log-sum-exp, so it
    neither overflows nor underflows; it is made of differentiable ops, so it differentiates again. For
    complex x (holomorphic) the complex log of gy carries its phase instead of the parts."""
    complex_autograd = "holomorphic"

    def __init__(self, axis):
        self.axis = axis

    def forward(self, x):
        xp = get_array_module(x)
        lines = xp.moveaxis(x, self.axis, -1)
        if x.dtype.kind == "c":  # in complex128, as PyTorch's steps (their ties depend on it)
            y = _complex_logcumsumexp(xp, lines.astype(np.complex128)).astype(x.dtype, copy=False)
        else:
            y = _scan(xp.logaddexp, lines)
        y = xp.moveaxis(y, -1, self.axis)
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        flip = (slice(None),) * self.axis + (slice(None, None, -1),)
        if raw(x).dtype.kind == "c":
            return dual(Exp(), dual(LogCumSumExp(self.axis), (dual(Log(), gy) - y)[flip])[flip] + x)

        def part(positive):  # log sum_{j >= i} |gy_j| exp(-y_j) over the j where gy has this sign
            take = gy > 0 if positive else gy < 0
            terms = where(take, dual(Log(), where(take, gy if positive else -gy, 1.0)) - y, -np.inf)
            return dual(LogCumSumExp(self.axis), terms[flip])[flip]
        return dual(Exp(), part(True) + x) - dual(Exp(), part(False) + x)


def _log_difference(xp, log_p, log_n):
    """log|P - N| and the sign of P - N from log P and log N (of sums of non-negative terms)."""
    hi, lo = xp.maximum(log_p, log_n), xp.minimum(log_p, log_n)
    log_abs = xp.where(hi == -np.inf, -np.inf, hi + xp.log(-xp.expm1(lo - hi)))
    return log_abs, xp.where(log_p >= log_n, 1.0, -1.0)


def _log_abs_and_phase(xp, x):
    """log|S_k| and arg S_k of the running sums S_k of exp(x) along the last axis: the positive and negative
    masses of their real and imaginary parts are each a real running log-sum-exp (no overflow, no underflow)."""
    cos, sin = xp.cos(x.imag), xp.sin(x.imag)
    masses = [_scan(xp.logaddexp, x.real + xp.log(xp.maximum(w, 0.0))) for w in (cos, -cos, sin, -sin)]
    (log_re, sign_re), (log_im, sign_im) = _log_difference(xp, *masses[:2]), _log_difference(xp, *masses[2:])
    top, low = xp.maximum(log_re, log_im), xp.minimum(log_re, log_im)
    empty = top == -np.inf
    log_abs = xp.where(empty, -np.inf, top + 0.5 * xp.log1p(xp.exp(2.0 * (low - top))))
    phase = xp.where(empty, 0.0, xp.arctan2(sign_im * xp.exp(log_im - top), sign_re * xp.exp(log_re - top)))
    return log_abs, phase


def _last_index(xp, mask):
    """The index of the last True of ``mask`` at or before each place along its last axis (0 where none)."""
    return _scan(xp.maximum, xp.where(mask, xp.arange(mask.shape[-1]), 0))


def _shifted(xp, a, first):
    """``a`` moved one place on along its last axis, ``first`` in front."""
    return xp.concatenate([xp.full(a.shape[:-1] + (1,), first), a[..., :-1]], axis=-1)


def _complex_logcumsumexp(xp, x):
    """Running log-sum-exp of complex128 ``x`` along its last axis, with the values of PyTorch's sequential
    steps ``y_k = hi + log1p(exp(lo - hi))`` from y_(-1) = -inf, hi the one of x_k and y_(k-1) of larger real
    part (x_k at a tie): each imaginary part lies within pi/2 of hi's, so it may leave (-pi, pi]; -inf + 0j
    while every real part is -inf; from a +inf real part on, that term; NaN + NaNj from a NaN on. Vectorised:
    log|S_k| and arg S_k, then each step's number of turns (2 pi) as PyTorch's: from x_k where x_k is hi (a
    "reset"), else carried on from the step before. (From a second +inf real part on, PyTorch's parts depend
    on its order of steps, mostly NaN: here NaN + NaNj.)"""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_abs, phase = _log_abs_and_phase(xp, x)
        # where the other terms are negligible PyTorch's real part is exactly the largest term's (y_0 = x_0):
        # snapped to it there, the comparison breaks ties as PyTorch's does
        largest = _scan(xp.maximum, x.real)
        close = xp.abs(log_abs - largest) <= 4 * np.finfo(np.float64).eps * xp.maximum(xp.abs(largest), 1.0)
        reset = ~(x.real < _shifted(xp, xp.where(close, largest, log_abs), -np.inf))
        carried = xp.cumsum(xp.rint((_shifted(xp, phase, 0.0) - phase) / (2 * np.pi)), axis=-1)
        at_reset = xp.rint((x.imag - phase) / (2 * np.pi)) - carried  # the first term is a reset
        turns = xp.take_along_axis(at_reset, _last_index(xp, reset), axis=-1) + carried
        y = log_abs + 1j * (phase + 2 * np.pi * turns)
    y = xp.where(log_abs == -np.inf, complex(-np.inf, 0.0), y)
    infinite = x.real == np.inf
    seen = xp.cumsum(infinite, axis=-1)
    y = xp.where(seen > 0, xp.take_along_axis(x, _last_index(xp, infinite), axis=-1), y)
    return xp.where(xp.cumsum(xp.isnan(x) | (seen > 1), axis=-1) > 0, complex(np.nan, np.nan), y)


def logcumsumexp(input, dim):
    """``log(cumsum(exp(input)))`` along ``dim``, computed stably (NumPy's exact running logaddexp, of the
    positive and negative masses of the real and imaginary parts for complex input, which takes PyTorch's
    branch of the logarithm; on a GPU log2(n) doubling steps)."""
    x = as_tensor(input)
    if x.dtype.kind not in "fc":
        raise TypeError(f"logcumsumexp: input must be a float or complex tensor, got dtype {x.dtype}")
    dim = normalize_axis(dim, x.ndim, "logcumsumexp")
    return clone(x) if x.ndim == 0 else LogCumSumExp(dim)(x)
