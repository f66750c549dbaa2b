"""Op specs for the engine's less common tensor API: sorting, integer-style division, more elementwise
math, matrix ops, cumprod, scatter/gather-style indexing."""
import numpy as np

import autograd_core as ag

from .engine import BINARY_SHAPES, _distinct
from .spec import OpSpec

S = (3, 4)
SQ = (4, 4)


def _division_samples(rng):
    """Divisors away from 0 (all of a's shape, then broadcast along rows); dividends that keep a / b
    away from the integers, where floor and trunc jump."""
    samples = []
    for shape in (S, (4,)):
        b = rng.uniform(0.5, 2.0, shape) * rng.choice([-1, 1], shape)
        samples.append(((rng.integers(-4, 4, S) + rng.uniform(0.1, 0.9, S)) * b, b))
    return samples


def _with_zeros(rng):
    """Slices with no zero, one zero, two zeros (the second derivative's case) and a zero first."""
    x = rng.uniform(0.5, 1.5, (4, 5)) * rng.choice([-1, 1], (4, 5))
    x[1, 2] = x[2, 1] = x[2, 3] = x[3, 0] = 0.0
    return [(x,)]


def _scatter_ref(x, dim, index, src, add):
    out = x.copy()
    grid = list(np.ogrid[tuple(slice(n) for n in index.shape)])
    grid[dim] = index
    src = src[tuple(slice(n) for n in index.shape)]
    if add:
        np.add.at(out, tuple(grid), src)
    else:
        out[tuple(grid)] = src
    return out


IDX_UNIQUE = np.array([[2, 0, 1, 0], [0, 2, 2, 1]])  # (2, 4): unique along dim 0 per column of a (3, 4)
IDX_REPEATS = np.array([[0, 1, 0], [2, 2, 1], [1, 0, 0]])  # (3, 3) with repeats along dim 1 of a (3, 4)
MASK = np.array([True, False, True, True])

