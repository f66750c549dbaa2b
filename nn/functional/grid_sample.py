"""Spatial transformers: ``affine_grid`` makes a sampling grid from affine matrices, ``grid_sample``
reads an input at the grid's points (PyTorch's rules for modes, padding and align_corners).

grid_sample is composed from engine ops: the integer tap positions are constants worked out from the
grid's values, the interpolation weights are Tensors of the grid, and one gather of rows of the
channels-last input reads every tap of every output point, so gradients of any order flow to both the
input and the grid.
"""
import math
import warnings

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops import abs as abs_
from autograd_core.ops import einsum, pad, permute, reshape, stack, swapaxes, where
from autograd_core.ops._util import as_tensor
from autograd_core.ops.elementwise import ZerosLike
from autograd_core.ops.indexing import GetItem
from autograd_core.tensor import _new

__all__ = ["affine_grid", "grid_sample"]

_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired.")


def _align(align_corners):
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, UserWarning, stacklevel=3)
        return False
    return bool(align_corners)


def affine_grid(theta, size, align_corners=None):
    """The sampling grid of a batch of affine maps, for ``grid_sample``.

    Args:
        theta: (N, 2, 3) affine matrices for a 2-D ``size`` (N, C, H, W), or (N, 3, 4) for a 3-D one
            (N, C, D, H, W); they map output coordinates (x, y[, z], 1) in [-1, 1] to input coordinates.
        size: the output size.
        align_corners: as in ``grid_sample`` (None warns, as PyTorch, and means False).

    Returns:
        (N, H, W, 2) or (N, D, H, W, 3) grid whose last dim holds (x, y[, z]).
    """
    align_corners = _align(align_corners)
    theta = as_tensor(theta)
    if theta.dtype.kind != "f":
        raise ValueError(f"affine_grid: expected theta to have a floating-point dtype, got {theta.dtype}")
    size = tuple(int(n) for n in size)
    if len(size) not in (4, 5):
        raise NotImplementedError(f"affine_grid: only 4-D and 5-D sizes are supported (2-D and 3-D affine maps), "
                                  f"got size {size}")
    nd = len(size) - 2
    if theta.ndim != 3 or theta.shape[1:] != (nd, nd + 1) or theta.shape[0] != size[0]:
        raise ValueError(f"affine_grid: expected theta of shape ({size[0]}, {nd}, {nd + 1}) (a batch of {nd}-D "
                         f"affine matrices) for size {size}, got {theta.shape}")
    spatial = size[2:]
    if align_corners and min(spatial) == 1:
        warnings.warn("affine_grid: with align_corners=True a unit-size dimension maps to 0 (the centre), "
                      "as PyTorch since 1.3.0; this is not an intended use case", UserWarning, stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"affine_grid: expected a positive output size, got {size}")
    # base[..., k] is coordinate k of (x, y[, z], 1): x runs along the last spatial dim
    mesh = np.meshgrid(*[_positions(n, align_corners) for n in spatial], indexing="ij")
    base = np.stack(list(mesh)[::-1] + [np.ones(spatial)], axis=-1).reshape(-1, nd + 1)
    base = as_tensor(get_array_module(theta._data).asarray(base, theta.dtype))
    return reshape(base @ swapaxes(theta, 1, 2), (size[0],) + spatial + (nd,))


