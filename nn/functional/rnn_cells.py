"""The single-step math of the recurrent layers, and PyTorch's functional cells
(``torch.rnn_tanh_cell``, ``rnn_relu_cell``, ``lstm_cell``, ``gru_cell``, served as ``ag.lstm_cell`` ...).

A step takes the input projection ``xw`` (x W_ih^T + b_ih, computed for a whole sequence at once by the
layers), the state and the recurrent weights. Gate order as PyTorch: LSTM i, f, g, o; GRU r, z, n.
"""
import numpy as np

from autograd_core import kernels
from autograd_core.backend import get_array_module
from autograd_core.function import Function
from autograd_core.ops import cat, relu, stack, tanh
from autograd_core.ops.shape import reshape
from autograd_core.tensor import Tensor

from .linear import linear

__all__ = ["rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"]


def _rnn_step(mode):
    act = tanh if mode == "RNN_TANH" else relu

    def step(xw, state, w_hh, b_hh):
        return act(xw + linear(state, w_hh, b_hh))
    return step


def _gate_scale(hidden, dtype, xp):
    """(4H,): 1/2 for the sigmoid gates i, f, o and 1 for g. With ``a = tanh(scale * gates)`` one tanh serves
    every gate: sigmoid(z) = tanh(z/2)/2 + 1/2 (see ``_gates``)."""
    scale = xp.full(4 * hidden, 0.5, dtype)
    scale[2 * hidden:3 * hidden] = 1
    return scale


def _gates(a):
    """The activations i, f, g, o of an LSTM step from ``a = tanh(scale * gates)`` (..., 4H)."""
    hidden = a.shape[-1] // 4
    return [a[..., k * hidden:(k + 1) * hidden] * 0.5 + 0.5 if k != 2 else a[..., 2 * hidden:3 * hidden]
            for k in range(4)]


def _cell_values(a, c, tanh):
    """An LSTM step from ``a = tanh(scale * gates)`` and the cell state c: c', tanh(c') and h'.
    ``tanh`` is the array module's, or the op on Tensors."""
    i, f, g, o = _gates(a)
    c_new = f * c + i * g
    tc = tanh(c_new)
    return c_new, tc, o * tc


def _cell_grads(gh, gc, c, a, tc, scale):
    """An LSTM step backward: the gradients of h' and c' (either may be None) -> those of the (unscaled) gates
    and of c. The gates' derivatives are (1 - a^2) scale^2: i(1-i) = (1 - a_i^2)/4 for i, f, o, 1 - g^2 for g."""
    i, f, g, o = _gates(a)
    if gh is None:
        gh = 0 * tc
    dc = gh * o * (1 - tc * tc)
    if gc is not None:
        dc = dc + gc
    parts = _joined(cat, "concatenate", [dc * g, dc * c, dc * i, gh * tc], -1)
    return parts * ((1 - a * a) * (scale * scale)), dc * f


def _joined(op, array_fn, parts, dim):
    """``op(parts, dim)`` on Tensors, the array module's ``array_fn`` on arrays."""
    if isinstance(parts[0], Tensor):
        return op(parts, dim)
    return getattr(get_array_module(parts[0]), array_fn)(parts, dim)


class LSTMCellUpdate(Function):
    """The elementwise half of an LSTM step in one node: pre-activation gates (N, 4H) in
    PyTorch's order i, f, g, o and the cell state c (N, H) -> (h', c')."""

    def forward(self, gates, c):
        xp = get_array_module(gates)
        self.scale = _gate_scale(c.shape[-1], gates.dtype, xp)
        a = xp.tanh(gates * self.scale)
        c_new, tc, h = _cell_values(a, c, xp.tanh)
        self.save_for_backward(gates, c, a, tc)
        return h, c_new

    def backward(self, gh, gc):
        gates, c, a, tc = self.saved_tensors
        if isinstance(gates, Tensor):  # create_graph: the activations must be functions of the inputs
            a = tanh(gates * self.scale)
            tc = _cell_values(a, c, tanh)[1]
        return _cell_grads(gh, gc, c, a, tc, self.scale)


