"""The structural ops on complex tensors against PyTorch (values and gradients of a real loss), and the
ops PyTorch refuses on complex tensors refusing too."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.nn import functional as F
from torch_parity import compare_complex

try:
    import torch
except ImportError:  # the comparisons skip (compare_complex), the rest runs
    torch = None

IDX = np.array([2, 0, 2])
COLS = np.array([[0, 3], [1, 1], [2, 0]])
MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
EYE = np.eye(3, 4, dtype=bool)  # one place in each row
FW, AW = np.array([1, 3, 0, 2, 1]), np.array([0.5, 1.0, 2.0, 0.1, 1.5])  # cov's weights (real)


def _z(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def _t(a):
    return torch.tensor(a)


# (name, ours, torch's, input arrays); each function takes the inputs as Tensors of its library
CASES = [
    ("cat", lambda a, b: ag.cat([a, b], 1), lambda a, b: torch.cat([a, b], 1), [_z(3, 4), _z(3, 2, seed=1)]),
    ("cat_real", lambda a, b: ag.cat([a, b]), lambda a, b: torch.cat([a, b]),
     [_z(3, 4), np.random.default_rng(2).standard_normal((2, 4))]),
    ("stack", lambda a, b: ag.stack([a, b], 2), lambda a, b: torch.stack([a, b], 2),
     [_z(3, 4), _z(3, 4, seed=1)]),
    ("split", lambda a: ag.split(a, [1, 3], 1)[1], lambda a: a.split([1, 3], 1)[1], [_z(3, 4)]),
    ("chunk_unbind", lambda a: a.chunk(2, 0)[0].unbind(1)[2], lambda a: a.chunk(2, 0)[0].unbind(1)[2], [_z(4, 3)]),
    ("pad", lambda a: F.pad(a, (1, 2, 0, 1)), lambda a: torch.nn.functional.pad(a, (1, 2, 0, 1)),
     [_z(3, 4)]),
    ("pad_reflect", lambda a: F.pad(a, (2, 1), mode="reflect"),
     lambda a: torch.nn.functional.pad(a, (2, 1), mode="reflect"), [_z(2, 3, 4)]),
    ("repeat", lambda a: a.repeat(2, 1, 3), lambda a: a.repeat(2, 1, 3), [_z(3, 4)]),
    ("flip_roll", lambda a: a.flip(0).roll(1, 1), lambda a: a.flip(0).roll(1, 1), [_z(3, 4)]),
    ("diagonal", lambda a: a.diagonal(1, 0, 2), lambda a: a.diagonal(1, 0, 2), [_z(3, 2, 4)]),
    ("diag_embed", lambda a: ag.diag_embed(a, -1), lambda a: torch.diag_embed(a, -1), [_z(3, 4)]),
    ("diag_trace", lambda a: ag.diag(a, 1) * ag.trace(a), lambda a: a.diag(1) * a.trace(), [_z(4, 4)]),
    ("tril_triu", lambda a: a.tril(1) + a.triu(2), lambda a: a.tril(1) + a.triu(2), [_z(3, 4)]),
    ("getitem", lambda a: a[1:, ::2][ag.tensor(IDX - 1)], lambda a: a[1:, ::2][_t(IDX - 1)], [_z(3, 4)]),
    ("setitem", lambda a, v: _setitem(a * 1, v), lambda a, v: _setitem(a * 1, v), [_z(3, 4), _z(2, seed=1)]),
    ("setitem_real_value", lambda a, v: _setitem(a * 1, v), lambda a, v: _setitem(a * 1, v),
     [_z(3, 4), np.random.default_rng(1).standard_normal(2)]),
    ("index_put", lambda a, v: a.index_put((ag.tensor(IDX),), v, accumulate=True),
     lambda a, v: a.index_put((_t(IDX),), v, accumulate=True), [_z(3, 4), _z(3, 4, seed=1)]),
    ("gather", lambda a: ag.gather(a, 1, ag.tensor(COLS)), lambda a: a.gather(1, _t(COLS)), [_z(3, 4)]),
    ("scatter_add", lambda a, s: a.scatter_add(1, ag.tensor(COLS), s), lambda a, s: a.scatter_add(1, _t(COLS), s),
     [_z(3, 4), _z(3, 2, seed=1)]),
    ("scatter", lambda a, s: a.scatter(1, ag.tensor(COLS[:, :1]), s), lambda a, s: a.scatter(1, _t(COLS[:, :1]), s),
     [_z(3, 4), _z(3, 1, seed=1)]),
    ("index_add", lambda a, s: a.index_add(0, ag.tensor(IDX), s, alpha=2),
     lambda a, s: a.index_add(0, _t(IDX), s, alpha=2), [_z(3, 4), _z(3, 4, seed=1)]),
    ("index_select", lambda a: a.index_select(1, ag.tensor(IDX)), lambda a: a.index_select(1, _t(IDX)), [_z(3, 4)]),
    ("masked", lambda a, s: a.masked_scatter(ag.tensor(MASK), s) + a.masked_fill(ag.tensor(MASK), 2j),
     lambda a, s: a.masked_scatter(_t(MASK), s) + a.masked_fill(_t(MASK), 2j), [_z(3, 4), _z(2, 4, seed=1)]),
    ("masked_select", lambda a: a.masked_select(ag.tensor(MASK)), lambda a: a.masked_select(_t(MASK)), [_z(3, 4)]),
    ("diagonal_scatter", lambda a, s: ag.diagonal_scatter(a, s, 1),
     lambda a, s: torch.diagonal_scatter(a, s, 1), [_z(3, 4), _z(3, seed=1)]),
    ("unfold", lambda a: a.unfold(1, 2, 1), lambda a: a.unfold(1, 2, 1), [_z(3, 4)]),
    ("as_strided", lambda a: ag.as_strided(a, (2, 2), (1, 2)),
     lambda a: torch.as_strided(a, (2, 2), (1, 2)), [_z(3, 4)]),
    ("mean", lambda a: a.mean(1), lambda a: a.mean(1), [_z(3, 4)]),
    ("var", lambda a: a.var(1), lambda a: a.var(1), [_z(3, 4)]),
    ("std", lambda a: a.std(0, correction=0), lambda a: a.std(0, correction=0), [_z(3, 4)]),
    ("norm", lambda a: ag.norm(a, dim=1), lambda a: a.norm(dim=1), [_z(3, 4)]),
    ("norms_1_inf", lambda a: ag.norm(a, 1, 1) + ag.norm(a, float("inf"), 1),
     lambda a: a.norm(1, 1) + a.norm(float("inf"), 1), [_z(3, 4)]),
    ("dist_renorm", lambda a, b: ag.renorm(a, 2, 1, 1.5) * ag.dist(a, b), lambda a, b: a.renorm(2, 1, 1.5) * a.dist(b),
     [_z(3, 4), _z(4, seed=1)]),
    ("prod", lambda a: a.prod(1), lambda a: a.prod(1), [_z(3, 4)]),
    ("prod_with_zero", lambda a: a.prod(1), lambda a: a.prod(1), [np.where(EYE, 0, _z(3, 4))]),
    ("cumsum", lambda a: a.cumsum(1), lambda a: a.cumsum(1), [_z(3, 4)]),
    ("cumprod", lambda a: a.cumprod(1), lambda a: a.cumprod(1), [_z(3, 4)]),
    ("cumprod_with_zeros", lambda a: a.cumprod(1), lambda a: a.cumprod(1), [np.where(MASK, 0, _z(3, 4))]),
    ("logsumexp", lambda a: ag.logsumexp(a, 1), lambda a: a.logsumexp(1), [_z(3, 4)]),
    ("logcumsumexp", lambda a: ag.logcumsumexp(a * 2, 1), lambda a: (a * 2).logcumsumexp(1), [_z(3, 4)]),
    ("einsum", lambda a, b: ag.einsum("bij,bjk->bik", a, b), lambda a, b: torch.einsum(
        "bij,bjk->bik", a, b), [_z(2, 3, 4), _z(2, 4, 2, seed=1)]),
    ("tensordot", lambda a, b: ag.tensordot(a, b, 1), lambda a, b: torch.tensordot(a, b, 1),
     [_z(3, 4), _z(4, 2, seed=1)]),
    ("inner_outer", lambda a, b: ag.outer(ag.inner(a, b).reshape(1), b),
     lambda a, b: torch.outer(torch.inner(a, b).reshape(1), b), [_z(4), _z(4, seed=1)]),
    ("dot", lambda a, b: ag.dot(a, b), lambda a, b: a.dot(b), [_z(4), _z(4, seed=1)]),
    ("vdot", lambda a, b: ag.vdot(a, b), lambda a, b: a.vdot(b), [_z(4), _z(4, seed=1)]),
    ("kron", lambda a, b: ag.kron(a, b), lambda a, b: torch.kron(a, b), [_z(2, 3), _z(2, 2, seed=1)]),
    ("cross", lambda a, b: ag.cross(a, b, dim=1), lambda a, b: torch.cross(a, b, dim=1),
     [_z(2, 3), _z(2, 3, seed=1)]),
    ("addmm", lambda a, b, c: ag.addmm(a, b, c, beta=2, alpha=3), lambda a, b, c: torch.addmm(
        a, b, c, beta=2, alpha=3), [_z(3, 2), _z(3, 4, seed=1), _z(4, 2, seed=2)]),
    ("cov", lambda a: ag.cov(a), lambda a: a.cov(), [_z(3, 5)]),
    ("corrcoef", lambda a: ag.corrcoef(a), lambda a: a.corrcoef(), [_z(3, 5)]),
    ("cov_weights", lambda a: ag.cov(a, fweights=ag.tensor(FW), aweights=ag.tensor(AW)),
     lambda a: a.cov(fweights=_t(FW), aweights=_t(AW)), [_z(3, 5)]),
    ("copies", lambda a: ag.permute_copy(a, (1, 0)) + ag.t_copy(a),
     lambda a: torch.permute_copy(a, (1, 0)) + torch.t_copy(a), [_z(3, 4)]),
    ("trapezoid", lambda a: ag.cumulative_trapezoid(a, dx=0.5).sum(1) + ag.trapezoid(a),
     lambda a: torch.cumulative_trapezoid(a, dx=0.5).sum(1) + torch.trapezoid(a),
     [_z(3, 4)]),
    ("diff", lambda a: ag.diff(a), lambda a: a.diff(), [_z(3, 4)]),
    ("mul_", lambda a, b: (a * 1).mul_(b), lambda a, b: (a * 1).mul_(b), [_z(3, 4), _z(4, seed=1)]),
    ("view_add_", lambda a, b: _view_add_(a * 1, b), lambda a, b: _view_add_(a * 1, b), [_z(3, 4), _z(3, seed=1)]),
    ("fill_zero_", lambda a: _fill_zero_(a * 1), lambda a: _fill_zero_(a * 1), [_z(3, 4)]),
    # in place through a real view of a complex tensor, a complex view of a real one, and such views kept
    # up to date when their base changes in place
    ("real_view_mul_", lambda a, v: _parts_mul_(a * 1, v, ag), lambda a, v: _parts_mul_(a * 1, v, torch),
     [_z(3, 4), np.random.default_rng(1).standard_normal(3)]),
    ("complex_view_mul_", lambda a, v: _complex_view_mul_(a * 1, v, ag),
     lambda a, v: _complex_view_mul_(a * 1, v, torch), [_z(4, 2).real, _z(2, seed=1)]),
    ("views_follow_their_base", lambda a, b: _views_follow(a * 1, b * 1, ag),
     lambda a, b: _views_follow(a * 1, b * 1, torch), [_z(3, 4), _z(4, 2, seed=1).real]),
]


def _fill_zero_(y):
    y[1].fill_(2 - 1j)
    y[2, 1:].zero_()
    return y


def _parts_mul_(y, v, lib):
    y.real[1:, 2].mul_(v[1:])
    y.imag[:, 1].add_(v)
    lib.view_as_real(y)[0, :3, 1].mul_(v)
    y.T.imag[3] = v
    return y


def _complex_view_mul_(y, v, lib):
    lib.view_as_complex(y)[1:3].mul_(v)
    return y


def _views_follow(y, w, lib):
    parts = y.real[:, 1:], y.imag.T, lib.view_as_real(y)[1], lib.view_as_complex(w)
    y.mul_(1 - 2j)
    w.mul_(3)
    return lib.cat([p.reshape(-1) for p in parts[:3]]) * parts[3].sum()


def _setitem(y, v):
    y[1, 1:3] = v
    return y


def _view_add_(y, v):
    y[:, 1].add_(v, alpha=2)
    return y


@pytest.mark.parametrize("name,ours,theirs,arrays", CASES, ids=[c[0] for c in CASES])
def test_against_pytorch(name, ours, theirs, arrays):
    compare_complex(ours, theirs, arrays)


@pytest.mark.parametrize("op", ["max", "min", "amax", "argmax", "sort", "argsort", "topk", "cummax", "median",
                                "kthvalue", "mode", "unique", "searchsorted"])
def test_ops_that_need_an_order_refuse_complex_tensors_as_pytorch(op):
    z = ag.tensor(_z(3, 4))
    args = {"topk": (2,), "cummax": (1,), "kthvalue": (1,), "searchsorted": (z,)}.get(op, ())
    with pytest.raises(TypeError, match=f"{op}: complex tensors \\(complex128\\) have no order"):
        getattr(ag, op)(z, *args)


def test_nansum_and_a_complex_pad_value_are_refused_as_pytorch():
    with pytest.raises(TypeError, match="nansum: complex"):
        ag.nansum(ag.tensor(_z(3)))
    with pytest.raises(TypeError, match="pad: value must be a real number"):
        F.pad(ag.tensor(_z(3)), (1, 1), value=1j)


def test_var_std_and_norm_of_complex_tensors_are_real():
    z = ag.tensor(_z(3, 4).astype(np.complex64))
    assert ag.var(z).dtype == np.float32 and ag.std(z, 1).dtype == np.float32 and ag.norm(z).dtype == np.float32


@pytest.mark.parametrize("name,write", [
    ("setitem", lambda x: x.__setitem__(slice(2), 1j)), ("scatter", lambda x: x.scatter(0, ag.tensor([0]), 1j)),
    ("index_fill", lambda x: x.index_fill(0, ag.tensor([0]), 2 + 1j)), ("masked_fill", lambda x: x.masked_fill(
        ag.tensor([True, False, False]), 1j))])
def test_a_python_complex_value_is_refused_by_a_real_tensor_as_pytorch(name, write):
    # NumPy would drop the imaginary part silently
    with pytest.raises(TypeError, match=f"{name}: a complex value .* can't fill a tensor of dtype float64"):
        write(ag.zeros(3, dtype=ag.float64))


@pytest.mark.parametrize("reduce", ["amax", "amin"])
def test_scatter_and_index_reduce_by_an_extreme_refuse_complex_tensors_as_pytorch(reduce):
    z, index = ag.tensor(_z(3, 4)), ag.tensor([0, 0, 1])
    with pytest.raises(TypeError, match="scatter_reduce: complex tensors \\(complex128\\) have no order"):
        z.scatter_reduce(0, index[:, None].expand(3, 4), z, reduce)
    with pytest.raises(TypeError, match="index_reduce: complex tensors \\(complex128\\) have no order"):
        z.index_reduce(0, index, z, reduce)
