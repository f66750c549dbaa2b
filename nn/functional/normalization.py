"""Batch and layer normalisation (twice differentiable).

Training-mode batch norm is one Function (``_BatchNorm``): five passes over
the input forward and seven backward, most of them in place on the one array
each allocates, where the same formula composed from engine ops made about
twenty and recorded a dozen nodes. It saves x, not x - mean, which backward
recomputes. Its backward is written with operators, so under ``create_graph``
it is recorded too; there it recomputes the statistics from x as a graph, so
second derivatives flow through them. Instance norm reuses it, as PyTorch
does: it is batch norm of the input seen as (1, N*C, *). Layer norm is one
Function too (``_LayerNorm``): the input seen as rows, one compiled kernel call
forward and one backward where numba is installed (kernels.layer_norm), NumPy's
passes otherwise. Group norm is that Function over the rows (N, G, values per
group), its per-channel weight and bias repeated over each channel's values;
RMS norm (rms_norm.py) is it without centring. Eval-mode batch norm is
composed from engine ops.
"""
import math
import string

import numpy as np

from autograd_core import kernels
from autograd_core.backend import get_array_module
from autograd_core.function import Function
from autograd_core.ops import rsqrt
from autograd_core.ops._util import as_tensor, in_layout_of, promoted
from autograd_core.ops.shape import broadcast_to, reshape, tile
from autograd_core.tensor import Tensor


__all__ = ["batch_norm", "layer_norm", "group_norm", "instance_norm"]


def _moments(x, axes, eps):
    """(mean, d = x - mean, biased variance, inv = 1 / sqrt(var + eps)) over ``axes``, keeping dims.
    Works on arrays (a forward) and on Tensors (recorded)."""
    mean = x.mean(axis=axes, keepdims=True)
    d = x - mean
    var = (d * d).mean(axis=axes, keepdims=True)
    return mean, d, var, (var + eps) ** -0.5


class _BatchNorm(Function):
    """Training-mode batch norm of x (N, C, *) with per-channel weight w and bias b (optional); the batch mean
    and (biased) variance are left in ``.mean`` and ``.var`` for the running statistics.

    With d = x - mean, inv = 1 / sqrt(var + eps) and scale = w * inv: y = d * scale + b, and
    gx = scale * (gy - mean(gy) - d * inv^2 * mean(gy * d)), the means per channel."""

    def __init__(self, eps):
        self.eps = eps

    def forward(self, x, w, b=None):
        shape = _channel_axes(x)[1]
        m = _per_value(x)
        self.mean = _channel_sum(x) * m
        d = x - self.mean
        self.var = _channel_sum(d, d) * m
        self.inv = (self.var + self.eps) ** -0.5
        self.save_for_backward(x, w)
        d *= self.inv * w.reshape(shape)  # y, in d's array
        if b is not None:  # group norm, and batch and instance norm without an affine bias, have none
            d += b.reshape(shape)
        return d

    def backward(self, gy):
        x, w = self.saved_tensors
        axes, shape = _channel_axes(x)
        if isinstance(gy, Tensor):  # create_graph: the statistics as functions of x, so they are differentiated
            _, d, _, inv = _moments(x, axes, self.eps)
            gb, gd = gy.sum(axis=axes, keepdims=True), (gy * d).sum(axis=axes, keepdims=True)
        else:  # gy in x's memory order: elementwise loops over operands in different orders run several times slower
            gy, d, inv = in_layout_of(x, gy), x - self.mean, self.inv
            gb, gd = _channel_sum(gy), _channel_sum(gy, d)  # gd = gw / inv
        gx = None
        if self.needs_input_grad[0]:
            m = _per_value(x)
            gx = d * (gd * (-m * inv * inv))  # a new array (or node), so the rest runs in place on it
            gx += gy
            gx -= gb * m
            gx *= inv * reshape(w, shape)
        gw = reshape(gd * inv, w.shape)
        return (gx, gw) if len(self.needs_input_grad) == 2 else (gx, gw, reshape(gb, w.shape))


