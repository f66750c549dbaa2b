"""Op specs for the tensor utilities: the index, mask, slice and diagonal writes (index_copy ... diagonal_scatter),
take/put, the splits and views (select, tensor_split, unfold ...), and dist, renorm, vdot, addr."""
import math

import numpy as np

import autograd_core as ag

from .spec import OpSpec

SYNCS = "how many source values are used depends on the mask, so its count must be read on the host"


def written(a, index, v, add=False):
    """A copy of ``a`` with ``v`` written (or added) at ``index``."""
    out = a.copy()
    if add:
        np.add.at(out, index, v)
    else:
        out[index] = v
    return out


def masked_scatter_ref(a, mask, s):
    out = np.broadcast_to(a, np.broadcast_shapes(a.shape, mask.shape)).copy()
    mask = np.broadcast_to(mask, out.shape)
    out[mask] = s.ravel()[:mask.sum()]
    return out


def diagonal_scatter_ref(a, s, offset, dim1=0, dim2=1):
    out = a.copy()
    i = np.arange(s.shape[-1])
    np.moveaxis(out, (dim1, dim2), (-2, -1))[..., i + max(-offset, 0), i + max(offset, 0)] = s  # writes into out
    return out


def unfold_ref(a, dim, size, step):
    windows = np.lib.stride_tricks.sliding_window_view(a, size, axis=dim)
    return windows[(slice(None),) * dim + (slice(None, None, step),)]


def renorm_ref(a, p, dim, maxnorm):
    moved = np.moveaxis(a, dim, 0)
    norms = np.array([np.sum(np.abs(r) ** p) ** (1 / p) for r in moved])
    factor = np.where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)
    return np.moveaxis(moved * factor.reshape((-1,) + (1,) * (a.ndim - 1)), 0, dim)


def mvlgamma_ref(a, p):
    lgamma = np.vectorize(math.lgamma)
    return p * (p - 1) / 4 * math.log(math.pi) + sum(lgamma(a - j / 2) for j in range(p))


ROWS, COLS = np.array([2, 0]), np.array([3, 0, 1])
MASK = np.array([[True], [False], [True]])
FWEIGHTS = np.array([1, 3, 0, 2])

