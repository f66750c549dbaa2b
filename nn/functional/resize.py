"""Resampling: ``interpolate`` (and its deprecated alias ``upsample``) with PyTorch's modes and rules.

Every mode is separable, one spatial axis at a time. The point-sampling modes (nearest,
nearest-exact, linear, bilinear, bicubic, trilinear) gather a few neighbours per output position;
'area' and antialiased resampling (lanczos always is) apply an (out, in) weight matrix along the
axis, built on the host from the sizes alone, so the forward is a matmul and gradients of any order
come from the engine's matmul.
"""
import math

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops._util import as_tensor
from autograd_core.ops.indexing import take
from autograd_core.ops.shape import swapaxes
from autograd_core.tensor import Tensor

__all__ = ["interpolate", "upsample"]

_INTERP_DIMS = {"nearest": (1, 2, 3), "nearest-exact": (1, 2, 3), "area": (1, 2, 3), "linear": (1,),
                "bilinear": (2,), "bicubic": (2,), "trilinear": (3,), "lanczos": (2,)}


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of (N, C, L) / (N, C, H, W) / (N, C, D, H, W) input with PyTorch's rules.

    Modes: 'nearest' (index floor(dst * in/out)), 'nearest-exact' (floor((dst + 0.5) * in/out)),
    'area' (adaptive average pooling to the output size), 'linear' (3-D input), 'bilinear',
    'bicubic' and 'lanczos' (4-D input), 'trilinear' (5-D input). ``align_corners`` as PyTorch:
    False maps pixel centres, True maps corner pixels. 'bicubic' is Keys' cubic convolution with
    A = -0.75 and the four taps clamped to the border, as PyTorch (so it can overshoot the input's
    range). ``antialias=True`` ('bilinear', 'bicubic', and 'lanczos', which needs it) resamples as
    Pillow and PyTorch do: when shrinking, the filter (a triangle, Keys' cubic with A = -0.5, or
    Lanczos-3) is widened by the downscale factor so every input pixel contributes.
    Give exactly one of ``size`` and ``scale_factor``.

    Example:
        >>> F.interpolate(ag.randn(1, 3, 8, 8), scale_factor=2, mode="bilinear").shape
        (1, 3, 16, 16)
    """
    x = as_tensor(input)
    if mode not in _INTERP_DIMS:
        raise ValueError(f"interpolate: mode must be one of {sorted(_INTERP_DIMS)}, got {mode!r}")
    if antialias and mode not in _AA_FILTERS:
        raise ValueError(f"interpolate: antialias=True only applies to the modes {sorted(_AA_FILTERS)} "
                         f"(4-D input), got mode {mode!r}")
    nd = x.ndim - 2
    if nd not in _INTERP_DIMS[mode]:
        raise ValueError(f"interpolate: mode {mode!r} needs a {[d + 2 for d in _INTERP_DIMS[mode]]}-D input "
                         f"(N, C and {_INTERP_DIMS[mode][-1]} spatial dims), got shape {x.shape}")
    if mode in ("nearest", "nearest-exact", "area") and align_corners is not None:
        raise ValueError("interpolate: align_corners only applies to the 'linear', 'bilinear', 'bicubic' and "
                         "'trilinear' modes")
    if mode == "lanczos" and not antialias:
        raise ValueError("interpolate: mode 'lanczos' needs antialias=True")
    if mode == "lanczos" and align_corners:
        raise ValueError("interpolate: mode 'lanczos' does not support align_corners=True")
    if x.dtype.kind != "f":
        raise TypeError(f"interpolate: expected a floating-point input, got dtype {x.dtype}")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    if recompute_scale_factor and size is not None:
        raise ValueError("interpolate: recompute_scale_factor=True needs scale_factor, not an explicit size")
    in_sizes = x.shape[2:]
    if size is not None:
        out_sizes = tuple(size) if isinstance(size, (tuple, list)) else (size,) * nd
        scales = [None] * nd
    else:
        factors = tuple(scale_factor) if isinstance(scale_factor, (tuple, list)) else (scale_factor,) * nd
        out_sizes = tuple(int(math.floor(n * f)) for n, f in zip(in_sizes, factors))
        scales = [None if recompute_scale_factor else 1.0 / f for f in factors]
    smallest = 0 if mode == "area" else 1  # 'area' pools to any size, 0 included, as PyTorch
    if len(out_sizes) != nd or min(out_sizes) < smallest:
        raise ValueError(f"interpolate: bad output size {out_sizes} for input of shape {x.shape}: it needs {nd} "
                         f"sizes of at least {smallest}")
    # PyTorch (CPU) copies a dim that keeps its size whatever the scale factor in the linear modes,
    # 2-D nearest and antialiased resampling, but applies the scale factor in bicubic, nearest-exact,
    # and 1-D and 3-D nearest. 'area' ignores the scale factor: it pools to the output size.
    copies_same_size = antialias or mode in ("area", "linear", "bilinear", "trilinear") or (mode == "nearest"
                                                                                         and nd == 2)
    for d, (n_in, n_out, scale) in enumerate(zip(in_sizes, out_sizes, scales)):
        axis = d + 2
        if n_out == n_in and (scale is None or copies_same_size):  # without a scale factor: the identity
            continue
        if mode == "area":
            x = _along(x, axis, _adaptive_matrix(n_in, n_out))
        elif antialias:
            x = _along(x, axis, _antialias_matrix(n_in, n_out, scale, bool(align_corners), mode))
        elif mode in ("nearest", "nearest-exact"):
            dst = np.arange(n_out) + (0.5 if mode == "nearest-exact" else 0.0)
            idx = np.minimum(np.floor(dst * _step(n_in, n_out, scale, False)).astype(np.int64), n_in - 1)
            x = take(x, get_array_module(x._data).asarray(idx), axis)
        elif mode == "bicubic":
            x = _cubic_along(x, axis, n_in, n_out, scale, bool(align_corners))
        else:
            x = _linear_along(x, axis, n_in, n_out, scale, bool(align_corners))
    return x


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated PyTorch alias of ``interpolate``."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def _step(n_in, n_out, scale, align_corners):
    """PyTorch's input distance per output step: between corner pixels, or the inverse scale factor
    (in / out unless a scale factor was given)."""
    if align_corners:
        return (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    return n_in / n_out if scale is None else scale


def _source_coords(n_in, n_out, scale, align_corners, cubic):
    """The input coordinate each output position samples, as PyTorch: corner pixels aligned, or pixel
    centres aligned (clamped at 0, except for cubic, whose taps are clamped instead)."""
    dst = np.arange(n_out, dtype=np.float64)
    step = _step(n_in, n_out, scale, align_corners)
    if align_corners:
        return dst * step
    src = (dst + 0.5) * step - 0.5
    return src if cubic else np.maximum(src, 0.0)


def _weighted_taps(x, axis, taps):
    """The sum of ``w * x[..., idx, ...]`` (indexing along ``axis``) over ``taps``, (idx, w) pairs of host arrays."""
    xp = get_array_module(x._data)
    shape = (-1,) + (1,) * (x.ndim - axis - 1)
    out = None
    for idx, w in taps:
        term = take(x, xp.asarray(idx), axis) * Tensor(xp.asarray(w.reshape(shape), x.dtype))
        out = term if out is None else out + term
    return out


def _linear_along(x, axis, n_in, n_out, scale, align_corners):
    """Linear interpolation along one axis: a weighted sum of two gathered neighbours."""
    src = _source_coords(n_in, n_out, scale, align_corners, cubic=False)
    lo = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    t = src - lo
    return _weighted_taps(x, axis, [(lo, 1 - t), (np.minimum(lo + 1, n_in - 1), t)])


def _keys(s, a):
    """Keys' cubic convolution kernel: (a+2)|s|^3 - (a+3)|s|^2 + 1 for |s| <= 1,
    a|s|^3 - 5a|s|^2 + 8a|s| - 4a for 1 < |s| < 2, and 0 beyond."""
    s = np.abs(s)
    near = ((a + 2) * s - (a + 3)) * s * s + 1
    far = ((a * s - 5 * a) * s + 8 * a) * s - 4 * a
    return np.where(s <= 1, near, np.where(s < 2, far, 0.0))


def _cubic_along(x, axis, n_in, n_out, scale, align_corners):
    """Cubic convolution along one axis: four gathered neighbours (indices clamped to the border)
    weighted by Keys' kernel with a = -0.75."""
    src = _source_coords(n_in, n_out, scale, align_corners, cubic=True)
    base = np.floor(src).astype(np.int64)
    t = src - base
    return _weighted_taps(x, axis, [(np.clip(base + k, 0, n_in - 1), _keys(t - k, -0.75)) for k in (-1, 0, 1, 2)])


