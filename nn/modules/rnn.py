"""Recurrent layers: RNN (tanh or relu), LSTM and GRU, and their single-step cells.

Parameter names, shapes, gate order (LSTM: i, f, g, o; GRU: r, z, n) and
initialisation are PyTorch's, so a PyTorch state_dict loads (LSTM's ``proj_size``
and its ``weight_hr_l{k}`` included). The input projection of a whole sequence
is one matrix product. The recurrence of a layer and direction then runs as one node
(``LSTMSequence``, ``GRUSequence``, ``RNNSequence``); an LSTM with projections runs one step per
time index on (1, N, H) slices. A
PackedSequence input (``nn.utils.rnn``) takes its own loop, over the packed steps, whose
batch shrinks as sequences end (grows, in reverse).
"""
import math

from autograd_core import creation
from autograd_core.ops._util import promoted
from autograd_core.ops import cat, split, stack
from autograd_core.ops.indexing import index_select
from autograd_core.ops.shape import flip, squeeze, transpose, unbind, unsqueeze

from .. import init
from ..functional.linear import dropout, linear
from ..functional import rnn_cells
from ..functional.rnn_cells import GATES, GRUSequence, LSTMSequence, RNNSequence
from ..functional.rnn_cells import LSTMCellUpdate  # noqa: F401  (its import path before rnn_cells.py)
from ..module import Module
from ..parameter import Parameter
from ..utils.rnn import PackedSequence

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]


def _run_packed(cell, xw, state, sizes):
    """Run ``cell`` forward in time over packed steps ``xw`` (step t holds the ``sizes[t]`` sequences still
    running): returns (h of every step, the state of each sequence after its own last step)."""
    hs, done = [], []
    for xt, n in zip(xw, sizes):
        if n < state[0].shape[0]:  # the sequences n... have ended: keep their state
            done.append(tuple(s[n:] for s in state))
            state = tuple(s[:n] for s in state)
        state = cell(xt, state)
        hs.append(state[0])
    done.append(state)
    return hs, tuple(cat(parts[::-1], 0) for parts in zip(*done))


def _run_packed_reverse(cell, xw, state, sizes):
    """``_run_packed`` backward in time: each sequence starts from its own last step, joining the batch
    (with its initial state) when the time index reaches it; the final state is that after step 0."""
    initial, state, hs = state, tuple(s[:sizes[-1]] for s in state), []
    for xt, n in zip(reversed(xw), reversed(sizes)):
        running = state[0].shape[0]
        if n > running:
            state = tuple(cat([s, s0[running:n]], 0) for s, s0 in zip(state, initial))
        state = cell(xt, state)
        hs.append(state[0])
    return hs[::-1], state


def _init_uniform(module):
    bound = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for p in module.parameters():
        init.uniform_(p, -bound, bound)


