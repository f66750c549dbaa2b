"""Op specs on complex tensors for the structural ops: shapes, indexing and scatters, reductions and
contractions (PyTorch's convention, complex_autograd.py). Each gradient check perturbs the real and
imaginary parts of every complex input; index and mask arguments are fixed, closed over."""
import numpy as np

import autograd_core as ag
from autograd_core.nn import functional as F

from .spec import OpSpec

S = (3, 4)
ROWS = np.array([2, 0, 2])  # a repeated index: its gradients add up
PERM = np.array([2, 0, 1])  # no repeats: where a written place repeats, which write wins is undefined
COLS = np.array([[0, 3], [1, 1], [2, 0]])  # gather/scatter along dim 1 of a (3, 4)
MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
MASK_SYNCS = "how many values are read or written is the number of True entries, read on the host"


def _on(a, index):
    """An index or mask as a tensor on the device of input ``a``."""
    return ag.tensor(index, device=a.device)


def _c(rng, shape):
    return rng.uniform(-2, 2, shape) + 1j * rng.uniform(-2, 2, shape)


def _complex_and_real(*shapes):
    """A complex input, then real ones: their gradients are real parts."""
    def make(rng):
        return [(_c(rng, shapes[0]),) + tuple(rng.uniform(-2, 2, s) for s in shapes[1:])]
    return make


def _with_zero(shape, where):
    """Complex samples with an exact zero at ``where``: prod's and cumprod's gradients handle it exactly."""
    def make(rng):
        a = _c(rng, shape)
        a[where] = 0
        return [(_c(rng, shape),), (a,)]
    return make


def _scatter_ref(a, src, add):
    out = a.copy()
    for i, j in np.ndindex(COLS.shape):
        out[i, COLS[i, j]] = out[i, COLS[i, j]] + src[i, j] if add else src[i, j]
    return out


def _index_put_ref(a, v, accumulate, rows=ROWS):
    out = a.copy()
    for k, i in enumerate(rows):
        out[i] = out[i] + v[k] if accumulate else v[k]
    return out


def _masked_scatter_ref(a, src):
    out = a.copy()
    out[MASK] = src.ravel()[:MASK.sum()]
    return out


def _var_ref(a, axis=None, ddof=1):
    d = a - a.mean(axis=axis, keepdims=True)
    return (d.real ** 2 + d.imag ** 2).sum(axis=axis) / (a.size / d.sum(axis=axis).size - ddof)


def _renorm_ref(a):
    norms = np.sqrt((np.abs(a) ** 2).sum(1, keepdims=True))
    return a * np.where(norms > 2.5, 2.5 / (norms + 1e-7), 1.0)


def _cumprod_ref(a):
    out = a.copy()
    for j in range(1, a.shape[1]):
        out[:, j] = out[:, j - 1] * a[:, j]
    return out


def _vdot_ref(a, b):
    return sum(np.conj(x) * y for x, y in zip(a, b))


def _cov_ref(a):
    d = a - a.mean(axis=1, keepdims=True)
    return np.array([[sum(d[i] * np.conj(d[j])) / (a.shape[1] - 1) for j in range(a.shape[0])]
                     for i in range(a.shape[0])])


def _corrcoef_ref(a):
    c = _cov_ref(a)
    r = c / np.sqrt(np.outer(np.diag(c).real, np.diag(c).real))
    return np.clip(r.real, -1, 1) + 1j * np.clip(r.imag, -1, 1)


def _setitem(a, v):
    y = a * 1
    y[1, 1:3] = v
    return y


def _setitem_ref(a, v):
    y = a.copy()
    y[1, 1:3] = v
    return y


def _unfold_ref(a):
    return np.stack([a[:, k:k + 2] for k in range(0, 3, 1)], axis=1)


def _spec(name, fn, ref, **kw):
    return OpSpec(f"complex.{name}", fn, ref, complex=True, **kw)



