"""Op specs for selection (median, quantile, cummax ...), the NaN-aware and paired reductions, and the
stacking and shape helpers (hstack, meshgrid, diagonal, diff ...)."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

S = (3, 4)
SYNCS = "the output's size depends on the data, so it must be read on the host"


def distinct(*shapes):
    """One sample of tie-free values in about [-2, 2] per shape (order statistics are not differentiable at ties)."""
    def make(rng):
        out = []
        for shape in shapes:
            n = int(np.prod(shape))
            out.append(rng.permutation(n).reshape(shape) / max(n, 1) * 4 - 2 + rng.uniform(0, 0.01, shape))
        return [tuple(out)]
    return make


def with_nans(shape, where):
    """Tie-free values with NaN at the index tuples in ``where``."""
    def make(rng):
        x, = distinct(shape)(rng)[0]
        for w in where:
            x[w] = np.nan
        return [(x,)]
    return make


def lower_median(a, axis=None):
    if axis is None:
        a, axis = a.ravel(), 0
    return np.take(np.sort(a, axis), (a.shape[axis] - 1) // 2, axis)


def mode_ref(a):
    def row(r):
        values, counts = np.unique(r, return_counts=True)
        return values[np.argmax(counts)]
    return np.apply_along_axis(row, -1, a)


def cummax_indices(a, axis):
    """The latest index at which the running maximum was reached (PyTorch's choice among ties)."""
    a = np.moveaxis(a, axis, -1)
    best = np.maximum.accumulate(a, -1)
    idx = np.maximum.accumulate(np.where(a == best, np.arange(a.shape[-1]), 0), -1)
    return np.moveaxis(idx, -1, axis)


def diag_embed_ref(a, offset, dim1, dim2):
    n = a.shape[-1] + abs(offset)
    out = np.zeros(a.shape[:-1] + (n, n))
    i = np.arange(a.shape[-1])
    out[..., i + max(-offset, 0), i + max(offset, 0)] = a
    return np.moveaxis(out, (-2, -1), (dim1, dim2))


def block_diag_ref(*blocks):
    blocks = [np.atleast_2d(b) for b in blocks]
    out = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)))
    r = c = 0
    for b in blocks:
        out[r:r + b.shape[0], c:c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return out


def combinations_ref(a, r, with_replacement=False):
    import itertools
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    return np.array([[a[i] for i in c] for c in pick(range(len(a)), r)]).reshape(-1, r)


SPECS = [
    # order statistics: values carry the gradient to the picked element
    OpSpec("median_all", ag.median, lower_median, make=distinct((3, 4))),
    OpSpec("median_all_odd", ag.median, lower_median, make=distinct((5,))),
    OpSpec("median_dim", lambda a: a.median(1).values, lambda a: lower_median(a, 1), make=distinct((3, 4))),
    OpSpec("median_dim_keepdim", lambda a: ag.median(a, 0, keepdim=True).values,
           lambda a: lower_median(a, 0)[None], make=distinct((5, 3))),
    OpSpec("median_nan", lambda a: ag.median(a, 1).values,
           lambda a: np.where(np.isnan(a).any(1), np.nan, lower_median(np.nan_to_num(a), 1)),
           make=with_nans((3, 4), [(0, 2)]), grad=False,
           note="a slice with NaN has median NaN, which gradcheck can't difference (median_dim checks the gradient)"),
    OpSpec("nanmedian_dim", lambda a: ag.nanmedian(a, 1).values,
           lambda a: np.array([lower_median(r[~np.isnan(r)]) for r in a]),
           make=with_nans((3, 5), [(0, 2), (1, 0), (1, 4)])),
    OpSpec("nanmedian_all", ag.nanmedian, lambda a: lower_median(a[~np.isnan(a)]),
           make=with_nans((3, 4), [(2, 1)])),
    OpSpec("kthvalue", lambda a: ag.kthvalue(a, 2, 0).values, lambda a: np.sort(a, 0)[1], make=distinct((4, 3))),
    OpSpec("kthvalue_keepdim", lambda a: a.kthvalue(4, -1, True).values, lambda a: np.sort(a, -1)[:, 3:4],
           make=distinct((3, 5))),
    OpSpec("mode", lambda a: ag.mode(a, 1).values, mode_ref,
           make=lambda rng: [(rng.choice([-1.5, 0.25, 0.5, 2.0], (4, 6)),)], grad=False,
           note="the mode is a run of equal values: moving one element leaves the run, so finite differences "
                "can't see the gradient PyTorch sends to the returned index (tests/engine checks it)"),
    OpSpec("quantile_linear", lambda a: ag.quantile(a, 0.3), lambda a: np.quantile(a, 0.3), make=distinct((3, 4))),
    OpSpec("quantile_q_tensor_dim", lambda a: ag.quantile(a, ag.tensor([0.1, 0.5, 0.9], dtype=a.dtype,
                                                                       device=a.device), dim=1, keepdim=True),
           lambda a: np.quantile(a, [0.1, 0.5, 0.9], axis=1, keepdims=True), make=distinct((3, 6))),
    OpSpec("quantile_midpoint", lambda a: a.quantile(0.4, 0, interpolation="midpoint"),
           lambda a: np.quantile(a, 0.4, axis=0, method="midpoint"), make=distinct((6, 3))),
    OpSpec("quantile_lower_higher_nearest",
           lambda a: ag.stack([ag.quantile(a, 0.35, -1, interpolation=m) for m in ("lower", "higher", "nearest")]),
           lambda a: np.stack([np.quantile(a, 0.35, axis=-1, method=m) for m in ("lower", "higher", "nearest")]),
           make=distinct((3, 7))),
    OpSpec("quantile_nan", lambda a: ag.quantile(a, 0.5, 1), lambda a: np.quantile(a, 0.5, axis=1),
           make=with_nans((3, 5), [(1, 3)]), grad=False,
           note="a slice with NaN has quantile NaN, which gradcheck can't difference (quantile_* check gradients)"),
    OpSpec("nanquantile", lambda a: ag.nanquantile(a, 0.7, 1), lambda a: np.nanquantile(a, 0.7, axis=1),
           make=with_nans((3, 5), [(0, 0), (2, 1), (2, 3)])),
    OpSpec("msort", ag.msort, lambda a: np.sort(a, 0), make=distinct((4, 3))),
    # running extremes and logcumsumexp
    OpSpec("cummax_values", lambda a: ag.cummax(a, 1).values, lambda a: np.maximum.accumulate(a, 1),
           make=distinct((3, 6))),
    OpSpec("cummin_values", lambda a: a.cummin(0).values, lambda a: np.minimum.accumulate(a, 0),
           make=distinct((5, 3))),
    OpSpec("cummax_indices", lambda a: ag.cummax(a, 0).indices, lambda a: cummax_indices(a, 0),
           make=lambda rng: [(rng.choice([-1.0, 0.0, 1.0, 2.0], (7, 3)),)], grad=False,
           note="integer output; ties pick the latest index, as PyTorch"),
    OpSpec("logcumsumexp", lambda a: ag.logcumsumexp(a, 1), lambda a: np.logaddexp.accumulate(a, 1),
           shapes=[((3, 7),)], low=-3, high=3),
    OpSpec("logcumsumexp_wide_range", lambda a: a.logcumsumexp(0), lambda a: np.logaddexp.accumulate(a, 0),
           make=lambda rng: [(np.array([-300.0, 0.5, -2.0, 4.0, -500.0]) + rng.uniform(0, 0.1, 5),)],
           note="exp of these overflows or underflows in float32 and float64: the scan stays in log space"),
    # searching (integer outputs)
    OpSpec("searchsorted_rows", lambda s, v: ag.searchsorted(s, v, right=True),
           lambda s, v: np.stack([np.searchsorted(r, w, side="right") for r, w in zip(s, v)]),
           make=lambda rng: [(np.sort(rng.choice([0.0, 1.0, 2.0, 3.0], (3, 6)), 1),
                              rng.choice([-0.5, 0.0, 1.0, 2.5, 3.0, 4.0], (3, 4)))], grad=False,
           note="integer output"),
    OpSpec("searchsorted_1d", lambda s, v: ag.searchsorted(s, v), lambda s, v: np.searchsorted(s, v),
           make=lambda rng: [(np.sort(rng.uniform(-2, 2, 7)), rng.uniform(-3, 3, (2, 5)))], grad=False,
           note="integer output"),
    OpSpec("bucketize", lambda v, b: ag.bucketize(v, b), lambda v, b: np.searchsorted(b, v),
           make=lambda rng: [(rng.choice([0.0, 1.0, 1.5, 2.0], (3, 4)), np.array([0.0, 1.0, 2.0]))], grad=False,
           note="integer output"),
    OpSpec("count_nonzero", lambda a: ag.count_nonzero(a, 1), lambda a: np.count_nonzero(a, 1),
           make=lambda rng: [(rng.choice([0.0, 1.0, -2.0], (3, 5)),)], grad=False, note="integer output"),
    OpSpec("nonzero", ag.nonzero, np.argwhere, make=lambda rng: [(rng.choice([0.0, 1.0], (3, 4)),)], grad=False,
           note="integer output", syncs=SYNCS),
    OpSpec("nonzero_as_tuple", lambda a: a.nonzero(as_tuple=True), np.nonzero,
           make=lambda rng: [(rng.choice([0.0, 1.0], (3, 4)),)], grad=False, note="integer output", syncs=SYNCS),
    OpSpec("unique", lambda a: ag.unique(a, return_inverse=True, return_counts=True),
           lambda a: tuple(np.unique(a, return_inverse=True, return_counts=True)),
           make=lambda rng: [(rng.choice([0.5, 1.0, -2.0], (3, 4)),)], grad=False,
           note="not differentiable (as PyTorch)", syncs=SYNCS),
    OpSpec("unique_consecutive", lambda a: ag.unique_consecutive(a, return_counts=True),
           lambda a: (np.array([3.0, 1.0, 2.0, 3.0]), np.array([2, 1, 3, 1])),
           make=lambda rng: [(np.array([3.0, 3.0, 1.0, 2.0, 2.0, 2.0, 3.0]),)], grad=False,
           note="not differentiable (as PyTorch)", syncs=SYNCS),
    # NaN-aware and paired reductions
    OpSpec("nansum", lambda a: ag.nansum(a, 1), lambda a: np.nansum(a, 1), make=with_nans((3, 4), [(0, 1), (2, 2)])),
    OpSpec("nanmean", lambda a: a.nanmean(), np.nanmean, make=with_nans((3, 4), [(0, 1), (2, 2)])),
    OpSpec("nanmean_dim", lambda a: ag.nanmean(a, 0, keepdim=True), lambda a: np.nanmean(a, 0, keepdims=True),
           make=with_nans((3, 4), [(0, 1), (2, 2)])),
    OpSpec("var_mean", lambda a: ag.var_mean(a, 1), lambda a: (a.var(1, ddof=1), a.mean(1))),
    OpSpec("std_mean_correction", lambda a: ag.std_mean(a, 0, correction=0, keepdim=True),
           lambda a: (a.std(0, keepdims=True), a.mean(0, keepdims=True))),
    OpSpec("aminmax", lambda a: ag.aminmax(a, dim=1), lambda a: (a.min(1), a.max(1)), make=distinct((3, 4))),
    OpSpec("aminmax_all", lambda a: a.aminmax(), lambda a: (a.min(), a.max()), make=distinct((3, 4))),
    # stacking
    OpSpec("hstack", lambda a, b: ag.hstack([a, b]), lambda a, b: np.hstack([a, b]), shapes=[((3, 2), (3, 4))]),
    OpSpec("hstack_1d", lambda a, b: ag.hstack((a, b)), lambda a, b: np.hstack([a, b]), shapes=[((3,), (2,))]),
    OpSpec("vstack", lambda a, b: ag.vstack([a, b]), lambda a, b: np.vstack([a, b]), shapes=[((4,), (2, 4))]),
    OpSpec("row_stack", lambda a, b: ag.row_stack([a, b]), lambda a, b: np.vstack([a, b]), shapes=[((4,), (4,))]),
    OpSpec("dstack", lambda a, b: ag.dstack([a, b]), lambda a, b: np.dstack([a, b]), shapes=[((3, 2), (3, 2, 2))]),
    OpSpec("column_stack", lambda a, b, c: ag.column_stack([a, b, c]), lambda a, b, c: np.column_stack([a, b, c]),
           shapes=[((3,), (3, 2), (3, 1))]),
    OpSpec("block_diag", ag.block_diag, block_diag_ref, shapes=[((), (3,), (2, 2))]),
    OpSpec("atleast_2d_3d", lambda a, b: ag.atleast_2d(a) * 2 + ag.atleast_3d(b).sum(),
           lambda a, b: np.atleast_2d(a) * 2 + np.atleast_3d(b).sum(), shapes=[((4,), (2, 3))]),
    OpSpec("atleast_1d_many", lambda a, b: ag.atleast_1d(a, b), lambda a, b: (np.atleast_1d(a), np.atleast_1d(b)),
           shapes=[((), (2,))]),
    OpSpec("meshgrid_ij", lambda a, b: ag.meshgrid(a, b, indexing="ij"), lambda a, b: np.meshgrid(a, b, indexing="ij"),
           shapes=[((3,), (4,))]),
    OpSpec("meshgrid_xy", lambda a, b, c: ag.meshgrid([a, b, c], indexing="xy"),
           lambda a, b, c: np.meshgrid(a, b, c, indexing="xy"), shapes=[((3,), (2,), (4,))]),
    OpSpec("cartesian_prod", ag.cartesian_prod, lambda a, b: np.array([[x, y] for x in a for y in b]),
           shapes=[((3,), (2,))]),
    OpSpec("combinations", lambda a: ag.combinations(a, 2), lambda a: combinations_ref(a, 2), shapes=[((4,),)]),
    OpSpec("combinations_with_replacement", lambda a: ag.combinations(a, 3, with_replacement=True),
           lambda a: combinations_ref(a, 3, True), shapes=[((3,),)]),
    # turning, differencing, diagonals
    OpSpec("rot90", lambda a: ag.rot90(a), lambda a: np.rot90(a), shapes=[((3, 4),)]),
    OpSpec("rot90_k3_dims", lambda a: a.rot90(3, (2, 0)), lambda a: np.rot90(a, 3, (2, 0)), shapes=[((2, 3, 4),)]),
    OpSpec("rot90_k2", lambda a: ag.rot90(a, -2), lambda a: np.rot90(a, 2), shapes=[((3, 4),)]),
    OpSpec("flipud_fliplr", lambda a: ag.flipud(a) * ag.fliplr(a), lambda a: np.flipud(a) * np.fliplr(a),
           shapes=[((3, 3),)]),
    OpSpec("ravel", lambda a: a.permute(1, 0).ravel(), lambda a: a.T.ravel(), shapes=[((3, 4),)]),
    OpSpec("diff", lambda a: ag.diff(a), lambda a: np.diff(a), shapes=[((3, 5),)]),
    OpSpec("diff_n2_dim0_prepend_append", lambda a, p, q: ag.diff(a, 2, 0, prepend=p, append=q),
           lambda a, p, q: np.diff(a, 2, 0, prepend=p, append=q), shapes=[((3, 4), (1, 4), (2, 4))]),
    OpSpec("diagonal", lambda a: ag.diagonal(a), lambda a: np.diagonal(a), shapes=[((4, 3),)]),
    OpSpec("diagonal_offset_dims", lambda a: a.diagonal(-1, 2, 0), lambda a: np.diagonal(a, -1, 2, 0),
           shapes=[((3, 2, 4),)]),
    OpSpec("diag_embed_batch", lambda a: ag.diag_embed(a), lambda a: diag_embed_ref(a, 0, -2, -1), shapes=[((2, 3),)]),
    OpSpec("diag_embed_offset_dims", lambda a: a.diag_embed(2, 0, 2), lambda a: diag_embed_ref(a, 2, 0, 2),
           shapes=[((2, 3),)]),
    # counts: not differentiable (as PyTorch); references are NumPy's histogram and bincount
    OpSpec("histc_range", lambda a: ag.histc(a, 5, min=-1.0, max=1.5),
           lambda a: np.histogram(a, 5, (-1.0, 1.5))[0].astype(a.dtype), grad=False, note="counts"),
    OpSpec("histc_data_range", lambda a: ag.histc(a, 4), lambda a: np.histogram(a, 4)[0].astype(a.dtype),
           grad=False, note="counts", syncs="min == max: the bins span the data's range, read on the host"),
    OpSpec("histogram_weighted_density", lambda a, w: ag.histogram(a, 3, weight=w, density=True),
           lambda a, w: tuple(v.astype(a.dtype) for v in np.histogram(a, 3, weights=w, density=True)),
           shapes=[((3, 4), (3, 4))], grad=False, note="counts",
           syncs="no range: the bins span the data's range, read on the host"),
    OpSpec("bincount_weights", lambda i, w: ag.bincount(i, w, minlength=8),
           lambda i, w: np.bincount(i, w, 8), make=lambda rng: [(rng.integers(0, 6, 10), rng.uniform(-1, 1, 10))],
           grad=False, note="counts", syncs="the length of the result depends on the data"),
]