class LSTMSequence(Function):
    """An LSTM layer's recurrence over a whole sequence in one node (one direction, no projection).

    Inputs: the input projections ``xw`` (T, N, 4H) (x W_ih^T + b_ih of every step), the initial state
    h0, c0 (1, N, H), weight_hh (4H, H) and bias_hh (4H,) if any. Outputs: h of every step (T, N, H) and
    the last cell state (1, N, H). One node instead of four a step: the graph and the backward walk no
    longer grow with the sequence, the weight gradient is one matrix product, and with numba each step's
    elementwise work is one compiled pass (``kernels.lstm``) in place of a dozen NumPy calls.
    """

    def forward(self, xw, h0, c0, w_hh, b_hh=None):
        xp = get_array_module(xw)
        steps, hidden = xw.shape[0], c0.shape[-1]
        self.scale = _gate_scale(hidden, xp.result_type(xw, h0, c0, w_hh), xp)
        a = xw * self.scale  # step t becomes tanh(scale * gates(t))
        if b_hh is not None:
            a += b_hh * self.scale
        w_scaled = xp.ascontiguousarray(w_hh.T * self.scale)  # C-ordered: h @ it runs 1.5x faster than on w_hh.T
        cs = xp.empty((steps + 1,) + c0.shape[1:], a.dtype)
        tcs, out = xp.empty_like(cs[1:]), xp.empty_like(cs[1:])
        cs[0] = c0[0]
        fast, half = kernels.lstm(a, w_scaled), a.dtype.type(0.5)
        h = h0[0]
        for t in range(steps):
            a[t] += h @ w_scaled
            xp.tanh(a[t], out=a[t])
            if fast:
                fast.lstm_cell(a[t], cs[t], cs[t + 1], half)
                xp.tanh(cs[t + 1], out=tcs[t])
                fast.lstm_hidden(a[t], tcs[t], out[t], half)
            else:
                cs[t + 1], tcs[t], out[t] = _cell_values(a[t], cs[t], xp.tanh)
            h = out[t]
        inputs = (xw, h0, c0, w_hh) if b_hh is None else (xw, h0, c0, w_hh, b_hh)
        self.save_for_backward(*inputs, out, cs, a, tcs)
        return out, cs[steps:]

    def backward(self, g_out, g_c):
        need = self.needs_input_grad
        saved = self.saved_tensors
        (xw, h0, c0, w_hh), b_hh = saved[:4], saved[4] if len(need) == 5 else None
        out, cs, a, tcs = saved[len(need):]
        if isinstance(xw, Tensor):  # create_graph: the steps' values must be functions of the inputs
            out, cs, a, tcs = _replay(xw, h0, c0, w_hh, b_hh, self.scale)
        g_gates, dh, dc = self._through_time(g_out, g_c, w_hh, cs, a, tcs)
        return (g_gates, reshape(dh, h0.shape), reshape(dc, c0.shape)) + _recurrent_grads(g_gates, h0, out, need[3:])

    def _through_time(self, g_out, g_c, w_hh, cs, a, tcs):
        """Back through the steps: (the gates' gradient (T, N, 4H), h0's, c0's), each (N, H)."""
        given = [g for g in (g_out, g_c) if g is not None]
        fast = kernels.lstm(a, cs, tcs, w_hh, *given)
        if fast:
            g_gates, dh, dc = np.empty_like(a), np.zeros_like(cs[0]), np.zeros_like(cs[0])
            if g_c is not None:
                dc += g_c[0]
            if g_out is None:
                g_out = np.broadcast_to(dh, tcs.shape)
            half, one = a.dtype.type(0.5), a.dtype.type(1)
            for t in range(a.shape[0] - 1, -1, -1):
                fast.lstm_cell_grad(g_out[t], dh, dc, a[t], cs[t], tcs[t], g_gates[t], half, one)
                dh = g_gates[t] @ w_hh
            return g_gates, dh, dc
        grads, dh, dc = [], None, None if g_c is None else g_c[0]
        for t in range(a.shape[0] - 1, -1, -1):
            gh = None if g_out is None else g_out[t]
            if dh is not None:
                gh = dh if gh is None else gh + dh
            g_gates, dc = _cell_grads(gh, dc, cs[t], a[t], tcs[t], self.scale)
            grads.append(g_gates)
            dh = g_gates @ w_hh
        return _joined(stack, "stack", grads[::-1], 0), dh, dc