def _positions(n, align_corners):
    """The normalised coordinate of each of ``n`` pixels: corner centres at -1 and 1, or pixel edges there."""
    if n == 1:
        return np.zeros(1)
    pos = np.linspace(-1.0, 1.0, n)
    return pos if align_corners else pos * ((n - 1) / n)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample ``input`` at the normalised positions in ``grid`` (the spatial transformer's sampler).

    Args:
        input: (N, C, H, W), or (N, C, D, H, W) for the modes 'bilinear' (trilinear then) and 'nearest'.
        grid: (N, H_out, W_out, 2) or (N, D_out, H_out, W_out, 3); the last dim holds (x, y[, z]) in
            [-1, 1], x indexing the input's last dim. NaN positions are not supported.
        mode: 'bilinear', 'nearest' (rounds half to even; no gradient reaches the grid) or 'bicubic'
            (Keys' cubic convolution with A = -0.75, 4-D only).
        padding_mode: what lies outside the input: 'zeros', 'border' (the edge pixels repeat) or
            'reflection' (mirrored at the borders, as often as needed).
        align_corners: True puts -1 and 1 on the centres of the corner pixels, False on their outer
            edges; None warns, as PyTorch, and means False.

    Returns:
        (N, C, H_out, W_out) or (N, C, D_out, H_out, W_out).
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"grid_sample: expected mode 'bilinear', 'nearest' or 'bicubic', got {mode!r}")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"grid_sample: expected padding_mode 'zeros', 'border' or 'reflection', got {padding_mode!r}")
    align_corners = _align(align_corners)
    x, grid = as_tensor(input), as_tensor(grid)
    _check(x, grid, mode)
    n, c = x.shape[:2]
    sizes, out_sizes = x.shape[2:], grid.shape[1:-1]
    nd = len(sizes)
    # coords[d]: the pixel coordinate along spatial dim d (grid's last dim lists them in reverse order)
    coords = [_unnormalize(grid[..., nd - 1 - d], sizes[d], align_corners) for d in range(nd)]
    if mode == "bicubic":
        taps = [_cubic_taps(p, size, padding_mode, align_corners) for p, size in zip(coords, sizes)]
    else:
        coords = [_pad(p, size, padding_mode, align_corners) for p, size in zip(coords, sizes)]
        tap_fn = _nearest_taps if mode == "nearest" else _linear_taps
        taps = [tap_fn(p) for p in coords]
    xp = get_array_module(x._data)
    # the input channels-last with a zero border of 1: a tap clipped to [-1, size] reads 0 outside the input,
    # and one gather of rows reads the C values of every tap of every point
    bordered = math.prod(size + 2 for size in sizes)
    rows = reshape(pad(permute(x, (0,) + tuple(range(2, nd + 2)) + (1,)), (0, 0) + (1, 1) * nd), (n * bordered, c))
    index, weight = xp.arange(n).reshape((1,) * nd + (n,) + (1,) * nd), None
    for d, (dim_taps, size) in enumerate(zip(taps, sizes)):
        # dim d's taps lie along axis d of a (taps of dim 0, ..., taps of dim nd - 1, N, *out) block, so
        # broadcasting forms every corner: its row and its weight (the product over dims)
        shape = (1,) * d + (len(dim_taps),) + (1,) * (nd - 1 - d) + grid.shape[:-1]
        pos = xp.stack([p for p, _ in dim_taps]).reshape(shape)
        index = index * (size + 2) + (xp.clip(pos, -1, size) + 1)
        if mode != "nearest":
            w = reshape(stack([w for _, w in dim_taps]), shape)
            weight = w if weight is None else weight * w
    corners, points = math.prod(len(t) for t in taps), math.prod(out_sizes)
    values = reshape(GetItem(index.reshape(-1), True)(rows), (corners, n, points, c))  # a plain row take
    if mode != "nearest":
        return reshape(einsum("knpc,knp->ncp", values, reshape(weight, (corners, n, points))), (n, c) + out_sizes)
    out = permute(values[0], (0, 2, 1))
    if grid.requires_grad:  # no gradient reaches the grid, but it stays in the graph (a zero gradient), as PyTorch
        out = out + ZerosLike()(reshape(grid[..., 0], (n, 1, points)))
    return reshape(out, (n, c) + out_sizes)