def _channel_axes(x):
    """The axes batch norm reduces over (all but dim 1) and the shape its (C,) parameters broadcast as."""
    return (0,) + tuple(range(2, x.ndim)), (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _per_value(x):
    """1 / the number of values per channel of x (N, C, *) (1 for none: an empty batch has no means to take)."""
    return 1 / max(math.prod(x.shape[a] for a in _channel_axes(x)[0]), 1)


def _channel_sum(*factors):
    """The sum over all dims but 1 (kept) of the product of ``factors``, arrays of one shape (N, C, *).

    einsum adds without an array for the product, 1.3-5x faster than NumPy's sum, but in one running sum
    per channel: past a few thousand values that loses bits (10-30x the error of NumPy's pairwise sum on
    large batches). So past ``_RUNNING_SUM`` values it adds along all reduced dims but the outermost in
    memory, and NumPy's sum adds those partial sums: as accurate as NumPy's sum of the product."""
    x = factors[0]
    xp = get_array_module(x)
    dims = string.ascii_letters[:x.ndim]
    operands = ",".join([dims] * len(factors))
    axes, shape = _channel_axes(x)
    if math.prod(x.shape[a] for a in axes) <= _RUNNING_SUM:
        return xp.einsum(f"{operands}->{dims[1]}", *factors).reshape(shape)
    outer = max(axes, key=lambda a: (x.shape[a] > 1, abs(x.strides[a])))
    return xp.einsum(f"{operands}->{dims[1]}{dims[outer]}", *factors).sum(axis=1).reshape(shape)


_RUNNING_SUM = 4096  # values per channel that one einsum adds up (float32: within ~2 units in the last place)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """Normalise each channel (dim 1) of (N, C, *) input.

    Training: batch statistics normalise, and ``running_mean``/``running_var`` (when given)
    are updated in place as ``(1 - momentum) * running + momentum * batch`` with the
    unbiased batch variance, as PyTorch. Eval: the running statistics normalise.
    """
    input = as_tensor(input)
    if input.ndim < 2:
        raise ValueError(f"batch_norm: input must be (N, C, *), got shape {input.shape}")
    c = input.shape[1]
    shape = _channel_axes(input)[1]
    _check_channel_params("batch_norm", input, running_mean=running_mean, running_var=running_var,
                          weight=weight, bias=bias)
    if training:
        count = input.numel() // c
        if count <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when training, got input "
                             f"of shape {input.shape}")
        y, fn = _batch_norm_training(input, weight, bias, eps)
        if running_mean is not None and running_var is not None:
            _update_running(running_mean, running_var, fn.mean.reshape(c), fn.var.reshape(c), count, momentum)
        return y
    if running_mean is None or running_var is None:
        raise ValueError("batch_norm: eval mode (training=False) needs running_mean and running_var")
    # x * scale + shift: two passes over x, as PyTorch's CPU kernel
    scale = rsqrt(running_var.astype(input.dtype) + eps)
    if weight is not None:
        scale = scale * weight
    shift = -running_mean.astype(input.dtype) * scale
    if bias is not None:
        shift = shift + bias
    return input * reshape(scale, shape) + reshape(shift, shape)


def _batch_norm_training(x, weight, bias, eps):
    """``_BatchNorm`` of x (N, C, *) with (C,) weight (ones where None) and bias (none where None), all
    first brought to one dtype (``promoted``). Returns the output and the Function, which holds the batch
    ``.mean`` and ``.var``."""
    fn = _BatchNorm(eps)
    return fn(*_present(promoted(x, _or_constant(weight, 1, x), bias))), fn


def _present(tensors):
    """The tensors that are not None (a Function's optional trailing inputs)."""
    return [t for t in tensors if t is not None]


def _or_constant(t, value, like):
    """``t``, or a constant (C,) tensor of ``value`` in ``like``'s dtype and device where it is None."""
    if t is not None:
        return t
    xp = get_array_module(like._data)
    return Tensor(xp.full(like.shape[1], value, like.dtype))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` dims (biased variance), then scale and shift."""
    input = as_tensor(input)
    shape, axes = _trailing_axes("layer_norm", input, normalized_shape)
    _check_normalized_params("layer_norm", shape, weight=weight, bias=bias)
    if input.dtype.kind == "c":  # complex input keeps its composite: the variance is mean(d * d), unconjugated
        _, d, _, inv = _moments(input, axes, eps)
        y = d * inv if weight is None else d * inv * weight
        return y if bias is None else y + bias
    if input.dtype.kind != "f":
        raise TypeError(f"layer_norm: expected a floating-point input, got dtype {input.dtype}")
    return _LayerNorm(eps, len(shape), weight is not None)(*_present(promoted(input, weight, bias)))


class _LayerNorm(Function):
    """Layer norm of x over its last ``k`` dims, then times weight w and plus bias b (each optional, of the shape of
    x's last dims: those ``k`` or more), all seen as rows (q, p, n) of x, with w and b (p, n). With
    xhat = (x - mean) * rstd and rstd = 1 / sqrt(var + eps) per row: y = xhat * w + b; g = gy * w,
    gx = rstd * (g - mean(g) - xhat * mean(g * xhat)), gw and gb the sums of gy * xhat and gy over q.
    Not ``centred``, it is RMS norm: the mean taken as 0, no mean(g) term. Keeps x, mean and rstd (as PyTorch);
    under ``create_graph`` backward takes the statistics from x as a graph, so second derivatives flow through
    them."""

    def __init__(self, eps, k, has_weight, centred=True):
        self.eps, self.k, self.has_weight, self.centred = eps, k, has_weight, centred

    def forward(self, x, *params):
        n = math.prod(x.shape[x.ndim - self.k:])
        self.p = params[0].size // n if params and n else 1  # parameter rows
        self.param_shape = params[0].shape if params else None
        rows = x.reshape(self._rows(x))
        w = params[0].reshape(self.p, n) if self.has_weight else None
        b = params[-1].reshape(self.p, n) if len(params) > self.has_weight else None
        out = kernels.layer_norm(rows, w, b, self.eps, self.centred)
        if out is None:
            mean, d, rstd = _row_moments(rows, self.eps, self.centred)
            y = d * rstd
            if w is not None:
                y *= w
            if b is not None:
                y += b
        else:
            y, mean, rstd = out
        self.mean = mean  # (q, p, 1), or 0 for RMS norm
        self.save_for_backward(x, rstd, *params[:self.has_weight])
        return y.reshape(x.shape)

    def backward(self, gy):
        x, rstd, *w = self.saved_tensors
        shape = self._rows(x)
        rows, gy = reshape(x, shape), reshape(gy, shape)
        w = reshape(w[0], shape[1:]) if w else None
        need = self.needs_input_grad
        need = need[0], self.has_weight and need[1], len(need) > 1 + self.has_weight and need[-1]
        grads = None
        if isinstance(x, Tensor):  # create_graph: the statistics as functions of x, so they are differentiated
            _, d, rstd = _row_moments(rows, self.eps, self.centred)
            xhat = d * rstd
        else:
            grads = kernels.layer_norm_grad(gy, rows, self.mean, rstd, w, self.centred)
            xhat = None if grads is not None else (rows - self.mean) * rstd if self.centred else rows * rstd
        gx, gw, gb = grads or _layer_norm_grads(gy, xhat, rstd, w, need, self.centred)
        grads = [gx if gx is None else reshape(gx, x.shape)]
        for g, given in ((gw, self.has_weight), (gb, len(self.needs_input_grad) > 1 + self.has_weight)):
            if given:
                grads.append(g if g is None else reshape(g, self.param_shape))
        return tuple(grads)

    def _rows(self, x):
        """The (q, p, n) shape of x as rows of its normalised dims."""
        return (math.prod(x.shape[:x.ndim - self.k]) // self.p, self.p, math.prod(x.shape[x.ndim - self.k:]))


def _row_moments(rows, eps, centred):
    """(mean, rows - mean, rstd = 1 / sqrt(mean((rows - mean)^2) + eps)) of each row of (q, p, n) ``rows``, kept
    as (q, p, 1); the mean 0 (and rows themselves) where not ``centred``. Arrays or Tensors."""
    if centred:
        mean, d, _, rstd = _moments(rows, 2, eps)
        return mean, d, rstd
    return 0, rows, ((rows * rows).mean(axis=2, keepdims=True) + eps) ** -0.5


def _layer_norm_grads(gy, xhat, rstd, w, need, centred):
    """(gx, gw, gb) of ``_LayerNorm`` over rows (q, p, n), each None unless ``need`` says; arrays or Tensors."""
    gx = gw = gb = None
    if need[0]:
        g = gy if w is None else gy * w
        gx = xhat * -(g * xhat).mean(axis=2, keepdims=True)  # a new array (or node), so the rest runs in place on it
        gx += g
        if centred:
            gx -= g.mean(axis=2, keepdims=True)
        gx *= rstd
    if need[1]:
        gw = (gy * xhat).sum(axis=0)
    if need[2]:
        gb = gy.sum(axis=0)
    return gx, gw, gb


def _trailing_axes(op, input, normalized_shape):
    """(normalized_shape as a tuple, the axes of input it names: its last dims), or an error if they differ."""
    shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
    k = len(shape)
    if input.shape[input.ndim - k:] != shape:
        raise ValueError(f"{op}: normalized_shape {shape} does not match the last dims of input shape {input.shape}")
    return shape, tuple(range(input.ndim - k, input.ndim))


def _check_normalized_params(op, shape, **params):
    """Refuse a parameter whose shape is not ``shape``, the normalised dims'."""
    for name, t in params.items():
        if t is not None and tuple(t.shape) != shape:
            raise ValueError(f"{op}: {name} of shape {tuple(t.shape)} should have normalized_shape {shape}")


def _check_channel_params(op, input, **params):
    """Refuse a per-channel tensor whose shape is not (C,) for (N, C, *) input."""
    c = input.shape[1]
    for name, t in params.items():
        if t is not None and tuple(t.shape) != (c,):
            raise ValueError(f"{op}: {name} has shape {tuple(t.shape)} but input {input.shape} has {c} channels")


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the C channels of (N, C, *) input into ``num_groups`` groups and normalise each
    group of each sample (biased variance), then scale and shift per channel."""
    input = as_tensor(input)
    if input.ndim < 2:
        raise ValueError(f"group_norm: input must be (N, C, *), got shape {input.shape}")
    n, c = input.shape[:2]
    if num_groups <= 0 or c % num_groups:
        raise ValueError(f"group_norm: the {c} channels of input {input.shape} must be divisible by "
                         f"num_groups={num_groups}")
    _check_channel_params("group_norm", input, weight=weight, bias=bias)
    groups = reshape(input, (n, num_groups, math.prod(input.shape[1:]) // num_groups))
    values = math.prod(input.shape[2:])
    params = [None if t is None else _group_rows(t, num_groups, values) for t in (weight, bias)]
    return reshape(_LayerNorm(eps, 1, weight is not None)(*_present(promoted(groups, *params))), input.shape)


def _group_rows(t, num_groups, values):
    """A (C,) parameter as (G, values per group): each channel's value repeated over its ``values`` positions."""
    per_channel = reshape(t, (num_groups, -1, 1))
    return reshape(broadcast_to(per_channel, per_channel.shape[:2] + (values,)), (num_groups, -1))


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample of (N, C, *) input over its spatial dims.

    With ``use_input_stats`` (the default) the per-instance statistics normalise, and
    ``running_mean``/``running_var`` (when given) are updated in place with their average
    over the batch, as PyTorch; otherwise the running statistics normalise, as batch_norm's eval mode.
    """
    input = as_tensor(input)
    if input.ndim < 2:
        raise ValueError(f"instance_norm: input must be (N, C, *), got shape {input.shape}")
    _check_channel_params("instance_norm", input, running_mean=running_mean, running_var=running_var,
                          weight=weight, bias=bias)
    if not use_input_stats:
        if running_mean is None or running_var is None:
            raise ValueError("instance_norm: use_input_stats=False needs running_mean and running_var")
        return batch_norm(input, running_mean, running_var, weight, bias, False, momentum, eps)
    count = math.prod(input.shape[2:])
    if count <= 1:
        raise ValueError(f"instance_norm: expected more than 1 spatial element per channel when using input "
                         f"statistics, got input of shape {input.shape}")
    n, c = input.shape[:2]
    instances = reshape(input, (1, n * c) + input.shape[2:])
    y, fn = _batch_norm_training(instances, _per_instance(weight, n), _per_instance(bias, n), eps)
    if running_mean is not None or running_var is not None:
        _update_running(running_mean, running_var, fn.mean.reshape(n, c).mean(0), fn.var.reshape(n, c).mean(0),
                        count, momentum)
    return reshape(y, input.shape)


def _per_instance(t, n):
    """A (C,) parameter repeated for each of ``n`` samples, (N*C,) as the channels of (1, N*C, *); None stays."""
    return None if t is None else tile(t, n)


def _update_running(running_mean, running_var, mean, var, count, momentum):
    """``running = (1 - momentum) * running + momentum * batch`` in place, for each running statistic
    given; the batch variance ``var`` (biased, over ``count`` values) enters unbiased, as PyTorch."""
    if running_mean is not None:
        running_mean._data[...] = (1 - momentum) * running_mean._data + momentum * mean
    if running_var is not None:
        running_var._data[...] = (1 - momentum) * running_var._data + momentum * var * (count / (count - 1))
