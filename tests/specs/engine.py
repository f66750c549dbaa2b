"""Op specs for the engine's ops (autograd_core.ops)."""
import numpy as np

import autograd_core as ag
from autograd_core.ops.elementwise import ZerosLike

from .spec import OpSpec

S = (3, 4)


def _positive(shapes, low=0.5, high=2.0):
    return dict(shapes=shapes, low=low, high=high)


def _distinct(shape):
    """Samples without ties (max/min/sort-like ops are not differentiable at ties)."""
    def make(rng):
        n = int(np.prod(shape))
        return [(rng.permutation(n).reshape(shape) / n * 4 - 2 + rng.uniform(0, 0.01, shape),)]
    return make


def _away_from_zero(shape, margin=0.2):
    def make(rng):
        x = rng.uniform(margin, 2, shape) * rng.choice([-1, 1], shape)
        return [(x,)]
    return make


BINARY_SHAPES = [(S, S), (S, (4,)), ((3, 1), (1, 4)), ((), S)]

SPECS = [
    # arithmetic
    OpSpec("add", lambda a, b: a + b, np.add, shapes=BINARY_SHAPES),
    OpSpec("sub", lambda a, b: a - b, np.subtract, shapes=BINARY_SHAPES),
    OpSpec("mul", lambda a, b: a * b, np.multiply, shapes=BINARY_SHAPES),
    OpSpec("div", lambda a, b: a / b, np.divide, shapes=[(S, S), (S, (4,))], low=0.5, high=2.0),
    OpSpec("pow", lambda a, b: a ** b, np.power, shapes=[(S, S), (S, (1,))], low=0.5, high=2.0),
    OpSpec("neg", lambda a: -a, np.negative),
    OpSpec("add_scalar", lambda a: a + 0.5, lambda a: a + 0.5),
    OpSpec("radd_scalar", lambda a: 2 + a, lambda a: 2 + a),
    OpSpec("rsub_scalar", lambda a: 2.0 - a, lambda a: 2.0 - a),
    OpSpec("mul_scalar", lambda a: a * 1.5, lambda a: a * 1.5),
    OpSpec("div_scalar", lambda a: a / 3.0, lambda a: a / 3.0),
    OpSpec("rdiv_scalar", lambda a: 3.0 / a, lambda a: 3.0 / a, **_positive([(S,)])),
    OpSpec("pow_scalar", lambda a: a ** 3, lambda a: a ** 3),
    OpSpec("pow_scalar_fractional", lambda a: a ** 1.5, lambda a: a ** 1.5, **_positive([(S,)])),
    OpSpec("rpow_scalar", lambda a: 2.0 ** a, lambda a: 2.0 ** a),
    OpSpec("numpy_left_operand", lambda a: np.float64(2.0) * a - np.ones(4, np.float32),
           lambda a: 2.0 * a - 1, cpu_only="a host array with a GPU tensor is the device-mismatch error "
                                             "(tests/engine/test_device.py)"),
    OpSpec("matmul_2d", lambda a, b: a @ b, np.matmul, shapes=[((3, 4), (4, 5))]),
    OpSpec("matmul_batched", ag.matmul, np.matmul, shapes=[((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)),
                                                         ((3, 4), (2, 4, 5))]),
    OpSpec("matmul_vector", ag.matmul, np.matmul, shapes=[((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)),
                                                        ((2, 3, 4), (4,))]),
    OpSpec("cast_float32", lambda a: a.astype(np.float32) * 2,
           lambda a: a.astype(np.float32) * 2, grad=False,
           note="float32 can't resolve gradcheck's 1e-6 steps; tests/engine checks the cast's backward"),
    OpSpec("clone", lambda a: a.clone() * a, lambda a: a * a),
    # elementwise
    OpSpec("exp", ag.exp, np.exp),
    OpSpec("log", ag.log, np.log, **_positive([(S,)])),
    OpSpec("log1p", ag.log1p, np.log1p, low=-0.5, high=2.0),
    OpSpec("expm1", ag.expm1, np.expm1),
    OpSpec("sqrt", ag.sqrt, np.sqrt, **_positive([(S,)])),
    OpSpec("rsqrt", ag.rsqrt, lambda a: 1 / np.sqrt(a), **_positive([(S,)])),
    OpSpec("abs", ag.abs, np.abs, make=_away_from_zero(S)),
    OpSpec("sin", ag.sin, np.sin),
    OpSpec("cos", ag.cos, np.cos),
    OpSpec("tan", ag.tan, np.tan, low=-1.2, high=1.2),
    OpSpec("tanh", ag.tanh, np.tanh),
    OpSpec("sigmoid", ag.sigmoid, lambda a: 1 / (1 + np.exp(-a)), low=-5, high=5),
    OpSpec("relu", ag.relu, lambda a: np.maximum(a, 0), make=_away_from_zero(S, 0.05),
           gradgrad=True),
    OpSpec("clamp", lambda a: ag.clamp(a, -0.5, 0.7), lambda a: np.clip(a, -0.5, 0.7),
           make=lambda rng: [(rng.choice([-1.5, -1.0, 0.0, 0.3, 1.0, 1.7], S) + rng.uniform(-0.1, 0.1, S),)]),
    OpSpec("clamp_min", lambda a: ag.clamp(a, min=0.1), lambda a: np.maximum(a, 0.1),
           make=lambda rng: [(rng.choice([-1.0, 0.5, 1.0], S) + rng.uniform(-0.1, 0.1, S),)]),
    OpSpec("maximum", ag.maximum, np.maximum, shapes=[(S, S), (S, (4,))]),
    OpSpec("minimum", ag.minimum, np.minimum, shapes=[(S, S), ((3, 1), S)]),
    OpSpec("where", lambda c, a, b: ag.where(c > 0, a, b), lambda c, a, b: np.where(c > 0, a, b),
           shapes=[(S, S, S), (S, (4,), ())], diff=(1, 2)),
    # reductions
    OpSpec("sum_all", lambda a: a.sum(), np.sum),
    OpSpec("sum_dim", lambda a: a.sum(dim=1), lambda a: a.sum(axis=1)),
    OpSpec("sum_dims_keepdim", lambda a: ag.sum(a, (0, 2), keepdim=True),
           lambda a: a.sum(axis=(0, 2), keepdims=True), shapes=[((2, 3, 4),)]),
    OpSpec("sum_numpy_axis", lambda a: ag.sum(a, axis=-1, keepdims=True), lambda a: a.sum(-1, keepdims=True)),
    OpSpec("mean", lambda a: a.mean(), np.mean),
    OpSpec("mean_dim", lambda a: a.mean(0), lambda a: a.mean(0)),
    OpSpec("var", lambda a: a.var(1), lambda a: a.var(1, ddof=1)),
    OpSpec("var_biased", lambda a: a.var(unbiased=False), lambda a: a.var()),
    OpSpec("std", lambda a: a.std(0), lambda a: a.std(0, ddof=1)),
    OpSpec("max_all", lambda a: a.max(), np.max, make=_distinct(S)),
    OpSpec("max_dim_values", lambda a: a.max(dim=1).values, lambda a: a.max(axis=1), make=_distinct(S)),
    OpSpec("max_numpy_axis", lambda a: ag.max(a, axis=0), lambda a: a.max(axis=0), make=_distinct(S)),
    OpSpec("min_dim_keepdim", lambda a: a.min(dim=0, keepdim=True)[0], lambda a: a.min(0, keepdims=True),
           make=_distinct(S)),
    OpSpec("amax_ties", lambda a: ag.amax(a, 1), lambda a: a.max(1),
           make=lambda rng: [(np.array([[1.0, 3.0, 3.0, 0.5], [2.0, 0.0, 2.0, 1.0], [0.1, 0.7, 0.2, 0.7]]),)],
           gradgrad=False, note="at a tie the first derivative jumps; two-way ties check the even split"),
    OpSpec("amin", lambda a: ag.amin(a), np.min, make=_distinct(S)),
    OpSpec("prod", lambda a: a.prod(1), lambda a: a.prod(1), low=0.5, high=1.5),
    OpSpec("prod_with_zero", lambda a: a.prod(),
           lambda a: a.prod(), make=lambda rng: [(np.array([[0.0, 2.0], [3.0, 0.5]]),)]),
    OpSpec("prod_zeros_per_row", lambda a: a.prod(1), lambda a: a.prod(1),  # rows with 0, 1, 2 and 3 zeros
           make=lambda rng: [(np.array([[1.5, -2.0, 3.0, 0.5], [0.0, 2.0, -1.5, 0.7], [0.0, 1.2, 0.0, 2.0],
                                        [0.0, 0.0, 0.0, 1.1]]),)]),
    OpSpec("prod_zeros_dims", lambda a: a.prod(dim=(0, 2), keepdim=True), lambda a: a.prod((0, 2), keepdims=True),
           make=lambda rng: [(np.where(rng.random((2, 3, 2)) < 0.3, 0.0, rng.uniform(0.5, 1.5, (2, 3, 2))),)]),
    OpSpec("logsumexp", lambda a: ag.logsumexp(a, 1), lambda a: np.log(np.exp(a).sum(1))),
    OpSpec("logsumexp_all", lambda a: ag.logsumexp(a), lambda a: np.log(np.exp(a).sum())),
    OpSpec("norm", lambda a: a.norm(), lambda a: np.sqrt((a * a).sum())),
    OpSpec("norm_dim", lambda a: a.norm(dim=1), lambda a: np.sqrt((a * a).sum(1))),
    OpSpec("norm_p1", lambda a: ag.norm(a, 1, dim=0), lambda a: np.abs(a).sum(0), make=_away_from_zero(S)),
    OpSpec("norm_p3", lambda a: ag.norm(a, 3), lambda a: (np.abs(a) ** 3).sum() ** (1 / 3),
           make=_away_from_zero(S)),
    OpSpec("norm_inf", lambda a: ag.norm(a, float("inf")), lambda a: np.abs(a).max(), make=_distinct(S)),
    OpSpec("norm_negative_p", lambda a: ag.norm(a, -1.5, dim=1), lambda a: (np.abs(a) ** -1.5).sum(1) ** (1 / -1.5),
           make=_away_from_zero(S)),
    # shape
    OpSpec("reshape", lambda a: a.reshape(4, 3), lambda a: a.reshape(4, 3)),
    OpSpec("view_minus_one", lambda a: a.view(-1), lambda a: a.reshape(-1)),
    OpSpec("transpose_pair", lambda a: a.transpose(0, 2), lambda a: a.swapaxes(0, 2), shapes=[((2, 3, 4),)]),
    OpSpec("T", lambda a: a.T, lambda a: a.T),
    OpSpec("permute", lambda a: a.permute(2, 0, 1), lambda a: a.transpose(2, 0, 1), shapes=[((2, 3, 4),)]),
    OpSpec("swapaxes", lambda a: ag.swapaxes(a, 0, 1), lambda a: a.swapaxes(0, 1)),
    OpSpec("unsqueeze", lambda a: a.unsqueeze(1), lambda a: a[:, None]),
    OpSpec("squeeze", lambda a: a.squeeze(), lambda a: a.squeeze(), shapes=[((3, 1, 4, 1),)]),
    OpSpec("squeeze_dim", lambda a: a.squeeze(1), lambda a: a.squeeze(1), shapes=[((3, 1, 4, 1),)]),
    OpSpec("flatten", lambda a: a.flatten(1), lambda a: a.reshape(2, -1), shapes=[((2, 3, 4),)]),
    OpSpec("broadcast_to", lambda a: a.broadcast_to((2, 3, 4)), lambda a: np.broadcast_to(a, (2, 3, 4)),
           shapes=[((3, 1),)]),
    OpSpec("expand", lambda a: a.expand(2, -1, 4), lambda a: np.broadcast_to(a, (2, 3, 4)), shapes=[((3, 1),)]),
    OpSpec("sum_to", lambda a: a.sum_to((3, 1)), lambda a: a.sum(axis=(0, 2))[:, None], shapes=[((2, 3, 4),)]),
    OpSpec("cat", lambda a, b: ag.cat([a, b], dim=1), lambda a, b: np.concatenate([a, b], 1),
           shapes=[((3, 2), (3, 4))]),
    OpSpec("stack", lambda a, b: ag.stack([a, b], 1), lambda a, b: np.stack([a, b], 1), shapes=[(S, S)]),
    OpSpec("split", lambda a: a.split(3, dim=1), lambda a: (a[:, :3], a[:, 3:]), shapes=[((2, 5),)]),
    OpSpec("split_sections_unused", lambda a: a.split([1, 3], 1)[1], lambda a: a[:, 1:]),
    OpSpec("chunk", lambda a: ag.chunk(a, 2, 0), lambda a: (a[:2], a[2:]), shapes=[((4, 3),)]),
    OpSpec("pad_constant", lambda a: ag.pad(a, (1, 2, 0, 1)),
           lambda a: np.pad(a, ((0, 1), (1, 2)))),
    OpSpec("pad_constant_negative_crops", lambda a: ag.pad(a, (-1, 2, 1, -2), value=0.5),
           lambda a: np.pad(a[:2, 1:], ((1, 0), (0, 2)), constant_values=0.5), shapes=[((4, 5),)]),
    OpSpec("pad_reflect", lambda a: ag.pad(a, (2, 1), mode="reflect"),
           lambda a: np.pad(a, ((0, 0), (2, 1)), mode="reflect")),
    OpSpec("pad_replicate", lambda a: ag.pad(a, (1, 1, 2, 0), mode="replicate"),
           lambda a: np.pad(a, ((2, 0), (1, 1)), mode="edge")),
    OpSpec("pad_circular", lambda a: ag.pad(a, (1, 2), mode="circular"),
           lambda a: np.pad(a, ((0, 0), (1, 2)), mode="wrap")),
    OpSpec("pad_negative_widths", lambda a: ag.pad(a, (-1, 3), mode="reflect"),  # pads, then crops
           lambda a: np.pad(a, ((0, 0), (0, 3)), mode="reflect")[:, 1:], shapes=[((3, 5),)]),
    OpSpec("pad_replicate_negative_widths", lambda a: ag.pad(a, (4, -2), mode="replicate"),
           lambda a: np.pad(a, ((0, 0), (4, 0)), mode="edge")[:, :-2], shapes=[((3, 5),)]),
    OpSpec("pad_circular_negative_widths", lambda a: ag.pad(a, (2, -1), mode="circular"),  # crops, then pads
           lambda a: np.pad(a[:, :-1], ((0, 0), (2, 0)), mode="wrap"), shapes=[((3, 5),)]),
    OpSpec("repeat", lambda a: a.repeat(2, 3), lambda a: np.tile(a, (2, 3))),
    OpSpec("tile", lambda a: ag.tile(a, (2,)), lambda a: np.tile(a, 2)),
    OpSpec("repeat_interleave", lambda a: ag.repeat_interleave(a, 2, dim=0), lambda a: np.repeat(a, 2, 0)),
    OpSpec("flip", lambda a: a.flip((0, 1)), lambda a: a[::-1, ::-1]),
    # indexing
    OpSpec("getitem_basic", lambda a: a[1:, None, ::2, ...], lambda a: a[1:, None, ::2, ...]),
    OpSpec("getitem_int", lambda a: a[1, 2], lambda a: a[1, 2]),
    OpSpec("getitem_int_array_repeats", lambda a: a[[0, 2, 0, 0]], lambda a: a[[0, 2, 0, 0]]),
    OpSpec("getitem_mixed", lambda a: a[np.array([0, 2]), 1:3], lambda a: a[np.array([0, 2]), 1:3]),
    OpSpec("getitem_mask", lambda a: a[a > 0], lambda a: a[a > 0],
           syncs="the output's length is the number of True entries, which CuPy reads on the host"),
    OpSpec("index_select", lambda a: ag.index_select(a, 1, np.array([3, 0, 3])), lambda a: a[:, [3, 0, 3]]),
    OpSpec("gather", lambda a: ag.gather(a, 1, np.array([[0, 0], [1, 3], [2, 2]])),
           lambda a: np.take_along_axis(a, np.array([[0, 0], [1, 3], [2, 2]]), 1)),
    OpSpec("view_as_expand_as", lambda a: a.view_as(ag.ones(4, 3)).expand_as(ag.ones(2, 4, 3)),
           lambda a: np.broadcast_to(a.reshape(4, 3), (2, 4, 3))),
    OpSpec("t", lambda a: a.t(), lambda a: a.T),
    OpSpec("unbind", lambda a: a.unbind(1), lambda a: tuple(a[:, k] for k in range(4))),
    OpSpec("mm", ag.mm, np.matmul, shapes=[((3, 4), (4, 2))]),
    OpSpec("bmm", ag.bmm, np.matmul, shapes=[((2, 3, 4), (2, 4, 2))]),
    OpSpec("square", ag.square, np.square),
    OpSpec("reciprocal", ag.reciprocal, np.reciprocal, **_positive([(S,)])),
    OpSpec("masked_fill", lambda a: ag.masked_fill(a, a > 0.5, -1.0), lambda a: np.where(a > 0.5, -1.0, a)),
    OpSpec("clamp_min_max", lambda a: ag.clamp_max(ag.clamp_min(a, -0.5), 0.7), lambda a: np.clip(a, -0.5, 0.7),
           make=lambda rng: [(rng.choice([-1.5, 0.0, 0.3, 1.7], S) + rng.uniform(-0.1, 0.1, S),)]),
    OpSpec("cumsum", lambda a: ag.cumsum(a, 1), lambda a: np.cumsum(a, 1)),
    # piecewise constant: gradient 0 (as PyTorch), checked away from the jumps
    OpSpec("floor", lambda a: ag.floor(a * 3), lambda a: np.floor(a * 3)),
    OpSpec("ceil", lambda a: ag.ceil(a * 3), lambda a: np.ceil(a * 3)),
    OpSpec("round", lambda a: ag.round(a * 3), lambda a: np.round(a * 3)),
    OpSpec("sign", ag.sign, np.sign, make=_away_from_zero(S)),
    OpSpec("zeros_like_graph", lambda a: ZerosLike()(a) + a * 2, lambda a: a * 2,
           note="the zeros a gradient constant in its input becomes under create_graph"),
    # not differentiable: forward against NumPy only
    OpSpec("argmax", lambda a: ag.argmax(a, 1), lambda a: np.argmax(a, 1), grad=False, note="integer output"),
    OpSpec("argmin_all", ag.argmin, np.argmin, grad=False, note="integer output"),
    OpSpec("any_all", lambda a: (ag.any(a > 1, 1), ag.all(a > -1)), lambda a: ((a > 1).any(1), (a > -1).all()),
           grad=False, note="bool output"),
    OpSpec("isnan_isfinite", lambda a: (ag.isnan(a), ag.isfinite(a)), lambda a: (np.isnan(a), np.isfinite(a)),
           grad=False, note="bool output"),
    OpSpec("compare", lambda a, b: (a < b, a >= b, a == a), lambda a, b: (a < b, a >= b, a == a),
           shapes=[(S, (4,))], grad=False, note="bool output"),
    # composites that stress the engine (diamonds, reuse)
    OpSpec("diamond", lambda a: (lambda b: b * b)(a + a), lambda a: (2 * a) ** 2),
    OpSpec("reuse_many", lambda a: a * a * a + a.exp() * a, lambda a: a ** 3 + np.exp(a) * a),
]
