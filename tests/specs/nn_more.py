"""Op specs for F.affine_grid and F.grid_sample (every mode, padding mode and align_corners), the
dropout variants dropout1d, dropout3d, alpha_dropout and feature_alpha_dropout, local_response_norm,
rrelu, gumbel_softmax, pdist, the deprecated upsample_nearest / upsample_bilinear, and fractional max
pooling (with fixed window samples; the reference places the windows with PyTorch's formula
start_i = int((i + u) * a) - int(u * a), a = (in - k) / (out - 1), and the last at in - k), and
multi_head_attention_forward (against the textbook per-head softmax(Q K^T / sqrt(d)) V).

The grid_sample reference is a loop over output points written from PyTorch's definition: a grid
value g becomes the pixel coordinate (g + 1) (n - 1) / 2 (align_corners) or ((g + 1) n - 1) / 2; for
'bilinear' and 'nearest' that coordinate is clipped ('border') or mirrored at the borders until it
lies inside, then clipped ('reflection'); 'bicubic' pads each of its 4 x 4 integer taps that way instead.
Taps outside the input read 0.
"""
import itertools
import warnings

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F

from .spec import OpSpec, away_from


def _pixel(g, n, align_corners):
    return (g + 1) * (n - 1) / 2 if align_corners else ((g + 1) * n - 1) / 2


def _padded(p, n, padding_mode, align_corners):
    if padding_mode == "reflection":
        low, high = (0.0, n - 1.0) if align_corners else (-0.5, n - 0.5)
        if low == high:
            return 0.0
        while p < low or p > high:
            p = 2 * low - p if p < low else 2 * high - p
    return min(max(p, 0.0), n - 1.0) if padding_mode != "zeros" else p


def _keys(s, a=-0.75):
    s = abs(s)
    if s <= 1:
        return (a + 2) * s ** 3 - (a + 3) * s ** 2 + 1
    return a * s ** 3 - 5 * a * s ** 2 + 8 * a * s - 4 * a if s < 2 else 0.0


def grid_sample_ref(x, grid, mode, padding_mode, align_corners):
    sizes = x.shape[2:]
    out = np.zeros(x.shape[:2] + grid.shape[1:-1])

    def read(b, point):
        inside = all(0 <= i < n for i, n in zip(point, sizes))
        return x[(b, slice(None)) + tuple(point)] if inside else 0.0

    for b in range(x.shape[0]):
        for q in itertools.product(*map(range, grid.shape[1:-1])):
            p = [_pixel(grid[(b,) + q][len(sizes) - 1 - d], n, align_corners) for d, n in enumerate(sizes)]
            if mode == "bicubic":
                lo = [int(np.floor(c)) for c in p]
                taps = [[(int(_padded(f + k, n, padding_mode, align_corners)), _keys(c - f - k)) for k in (-1, 0, 1, 2)]
                        for f, c, n in zip(lo, p, sizes)]
            else:
                p = [_padded(c, n, padding_mode, align_corners) for c, n in zip(p, sizes)]
                if mode == "nearest":
                    taps = [[(int(np.rint(c)), 1.0)] for c in p]
                else:
                    taps = [[(int(np.floor(c)), 1 - c % 1), (int(np.floor(c)) + 1, c % 1)] for c in p]
            for combo in itertools.product(*taps):
                out[(b, slice(None)) + q] += np.prod([w for _, w in combo]) * read(b, [i for i, _ in combo])
    return out


def _grid_sample_inputs(nd, low=-1.3, high=1.3):
    x_shape, grid_shape = ((2, 2, 3, 4), (2, 3, 2, 2)) if nd == 2 else ((2, 1, 2, 3, 3), (2, 2, 1, 2, 3))
    return lambda rng: [(rng.standard_normal(x_shape), rng.uniform(low, high, grid_shape))]


def _grid_sample_spec(mode, padding_mode, align_corners, nd=2):
    name = f"grid_sample_{nd}d_{mode}_{padding_mode}" + ("_align" if align_corners else "")
    nearest = mode == "nearest"
    return OpSpec(name, lambda x, g: F.grid_sample(x, g, mode, padding_mode, align_corners),
                  lambda x, g: grid_sample_ref(x, g, mode, padding_mode, align_corners),
                  make=_grid_sample_inputs(nd, *((-2.5, 2.5) if padding_mode == "reflection" else ())),
                  diff=(0,) if nearest else None,
                  note="nearest: piecewise constant in the grid, which gets no gradient" if nearest else "")