def _scatter_one(a, s):
    out = a.copy()
    out[np.arange(3), COLS[:, 0]] = s[:, 0]
    return out


def _put_ref(a, s):
    flat = a.ravel().copy()
    flat[[5, 0]] = s
    return flat.reshape(a.shape)


def _select_slice_ref(a, s):
    out = a.copy()
    out[:, 2] = s[:, 0]
    out[:, 1:4:2] = s
    return out


def _view_write(a, v):
    y = a * 1
    y[:, 1].mul_(v)
    return y


def _view_write_ref(a, v):
    y = a.copy()
    y[:, 1] *= v
    return y


def _fill_zero(a):
    y = a * 1
    y[1].fill_(2 - 1j)
    y[2, 1:].zero_()
    return y


def _fill_zero_ref(a):
    y = a.copy()
    y[1] = 2 - 1j
    y[2, 1:] = 0
    return y


def _parts_write(a, v):
    y = a * 1
    y.real[1:, 2].mul_(v[1:])
    ag.view_as_real(y)[:, 1, 1].add_(v)
    return y


def _parts_write_ref(a, v):
    y = a.copy()
    y.real[1:, 2] *= v[1:]
    y.imag[:, 1] += v
    return y


def _complex_view_write(a, v):
    y = a * 1
    ag.view_as_complex(y)[1:3].mul_(v)
    return y


def _complex_view_write_ref(a, v):
    c = a[:, 0] + 1j * a[:, 1]
    c[1:3] *= v
    return np.stack([c.real, c.imag], -1)


