"""Optional compiled CPU kernels for the loops that dominate convolutional training steps.

NumPy runs ReLU's gradient, max pooling, im2col/col2im and the optimizers' ``p += a * g``
as several passes over memory, with temporaries; with numba installed
(``pip install "autograd_core[fast]"``) each is one compiled pass. Each function here
returns None (False) when its kernel does not apply: numba missing, not a float32/float64
NumPy array, too small to repay the call, or a memory layout the kernel does not walk;
the caller then takes its NumPy path. Results are the NumPy path's, except that the
kernels follow PyTorch where that path does not: ReLU's gradient passes for a NaN output
and is 0 (not NaN) for an infinite upstream gradient of an inactive unit, and max
pooling's gradient goes to the last NaN of a window (the NumPy path's to the first).

``AUTOGRAD_CORE_KERNELS=0`` in the environment turns the kernels off.
"""
import math
import os

import numpy as np

MIN_SIZE = 1 << 14  # below this NumPy's passes cost less than calling a kernel
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_module = None


def _kernels():
    """The numba kernel module, or False when numba is missing or the kernels are turned off."""
    global _module
    if _module is None:
        found = False
        if os.environ.get("AUTOGRAD_CORE_KERNELS", "1") != "0":
            try:
                from . import _numba_kernels as found
            except ImportError:
                pass
        _module = found  # set once, after the import: a thread arriving meanwhile imports too (Python's lock)
    return _module


def _usable(a, size=None):
    """Whether a kernel may run on ``a`` (``size``: the work's element count, ``a.size`` by default)."""
    return (a.__class__ is np.ndarray and (a.size if size is None else size) >= MIN_SIZE and a.dtype in _FLOATS
            and _kernels())


def _flat(a):
    """A 1-D view of ``a``'s memory in its own order, or None when ``a`` has gaps."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    dense = a.transpose(np.argsort(a.strides)[::-1])
    return dense.reshape(-1) if dense.flags.c_contiguous else None


def relu_grad(gy, y):
    """gy where y > 0, else 0, for ``gy`` laid out like ``y``; or None."""
    if not _usable(y) or gy.dtype != y.dtype or gy.strides != y.strides or (yf := _flat(y)) is None:
        return None
    gx = np.empty_like(y)
    _module.relu_grad(_flat(gy), yf, _flat(gx), y.dtype.type(0))
    return gx


def _tiles_view(a):
    """(C, H, W, N) view of a 4-D (N, C, H, W) array laid out as (C, H, W, N) (as conv outputs are), or None.
    The kernels' inner loops run along N, so other layouts are left to NumPy."""
    batch_last = a.transpose(1, 2, 3, 0)
    return batch_last if batch_last.flags.c_contiguous and a.shape[0] >= 8 else None


def _like_tiles(shape, dtype):
    """An empty (N, C, H, W) array of ``shape`` laid out as (C, H, W, N)."""
    return np.empty(shape[1:] + shape[:1], dtype).transpose(3, 0, 1, 2)


