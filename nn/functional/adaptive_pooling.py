"""Adaptive pooling: ``adaptive_avg_pool1d/2d/3d`` and ``adaptive_max_pool1d/2d/3d`` (and
``adaptive_max_pool*d_with_indices``), to a fixed output size over PyTorch's bins
[floor(i * n / o), ceil((i + 1) * n / o)) in each spatial dim.

Average pooling is a global mean for output size 1, average pooling when the bins are equal, and
otherwise the per-axis averaging matrix that ``interpolate(mode='area')`` applies. Max pooling finds
each bin's argmax and gathers it with the engine's gather, differentiable to any order.
"""
import itertools
import math
import operator

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops.reductions import gather, mean
from autograd_core.ops.shape import reshape
from autograd_core.tensor import Tensor

from .pooling import _avg_pool, _pool_input, _with_indices
from .resize import _adaptive_bins, _adaptive_matrix, _along

__all__ = ["adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
           "adaptive_max_pool2d", "adaptive_max_pool3d", "adaptive_max_pool1d_with_indices",
           "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices"]


def _adaptive_sizes(op, x, dims, output_size):
    """``output_size`` (an int, or ``dims`` of ints and Nones, None keeping that dim) -> a tuple of ints."""
    sizes = tuple(output_size) if isinstance(output_size, (tuple, list)) else (output_size,) * dims
    if len(sizes) != dims:
        raise ValueError(f"{op}: output_size must be an int or {dims} ints (None keeps a dim), got {output_size!r}")
    in_sizes = x.shape[-dims:]
    out = tuple(n if o is None else operator.index(o) for n, o in zip(in_sizes, sizes))
    if min(out) < 0:
        raise ValueError(f"{op}: output_size must be non-negative, got {output_size!r}")
    if 0 in in_sizes:
        raise ValueError(f"{op}: input of shape {x.shape} has an empty spatial dim")
    return out


def _adaptive_avg_pool(op, dims, input, output_size):
    x = _pool_input(op, input, dims + 2)
    in_sizes, out = x.shape[-dims:], _adaptive_sizes(op, x, dims, output_size)
    if all(o == 1 for o in out):
        return mean(x, dim=tuple(range(-dims, 0)), keepdim=True)
    if all(o and n % o == 0 for n, o in zip(in_sizes, out)):  # equal bins: average pooling
        return _avg_pool(op, dims, x, tuple(n // o for n, o in zip(in_sizes, out)), None, 0, False, True, None)
    for axis, (n, o) in enumerate(zip(in_sizes, out), x.ndim - dims):
        if n != o:
            x = _along(x, axis, _adaptive_matrix(n, o))
    return x


def adaptive_avg_pool1d(input, output_size):
    """Adaptive average pooling over (N, C, L) or (C, L)."""
    return _adaptive_avg_pool("adaptive_avg_pool1d", 1, input, output_size)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (an int, a pair, or None to keep that dimension),
    with PyTorch's bins [floor(i*n/o), ceil((i+1)*n/o)); ``output_size=1`` is global average pooling."""
    return _adaptive_avg_pool("adaptive_avg_pool2d", 2, input, output_size)


def adaptive_avg_pool3d(input, output_size):
    """Adaptive average pooling over (N, C, D, H, W) or (C, D, H, W); ``output_size`` an int or a triple."""
    return _adaptive_avg_pool("adaptive_avg_pool3d", 3, input, output_size)


def _adaptive_argmax(a, out):
    """Flat index (into each input plane or volume) of the maximum of each adaptive bin: the first maximum,
    or the last NaN, as PyTorch's kernel. Loops over the offsets into a bin; the bins of a dim differ in
    width by at most one, and a narrower bin repeats its last element (which moves no index)."""
    xp = get_array_module(a)
    dims = len(out)
    in_sizes = a.shape[-dims:]
    columns = []  # per dim, per offset into a bin: each output's input position times the dim's flat stride
    for d, (n, o) in enumerate(zip(in_sizes, out)):
        start, end = _adaptive_bins(n, o)
        width = int((end - start).max()) if o else 1
        pos = np.minimum(start[:, None] + np.arange(width), end[:, None] - 1) * math.prod(in_sizes[d + 1:])
        columns.append([pos[:, k].reshape((-1,) + (1,) * (dims - 1 - d)) for k in range(width)])
    flat = a.reshape(a.shape[:-dims] + (math.prod(in_sizes),))
    best = None
    for parts in itertools.product(*columns):
        p = xp.asarray(sum(parts))
        v = flat[..., p]
        if best is None:
            best, idx = v, p + xp.zeros(v.shape, np.int64)
            continue
        moved = (v > best) | xp.isnan(v)
        best, idx = xp.where(moved, v, best), xp.where(moved, p, idx)
    return idx


def _adaptive_max_pool(op, dims, input, output_size, return_indices):
    x = _pool_input(op, input, dims + 2)
    out = _adaptive_sizes(op, x, dims, output_size)
    lead = x.shape[:-dims]
    idx = _adaptive_argmax(x._data, out)
    flat = reshape(x, lead + (math.prod(x.shape[-dims:]),))
    y = reshape(gather(flat, -1, idx.reshape(lead + (math.prod(out),))), lead + out)
    return (y, Tensor(idx)) if return_indices else y


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Adaptive max pooling over (N, C, L) or (C, L); see ``adaptive_max_pool2d``."""
    return _adaptive_max_pool("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a fixed output size (an int, a pair, or None to keep that dimension) over PyTorch's
    bins [floor(i*n/o), ceil((i+1)*n/o)); ``return_indices`` as ``max_pool2d`` (a NaN in a bin is its maximum)."""
    return _adaptive_max_pool("adaptive_max_pool2d", 2, input, output_size, return_indices)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Adaptive max pooling over (N, C, D, H, W) or (C, D, H, W); see ``adaptive_max_pool2d``."""
    return _adaptive_max_pool("adaptive_max_pool3d", 3, input, output_size, return_indices)


adaptive_max_pool1d_with_indices = _with_indices(adaptive_max_pool1d)
adaptive_max_pool2d_with_indices = _with_indices(adaptive_max_pool2d)
adaptive_max_pool3d_with_indices = _with_indices(adaptive_max_pool3d)
