"""Op specs for the special functions (autograd_core/ops/special.py) and the contractions
(autograd_core/ops/contraction.py). References are NumPy, or ``math`` applied elementwise."""
import math

import numpy as np

import autograd_core as ag

from .spec import OpSpec, away_from

S = (3, 4)
_erf = np.vectorize(math.erf)
_erfc = np.vectorize(math.erfc)
_lgamma = np.vectorize(math.lgamma)


def _digamma(x):
    """Central difference of math.lgamma with a step small enough for 1e-7 agreement."""
    h = 1e-5
    return (_lgamma(x + h) - _lgamma(x - h)) / (2 * h)


def _erfinv(y):
    """Bisection on math.erf: 60 halvings of [-6, 6]."""
    lo, hi = np.full_like(y, -6.0), np.full_like(y, 6.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        below = _erf(mid) < y
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


def _uniform(shape, low, high):
    return lambda rng: rng.uniform(low, high, shape)


def _positive(shape, low=0.5, high=2.0):
    return _uniform(shape, low, high)


def _xlogy_ref(x, y):
    return np.where(x == 0, 0.0, x * np.log(y))


def _logit(x):
    return np.log(x / (1 - x))


def _cross_ref(a, b, axis):
    return np.cross(a, b, axis=axis)


def _kron_ref(a, b):
    return np.kron(a, b)


def _cdist_ref(x1, x2, p):
    d = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == np.inf:
        return d.max(-1)
    return (d ** p).sum(-1) ** (1 / p)


SPECS = [
    OpSpec("erf", ag.erf, _erf),
    OpSpec("erfc", ag.erfc, _erfc, low=-3, high=3),
    OpSpec("erfinv", ag.erfinv, _erfinv, low=-0.95, high=0.95, grad_atol=1e-4),
    OpSpec("lgamma", ag.lgamma, _lgamma, make=_draw(away_from([-2.0, -1.0, 0.0], S, -2.7, 5.0, gap=0.15))),
    OpSpec("digamma", ag.digamma, _digamma, make=_draw(_positive(S, 0.3, 6.0)), atol=1e-7, rtol=1e-7),
    OpSpec("digamma_negative", ag.digamma, _digamma, make=_draw(away_from([-2.0, -1.0], S, -2.8, -0.2, gap=0.2)),
           atol=1e-6, rtol=1e-7),
    OpSpec("polygamma_1", lambda x: ag.polygamma(1, x), lambda x: (_digamma(x + 1e-4) - _digamma(x - 1e-4)) / 2e-4,
           make=_draw(_positive(S, 0.5, 6.0)), atol=1e-4, rtol=1e-5),
    OpSpec("xlogy", ag.xlogy, _xlogy_ref, make=_draw(_uniform(S, -2, 2), _positive(S))),
    OpSpec("xlogy_broadcast", ag.xlogy, _xlogy_ref, make=_draw(_uniform((3, 1), -2, 2), _positive((4,)))),
    OpSpec("xlogy_zero", ag.xlogy, _xlogy_ref, make=lambda rng: [(np.array([0.0, 1.5, -0.5]), rng.uniform(0.5, 2, 3))],
           note="x = 0 gives 0; its gradient log(y) there, as PyTorch"),
    OpSpec("logaddexp", ag.logaddexp, np.logaddexp, shapes=[(S, S), ((3, 1), (4,))], low=-5, high=5),
    OpSpec("logit", ag.logit, _logit, low=0.05, high=0.95),
    OpSpec("logit_eps", lambda x: ag.logit(x, eps=0.2), lambda x: _logit(np.clip(x, 0.2, 0.8)),
           make=_draw(away_from([0.2, 0.8], S, 0.0, 1.0, gap=0.05))),
    OpSpec("sinc", ag.sinc, np.sinc, low=-3, high=3),
    OpSpec("sinc_at_zero", ag.sinc, np.sinc, make=lambda rng: [(np.array([0.0, 0.02, -0.031, 0.5, -1.5]),)],
           note="the removable singularity: value 1, gradient 0 and second derivative -pi**2/3 at 0"),
    OpSpec("frac", ag.frac, lambda x: x - np.trunc(x), make=_draw(away_from([-2.0, -1.0, 0.0, 1.0, 2.0], S))),
    OpSpec("trunc", ag.trunc, np.trunc, make=_draw(away_from([-2.0, -1.0, 0.0, 1.0, 2.0], S)),
           note="piecewise constant: gradient 0"),
    OpSpec("sgn", ag.sgn, np.sign, make=_draw(away_from([0.0], S))),
    OpSpec("deg2rad", ag.deg2rad, np.deg2rad, low=-360, high=360),
    OpSpec("rad2deg", ag.rad2deg, np.rad2deg),
    OpSpec("nan_to_num", lambda x: ag.nan_to_num(x / (x > 0), neginf=-3.0), lambda x: np.where(x > 0, x, -3.0),
           make=_draw(away_from([0.0], S)), note="x / 0 = -inf where x < 0; the gradient flows at the finite places"),
    OpSpec("nan_to_num_default", lambda x: ag.nan_to_num(x / (x > 0)),
           lambda x: np.where(x > 0, x, np.finfo(x.dtype).min),
           make=_draw(away_from([0.0], S)), grad=False, note="a finite difference can't be taken next to -1.8e308"),
    OpSpec("nan_to_num_values", lambda x: ag.nan_to_num(ag.log(x), nan=1.5, posinf=7.0, neginf=-7.0),
           lambda x: np.nan_to_num(np.log(x), nan=1.5, posinf=7.0, neginf=-7.0),
           make=lambda rng: [(np.array([0.0, -1.0, 0.5, 2.0]),)], grad=False,
           note="log of 0 and -1 give -inf and NaN, where no finite difference holds"),
    OpSpec("true_divide", ag.true_divide, np.true_divide, make=_draw(_uniform(S, -2, 2), _positive((4,)))),
    OpSpec("heaviside", ag.heaviside, np.heaviside,
           make=lambda rng: [(np.array([-1.5, 0.0, 2.0, -0.0]), rng.uniform(-1, 1, 4)),
                             (np.array([[0.0, 1.0, -3.0]]), rng.uniform(-1, 1, (2, 1)))],
           grad=False, note="a step function: the result never requires grad, as PyTorch's"),
    OpSpec("signbit", ag.signbit, np.signbit, make=lambda rng: [(np.array([-1.5, 0.0, -0.0, 2.0, -np.inf]),)],
           grad=False, note="bool output"),
    # -- contractions
    OpSpec("einsum_matmul", lambda a, b: ag.einsum("ij,jk->ik", a, b), lambda a, b: a @ b, shapes=[((3, 4), (4, 2))]),
    OpSpec("einsum_batched", lambda a, b: ag.einsum("bij,bkj->bik", a, b), lambda a, b: a @ b.swapaxes(1, 2),
           shapes=[((2, 3, 4), (2, 5, 4))]),
    OpSpec("einsum_three", lambda a, b, c: ag.einsum("ij,jk,kl", a, b, c), lambda a, b, c: a @ b @ c,
           shapes=[((2, 3), (3, 4), (4, 2))]),
    OpSpec("einsum_trace_diag", lambda a: ag.einsum("ii->i", a) * ag.einsum("ii", a),
           lambda a: np.diag(a) * np.trace(a), shapes=[((3, 3),)]),
    OpSpec("einsum_sum_out", lambda a, b: ag.einsum("ij,k->k", a, b), lambda a, b: a.sum() * b,
           shapes=[((2, 3), (4,))]),
    OpSpec("einsum_ellipsis_broadcast", lambda a, b: ag.einsum("...ij,...j->...i", a, b),
           lambda a, b: (a @ b[..., None])[..., 0], shapes=[((2, 3, 4), (1, 4)), ((3, 4), (2, 4))]),
    OpSpec("einsum_size1_broadcast", lambda a, b: ag.einsum("ij,ij->ij", a, b), lambda a, b: a * b,
           shapes=[((3, 1), (3, 4))]),
    OpSpec("tensordot", ag.tensordot, lambda a, b: np.tensordot(a, b), shapes=[((2, 3, 4), (3, 4, 2))]),
    OpSpec("tensordot_lists", lambda a, b: ag.tensordot(a, b, dims=([1, 0], [0, 2])),
           lambda a, b: np.tensordot(a, b, axes=([1, 0], [0, 2])), shapes=[((2, 3, 4), (3, 5, 2))]),
    OpSpec("kron", ag.kron, _kron_ref, shapes=[((2, 3), (3, 2)), ((2, 3), (4,))]),
    OpSpec("cross", lambda a, b: ag.cross(a, b, dim=1), lambda a, b: _cross_ref(a, b, 1),
           shapes=[((4, 3), (4, 3)), ((1, 3), (4, 3))]),
    OpSpec("cross_default_dim", ag.cross, lambda a, b: _cross_ref(a, b, 0), shapes=[((3, 4), (3, 4))]),
    OpSpec("inner", ag.inner, np.inner, shapes=[((2, 3), (4, 3)), ((3,), (2, 2, 3))]),
    OpSpec("cdist", ag.cdist, lambda a, b: _cdist_ref(a, b, 2), shapes=[((3, 4), (5, 4)), ((2, 3, 4), (5, 4))]),
    OpSpec("cdist_mm", lambda a, b: ag.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
           lambda a, b: _cdist_ref(a, b, 2), shapes=[((3, 4), (5, 4))], atol=1e-5),
    OpSpec("cdist_p1", lambda a, b: ag.cdist(a, b, p=1.0), lambda a, b: _cdist_ref(a, b, 1),
           shapes=[((3, 4), (5, 4))]),
    OpSpec("cdist_p3", lambda a, b: ag.cdist(a, b, p=3.0), lambda a, b: _cdist_ref(a, b, 3),
           shapes=[((2, 3, 4), (2, 5, 4))]),
    OpSpec("cdist_inf", lambda a, b: ag.cdist(a, b, p=math.inf), lambda a, b: _cdist_ref(a, b, np.inf),
           shapes=[((3, 4), (5, 4))]),
    OpSpec("addcmul", lambda x, a, b: ag.addcmul(x, a, b, value=0.5), lambda x, a, b: x + 0.5 * a * b,
           shapes=[((3, 4), (3, 4), (3, 4)), ((4,), (3, 1), (4,))]),
    OpSpec("addcdiv", lambda x, a, b: ag.addcdiv(x, a, b, value=-2.0), lambda x, a, b: x - 2.0 * a / b,
           make=_draw(_uniform(S, -2, 2), _uniform(S, -2, 2), _positive(S))),
    OpSpec("addmv", lambda x, m, v: ag.addmv(x, m, v, beta=0.5, alpha=2.0), lambda x, m, v: 0.5 * x + 2.0 * m @ v,
           shapes=[((3,), (3, 4), (4,)), ((1,), (3, 4), (4,))]),
    OpSpec("addbmm", lambda x, a, b: ag.addbmm(x, a, b, beta=0.5, alpha=2.0),
           lambda x, a, b: 0.5 * x + 2.0 * (a @ b).sum(0), shapes=[((3, 2), (4, 3, 5), (4, 5, 2))]),
    OpSpec("baddbmm", lambda x, a, b: ag.baddbmm(x, a, b, beta=0.5, alpha=2.0),
           lambda x, a, b: 0.5 * x + 2.0 * a @ b,
           shapes=[((4, 3, 2), (4, 3, 5), (4, 5, 2)), ((2,), (4, 3, 5), (4, 5, 2))]),
    OpSpec("baddbmm_beta_zero", lambda x, a, b: ag.baddbmm(x, a, b, beta=0.0), lambda x, a, b: a @ b,
           shapes=[((4, 3, 2), (4, 3, 5), (4, 5, 2))], note="beta=0: input ignored, its gradient zeros"),
    OpSpec("softmax_top_level", lambda x: ag.softmax(x, 1), lambda x: np.exp(x) / np.exp(x).sum(1, keepdims=True)),
]
