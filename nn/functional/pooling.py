"""Pooling over sliding windows: ``max_pool1d/2d/3d`` (and ``max_pool*d_with_indices``),
``avg_pool1d/2d/3d``, ``max_unpool1d/2d/3d``, ``lp_pool1d/2d/3d``, and ``pad`` (the engine's op, under
PyTorch's F name). Adaptive pooling lives in adaptive_pooling.py, ``interpolate`` and ``upsample`` in resize.py.

Pooling loops over the kernel taps (a handful of strided slices), never over
pixels. Max pooling remembers which tap won (the first maximum, as PyTorch)
and its gradient goes to that input element only; a NaN in a window makes
that output NaN. 2-D windows that tile the input (kernel == stride, the common
``max_pool2d(x, 2)``) take a faster two-step path with the same results. Each
pooling Function has its adjoint as a Function, so gradients of gradients work.
Max unpooling scatters with the engine's scatter, differentiable to any order.
"""

import functools
import inspect
import math
import operator

import numpy as np

from autograd_core import backend, kernels
from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops import pad  # noqa: F401  (F.pad)
from autograd_core.ops._util import array_on, as_tensor, in_layout_of
from autograd_core.ops.arithmetic import neg
from autograd_core.ops.elementwise import abs as absolute, where, zero_link
from autograd_core.ops.scattering import scatter
from autograd_core.ops.shape import reshape
from autograd_core.tensor import Tensor

from ._windows import Window, ntuple

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices",
           "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d", "avg_pool3d", "max_unpool1d", "max_unpool2d",
           "max_unpool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d", "pad"]


def _pool_window(op, x, dims, kernel_size, stride, padding, dilation, ceil_mode):
    """The Window over the last ``dims`` dims of a pooling op with PyTorch's output-size rule (ceil_mode included)."""
    kernel = ntuple(kernel_size, dims, "kernel_size", op)
    stride = kernel if stride is None or stride == [] or stride == () else ntuple(stride, dims, "stride", op)
    pads, dilation = ntuple(padding, dims, "padding", op), ntuple(dilation, dims, "dilation", op)
    if min(kernel) < 1 or min(stride) < 1 or min(dilation) < 1:
        raise ValueError(f"{op}: kernel_size {kernel}, stride {stride} and dilation {dilation} must be positive")
    if any(p < 0 or 2 * p > k for p, k in zip(pads, kernel)):  # PyTorch's rule: the kernel, not the dilated span
        raise ValueError(f"{op}: padding {pads} must be non-negative and at most half the kernel size {kernel}")
    in_sizes, out, extra = tuple(x.shape[-dims:]), [], []
    for n, k, s, p, d in zip(in_sizes, kernel, stride, pads, dilation):
        span = n + 2 * p - d * (k - 1) - 1
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + p:  # the last window must start inside the input or left padding
            o -= 1
        if o <= 0:  # in ceil mode a kernel longer than the padded input still makes one window, as PyTorch
            raise ValueError(f"{op}: input of spatial size {in_sizes} is too small for kernel {kernel} "
                             f"with padding {pads} and dilation {dilation}")
        out.append(o)
        extra.append(max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p)))
    return Window(kernel, stride, tuple((p, p + e) for p, e in zip(pads, extra)), dilation, in_sizes, tuple(out))


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
        y, tap = _first_max([xpad[win.slices(*t)] for t in win.taps()])
        return y, cls(win, tap)

    def scatter(self, gy, x_shape):
        """Each output gradient to the input element its window's maximum came from."""
        xp = get_array_module(gy)
        win, tap = self.win, self.tap
        gy = in_layout_of(tap, gy)
        gxpad = xp.zeros_like(tap, dtype=gy.dtype, shape=x_shape[:-len(win.in_hw)] + win.padded_hw)
        for k, t in enumerate(win.taps()):
            gxpad[win.slices(*t)] += gy * (tap == k)
        return win.crop(gxpad)

    def gather(self, x):
        """Each window's argmax element of ``x``."""
        xpad = self.win.pad(x)
        return _pick([xpad[self.win.slices(*t)] for t in self.win.taps()], self.tap)


class _KernelTileArgmax(_TapArgmax):
    """``_TapArgmax`` of 2-D windows that tile the input, found by the compiled kernel (kernels.py)."""

    @classmethod
    def find(cls, win, x):
        """(each window's maximum, its argmax), or None where the kernel does not apply"""
        found = kernels.max_pool_tiles(x, win.kernel)
        return None if found is None else (found[0], cls(win, found[1]))

    def scatter(self, gy, x_shape):
        gx = kernels.max_pool_tiles_grad(in_layout_of(self.tap, gy), self.tap, self.win.kernel)
        return super().scatter(gy, x_shape) if gx is None else gx


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
        gy = in_layout_of(self.row, gy)
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
        tiled = win.tiles() and len(win.kernel) == 2
        found = _KernelTileArgmax.find(win, x) if tiled and not win.has_padding else None
        y, self.argmax = found or (_TileArgmax if tiled else _TapArgmax).find(win, win.pad(x, -np.inf))
        self.x_shape = x.shape
        self.save_for_backward(x)  # only read under create_graph, where the gradient depends on x, as PyTorch's
        return y

    def backward(self, gy):
        gx = dual(_MaxPoolScatter(self.argmax, self.x_shape), gy)
        return gx if gy.__class__ is not Tensor else zero_link(gx, self.saved_tensors[0])


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
        for t in taps[1:]:
            y += xpad[win.slices(*t)]
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
        shape = self.x_shape[:-len(win.in_hw)] + win.padded_hw
        if win.tiles():  # every input element in exactly one window: copy, no zero fill or add
            gxpad = xp.empty_like(g, shape=shape)
            for t in win.taps():
                gxpad[win.slices(*t)] = g
            return win.crop(gxpad)
        gxpad = xp.zeros_like(g, shape=shape)
        for t in win.taps():
            gxpad[win.slices(*t)] += g
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


