"""Op specs for the functional RNN cells (``ag.rnn_tanh_cell``, ``ag.lstm_cell`` ...)."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _rnn_ref(act):
    return lambda x, h, w_ih, w_hh, b_ih, b_hh: act(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


def _lstm_ref(x, h, c, w_ih, w_hh, b_ih, b_hh):
    i, f, g, o = np.split(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh, 4, axis=-1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c_new), c_new


def _gru_ref(x, h, w_ih, w_hh, b_ih, b_hh):
    xr, xz, xn = np.split(x @ w_ih.T + b_ih, 3, axis=-1)
    hr, hz, hn = np.split(h @ w_hh.T + b_hh, 3, axis=-1)
    r, z = _sigmoid(xr + hr), _sigmoid(xz + hz)
    n = np.tanh(xn + r * hn)
    return (1 - z) * n + z * h


def _shapes(chunks, lstm=False):
    state = [(2, 3), (2, 3)] if lstm else [(2, 3)]
    return [((2, 4), *state, (chunks * 3, 4), (chunks * 3, 3), (chunks * 3,), (chunks * 3,))]


SPECS = [
    OpSpec("ag.rnn_tanh_cell", ag.rnn_tanh_cell, _rnn_ref(np.tanh), shapes=_shapes(1), low=-1, high=1),
    OpSpec("ag.rnn_relu_cell", ag.rnn_relu_cell, _rnn_ref(lambda a: np.maximum(a, 0)), shapes=_shapes(1),
           low=-1, high=1),
    OpSpec("ag.lstm_cell", lambda x, h, c, *w: ag.lstm_cell(x, (h, c), *w), _lstm_ref, shapes=_shapes(4, True),
           low=-1, high=1),
    OpSpec("ag.gru_cell", ag.gru_cell, _gru_ref, shapes=_shapes(3), low=-1, high=1),
]