def affine_grid_ref(theta, size, align_corners):
    def positions(n):
        if n == 1:
            return np.zeros(1)
        return np.linspace(-1, 1, n) * (1 if align_corners else (n - 1) / n)
    spatial = size[2:]
    out = np.zeros((size[0],) + spatial + (len(spatial),))
    for b in range(size[0]):
        for q in itertools.product(*map(range, spatial)):
            point = [positions(n)[i] for i, n in zip(q, spatial)][::-1] + [1.0]  # (x, y[, z], 1)
            out[(b,) + q] = theta[b] @ np.array(point)
    return out


def _affine_grid_spec(size, align_corners):
    nd = len(size) - 2
    return OpSpec(f"affine_grid_{nd}d" + ("_align" if align_corners else ""),
                  _quiet(lambda t: F.affine_grid(t, size, align_corners)),  # a unit dim with align_corners warns
                  lambda t: affine_grid_ref(t, size, align_corners),
                  shapes=[((size[0], nd, nd + 1),)])


def _seeded(op, p, seed=5):
    """``op`` in training mode with the global generator reseeded first: one mask on every call."""
    def fn(x):
        ag.manual_seed(seed)
        return op(x, p, training=True)
    return fn


def _channel_keep(shape, p, seed=5):
    """The keep mask of channel-wise dropout, broadcastable to ``shape`` (N, C, ...)."""
    keep = np.random.default_rng(seed).random(shape[:2]) >= p
    return keep.reshape(shape[:2] + (1,) * (len(shape) - 2))


def _alpha_ref(x, keep, p):
    """SELU-preserving dropout: dropped entries become -1.7581, then all are scaled by a and shifted by b."""
    sat = 1.7580993408473766
    a = 1 / np.sqrt((sat ** 2 * p + 1) * (1 - p))
    return a * np.where(keep, x, -sat) + a * sat * p


_GPU_MASK = "the mask comes from CuPy's generator on a GPU, not NumPy's"
_GPU_NOISE = "the noise comes from CuPy's generator on a GPU, not NumPy's"
DROPOUT_SPECS = [
    OpSpec("F.dropout1d_train", _seeded(F.dropout1d, 0.4), lambda x: x * _channel_keep(x.shape, 0.4) / 0.6,
           shapes=[((4, 5, 3),)], gpu_ref=_GPU_MASK),
    OpSpec("F.dropout1d_unbatched", _seeded(F.dropout1d, 0.4),
           lambda x: x * _channel_keep((1,) + x.shape, 0.4)[0] / 0.6, shapes=[((5, 3),)], gpu_ref=_GPU_MASK),
    OpSpec("F.dropout3d_train", _seeded(F.dropout3d, 0.5), lambda x: x * _channel_keep(x.shape, 0.5) / 0.5,
           shapes=[((2, 4, 2, 1, 3),)], gpu_ref=_GPU_MASK),
    OpSpec("F.dropout3d_unbatched", _seeded(F.dropout3d, 0.5),
           lambda x: x * _channel_keep((1,) + x.shape, 0.5)[0] / 0.5, shapes=[((4, 2, 1, 3),)], gpu_ref=_GPU_MASK),
    OpSpec("F.alpha_dropout_train", _seeded(F.alpha_dropout, 0.3),
           lambda x: _alpha_ref(x, np.random.default_rng(5).random(x.shape) >= 0.3, 0.3), shapes=[((4, 5),)],
           gpu_ref=_GPU_MASK),
    OpSpec("F.alpha_dropout_eval", lambda x: F.alpha_dropout(x, 0.3), lambda x: x),
    OpSpec("F.feature_alpha_dropout_train", _seeded(F.feature_alpha_dropout, 0.3),
           lambda x: _alpha_ref(x, _channel_keep(x.shape, 0.3), 0.3), shapes=[((3, 4, 2, 2),), ((5, 6),)],
           gpu_ref=_GPU_MASK),
]


