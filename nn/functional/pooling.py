"""Pooling: ``max_pool1d/2d``, ``avg_pool1d/2d``, ``adaptive_avg_pool1d/2d``, and ``pad`` (the engine's op,
under PyTorch's F name). ``interpolate`` and ``upsample`` live in resize.py (imported here too).

Pooling loops over the kernel taps (a handful of strided slices), never over
pixels. Max pooling remembers which tap won (the first maximum, as PyTorch)
and its gradient goes to that input element only; a NaN in a window makes
that output NaN. Windows that tile the input (kernel == stride, the common
``max_pool2d(x, 2)``) take a faster two-step path with the same results. Each
pooling Function has its adjoint as a Function, so gradients of gradients work.
"""

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops import pad  # noqa: F401  (F.pad)
from autograd_core.ops._util import as_tensor
from autograd_core.ops.reductions import mean
from autograd_core.ops.shape import squeeze, unsqueeze
from autograd_core.tensor import Tensor

from ._windows import Window, pair, single
from .resize import _adaptive_matrix, interpolate, upsample  # noqa: F401  (interpolate, upsample: their old home)

__all__ = ["max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
           "pad"]


def _pool_window(op, x, kernel_size, stride, padding, dilation, ceil_mode):
    """The Window of a pooling op with PyTorch's output-size rule (ceil_mode included)."""
    kernel = pair(kernel_size, "kernel_size", op)
    stride = kernel if stride is None or stride == [] or stride == () else pair(stride, "stride", op)
    pads, dilation = pair(padding, "padding", op), pair(dilation, "dilation", op)
    if min(kernel) < 1 or min(stride) < 1 or min(dilation) < 1:
        raise ValueError(f"{op}: kernel_size {kernel}, stride {stride} and dilation {dilation} must be positive")
    if any(p < 0 or 2 * p > d * (k - 1) + 1 for p, k, d in zip(pads, kernel, dilation)):
        raise ValueError(f"{op}: padding {pads} must be non-negative and at most half the (dilated) kernel size "
                         f"{kernel}")
    out, extra = [], []
    for n, k, s, p, d in zip(x.shape[-2:], kernel, stride, pads, dilation):
        span = n + 2 * p - d * (k - 1) - 1
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + p:  # the last window must start inside the input or left padding
            o -= 1
        if o <= 0 or span < 0:
            raise ValueError(f"{op}: input of spatial size {tuple(x.shape[-2:])} is too small for kernel {kernel} "
                             f"with padding {pads} and dilation {dilation}")
        out.append(o)
        extra.append(max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p)))
    return Window(kernel, stride, ((pads[0], pads[0] + extra[0]), (pads[1], pads[1] + extra[1])), dilation,
                  tuple(x.shape[-2:]), tuple(out))


def _in_layout_of(template, a):
    """``a`` in the memory order of ``template`` (same shape). Elementwise loops over operands in
    different orders run on the short last axis and are several times slower than this one copy."""
    out = get_array_module(a).empty_like(template, dtype=a.dtype)
    if out.strides == a.strides:
        return a
    out[...] = a
    return out


def _first_max(views):
    """Elementwise maximum of same-shape ``views`` and the index of the first view holding it
    (ties keep the earlier view, as PyTorch; a NaN makes the maximum NaN)."""
    xp = get_array_module(views[0])
    if len(views) == 2:  # the usual 2-wide window: two passes, a bool index
        a, b = views
        return xp.maximum(a, b), b > a
    y = views[0].copy(order="K")  # "K" keeps the input's memory order (conv outputs are (C, H, W, N))
    idx_dtype = np.uint8 if len(views) <= 256 else np.int32
    idx = xp.zeros_like(y, dtype=idx_dtype)
    for k, s in enumerate(views[1:], 1):
        # Only a strictly larger value moves the index. Indices only grow, so max(idx, k * moved)
        # is a branch-free update (where() on a random mask is several times slower).
        moved = (s > y).view(np.uint8) if idx_dtype is np.uint8 else (s > y).astype(idx_dtype)
        xp.maximum(idx, moved * idx_dtype(k), out=idx)
        xp.maximum(y, s, out=y)
    return y, idx


