"""Reductions over all elements or along dims: sum, mean, var, std, max, min,
prod, logsumexp, norm, argmax, argmin.

Each takes PyTorch's ``dim``/``keepdim`` or NumPy's ``axis``/``keepdims``.
"""
import builtins
from collections import namedtuple

import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ..tensor import Tensor, _new
from ._util import accumulate_dtype, as_tensor, normalize_axes, normalize_axis, raw
from .arithmetic import check_ordered, clone
from .complex_parts import conj, real
from .shape import expand_to, reshape, squeeze

_add_reduce, _asarray, _ndarray = np.add.reduce, np.asarray, np.ndarray
_object_new = object.__new__
MaxMin = namedtuple("MaxMin", ["values", "indices"])


def _axes(x, dim, keepdim, axis, keepdims, op):
    if axis is not None:
        dim = axis
    elif isinstance(dim, (tuple, list)) and not dim:  # PyTorch reduces every dim for dim=() (NumPy's axis=() none)
        dim = None
    if keepdims is not None:
        keepdim = keepdims
    return normalize_axes(dim, x.ndim, op), bool(keepdim)


def _kept_shape(shape, axes):
    """``shape`` with the reduced ``axes`` set to 1 (all of them if axes is None)."""
    if axes is None:
        return (1,) * len(shape)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


class Sum(Function):
    complex_autograd = "ready"
    axes = None        # class defaults: the full sum, made without __init__ on the hot path
    keepdims = False

    def __init__(self, axes, keepdims):
        self.axes, self.keepdims = axes, keepdims

    def forward(self, x):
        self.in_shape = x.shape
        if x.__class__ is _ndarray:  # the ufunc's reduce skips ndarray.sum's Python layer
            return _asarray(_add_reduce(x, self.axes, None, None, self.keepdims))
        return get_array_module(x).asarray(x.sum(axis=self.axes, keepdims=self.keepdims))

    def backward(self, gy):
        if self.axes is not None and not self.keepdims:  # put the reduced dims back; a full sum's 0-d broadcasts as is
            gy = reshape(gy, _kept_shape(self.in_shape, self.axes))
        return expand_to(gy, self.in_shape)


def sum(x, dim=None, keepdim=False, *, axis=None, keepdims=None, dtype=None):
    """Sum over all elements, or along ``dim`` (an int or a tuple)."""
    if x.__class__ is Tensor and dim is None and axis is None and dtype is None and not keepdim and not keepdims \
            and x._data.dtype.kind in "fc":
        return _object_new(Sum)(x)  # the hot case: a loss summed to a scalar
    x = as_tensor(x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, "sum")
    if dtype is not None:
        x = x.astype(dtype)
    elif x.dtype.kind in "biu":  # int64, as PyTorch: no graph, integers never require grad
        return _new(get_array_module(x._data).asarray(x._data.sum(axis=axes, keepdims=keep,
                                                                  dtype=accumulate_dtype(x.dtype))), False, None)
    return Sum(axes, keep)(x)


def _count(x, axes):
    if axes is None:
        return x.numel()
    return int(np.prod([x.shape[a] for a in axes]))


def mean(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Mean over all elements or along ``dim``."""
    x = as_tensor(x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, "mean")
    if x.dtype.kind in "biu":
        raise TypeError(f"mean: input dtype {x.dtype} is not floating point; convert with x.float() first")
    count = _count(x, axes)
    return Sum(axes, keep)(x) * (1.0 / count if count else float("nan"))


def var(x, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None, ddof=None):
    """Variance with PyTorch's overloads: ``var(dim, unbiased, keepdim)``, ``var(unbiased)``,
    ``var(dim, correction=c)``; Bessel's correction (unbiased) unless ``unbiased=False``,
    ``correction=0`` or NumPy's ``ddof=0``. A complex input gives a real variance (of ``|x - mean|``)."""
    return _var_and_mean(x, dim, unbiased, keepdim, correction, axis, keepdims, ddof, "var")[0]


def _var_and_mean(x, dim, unbiased, keepdim, correction, axis, keepdims, ddof, op):
    """(variance, mean), the mean computed once and shaped as the variance."""
    x = as_tensor(x)
    if isinstance(dim, bool):  # var(False): the unbiased flag given first, as PyTorch allows
        dim, unbiased = None, dim
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, op)
    if correction is None:
        correction = ddof if ddof is not None else (0 if unbiased is False else 1)
    m = mean(x, axes, keepdim=True)
    d = x - m
    n = builtins.max(_count(x, axes) - correction, 0)
    v = sum(_abs_square(d), axes, keep) * (1.0 / n if n else float("nan"))
    return v, (m if keep else reshape(m, v.shape))