def local_response_norm_ref(x, size, alpha=0.1, beta=0.75, k=2.0):
    """Each channel over the mean of the squares of channels c - size // 2 ... c + (size - 1) // 2 (zeros past
    the ends, still divided by size)."""
    out = np.empty_like(x)
    for c in range(x.shape[1]):
        window = x[:, max(c - size // 2, 0):c + (size - 1) // 2 + 1]
        out[:, c] = x[:, c] / (k + alpha * (window ** 2).sum(axis=1) / size) ** beta
    return out


def rrelu_train_ref(x, lower=0.1, upper=0.4):
    slopes = lower + (upper - lower) * np.random.default_rng(5).random(x.shape)
    return np.where(x <= 0, x * slopes, x)


def gumbel_softmax_ref(x, tau, dim=-1):
    gumbels = -np.log(-np.log1p(-np.random.default_rng(5).random(x.shape)))
    z = (x + gumbels) / tau
    e = np.exp(z - z.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _seeded_call(fn, seed=5):
    def call(*args):
        ag.manual_seed(seed)
        return fn(*args)
    return call


def pdist_ref(x, p):
    n = len(x)
    return np.array([np.linalg.norm(x[i] - x[j], ord=p) for i in range(n) for j in range(i + 1, n)])


def _quiet(fn):
    """``fn`` with its deprecation warning silenced."""
    def call(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    return call


MORE_SPECS = [
    OpSpec("F.local_response_norm", lambda x: F.local_response_norm(x, 3, 0.1, 0.75, 2.0),
           lambda x: local_response_norm_ref(x, 3), shapes=[((2, 5, 3),), ((2, 4, 2, 3),)]),
    OpSpec("F.local_response_norm_even_size", lambda x: F.local_response_norm(x, 4, 0.1, 0.75, 2.0),
           lambda x: local_response_norm_ref(x, 4), shapes=[((1, 6, 2, 1, 2),)]),
    OpSpec("F.rrelu_train", _seeded_call(lambda x: F.rrelu(x, 0.1, 0.4, training=True)), rrelu_train_ref,
           make=lambda rng: [(away_from([0.0], (4, 5))(rng),)], gpu_ref=_GPU_MASK),
    OpSpec("F.rrelu_eval", lambda x: F.rrelu(x, 0.1, 0.4), lambda x: np.where(x > 0, x, 0.25 * x),
           make=lambda rng: [(away_from([0.0], (4, 5))(rng),)]),
    OpSpec("F.gumbel_softmax", _seeded_call(lambda x: F.gumbel_softmax(x, tau=0.7)),
           lambda x: gumbel_softmax_ref(x, 0.7), shapes=[((3, 5),)], gpu_ref=_GPU_NOISE),
    OpSpec("F.gumbel_softmax_dim0", _seeded_call(lambda x: F.gumbel_softmax(x, tau=2.0, dim=0)),
           lambda x: gumbel_softmax_ref(x, 2.0, 0), shapes=[((4, 2, 3),)], gpu_ref=_GPU_NOISE),
    OpSpec("F.gumbel_softmax_hard", _seeded_call(lambda x: F.gumbel_softmax(x, tau=0.7, hard=True)),
           lambda x: np.eye(5)[gumbel_softmax_ref(x, 0.7).argmax(-1)], shapes=[((3, 5),)], grad=False,
           gpu_ref=_GPU_NOISE,
           note="straight-through: the value is one-hot, the gradient the soft sample's (tests/nn/test_nn_more.py)"),
] + [OpSpec(f"F.pdist_p{p}", lambda x, p=p: F.pdist(x, p), lambda x, p=p: pdist_ref(x, p), shapes=[((5, 3),)])
     for p in (0, 1, 2, 3, 0.5, float("inf"))] + [
    OpSpec("F.upsample_nearest", _quiet(lambda x: F.upsample_nearest(x, size=(5, 4))),
           lambda x: x[:, :, [0, 0, 1, 1, 2]][:, :, :, [0, 0, 1, 1]], shapes=[((1, 2, 3, 2),)]),
    OpSpec("F.upsample_bilinear", _quiet(lambda x: F.upsample_bilinear(x, size=(3, 5))),  # align_corners=True
           lambda x: np.stack([x[..., 0], (x[..., 0] + x[..., 1]) / 2, x[..., 1], (x[..., 1] + x[..., 2]) / 2,
                               x[..., 2]], -1), shapes=[((2, 1, 3, 3),)]),
]


def fractional_max_pool_ref(x, kernel, out, samples, indices=False):
    """The maxima of the fractional windows, or with ``indices`` their flat indices in each input plane."""
    dims = len(kernel)
    sample_column = [1, 0] if dims == 2 else [0, 1, 2]  # PyTorch draws (W, H) for 2-D, (D, H, W) for 3-D

    def starts(u, n, o, k):
        if o == 1:
            return [n - k]
        a = (n - k) / (o - 1)
        return [int((i + u) * a) - int(u * a) for i in range(o - 1)] + [n - k]

    y = np.zeros(x.shape[:2] + out)
    idx = np.zeros(x.shape[:2] + out, np.int64)
    for b, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        begin = [starts(samples[b, c, sample_column[d]], x.shape[2 + d], out[d], kernel[d]) for d in range(dims)]
        for q in itertools.product(*map(range, out)):
            window = tuple(slice(begin[d][i], begin[d][i] + kernel[d]) for d, i in enumerate(q))
            values = x[(b, c) + window]
            y[(b, c) + q] = values.max()
            at = np.unravel_index(values.argmax(), values.shape)  # the first maximum, row-major
            idx[(b, c) + q] = np.ravel_multi_index(tuple(w.start + a for w, a in zip(window, at)), x.shape[2:])
    return idx if indices else y


def _fractional_spec(name, fn, x_shape, kernel, out):
    samples = np.random.default_rng(9).random(x_shape[:2] + (len(kernel),))
    return OpSpec(name, lambda x: fn(x, kernel, out, _random_samples=ag.tensor(samples, device=x.device)),
                  lambda x: fractional_max_pool_ref(x, kernel, out, samples), shapes=[(x_shape,)])


def _fractional_indices_spec(name, fn, x_shape, kernel, out):
    samples = np.random.default_rng(9).random(x_shape[:2] + (len(kernel),))
    return OpSpec(name, lambda x: fn(x, kernel, out, _random_samples=ag.tensor(samples, device=x.device))[1],
                  lambda x: fractional_max_pool_ref(x, kernel, out, samples, indices=True), shapes=[(x_shape,)],
                  grad=False, note="integer indices: not differentiable")


POOL_SPECS = [
    _fractional_indices_spec("F.fractional_max_pool2d_with_indices", F.fractional_max_pool2d_with_indices,
                             (2, 3, 7, 8), (2, 3), (4, 3)),
    _fractional_indices_spec("F.fractional_max_pool3d_with_indices", F.fractional_max_pool3d_with_indices,
                             (2, 2, 5, 4, 6), (2, 1, 3), (3, 3, 2)),
    _fractional_spec("F.fractional_max_pool2d", F.fractional_max_pool2d, (2, 3, 7, 8), (2, 3), (4, 3)),
    _fractional_spec("F.fractional_max_pool2d_one_output", F.fractional_max_pool2d, (1, 2, 4, 5), (2, 2), (1, 3)),
    _fractional_spec("F.fractional_max_pool3d", F.fractional_max_pool3d, (2, 2, 5, 4, 6), (2, 1, 3), (3, 3, 2)),
]


def mha_ref(q, k, v, w_in, b_in, w_out, b_out, heads=2):
    """(output, head-averaged weights) of sequence-first multi-head attention, one head at a time."""
    (wq, wk, wv), (bq, bk, bv) = np.split(w_in, 3), np.split(b_in, 3)
    Q, K, V = q @ wq.T + bq, k @ wk.T + bk, v @ wv.T + bv  # (len, N, E)
    d = q.shape[-1] // heads
    outs, weights = [], []
    for h in range(heads):
        cols = slice(h * d, (h + 1) * d)
        scores = np.einsum("lnd,snd->nls", Q[..., cols], K[..., cols]) / np.sqrt(d)
        a = np.exp(scores - scores.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        outs.append(np.einsum("nls,snd->lnd", a, V[..., cols]))
        weights.append(a)
    return np.concatenate(outs, -1) @ w_out.T + b_out, np.mean(weights, axis=0)


ATTENTION_SPECS = [
    OpSpec("F.multi_head_attention_forward",
           lambda q, k, v, w_in, b_in, w_out, b_out: F.multi_head_attention_forward(
               q, k, v, 4, 2, w_in, b_in, None, None, False, 0.0, w_out, b_out), mha_ref,
           shapes=[((3, 2, 4), (5, 2, 4), (5, 2, 4), (12, 4), (12,), (4, 4), (4,))], low=-1.0, high=1.0),
]

GRID_SPECS = ([_grid_sample_spec(m, p, a) for m, p, a in itertools.product(
    ("bilinear", "nearest", "bicubic"), ("zeros", "border", "reflection"), (False, True))]
    + [_grid_sample_spec(m, p, a, nd=3) for m, p, a in itertools.product(
        ("bilinear", "nearest"), ("zeros", "border", "reflection"), (False, True))]
    + [_affine_grid_spec(s, a) for s, a in itertools.product([(2, 3, 4, 5), (1, 2, 2, 1, 3)], (False, True))])

SPECS = GRID_SPECS + DROPOUT_SPECS + MORE_SPECS + POOL_SPECS + ATTENTION_SPECS
