"""Op specs for the activation functions in autograd_core.nn.functional."""
import math

import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec, away_from

S = (3, 4)
_erf = np.vectorize(math.erf)
_SELU_A, _SELU_S = 1.6732632423543772, 1.0507009873554805


def _away_from(points, shape=S, margin=0.1):
    """Samples at least ``margin`` away from the kinks in ``points``."""
    draw = away_from(points, shape, gap=margin)
    return lambda rng: [(draw(rng),)]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x, beta=1.0, threshold=20.0):
    z = beta * x
    return np.where(z > threshold, x, np.log1p(np.exp(np.minimum(z, threshold))) / beta)


def _softmax(x, dim):
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))


SPECS = [
    OpSpec("F.relu6", F.relu6, lambda x: np.clip(x, 0, 6), make=_away_from([0.0]), low=-3, high=8),
    OpSpec("F.leaky_relu", lambda x: F.leaky_relu(x, 0.2), lambda x: np.where(x > 0, x, 0.2 * x),
           make=_away_from([0.0])),
    OpSpec("F.elu", lambda x: F.elu(x, 0.7), lambda x: _elu(x, 0.7), make=_away_from([0.0])),
    OpSpec("F.selu", F.selu, lambda x: _SELU_S * _elu(x, _SELU_A), make=_away_from([0.0])),
    OpSpec("F.celu", lambda x: F.celu(x, 1.5), lambda x: np.maximum(x, 0) + np.minimum(0, 1.5 * np.expm1(x / 1.5)),
           make=_away_from([0.0])),
    OpSpec("F.erf", F.erf, _erf),
    OpSpec("F.gelu", F.gelu, lambda x: x * 0.5 * (1 + _erf(x / np.sqrt(2)))),
    OpSpec("F.gelu_tanh", lambda x: F.gelu(x, approximate="tanh"),
           lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    OpSpec("F.silu", F.silu, lambda x: x * _sigmoid(x)),
    OpSpec("F.mish", F.mish, lambda x: x * np.tanh(np.log1p(np.exp(x)))),
    OpSpec("F.softplus", F.softplus, _softplus, low=-5, high=5),
    OpSpec("F.softplus_beta_threshold", lambda x: F.softplus(x, beta=2.0, threshold=3.0),
           lambda x: _softplus(x, 2.0, 3.0), make=_away_from([1.5])),
    OpSpec("F.sigmoid", F.sigmoid, _sigmoid),
    OpSpec("F.logsigmoid", F.logsigmoid, lambda x: -np.log1p(np.exp(-x))),
    OpSpec("F.tanh", F.tanh, np.tanh),
    OpSpec("F.softmax", lambda x: F.softmax(x, dim=1), lambda x: _softmax(x, 1), shapes=[(S,), ((2, 3, 4),)]),
    OpSpec("F.softmax_dim0", lambda x: F.softmax(x, dim=0), lambda x: _softmax(x, 0)),
    OpSpec("F.softmin", lambda x: F.softmin(x, dim=-1), lambda x: _softmax(-x, -1)),
    OpSpec("F.log_softmax", lambda x: F.log_softmax(x, dim=1), lambda x: np.log(_softmax(x, 1)),
           shapes=[(S,), ((2, 3, 4),)]),
    OpSpec("F.log_softmax_dim_last", lambda x: F.log_softmax(x, dim=-1), lambda x: np.log(_softmax(x, -1)),
           shapes=[((2, 3, 4),)]),
    OpSpec("F.hardtanh", lambda x: F.hardtanh(x, -0.5, 1.0), lambda x: np.clip(x, -0.5, 1.0),
           make=_away_from([-0.5, 1.0])),
    OpSpec("F.hardsigmoid", F.hardsigmoid, lambda x: np.clip(x + 3, 0, 6) / 6, make=_away_from([-3.0, 3.0])),
    OpSpec("F.hardswish", F.hardswish, lambda x: x * np.clip(x + 3, 0, 6) / 6, make=_away_from([-3.0, 3.0])),
    OpSpec("F.step", F.step, lambda x: (x > 0).astype(x.dtype), make=_away_from([0.0]),
           note="gradient is zero by definition; gradcheck confirms the zero away from 0"),
    OpSpec("F.identity", F.identity, lambda a: a),
]