def _recurrent_grads(g_gates, h0, out, need):
    """The gradients of a sequence node's weight_hh and bias_hh (when ``need`` lists two flags) from those of the
    recurrent projections of every step, ``g_gates`` (T, N, G), whose inputs were h0, then the outputs ``out``
    (T, N, H) but the last: the weight's is one matrix product over all steps."""
    g_w = g_b = None
    if need[0]:  # the sum over steps of g_gates(t)^T h(t-1)
        g_w = g_gates[0].T @ h0[0]
        if out.shape[0] > 1:
            g_w = g_w + reshape(g_gates[1:], (-1, g_gates.shape[-1])).T @ reshape(out[:-1], (-1, out.shape[-1]))
    if len(need) > 1 and need[1]:
        g_b = reshape(g_gates, (-1, g_gates.shape[-1])).sum(0)
    return (g_w,) if len(need) == 1 else (g_w, g_b)


def _replay(xw, h0, c0, w_hh, b_hh, scale):
    """``LSTMSequence``'s saved values recomputed with ops on its input Tensors (backward under create_graph)."""
    h, c = h0[0], c0[0]
    hs, cs, acts, tcs = [], [c], [], []
    for t in range(xw.shape[0]):
        a = tanh((xw[t] + linear(h, w_hh, b_hh)) * scale)
        c, tc, h = _cell_values(a, c, tanh)
        hs.append(h), cs.append(c), acts.append(a), tcs.append(tc)
    return tuple(stack(v) for v in (hs, cs, acts, tcs))


class RNNSequence(Function):
    """An Elman RNN layer's recurrence over a whole sequence in one node (one direction), as ``LSTMSequence``;
    ``mode`` is 'RNN_TANH' or 'RNN_RELU'. Inputs: the input projections ``xw`` (T, N, H), h0 (1, N, H),
    weight_hh (H, H) and bias_hh (H,) if any. Output: h of every step (T, N, H)."""

    def __init__(self, mode):
        self.mode = mode

    def forward(self, xw, h0, w_hh, b_hh=None):
        xp = get_array_module(xw)
        out = xp.empty(xw.shape, xp.result_type(xw, h0, w_hh))  # step t's pre-activation, then its h
        if b_hh is None:
            out[...] = xw
        else:
            xp.add(xw, b_hh, out=out)
        w_t = xp.ascontiguousarray(w_hh.T)
        h = h0[0]
        for t in range(xw.shape[0]):
            out[t] += h @ w_t
            if self.mode == "RNN_RELU":
                xp.maximum(out[t], 0, out=out[t])
            else:
                xp.tanh(out[t], out=out[t])
            h = out[t]
        self.save_for_backward(*(xw, h0, w_hh) if b_hh is None else (xw, h0, w_hh, b_hh), out)
        return out

    def backward(self, g_out):
        need = self.needs_input_grad
        saved = self.saved_tensors
        (xw, h0, w_hh), b_hh, out = saved[:3], saved[3] if len(need) == 4 else None, saved[len(need)]
        if isinstance(xw, Tensor):  # create_graph: the outputs must be functions of the inputs
            step, h, hs = _rnn_step(self.mode), h0[0], []
            for t in range(xw.shape[0]):
                h = step(xw[t], h, w_hh, b_hh)
                hs.append(h)
            out = stack(hs)
        slope = (out > 0) if self.mode == "RNN_RELU" else 1 - out * out  # the activation's derivative
        g_pre, dh = [], None
        for t in range(out.shape[0] - 1, -1, -1):
            g = (g_out[t] if dh is None else g_out[t] + dh) * slope[t]
            g_pre.append(g)
            dh = g @ w_hh
        g_pre = _joined(stack, "stack", g_pre[::-1], 0)
        return (g_pre, reshape(dh, h0.shape)) + _recurrent_grads(g_pre, h0, out, need[2:])