SPECS = [
    # writes at an index
    OpSpec("index_copy", lambda a, s: a.index_copy(1, COLS, s), lambda a, s: written(a, (slice(None), COLS), s),
           shapes=[((3, 4), (3, 3))]),
    OpSpec("index_fill_tensor_value", lambda a, v: ag.index_fill(a, 0, ROWS, v), lambda a, v: written(a, ROWS, v),
           shapes=[((3, 4), ())]),
    OpSpec("index_fill_number", lambda a: a.index_fill(1, np.array([-1, 1]), -0.5),
           lambda a: written(a, (slice(None), [3, 1]), -0.5)),
    OpSpec("index_put", lambda a, v: a.index_put((ROWS, COLS[:2]), v), lambda a, v: written(a, (ROWS, COLS[:2]), v),
           shapes=[((3, 4), (2,)), ((3, 4), ())]),
    OpSpec("index_put_accumulate", lambda a, v: ag.index_put(a, (np.array([0, 2, 0]),), v, accumulate=True),
           lambda a, v: written(a, (np.array([0, 2, 0]),), v, add=True), shapes=[((3, 4), (3, 4)), ((3, 4), (4,))]),
    OpSpec("masked_scatter", lambda a, s: a.masked_scatter(MASK, s), lambda a, s: masked_scatter_ref(a, MASK, s),
           shapes=[((3, 4), (10,)), ((4,), (2, 5))], syncs=SYNCS,
           note="the second sample broadcasts the input to the mask's shape, as PyTorch"),
    OpSpec("take", lambda a: a.take(np.array([[-1, 3], [5, 5]])), lambda a: a.ravel()[[[-1, 3], [5, 5]]]),
    OpSpec("put", lambda a, s: ag.put(a, np.array([[-1], [4]]), s), lambda a, s: written(a.ravel(), [-1, 4], s.ravel())
           .reshape(a.shape), shapes=[((3, 4), (2,))]),
    OpSpec("put_accumulate", lambda a, s: a.put(np.array([1, -1, 1]), s, accumulate=True),
           lambda a, s: written(a.ravel(), [1, -1, 1], s, add=True).reshape(a.shape), shapes=[((3, 4), (3,))]),
    # writes at a slice or a diagonal
    OpSpec("select_scatter", lambda a, s: ag.select_scatter(a, s, 1, -2), lambda a, s: written(a, (slice(None), -2), s),
           shapes=[((3, 4), (3,))]),
    OpSpec("slice_scatter", lambda a, s: a.slice_scatter(s, 1, 1, None, 2),
           lambda a, s: written(a, (slice(None), slice(1, None, 2)), s), shapes=[((3, 4), (3, 2))]),
    OpSpec("slice_scatter_default", lambda a, s: ag.slice_scatter(a, s), lambda a, s: s.copy(),
           shapes=[((3, 4), (3, 4))]),
    OpSpec("diagonal_scatter", lambda a, s: ag.diagonal_scatter(a, s, -1), lambda a, s: diagonal_scatter_ref(a, s, -1),
           shapes=[((4, 3), (3,))]),
    OpSpec("diagonal_scatter_dims", lambda a, s: a.diagonal_scatter(s, 1, 2, 0),
           lambda a, s: diagonal_scatter_ref(a, s, 1, 2, 0), shapes=[((3, 2, 4), (2, 2))]),
    # splits and views
    OpSpec("select", lambda a: a.select(1, -2), lambda a: a[:, -2]),
    OpSpec("tensor_split_sections", lambda a: ag.tensor_split(a, 3, 1), lambda a: np.array_split(a, 3, 1),
           shapes=[((2, 7),)]),
    OpSpec("tensor_split_indices", lambda a: a.tensor_split([3, 1, -1], 1), lambda a: np.array_split(a, [3, 1, -1], 1),
           shapes=[((2, 5),)], note="indices that go back: pieces overlap, as Python slices"),
    OpSpec("hsplit_vsplit_dsplit", lambda a: ag.hsplit(a, 2) + ag.vsplit(a, [1]) + ag.dsplit(a, 3),
           lambda a: np.hsplit(a, 2) + np.vsplit(a, [1]) + np.dsplit(a, 3), shapes=[((2, 4, 3),)]),
    OpSpec("unflatten", lambda a: ag.unflatten(a, -1, (2, -1)), lambda a: a.reshape(3, 2, 2)),
    OpSpec("unfold_overlapping", lambda a: a.unfold(1, 3, 1), lambda a: unfold_ref(a, 1, 3, 1), shapes=[((2, 5, 2),)]),
    OpSpec("unfold_strided", lambda a: a.unfold(0, 2, 3), lambda a: unfold_ref(a, 0, 2, 3), shapes=[((8, 3),)]),
    OpSpec("sum_to_size", lambda a: a.sum_to_size(3, 1), lambda a: a.sum(1, keepdims=True)),
    # distances, norms and products
    OpSpec("dist", lambda a, b: ag.dist(a, b), lambda a, b: np.linalg.norm((a - b).ravel()),
           shapes=[((3, 4), (3, 4)), ((3, 4), (4,))]),
    OpSpec("dist_p3", lambda a, b: a.dist(b, 3), lambda a, b: np.linalg.norm((a - b).ravel(), 3),
           shapes=[((5,), (5,))]),
    OpSpec("renorm", lambda a: ag.renorm(a, 2, 0, 1.5), lambda a: renorm_ref(a, 2, 0, 1.5)),
    OpSpec("renorm_p1_dim1", lambda a: a.renorm(1, 1, 2.0), lambda a: renorm_ref(a, 1, 1, 2.0)),
    OpSpec("vdot", ag.vdot, np.vdot, shapes=[((5,), (5,))]),
    OpSpec("addr", lambda a, u, v: ag.addr(a, u, v, beta=0.5, alpha=2), lambda a, u, v: 0.5 * a + 2 * np.outer(u, v),
           shapes=[((3, 4), (3,), (4,)), ((4,), (3,), (4,))]),
    OpSpec("ger", lambda u, v: u.ger(v), np.outer, shapes=[((3,), (4,))]),
    # statistics
    OpSpec("cov", ag.cov, np.cov, shapes=[((3, 5),), ((6,),)]),
    OpSpec("cov_correction0", lambda a: a.cov(correction=0), lambda a: np.cov(a, ddof=0)),
    OpSpec("cov_weights", lambda a, aw: ag.cov(a, fweights=FWEIGHTS, aweights=aw),
           lambda a, aw: np.cov(a, fweights=FWEIGHTS, aweights=aw), shapes=[((2, 4), (4,))], low=0.5, high=2.0),
    OpSpec("corrcoef", ag.corrcoef, np.corrcoef, shapes=[((3, 5),)]),
    OpSpec("trapezoid", lambda y: ag.trapezoid(y), lambda y: np.trapezoid(y), shapes=[((3, 5),)]),
    OpSpec("trapezoid_x_dim0", lambda y, x: ag.trapezoid(y, x, dim=0), lambda y, x: np.trapezoid(y, x, axis=0),
           shapes=[((4, 3), (4,)), ((4, 3), (4, 3)), ((4, 3), (4, 1))]),
    OpSpec("trapezoid_dx", lambda y: ag.trapezoid(y, dx=0.5, dim=0), lambda y: np.trapezoid(y, dx=0.5, axis=0),
           shapes=[((5, 2),)]),
    OpSpec("cumulative_trapezoid", lambda y, x: ag.cumulative_trapezoid(y, x),
           lambda y, x: np.cumsum(np.diff(x) * (y[..., 1:] + y[..., :-1]) / 2, -1), shapes=[((2, 5), (5,))]),
    # elementwise math
    OpSpec("float_power", lambda a, b: ag.float_power(a, b).to(a.dtype), np.float_power,
           shapes=[((3, 4), (4,)), ((3, 4), ())], low=0.5, high=2.0,
           note="cast back to the input's dtype here: float_power's own float64 result would fail the float32 test "
                "(tests/engine checks it)"),
    OpSpec("exp2", ag.exp2, np.exp2),
    OpSpec("ldexp", ag.ldexp, lambda a, b: a * 2.0 ** b, shapes=[((3, 4), (4,))]),
    OpSpec("copysign", lambda a, b: a.copysign(b), np.copysign, shapes=[((3, 4), (3, 4)), ((3, 4), (1, 4))]),
    OpSpec("fmax", ag.fmax, np.fmax, shapes=[((3, 4), (3, 4)), ((3, 4), (4,))]),
    OpSpec("fmin", lambda a, b: a.fmin(b), np.fmin, shapes=[((3, 4), (3, 4))]),
    OpSpec("logaddexp2", ag.logaddexp2, np.logaddexp2, shapes=[((3, 4), (3, 4)), ((3, 4), (4,))]),
    OpSpec("mvlgamma", lambda a: a.mvlgamma(3), lambda a: mvlgamma_ref(a, 3), low=1.2, high=4.0),
]
