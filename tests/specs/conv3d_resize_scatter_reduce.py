"""Op specs for conv3d / conv_transpose3d (and the Conv3d / ConvTranspose3d layers), scatter_reduce
(every reduction, with and without the input's own values), the bicubic and trilinear modes of
interpolate, and LSTM with ``proj_size``.

The references are direct loops written from PyTorch's documented definitions: convolution
over output positions and kernel taps, scatter_reduce over the places ``index`` writes to,
and interpolation as a separable weighted sum per output pixel.
"""
import itertools

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

from .spec import OpSpec


def _triple(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * 3


def conv3d_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """y[n, o, p] = sum over c in o's group and kernel taps t of w[o, c, t] * xpad[n, c, p * stride + t * dilation]."""
    stride, dilation = _triple(stride), _triple(dilation)
    if padding == "same":
        pads = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for d, k in zip(dilation, w.shape[2:])]
    else:
        pads = [(p, p) for p in _triple(padding)]
    xpad = np.pad(x, [(0, 0), (0, 0)] + pads)
    out = [(n - d * (k - 1) - 1) // s + 1 for n, k, s, d in zip(xpad.shape[2:], w.shape[2:], stride, dilation)]
    o, cg = w.shape[:2]
    og = o // groups
    y = np.zeros((x.shape[0], o) + tuple(out))
    for p in itertools.product(*map(range, out)):
        for t in itertools.product(*map(range, w.shape[2:])):
            at = tuple(pi * s + ti * d for pi, ti, s, d in zip(p, t, stride, dilation))
            for g in range(groups):
                patch = xpad[(slice(None), slice(g * cg, (g + 1) * cg)) + at]  # (N, C/groups)
                y[(slice(None), slice(g * og, (g + 1) * og)) + p] += patch @ w[(slice(g * og, (g + 1) * og),
                                                                                 slice(None)) + t].T
    return y + (0.0 if b is None else b.reshape(1, -1, 1, 1, 1))


def conv_transpose3d_ref(x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Scatter form: input pixel p of channel c adds x * w[c, :, t] at p * stride + t * dilation - padding."""
    stride, padding, output_padding, dilation = map(_triple, (stride, padding, output_padding, dilation))
    cin, cog = w.shape[:2]
    cig = cin // groups
    out = [(n - 1) * s - 2 * p + d * (k - 1) + e + 1
           for n, s, p, d, k, e in zip(x.shape[2:], stride, padding, dilation, w.shape[2:], output_padding)]
    full = np.zeros((x.shape[0], cog * groups) + tuple(o + 2 * p + k * d for o, p, k, d in
                                                          zip(out, padding, w.shape[2:], dilation)))
    for p in itertools.product(*map(range, x.shape[2:])):
        for t in itertools.product(*map(range, w.shape[2:])):
            at = tuple(pi * s + ti * d for pi, ti, s, d in zip(p, t, stride, dilation))
            for g in range(groups):
                vals = x[(slice(None), slice(g * cig, (g + 1) * cig)) + p]  # (N, C_in/groups)
                full[(slice(None), slice(g * cog, (g + 1) * cog)) + at] += vals @ w[(slice(g * cig, (g + 1) * cig),
                                                                                     slice(None)) + t]
    return full[(slice(None), slice(None)) + tuple(slice(p, p + o) for p, o in zip(padding, out))]


_NP_REDUCE = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}


def scatter_reduce_ref(x, dim, index, src, reduce, include_self=True):
    """Collect the values each place receives, then reduce them (with the place's own value first)."""
    received = {}
    for pos in itertools.product(*map(range, index.shape)):
        place = pos[:dim] + (index[pos],) + pos[dim + 1:]
        received.setdefault(place, []).append(src[pos])
    out = x.copy()
    for place, values in received.items():
        out[place] = _NP_REDUCE[reduce](([x[place]] if include_self else []) + values)
    return out


def _cubic_weights(t, a=-0.75):
    """Keys' kernel at distances 1 + t, t, 1 - t, 2 - t (taps floor(src) - 1 ... floor(src) + 2)."""
    def kernel(s):
        s = abs(s)
        return ((a + 2) * s - (a + 3)) * s * s + 1 if s <= 1 else ((a * s - 5 * a) * s + 8 * a) * s - 4 * a
    return [kernel(1 + t), kernel(t), kernel(1 - t), kernel(2 - t)]


def _source(dst, n_in, n_out, align_corners, cubic):
    if align_corners:
        return dst * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    src = (dst + 0.5) * n_in / n_out - 0.5
    return src if cubic else max(src, 0.0)


def _taps_1d(n_in, n_out, align_corners, cubic):
    """Per output position: [(input index, weight), ...] (border-clamped indices)."""
    taps = []
    for dst in range(n_out):
        src = _source(dst, n_in, n_out, align_corners, cubic)
        base = int(np.floor(src))
        if cubic:
            ws = _cubic_weights(src - base)
            taps.append([(min(max(base - 1 + k, 0), n_in - 1), ws[k]) for k in range(4)])
        else:
            lo = min(base, n_in - 1)
            taps.append([(lo, 1 - (src - lo)), (min(lo + 1, n_in - 1), src - lo)])
    return taps


def resample_ref(x, size, align_corners, cubic):
    """Separable interpolation: y[..., p] = sum over taps of prod(weights) * x[..., indices]."""
    per_dim = [_taps_1d(n, o, align_corners, cubic) for n, o in zip(x.shape[2:], size)]
    y = np.zeros(x.shape[:2] + tuple(size))
    for p in itertools.product(*map(range, size)):
        for taps in itertools.product(*[per_dim[d][p[d]] for d in range(len(size))]):
            y[(Ellipsis,) + p] += np.prod([w for _, w in taps]) * x[(Ellipsis,) + tuple(i for i, _ in taps)]
    return y


IDX = np.array([[0, 2, 0, 1], [2, 2, 1, 0], [0, 1, 0, 2], [2, 0, 1, 1], [0, 2, 0, 0]])  # (5, 4) into dim 0 of (4, 4)
IDX_DIM1 = np.array([[3, 0, 3], [1, 1, 1], [0, 3, 0]])  # (3, 3) into dim 1 of (3, 4); column 2 never written


def _scatter_samples(kind):
    """(input (4, 4), src (5, 4)) for dim 0 and (input (3, 4), src (3, 3)) for dim 1; row 3 of the first
    and column 2 of the second receive nothing. Distinct values for the extremes (ties are not
    differentiable), factors away from zero for prod (the zero cases are in tests/nn/test_conv3d_resize_scatter_reduce_lstm_proj.py)."""
    def make(rng):
        out = []
        for shapes in (((4, 4), (5, 4)), ((3, 4), (3, 3))):
            if kind == "distinct":
                size = sum(int(np.prod(s)) for s in shapes)
                values = rng.permutation(size) / size * 4 - 2
                a, b = values[:np.prod(shapes[0])], values[np.prod(shapes[0]):]
                out.append((a.reshape(shapes[0]), b.reshape(shapes[1])))
            elif kind == "nonzero":
                out.append(tuple(rng.uniform(0.5, 1.5, s) * rng.choice([-1, 1], s) for s in shapes))
            else:
                out.append(tuple(rng.uniform(-2, 2, s) for s in shapes))
        return out
    return make


def _scatter_reduce_spec(reduce, include_self):
    def fn(a, s):
        index, dim = (IDX, 0) if s.shape == (5, 4) else (IDX_DIM1, 1)
        return a.scatter_reduce(dim, index, s, reduce, include_self=include_self)

    def ref(a, s):
        index, dim = (IDX, 0) if s.shape == (5, 4) else (IDX_DIM1, 1)
        return scatter_reduce_ref(a, dim, index, s, reduce, include_self)

    kind = {"amax": "distinct", "amin": "distinct", "prod": "nonzero"}.get(reduce, "uniform")
    name = f"scatter_reduce_{reduce}" + ("" if include_self else "_exclude_self")
    return OpSpec(name, fn, ref, make=_scatter_samples(kind))


def _with_params(layer, *params):
    """``layer`` with its parameters (in registration order) replaced by the given tensors, so the
    op-spec tests differentiate through the layer's own forward."""
    assert len(params) == len(layer._parameters)
    layer._parameters.update(zip(list(layer._parameters), params))
    return layer


def _conv3d_circular(x, w, b):
    layer = nn.Conv3d(2, 3, (2, 3, 2), padding=(1, 1, 0), padding_mode="circular")
    return _with_params(layer, w, b)(x)


def _conv3d_circular_ref(x, w, b):
    return conv3d_ref(np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1), (0, 0)], mode="wrap"), w, b)