def _lstm_step(xw, state, w_hh, b_hh, w_hr=None):
    h, c = state
    h, c = LSTMCellUpdate()(xw + linear(h, w_hh, b_hh), c)
    return (h, c) if w_hr is None else (linear(h, w_hr), c)  # proj_size: h_t = W_hr (o * tanh(c_t))


def _gru_pre(xw, h, w_hh, b_hh):
    """A GRU step's inputs to ``_gru_values`` from the input projection xw (N, 3H) and h, with ops."""
    two = 2 * h.shape[-1]
    g = linear(h, w_hh, b_hh)
    return tanh((xw[..., :two] + g[..., :two]) * 0.5), xw[..., two:], g[..., two:]


def _gru_values(arz, xn, ghn, h, tanh):
    """A GRU step from ``arz`` = tanh of half the r and z gates' pre-activations (..., 2H) (sigmoid(v) =
    tanh(v/2)/2 + 1/2, as ``_gates``), the input's n part xn and ghn = W_hn h + b_hn: the new gate n and h'.
    ``tanh`` is the array module's, or the op on Tensors."""
    hidden = h.shape[-1]
    r, z = arz[..., :hidden] * 0.5 + 0.5, arz[..., hidden:] * 0.5 + 0.5
    n = tanh(xn + r * ghn)
    return n, n + z * (h - n)  # h' = (1 - z) * n + z * h


def _gru_grads(gh, h, arz, n, ghn):
    """A GRU step backward: the gradient of h' -> those of the input projection (N, 3H), of the recurrent one
    W_hh h + b_hh (N, 3H; its n part is r times the input's) and of h by its direct path z h."""
    hidden = h.shape[-1]
    ar, az = arz[..., :hidden], arz[..., hidden:]
    z = az * 0.5 + 0.5
    dn = gh * (1 - z) * (1 - n * n)
    dr = dn * ghn * ((1 - ar * ar) * 0.25)
    dz = gh * (h - n) * ((1 - az * az) * 0.25)
    return (_joined(cat, "concatenate", [dr, dz, dn], -1),
            _joined(cat, "concatenate", [dr, dz, dn * (ar * 0.5 + 0.5)], -1), gh * z)


def _gru_step(xw, h, w_hh, b_hh):
    return _gru_values(*_gru_pre(xw, h, w_hh, b_hh), h, tanh)[1]