def _abs_square(x):
    """``|x|^2``: ``x * x``, or ``Re(x conj(x))`` for a complex ``x`` (real, as PyTorch's var and norm of complex)."""
    return real(x * conj(x)) if x.dtype.kind == "c" else x * x


def std(x, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None, ddof=None):
    """Standard deviation (the overloads of ``var``); its gradient is 0 where it is 0."""
    from .elementwise import safe_sqrt
    return safe_sqrt(var(x, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims,
                         ddof=ddof))


class Amax(Function):
    """Max over ``axes``; tied maxima share the gradient equally (PyTorch's amax). With ``nan_ties`` a NaN
    result's gradient is shared among the NaNs (PyTorch's ``max(x)``), else it is NaN (PyTorch's amax)."""

    def __init__(self, axes, keepdims, nan_ties=False):
        self.axes, self.keepdims, self.nan_ties = axes, keepdims, nan_ties

    def forward(self, x):
        self.in_shape = x.shape
        xp = get_array_module(x)
        y = xp.asarray(self._reduce(x, xp))
        self.save_for_backward(x, y)
        return y

    def _reduce(self, x, xp):
        return xp.max(x, axis=self.axes, keepdims=self.keepdims)

    def backward(self, gy):
        x, y = self.saved_tensors
        kept = _kept_shape(self.in_shape, self.axes)
        y = reshape(y, kept)
        hit = x == y
        if self.nan_ties:  # x != x: NaN, on arrays and Tensors alike
            hit = hit | (x != x) & (y != y)
        count = hit.sum(axis=self.axes, keepdims=True).astype(gy.dtype)
        return reshape(gy, kept) * hit / count


class Amin(Amax):
    def _reduce(self, x, xp):
        return xp.min(x, axis=self.axes, keepdims=self.keepdims)


def amax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Max values over ``dim``; ties share the gradient equally."""
    return _extreme(Amax, "amax", x, dim, keepdim, axis, keepdims)


def amin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Min values over ``dim``; ties share the gradient equally."""
    return _extreme(Amin, "amin", x, dim, keepdim, axis, keepdims)


def _extreme(cls, name, x, dim, keepdim, axis, keepdims, nan_ties=False):
    """amax or amin (``cls``) over ``dim``, refusing complex input and empty reduced dims."""
    x = as_tensor(x)
    check_ordered(name, x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, name)
    _check_nonempty(x, axes, name)
    return cls(axes, keep, nan_ties)(x)


def _check_nonempty(x, axes, op):
    """A max/min over a dimension of size 0 has no value (reducing other dims of an empty tensor is fine)."""
    if x.ndim and 0 in (x.shape if axes is None else [x.shape[a] for a in axes]):
        raise ValueError(f"{op}: can't reduce over an empty dimension of a tensor of shape {x.shape}")


def _max_min(x, dim, keepdim, axis, keepdims, other, largest):
    name = "max" if largest else "min"
    if isinstance(other, Tensor) or (dim is not None and not isinstance(dim, (int, np.integer, tuple, list))):
        from .elementwise import maximum, minimum
        return (maximum if largest else minimum)(x, dim if other is None else other)
    if dim is None:  # all elements (a NaN result shares its gradient among the NaNs), or NumPy-style axis
        return _extreme(Amax if largest else Amin, name, x, None, bool(keepdims or keepdim), axis, None,
                        nan_ties=axis is None)
    x = as_tensor(x)
    check_ordered(name, x)
    if not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{name}: dim must be one int when indices are returned, got {dim!r}; "
                        f"use a{name}(x, dim=...) to reduce several dims")
    d = normalize_axis(dim, x.ndim, name)
    _check_nonempty(x, (d,), name)
    xp = get_array_module(x._data)
    if x.ndim == 0:
        return MaxMin(x, _new(xp.zeros((), np.int64), False, None))
    idx = (xp.argmax if largest else xp.argmin)(x._data, axis=d, keepdims=True)
    values = gather(x, d, idx)
    if not keepdim:
        values, idx = squeeze(values, d), idx.squeeze(d)
    return MaxMin(values, _new(idx, False, None))


def max(x, dim=None, keepdim=False, *, axis=None, keepdims=None, other=None):
    """``max(x)``: the largest value (ties share the gradient). ``max(x, dim)``:
    ``(values, indices)`` as PyTorch (the gradient goes to the index returned).
    ``max(x, axis=...)``: values only, NumPy style. ``max(a, b)``: ``maximum``."""
    return _max_min(x, dim, keepdim, axis, keepdims, other, True)


