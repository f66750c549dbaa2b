"""Op specs for the in-place forms written through ``apply_inplace`` (``x.sigmoid_()``, ``x.atan2_(y)``,
``F.elu_(x)`` ...), each applied to rows 1: of a non-leaf copy of its first input (a view, changed
through its base), and for the inverse hyperbolic functions and broadcast_tensors."""
import numpy as np

import autograd_core as ag
from autograd_core.nn import functional as F

from .special_contraction import _digamma, _erf, _erfc, _erfinv, _lgamma
from .spec import OpSpec, away_from

S = (3, 4)
_INTEGERS = [-2.0, -1.0, 0.0, 1.0, 2.0]
_HALVES = [-1.5, -0.5, 0.5, 1.5]


def _u(low, high, shape=S):
    return lambda rng: rng.uniform(low, high, shape)


def _on_view(change):
    """fn: ``change(view, *others)`` on rows 1: of ``a * 1``; returns the whole base."""
    def fn(a, *others):
        h = a * 1
        change(h[1:], *others)
        return h
    return fn


def _ref_on_view(ref):
    def fn(a, *others):
        out = a.copy()
        out[1:] = ref(a[1:], *others)
        return out
    return fn


def _inplace(name, change, ref, *draws, **spec):
    """The spec ``name``: ``change(view, *others)`` (others drawn by ``draws[1:]``, a row each, broadcast
    against the view) against NumPy's ``ref`` on the same rows."""
    return OpSpec(name, _on_view(change), _ref_on_view(ref), make=lambda rng: [tuple(d(rng) for d in draws)],
                  **spec)


def _method(name, ref, *draws, args=(), **spec):
    """``view.name(*others, *args)``."""
    return _inplace(name, lambda v, *others: getattr(v, name)(*others, *args), ref, *draws, **spec)


ROW = (4,)
_STEP = "piecewise constant: gradient 0"