def _adaptive_bins(n_in, n_out):
    """(start, end) host arrays of PyTorch's adaptive bins [floor(i*n/o), ceil((i+1)*n/o)), i < n_out."""
    i = np.arange(n_out)
    return i * n_in // n_out, -(-(i + 1) * n_in // n_out)


def _adaptive_matrix(n_in, n_out):
    """(n_out, n_in) matrix averaging each adaptive bin."""
    start, end = _adaptive_bins(n_in, n_out)
    pos = np.arange(n_in)
    return ((pos >= start[:, None]) & (pos < end[:, None])) / (end - start)[:, None]


# The antialiasing filters at scale 1, as PyTorch's (and Pillow's): zero beyond distance 1, 2 and 3.
_AA_FILTERS = {"bilinear": lambda s: np.maximum(1.0 - np.abs(s), 0.0), "bicubic": lambda s: _keys(s, -0.5),
               "lanczos": lambda s: np.where(np.abs(s) < 3, np.sinc(s) * np.sinc(s / 3), 0.0)}


def _antialias_matrix(n_in, n_out, scale, align_corners, mode):
    """(n_out, n_in) weights of PyTorch's antialiased resampling: output i weighs the inputs around
    step * (i + 0.5) by the mode's filter, widened by the downscale factor (never narrowed),
    and each row is normalised to sum to 1."""
    step = _step(n_in, n_out, scale, align_corners)
    widen = max(step, 1.0)
    centre = step * (np.arange(n_out) + 0.5)
    w = _AA_FILTERS[mode]((np.arange(n_in) - centre[:, None] + 0.5) * (1.0 / widen))
    return w / w.sum(axis=1, keepdims=True)


def _along(x, axis, weights):
    """Apply ``weights``, an (out, in) host matrix, along ``axis`` of ``x``."""
    w = Tensor(get_array_module(x._data).asarray(weights.T, x.dtype))
    return swapaxes(swapaxes(x, axis, -1) @ w, axis, -1)