def _spread(g, idx, outs):
    """Write ``g`` into ``outs[idx]`` and zero into the other ``outs`` (the adjoint of picking)."""
    xp = get_array_module(g)
    if len(outs) == 2:  # bool idx from _first_max; g - g * idx saves building the other mask
        xp.multiply(g, idx, out=outs[1])
        xp.subtract(g, outs[1], out=outs[0])
        return
    for k, out in enumerate(outs):
        xp.multiply(g, idx == k, out=out)


def _pick(views, idx):
    """``views[idx]`` elementwise."""
    xp = get_array_module(views[0])
    y = views[0].copy(order="K")
    for k, s in enumerate(views[1:], 1):
        xp.copyto(y, s, where=idx == k)
    return y


class _TapArgmax:
    """Which kernel tap (row-major) holds each window's maximum, for any window geometry."""

    def __init__(self, win, tap):
        self.win, self.tap = win, tap

    @classmethod
    def find(cls, win, xpad):
        """(each window's maximum, its argmax)"""
        y, tap = _first_max([xpad[win.slices(i, j)] for i, j in win.taps()])
        return y, cls(win, tap)

    def scatter(self, gy, x_shape):
        """Each output gradient to the input element its window's maximum came from."""
        xp = get_array_module(gy)
        win, tap = self.win, self.tap
        gy = _in_layout_of(tap, gy)
        gxpad = xp.zeros_like(tap, dtype=gy.dtype, shape=x_shape[:-2] + win.padded_hw)
        for k, (i, j) in enumerate(win.taps()):
            gxpad[win.slices(i, j)] += gy * (tap == k)
        return win.crop(gxpad)

    def gather(self, x):
        """Each window's argmax element of ``x``."""
        xpad = self.win.pad(x)
        return _pick([xpad[self.win.slices(i, j)] for i, j in self.win.taps()], self.tap)


