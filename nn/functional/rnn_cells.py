"""The single-step math of the recurrent layers, and PyTorch's functional cells
(``torch.rnn_tanh_cell``, ``rnn_relu_cell``, ``lstm_cell``, ``gru_cell``, served as ``ag.lstm_cell`` ...).

A step takes the input projection ``xw`` (x W_ih^T + b_ih, computed for a whole sequence at once by the
layers), the state and the recurrent weights. Gate order as PyTorch: LSTM i, f, g, o; GRU r, z, n.
"""
from autograd_core.backend import get_array_module
from autograd_core.function import Function
from autograd_core.ops import cat, relu, sigmoid, split, tanh
from autograd_core.tensor import Tensor

from .linear import linear

__all__ = ["rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"]


def _rnn_step(mode):
    act = tanh if mode == "RNN_TANH" else relu

    def step(xw, state, w_hh, b_hh):
        return act(xw + linear(state, w_hh, b_hh))
    return step


class LSTMCellUpdate(Function):
    """The elementwise half of an LSTM step in one node: pre-activation gates (N, 4H) in
    PyTorch's order i, f, g, o and the cell state c (N, H) -> (h', c')."""

    def forward(self, gates, c):
        xp = get_array_module(gates)
        hidden = c.shape[-1]
        s = xp.tanh(gates * 0.5) * 0.5 + 0.5  # sigmoid of every gate; the g slice is unused
        g = xp.tanh(gates[..., 2 * hidden:3 * hidden])
        c_new = s[..., hidden:2 * hidden] * c + s[..., :hidden] * g
        tc = xp.tanh(c_new)
        self.save_for_backward(gates, c, s, g, tc)
        return s[..., 3 * hidden:] * tc, c_new

    def backward(self, gh, gc):
        gates, c, s, g, tc = self.saved_tensors
        hidden = c.shape[-1]
        if isinstance(gates, Tensor):  # create_graph: the activations must be functions of the inputs
            s = sigmoid(gates)
            g = tanh(gates[..., 2 * hidden:3 * hidden])
            tc = tanh(s[..., hidden:2 * hidden] * c + s[..., :hidden] * g)
        i, f, o = s[..., :hidden], s[..., hidden:2 * hidden], s[..., 3 * hidden:]
        if gh is None:
            gh = 0 * tc
        dc = gh * o * (1 - tc * tc)
        if gc is not None:
            dc = dc + gc
        parts = [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g * g), gh * tc * o * (1 - o)]
        ggates = cat(parts, -1) if isinstance(gates, Tensor) else get_array_module(gates).concatenate(parts, -1)
        return ggates, dc * f


def _lstm_step(xw, state, w_hh, b_hh, w_hr=None):
    h, c = state
    h, c = LSTMCellUpdate()(xw + linear(h, w_hh, b_hh), c)
    return (h, c) if w_hr is None else (linear(h, w_hr), c)  # proj_size: h_t = W_hr (o * tanh(c_t))


def _gru_step(xw, h, w_hh, b_hh):
    hidden = h.shape[-1]
    xr, xz, xn = split(xw, hidden, -1)
    hr, hz, hn = split(linear(h, w_hh, b_hh), hidden, -1)
    r = sigmoid(xr + hr)
    z = sigmoid(xz + hz)
    n = tanh(xn + r * hn)
    return n + z * (h - n)  # = (1 - z) * n + z * h


def step_fn(mode):
    """The step function of ``mode``: ``step(xw, state, w_hh, b_hh)``."""
    return {"LSTM": _lstm_step, "GRU": _gru_step}.get(mode) or _rnn_step(mode)


GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}  # rows of the weights per hidden unit
_OPS = {"RNN_TANH": "rnn_tanh_cell", "RNN_RELU": "rnn_relu_cell", "LSTM": "lstm_cell", "GRU": "gru_cell"}


def _check(mode, input, states, w_ih, w_hh):
    """PyTorch's checks of one step's arguments; ``states`` is (h,), or (h, c) for an LSTM."""
    op, hidden, rows = _OPS[mode], w_hh.shape[-1], GATES[mode] * w_hh.shape[-1]
    if input.ndim != 2:
        raise ValueError(f"{op}: expected a 2-D input (batch, input_size), got shape {input.shape}")
    for name, w in (("weight_ih", w_ih), ("weight_hh", w_hh)):
        if w.shape[0] != rows:
            raise RuntimeError(f"{op}: {name} first dim must be {GATES[mode]} * hidden_size = {rows}, but got "
                               f"{w.shape[0]}")
    if input.shape[1] != w_ih.shape[1]:
        raise RuntimeError(f"{op}: input has inconsistent input_size: got {input.shape[1]} expected {w_ih.shape[1]}")
    for k, h in enumerate(states):
        if h.ndim != 2 or h.shape[1] != hidden:
            raise RuntimeError(f"{op}: hidden{k} has inconsistent hidden_size: got shape {h.shape}, expected "
                               f"(batch, {hidden})")
        if h.shape[0] != input.shape[0]:
            raise RuntimeError(f"{op}: Input batch size {input.shape[0]} doesn't match hidden{k} batch size "
                               f"{h.shape[0]}")


def cell(mode, input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One step of an RNN ('RNN_TANH', 'RNN_RELU'), 'LSTM' (``hx`` = (h, c)) or 'GRU' cell on batched input."""
    if mode == "LSTM":
        if not isinstance(hx, (tuple, list)):
            raise TypeError(f"lstm_cell: hx must be a tuple of two Tensors (h, c), got {type(hx).__name__}")
        if len(hx) != 2:
            raise RuntimeError(f"lstm_cell: expects two hidden states (h, c), got {len(hx)}")
        hx = tuple(hx)
    _check(mode, input, hx if mode == "LSTM" else (hx,), w_ih, w_hh)
    return step_fn(mode)(linear(input, w_ih, b_ih), hx, w_hh, b_hh)


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman RNN step: ``tanh(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)`` (``torch.rnn_tanh_cell``)."""
    return cell("RNN_TANH", input, hx, w_ih, w_hh, b_ih, b_hh)


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman RNN step with relu in place of tanh (``torch.rnn_relu_cell``)."""
    return cell("RNN_RELU", input, hx, w_ih, w_hh, b_ih, b_hh)


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One LSTM step: ``hx`` = (h, c), weights (4H, ·) with gates i, f, g, o; returns (h', c')
    (``torch.lstm_cell``)."""
    return cell("LSTM", input, hx, w_ih, w_hh, b_ih, b_hh)


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One GRU step, weights (3H, ·) with gates r, z, n (``torch.gru_cell``)."""
    return cell("GRU", input, hx, w_ih, w_hh, b_ih, b_hh)
