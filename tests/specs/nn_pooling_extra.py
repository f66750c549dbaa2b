"""Op specs for 3-D max/avg pooling, pooling indices, adaptive avg (3-D) and max pooling, max unpooling,
LP pooling, unfold/fold, channel_shuffle and Softmax2d.

The references are loops over output positions written from PyTorch's definitions: a window starts at
o * stride - padding and reads every dilation-th element of the kernel; ceil_mode adds a last window
only if it starts inside the input or the left padding; adaptive bins are [floor(i*n/o), ceil((i+1)*n/o));
indices are flat positions in each (unpadded) input plane or volume. Max-pooling samples hold distinct
values (max pooling is not differentiable at ties).
"""
import itertools
import math

import numpy as np

import autograd_core.nn.functional as F
from autograd_core import nn

from .spec import OpSpec


def _distinct(*shapes, shift=0.0):
    """One sample whose float inputs hold distinct values in [-2, 2) (plus ``shift``)."""
    def make(rng):
        return [tuple(rng.permutation(math.prod(s)).reshape(s) / math.prod(s) * 4 - 2 + shift for s in shapes)]
    return make


def _out_size(n, k, s, p, d, ceil_mode):
    span = n + 2 * p - d * (k - 1) - 1
    o = (math.ceil(span / s) if ceil_mode else span // s) + 1
    return o - 1 if ceil_mode and (o - 1) * s >= n + p else o


def _windows(x, kernel, stride, padding, dilation, ceil_mode):
    """For every output position: (position, [(flat index, value) of the window's elements inside x],
    the window's start and end per dim)."""
    dims = len(kernel)
    sizes = x.shape[-dims:]
    out = [_out_size(*a, ceil_mode) for a in zip(sizes, kernel, stride, padding, dilation)]
    for pos in itertools.product(*map(range, out)):
        starts = [o * s - p for o, s, p in zip(pos, stride, padding)]
        coords = [[st + i * d for i in range(k)] for st, k, d in zip(starts, kernel, dilation)]
        inside = [c for c in itertools.product(*coords) if all(0 <= v < n for v, n in zip(c, sizes))]
        yield pos, [(np.ravel_multi_index(c, sizes), x[(Ellipsis,) + c]) for c in inside], starts, tuple(out)


def max_pool_ref(x, kernel, stride, padding, dilation, ceil_mode=False):
    """(values, indices): the first maximum of each window and its flat index."""
    y = idx = None
    for pos, elems, _, out in _windows(x, kernel, stride, padding, dilation, ceil_mode):
        if y is None:
            y, idx = np.zeros(x.shape[:-len(kernel)] + out), np.zeros(x.shape[:-len(kernel)] + out, np.int64)
        values = np.stack([v for _, v in elems])
        first = values.argmax(axis=0)
        y[(Ellipsis,) + pos] = values.max(axis=0)
        idx[(Ellipsis,) + pos] = np.array([f for f, _ in elems])[first]
    return y, idx


def avg_pool_ref(x, kernel, stride, padding, ceil_mode=False, count_include_pad=True, divisor_override=None):
    dims = len(kernel)
    y = None
    for pos, elems, starts, out in _windows(x, kernel, stride, padding, (1,) * dims, ceil_mode):
        if y is None:
            y = np.zeros(x.shape[:-dims] + out)
        if divisor_override:
            count = divisor_override
        elif count_include_pad:  # the window clipped to the padded input
            count = math.prod(min(st + k, n + p) - st for st, k, n, p in zip(starts, kernel, x.shape[-dims:], padding))
        else:
            count = len(elems)
        y[(Ellipsis,) + pos] = sum(v for _, v in elems) / count
    return y


def _bins(n, o):
    return [(i * n // o, -(-(i + 1) * n // o)) for i in range(o)]


def adaptive_ref(x, out, reduce):
    """reduce(values (taps, ...), flat indices) over each box of adaptive bins."""
    dims = len(out)
    sizes = x.shape[-dims:]
    results = {}
    for pos in itertools.product(*map(range, out)):
        box = [range(*_bins(n, o)[i]) for i, n, o in zip(pos, sizes, out)]
        coords = list(itertools.product(*box))
        values = np.stack([x[(Ellipsis,) + c] for c in coords])
        results[pos] = reduce(values, np.array([np.ravel_multi_index(c, sizes) for c in coords]))
    parts = list(zip(*results.values())) if isinstance(next(iter(results.values())), tuple) else [results.values()]
    arrays = [np.stack(list(p), axis=-1).reshape(x.shape[:-dims] + tuple(out)) for p in parts]
    return arrays if len(arrays) > 1 else arrays[0]


def adaptive_max_ref(x, out):
    return adaptive_ref(x, out, lambda v, flat: (v.max(axis=0), flat[v.argmax(axis=0)]))


def adaptive_avg_ref(x, out):
    return adaptive_ref(x, out, lambda v, flat: v.mean(axis=0))


def unpool_ref(x, idx, size):
    dims = len(size)
    lead = x.shape[:-dims]
    y = np.zeros(lead + (math.prod(size),))
    for pre in itertools.product(*map(range, lead)):
        y[pre][idx[pre].ravel()] = x[pre].ravel()
    return y.reshape(lead + tuple(size))


def _unpool_sample(x_shape, kernel):
    """Pooled values and valid indices (one distinct position inside each (kernel == stride) window)."""
    def make(rng):
        dims = len(kernel)
        sizes = tuple(n * k for n, k in zip(x_shape[-dims:], kernel))
        offsets = [rng.integers(0, k, x_shape) for k in kernel]
        coords = [np.arange(n).reshape((-1,) + (1,) * (dims - 1 - d)) * k + off
                  for d, (n, k, off) in enumerate(zip(x_shape[-dims:], kernel, offsets))]
        idx = np.ravel_multi_index(coords, sizes)
        return [(rng.uniform(-2, 2, x_shape), idx.astype(np.int64))]
    return make


def lp_pool_ref(x, p, kernel, stride, ceil_mode=False):
    """PyTorch's definition: (mean of x ** p over the window clipped to the input, times the kernel size) ** (1 / p)
    (the plain p-norm of the window when no ceil-mode window overhangs)."""
    dims = len(kernel)
    mean = avg_pool_ref(x ** p, kernel, stride, (0,) * dims, ceil_mode)
    return (mean * math.prod(kernel)) ** (1 / p)


def unfold_ref(x, kernel, dilation, padding, stride):
    n, c, h, w = x.shape
    xpad = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    oh, ow = [_out_size(*a, False) for a in zip((h, w), kernel, stride, padding, dilation)]
    cols = np.zeros((n, c, kernel[0], kernel[1], oh, ow))
    for i, j, p, q in itertools.product(range(kernel[0]), range(kernel[1]), range(oh), range(ow)):
        cols[:, :, i, j, p, q] = xpad[:, :, p * stride[0] + i * dilation[0], q * stride[1] + j * dilation[1]]
    return cols.reshape(n, c * kernel[0] * kernel[1], oh * ow)


def fold_ref(cols, size, kernel, dilation, padding, stride):
    n = cols.shape[0]
    oh, ow = [_out_size(*a, False) for a in zip(size, kernel, stride, padding, dilation)]
    cols = cols.reshape(n, -1, kernel[0], kernel[1], oh, ow)
    out = np.zeros((n, cols.shape[1], size[0] + 2 * padding[0], size[1] + 2 * padding[1]))
    for i, j, p, q in itertools.product(range(kernel[0]), range(kernel[1]), range(oh), range(ow)):
        out[:, :, p * stride[0] + i * dilation[0], q * stride[1] + j * dilation[1]] += cols[:, :, i, j, p, q]
    return out[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]


def channel_shuffle_ref(x, groups):
    y = np.empty_like(x)
    per = x.shape[1] // groups
    for g in range(groups):
        for i in range(per):
            y[:, i * groups + g] = x[:, g * per + i]
    return y


def softmax2d_ref(x):
    e = np.exp(x - x.max(axis=-3, keepdims=True))
    return e / e.sum(axis=-3, keepdims=True)


_NO_GRAD = "integer indices: not differentiable"

SPECS = [
    OpSpec("max_pool3d", lambda x: F.max_pool3d(x, 2), lambda x: max_pool_ref(x, (2,) * 3, (2,) * 3, (0,) * 3,
                                                                              (1,) * 3)[0],
           make=_distinct((2, 2, 4, 4, 6))),
    OpSpec("max_pool3d_pad_ceil_dilation", lambda x: F.max_pool3d(x, (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1),
                                                                  ceil_mode=True),
           lambda x: max_pool_ref(x, (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), ceil_mode=True)[0],
           make=_distinct((1, 2, 6, 5, 5))),
    OpSpec("max_pool3d_unbatched", lambda x: F.max_pool3d(x, 2, 1),
           lambda x: max_pool_ref(x, (2,) * 3, (1,) * 3, (0,) * 3, (1,) * 3)[0], make=_distinct((2, 3, 4, 3))),
    OpSpec("max_pool3d_indices", lambda x: F.max_pool3d(x, (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1),
                                                        ceil_mode=True, return_indices=True)[1],
           lambda x: max_pool_ref(x, (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), ceil_mode=True)[1],
           make=_distinct((1, 2, 6, 5, 5)), grad=False, note=_NO_GRAD),
    OpSpec("max_pool2d_with_indices", lambda x: F.max_pool2d_with_indices(x, 3, 2, 1, dilation=(1, 2))[1],
           lambda x: max_pool_ref(x, (3, 3), (2, 2), (1, 1), (1, 2))[1], make=_distinct((2, 2, 7, 8)),
           grad=False, note=_NO_GRAD),
    OpSpec("max_pool1d_with_indices", lambda x: F.max_pool1d_with_indices(x, 3, 2, 1, ceil_mode=True)[1],
           lambda x: max_pool_ref(x, (3,), (2,), (1,), (1,), ceil_mode=True)[1], make=_distinct((2, 3, 8)),
           grad=False, note=_NO_GRAD),
    OpSpec("max_pool3d_with_indices", lambda x: F.max_pool3d_with_indices(x, (3, 2, 2), (2, 1, 2), (1, 0, 1))[1],
           lambda x: max_pool_ref(x, (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 1, 1))[1], make=_distinct((1, 2, 6, 5, 5)),
           grad=False, note=_NO_GRAD),
    OpSpec("max_pool1d_indices", lambda x: F.max_pool1d(x, 3, 2, 1, ceil_mode=True, return_indices=True)[1],
           lambda x: max_pool_ref(x, (3,), (2,), (1,), (1,), ceil_mode=True)[1], make=_distinct((2, 3, 8)),
           grad=False, note=_NO_GRAD),
    OpSpec("avg_pool3d", lambda x: F.avg_pool3d(x, 2), lambda x: avg_pool_ref(x, (2,) * 3, (2,) * 3, (0,) * 3),
           shapes=[((2, 2, 4, 4, 6),)]),
    OpSpec("avg_pool3d_pad_ceil", lambda x: F.avg_pool3d(x, (3, 2, 3), 2, 1, ceil_mode=True),
           lambda x: avg_pool_ref(x, (3, 2, 3), (2,) * 3, (1,) * 3, ceil_mode=True), shapes=[((1, 2, 6, 5, 4),)]),
    OpSpec("avg_pool3d_exclude_pad", lambda x: F.avg_pool3d(x, (3, 2, 3), 2, 1, ceil_mode=True,
                                                            count_include_pad=False),
           lambda x: avg_pool_ref(x, (3, 2, 3), (2,) * 3, (1,) * 3, True, False), shapes=[((1, 2, 6, 5, 4),)]),
    OpSpec("avg_pool3d_divisor_unbatched", lambda x: F.avg_pool3d(x, 2, 1, divisor_override=3),
           lambda x: avg_pool_ref(x, (2,) * 3, (1,) * 3, (0,) * 3, divisor_override=3), shapes=[((2, 3, 4, 3),)]),
    OpSpec("adaptive_avg_pool3d", lambda x: F.adaptive_avg_pool3d(x, (3, 2, 4)),
           lambda x: adaptive_avg_ref(x, (3, 2, 4)), shapes=[((2, 2, 7, 5, 6),)]),
    OpSpec("adaptive_avg_pool3d_divisible", lambda x: F.adaptive_avg_pool3d(x, (2, None, 3)),
           lambda x: adaptive_avg_ref(x, (2, 3, 3)), shapes=[((2, 4, 3, 6),)]),
    OpSpec("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 4), lambda x: adaptive_max_ref(x, (4,))[0],
           make=_distinct((2, 3, 11))),
    OpSpec("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (4, 3)),
           lambda x: adaptive_max_ref(x, (4, 3))[0], make=_distinct((2, 2, 9, 7))),
    OpSpec("adaptive_max_pool2d_upsampling", lambda x: F.adaptive_max_pool2d(x, (5, None)),
           lambda x: adaptive_max_ref(x, (5, 3))[0], make=_distinct((2, 3, 3))),
    OpSpec("adaptive_max_pool3d", lambda x: F.adaptive_max_pool3d(x, (3, 2, 4)),
           lambda x: adaptive_max_ref(x, (3, 2, 4))[0], make=_distinct((1, 2, 7, 5, 6))),
    OpSpec("adaptive_max_pool3d_indices", lambda x: F.adaptive_max_pool3d(x, (3, 2, 4), return_indices=True)[1],
           lambda x: adaptive_max_ref(x, (3, 2, 4))[1], make=_distinct((1, 2, 7, 5, 6)), grad=False, note=_NO_GRAD),
    OpSpec("adaptive_max_pool1d_with_indices", lambda x: F.adaptive_max_pool1d_with_indices(x, 4)[1],
           lambda x: adaptive_max_ref(x, (4,))[1], make=_distinct((2, 3, 11)), grad=False, note=_NO_GRAD),
    OpSpec("adaptive_max_pool2d_with_indices", lambda x: F.adaptive_max_pool2d_with_indices(x, (4, 3))[1],
           lambda x: adaptive_max_ref(x, (4, 3))[1], make=_distinct((2, 2, 9, 7)), grad=False, note=_NO_GRAD),
    OpSpec("adaptive_max_pool3d_with_indices", lambda x: F.adaptive_max_pool3d_with_indices(x, (3, 2, 4))[1],
           lambda x: adaptive_max_ref(x, (3, 2, 4))[1], make=_distinct((1, 2, 7, 5, 6)), grad=False, note=_NO_GRAD),
    OpSpec("max_unpool1d", lambda x, i: F.max_unpool1d(x, i, 3), lambda x, i: unpool_ref(x, i, (15,)),
           make=_unpool_sample((2, 3, 5), (3,))),
    OpSpec("max_unpool2d", lambda x, i: F.max_unpool2d(x, i, 2), lambda x, i: unpool_ref(x, i, (6, 4)),
           make=_unpool_sample((2, 2, 3, 2), (2, 2))),
    OpSpec("max_unpool2d_output_size", lambda x, i: F.max_unpool2d(x, i, 2, output_size=(7, 5)),
           lambda x, i: unpool_ref(x, i, (7, 5)), make=_unpool_sample((2, 3, 2), (2, 2))),
    OpSpec("max_unpool3d", lambda x, i: F.max_unpool3d(x, i, (2, 1, 2)), lambda x, i: unpool_ref(x, i, (4, 3, 4)),
           make=_unpool_sample((1, 2, 2, 3, 2), (2, 1, 2))),
    OpSpec("lp_pool1d", lambda x: F.lp_pool1d(x, 2, 3, 2), lambda x: lp_pool_ref(x, 2, (3,), (2,)),
           shapes=[((2, 3, 9),)], low=0.5, high=2.0),
    OpSpec("lp_pool2d_ceil", lambda x: F.lp_pool2d(x, 3, (3, 2), (2, 1), ceil_mode=True),
           lambda x: lp_pool_ref(x, 3, (3, 2), (2, 1), ceil_mode=True), shapes=[((2, 2, 6, 5),)], low=0.5, high=2.0),
    OpSpec("lp_pool3d", lambda x: F.lp_pool3d(x, 1.5, 2), lambda x: lp_pool_ref(x, 1.5, (2,) * 3, (2,) * 3),
           shapes=[((1, 2, 4, 4, 6),)], low=0.5, high=2.0),
    OpSpec("lp_pool2d_inf", lambda x: F.lp_pool2d(x, float("inf"), 2),
           lambda x: max_pool_ref(np.abs(x), (2, 2), (2, 2), (0, 0), (1, 1))[0], make=_distinct((2, 2, 4, 6),
                                                                                                  shift=0.01)),
    OpSpec("unfold", lambda x: F.unfold(x, (3, 2), dilation=(1, 2), padding=1, stride=(2, 1)),
           lambda x: unfold_ref(x, (3, 2), (1, 2), (1, 1), (2, 1)), shapes=[((2, 3, 6, 5),)]),
    OpSpec("unfold_unbatched", lambda x: F.unfold(x, 2), lambda x: unfold_ref(x[None], (2, 2), (1, 1), (0, 0),
                                                                                 (1, 1))[0],
           shapes=[((2, 4, 3),)]),
    OpSpec("fold", lambda x: F.fold(x, (6, 5), (3, 2), dilation=(1, 2), padding=1, stride=(2, 1)),
           lambda x: fold_ref(x, (6, 5), (3, 2), (1, 2), (1, 1), (2, 1)), shapes=[((2, 18, 15),)]),
    OpSpec("fold_unbatched", lambda x: F.fold(x, 4, 2, stride=2), lambda x: fold_ref(x[None], (4, 4), (2, 2), (1, 1),
                                                                                     (0, 0), (2, 2))[0],
           shapes=[((8, 4),)]),
    OpSpec("channel_shuffle", lambda x: F.channel_shuffle(x, 3), lambda x: channel_shuffle_ref(x, 3),
           shapes=[((2, 6, 2, 3),)]),
    OpSpec("softmax2d", lambda x: nn.Softmax2d()(x), softmax2d_ref, shapes=[((2, 4, 3, 2),), ((4, 3, 2),)]),
]