SPECS = [
    # sorting: values are differentiable (gradient scattered back); distinct inputs so it is defined
    OpSpec("sort_values", lambda a: a.sort(1).values, lambda a: np.sort(a, 1), make=_distinct(S)),
    OpSpec("sort_descending_dim0", lambda a: ag.sort(a, 0, descending=True)[0], lambda a: -np.sort(-a, 0),
           make=_distinct(S)),
    OpSpec("sort_3d_negative_dim", lambda a: ag.sort(a, -2, stable=True).values, lambda a: np.sort(a, -2),
           make=_distinct((2, 3, 4))),
    OpSpec("topk_largest", lambda a: a.topk(2).values, lambda a: -np.sort(-a, 1)[:, :2], make=_distinct(S)),
    OpSpec("topk_smallest_dim0", lambda a: ag.topk(a, 2, dim=0, largest=False)[0], lambda a: np.sort(a, 0)[:2],
           make=_distinct(S)),
    OpSpec("topk_all", lambda a: a.topk(4, 1).values, lambda a: -np.sort(-a, 1), make=_distinct(S)),
    OpSpec("topk_unsorted", lambda a: a.topk(3, sorted=False).values.sort(1).values,
           lambda a: np.sort(a, 1)[:, 1:], make=_distinct(S)),
    OpSpec("sort_indices", lambda a: (a.sort(1).indices, ag.argsort(a, 0, descending=True), a.topk(2, 1)[1]),
           lambda a: (np.argsort(a, 1), np.argsort(-a, 0), np.argsort(-a, 1)[:, :2]), make=_distinct(S),
           grad=False, note="integer output"),
    # integer-style division: the quotient's gradient is 0; the remainder's is 1 and -quotient
    OpSpec("floor_divide", lambda a, b: a // b, np.floor_divide, make=_division_samples),
    OpSpec("remainder", lambda a, b: a % b, np.remainder, make=_division_samples),
    OpSpec("fmod", ag.fmod, np.fmod, make=_division_samples),
    OpSpec("remainder_scalars", lambda a: (a % 1.5, 2.5 % a, a // 0.7, 3.0 // a),
           lambda a: (a % 1.5, 2.5 % a, a // 0.7, 3.0 // a),
           make=lambda rng: [(rng.choice([-1.0, 1.0], S) * rng.choice([0.65, 0.85, 1.15, 1.45], S),)]),
    # elementwise
    OpSpec("log2", ag.log2, np.log2, low=0.5, high=2.0),
    OpSpec("log10", lambda a: a.log10(), np.log10, low=0.5, high=2.0),
    OpSpec("sinh", ag.sinh, np.sinh),
    OpSpec("cosh", lambda a: a.cosh(), np.cosh),
    OpSpec("asin", ag.asin, np.arcsin, low=-0.9, high=0.9),
    OpSpec("acos", lambda a: a.acos(), np.arccos, low=-0.9, high=0.9),
    OpSpec("atan", ag.atan, np.arctan, low=-3, high=3),
    OpSpec("atan2", ag.atan2, np.arctan2, shapes=BINARY_SHAPES),
    OpSpec("hypot", lambda a, b: a.hypot(b), np.hypot, shapes=BINARY_SHAPES),
    # a number operand goes to the tensor's device (the cuda variants run these on the CuPy stand-in)
    OpSpec("atan2_number", lambda a: ag.atan2(a, 1.5), lambda a: np.arctan2(a, 1.5)),
    OpSpec("hypot_number_left", lambda a: ag.hypot(2.0, a), lambda a: np.hypot(2.0, a)),
    OpSpec("lerp", ag.lerp, lambda a, b, w: a + w * (b - a), shapes=[(S, S, S), (S, (4,), ())]),
    OpSpec("lerp_scalar_weight", lambda a, b: a.lerp(b, 0.3), lambda a, b: a + 0.3 * (b - a), shapes=[(S, S)]),
    # cumprod: exact first and second derivatives also at zeros
    OpSpec("cumprod", lambda a: a.cumprod(1), lambda a: np.cumprod(a, 1), low=0.5, high=1.5),
    OpSpec("cumprod_dim0", lambda a: ag.cumprod(a, -3), lambda a: np.cumprod(a, 0), shapes=[((3, 2, 2),)]),
    OpSpec("cumsum_cumprod_0d", lambda a: ag.cumsum(a, 0) * ag.cumprod(a, -1), lambda a: a * a, shapes=[((),)]),
    OpSpec("cumprod_zeros", lambda a: ag.cumprod(a, 1), lambda a: np.cumprod(a, 1), make=_with_zeros),
    OpSpec("cumprod_zeros_dim0", lambda a: ag.cumprod(a, 0), lambda a: np.cumprod(a, 0), make=_with_zeros),
    # matrices
    OpSpec("tril", lambda a: a.tril(), np.tril, shapes=[(SQ,), ((2, 3, 4),)]),
    OpSpec("triu_diagonal", lambda a: ag.triu(a, diagonal=1), lambda a: np.triu(a, 1), shapes=[(S,)]),
    OpSpec("tril_negative_diagonal", lambda a: ag.tril(a, -1), lambda a: np.tril(a, -1), shapes=[(S,)]),
    OpSpec("diag_embed", lambda a: a.diag(), np.diag, shapes=[((4,),)]),
    OpSpec("diag_embed_offset", lambda a: ag.diag(a, 2), lambda a: np.diag(a, 2), shapes=[((3,),)]),
    OpSpec("diag_extract", lambda a: ag.diag(a, -1), lambda a: np.diag(a, -1).copy(), shapes=[(S,)]),
    OpSpec("diag_extract_above", lambda a: a.diag(1), lambda a: np.diag(a, 1).copy(), shapes=[(S,)]),
    OpSpec("trace", lambda a: a.trace(), np.trace, shapes=[(SQ,), (S,)]),
    OpSpec("roll", lambda a: a.roll((1, -2), (0, 1)), lambda a: np.roll(a, (1, -2), (0, 1))),
    OpSpec("roll_flat", lambda a: ag.roll(a, 5), lambda a: np.roll(a, 5)),
    OpSpec("narrow", lambda a: a.narrow(1, 1, 2), lambda a: a[:, 1:3]),
    OpSpec("narrow_negative_start", lambda a: ag.narrow(a, -2, -2, 2), lambda a: a[:, -2:], shapes=[((2, 5, 3),)]),
    OpSpec("movedim", lambda a: a.movedim(0, -1), lambda a: np.moveaxis(a, 0, -1), shapes=[((2, 3, 4),)]),
    OpSpec("movedim_pairs", lambda a: ag.movedim(a, (0, 1), (2, 0)), lambda a: np.moveaxis(a, (0, 1), (2, 0)),
           shapes=[((2, 3, 4),)]),
    OpSpec("outer", ag.outer, np.outer, shapes=[((3,), (4,))]),
    OpSpec("dot", lambda a, b: a.dot(b), np.dot, shapes=[((4,), (4,))]),
    OpSpec("mv", ag.mv, np.matmul, shapes=[((3, 4), (4,))]),
    OpSpec("addmm", ag.addmm, lambda c, a, b: c + a @ b, shapes=[((3, 5), (3, 4), (4, 5)), ((5,), (3, 4), (4, 5))]),
    OpSpec("addmm_scaled", lambda c, a, b: c.addmm(a, b, beta=0.5, alpha=-2.0),
           lambda c, a, b: 0.5 * c + -2.0 * (a @ b), shapes=[((3, 5), (3, 4), (4, 5))]),
    OpSpec("addmm_beta_zero", lambda c, a, b: ag.addmm(c, a, b, beta=0), lambda c, a, b: a @ b,
           shapes=[((3, 5), (3, 4), (4, 5)), ((5,), (3, 4), (4, 5))]),
    # scatter and friends: differentiable in the float inputs
    OpSpec("scatter", lambda a, s: ag.scatter(a, 0, IDX_UNIQUE, s),
           lambda a, s: _scatter_ref(a, 0, IDX_UNIQUE, s, False), shapes=[(S, S)]),
    OpSpec("scatter_value", lambda a: a.scatter(0, IDX_UNIQUE, 0.5),
           lambda a: _scatter_ref(a, 0, IDX_UNIQUE, np.full(S, 0.5), False)),
    OpSpec("scatter_add", lambda a, s: a.scatter_add(1, IDX_REPEATS, s),
           lambda a, s: _scatter_ref(a, 1, IDX_REPEATS, s, True), shapes=[(S, (3, 5))]),
    OpSpec("index_add", lambda a, s: a.index_add(0, np.array([2, 0, 2, 1, 2]), s, alpha=2.0),
           lambda a, s: _scatter_ref(a, 0, np.broadcast_to(np.array([2, 0, 2, 1, 2])[:, None], (5, 4)), 2 * s, True),
           shapes=[(S, (5, 4))]),
    OpSpec("take_along_dim", lambda a: ag.take_along_dim(a, np.array([[0, 3, 3]]), 1),
           lambda a: np.take_along_axis(a, np.array([[0, 3, 3]]), 1)),
    OpSpec("take_along_dim_flat", lambda a: a.take_along_dim(np.array([11, 0, 5, 5])),
           lambda a: a.reshape(-1)[[11, 0, 5, 5]]),
    OpSpec("masked_select", lambda a: ag.masked_select(a, ag.tensor(MASK)), lambda a: a[:, MASK].reshape(-1),
           syncs="the output's length is the number of True entries, which CuPy reads on the host"),
]