class GRUSequence(Function):
    """A GRU layer's recurrence over a whole sequence in one node (one direction), as ``LSTMSequence``.

    Inputs: the input projections ``xw`` (T, N, 3H) (x W_ih^T + b_ih of every step), h0 (1, N, H),
    weight_hh (3H, H) and bias_hh (3H,) if any. Output: h of every step (T, N, H). A step is one matrix
    product, two tanh calls (r and z in one) and, with numba, two compiled passes (``kernels.gru``).
    """

    def forward(self, xw, h0, w_hh, b_hh=None):
        xp = get_array_module(xw)
        steps, hidden = xw.shape[0], h0.shape[-1]
        dtype = xp.result_type(xw, h0, w_hh)
        w_t = w_hh.T.astype(dtype, order="C")  # (H, 3H), its r and z columns halved: h @ w_t adds to arz's input
        w_t[:, :2 * hidden] *= 0.5
        arz = xp.empty((steps,) + h0.shape[1:2] + (2 * hidden,), dtype)
        xp.multiply(xw[..., :2 * hidden], 0.5, out=arz)
        b_n = xp.zeros(hidden, dtype)
        if b_hh is not None:
            arz += b_hh[:2 * hidden] * 0.5
            b_n[:] = b_hh[2 * hidden:]
        xn = xw[..., 2 * hidden:]
        ghn, n, out = (xp.empty((steps,) + h0.shape[1:], dtype) for _ in range(3))
        fast, half = kernels.gru(arz, xn, h0), dtype.type(0.5)
        h = h0[0]
        for t in range(steps):
            g = h @ w_t
            arz[t] += g[:, :2 * hidden]
            xp.tanh(arz[t], out=arz[t])
            if fast:
                fast.gru_new_gate(arz[t], g, b_n, xn[t], ghn[t], n[t], half)
                xp.tanh(n[t], out=n[t])
                fast.gru_hidden(arz[t], n[t], h, out[t], half)
            else:
                ghn[t] = g[:, 2 * hidden:] + b_n
                n[t], out[t] = _gru_values(arz[t], xn[t], ghn[t], h, xp.tanh)
            h = out[t]
        inputs = (xw, h0, w_hh) if b_hh is None else (xw, h0, w_hh, b_hh)
        self.save_for_backward(*inputs, out, arz, n, ghn)
        return out

    def backward(self, g_out):
        need = self.needs_input_grad
        saved = self.saved_tensors
        (xw, h0, w_hh), b_hh = saved[:3], saved[3] if len(need) == 4 else None
        out, arz, n, ghn = saved[len(need):]
        if isinstance(xw, Tensor):  # create_graph: the steps' values must be functions of the inputs
            out, arz, n, ghn = _gru_replay(xw, h0, w_hh, b_hh)
        g_x, g_h, dh = self._through_time(g_out, h0, w_hh, out, arz, n, ghn)
        return (g_x, reshape(dh, h0.shape)) + _recurrent_grads(g_h, h0, out, need[2:])

    @staticmethod
    def _through_time(g_out, h0, w_hh, out, arz, n, ghn):
        """Back through the steps: the gradients of the input projections and of the recurrent ones
        (T, N, 3H), and h0's (N, H)."""
        fast = kernels.gru(g_out, h0, w_hh, out, arz, n, ghn)
        if fast:
            shape = out.shape[:2] + (w_hh.shape[0],)
            g_x, g_h, dh = np.empty(shape, out.dtype), np.empty(shape, out.dtype), np.zeros_like(h0[0])
            half, one = out.dtype.type(0.5), out.dtype.type(1)
            for t in range(out.shape[0] - 1, -1, -1):
                fast.gru_cell_grad(g_out[t], dh, out[t - 1] if t else h0[0], arz[t], n[t], ghn[t], g_x[t], g_h[t],
                                   half, one)
                dh += g_h[t] @ w_hh
            return g_x, g_h, dh
        g_x, g_h, dh = [], [], None
        for t in range(out.shape[0] - 1, -1, -1):
            gh = g_out[t] if dh is None else g_out[t] + dh
            gx, gr, dh = _gru_grads(gh, out[t - 1] if t else h0[0], arz[t], n[t], ghn[t])
            g_x.append(gx), g_h.append(gr)
            dh = dh + gr @ w_hh
        return _joined(stack, "stack", g_x[::-1], 0), _joined(stack, "stack", g_h[::-1], 0), dh


def _gru_replay(xw, h0, w_hh, b_hh):
    """``GRUSequence``'s saved values recomputed with ops on its input Tensors (backward under create_graph)."""
    h, hs, arzs, ns, ghns = h0[0], [], [], [], []
    for t in range(xw.shape[0]):
        arz, xn, ghn = _gru_pre(xw[t], h, w_hh, b_hh)
        n, h = _gru_values(arz, xn, ghn, h, tanh)
        hs.append(h), arzs.append(arz), ns.append(n), ghns.append(ghn)
    return tuple(stack(v) for v in (hs, arzs, ns, ghns))


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
