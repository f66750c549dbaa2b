"""Activation layers: module forms of the functions in ``F`` (``nn.ReLU()``, ``nn.Softmax(dim=1)`` ...)."""
import inspect

from autograd_core import creation

from .. import functional as F
from .. import init as init_
from ..module import Module
from ..parameter import Parameter

__all__ = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Softplus",
           "Sigmoid", "LogSigmoid", "Tanh", "Softmax", "LogSoftmax", "Softmin", "Hardtanh", "Hardsigmoid",
           "Hardswish", "Step", "Softsign", "Tanhshrink", "Threshold", "Hardshrink", "Softshrink", "GLU", "PReLU",
           "Softmax2d", "RReLU"]


class _Activation(Module):
    """An activation without parameters: ``forward`` calls ``fn`` with the stored options."""

    fn = None
    defaults = {}  # option name -> default, in PyTorch's argument order; shown in repr

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = list(self.defaults) + (["inplace"] if "inplace" in inspect.signature(self.fn).parameters else [])
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes the options {names}, got {args}")
        values = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names:
                raise TypeError(f"{type(self).__name__} got an unexpected argument {k!r}")
            values[k] = v
        for name, default in self.defaults.items():
            setattr(self, name, values.get(name, default))
        self.inplace = bool(values.get("inplace", False))

    def forward(self, input):
        options = {k: getattr(self, k) for k in self.defaults}
        if self.inplace:
            options["inplace"] = True
        return type(self).fn(input, **options)

    def extra_repr(self):
        parts = [f"{k}={getattr(self, k)!r}" for k in self.defaults]
        if self.inplace:
            parts.append("inplace=True")
        return ", ".join(parts)


def _activation(name, fn, doc, **defaults):
    cls = type(name, (_Activation,), {"fn": staticmethod(fn), "defaults": defaults, "__doc__": doc})
    cls.__module__ = __name__
    return cls


ReLU = _activation("ReLU", F.relu, "max(x, 0).")
ReLU6 = _activation("ReLU6", F.relu6, "min(max(x, 0), 6).")
LeakyReLU = _activation("LeakyReLU", F.leaky_relu, "x if x > 0 else negative_slope * x.", negative_slope=0.01)
ELU = _activation("ELU", F.elu, "x if x > 0 else alpha * (exp(x) - 1).", alpha=1.0)
SELU = _activation("SELU", F.selu, "Scaled ELU with the self-normalising constants.")
CELU = _activation("CELU", F.celu, "max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).", alpha=1.0)
GELU = _activation("GELU", F.gelu, "x * Phi(x); approximate='tanh' for the tanh form.", approximate="none")
SiLU = _activation("SiLU", F.silu, "x * sigmoid(x).")
Mish = _activation("Mish", F.mish, "x * tanh(softplus(x)).")
Softplus = _activation("Softplus", F.softplus, "log(1 + exp(beta x)) / beta, linear above threshold.",
                       beta=1.0, threshold=20.0)
Sigmoid = _activation("Sigmoid", F.sigmoid, "1 / (1 + exp(-x)).")
LogSigmoid = _activation("LogSigmoid", F.logsigmoid, "log(sigmoid(x)).")
Tanh = _activation("Tanh", F.tanh, "Hyperbolic tangent.")
Softmax = _activation("Softmax", F.softmax, "Softmax along dim.", dim=None)
LogSoftmax = _activation("LogSoftmax", F.log_softmax, "Log-softmax along dim.", dim=None)
Softmin = _activation("Softmin", F.softmin, "Softmax of -x along dim.", dim=None)
Hardtanh = _activation("Hardtanh", F.hardtanh, "Clamp to [min_val, max_val].", min_val=-1.0, max_val=1.0)
Hardsigmoid = _activation("Hardsigmoid", F.hardsigmoid, "relu6(x + 3) / 6.")
Hardswish = _activation("Hardswish", F.hardswish, "x * relu6(x + 3) / 6.")
Step = _activation("Step", F.step, "Heaviside step (1 for x > 0, value at 0); zero gradient.", value=0.0)
Softsign = _activation("Softsign", F.softsign, "x / (1 + |x|).")
Tanhshrink = _activation("Tanhshrink", F.tanhshrink, "x - tanh(x).")
Hardshrink = _activation("Hardshrink", F.hardshrink, "x where |x| > lambd, else 0.", lambd=0.5)
Softshrink = _activation("Softshrink", F.softshrink, "Shrink x towards 0 by lambd (0 within +-lambd).", lambd=0.5)
GLU = _activation("GLU", F.glu, "Gated linear unit a * sigmoid(b) of the halves of dim.", dim=-1)


class Threshold(_Activation):
    """x where x > threshold, else value (both required, as PyTorch)."""

    fn = staticmethod(F.threshold)
    defaults = {"threshold": None, "value": None}

    def __init__(self, threshold, value, inplace=False):
        super().__init__(threshold, value, inplace)


class PReLU(Module):
    """x where x > 0, else a * x with a learned slope ``weight``: one shared (``num_parameters=1``)
    or one per channel (dim 1), each initialised to ``init``."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(creation.full((num_parameters,), init, dtype=dtype, device=device))

    def reset_parameters(self):
        init_.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class Softmax2d(Module):
    """Softmax over the channels at every spatial position: (N, C, H, W) or (C, H, W), dim -3."""

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected a 3-D or 4-D input, got shape {tuple(input.shape)}")
        return F.softmax(input, -3)


class RReLU(Module):
    """Randomized leaky relu (``F.rrelu``): in training mode each negative element gets a slope drawn
    uniformly from [lower, upper]; in eval mode the slope is (lower + upper) / 2."""

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        if lower > upper:
            raise ValueError(f"RReLU: lower ({lower}) must not exceed upper ({upper})")
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace else "")