def min(x, dim=None, keepdim=False, *, axis=None, keepdims=None, other=None):
    """The smallest value(s); see ``max`` for the forms."""
    return _max_min(x, dim, keepdim, axis, keepdims, other, False)


def gather(x, dim, index):
    """``out[i][j][k] = x[i][index[i][j][k]][k]`` for dim=1 (PyTorch's gather)."""
    from .indexing import along_dim_index, getitem
    return getitem(x, along_dim_index("gather", x, dim, index)[1])


class Prod(Function):
    complex_autograd = "holomorphic"

    def __init__(self, axes, keepdims):
        self.axes, self.keepdims = axes, keepdims

    def forward(self, x):
        self.in_shape = x.shape
        y = get_array_module(x).asarray(x.prod(axis=self.axes, keepdims=self.keepdims))
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        kept = _kept_shape(self.in_shape, self.axes)
        gy_k = reshape(gy, kept)
        if x.__class__ is np.ndarray and (x != 0).all():  # y / x is exact (on a GPU the test would sync)
            return gy_k * reshape(y, kept) / x
        return gy_k * dual(ProdOthers(self.axes), x)


class ProdOthers(Function):
    """For every element, the product of the others in its slice along ``axes``: ``prod``'s
    gradient with zeros handled exactly, itself differentiable (zeros included)."""
    complex_autograd = "holomorphic"

    def __init__(self, axes):
        self.axes = axes

    def forward(self, x):
        self.save_for_backward(x)
        xp = get_array_module(x)
        zero = x == 0
        zeros = zero.sum(axis=self.axes, keepdims=True)
        rest = xp.where(zero, 1, x).prod(axis=self.axes, keepdims=True)
        out = xp.where(zeros == 0, rest / xp.where(zero, 1, x), 0)
        return xp.where(zero & (zeros == 1), rest, out).astype(x.dtype)

    def backward(self, g):
        # d out_i / d x_j (j != i) is the product of all but x_i and x_j, so the gradient of x_j is
        # sum_{i != j} g_i prod_{k != i, j} x_k. With r the product of the nonzero elements it is
        # r/x_j (t - g_j/x_j) without zeros (t = sum g_i/x_i); with one zero at a, r t at a and
        # g_a r/x_j elsewhere; with two at a and b, g_b r at a, g_a r at b and 0 elsewhere; else 0.
        x, = self.saved_tensors
        from .elementwise import where
        axes = self.axes
        zero = raw(x) == 0
        zeros = zero.sum(axis=axes, keepdims=True)
        xs = where(zero, 1, x)
        r = xs.prod(axis=axes, keepdims=True)
        g_over_x = g / xs
        t = where(zero, 0, g_over_x).sum(axis=axes, keepdims=True)
        g_zeros = where(zero, g, 0).sum(axis=axes, keepdims=True)
        none = r / xs * (t - g_over_x)
        one = where(zero, r * t, g_zeros * r / xs)
        two = where(zero, (g_zeros - g) * r, 0)
        return where(zeros == 0, none, where(zeros == 1, one, where(zeros == 2, two, 0)))


