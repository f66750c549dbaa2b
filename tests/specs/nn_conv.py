"""Op specs for convolution, pooling and resampling (autograd_core.nn.functional conv/pooling).

The references are direct loops over output pixels, written from the definitions
(PyTorch's documented formulas), independent of the im2col code under test.
"""
import math

import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec


def _pads(padding, kernel, dilation):
    """(top, bottom, left, right) as PyTorch pads; 'same' puts the odd pixel at the end."""
    if padding == "same":
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        return totals[0] // 2, totals[0] - totals[0] // 2, totals[1] // 2, totals[1] - totals[1] // 2
    if padding == "valid":
        return 0, 0, 0, 0
    ph, pw = padding if isinstance(padding, tuple) else (padding, padding)
    return ph, ph, pw, pw


def conv2d_ref(x, w, b=None, stride=(1, 1), padding=0, dilation=(1, 1), groups=1):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    t, bo, le, r = _pads(padding, (kh, kw), dilation)
    xp = np.zeros((n, c, h + t + bo, wd + le + r))
    xp[:, :, t:t + h, le:le + wd] = x
    oh = (h + t + bo - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + le + r - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    og = o // groups
    y = np.zeros((n, o, oh, ow))
    for i in range(n):
        for oc in range(o):
            g = oc // og
            for p in range(oh):
                for q in range(ow):
                    acc = 0.0
                    for ci in range(cg):
                        for u in range(kh):
                            for v in range(kw):
                                r, c = p * stride[0] + u * dilation[0], q * stride[1] + v * dilation[1]
                                acc += w[oc, ci, u, v] * xp[i, g * cg + ci, r, c]
                    y[i, oc, p, q] = acc + (b[oc] if b is not None else 0.0)
    return y


def conv_transpose2d_ref(x, w, b=None, stride=(1, 1), padding=(0, 0), output_padding=(0, 0), groups=1,
                         dilation=(1, 1)):
    """Scatter form: each input pixel adds weight * value to the output window it maps to."""
    n, cin, h, wd = x.shape
    _, cog, kh, kw = w.shape
    oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + output_padding[0] + 1
    ow = (wd - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + output_padding[1] + 1
    full = np.zeros((n, cog * groups, oh + 2 * padding[0] + kh * dilation[0], ow + 2 * padding[1] + kw * dilation[1]))
    cig = cin // groups
    for i in range(n):
        for ci in range(cin):
            g = ci // cig
            for p in range(h):
                for q in range(wd):
                    for co in range(cog):
                        for u in range(kh):
                            for v in range(kw):
                                full[i, g * cog + co, p * stride[0] + u * dilation[0],
                                     q * stride[1] + v * dilation[1]] += x[i, ci, p, q] * w[ci, co, u, v]
    y = full[:, :, padding[0]:padding[0] + oh, padding[1]:padding[1] + ow]
    return y + (b.reshape(1, -1, 1, 1) if b is not None else 0.0)


def _pool_ref(x, kernel, stride, padding, ceil_mode, reduce, dilation=(1, 1)):
    """Windows as PyTorch's pooling defines them; reduce(values, window_start, window_end) per window."""
    n, c, h, wd = x.shape
    sizes = []
    for size, k, s, p, d in zip((h, wd), kernel, stride, padding, dilation):
        span = size + 2 * p - d * (k - 1) - 1
        o = (math.ceil(span / s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= size + p:
            o -= 1
        sizes.append(o)
    y = np.zeros((n, c, sizes[0], sizes[1]))
    for i in range(n):
        for ch in range(c):
            for p in range(sizes[0]):
                for q in range(sizes[1]):
                    h0, w0 = p * stride[0] - padding[0], q * stride[1] - padding[1]
                    rows = [h0 + u * dilation[0] for u in range(kernel[0])]
                    cols = [w0 + v * dilation[1] for v in range(kernel[1])]
                    vals = [x[i, ch, r, s] for r in rows for s in cols if 0 <= r < h and 0 <= s < wd]
                    y[i, ch, p, q] = reduce(vals, (h0, w0), (h0 + kernel[0], w0 + kernel[1]), (h, wd))
    return y


def max_pool2d_ref(x, kernel, stride, padding=(0, 0), ceil_mode=False, dilation=(1, 1)):
    return _pool_ref(x, kernel, stride, padding, ceil_mode, lambda v, *_: max(v), dilation)


def avg_pool2d_ref(x, kernel, stride, padding=(0, 0), ceil_mode=False, count_include_pad=True):
    def average(vals, start, end, size):
        if count_include_pad:  # the window clipped to the padded input
            count = np.prod([min(e, n + p) - s for s, e, n, p in zip(start, end, size, padding)])
        else:
            count = len(vals)
        return sum(vals) / count
    return _pool_ref(x, kernel, stride, padding, ceil_mode, average)


def adaptive_avg_pool2d_ref(x, out):
    n, c, h, w = x.shape
    y = np.zeros((n, c) + out)
    for p in range(out[0]):
        h0, h1 = (p * h) // out[0], math.ceil((p + 1) * h / out[0])
        for q in range(out[1]):
            w0, w1 = (q * w) // out[1], math.ceil((q + 1) * w / out[1])
            y[:, :, p, q] = x[:, :, h0:h1, w0:w1].mean(axis=(2, 3))
    return y


def nearest_ref(x, out):
    n, c, h, w = x.shape
    y = np.zeros((n, c) + out)
    for p in range(out[0]):
        for q in range(out[1]):
            y[:, :, p, q] = x[:, :, min(int(p * h / out[0]), h - 1), min(int(q * w / out[1]), w - 1)]
    return y


def bilinear_ref(x, out, align_corners):
    n, c, h, w = x.shape

    def source(dst, n_in, n_out):
        if align_corners:
            return dst * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        return max((dst + 0.5) * n_in / n_out - 0.5, 0.0)

    y = np.zeros((n, c) + out)
    for p in range(out[0]):
        sh = source(p, h, out[0])
        h0 = min(int(sh), h - 1)
        h1, lh = min(h0 + 1, h - 1), sh - h0
        for q in range(out[1]):
            sw = source(q, w, out[1])
            w0 = min(int(sw), w - 1)
            w1, lw = min(w0 + 1, w - 1), sw - w0
            y[:, :, p, q] = ((1 - lh) * ((1 - lw) * x[:, :, h0, w0] + lw * x[:, :, h0, w1])
                             + lh * ((1 - lw) * x[:, :, h1, w0] + lw * x[:, :, h1, w1]))
    return y


def _distinct(*shapes):
    """One sample of inputs without ties (max pooling is not differentiable at ties)."""
    def make(rng):
        out = []
        for shape in shapes:
            size = int(np.prod(shape))
            out.append(rng.permutation(size).reshape(shape) / size * 4 - 2)
        return [tuple(out)]
    return make


SPECS = [
    OpSpec("conv2d", lambda x, w, b: F.conv2d(x, w, b), conv2d_ref, shapes=[((2, 3, 5, 6), (4, 3, 3, 3), (4,))]),
    OpSpec("conv2d_stride_pad", lambda x, w: F.conv2d(x, w, stride=2, padding=1),
           lambda x, w: conv2d_ref(x, w, stride=(2, 2), padding=1), shapes=[((2, 2, 6, 5), (3, 2, 3, 2))]),
    OpSpec("conv2d_asymmetric", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(0, 2)),
           lambda x, w, b: conv2d_ref(x, w, b, stride=(2, 1), padding=(0, 2)),
           shapes=[((1, 2, 7, 4), (2, 2, 3, 3), (2,))]),
    OpSpec("conv2d_same_dilated", lambda x, w: F.conv2d(x, w, padding="same", dilation=2),
           lambda x, w: conv2d_ref(x, w, padding="same", dilation=(2, 2)), shapes=[((1, 2, 6, 6), (3, 2, 2, 3))]),
    OpSpec("conv2d_valid", lambda x, w: F.conv2d(x, w, padding="valid", dilation=(1, 2)),
           lambda x, w: conv2d_ref(x, w, dilation=(1, 2)), shapes=[((2, 2, 5, 7), (2, 2, 2, 2))]),
    OpSpec("conv2d_groups", lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=2),
           lambda x, w, b: conv2d_ref(x, w, b, padding=1, groups=2), shapes=[((2, 4, 4, 5), (6, 2, 3, 3), (6,))]),
    OpSpec("conv2d_depthwise", lambda x, w: F.conv2d(x, w, stride=2, padding=1, groups=3),
           lambda x, w: conv2d_ref(x, w, stride=(2, 2), padding=1, groups=3), shapes=[((2, 3, 5, 5), (6, 1, 3, 3))]),
    # taps that read only padding: 8 of 9 on a 1x1 map, 5 of 9 for 2x2 -> 1x1, and every tap when the
    # stride steps over the whole input (the output is the bias alone)
    OpSpec("conv2d_dead_taps_1x1", lambda x, w, b: F.conv2d(x, w, b, padding=1),
           lambda x, w, b: conv2d_ref(x, w, b, padding=1), shapes=[((3, 4, 1, 1), (5, 4, 3, 3), (5,))]),
    OpSpec("conv2d_dead_taps_groups", lambda x, w: F.conv2d(x, w, stride=2, padding=1, groups=2),
           lambda x, w: conv2d_ref(x, w, stride=(2, 2), padding=1, groups=2), shapes=[((2, 4, 2, 2), (6, 2, 3, 3))]),
    OpSpec("conv2d_all_taps_dead", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
           lambda x, w, b: conv2d_ref(x, w, b, stride=(2, 2), padding=1), shapes=[((2, 3, 1, 1), (2, 3, 1, 1), (2,))]),
    OpSpec("conv_transpose2d_dead_taps", lambda x, w: F.conv_transpose2d(x, w, padding=1),
           lambda x, w: conv_transpose2d_ref(x, w, padding=(1, 1)), shapes=[((2, 3, 1, 1), (3, 2, 3, 3))]),
    OpSpec("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2),
           lambda x, w, b: conv2d_ref(x[:, :, None], w[:, :, None], b, stride=(1, 2), padding=(0, 1),
                                      dilation=(1, 2))[:, :, 0],
           shapes=[((2, 3, 9), (4, 3, 3), (4,))]),
    OpSpec("conv1d_same", lambda x, w: F.conv1d(x, w, padding="same"),
           lambda x, w: conv2d_ref(x[:, :, None], w[:, :, None], padding="same")[:, :, 0],
           shapes=[((2, 2, 7), (3, 2, 4))]),
    OpSpec("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b),
           conv_transpose2d_ref, shapes=[((2, 3, 3, 4), (3, 2, 3, 3), (2,))]),
    OpSpec("conv_transpose2d_stride_pad", lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1),
           lambda x, w: conv_transpose2d_ref(x, w, stride=(2, 2), padding=(1, 1), output_padding=(1, 1)),
           shapes=[((1, 2, 3, 3), (2, 3, 3, 3))]),
    OpSpec("conv_transpose2d_groups_dilation",
           lambda x, w: F.conv_transpose2d(x, w, stride=(2, 3), padding=(0, 1), output_padding=(1, 2), groups=2,
                                           dilation=2),
           lambda x, w: conv_transpose2d_ref(x, w, stride=(2, 3), padding=(0, 1), output_padding=(1, 2), groups=2,
                                             dilation=(2, 2)),
           shapes=[((1, 4, 3, 2), (4, 1, 2, 2))]),
    OpSpec("max_pool2d", lambda x: F.max_pool2d(x, 2), lambda x: max_pool2d_ref(x, (2, 2), (2, 2)),
           make=_distinct((2, 3, 4, 6))),
    OpSpec("max_pool2d_overlap_pad_ceil", lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
           lambda x: max_pool2d_ref(x, (3, 3), (2, 2), (1, 1), ceil_mode=True), make=_distinct((2, 2, 6, 7))),
    OpSpec("max_pool2d_dilation", lambda x: F.max_pool2d(x, (2, 3), (1, 2), dilation=(2, 1)),
           lambda x: max_pool2d_ref(x, (2, 3), (1, 2), dilation=(2, 1)), make=_distinct((1, 2, 5, 7))),
    OpSpec("max_pool1d", lambda x: F.max_pool1d(x, 3, 2, 1),
           lambda x: max_pool2d_ref(x[:, :, None], (1, 3), (1, 2), (0, 1))[:, :, 0], make=_distinct((2, 3, 8))),
    OpSpec("avg_pool2d", lambda x: F.avg_pool2d(x, 2), lambda x: avg_pool2d_ref(x, (2, 2), (2, 2)),
           shapes=[((2, 3, 4, 6),)]),
    OpSpec("avg_pool2d_pad_ceil", lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True),
           lambda x: avg_pool2d_ref(x, (3, 3), (2, 2), (1, 1), ceil_mode=True), shapes=[((1, 2, 6, 7),)]),
    OpSpec("avg_pool2d_exclude_pad", lambda x: F.avg_pool2d(x, (3, 2), 1, (1, 1), count_include_pad=False),
           lambda x: avg_pool2d_ref(x, (3, 2), (1, 1), (1, 1), count_include_pad=False), shapes=[((1, 2, 4, 5),)]),
    OpSpec("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2, 1),
           lambda x: avg_pool2d_ref(x[:, :, None], (1, 3), (1, 2), (0, 1))[:, :, 0], shapes=[((2, 3, 8),)]),
    OpSpec("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 2)),
           lambda x: adaptive_avg_pool2d_ref(x, (3, 2)), shapes=[((2, 2, 7, 5),), ((1, 2, 6, 4),)]),
    OpSpec("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x, 1),
           lambda x: adaptive_avg_pool2d_ref(x, (1, 1)), shapes=[((2, 3, 4, 5),)]),
    OpSpec("interpolate_nearest", lambda x: F.interpolate(x, size=(5, 3)), lambda x: nearest_ref(x, (5, 3)),
           shapes=[((2, 2, 3, 4),)]),
    OpSpec("interpolate_nearest_scale", lambda x: F.interpolate(x, scale_factor=2),
           lambda x: nearest_ref(x, (6, 8)), shapes=[((1, 2, 3, 4),)]),
    OpSpec("interpolate_bilinear", lambda x: F.interpolate(x, size=(5, 7), mode="bilinear"),
           lambda x: bilinear_ref(x, (5, 7), False), shapes=[((2, 2, 3, 4),)]),
    OpSpec("interpolate_bilinear_align_corners",
           lambda x: F.interpolate(x, size=(5, 3), mode="bilinear", align_corners=True),
           lambda x: bilinear_ref(x, (5, 3), True), shapes=[((1, 2, 3, 4),)]),
    OpSpec("conv_transpose1d", lambda x, w: F.conv_transpose1d(x, w, stride=2, padding=1),
           lambda x, w: conv_transpose2d_ref(x[:, :, None], w[:, :, None], stride=(1, 2), padding=(0, 1))[:, :, 0],
           shapes=[((2, 3, 5), (3, 2, 3))]),
    OpSpec("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 3),
           lambda x: adaptive_avg_pool2d_ref(x[:, :, None], (1, 3))[:, :, 0], shapes=[((2, 2, 7),)]),
    OpSpec("upsample", lambda x: F.upsample(x, scale_factor=2), lambda x: nearest_ref(x, (6, 8)),
           shapes=[((1, 2, 3, 4),)]),
    OpSpec("interpolate_linear", lambda x: F.interpolate(x, size=7, mode="linear"),
           lambda x: bilinear_ref(x[:, :, None], (1, 7), False)[:, :, 0], shapes=[((2, 2, 4),)]),
    OpSpec("interpolate_linear_align_corners", lambda x: F.interpolate(x, size=3, mode="linear", align_corners=True),
           lambda x: bilinear_ref(x[:, :, None], (1, 3), True)[:, :, 0], shapes=[((1, 2, 5),)]),
    OpSpec("interpolate_nearest_1d", lambda x: F.interpolate(x, size=7),
           lambda x: nearest_ref(x[:, :, None], (1, 7))[:, :, 0], shapes=[((2, 2, 4),)]),
]