def _max_pool(op, dims, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    x = _pool_input(op, input, dims + 2)
    win = _pool_window(op, x, dims, kernel_size, stride, padding, dilation, ceil_mode)
    fn = _MaxPool(win)
    y = fn(x)
    if not return_indices:
        return y
    return y, Tensor(_argmax_indices(fn.argmax.tap, win))


def _argmax_indices(tap, win):
    """Window tap (row-major) of each maximum -> flat index into the (unpadded) input plane or volume."""
    xp = get_array_module(tap)
    tap, flat, dims = tap.astype(np.int64), 0, len(win.kernel)
    for d in reversed(range(dims)):  # the last dim varies fastest in the tap and in the flat index
        tap, i = tap // win.kernel[d], tap % win.kernel[d]
        starts = xp.arange(win.out_hw[d]).reshape((-1,) + (1,) * (dims - 1 - d)) * win.stride[d] - win.pads[d][0]
        flat = flat + (starts + i * win.dilation[d]) * math.prod(win.in_hw[d + 1:])
    return flat


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """1-D max pooling over (N, C, L) or (C, L); arguments as ``max_pool2d``."""
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """2-D max pooling over (N, C, H, W) or (C, H, W); ``stride`` defaults to ``kernel_size``; padding pads
    with -inf. With ``return_indices=True`` also returns the flat index (h * W + w) of each maximum
    in its input plane, as PyTorch does.

    Example:
        >>> F.max_pool2d(ag.randn(8, 16, 28, 28), 2).shape
        (8, 16, 14, 14)
    """
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """3-D max pooling over (N, C, D, H, W) or (C, D, H, W); arguments as ``max_pool2d``; indices are
    flat (d * H * W + h * W + w) in each input volume."""
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def _with_indices(pool):
    """PyTorch's ``<pool>_with_indices``: ``pool`` returning (output, indices) whatever ``return_indices``."""
    signature = inspect.signature(pool)

    @functools.wraps(pool)
    def with_indices(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.arguments["return_indices"] = True
        return pool(*bound.args, **bound.kwargs)
    with_indices.__name__ = with_indices.__qualname__ = f"{pool.__name__}_with_indices"
    with_indices.__doc__ = f"``{pool.__name__}`` returning (output, indices) whatever ``return_indices``."
    return with_indices


max_pool1d_with_indices = _with_indices(max_pool1d)
max_pool2d_with_indices = _with_indices(max_pool2d)
max_pool3d_with_indices = _with_indices(max_pool3d)


def _avg_scale(op, win, count_include_pad, divisor_override):
    """1 / the number of elements PyTorch divides each window's sum by: the window clipped to the
    padded input (ceil-mode overhang never counts), and to the input itself without count_include_pad."""
    if divisor_override is not None:
        if divisor_override == 0:
            raise ValueError(f"{op}: divisor_override must be non-zero")
        return 1.0 / divisor_override
    counts = []
    for n, o, k, s, (p, _) in zip(win.in_hw, win.out_hw, win.kernel, win.stride, win.pads):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        counts.append(end - start)
    div = functools.reduce(np.multiply.outer, counts)
    return 1.0 / div.flat[0] if (div == div.flat[0]).all() else 1.0 / div


def _avg_pool(op, dims, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):
    x = _pool_input(op, input, dims + 2)
    win = _pool_window(op, x, dims, kernel_size, stride, padding, 1, ceil_mode)
    return _WindowSum(win, _avg_scale(op, win, count_include_pad, divisor_override))(x)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling over (N, C, L) or (C, L); arguments as ``avg_pool2d``."""
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode, count_include_pad, None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """2-D average pooling; zero padding counts in the average unless ``count_include_pad=False``
    (PyTorch's rule), and ``divisor_override`` replaces the divisor."""
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """3-D average pooling over (N, C, D, H, W) or (C, D, H, W); arguments as ``avg_pool2d``, except that,
    as PyTorch, the input may not be smaller than the kernel in any dim (padding or not)."""
    x = _pool_input("avg_pool3d", input, 5)
    kernel = ntuple(kernel_size, 3, "kernel_size", "avg_pool3d")
    if any(n < k for n, k in zip(x.shape[-3:], kernel)):
        raise ValueError(f"avg_pool3d: input of spatial size {tuple(x.shape[-3:])} is smaller than the kernel "
                         f"{kernel} (PyTorch's avg_pool3d refuses this even with padding)")
    return _avg_pool("avg_pool3d", 3, x, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def _unpool_size(op, x, kernel, stride, pads, output_size):
    """PyTorch's unpooled size: (n - 1) * stride + kernel - 2 * padding, or ``output_size`` (spatial, or
    with N and C in front) within a stride of it."""
    dims = len(kernel)
    default = tuple((n - 1) * s + k - 2 * p for n, k, s, p in zip(x.shape[-dims:], kernel, stride, pads))
    if output_size is None:
        size = default
    else:
        size = tuple(map(operator.index, output_size))
        size = size[2:] if len(size) == dims + 2 else size
        if len(size) != dims:
            raise ValueError(f"{op}: output_size must hold {dims} or {dims + 2} sizes, got {output_size!r}")
        for d, (o, m, s) in enumerate(zip(size, default, stride)):
            if not m - s < o < m + s:
                raise ValueError(f"{op}: output_size {size} is invalid: dim {d} must lie strictly between "
                                 f"{m - s} and {m + s}")
    if min(size) < 0:
        raise ValueError(f"{op}: the output size {size} would be negative (padding {pads}, kernel {kernel})")
    return size


def _max_unpool(op, dims, input, indices, kernel_size, stride, padding, output_size):
    x = _pool_input(op, input, dims + 2)
    kernel = ntuple(kernel_size, dims, "kernel_size", op)
    stride = kernel if stride is None else ntuple(stride, dims, "stride", op)
    size = _unpool_size(op, x, kernel, stride, ntuple(padding, dims, "padding", op), output_size)
    idx = array_on(indices, x)
    if idx.dtype != np.int64:
        raise TypeError(f"{op}: indices must be int64 (as max pooling returns them), got dtype {idx.dtype}")
    if idx.shape != x.shape:
        raise ValueError(f"{op}: indices of shape {tuple(idx.shape)} must have the input's shape {x.shape}")
    lead, n = x.shape[:-dims], math.prod(size)
    backend.check_index_range(idx, n, op, "indices")
    idx = idx.reshape(lead + (-1,))
    zeros = Tensor(get_array_module(idx).zeros(lead + (n,), x.dtype))
    return reshape(scatter(zeros, -1, idx, reshape(x, idx.shape)), lead + size)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of ``max_pool1d``: each value to its index in a zero (N, C, L_out) or (C, L_out)
    output; see ``max_unpool2d``."""
    return _max_unpool("max_unpool1d", 1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of ``max_pool2d``: writes each value of ``input`` at its flat index (``indices``, from
    ``max_pool2d(..., return_indices=True)``) in a zero output of size (H - 1) * stride + kernel - 2 * padding
    per dim, or ``output_size`` (which may keep N and C in front) to undo a floor-mode size."""
    return _max_unpool("max_unpool2d", 2, input, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of ``max_pool3d``; see ``max_unpool2d``."""
    return _max_unpool("max_unpool3d", 3, input, indices, kernel_size, stride, padding, output_size)


def _lp_pool(op, dims, max_pool, avg_pool, input, norm_type, kernel_size, stride, ceil_mode):
    """PyTorch's composition: (sum of x ** p over each window) ** (1 / p), from the average pool; p = +-inf
    is the max (min) of |x|."""
    x = as_tensor(input)
    if norm_type == math.inf:
        return max_pool(absolute(x), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -math.inf:
        return neg(max_pool(neg(absolute(x)), kernel_size, stride, 0, 1, ceil_mode))
    out = avg_pool(x ** norm_type, kernel_size, stride, 0, ceil_mode)
    size = math.prod(ntuple(kernel_size, dims, "kernel_size", op))
    # PyTorch's (sign(out) * relu(|out|) * size) ** (1 / p): the root of the sum, with a zero gradient where the
    # sum is 0 (the root's is infinite there), so zero windows take the root of a stand-in 1 and are then replaced.
    zero = out._data == 0
    root = (where(zero, 1.0, out) * size) ** (1.0 / norm_type)
    return where(zero, math.inf if norm_type < 0 else 0.0, root)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling over (N, C, L) or (C, L); see ``lp_pool2d``."""
    return _lp_pool("lp_pool1d", 1, max_pool1d, avg_pool1d, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling: (sum of x ** norm_type over each window) ** (1 / norm_type), no padding;
    norm_type=inf is max pooling of |x|. As PyTorch, a window whose sum is not positive gives 0 (or NaN
    where x ** norm_type is NaN), and a window summing to 0 gets a zero gradient."""
    return _lp_pool("lp_pool2d", 2, max_pool2d, avg_pool2d, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling over (N, C, D, H, W) or (C, D, H, W); see ``lp_pool2d``."""
    return _lp_pool("lp_pool3d", 3, max_pool3d, avg_pool3d, input, norm_type, kernel_size, stride, ceil_mode)