class RNNBase(Module):
    """The base class of RNN, LSTM and GRU (see those classes); ``mode`` is 'RNN_TANH', 'RNN_RELU', 'LSTM' or
    'GRU', as PyTorch's."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        name = type(self).__name__
        if mode not in GATES:
            raise ValueError(f"{name}: Unrecognized RNN mode: {mode!r} (expected one of {', '.join(GATES)})")
        if not 0 <= dropout <= 1:
            raise ValueError(f"{name}: dropout must be in [0, 1], got {dropout}")
        if num_layers < 1 or hidden_size < 1:
            raise ValueError(f"{name}: num_layers and hidden_size must be >= 1, got {num_layers} and {hidden_size}")
        if proj_size < 0:
            raise ValueError(f"{name}: proj_size should be a positive integer or zero to disable projections, "
                             f"got {proj_size}")
        if proj_size and mode != "LSTM":
            raise ValueError(f"{name}: proj_size argument is only supported for LSTM, not RNN or GRU")
        if proj_size >= hidden_size:
            raise ValueError(f"{name}: proj_size ({proj_size}) has to be smaller than hidden_size ({hidden_size})")
        self.mode, self.input_size, self.hidden_size, self.proj_size = mode, input_size, hidden_size, proj_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        directions = 2 if bidirectional else 1
        gate_size, out_size = GATES[mode] * hidden_size, proj_size or hidden_size
        self._weight_names = []  # per (layer, direction): {"weight_ih": "weight_ih_l0", ...}
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else out_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = [("weight_ih", (gate_size, layer_input)), ("weight_hh", (gate_size, out_size))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for base, shape in shapes:
                    setattr(self, base + suffix, Parameter(creation.empty(*shape, dtype=dtype, device=device)))
                self._weight_names.append({base: base + suffix for base, _ in shapes})
        self.reset_parameters()

    def reset_parameters(self):
        """U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every weight and bias, as PyTorch."""
        _init_uniform(self)

    def _weights(self, layer, direction):
        """(w_ih, w_hh, b_ih, b_hh, w_hr) of one layer and direction; None for those it lacks."""
        names = self._weight_names[layer * (2 if self.bidirectional else 1) + direction]
        return [getattr(self, names[base]) if base in names else None
                for base in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")]

    def _initial_state(self, hx, batch, x, batched):
        """(h_0,) or (h_0, c_0) for LSTM, each (layers, batch, features): zeros when ``hx`` is None,
        else ``hx`` after checking its shapes (an unbatched one gains its batch dim)."""
        is_lstm = self.mode == "LSTM"
        layers = self.num_layers * (2 if self.bidirectional else 1)
        shapes = [(layers, batch, self.proj_size or self.hidden_size)]  # h
        if is_lstm:
            shapes.append((layers, batch, self.hidden_size))  # c
        if hx is None:
            return tuple(creation.zeros(*shape, dtype=x.dtype, device=x.device) for shape in shapes)
        hx = tuple(hx) if is_lstm else (hx,)
        for what, h, shape in zip(("h_0", "c_0"), hx, shapes):
            expected = shape if batched else shape[:1] + shape[2:]
            if tuple(h.shape) != expected:
                raise ValueError(f"{type(self).__name__}: initial state has shape {tuple(h.shape)} for {what}, "
                                 f"expected {expected}")
        return hx if batched else tuple(unsqueeze(h, 1) for h in hx)

    def forward(self, input, hx=None):
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        is_lstm = self.mode == "LSTM"
        batched = input.ndim == 3
        if input.ndim not in (2, 3):
            raise ValueError(f"{type(self).__name__}: expected 2-D (unbatched) or 3-D input, got shape "
                             f"{input.shape}")
        if input.shape[-1] != self.input_size:
            raise ValueError(f"{type(self).__name__}: input has {input.shape[-1]} features (shape {input.shape}) "
                             f"but input_size is {self.input_size}")
        x = input if batched else unsqueeze(input, 1)
        if batched and self.batch_first:
            x = transpose(x, 0, 1)
        if x.shape[0] == 0:
            raise RuntimeError(f"{type(self).__name__}: expected sequence length to be larger than 0, got input of "
                             f"shape {input.shape}")
        batch = x.shape[1]
        directions = 2 if self.bidirectional else 1
        hx = self._initial_state(hx, batch, x, batched)
        h_all = split(hx[0], 1, 0)
        c_all = split(hx[1], 1, 0) if is_lstm else None
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(layer, direction)
                k = layer * directions + direction
                seq = flip(x, 0) if direction else x
                xw = linear(seq, w_ih, b_ih)  # the input projection, all steps at once
                if w_hr is not None:  # an LSTM with projections: one step at a time
                    state, hs, step = (h_all[k], c_all[k]), [], rnn_cells.step_fn(self.mode)
                    for xt in split(xw, 1, 0):
                        state = step(xt, state, w_hh, b_hh, w_hr)
                        hs.append(state[0])
                    out, c_last = cat(hs, 0), state[1]
                else:  # the sequence nodes compute in one dtype: mixed ones meet as binary ops do, by recorded casts
                    xw, h0, c0, w_hh, b_hh = promoted(xw, h_all[k], c_all[k] if is_lstm else None, w_hh, b_hh)
                    bias = () if b_hh is None else (b_hh,)
                    if is_lstm:
                        out, c_last = LSTMSequence()(xw, h0, c0, w_hh, *bias)
                    else:
                        out = (GRUSequence() if self.mode == "GRU" else RNNSequence(self.mode))(xw, h0, w_hh, *bias)
                h_n.append(out[-1:])
                if is_lstm:
                    c_n.append(c_last)
                outs.append(flip(out, 0) if direction else out)
            x = outs[0] if directions == 1 else cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = dropout(x, self.dropout, True)
        h_n = cat(h_n, 0)
        c_n = cat(c_n, 0) if is_lstm else None
        if batched and self.batch_first:
            x = transpose(x, 0, 1)
        if not batched:
            x, h_n = squeeze(x, 1), squeeze(h_n, 1)
            c_n = squeeze(c_n, 1) if is_lstm else None
        return (x, (h_n, c_n)) if is_lstm else (x, h_n)

    def _forward_packed(self, input, hx):
        """forward for a PackedSequence: each sequence runs for its own length; the output is packed
        as the input and h_n (c_n) holds each sequence's state after its last step, in its original order."""
        data, batch_sizes, sorted_indices, unsorted_indices = input
        if data.ndim != 2 or data.shape[1] != self.input_size:
            raise ValueError(f"{type(self).__name__}: packed input data must be (steps, {self.input_size}), "
                             f"got shape {data.shape}")
        sizes = batch_sizes._data.tolist()
        hx = self._initial_state(hx, sizes[0], data, True)
        if sorted_indices is not None:
            hx = tuple(index_select(h, 1, sorted_indices) for h in hx)
        states = list(zip(*(unbind(h, 0) for h in hx)))  # per (layer, direction): (h,) or (h, c), (N, features)
        step = rnn_cells.step_fn(self.mode)
        directions = 2 if self.bidirectional else 1
        x, finals = data, []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(layer, direction)
                weights = (w_hh, b_hh) if w_hr is None else (w_hh, b_hh, w_hr)
                cell = ((lambda xt, s, w=weights: step(xt, s, *w)) if self.mode == "LSTM"
                        else (lambda xt, s, w=weights: (step(xt, s[0], *w),)))
                xw = split(linear(x, w_ih, b_ih), sizes, 0)
                run = _run_packed_reverse if direction else _run_packed
                hs, final = run(cell, xw, states[layer * directions + direction], sizes)
                outs.append(cat(hs, 0))
                finals.append(final)
            x = outs[0] if directions == 1 else cat(outs, 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = dropout(x, self.dropout, True)
        h_n = tuple(stack(parts, 0) for parts in zip(*finals))
        if unsorted_indices is not None:
            h_n = tuple(index_select(h, 1, unsorted_indices) for h in h_n)
        return PackedSequence(x, batch_sizes, sorted_indices, unsorted_indices), (h_n if self.mode == "LSTM" else h_n[0])

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity!r}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu).

    Returns ``(output, h_n)``: output (L, N, D*H) (or (N, L, D*H) with
    ``batch_first``), h_n (D*num_layers, N, H).
    """

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory, gates i, f, g, o as PyTorch.

    ``forward(input, (h_0, c_0))`` returns ``(output, (h_n, c_n))``. With ``proj_size > 0``
    (smaller than hidden_size) each step's h is projected, h_t = W_hr (o_t * tanh(c_t)), so h_0, h_n
    and output hold proj_size features per direction while c keeps hidden_size.

    Arguments (PyTorch's order): input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
    dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None.
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit, gates r, z, n as PyTorch:
    n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h."""

    def __init__(self, *args, **kwargs):
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """The base class of RNNCell, LSTMCell and GRUCell: weights (num_chunks * hidden_size, ·), as PyTorch's.
    A subclass sets ``mode`` (see ``RNNBase``)."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        gate_size = num_chunks * hidden_size
        self.weight_ih = Parameter(creation.empty(gate_size, input_size, dtype=dtype, device=device))
        self.weight_hh = Parameter(creation.empty(gate_size, hidden_size, dtype=dtype, device=device))
        if bias:
            self.bias_ih = Parameter(creation.empty(gate_size, dtype=dtype, device=device))
            self.bias_hh = Parameter(creation.empty(gate_size, dtype=dtype, device=device))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        """U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every weight and bias, as PyTorch."""
        _init_uniform(self)

    def forward(self, input, hx=None):
        if input.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: expected a 1-D or 2-D input (batch, input_size), got shape "
                             f"{input.shape}; for sequences use {type(self).__name__[:-4]}")
        batched = input.ndim == 2
        x = input if batched else unsqueeze(input, 0)
        if hx is None:
            zeros = creation.zeros(x.shape[0], self.hidden_size, dtype=x.dtype, device=x.device)
            hx = (zeros, zeros) if self.mode == "LSTM" else zeros
        elif not batched:
            hx = tuple(unsqueeze(h, 0) for h in hx) if self.mode == "LSTM" else unsqueeze(hx, 0)
        out = rnn_cells.cell(self.mode, x, hx, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        if batched:
            return out
        return tuple(squeeze(o, 0) for o in out) if self.mode == "LSTM" else squeeze(out, 0)

    def extra_repr(self):
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")


class RNNCell(RNNCellBase):
    """One RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity
        self.mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"


class LSTMCell(RNNCellBase):
    """One LSTM step: ``(h', c') = cell(x, (h, c))``."""

    mode = "LSTM"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)


class GRUCell(RNNCellBase):
    """One GRU step: ``h' = cell(x, h)``."""

    mode = "GRU"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)
