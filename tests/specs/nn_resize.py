"""Op specs for interpolate's 'area' and 'nearest-exact' modes and antialiased 'bilinear' / 'bicubic' /
'lanczos' (and nn.Upsample in 'area').

The references are loops over output pixels written from PyTorch's definitions: 'area' is adaptive
average pooling (the mean over the box of bins [floor(i*n/o), ceil((i+1)*n/o)) in every spatial dim);
'nearest-exact' takes input min(floor((i + 0.5) * n/o), n - 1);
antialiased resampling weighs input j for output i by filter((j + 0.5 - centre) / widen) over
PyTorch's window [trunc(centre - support + 0.5), trunc(centre + support + 0.5)) clipped to the input,
then divides by the weights' sum (UpSampleKernel.cpp's _compute_weights_aa).
"""
import itertools

import numpy as np

import autograd_core.nn.functional as F
from autograd_core import nn

from .spec import OpSpec


def area_ref(x, size):
    """y[..., p] = mean of x over the box of p's adaptive bins."""
    y = np.zeros(x.shape[:2] + tuple(size))
    for p in itertools.product(*map(range, size)):
        box = tuple(slice(i * n // o, -(-(i + 1) * n // o)) for i, n, o in zip(p, x.shape[2:], size))
        y[(Ellipsis,) + p] = x[(Ellipsis,) + box].mean(axis=tuple(range(2, x.ndim)))
    return y


def nearest_exact_ref(x, size):
    y = np.zeros(x.shape[:2] + tuple(size))
    for p in itertools.product(*map(range, size)):
        src = tuple(min(int((i + 0.5) * n / o), n - 1) for i, n, o in zip(p, x.shape[2:], size))
        y[(Ellipsis,) + p] = x[(Ellipsis,) + src]
    return y


_SUPPORT = {"bilinear": 1.0, "bicubic": 2.0, "lanczos": 3.0}


def _filter(mode, s):
    s = abs(s)
    if mode == "bilinear":
        return max(1.0 - s, 0.0)
    if mode == "lanczos":  # Lanczos-3: sinc(s) sinc(s / 3)
        return 1.0 if s == 0 else (3 * np.sin(np.pi * s) * np.sin(np.pi * s / 3) / (np.pi * s) ** 2 if s < 3 else 0.0)
    a = -0.5  # Pillow's and PyTorch's antialiased bicubic (the plain bicubic mode uses -0.75)
    if s <= 1:
        return (a + 2) * s ** 3 - (a + 3) * s ** 2 + 1
    return a * s ** 3 - 5 * a * s ** 2 + 8 * a * s - 4 * a if s < 2 else 0.0


def _aa_weights(n_in, n_out, mode, align_corners, scale=None):
    """(n_out, n_in): row i holds output i's normalised filter weights."""
    if align_corners:
        step = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        step = n_in / n_out if scale is None else 1 / scale
    widen = max(step, 1.0)
    support = _SUPPORT[mode] * widen
    w = np.zeros((n_out, n_in))
    for i in range(n_out):
        centre = step * (i + 0.5)
        for j in range(max(int(centre - support + 0.5), 0), min(int(centre + support + 0.5), n_in)):
            w[i, j] = _filter(mode, (j + 0.5 - centre) / widen)
        w[i] /= w[i].sum()
    return w


def antialias_ref(x, size, mode, align_corners=False, scales=(None, None)):
    """Separable: rows then columns, a dim that keeps its size copied."""
    (h, w), (oh, ow) = x.shape[2:], size
    rows = _aa_weights(h, oh, mode, align_corners, scales[0]) if oh != h else np.eye(h)
    cols = _aa_weights(w, ow, mode, align_corners, scales[1]) if ow != w else np.eye(w)
    return np.einsum("oh,nchw,pw->ncop", rows, x, cols)


def _antialias(name, size, mode, shape, align_corners=False):
    return OpSpec(f"interpolate_{name}", lambda x: F.interpolate(x, size=size, mode=mode, antialias=True,
                                                                align_corners=align_corners),
                  lambda x: antialias_ref(x, size, mode, align_corners), shapes=[(shape,)])


SPECS = [
    OpSpec("interpolate_area", lambda x: F.interpolate(x, size=(3, 2), mode="area"),
           lambda x: area_ref(x, (3, 2)), shapes=[((2, 2, 7, 5),), ((1, 1, 2, 3),)]),
    OpSpec("interpolate_area_1d_scale", lambda x: F.interpolate(x, scale_factor=0.6, mode="area"),
           lambda x: area_ref(x, (4,)), shapes=[((2, 3, 7),)]),
    OpSpec("interpolate_area_3d", lambda x: F.interpolate(x, size=(2, 3, 1), mode="area"),
           lambda x: area_ref(x, (2, 3, 1)), shapes=[((1, 2, 3, 4, 3),)]),
    OpSpec("nn.Upsample_area", lambda x: nn.Upsample(size=(2, 3), mode="area")(x),
           lambda x: area_ref(x, (2, 3)), shapes=[((1, 2, 5, 4),)]),
    _antialias("antialias_bilinear", (3, 2), "bilinear", (2, 1, 7, 5)),
    _antialias("antialias_bilinear_up_align_corners", (5, 2), "bilinear", (1, 2, 3, 5), True),
    _antialias("antialias_bicubic", (2, 3), "bicubic", (1, 2, 7, 9)),
    _antialias("antialias_bicubic_up_align_corners", (3, 7), "bicubic", (1, 1, 6, 4), True),
    _antialias("lanczos", (3, 4), "lanczos", (1, 2, 8, 3)),
    OpSpec("interpolate_nearest_exact", lambda x: F.interpolate(x, size=(5, 2), mode="nearest-exact"),
           lambda x: nearest_exact_ref(x, (5, 2)), shapes=[((2, 2, 3, 5),)]),
    OpSpec("interpolate_nearest_exact_3d", lambda x: F.interpolate(x, size=(3, 1, 4), mode="nearest-exact"),
           lambda x: nearest_exact_ref(x, (3, 1, 4)), shapes=[((1, 2, 2, 3, 3),)]),
    OpSpec("interpolate_antialias_bicubic_scale",
           lambda x: F.interpolate(x, scale_factor=(0.45, 1.2), mode="bicubic", antialias=True),
           lambda x: antialias_ref(x, (4, 7), "bicubic", scales=(0.45, 1.2)), shapes=[((1, 2, 9, 6),)]),
]