def prod(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Product over all elements or along ``dim``."""
    x = as_tensor(x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, "prod")
    return Prod(axes, keep)(_in_dtype(x, None))


def logsumexp(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """log(sum(exp(x))) computed stably (the max is subtracted first)."""
    from .elementwise import exp, log
    x = as_tensor(x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, "logsumexp")
    if x._data.size:
        xp = get_array_module(x._data)
        m = xp.max(x._data.real, axis=axes, keepdims=True)  # a real shift keeps a complex sum's phase
        m = _new(xp.where(xp.isfinite(m), m, 0), False, None)
        out = log(sum(exp(x - m), axes, keepdim=True)) + m
    else:  # every slice is empty: its sum is 0, its logsumexp -inf (as PyTorch), without log(0)'s warning
        out = sum(x, axes, keepdim=True) - float("inf")
    return out if keep else reshape(out, tuple(n for i, n in enumerate(out.shape)
                                               if axes is not None and i not in axes))


def norm(x, p=2, dim=None, keepdim=False, *, ord=None, axis=None, keepdims=None):
    """Vector p-norm (p = 2 by default; inf, -inf, 0 or any other real number, negative ones too; 'fro' is
    p = 2, 'nuc' the nuclear norm of the matrices in two dims); of ``|x|`` for a complex ``x`` (a real result).

    The gradient at the zero vector is 0, not NaN.
    """
    from .elementwise import ZerosLike, abs as abs_, safe_sqrt
    x = as_tensor(x)
    p = ord if ord is not None else p
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, "norm")
    if p in (2, "fro"):
        return safe_sqrt(sum(_abs_square(x), axes, keep))
    if p == "nuc":  # of the matrices in the two dims (all of a 2-D x), as PyTorch
        from .linalg import matrix_norm
        return matrix_norm(x, "nuc", tuple(range(x.ndim)) if axes is None else axes, keep)
    if x.dtype.kind == "c":  # the other norms depend on |x| alone
        x = abs_(x)
    if p == 1:
        return sum(abs_(x), axes, keep)
    if p == float("inf"):
        return amax(abs_(x), axes, keep)
    if p == -float("inf"):
        return amin(abs_(x), axes, keep)
    if p == 0:  # the count of non-zeros, with a zero gradient (as PyTorch's, which keeps the graph)
        return sum(ZerosLike()(x) + (x != 0).astype(x.dtype), axes, keep)
    if not isinstance(p, (int, float)):
        raise ValueError(f"norm: p must be a number, inf, -inf, 'fro' or 'nuc', got {p!r}")
    s = sum(abs_(x) ** p, axes, keep)
    return dual(_SafeRoot(p), s)


class _SafeRoot(Function):
    """``s ** (1/p)`` with gradient 0 at s = 0."""

    def __init__(self, p):
        self.p = p

    def forward(self, s):
        y = s ** (1.0 / self.p)
        self.save_for_backward(s, y)
        return y

    def backward(self, gy):
        from .elementwise import where
        s, y = self.saved_tensors
        zero = s == 0
        return where(zero, 0.0, gy * y / where(zero, 1.0, s) / self.p)


def argmax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the largest value (of the flattened tensor when dim is None)."""
    return _arg(x, dim, keepdim, axis, keepdims, "argmax")


def argmin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the smallest value (of the flattened tensor when dim is None)."""
    return _arg(x, dim, keepdim, axis, keepdims, "argmin")


def _arg(x, dim, keepdim, axis, keepdims, name):
    x = as_tensor(x)
    check_ordered(name, x)
    axes, keep = _axes(x, dim, keepdim, axis, keepdims, name)
    xp = get_array_module(x._data)
    fn = getattr(xp, name)
    if not axes:  # all elements (a 0-d tensor's dim 0 too)
        out = fn(x._data.reshape(-1))
        out = xp.asarray(out).reshape((1,) * x.ndim) if keep else xp.asarray(out)
    else:
        out = fn(x._data, axis=axes[0], keepdims=keep)
    return _new(out.astype(np.int64), False, None)


def any(x, dim=None, keepdim=False):
    """True where any element (along ``dim``) is non-zero (a bool tensor, no gradient)."""
    return _logical_reduce(x, dim, keepdim, "any")


def all(x, dim=None, keepdim=False):
    """True where every element (along ``dim``) is non-zero (a bool tensor, no gradient)."""
    return _logical_reduce(x, dim, keepdim, "all")


def _logical_reduce(x, dim, keepdim, name):
    x = as_tensor(x)
    axes = normalize_axes(dim, x.ndim, name)
    out = getattr(x._data, name)(axis=axes, keepdims=keepdim)
    return _new(get_array_module(x._data).asarray(out), False, None)


class Cumsum(Function):
    complex_autograd = "ready"

    def __init__(self, axis):
        self.axis = axis

    def forward(self, x):
        return get_array_module(x).cumsum(x, axis=self.axis, dtype=x.dtype)  # NumPy would widen int32

    def backward(self, gy):
        return reverse_cumsum(gy, self.axis)


def reverse_cumsum(v, axis):
    """Sums from each position to the end along ``axis`` (cumsum's gradient); arrays or Tensors."""
    from .shape import flip
    if isinstance(v, Tensor):
        return flip(dual(Cumsum(axis), flip(v, axis)), axis)
    xp = get_array_module(v)
    return xp.flip(xp.cumsum(xp.flip(v, axis), axis=axis), axis)


def cumsum(x, dim, *, dtype=None):
    """Cumulative sum along ``dim`` (computed in ``dtype`` when given)."""
    x = _in_dtype(as_tensor(x), dtype)
    axis = normalize_axis(dim, x.ndim, "cumsum")
    return clone(x) if x.ndim == 0 else Cumsum(axis)(x)  # a 0-d tensor is its own cumulative sum, as PyTorch


def _in_dtype(x, dtype):
    """``x`` in the dtype a sum or product works in: ``dtype`` if given, else ``accumulate_dtype``'s."""
    dtype = accumulate_dtype(x.dtype) if dtype is None else np.dtype(dtype)
    return x if x.dtype == dtype else x.astype(dtype)


class Cumprod(Function):
    """Cumulative product. Its gradient is exact with zeros, and so is the second derivative: the
    gradient at position i is sum_{j >= i} gy_j prod_{k <= j, k != i} x_k, which is
    reverse_cumsum(gy * y) / x_i before the first zero of a slice, reverse_cumsum(gy * cumprod(x with
    that zero set to 1)) at it, and after it a multiple of that zero x_z (0 in value, but not in its
    derivative with respect to x_z)."""
    complex_autograd = "holomorphic"

    def __init__(self, axis):
        self.axis = axis

    def forward(self, x):
        y = get_array_module(x).cumprod(x, axis=self.axis, dtype=x.dtype)
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        if x.__class__ is np.ndarray and (x != 0).all():  # no zeros: y / x is exact (a GPU would sync)
            return reverse_cumsum(gy * y, self.axis) / x
        return _cumprod_grad(x, y, gy, self.axis)


def _zero_masks(x, axis):
    """Where a slice of ``x`` along ``axis`` has had no zero yet, and where its first zero is."""
    zero = x == 0
    count = get_array_module(x).cumsum(zero, axis=axis)
    return count == 0, zero & (count == 1)


def _cumprod_grad(x, y, gy, axis):
    """Cumprod's gradient (see Cumprod) on arrays, or on Tensors for a graph: after the first zero of a
    slice it is 0 in value, but as Tensors it is that zero x_z times its own derivative's factor h."""
    from .elementwise import where
    before, first = _zero_masks(raw(x), axis)
    x1 = where(first, 1.0, x)
    a = reverse_cumsum(gy * y, axis) / where(before, x, 1.0)
    b = reverse_cumsum(gy * dual(Cumprod(axis), x1), axis)
    if not isinstance(gy, Tensor):
        return where(before, a, where(first, b, 0.0))
    x_z = where(first, x, 0.0).sum(axis=axis, keepdims=True)
    h = _cumprod_grad(x1._data, get_array_module(x1._data).cumprod(x1._data, axis=axis), gy._data, axis)
    return where(before, a, where(first, b, x_z * _new(h, False, None)))


def cumprod(x, dim, *, dtype=None):
    """Cumulative product along ``dim`` (exact gradients, also where ``x`` has zeros; computed in
    ``dtype`` when given)."""
    x = _in_dtype(as_tensor(x), dtype)
    axis = normalize_axis(dim, x.ndim, "cumprod")
    return clone(x) if x.ndim == 0 else Cumprod(axis)(x)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """``sum`` treating NaN as zero (NaN places get a zero gradient); not for complex tensors, as PyTorch."""
    from .elementwise import isnan, where
    x = as_tensor(input)
    if x.dtype.kind == "c":
        raise TypeError(f"nansum: complex tensors ({x.dtype}) are not supported, as in PyTorch; use sum")
    return sum(where(isnan(x), 0, x) if x.dtype.kind == "f" else x, dim, keepdim, dtype=dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """``mean`` of the non-NaN elements (NaN where a slice has none)."""
    from .elementwise import isnan
    x = _in_dtype(as_tensor(input), dtype) if dtype is not None else as_tensor(input)
    if x.dtype.kind != "f":
        raise TypeError(f"nanmean: input dtype {x.dtype} is not floating point; convert with x.float() first")
    return nansum(x, dim, keepdim) / sum(~isnan(x), dim, keepdim).astype(x.dtype)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(var, mean)`` with ``var``'s overloads (Bessel's correction unless ``unbiased=False`` or
    ``correction=0``)."""
    return _var_and_mean(input, dim, unbiased, keepdim, correction, None, None, None, "var_mean")


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(std, mean)``; see ``var_mean``."""
    from .elementwise import safe_sqrt
    v, m = _var_and_mean(input, dim, unbiased, keepdim, correction, None, None, None, "std_mean")
    return safe_sqrt(v), m


AminmaxResult = namedtuple("aminmax", ["min", "max"])


def aminmax(input, *, dim=None, keepdim=False):
    """``(min, max)`` over all elements or along ``dim``, as ``amin`` and ``amax`` (ties share the gradient)."""
    return AminmaxResult(amin(input, dim, keepdim), amax(input, dim, keepdim))


def count_nonzero(input, dim=None):
    """How many elements (along ``dim``, an int or a tuple) are non-zero (int64, no gradient)."""
    x = as_tensor(input)
    return sum(_new(x._data != 0, False, None), dim)


def numel(input):
    """The number of elements (a Python int)."""
    return as_tensor(input).numel()