def max_pool_tiles(x, kernel):
    """(maximum, row-major tap) of each ``kernel``-sized tile of 4-D ``x``, whose tiles cover it
    exactly; or None. The tap (uint8 when it fits) is laid out like the maximum."""
    kh, kw = kernel
    if x.ndim != 4 or kh * kw > 256 or not _usable(x) or (xv := _tiles_view(x)) is None:
        return None
    shape = x.shape[:2] + (x.shape[2] // kh, x.shape[3] // kw)
    y, tap = _like_tiles(shape, x.dtype), _like_tiles(shape, np.uint8)
    _module.max_pool_tiles(xv, kh, kw, _tiles_view(y), _tiles_view(tap))
    return y, tap


def max_pool_tiles_grad(gy, tap, kernel):
    """The adjoint of ``max_pool_tiles``: ``gy`` to each tile's maximum, zero elsewhere; or None.
    ``gy`` must be laid out like ``tap``."""
    kh, kw = kernel
    if not _usable(gy) or (gyv := _tiles_view(gy)) is None:
        return None
    tapv = _tiles_view(tap)
    gx = _like_tiles(gy.shape[:2] + (gy.shape[2] * kh, gy.shape[3] * kw), gy.dtype)
    _module.max_pool_tiles_grad(gyv, tapv, kh, kw, _tiles_view(gx), gy.dtype.type(0))
    return gx


def _geometry(win):
    """A 2-D Window's kernel, stride, leading padding, dilation and output size, flattened for a kernel."""
    (kh, kw), (sh, sw), (dh, dw) = win.kernel, win.stride, win.dilation
    (ph, _), (pw, _) = win.pads
    return kh, kw, sh, sw, ph, pw, dh, dw, *win.out_hw


def im2col(x, win, extra_rows=0):
    """The (C*kh*kw, OH*OW*N) matrix of a 2-D convolution's taps of ``x`` (C, H, W, N), or None; with
    ``extra_rows`` more rows left for the caller to fill. Only for ``x`` laid out so (as conv outputs
    are): NumPy's transposing copy beats the kernel's gathers."""
    rows, cols = x.shape[0] * math.prod(win.kernel), math.prod(win.out_hw) * x.shape[-1]
    if not x.flags.c_contiguous or not _usable(x, rows * cols):
        return None
    col = np.empty((rows + extra_rows, cols), x.dtype)
    _module.im2col(x, *_geometry(win), col[:rows], False, -1)
    return col


def col2im(col, win, c, n, first):
    """The adjoint of ``im2col``: (C, H, W, N) sums of ``col``'s taps, or None. Each sum starts with
    tap ``first`` (row-major; -1 for none), then takes the others in row-major order."""
    if len(win.kernel) != 2 or not col.flags.c_contiguous or not _usable(col):
        return None
    gx = np.zeros((c,) + win.in_hw + (n,), col.dtype)
    _module.im2col(gx, *_geometry(win), col, True, first)
    return gx


def index_add_rows(target, index, values):
    """``target[index] += values`` for one integer array indexing the rows of C-ordered ``target``, repeats adding
    up in index order (as NumPy's add.at, which takes 2-4 times longer); False where the kernel does not apply."""
    width = target.size // target.shape[0] if target.ndim > 1 and target.shape[0] else 0
    if index.__class__ is not np.ndarray or index.dtype.kind not in "iu" or not width \
            or not target.flags.c_contiguous or not _usable(target, index.size * width) \
            or getattr(values, "dtype", None) != target.dtype:
        return False
    rows = index.reshape(-1).astype(np.intp, copy=False)  # uint64 would mix with the kernel's int64 into floats
    values = np.broadcast_to(values, index.shape + target.shape[1:]).reshape(rows.size, width)
    _module.index_add_rows(target.reshape(-1, width), rows, values)
    return True


def where(cond, a, b):
    """``np.where(cond, a, b)`` in one branch-free pass (NumPy's loop branches on every element: 10x slower when
    the condition is mixed), for a bool ``cond`` and arrays ``a`` and ``b`` of one shape, dtype and layout, or
    one of them a scalar (a Python number, or a 0-d array of the other's dtype); or None."""
    if cond.__class__ is not np.ndarray or cond.size < MIN_SIZE:  # first: where runs on every relu-like op
        return None
    x, other = (b, a) if _scalar(a, getattr(b, "dtype", None)) is not None else (a, b)
    if not _usable(x) or cond.__class__ is not np.ndarray or cond.dtype != np.bool_ or cond.shape != x.shape \
            or cond.strides != tuple(s // x.itemsize for s in x.strides) or (xf := _flat(x)) is None:
        return None
    out = np.empty_like(x)
    if (s := _scalar(other, x.dtype)) is not None:
        _module.select_scalar(_flat(cond), xf, s, x is a, _flat(out))
    elif other.__class__ is np.ndarray and other.dtype == x.dtype and other.strides == x.strides \
            and other.shape == x.shape:
        _module.select(_flat(cond), _flat(a), _flat(b), _flat(out))
    else:
        return None
    return out


def _scalar(v, dtype):
    """``v`` as a scalar of ``dtype`` where NumPy's where takes it so: a Python int or float (NumPy scalars keep
    their own dtype), or a 0-d array of ``dtype``; else None."""
    if dtype is None:
        return None
    if type(v) in (int, float):
        return dtype.type(v)
    if v.__class__ is np.ndarray and v.ndim == 0 and v.dtype == dtype:
        return v[()]
    return None


def add_scaled_(out, x, alpha):
    """``out += alpha * x`` in one pass for C-contiguous ``out`` and ``x`` of one shape and dtype, where NumPy
    computes ``alpha * x`` in that dtype too (not for a float64 ``alpha`` and float32 arrays); False where
    the kernel does not apply."""
    if not _usable(out) or x.__class__ is not np.ndarray or x.dtype != out.dtype or x.shape != out.shape \
            or not (out.flags.c_contiguous and x.flags.c_contiguous) or np.result_type(x, alpha) != out.dtype:
        return False
    _module.add_scaled(out.reshape(-1), x.reshape(-1), out.dtype.type(alpha))
    return True


def lstm(*arrays):
    """The kernel module when the LSTM step kernels (``lstm_cell``, ``lstm_hidden``, ``lstm_cell_grad``) may run
    on ``arrays`` (NumPy, one float dtype), else None. They replace ten or so NumPy calls a step at any size."""
    dtype = arrays[0].dtype
    if dtype not in _FLOATS or any(a.__class__ is not np.ndarray or a.dtype != dtype for a in arrays):
        return None
    return _kernels() or None


def gru(*arrays):
    """The kernel module when the GRU step kernels (``gru_new_gate``, ``gru_hidden``, ``gru_cell_grad``) may run on
    ``arrays``, else None: the rule of ``lstm``."""
    return lstm(*arrays)


def layer_norm(rows, w, b, eps, centred=True):
    """(y, mean, rstd) of the layer norm of each row of 3-D ``rows`` (q, p, n) (see ``_numba_kernels.layer_norm``;
    RMS norm where not ``centred``), row [a, r] scaled by w[r] and shifted by b[r], for (p, n) arrays ``w`` and
    ``b`` or None; or None. One call in place of NumPy's six, at any size."""
    if not _rows_usable(rows, w, b):
        return None
    y, stats = np.empty_like(rows), np.empty((2,) + rows.shape[:2] + (1,), rows.dtype)
    t = rows.dtype.type
    _module.layer_norm(rows, *_affine(rows, w, b), y, stats[0], stats[1], t(eps), centred, t(0), t(1), t(rows.shape[2]))
    return y, stats[0], stats[1]


def layer_norm_grad(gy, rows, mean, rstd, w, centred=True):
    """(gx, gw, gb) of ``layer_norm`` for ``gy`` laid out like ``rows``, from its ``mean`` and ``rstd``; or None."""
    if not _rows_usable(rows, w, gy, mean, rstd):
        return None
    gx, sums = np.empty_like(rows), np.zeros((2,) + rows.shape[1:], rows.dtype)
    t = rows.dtype.type
    _module.layer_norm_grad(gy, rows, mean, rstd, _affine(rows, w, None)[0], gx, sums[0], sums[1], centred, t(0),
                            t(rows.shape[2]))
    return gx, sums[0], sums[1]


def _rows_usable(rows, *arrays):
    """Whether the row kernels may run on C-ordered, nonempty ``rows`` and ``arrays`` of its dtype (or None)."""
    return (rows.__class__ is np.ndarray and rows.dtype in _FLOATS and rows.flags.c_contiguous and rows.size > 0
            and all(a is None or a.__class__ is np.ndarray and a.dtype == rows.dtype and a.flags.c_contiguous
                    for a in arrays) and _kernels())


def _affine(rows, w, b):
    """(w, b) for the row kernels: ones and zeros of a row's parameters' shape (p, n) where None."""
    shape, dtype = rows.shape[1:], rows.dtype
    return np.ones(shape, dtype) if w is None else w, np.zeros(shape, dtype) if b is None else b


def elu(x, e, negcoef, scale):
    """The ELU family's forward from ``e``, the expm1 part laid out like ``x``, written into ``e`` in one pass
    (``_numba_kernels.elu``); False where the kernel does not apply."""
    if not _usable(x) or not _alike(x, e) or (xf := _flat(x)) is None:
        return False
    t = x.dtype.type
    _module.elu(xf, _flat(e), t(negcoef), t(scale))
    return True


def elu_grad(gy, x, y, negcoef, input_scale, scale):
    """The ELU family's gradient in one pass, for ``gy`` and ``y`` laid out like ``x``; or None."""
    if not _usable(x) or not _alike(x, gy, y) or (xf := _flat(x)) is None:
        return None
    gx, t = np.empty_like(x), x.dtype.type
    _module.elu_grad(_flat(gy), xf, _flat(y), _flat(gx), t(negcoef), t(input_scale), t(scale))
    return gx


def _alike(x, *arrays):
    """Whether ``arrays`` are NumPy arrays of ``x``'s shape, dtype and memory layout."""
    return all(a.__class__ is np.ndarray and a.dtype == x.dtype and a.shape == x.shape and a.strides == x.strides
               for a in arrays)


def erf(x, small, large, complement, cap, split):
    """erf(x), or erfc(x) where ``complement``, of a NumPy float array in its dtype, from the coefficients ``small``
    and ``large`` in that dtype and the constants ``cap`` and ``split`` (see ``_numba_kernels.erf``); or None. At
    any size: it replaces some 40 NumPy passes."""
    if x.__class__ is not np.ndarray or x.dtype not in _FLOATS or not _kernels() or (xf := _flat(x)) is None:
        return None
    ex = np.square(x, out=np.empty_like(x))  # laid out like x
    np.negative(ex, out=ex)
    np.exp(ex, out=ex)
    out, t = np.empty_like(x), x.dtype.type
    _module.erf(xf, _flat(ex), _flat(out), small, large, complement, t(cap), t(split), t(1),
                np.empty((4, 512), x.dtype))
    return out
