"""Op specs for linear, dropout, normalisation, embedding and one_hot in autograd_core.nn.functional."""
import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core.nn.functional.rnn_cells import GRUSequence, RNNSequence
from autograd_core.nn.modules.rnn import LSTMCellUpdate, LSTMSequence

from .spec import OpSpec


def _dropout_seeded(x, p=0.3):
    ag.manual_seed(7)  # the same mask on every call, so gradcheck sees one function
    return F.dropout(x, p, training=True)


def _dropout_ref(x, p=0.3):
    keep = np.random.default_rng(7).random(x.shape) >= p
    return x * keep / (1 - p)


def _dropout2d_seeded(x, p=0.4):
    ag.manual_seed(3)
    return F.dropout2d(x, p, training=True)


def _dropout2d_ref(x, p=0.4):
    keep = np.random.default_rng(3).random(x.shape[:2]) >= p  # one draw per (sample, channel)
    return x * keep[:, :, None, None] / (1 - p)


def _pixel_shuffle_ref(x, r=2):
    n, c, h, w = x.shape
    return x.reshape(n, c // (r * r), r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c // (r * r), h * r, w * r)


def _batch_norm_ref(x, w, b, eps=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w.reshape(shape) + b.reshape(shape)


def _batch_norm_train(x, w, b):
    c = x.shape[1]
    return F.batch_norm(x, ag.zeros(c, dtype=x.dtype, device=x.device), ag.ones(c, dtype=x.dtype, device=x.device), w, b,
                        training=True)


RUNNING_MEAN = np.array([0.1, -0.2, 0.3])
RUNNING_VAR = np.array([0.5, 1.5, 2.0])


def _batch_norm_eval(x, w, b):
    return F.batch_norm(x, ag.tensor(RUNNING_MEAN, device=x.device), ag.tensor(RUNNING_VAR, device=x.device), w, b,
                        training=False)


def _batch_norm_eval_ref(x, w, b):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return ((x - RUNNING_MEAN.reshape(shape)) / np.sqrt(RUNNING_VAR.reshape(shape) + 1e-5) * w.reshape(shape)
            + b.reshape(shape))


def _layer_norm_ref(x, w, b, eps=1e-5):
    axes = tuple(range(x.ndim - w.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _embedding_ref(idx, w):
    out = np.zeros(idx.shape + (w.shape[1],))
    for pos in np.ndindex(*idx.shape):
        out[pos] = w[idx[pos]]
    return out


def _lstm_update_ref(gates, c):
    h = c.shape[-1]
    sig = 1 / (1 + np.exp(-gates))
    c_new = sig[:, h:2 * h] * c + sig[:, :h] * np.tanh(gates[:, 2 * h:3 * h])
    return sig[:, 3 * h:] * np.tanh(c_new), c_new


def _lstm_sequence_ref(xw, h0, c0, w, b=None):
    h, c, hs = h0[0], c0[0], []
    for step in xw:
        h, c = _lstm_update_ref(step + h @ w.T + (0 if b is None else b), c)
        hs.append(h)
    return np.stack(hs), c[None]


def _lstm_sequence_shapes(steps, batch=2, hidden=3):
    state = (1, batch, hidden)
    return (steps, batch, 4 * hidden), state, state, (4 * hidden, hidden)


def _gru_sequence_ref(xw, h0, w, b=None):
    hidden, h, hs = h0.shape[-1], h0[0], []
    for step in xw:
        g = h @ w.T + (0 if b is None else b)
        r, z = (1 / (1 + np.exp(-step[:, k * hidden:(k + 1) * hidden] - g[:, k * hidden:(k + 1) * hidden]))
                for k in range(2))
        n = np.tanh(step[:, 2 * hidden:] + r * g[:, 2 * hidden:])
        h = (1 - z) * n + z * h
        hs.append(h)
    return np.stack(hs)


def _rnn_sequence_ref(act):
    def ref(xw, h0, w, b=None):
        h, hs = h0[0], []
        for step in xw:
            h = act(step + h @ w.T + (0 if b is None else b))
            hs.append(h)
        return np.stack(hs)
    return ref


def _sequence_shapes(gates, steps, batch=2, hidden=3, bias=True):
    """(xw, h0, weight_hh[, bias_hh]) shapes of a GRU (3 gates) or RNN (1) sequence node."""
    shapes = (steps, batch, gates * hidden), (1, batch, hidden), (gates * hidden, hidden)
    return shapes + ((gates * hidden,),) if bias else shapes


SPECS = [
    OpSpec("F.linear", F.linear, lambda x, w, b: x @ w.T + b, shapes=[((5, 4), (3, 4), (3,))]),
    OpSpec("F.linear_batched_input", F.linear, lambda x, w, b: x @ w.T + b, shapes=[((2, 5, 4), (3, 4), (3,))]),
    OpSpec("F.linear_no_bias", F.linear, lambda x, w: x @ w.T, shapes=[((5, 4), (3, 4)), ((4,), (3, 4))]),
    OpSpec("F.dropout_train", _dropout_seeded, _dropout_ref, shapes=[((4, 5),)],
           gpu_ref="the mask comes from CuPy's generator on a GPU, not NumPy's"),
    OpSpec("F.dropout2d_train", _dropout2d_seeded, _dropout2d_ref, shapes=[((3, 4, 2, 3),)],
           gpu_ref="the mask comes from CuPy's generator on a GPU, not NumPy's"),
    OpSpec("F.pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), _pixel_shuffle_ref, shapes=[((2, 8, 3, 2),)]),
    OpSpec("F.pixel_unshuffle", lambda x: F.pixel_unshuffle(x, 2),
           lambda x: x.reshape(2, 2, 2, 2, 3, 2).transpose(0, 1, 3, 5, 2, 4).reshape(2, 8, 2, 3),
           shapes=[((2, 2, 4, 6),)]),
    OpSpec("F.dropout_eval", lambda x: F.dropout(x, 0.5, training=False), lambda x: x),
    OpSpec("F.batch_norm_train", _batch_norm_train, _batch_norm_ref,
           shapes=[((6, 3), (3,), (3,)), ((4, 3, 2, 2), (3,), (3,)), ((2, 3, 2, 2, 2), (3,), (3,))], grad_atol=1e-4),
    OpSpec("F.batch_norm_train_no_affine", lambda x: F.batch_norm(x, None, None, training=True),
           lambda x: _batch_norm_ref(x, np.ones(x.shape[1]), np.zeros(x.shape[1])), shapes=[((5, 2, 3),)],
           grad_atol=1e-4),
    OpSpec("F.batch_norm_eval", _batch_norm_eval, _batch_norm_eval_ref, shapes=[((4, 3, 2), (3,), (3,))]),
    OpSpec("F.layer_norm", lambda x, w, b: F.layer_norm(x, w.shape, w, b), _layer_norm_ref,
           shapes=[((2, 3, 4), (4,), (4,)), ((2, 3, 4), (3, 4), (3, 4))], grad_atol=1e-4),
    OpSpec("F.embedding", F.embedding, _embedding_ref,
           make=lambda rng: [(rng.integers(0, 5, (2, 3)), rng.normal(size=(5, 4)))]),
    OpSpec("F.one_hot", lambda t: F.one_hot(t, 4), lambda t: np.eye(4, dtype=np.int64)[t], grad=False,
           make=lambda rng: [(rng.integers(0, 4, (2, 3)),)], note="integer output, not differentiable"),
    OpSpec("nn.LSTMCellUpdate", lambda gates, c: LSTMCellUpdate()(gates, c), _lstm_update_ref,
           shapes=[((2, 12), (2, 3))]),
    OpSpec("nn.LSTMCellUpdate_h_only", lambda gates, c: LSTMCellUpdate()(gates, c)[0],
           lambda gates, c: _lstm_update_ref(gates, c)[0], shapes=[((2, 8), (2, 2))],
           note="the cell-state output unused: backward gets None for it"),
    OpSpec("nn.LSTMSequence", lambda *a: LSTMSequence()(*a), _lstm_sequence_ref,
           shapes=[_lstm_sequence_shapes(3) + ((12,),), _lstm_sequence_shapes(1) + ((12,),)]),
    OpSpec("nn.LSTMSequence_no_bias", lambda *a: LSTMSequence()(*a), _lstm_sequence_ref,
           shapes=[_lstm_sequence_shapes(4, batch=1, hidden=2)]),
    OpSpec("nn.LSTMSequence_h_only", lambda *a: LSTMSequence()(*a)[0], lambda *a: _lstm_sequence_ref(*a)[0],
           shapes=[_lstm_sequence_shapes(3)], note="the last cell state unused: backward gets None for it"),
    OpSpec("nn.LSTMSequence_c_only", lambda *a: LSTMSequence()(*a)[1], lambda *a: _lstm_sequence_ref(*a)[1],
           shapes=[_lstm_sequence_shapes(3)], note="the outputs h unused: backward gets None for them"),
    OpSpec("nn.GRUSequence", lambda *a: GRUSequence()(*a), _gru_sequence_ref,
           shapes=[_sequence_shapes(3, 3), _sequence_shapes(3, 1)]),
    OpSpec("nn.GRUSequence_no_bias", lambda *a: GRUSequence()(*a), _gru_sequence_ref,
           shapes=[_sequence_shapes(3, 4, batch=1, hidden=2, bias=False)]),
    OpSpec("nn.GRUSequence_last_step", lambda *a: GRUSequence()(*a)[-1], lambda *a: _gru_sequence_ref(*a)[-1],
           shapes=[_sequence_shapes(3, 3)], note="only the last step's h used: the others' gradients are zero"),
    OpSpec("nn.RNNSequence_tanh", lambda *a: RNNSequence("RNN_TANH")(*a), _rnn_sequence_ref(np.tanh),
           shapes=[_sequence_shapes(1, 3), _sequence_shapes(1, 1), _sequence_shapes(1, 4, batch=1, bias=False)]),
    OpSpec("nn.RNNSequence_relu", lambda *a: RNNSequence("RNN_RELU")(*a), _rnn_sequence_ref(lambda v: np.maximum(v, 0)),
           shapes=[_sequence_shapes(1, 3), _sequence_shapes(1, 1), _sequence_shapes(1, 4, batch=1, bias=False)]),
    OpSpec("nn.RNNSequence_tanh_last_step", lambda *a: RNNSequence("RNN_TANH")(*a)[-1],
           lambda *a: _rnn_sequence_ref(np.tanh)(*a)[-1], shapes=[_sequence_shapes(1, 3)],
           note="only the last step's h used: the others' gradients are zero"),
]