SPECS = [
    # joining and splitting
    _spec("cat", lambda a, b: ag.cat([a, b], 1), lambda a, b: np.concatenate([a, b], 1), shapes=[(S, (3, 2))]),
    OpSpec("complex.cat_real", lambda a, b: ag.cat([a, b], 0), lambda a, b: np.concatenate([a, b], 0),
           make=_complex_and_real(S, (2, 4))),
    _spec("stack", lambda a, b: ag.stack([a, b], 1), lambda a, b: np.stack([a, b], 1), shapes=[(S, S)]),
    _spec("split", lambda a: ag.split(a, [1, 3], 1), lambda a: np.split(a, [1], 1)),
    _spec("split_one_piece_used", lambda a: ag.split(a, 2, 1)[1], lambda a: a[:, 2:]),
    _spec("chunk", lambda a: a.chunk(2, 0), lambda a: np.split(a, [2], 0), shapes=[((4, 3),)]),
    _spec("unbind", lambda a: a.unbind(1), lambda a: tuple(a[:, j] for j in range(4))),
    _spec("tensor_split", lambda a: ag.tensor_split(a, [1, 3], 1), lambda a: np.split(a, [1, 3], 1)),
    _spec("hstack", lambda a, b: ag.hstack([a, b]), lambda a, b: np.concatenate([a, b], 1), shapes=[(S, (3, 2))]),
    _spec("block_diag", lambda a, b: ag.block_diag(a, b), lambda a, b: np.block(
        [[a, np.zeros((3, 2))], [np.zeros((2, 4)), b]]), shapes=[(S, (2, 2))]),
    # moving and copying elements
    _spec("pad", lambda a: F.pad(a, (1, 2, 0, 1)), lambda a: np.pad(a, ((0, 1), (1, 2)))),
    _spec("pad_reflect", lambda a: F.pad(a[None], (2, 1), mode="reflect")[0],
          lambda a: np.pad(a, ((0, 0), (2, 1)), mode="reflect")),
    _spec("repeat", lambda a: a.repeat(2, 1, 3), lambda a: np.tile(a, (2, 1, 3))),
    _spec("repeat_interleave", lambda a: a.repeat_interleave(2, 1), lambda a: np.repeat(a, 2, 1)),
    _spec("flip", lambda a: a.flip((0, 1)), lambda a: a[::-1, ::-1]),
    _spec("roll", lambda a: a.roll((1, -1), (0, 1)), lambda a: np.roll(a, (1, -1), (0, 1))),
    _spec("rot90", lambda a: ag.rot90(a), lambda a: np.rot90(a)),
    _spec("movedim_flatten", lambda a: ag.movedim(a, 0, 2).flatten(1), lambda a: np.moveaxis(a, 0, 2).reshape(2, -1),
          shapes=[((3, 2, 4),)]),
    _spec("narrow_squeeze_unsqueeze", lambda a: a.narrow(1, 1, 1).squeeze(1).unsqueeze(0), lambda a: a[None, :, 1]),
    _spec("expand", lambda a: a.expand(2, 3, 4), lambda a: np.broadcast_to(a, (2, 3, 4)), shapes=[((3, 1),)]),
    _spec("diff", lambda a: ag.diff(a, 2), lambda a: np.diff(a, 2)),
    _spec("unfold", lambda a: a.unfold(1, 2, 1), _unfold_ref),
    _spec("permute_copy", lambda a: ag.permute_copy(a, (1, 0)), lambda a: a.T.copy()),
    _spec("as_strided", lambda a: ag.as_strided(a, (2, 2), (1, 2)),
          lambda a: np.array([[a.ravel()[0], a.ravel()[2]], [a.ravel()[1], a.ravel()[3]]])),
    # diagonals and triangles
    _spec("diagonal", lambda a: a.diagonal(1), lambda a: np.diagonal(a, 1)),
    _spec("diag_embed", lambda a: ag.diag_embed(a, -1), lambda a: np.stack([np.diag(r, -1) for r in a])),
    _spec("diag", lambda a: ag.diag(a), lambda a: np.diag(a), shapes=[(S,), ((3,),)]),
    _spec("trace", lambda a: ag.trace(a), lambda a: np.trace(a)),
    _spec("tril_triu", lambda a: ag.tril(a, 1) + ag.triu(a, 2), lambda a: np.tril(a, 1) + np.triu(a, 2)),
    _spec("diagonal_scatter", lambda a, b: ag.diagonal_scatter(a, b, 1), lambda a, b: a + np.diag(
        b - np.diagonal(a, 1), 1)[:3], shapes=[(S, (3,))]),
    # indexing and scatters
    _spec("getitem", lambda a: a[1:, ::2], lambda a: a[1:, ::2]),
    _spec("getitem_repeated", lambda a: a[ROWS], lambda a: a[ROWS]),
    _spec("setitem", _setitem, _setitem_ref, shapes=[(S, (2,))]),
    _spec("index_put", lambda a, v: ag.index_put(a, (_on(a, PERM),), v),
          lambda a, v: _index_put_ref(a, v, False, PERM), shapes=[(S, (3, 4))]),
    _spec("index_put_accumulate", lambda a, v: ag.index_put(a, (_on(a, ROWS),), v, accumulate=True),
          lambda a, v: _index_put_ref(a, v, True), shapes=[(S, (3, 4))]),
    _spec("gather", lambda a: ag.gather(a, 1, _on(a, COLS)), lambda a: np.take_along_axis(a, COLS, 1)),
    _spec("take_along_dim", lambda a: ag.take_along_dim(a, _on(a, COLS), 1),
          lambda a: np.take_along_axis(a, COLS, 1)),
    _spec("scatter", lambda a, s: ag.scatter(a, 1, _on(a, COLS[:, :1]), s), lambda a, s: _scatter_one(a, s),
          shapes=[(S, (3, 1))]),
    _spec("scatter_add", lambda a, s: ag.scatter_add(a, 1, _on(a, COLS), s), lambda a, s: _scatter_ref(a, s, True),
          shapes=[(S, (3, 2))]),
    _spec("index_select", lambda a: ag.index_select(a, 0, _on(a, ROWS)), lambda a: a[ROWS]),
    _spec("index_add", lambda a, s: ag.index_add(a, 0, _on(a, ROWS), s, alpha=2),
          lambda a, s: _index_put_ref(a, 2 * s, True), shapes=[(S, (3, 4))]),
    _spec("index_add_complex_alpha", lambda a, s: ag.index_add(a, 0, _on(a, ROWS), s, alpha=2 - 1j),
          lambda a, s: _index_put_ref(a, (2 - 1j) * s, True), shapes=[(S, (3, 4))],
          note="PyTorch 2.13's gradient in source misses the conjugate of a complex alpha (it gives g * alpha)"),
    _spec("index_copy", lambda a, s: ag.index_copy(a, 0, _on(a, [2, 0]), s),
          lambda a, s: np.concatenate([s[1:], a[1:2], s[:1]]), shapes=[(S, (2, 4))]),
    _spec("index_fill", lambda a: ag.index_fill(a, 1, _on(a, [0, 2]), 1 - 2j),
          lambda a: np.where(np.isin(np.arange(4), [0, 2]), 1 - 2j, a)),
    _spec("masked_select", lambda a: ag.masked_select(a, _on(a, MASK)), lambda a: a[MASK], syncs=MASK_SYNCS),
    _spec("masked_scatter", lambda a, s: ag.masked_scatter(a, _on(a, MASK), s), _masked_scatter_ref,
          shapes=[(S, (2, 4))], syncs=MASK_SYNCS),
    _spec("take", lambda a: ag.take(a, _on(a, [[1, 11], [1, 0]])), lambda a: a.ravel()[[[1, 11], [1, 0]]]),
    _spec("put", lambda a, s: ag.put(a, _on(a, [5, 0]), s), _put_ref, shapes=[(S, (2,))]),
    _spec("select_slice_scatter", lambda a, s: ag.slice_scatter(ag.select_scatter(a, s[:, 0], 1, 2), s, 1, 1, 4, 2),
          lambda a, s: _select_slice_ref(a, s), shapes=[(S, (3, 2))]),
    # reductions
    _spec("mean", lambda a: a.mean(1), lambda a: a.mean(1)),
    _spec("var", lambda a: a.var(1), lambda a: _var_ref(a, 1), shapes=[(S,), ((2, 3, 4),)]),
    _spec("std", lambda a: a.std(), lambda a: np.sqrt(_var_ref(a))),
    _spec("var_mean", lambda a: ag.var_mean(a, 0, correction=0), lambda a: (_var_ref(a, 0, 0), a.mean(0))),
    _spec("norm", lambda a: ag.norm(a, dim=1), lambda a: np.sqrt((np.abs(a) ** 2).sum(1))),
    _spec("norm_p3", lambda a: ag.norm(a, 3, 0), lambda a: (np.abs(a) ** 3).sum(0) ** (1 / 3)),
    _spec("dist", lambda a, b: ag.dist(a, b), lambda a, b: np.sqrt((np.abs(a - b) ** 2).sum()), shapes=[(S, (4,))]),
    _spec("renorm", lambda a: ag.renorm(a, 2, 0, 2.5), _renorm_ref),
    _spec("prod", lambda a: a.prod(1), lambda a: np.array([r[0] * r[1] * r[2] * r[3] for r in a]),
          make=_with_zero(S, (1, 2))),
    _spec("prod_all", lambda a: a.prod(), lambda a: np.prod(a), make=_with_zero((2, 3), (0, 0))),
    _spec("cumsum", lambda a: a.cumsum(1), lambda a: np.cumsum(a, 1)),
    _spec("cumprod", lambda a: a.cumprod(1), _cumprod_ref, make=_with_zero(S, (1, 1))),
    # imaginary parts in [-1, 1]: the results' stay in (-pi, pi], where every branch of log agrees
    _spec("logsumexp", lambda a: ag.logsumexp(a, 1), lambda a: np.log(np.exp(a).sum(1)), low=-1.0, high=1.0),
    _spec("logcumsumexp", lambda a: ag.logcumsumexp(a, 1), lambda a: np.log(np.cumsum(np.exp(a), 1)), low=-1.0,
          high=1.0),
    # contractions
    _spec("einsum", lambda a, b: ag.einsum("ij,jk->ik", a, b), lambda a, b: a @ b, shapes=[(S, (4, 2))]),
    _spec("einsum_diagonal", lambda a, b: ag.einsum("ii,ij->j", a, b), lambda a, b: np.diag(a) @ b,
          shapes=[((3, 3), S)]),
    OpSpec("complex.einsum_real", lambda a, b: ag.einsum("ij,jk->ik", a, b), lambda a, b: a @ b,
           make=_complex_and_real(S, (4, 2))),
    _spec("tensordot", lambda a, b: ag.tensordot(a, b, ([1], [0])), lambda a, b: a @ b, shapes=[(S, (4, 2))]),
    _spec("inner", lambda a, b: ag.inner(a, b), lambda a, b: a @ b.T, shapes=[(S, (2, 4))]),
    _spec("outer", lambda a, b: ag.outer(a, b), lambda a, b: a[:, None] * b[None], shapes=[((3,), (4,))]),
    _spec("dot", lambda a, b: ag.dot(a, b), lambda a, b: (a * b).sum(), shapes=[((4,), (4,))]),
    _spec("vdot", lambda a, b: ag.vdot(a, b), _vdot_ref, shapes=[((4,), (4,))]),
    _spec("kron", lambda a, b: ag.kron(a, b), lambda a, b: np.block(
        [[a[i, j] * b for j in range(a.shape[1])] for i in range(a.shape[0])]), shapes=[((2, 3), (2, 2))]),
    _spec("cross", lambda a, b: ag.cross(a, b, dim=1), lambda a, b: np.cross(a, b), shapes=[((2, 3), (2, 3))]),
    _spec("addmm", lambda a, b, c: ag.addmm(a, b, c, beta=2, alpha=-1.5), lambda a, b, c: 2 * a - 1.5 * (b @ c),
          shapes=[((3, 2), S, (4, 2))]),
    _spec("cov", lambda a: ag.cov(a), _cov_ref),
    _spec("corrcoef", lambda a: ag.corrcoef(a), _corrcoef_ref),
    _spec("cov_weights", lambda a: ag.cov(a, fweights=_on(a, [1, 3, 0, 2]), aweights=_on(a, [0.5, 1.0, 2.0, 0.1])),
          lambda a: np.cov(a, fweights=[1, 3, 0, 2], aweights=[0.5, 1.0, 2.0, 0.1])),
    _spec("trapezoid", lambda a: ag.trapezoid(a, dx=0.5), lambda a: 0.25 * (a[:, 1:] + a[:, :-1]).sum(1)),
    _spec("cumulative_trapezoid", lambda a: ag.cumulative_trapezoid(a),
          lambda a: np.cumsum(0.5 * (a[:, 1:] + a[:, :-1]), 1)),
    _spec("to_host_and_back", lambda a: a.to("cpu").to(a.device) * 1, lambda a: a,
          syncs="a GPU input is copied to the host and back"),
    # in place on non-leaf results
    _spec("add_", lambda a, b: (a * 1).add_(b, alpha=2), lambda a, b: a + 2 * b, shapes=[(S, S)]),
    _spec("mul_", lambda a, b: (a * 1).mul_(b), lambda a, b: a * b, shapes=[(S, (4,))]),
    _spec("setitem_on_view", lambda a, v: _view_write(a, v), lambda a, v: _view_write_ref(a, v), shapes=[(S, (3,))]),
    _spec("fill_zero_", _fill_zero, _fill_zero_ref),
    OpSpec("complex.write_through_real_views", _parts_write, _parts_write_ref, make=_complex_and_real(S, (3,))),
    OpSpec("complex.write_through_a_complex_view", _complex_view_write, _complex_view_write_ref,
           make=lambda rng: [(rng.uniform(-2, 2, (4, 2)), _c(rng, (2,)))]),
]