def _check(x, grid, mode):
    if x.ndim not in (4, 5) or grid.ndim != x.ndim:
        raise ValueError(f"grid_sample: expected a 4-D input with a 4-D grid or a 5-D input with a 5-D grid, "
                         f"got input {x.shape} and grid {grid.shape}")
    if mode == "bicubic" and x.ndim == 5:
        raise ValueError(f"grid_sample: mode 'bicubic' supports only 4-D input, got {x.shape}")
    if grid.shape[0] != x.shape[0]:
        raise ValueError(f"grid_sample: grid and input need the same batch size, got input {x.shape} and grid "
                         f"{grid.shape}")
    if grid.shape[-1] != x.ndim - 2:
        raise ValueError(f"grid_sample: expected grid to have size {x.ndim - 2} in its last dim for input {x.shape}, "
                         f"got grid {grid.shape}")
    if 0 in x.shape[2:]:
        raise ValueError(f"grid_sample: expected non-empty spatial dims, got input {x.shape}")
    if x.dtype.kind != "f" or grid.dtype != x.dtype:
        raise TypeError(f"grid_sample: expected floating-point input and grid of one dtype, got input {x.dtype} "
                        f"and grid {grid.dtype}")


def _unnormalize(g, size, align_corners):
    """Grid values in [-1, 1] -> pixel coordinates in [0, size - 1] (corner centres) or [-0.5, size - 0.5]."""
    if align_corners:
        return (g + 1.0) * ((size - 1) / 2)
    return (g + 1.0) * (size / 2) - 0.5


def _pad(p, size, padding_mode, align_corners):
    """Coordinates moved inside the input for 'border' (clipped) and 'reflection' (mirrored, then clipped).

    As PyTorch, a coordinate on a border counts as outside: no gradient reaches it, as none reaches a
    clipped one."""
    if padding_mode == "zeros":
        return p
    if padding_mode == "reflection":
        p = _reflect(p, 0, 2 * (size - 1)) if align_corners else _reflect(p, -1, 2 * size - 1)
    xp = get_array_module(p._data)
    inside = (p._data > 0) & (p._data < size - 1)
    return where(inside, p, _new(xp.clip(p._data, 0, size - 1), False, None))


def _reflect(p, twice_low, twice_high):
    """Mirror ``p`` at low and high (given doubled) until it lies between them."""
    if twice_low == twice_high:
        return p * 0.0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    dist = abs_(p - low)
    xp = get_array_module(dist._data)
    flips = xp.floor(dist._data / span)
    extra = dist - _new(flips * span, False, None)
    half = flips * 0.5  # an even number of flips when whole (float % runs about 30x slower than floor)
    return where(xp.floor(half) == half, extra + low, (span + low) - extra)


def _floor(p):
    """The integer part (a constant int64 array) and the fraction (a Tensor of ``p``) of coordinates ``p``."""
    lo = get_array_module(p._data).floor(p._data)
    return lo.astype(np.int64), p - _new(lo, False, None)


def _nearest_taps(p):
    return [(get_array_module(p._data).rint(p._data).astype(np.int64), None)]


def _linear_taps(p):
    lo, t = _floor(p)
    return [(lo, 1.0 - t), (lo + 1, t)]


def _cubic_taps(p, size, padding_mode, align_corners):
    """Four taps around each coordinate, weighted by Keys' kernel (A = -0.75); each tap's integer
    position is padded on its own, as PyTorch."""
    lo, t = _floor(p)
    a = -0.75
    s = 1.0 - t
    weights = [((a * (t + 1.0) - 5 * a) * (t + 1.0) + 8 * a) * (t + 1.0) - 4 * a,
               ((a + 2) * t - (a + 3)) * t * t + 1.0,
               ((a + 2) * s - (a + 3)) * s * s + 1.0,
               ((a * (s + 1.0) - 5 * a) * (s + 1.0) + 8 * a) * (s + 1.0) - 4 * a]
    taps = []
    for k, w in zip((-1, 0, 1, 2), weights):
        pos = lo + k
        if padding_mode != "zeros":
            pos = _pad(_new(pos.astype(p.dtype), False, None), size, padding_mode, align_corners)._data
            pos = pos.astype(np.int64)
        taps.append((pos, w))
    return taps