def _split(a, axis, k):
    """View of ``a`` with ``axis`` split into (size // k, k); splitting an axis never copies."""
    axis %= a.ndim
    return a.reshape(a.shape[:axis] + (a.shape[axis] // k, k) + a.shape[axis + 1:])


class _TileArgmax:
    """The argmax of windows that tile the input (kernel == stride, as in ``max_pool2d(x, 2)``), in
    two steps whose loops run over long stretches of memory in any layout: the first maximum of
    each window row (``col``, the kw taps along W), then the first row holding the window's
    maximum (``row``, the kh taps along H). The result is ``_TapArgmax``'s: the first maximum in
    row-major window order (in a window holding a NaN both give NaN, but may send the gradient to
    different elements)."""

    def __init__(self, win):
        self.win = win

    @classmethod
    def find(cls, win, xpad):
        """(each window's maximum, its argmax)"""
        found = cls(win)
        m, found.col = _first_max(found._along_w(xpad))
        y, found.row = _first_max(found._along_h(m))
        return y, found

    def _along_w(self, a):
        """The kw views (..., PH, OW) of ``a`` (..., PH, PW) that window column j reads."""
        a = _split(a, -1, self.win.kernel[1])
        return [a[..., j] for j in range(a.shape[-1])]

    def _along_h(self, a):
        """The kh views (..., OH, OW) of ``a`` (..., PH, OW) that window row i reads."""
        a = _split(a, -2, self.win.kernel[0])
        return [a[..., i, :] for i in range(a.shape[-2])]

    @property
    def tap(self):
        """Row-major kernel tap of each maximum, shaped like the output."""
        xp = get_array_module(self.row)
        row = self.row.astype(np.int64)
        col = xp.take_along_axis(_split(self.col, -2, self.win.kernel[0]), row[..., None, :], -2)[..., 0, :]
        return row * self.win.kernel[1] + col

    def scatter(self, gy, x_shape):
        """Each output gradient to the input element its window's maximum came from."""
        xp = get_array_module(gy)
        gy = _in_layout_of(self.row, gy)
        gm = xp.empty_like(self.col, dtype=gy.dtype)  # in the memory order of the forward input
        _spread(gy, self.row, self._along_h(gm))
        gx = xp.empty_like(gm, shape=x_shape[:-2] + self.win.padded_hw)
        _spread(gm, self.col, self._along_w(gx))
        return self.win.crop(gx)

    def gather(self, x):
        """Each window's argmax element of ``x``."""
        return _pick(self._along_h(_pick(self._along_w(self.win.pad(x)), self.col)), self.row)


class _MaxPool(Function):
    def __init__(self, win):
        self.win = win

    def forward(self, x):
        win = self.win
        y, self.argmax = (_TileArgmax if win.tiles() else _TapArgmax).find(win, win.pad(x, -np.inf))
        self.x_shape = x.shape
        return y

    def backward(self, gy):
        return dual(_MaxPoolScatter(self.argmax, self.x_shape), gy)


class _MaxPoolScatter(Function):
    """Each output gradient to the input element its window's maximum came from."""

    def __init__(self, argmax, x_shape):
        self.argmax, self.x_shape = argmax, x_shape

    def forward(self, gy):
        return self.argmax.scatter(gy, self.x_shape)

    def backward(self, ggx):
        return dual(_MaxPoolGather(self.argmax), ggx)


class _MaxPoolGather(Function):
    """Adjoint of ``_MaxPoolScatter``: read each window's argmax element."""

    def __init__(self, argmax):
        self.argmax = argmax

    def forward(self, x):
        self.x_shape = x.shape
        return self.argmax.gather(x)

    def backward(self, gy):
        return dual(_MaxPoolScatter(self.argmax, self.x_shape), gy)


def _as_scale(scale, like):
    """A window-sum scale (number or (OH, OW) array) in the dtype and on the device of ``like``."""
    return like.dtype.type(scale) if np.isscalar(scale) else get_array_module(like).asarray(scale, like.dtype)


class _WindowSum(Function):
    """y = scale * (sum of each zero-padded window); ``scale`` is a number or an (OH, OW) array."""

    def __init__(self, win, scale):
        self.win, self.scale = win, scale

    def forward(self, x):
        win = self.win
        xpad = win.pad(x)
        taps = win.taps()
        y = xpad[win.slices(*taps[0])].copy(order="K")
        for i, j in taps[1:]:
            y += xpad[win.slices(i, j)]
        y *= _as_scale(self.scale, y)
        self.x_shape = x.shape
        return y

    def backward(self, gy):
        return dual(_WindowSumTranspose(self.win, self.scale, self.x_shape), gy)


class _WindowSumTranspose(Function):
    """Adjoint of ``_WindowSum``: spread each scaled output gradient over its window."""

    def __init__(self, win, scale, x_shape):
        self.win, self.scale, self.x_shape = win, scale, x_shape

    def forward(self, gy):
        xp = get_array_module(gy)
        win = self.win
        g = gy * _as_scale(self.scale, gy)
        shape = self.x_shape[:-2] + win.padded_hw
        if win.tiles():  # every input element in exactly one window: copy, no zero fill or add
            gxpad = xp.empty_like(g, shape=shape)
            for i, j in win.taps():
                gxpad[win.slices(i, j)] = g
            return win.crop(gxpad)
        gxpad = xp.zeros_like(g, shape=shape)
        for i, j in win.taps():
            gxpad[win.slices(i, j)] += g
        return win.crop(gxpad)

    def backward(self, ggx):
        return dual(_WindowSum(self.win, self.scale), ggx)


def _pool_input(op, input, ndim):
    x = as_tensor(input)
    if x.ndim not in (ndim - 1, ndim):
        raise ValueError(f"{op}: expected a {ndim}-D input or {ndim - 1}-D unbatched, got shape {x.shape}")
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point input, got dtype {x.dtype}; convert with .float()")
    return x


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """2-D max pooling over (N, C, H, W) or (C, H, W); ``stride`` defaults to ``kernel_size``; padding pads
    with -inf. With ``return_indices=True`` also returns the flat index (h * W + w) of each maximum
    in its input plane, as PyTorch does.

    Example:
        >>> F.max_pool2d(ag.randn(8, 16, 28, 28), 2).shape
        (8, 16, 14, 14)
    """
    x = _pool_input("max_pool2d", input, 4)
    win = _pool_window("max_pool2d", x, kernel_size, stride, padding, dilation, ceil_mode)
    fn = _MaxPool(win)
    y = fn(x)
    if not return_indices:
        return y
    return y, Tensor(_argmax_indices(fn.argmax.tap, win))


def _argmax_indices(tap, win):
    """Window tap of each maximum -> flat index into the (unpadded) input plane."""
    xp = get_array_module(tap)
    kw = win.kernel[1]
    (sh, sw), (dh, dw), ((t, _), (l, _)) = win.stride, win.dilation, win.pads
    tap = tap.astype(np.int64)
    rows = xp.arange(win.out_hw[0]).reshape(-1, 1) * sh - t + (tap // kw) * dh
    cols = xp.arange(win.out_hw[1]) * sw - l + (tap % kw) * dw
    return rows * win.in_hw[1] + cols


def _avg_scale(win, count_include_pad, divisor_override):
    """1 / the number of elements PyTorch divides each window's sum by: the window clipped to the
    padded input (ceil-mode overhang never counts), and to the input itself without count_include_pad."""
    if divisor_override is not None:
        if divisor_override == 0:
            raise ValueError("avg_pool2d: divisor_override must be non-zero")
        return 1.0 / divisor_override
    counts = []
    for n, o, k, s, (p, _) in zip(win.in_hw, win.out_hw, win.kernel, win.stride, win.pads):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        counts.append(end - start)
    div = counts[0][:, None] * counts[1][None, :]
    return 1.0 / div[0, 0] if (div == div[0, 0]).all() else 1.0 / div


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """2-D average pooling; zero padding counts in the average unless ``count_include_pad=False``
    (PyTorch's rule), and ``divisor_override`` replaces the divisor."""
    x = _pool_input("avg_pool2d", input, 4)
    win = _pool_window("avg_pool2d", x, kernel_size, stride, padding, 1, ceil_mode)
    return _WindowSum(win, _avg_scale(win, count_include_pad, divisor_override))(x)


def _pool1d(pool2d, op, input, kernel_size, stride, padding, *args, **kwargs):
    x = _pool_input(op, input, 3)
    stride = None if stride is None or stride == [] or stride == () else (1, single(stride, "stride", op))
    out = pool2d(unsqueeze(x, -2), (1, single(kernel_size, "kernel_size", op)), stride,
                 (0, single(padding, "padding", op)), *args, **kwargs)
    if isinstance(out, tuple):
        return squeeze(out[0], -2), Tensor(out[1]._data[..., 0, :] % x.shape[-1])
    return squeeze(out, -2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """1-D max pooling over (N, C, L) or (C, L); arguments as ``max_pool2d``."""
    dilation = (1, single(dilation, "dilation", "max_pool1d"))
    return _pool1d(max_pool2d, "max_pool1d", input, kernel_size, stride, padding, dilation, ceil_mode,
                   return_indices)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling over (N, C, L) or (C, L); arguments as ``avg_pool2d``."""
    return _pool1d(avg_pool2d, "avg_pool1d", input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (an int, a pair, or None to keep that dimension),
    with PyTorch's bins; ``output_size=1`` is global average pooling."""
    x = _pool_input("adaptive_avg_pool2d", input, 4)
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    if len(sizes) != 2:
        raise ValueError(f"adaptive_avg_pool2d: output_size must be an int or a pair, got {output_size!r}")
    (h, w), (oh, ow) = x.shape[-2:], [n if o is None else int(o) for n, o in zip(x.shape[-2:], sizes)]
    if oh <= 0 or ow <= 0:
        raise ValueError(f"adaptive_avg_pool2d: output_size must be positive, got {output_size!r}")
    if (oh, ow) == (1, 1):
        return mean(x, dim=(-2, -1), keepdim=True)
    if h % oh == 0 and w % ow == 0:
        return avg_pool2d(x, (h // oh, w // ow))
    xp = get_array_module(x._data)
    rows = Tensor(xp.asarray(_adaptive_matrix(h, oh), x.dtype))
    cols = Tensor(xp.asarray(_adaptive_matrix(w, ow).T, x.dtype))
    return rows @ x @ cols


def adaptive_avg_pool1d(input, output_size):
    """Adaptive average pooling over (N, C, L) or (C, L)."""
    x = _pool_input("adaptive_avg_pool1d", input, 3)
    return squeeze(adaptive_avg_pool2d(unsqueeze(x, -2), (1, single(output_size, "output_size",
                                                                     "adaptive_avg_pool1d"))), -2)
