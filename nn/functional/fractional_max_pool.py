"""Fractional max pooling (Graham, 2014): max pooling over windows whose starts advance by a fractional,
pseudo-random stride, so the output can be any size between the input's and the input's minus the kernel's."""
import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops import getitem, reshape, squeeze, unsqueeze
from autograd_core.ops._util import array_on
from autograd_core.random import uniform_array
from autograd_core.tensor import _new

from ._windows import ntuple
from .pooling import _pool_input, _with_indices

__all__ = ["fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
           "fractional_max_pool3d_with_indices"]


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """Max over (kH, kW) windows of (N, C, H, W) or (C, H, W) input, placed at pseudo-random fractional
    strides so the output is ``output_size`` (or ``output_ratio`` times the input size, rounded down).

    Args:
        kernel_size: an int or (kH, kW).
        output_size: an int or (oH, oW); give it or ``output_ratio`` (floats in (0, 1)).
        return_indices: also return the int64 index of each maximum in its flattened input plane.
        _random_samples: (N, C, 2) uniform [0, 1) samples that place the windows (drawn when None), as PyTorch.
    """
    return _fractional_max_pool("fractional_max_pool2d", 2, input, kernel_size, output_size, output_ratio,
                                return_indices, _random_samples)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """``fractional_max_pool2d`` over (N, C, D, H, W) or (C, D, H, W) input; ``_random_samples`` is (N, C, 3)."""
    return _fractional_max_pool("fractional_max_pool3d", 3, input, kernel_size, output_size, output_ratio,
                                return_indices, _random_samples)


fractional_max_pool2d_with_indices = _with_indices(fractional_max_pool2d)
fractional_max_pool3d_with_indices = _with_indices(fractional_max_pool3d)


def _fractional_max_pool(op, dims, input, kernel_size, output_size, output_ratio, return_indices, samples):
    x = _pool_input(op, input, dims + 2)
    batched = x.ndim == dims + 2
    x = x if batched else unsqueeze(x, 0)
    n, c, spatial = x.shape[0], x.shape[1], x.shape[2:]
    kernel = ntuple(kernel_size, dims, "kernel_size", op)
    out = ntuple(_output_size(op, dims, spatial, output_size, output_ratio), dims, "output_size", op)
    room = 0 if dims == 2 else 1  # PyTorch's 3-D check is strict: a window start must be left to choose
    for d, (k, o, size) in enumerate(zip(kernel, out, spatial)):
        if o < 1 or k < 1 or o + k - 1 > size - room:
            raise ValueError(f"{op}: kernel_size {kernel} with output_size {out} does not fit the input {x.shape}: "
                             f"spatial dim {d} needs output + kernel - 1 <= {size - room}, both at least 1")
    xp = get_array_module(x._data)
    if samples is None:
        samples = uniform_array(xp, (n, c, dims), x.dtype)
    else:
        samples = array_on(samples, x)
        if samples.shape != (n, c, dims):
            raise ValueError(f"{op}: _random_samples must have shape {(n, c, dims)} for input {x.shape}, got "
                             f"{samples.shape}")
        samples = samples.astype(x.dtype, copy=False)
    # the flat index (in its plane) of every tap of every window: (N, C, outputs, taps)
    index = 0
    for d in range(dims):
        # PyTorch's sample order: (W, H) for 2-D pooling, (D, H, W) for 3-D
        starts = _window_starts(xp, samples[:, :, dims - 1 - d if dims == 2 else d], spatial[d], out[d], kernel[d])
        taps = starts[..., None] + xp.arange(kernel[d])  # (N, C, out[d], kernel[d])
        shape = [n, c] + [1] * (2 * dims)
        shape[2 + d], shape[2 + dims + d] = out[d], kernel[d]
        index = index * spatial[d] + taps.reshape(shape)
    index = index.reshape(n, c, int(np.prod(out)), int(np.prod(kernel)))
    planes = reshape(x, (n, c, -1))
    windows = xp.take_along_axis(planes._data[:, :, None, :], index, axis=3)
    best = xp.take_along_axis(index, windows.argmax(axis=3)[..., None], axis=3)[..., 0]  # the first maximum
    # gathered by one flat index into the flattened input, whose backward scatter takes NumPy's fast 1-D path
    flat = best + xp.arange(n * c).reshape(n, c, 1) * planes.shape[2]
    y = reshape(getitem(reshape(x, (-1,)), flat.reshape(-1)), (n, c) + out)
    indices = _new(best.reshape((n, c) + out), False, None)
    if not batched:
        y, indices = squeeze(y, 0), squeeze(indices, 0)
    return (y, indices) if return_indices else y


def _output_size(op, dims, spatial, output_size, output_ratio):
    if (output_size is None) == (output_ratio is None):
        raise ValueError(f"{op}: give exactly one of output_size and output_ratio")
    if output_size is not None:
        return output_size
    return tuple(int(size * r) for size, r in zip(spatial, ratio_tuple(op, dims, output_ratio)))


def ratio_tuple(op, dims, output_ratio):
    """``output_ratio`` as ``dims`` numbers in (0, 1), or a ValueError naming ``op``."""
    ratios = tuple(output_ratio) if isinstance(output_ratio, (tuple, list)) else (output_ratio,) * dims
    if len(ratios) != dims or not all(0 < r < 1 for r in ratios):
        raise ValueError(f"{op}: output_ratio must be between 0 and 1 (got {output_ratio!r}), one number or {dims}")
    return ratios


def _window_starts(xp, u, n_in, n_out, k):
    """PyTorch's window starts along one dim for samples ``u`` (N, C): int((i + u) * a) - int(u * a) with
    a = (n_in - k) / (n_out - 1) (in the samples' dtype) for i < n_out - 1, and n_in - k last."""
    last = xp.full(u.shape + (1,), n_in - k, dtype=np.int64)
    if n_out == 1:
        return last
    alpha = u.dtype.type(n_in - k) / u.dtype.type(n_out - 1)
    i = xp.arange(n_out - 1, dtype=u.dtype)
    u = u[..., None]
    starts = ((i + u) * alpha).astype(np.int64) - (u * alpha).astype(np.int64)
    return xp.concatenate([starts, last], axis=-1)