def _conv_transpose3d_output_size(x, w, b):
    layer = nn.ConvTranspose3d(2, 3, 2, stride=2, padding=(1, 0, 0))
    return _with_params(layer, w, b)(x, output_size=(3, 5, 4))


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _lstm_proj(num_layers=1, bidirectional=False):
    """nn.LSTM(proj_size=...) on (x, h_0, c_0) with its weights as inputs (PyTorch's order per layer and
    direction: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr); returns (output, h_n, c_n)."""
    def fn(x, h0, c0, *weights):
        layer = nn.LSTM(x.shape[-1], c0.shape[-1], num_layers=num_layers, bidirectional=bidirectional,
                        proj_size=h0.shape[-1])
        out, (h, c) = _with_params(layer, *weights)(x, (h0, c0))
        return out, h, c

    def ref(x, h0, c0, *weights):
        dirs = 2 if bidirectional else 1
        h_n, c_n = [], []
        for layer in range(num_layers):
            outs = []
            for d in range(dirs):
                k = layer * dirs + d
                w_ih, w_hh, b_ih, b_hh, w_hr = weights[5 * k:5 * k + 5]
                h, c, out = h0[k], c0[k], []
                for xt in (x[::-1] if d else x):
                    i, f, g, o = np.split(xt @ w_ih.T + b_ih + h @ w_hh.T + b_hh, 4, axis=-1)
                    c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
                    h = (_sigmoid(o) * np.tanh(c)) @ w_hr.T
                    out.append(h)
                out = np.stack(out)
                outs.append(out[::-1] if d else out)
                h_n.append(h)
                c_n.append(c)
            x = np.concatenate(outs, -1)
        return x, np.stack(h_n), np.stack(c_n)
    return fn, ref


