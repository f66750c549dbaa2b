"""Activation functions (``F.relu``, ``F.gelu``, ``F.softmax`` ...).

Most are composed from engine ops, so they are twice differentiable for free;
softplus, softmax, log_softmax and step are Functions of their own for
numerical stability (or, for step, a defined zero gradient), and elu, selu and
celu share one (``Elu``) for speed: one node in place of four.
"""
import math
import warnings

import numpy as np

from autograd_core import kernels
from autograd_core.backend import get_array_module, max_for_shift
from autograd_core.function import Function, dual
from autograd_core.ops import abs as abs_
from autograd_core.ops import clamp, erf, reshape, sigmoid, split, tanh, where
from autograd_core.ops import relu as _relu
from autograd_core.ops._util import as_tensor, float_dtype, in_layout_of, normalize_axis, zeros_as
from autograd_core.ops.arithmetic import check_not_complex
from autograd_core.ops.elementwise import Exp, Sigmoid, _floating, piecewise
from autograd_core.ops.inplace import inplace_form
from autograd_core.ops.special import Erf
from autograd_core.random import uniform_array
from autograd_core.tensor import Tensor, _new

__all__ = ["identity", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus",
           "sigmoid", "logsigmoid", "tanh", "softmax", "log_softmax", "softmin", "hardtanh",
           "hardsigmoid", "hardswish", "step", "erf", "softsign", "tanhshrink", "threshold", "hardshrink",
           "softshrink", "glu", "prelu", "rrelu", "gumbel_softmax"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _written_into(input, fn, *args):
    """``fn(input, *args)`` written into ``input``: an activation's ``inplace=True``, as PyTorch (through the
    engine's in-place machinery, which records it and refuses a leaf that requires grad)."""
    return inplace_form(fn.__name__ + "_", fn)(input, *args)


def identity(input):
    """Returns ``input`` unchanged (the functional form of ``nn.Identity``)."""
    return input


def relu(input, inplace=False):
    """max(x, 0); gradient 0 at 0. ``inplace=True`` writes the result into ``input``."""
    if inplace:
        return _written_into(input, relu)
    return _relu(input)


def relu6(input, inplace=False):
    """min(max(x, 0), 6)."""
    if inplace:
        return _written_into(input, relu6)
    return hardtanh(input, 0.0, 6.0)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x for x > 0, else negative_slope * x."""
    if inplace:
        return _written_into(input, leaky_relu, negative_slope)
    input = _real_input("leaky_relu", input)
    return piecewise(input > 0, input, input * negative_slope)


class Elu(Function):
    """elu, selu and celu as one node: ``scale * x`` where x >= 0 (or NaN), else
    ``negcoef * expm1(input_scale * x)``, with PyTorch's gradient: ``scale``, and for x <= 0
    ``input_scale * (y + negcoef)``. One compiled pass each way where numba is installed."""

    def __init__(self, negcoef, scale=1.0, input_scale=1.0):
        self.negcoef, self.scale, self.input_scale = negcoef, scale, input_scale

    def forward(self, x):
        xp = get_array_module(x)
        # expm1 sees only x <= 0, so a large x makes no inf (nor an overflow warning) in the unused branch
        y = xp.minimum(x, 0, out=xp.empty_like(x))
        if self.input_scale != 1:
            y *= self.input_scale
        xp.expm1(y, out=y)
        if not kernels.elu(x, y, self.negcoef, self.scale):
            y *= self.negcoef
            y = where(x < 0, y, x if self.scale == 1 else x * self.scale)
        self.save_for_backward(x, y)
        return y

    def backward(self, gy):
        x, y = self.saved_tensors
        if x.__class__ is not Tensor:
            gy = in_layout_of(x, gy)
            gx = kernels.elu_grad(gy, x, y, self.negcoef, self.input_scale, self.scale)
            if gx is not None:
                return gx
        return gy * where(x <= 0, (y + self.negcoef) * self.input_scale, self.scale)


def _elu(op, input, alpha, scale=1.0, input_scale=1.0):
    """The ELU node of ``input`` (a bool or integer one is taken as float32, where PyTorch refuses it)."""
    input = _real_input(op, input)
    if input._data.dtype.kind in "biu":
        input = input.astype(float_dtype(input._data.dtype))
    return Elu(alpha * scale, scale, input_scale)(input)


def elu(input, alpha=1.0, inplace=False):
    """x for x > 0, else alpha * (exp(x) - 1)."""
    if inplace:
        return _written_into(input, elu, alpha)
    return _elu("elu", input, alpha)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalising constants of Klambauer et al."""
    if inplace:
        return _written_into(input, selu)
    return _elu("elu", input, _SELU_ALPHA, _SELU_SCALE)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    if inplace:
        return _written_into(input, celu, alpha)
    if alpha == 0:
        raise RuntimeError("celu: alpha cannot be 0 (x is divided by it)")
    return _elu("celu", input, alpha, input_scale=1.0 / alpha)


def _normal_cdf(x):
    """Phi(x) = (1 + erf(x / sqrt(2))) / 2 of an array, or of a Tensor (recorded)."""
    return dual(Erf(), x * math.sqrt(0.5)) * 0.5 + 0.5


class Gelu(Function):
    """``x Phi(x)`` as one node; its derivative is ``Phi(x) + x phi(x)`` (phi: the standard normal density)."""

    def forward(self, x):
        cdf = _normal_cdf(x)
        self.save_for_backward(x, cdf)
        return x * cdf

    def backward(self, gy):
        x, cdf = self.saved_tensors
        if x.__class__ is Tensor:  # create_graph: Phi(x) again, recorded, so that it is differentiated too
            cdf = _normal_cdf(x)
        return gy * (cdf + x * dual(Exp(), x * x * -0.5) * (1 / math.sqrt(2 * math.pi)))


def gelu(input, approximate="none"):
    """x * Phi(x) (Phi: the standard normal CDF); ``approximate='tanh'`` uses
    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x**3)))."""
    input = _real_input("gelu", input)
    if approximate == "none":
        return Gelu()(_floating(input))
    if approximate == "tanh":
        inner = (input + input * input * input * 0.044715) * math.sqrt(2.0 / math.pi)
        return input * (tanh(inner) * 0.5 + 0.5)
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def silu(input, inplace=False):
    """x * sigmoid(x) (also called swish)."""
    if inplace:
        return _written_into(input, silu)
    input = as_tensor(input)
    return input * sigmoid(input)


def mish(input, inplace=False):
    """x * tanh(softplus(x))."""
    if inplace:
        return _written_into(input, mish)
    input = _real_input("mish", input)
    return input * tanh(softplus(input))


class Softplus(Function):
    """log(1 + exp(beta x)) / beta, computed as max(z, 0) + log1p(exp(-|z|)) so it never overflows."""

    def __init__(self, beta, threshold):
        self.beta, self.threshold = beta, threshold

    def forward(self, x):
        xp = get_array_module(x)
        z = x * self.beta
        y = (xp.maximum(z, 0) + xp.log1p(xp.exp(-xp.abs(z)))) / self.beta
        self.save_for_backward(x)
        return xp.where(z > self.threshold, x, y).astype(x.dtype, copy=False)

    def backward(self, gy):
        x, = self.saved_tensors
        z = x * self.beta
        return where(z > self.threshold, gy, gy * dual(Sigmoid(), z))


def softplus(input, beta=1.0, threshold=20.0):
    """Smooth relu: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold.
    Stable for any x (no overflow at |x| = 1000)."""
    return Softplus(beta, threshold)(_real_input("softplus", input))


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return -softplus(-_real_input("logsigmoid", input))


def _real_input(op, input):
    """``input`` as a Tensor, or a TypeError naming ``op`` for a complex one: the activations PyTorch defines
    on real numbers only."""
    input = as_tensor(input)
    if input._data.dtype.kind == "c":  # the raise only: no call on the per-step path
        check_not_complex(op, input._data.dtype)
    return input


def _dim(input, dim, op):
    """The dim softmax or log_softmax (``op``) runs over."""
    if dim is None:
        # PyTorch's legacy implicit choice: dim 0 for 0-, 1- and 3-D input, else 1
        dim = 0 if input.ndim in (0, 1, 3) else 1
    return normalize_axis(dim, input.ndim, op)


def _cast(input, dtype):
    return input if dtype is None else input.astype(dtype)


def _not_floating(input, op):
    """softmax or log_softmax (``op``) of a tensor that is not floating, as PyTorch: complex is refused; an
    integer or bool one gives a copy when it is empty, and is refused otherwise."""
    check_not_complex(op, input._data.dtype)
    if input._data.size:
        raise TypeError(f"{op}: expects a floating point tensor, got dtype {input.dtype}; "
                        "pass dtype=float32 or convert with x.float()")
    return _new(input._data.copy(), False, None)


class Softmax(Function):
    def __init__(self, dim):
        self.dim = dim

    def forward(self, x):
        xp = get_array_module(x)
        e = xp.exp(x - max_for_shift(x, self.dim))
        e /= e.sum(axis=self.dim, keepdims=True)
        self.save_for_backward(e)
        return e

    def backward(self, gy):
        y, = self.saved_tensors
        gx = gy * y
        return gx - y * gx.sum(axis=self.dim, keepdims=True)


def softmax(input, dim=None, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim`` (the max is subtracted first, so large logits are fine)."""
    input = _cast(as_tensor(input), dtype)
    dim = _dim(input, dim, "softmax")
    if input._data.dtype.kind != "f":
        return _not_floating(input, "softmax")
    return Softmax(dim)(input)


def softmin(input, dim=None, dtype=None):
    """softmax(-x) along ``dim``."""
    return softmax(-_cast(as_tensor(input), dtype), dim)


class LogSoftmax(Function):
    def __init__(self, dim):
        self.dim = dim

    def forward(self, x):
        xp = get_array_module(x)
        shifted = x - max_for_shift(x, self.dim)
        # an empty x has nothing to normalise (and the log of its empty sums would warn)
        y = shifted - xp.log(xp.exp(shifted).sum(axis=self.dim, keepdims=True)) if x.size else shifted
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        return gy - dual(Exp(), y) * gy.sum(axis=self.dim, keepdims=True)


def log_softmax(input, dim=None, dtype=None):
    """x - logsumexp(x) along ``dim``: exact and finite even for logits of 1e4."""
    input = _cast(as_tensor(input), dtype)
    dim = _dim(input, dim, "log_softmax")
    if input._data.dtype.kind != "f":
        return _not_floating(input, "log_softmax")
    return LogSoftmax(dim)(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamp to [min_val, max_val]."""
    if inplace:
        return _written_into(input, hardtanh, min_val, max_val)
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val {min_val} must not exceed max_val {max_val}")
    x = _real_input("hardtanh", input)
    inside = (x > min_val) & (x < max_val)  # PyTorch: gradient 0 at the bounds themselves
    return piecewise(inside, x, clamp(x, min_val, max_val).detach())


def hardsigmoid(input, inplace=False):
    """relu6(x + 3) / 6."""
    if inplace:
        return _written_into(input, hardsigmoid)
    return relu6(_real_input("hardsigmoid", input) + 3.0) * (1.0 / 6)


def hardswish(input, inplace=False):
    """x * relu6(x + 3) / 6."""
    if inplace:
        return _written_into(input, hardswish)
    input = _real_input("hardswish", input)
    return input * hardsigmoid(input)


class Step(Function):
    def __init__(self, value):
        self.value = value

    def forward(self, x):
        xp = get_array_module(x)
        return xp.where(x > 0, 1, xp.where(x < 0, 0, self.value)).astype(x.dtype)

    def backward(self, gy):
        return zeros_as(gy)


def step(input, value=0.0):
    """Heaviside step: 1 where x > 0, 0 where x < 0, ``value`` at 0. Its gradient is zero
    everywhere (it is in the graph, so a loss through it backpropagates zeros, not an error)."""
    return Step(value)(as_tensor(input))



def softsign(input):
    """x / (1 + |x|)."""
    input = as_tensor(input)
    return input / (abs_(input) + 1.0)


def tanhshrink(input):
    """x - tanh(x)."""
    input = as_tensor(input)
    return input - tanh(input)


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else ``value``."""
    if inplace:
        return _written_into(input, _threshold, threshold, value)
    input = _real_input("threshold", input)
    return piecewise(input > threshold, input, value)


_threshold = threshold  # for threshold's own inplace branch, where its argument hides the name


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0."""
    input = _real_input("hardshrink", input)
    return piecewise(abs_(input) > lambd, input, 0.0)


def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, 0 between (gradient 0 at +-lambd, as PyTorch)."""
    if lambd < 0:
        raise ValueError(f"softshrink: lambd must be >= 0, got {lambd}")
    input = _real_input("softshrink", input)
    return piecewise(input > lambd, input - lambd, where(input < -lambd, input + lambd, 0.0))


def glu(input, dim=-1):
    """Gated linear unit: split ``input`` in halves a, b along ``dim`` and return a * sigmoid(b)."""
    input = _real_input("glu", input)
    if input.ndim == 0:
        raise ValueError("glu: input is a 0-d tensor; it needs a dimension of even size to split into halves")
    axis = normalize_axis(dim, input.ndim, "glu")
    n = input.shape[axis]
    if n % 2:
        raise ValueError(f"glu: dimension {dim} of input shape {input.shape} has odd size {n}; it must be even "
                         "to split into halves")
    a, b = split(input, n // 2, axis)
    return a * sigmoid(b)


def prelu(input, weight):
    """x where x > 0, else weight * x; ``weight`` has 1 element (shared) or one per channel (dim 1)."""
    input, weight = _real_input("prelu", input), as_tensor(weight)
    channels = input.shape[1] if input.ndim >= 2 else 1
    if weight.numel() == 1:
        w = reshape(weight, (1,) * input.ndim)
    elif weight.numel() == channels:
        w = reshape(weight, (1, channels) + (1,) * (input.ndim - 2))
    else:
        raise ValueError(f"prelu: weight has {weight.numel()} elements but input {input.shape} has {channels} "
                         "channels (dim 1); give 1 weight or one per channel")
    return piecewise(input > 0, input, input * w)


def _uniform_like(op, input):
    """Uniform [0, 1) draws of ``input``'s shape from the global generator, on its device (float64 draws for
    float64 input, float32 ones otherwise), after checking that ``input`` is floating point."""
    if input.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point input, got dtype {input.dtype}")
    xp = get_array_module(input._data)
    return uniform_array(xp, input.shape, np.float64 if input.dtype == np.float64 else np.float32)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky relu: x for x > 0, else a * x. While training, each element draws its own slope a
    uniformly from [lower, upper]; otherwise a = (lower + upper) / 2. ``training`` defaults to False, as PyTorch."""
    if lower > upper:
        raise ValueError(f"rrelu: lower ({lower}) must not exceed upper ({upper})")
    if inplace:
        return _written_into(input, rrelu, lower, upper, training)
    input = _real_input("rrelu", input)
    if not training:
        return leaky_relu(input, (lower + upper) / 2)
    slopes = _uniform_like("rrelu", input) * (upper - lower) + lower
    xp = get_array_module(input._data)
    return input * _new(xp.where(input._data <= 0, slopes, 1).astype(input.dtype), False, None)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """A sample of the Gumbel-softmax (Concrete) distribution: softmax((logits + g) / tau) along ``dim``
    with g drawn from Gumbel(0, 1). ``hard=True`` returns the one-hot of its argmax, with the soft
    sample's gradient (straight-through). ``eps`` is deprecated and unused, as in PyTorch.

    Example:
        >>> F.gumbel_softmax(ag.zeros(2, 5), tau=0.5, hard=True).sum(-1)  # one 1 per row
    """
    if eps != 1e-10:
        warnings.warn("gumbel_softmax: the eps parameter is deprecated and has no effect", UserWarning, stacklevel=2)
    logits = as_tensor(logits)
    xp = get_array_module(logits._data)
    # Exponential(1) draws -log(1 - u), kept above 0 so that the Gumbel draw -log(e) is finite
    e = xp.maximum(-xp.log1p(-_uniform_like("gumbel_softmax", logits)), np.finfo(logits.dtype).tiny)
    y = softmax((logits - _new(xp.asarray(xp.log(e), dtype=logits.dtype), False, None)) / tau, dim)  # 0-d: a scalar
    if not hard:
        return y
    if y.ndim == 0:  # a single category
        one_hot = xp.ones_like(y._data)
    else:
        axis = normalize_axis(dim, y.ndim, "gumbel_softmax")
        index = xp.expand_dims(y._data.argmax(axis=axis), axis)
        one_hot = (xp.arange(y.shape[axis]).reshape((-1,) + (1,) * (y.ndim - axis - 1)) == index).astype(y.dtype)
    return (_new(one_hot, False, None) - y.detach()) + y
