"""Statistics: cov and corrcoef, the trapezoid rule (trapezoid, cumulative_trapezoid), composed from the
differentiable ops; and the counts histc, histogram and bincount, which are not differentiable (as PyTorch)."""
import operator
import warnings
from collections import namedtuple

import numpy as np

from .. import backend
from ..tensor import Tensor, _new
from ._util import array_on, as_tensor, is_int, normalize_axis
from .complex_parts import complex as make_complex
from .complex_parts import conj, imag, real
from .elementwise import _floating, clamp, sqrt, where
from .matrix import outer
from .reductions import cumsum, mean, sum
from .shape import diagonal, diff, mT, narrow, reshape


def _weights(name, w, n, x, integral):
    """``fweights`` or ``aweights`` checked (1-D, ``n`` entries, the right kind of dtype, non-negative) as a
    Tensor of ``x``'s float dtype (a complex ``x``'s real one) on its device."""
    w = w if isinstance(w, Tensor) else _new(array_on(w, x), False, None)
    if w.ndim > 1 or (w.ndim == 1 and w.shape[0] != n):
        raise ValueError(f"cov: {name} must be a scalar or a 1-D tensor of the {n} observations, got shape {w.shape}")
    if (w.dtype.kind in "iu") != integral or w.dtype.kind == "b":
        raise TypeError(f"cov: {name} must have {'an integer' if integral else 'a floating point'} dtype, "
                        f"got {w.dtype}")
    backend.check((w._data < 0).any(), lambda: ValueError(f"cov: {name} can't be negative"))
    dtype = np.finfo(x.dtype).dtype
    return w if w.dtype == dtype else w.astype(dtype)


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input`` (a single variable, a 1-D input or one
    row, gives a 0-d result), the columns being observations, weighted by the integer ``fweights`` (repeat
    counts) and the float ``aweights`` (importance); ``correction=1`` is Bessel's (complex variables: ``(x -
    mean) @ (y - mean)^H``). Where ``correction`` leaves no degrees of freedom the sums are divided by 0 (inf,
    or NaN where a sum is 0), with a warning when unweighted, as PyTorch."""
    if not is_int(correction):
        raise TypeError(f"cov: correction must be an int, got {type(correction).__name__}")
    correction = operator.index(correction)
    x = _floating(input)
    if x.ndim > 2:
        raise ValueError(f"cov: expects a 1-D or 2-D tensor (variables x observations), got shape {x.shape}")
    rows = reshape(x, (1, -1)) if x.ndim < 2 else x
    n = rows.shape[1]
    w = None if fweights is None else _weights("fweights", fweights, n, x, True)
    aw = None if aweights is None else _weights("aweights", aweights, n, x, False)
    if aw is not None:
        w = aw if w is None else w * aw
    if w is None:
        centred = rows - mean(rows, 1, keepdim=True)
        dof = n - correction
        if dof <= 0:
            warnings.warn(f"cov: correction {correction} leaves no degrees of freedom with {n} observations",
                          stacklevel=2)
        dof = max(dof, 0)
    else:
        total = sum(w)
        backend.check(total._data == 0, lambda: RuntimeError("cov: the weights sum to zero, can't normalise"))
        centred = rows - sum(rows * w, 1, keepdim=True) / total
        dof = total - correction * (1 if aw is None else sum(w * aw) / total)
        dof = where(dof > 0, dof, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = (centred if w is None else centred * w) @ mT(conj(centred)) / dof
    return reshape(c, ()) if rows.shape[0] == 1 else c


def corrcoef(input):
    """Pearson's correlation coefficients of the variables in the rows of ``input`` (``cov`` normalised by
    the standard deviations, clipped to [-1, 1]; for complex variables the real and imaginary parts each)."""
    c = cov(input)
    if c.ndim == 0:
        return c / c
    std = sqrt(real(diagonal(c)))
    r = c / outer(std, std)
    if r.dtype.kind == "c":
        return make_complex(clamp(real(r), -1.0, 1.0), clamp(imag(r), -1.0, 1.0))
    return clamp(r, -1.0, 1.0)


def _samples(op, y, x, dx, dim):
    """``y`` and ``x`` (or None) as Tensors and ``dim`` normalised, checked for the trapezoid rule."""
    y = as_tensor(y)
    if y.ndim == 0:
        raise IndexError(f"{op}: expects a tensor of at least 1 dimension, got a 0-d one")
    if x is not None and dx is not None:
        raise TypeError(f"{op}: give x or dx, not both")
    return y, None if x is None else as_tensor(x), normalize_axis(dim, y.ndim, op)


def _trapezoids(op, y, x, dx, dim):
    """The area of each trapezoid between neighbouring samples of ``y`` along ``dim`` (which is kept):
    spacing ``dx`` (a number), or the differences of ``x`` (1-D, one value per sample, or broadcasting with
    ``y``). Integer samples give float32 areas (PyTorch's default dtype); bool samples are refused, as PyTorch."""
    if y.dtype.kind == "b" or (x is not None and x.dtype.kind == "b"):
        raise TypeError(f"{op}: bool samples (y or x) are not supported, as in PyTorch; convert them with .float()")
    y = _floating(y)
    n = y.shape[dim]
    heights = narrow(y, dim, 0, max(n - 1, 0)) + narrow(y, dim, min(n, 1), max(n - 1, 0))
    if x is None:
        return heights * (0.5 if dx is None else dx / 2)
    if x.ndim == 1:
        if x.shape[0] != n:
            raise ValueError(f"{op}: x has {x.shape[0]} values but y has {n} samples along dim {dim}")
        widths = reshape(diff(x), (-1,) + (1,) * (y.ndim - dim - 1))
    else:
        widths = diff(x, dim=dim - y.ndim)
    return widths * heights * 0.5


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The integral of ``y`` along ``dim`` by the trapezoidal rule, with samples at ``x`` (1-D, or
    broadcasting with ``y``) or ``dx`` apart (default 1). With no samples along ``dim``, zeros in ``y``'s
    dtype that do not require grad, as PyTorch."""
    y, x, dim = _samples("trapezoid", y, x, dx, dim)
    if y.shape[dim] == 0:
        shape = y.shape[:dim] + y.shape[dim + 1:]
        return _new(backend.get_array_module(y._data).zeros(shape, y.dtype), False, None)
    return sum(_trapezoids("trapezoid", y, x, dx, dim), dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of ``y`` along ``dim`` by the trapezoidal rule (one value fewer than ``y``);
    ``x`` and ``dx`` as in ``trapezoid``."""
    y, x, dim = _samples("cumulative_trapezoid", y, x, dx, dim)
    return cumsum(_trapezoids("cumulative_trapezoid", y, x, dx, dim), dim)


# -- counts (not differentiable) --------------------------------------------------
def _float_data(op, input):
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expects a floating point tensor, got dtype {x.dtype}; convert with x.float()")
    return x._data


def histc(input, bins=100, min=0, max=0):
    """Counts of ``input``'s elements in ``bins`` equal bins over [min, max] (with ``min == max``, the
    data's own range), in ``input``'s dtype; elements outside are left out. Not differentiable."""
    data = _float_data("histc", input)
    if bins <= 0:
        raise ValueError(f"histc: bins must be positive, got {bins}")
    if min > max:
        raise ValueError(f"histc: max must be larger than min, got min={min} and max={max}")
    lo, hi = float(min), float(max)
    if lo == hi and data.size:
        lo, hi = float(data.min()), float(data.max())  # the bins depend on the data: read on the host
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    counts, _ = backend.get_array_module(data).histogram(data, int(bins), (lo, hi))
    return _new(counts.astype(data.dtype), False, None)


HistogramResult = namedtuple("histogram", ["hist", "bin_edges"])


def histogram(input, bins, *, range=None, weight=None, density=False):
    """``(hist, bin_edges)``: the counts (or sums of ``weight``) of ``input``'s elements in ``bins`` (a
    number of equal bins over ``range``, by default the data's, or a 1-D tensor of increasing edges);
    ``density=True`` normalises to a density. NumPy's rules; not differentiable."""
    data = _float_data("histogram", input)
    xp = backend.get_array_module(data)
    if isinstance(bins, Tensor):
        if bins.ndim != 1 or bins.shape[0] < 1:
            raise ValueError(f"histogram: bins must be a number or a 1-D tensor of edges, got shape {bins.shape}")
        bins = bins._data.astype(data.dtype)
    elif bins <= 0:
        raise ValueError(f"histogram: bins must be positive, got {bins}")
    weights = None if weight is None else as_tensor(weight)._data
    if weights is not None and weights.shape != data.shape:
        raise ValueError(f"histogram: weight has shape {weights.shape} but input has shape {data.shape}")
    if range is not None and range[0] > range[1]:
        raise ValueError(f"histogram: range must be increasing, got {tuple(range)}")
    hist, edges = xp.histogram(data, bins, range, density=density, weights=weights)
    return HistogramResult(_new(hist.astype(data.dtype), False, None), _new(edges.astype(data.dtype), False, None))


def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, 2 ... occurs in the 1-D non-negative integer ``input`` (int64), or the sums
    of ``weights`` at them (float32 weights stay float32, others give float64), at least ``minlength``
    entries. Not differentiable."""
    x = as_tensor(input)
    if x.ndim != 1 or x.dtype.kind not in "iub" or (x._data.size and int(x._data.min()) < 0):
        raise ValueError(f"bincount: expects a 1-D tensor of non-negative integers, got shape {x.shape} and "
                         f"dtype {x.dtype}")
    if minlength < 0:
        raise ValueError(f"bincount: minlength must be non-negative, got {minlength}")
    xp = backend.get_array_module(x._data)
    if weights is None:
        return _new(xp.bincount(x._data, minlength=int(minlength)).astype(np.int64), False, None)
    w = as_tensor(weights)._data
    if w.shape != x.shape:
        raise ValueError(f"bincount: weights has shape {w.shape} but input has shape {x.shape}")
    dtype = np.float32 if w.dtype == np.float32 else np.float64
    return _new(xp.bincount(x._data, w.astype(dtype), int(minlength)).astype(dtype), False, None)