def _lstm_shapes(input_size, hidden, proj, num_layers, dirs, steps=3, batch=2):
    """(x, h_0, c_0, then each layer's and direction's weight_ih, weight_hh, bias_ih, bias_hh, weight_hr)."""
    shapes = [(steps, batch, input_size), (num_layers * dirs, batch, proj), (num_layers * dirs, batch, hidden)]
    for layer in range(num_layers):
        for _ in range(dirs):
            shapes += [(4 * hidden, input_size if layer == 0 else proj * dirs), (4 * hidden, proj),
                       (4 * hidden,), (4 * hidden,), (proj, hidden)]
    return [tuple(shapes)]


SPECS = [
    OpSpec("conv3d", lambda x, w, b: F.conv3d(x, w, b), conv3d_ref, shapes=[((2, 2, 3, 4, 3), (3, 2, 2, 3, 2), (3,))]),
    OpSpec("conv3d_stride_pad_dilation", lambda x, w: F.conv3d(x, w, stride=(2, 1, 2), padding=(1, 0, 1),
                                                               dilation=(1, 2, 1)),
           lambda x, w: conv3d_ref(x, w, stride=(2, 1, 2), padding=(1, 0, 1), dilation=(1, 2, 1)),
           shapes=[((1, 2, 4, 5, 3), (2, 2, 2, 2, 2))]),
    OpSpec("conv3d_groups_same", lambda x, w, b: F.conv3d(x, w, b, padding="same", groups=2),
           lambda x, w, b: conv3d_ref(x, w, b, padding="same", groups=2),
           shapes=[((1, 4, 3, 3, 2), (4, 2, 2, 3, 1), (4,))]),
    OpSpec("conv_transpose3d", lambda x, w: F.conv_transpose3d(x, w, stride=(2, 1, 2), padding=(1, 0, 0),
                                                                output_padding=(1, 0, 1)),
           lambda x, w: conv_transpose3d_ref(x, w, stride=(2, 1, 2), padding=(1, 0, 0), output_padding=(1, 0, 1)),
           shapes=[((1, 2, 2, 3, 2), (2, 3, 3, 2, 2))]),
    OpSpec("conv_transpose3d_groups_bias", lambda x, w, b: F.conv_transpose3d(x, w, b, groups=2, dilation=(2, 1, 1)),
           lambda x, w, b: conv_transpose3d_ref(x, w, groups=2, dilation=(2, 1, 1)) + b.reshape(1, -1, 1, 1, 1),
           shapes=[((2, 4, 2, 2, 2), (4, 1, 2, 2, 2), (2,))]),
    *[_scatter_reduce_spec(reduce, include_self) for reduce in ("sum", "prod", "mean", "amax", "amin")
      for include_self in (True, False)],
    OpSpec("scatter_reduce_arg_add", lambda a, s: a.scatter(0, IDX, s, reduce="add"),
           lambda a, s: scatter_reduce_ref(a, 0, IDX, s, "sum"), shapes=[((4, 4), (5, 4))]),
    OpSpec("scatter_reduce_arg_multiply", lambda a: ag.scatter(a, 0, IDX, 1.5, reduce="multiply"),
           lambda a: scatter_reduce_ref(a, 0, IDX, np.full(IDX.shape, 1.5), "prod"), shapes=[((4, 4),)]),
    OpSpec("interpolate_bicubic", lambda x: F.interpolate(x, size=(5, 3), mode="bicubic"),
           lambda x: resample_ref(x, (5, 3), False, True), shapes=[((1, 2, 3, 4),)]),
    OpSpec("interpolate_bicubic_align_corners",
           lambda x: F.interpolate(x, size=(2, 6), mode="bicubic", align_corners=True),
           lambda x: resample_ref(x, (2, 6), True, True), shapes=[((2, 1, 4, 3),)]),
    OpSpec("interpolate_bicubic_scale", lambda x: F.interpolate(x, scale_factor=2, mode="bicubic"),
           lambda x: resample_ref(x, (4, 6), False, True), shapes=[((1, 1, 2, 3),)]),
    OpSpec("interpolate_trilinear", lambda x: F.interpolate(x, size=(3, 2, 5), mode="trilinear"),
           lambda x: resample_ref(x, (3, 2, 5), False, False), shapes=[((1, 2, 2, 3, 3),)]),
    OpSpec("interpolate_trilinear_align_corners",
           lambda x: F.interpolate(x, scale_factor=(1.5, 2, 1), mode="trilinear", align_corners=True),
           lambda x: resample_ref(x, (3, 4, 2), True, False), shapes=[((1, 1, 2, 2, 2),)]),
    OpSpec("nn.Conv3d_circular", _conv3d_circular, _conv3d_circular_ref,
           shapes=[((1, 2, 3, 3, 3), (3, 2, 2, 3, 2), (3,))]),
    OpSpec("nn.ConvTranspose3d_output_size", _conv_transpose3d_output_size,
           lambda x, w, b: conv_transpose3d_ref(x, w, stride=2, padding=(1, 0, 0), output_padding=(1, 1, 0))
           + b.reshape(1, -1, 1, 1, 1), shapes=[((2, 2, 2, 2, 2), (2, 3, 2, 2, 2), (3,))]),
    OpSpec("nn.LSTM_proj_size", *_lstm_proj(), shapes=_lstm_shapes(3, 4, 2, 1, 1)),
    OpSpec("nn.LSTM_proj_size_2_layers_bidirectional", *_lstm_proj(2, True),
           shapes=_lstm_shapes(2, 3, 2, 2, 2, steps=2, batch=1)),
]