SPECS = [
    _method("sigmoid_", lambda a: 1 / (1 + np.exp(-a)), _u(-2, 2)),
    _method("tanh_", np.tanh, _u(-2, 2)),
    _method("relu_", lambda a: np.maximum(a, 0), away_from([0.0], S)),
    _method("sin_", np.sin, _u(-2, 2)),
    _method("cos_", np.cos, _u(-2, 2)),
    _method("tan_", np.tan, _u(-1.2, 1.2)),
    _method("sinh_", np.sinh, _u(-2, 2)),
    _method("cosh_", np.cosh, _u(-2, 2)),
    _method("asin_", np.arcsin, _u(-0.9, 0.9)),
    _method("acos_", np.arccos, _u(-0.9, 0.9)),
    _method("atan_", np.arctan, _u(-2, 2)),
    _method("asinh_", np.arcsinh, _u(-2, 2)),
    _method("acosh_", np.arccosh, _u(1.1, 3)),
    _method("atanh_", np.arctanh, _u(-0.9, 0.9)),
    _method("log_", np.log, _u(0.2, 2)),
    _method("log2_", np.log2, _u(0.2, 2)),
    _method("log10_", np.log10, _u(0.2, 2)),
    _method("log1p_", np.log1p, _u(-0.5, 2)),
    _method("expm1_", np.expm1, _u(-2, 2)),
    _method("rsqrt_", lambda a: 1 / np.sqrt(a), _u(0.2, 2)),
    _method("reciprocal_", lambda a: 1 / a, _u(0.2, 2)),
    _method("square_", lambda a: a * a, _u(-2, 2)),
    _method("sign_", np.sign, away_from([0.0], S), note=_STEP),
    _method("sgn_", np.sign, away_from([0.0], S), note=_STEP),
    _method("floor_", np.floor, away_from(_INTEGERS, S), note=_STEP),
    _method("ceil_", np.ceil, away_from(_INTEGERS, S), note=_STEP),
    _method("round_", np.round, away_from(_HALVES, S), note=_STEP),
    _method("trunc_", np.trunc, away_from(_INTEGERS, S), note=_STEP),
    _method("fix_", np.trunc, away_from(_INTEGERS, S), note=_STEP),
    _method("frac_", lambda a: a - np.trunc(a), away_from(_INTEGERS, S)),
    _method("erf_", _erf, _u(-2, 2)),
    _method("erfc_", _erfc, _u(-2, 2)),
    _method("erfinv_", _erfinv, _u(-0.9, 0.9), grad_atol=1e-4),
    _method("lgamma_", _lgamma, _u(0.5, 4)),
    _method("digamma_", _digamma, _u(0.5, 4), atol=1e-6),
    _method("logit_", lambda a: np.log(a / (1 - a)), _u(0.1, 0.9)),
    _method("sinc_", np.sinc, _u(-2, 2)),
    _method("nan_to_num_", lambda a: a, _u(-2, 2)),
    _method("deg2rad_", np.deg2rad, _u(-200, 200)),
    _method("rad2deg_", np.rad2deg, _u(-2, 2)),
    _method("clamp_min_", lambda a: np.maximum(a, 0.3), away_from([0.3], S), args=(0.3,)),
    _method("clamp_max_", lambda a: np.minimum(a, 0.3), away_from([0.3], S), args=(0.3,)),
    _method("clip_", lambda a: np.clip(a, -0.5, 0.3), away_from([-0.5, 0.3], S), args=(-0.5, 0.3)),
    _method("fmod_", np.fmod, away_from(_INTEGERS, S, 0.2, 3.8), _u(0.9, 0.95, ROW)),
    _method("remainder_", np.remainder, away_from(_INTEGERS, S, -3.8, 3.8), _u(0.9, 0.95, ROW)),
    _method("floor_divide_", np.floor_divide, away_from(_INTEGERS, S, -3.8, 3.8), _u(0.9, 0.95, ROW), note=_STEP),
    _method("atan2_", np.arctan2, _u(-2, 2), _u(0.5, 2, ROW)),
    _method("arctan2_", np.arctan2, _u(-2, 2), _u(0.5, 2, ROW)),
    _method("hypot_", np.hypot, _u(0.5, 2), _u(-2, -0.5, ROW)),
    _method("lerp_", lambda a, b: a + 0.3 * (b - a), _u(-2, 2), _u(-2, 2, ROW), args=(0.3,)),
    _method("xlogy_", lambda a, b: a * np.log(b), _u(-2, 2), _u(0.5, 2, ROW)),
    _inplace("addcmul_", lambda v, b, c: v.addcmul_(b, c, value=0.5), lambda a, b, c: a + 0.5 * b * c,
             _u(-2, 2), _u(-2, 2, ROW), _u(-2, 2, (2, 4))),
    _inplace("addcdiv_", lambda v, b, c: v.addcdiv_(b, c, value=-2.0), lambda a, b, c: a - 2.0 * b / c,
             _u(-2, 2), _u(-2, 2, ROW), _u(0.5, 2, (2, 4))),
    _method("tril_", np.tril, _u(-2, 2)),
    _method("triu_", lambda a: np.triu(a, 1), _u(-2, 2), args=(1,)),
    _method("eq_", lambda a, b: (a == b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("ne_", lambda a, b: (a != b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("lt_", lambda a, b: (a < b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("le_", lambda a, b: (a <= b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("gt_", lambda a, b: (a > b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("ge_", lambda a, b: (a >= b).astype(a.dtype), _u(-2, 2), _u(-2, 2, ROW), note=_STEP),
    _method("multiply_", lambda a, b: a * b, _u(-2, 2), _u(-2, 2, ROW)),
    _inplace("subtract_", lambda v, b: v.subtract_(b, alpha=2), lambda a, b: a - 2 * b, _u(-2, 2), _u(-2, 2, ROW)),
    _inplace("divide_trunc_", lambda v, b: v.divide_(b, rounding_mode="trunc"), lambda a, b: np.trunc(a / b),
             away_from(_INTEGERS, S, -3.8, 3.8), _u(0.9, 0.95, ROW), note=_STEP),
    _inplace("F.relu_", F.relu_, lambda a: np.maximum(a, 0), away_from([0.0], S)),
    _inplace("F.elu_", lambda v: F.elu_(v, 0.5), lambda a: np.where(a > 0, a, 0.5 * np.expm1(a)), away_from([0.0], S)),
    _inplace("F.leaky_relu_", lambda v: F.leaky_relu_(v, 0.2), lambda a: np.where(a > 0, a, 0.2 * a),
             away_from([0.0], S)),
    _inplace("F.hardtanh_", lambda v: F.hardtanh_(v, -0.5, 0.7), lambda a: np.clip(a, -0.5, 0.7),
             away_from([-0.5, 0.7], S)),
    _inplace("F.threshold_", lambda v: F.threshold_(v, 0.3, -1.0), lambda a: np.where(a > 0.3, a, -1.0),
             away_from([0.3], S)),
    _inplace("F.celu_", lambda v: F.celu_(v, 2.0), lambda a: np.where(a > 0, a, 2.0 * np.expm1(a / 2.0)),
             away_from([0.0], S)),
    _inplace("F.selu_", F.selu_, lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(a)),
             away_from([0.0], S)),
    # the inverse hyperbolic functions themselves (out of place)
    OpSpec("asinh", ag.asinh, np.arcsinh, low=-3, high=3),
    OpSpec("acosh", ag.acosh, np.arccosh, low=1.1, high=3),
    OpSpec("atanh", ag.atanh, np.arctanh, low=-0.9, high=0.9),
    OpSpec("broadcast_tensors", lambda a, b, c: ag.broadcast_tensors(a, b, c),
           lambda a, b, c: tuple(np.broadcast_arrays(a, b, c)), shapes=[((3, 1), (4,), (2, 1, 1)), (S, S, S)]),
]
