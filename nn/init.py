"""Weight initialisation, in place, with PyTorch's names and formulas (``nn.init.kaiming_uniform_`` ...).

Every function fills ``tensor`` without recording a graph, draws from the
framework's generator (``ag.manual_seed`` makes it repeatable) or the ``generator=``
given (an ``ag.Generator``, as torch's) and returns it.
"""
import math
import warnings

import numpy as np

from autograd_core import backend
from autograd_core.grad_mode import no_grad
from autograd_core.ops import inplace
from autograd_core.random import check_random_dtype, get_rng


def _fill(tensor, values, index=Ellipsis):
    """Write ``values`` (a NumPy array or scalar) into ``tensor``'s array (at ``index``) in place, bumping its
    version so a graph that saved the old values refuses to backward."""
    xp = backend.get_array_module(tensor._data)

    def in_place(data):
        data[index] = xp.asarray(values, dtype=data.dtype)
    with no_grad():
        return inplace.apply_inplace(tensor, "nn.init", None, in_place)


def calculate_gain(nonlinearity, param=None):
    """The gain PyTorch recommends for ``nonlinearity`` (e.g. sqrt(2) for 'relu', 5/3 for 'tanh')."""
    linear = {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d", "sigmoid"}
    if nonlinearity in linear:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out): input/output feature maps times the receptive field size."""
    if tensor.ndim < 2:
        raise ValueError(f"fan in and fan out can't be computed for a tensor with fewer than 2 dimensions "
                         f"(got shape {tuple(tensor.shape)})")
    receptive = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} not supported, use 'fan_in' or 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with values drawn from U(a, b) (a complex tensor's real and imaginary parts each, as PyTorch)."""
    with no_grad():
        return inplace.uniform_(tensor, a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with values drawn from N(mean, std**2); a complex tensor's parts each get mean ``mean`` and
    variance std**2 / 2, as PyTorch."""
    with no_grad():
        return inplace.normal_(tensor, mean, std, generator=generator)


def _check_real_float(init, tensor):
    """As PyTorch: ``init`` draws floats and has no complex form. A complex tensor's error is torch 2.13's
    NotImplementedError (for trunc_normal_ and orthogonal_ alike), not the TypeError of the ops' complex
    refusals (check_not_complex); an integer or bool tensor's is the random fills' TypeError."""
    if tensor.dtype.kind == "c":
        raise NotImplementedError(f"{init}: complex tensors are not supported ({tensor.dtype}), as in PyTorch")
    check_random_dtype(init, tensor.dtype, tensor=True)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill from N(mean, std**2) restricted to [a, b] (redrawing values outside)."""
    _check_real_float("trunc_normal_", tensor)
    rng = get_rng(generator)
    values = rng.normal(mean, std, size=tensor.shape)
    bad = (values < a) | (values > b)
    while bad.any():
        values[bad] = rng.normal(mean, std, size=int(bad.sum()))
        bad = (values < a) | (values > b)
    return _fill(tensor, values)


def constant_(tensor, val):
    """Fill with ``val``."""
    return _fill(tensor, val)


def ones_(tensor):
    return _fill(tensor, 1)


def zeros_(tensor):
    return _fill(tensor, 0)


def eye_(tensor):
    """Fill a 2-D tensor with the identity matrix."""
    if tensor.ndim != 2:
        raise ValueError(f"eye_: only 2-D tensors are supported, got shape {tuple(tensor.shape)}")
    return _fill(tensor, np.eye(*tensor.shape))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot normal: N(0, std**2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan)."""
    if 0 in tensor.shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_calculate_correct_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He normal: N(0, std**2) with std = gain / sqrt(fan)."""
    if 0 in tensor.shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_calculate_correct_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor, gain=1.0, generator=None):
    """Fill with a (semi-)orthogonal matrix from the QR decomposition of a Gaussian one."""
    _check_real_float("orthogonal_", tensor)
    if tensor.ndim < 2:
        raise ValueError(f"orthogonal_: needs at least 2 dimensions, got shape {tuple(tensor.shape)}")
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = get_rng(generator).normal(size=(rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, gain * q.reshape(tensor.shape))


def dirac_(tensor, groups=1):
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta, so the convolution passes its input
    channels through (within each of ``groups``): 1 at the kernel centre of output channel
    ``g * out_per_group + d`` and input channel ``d``, 0 elsewhere."""
    shape = tuple(tensor.shape)
    if tensor.ndim not in (3, 4, 5):
        raise ValueError(f"dirac_: only tensors with 3, 4, or 5 dimensions are supported, got shape {shape}")
    if shape[0] % groups:
        raise ValueError(f"dirac_: dim 0 ({shape[0]}) must be divisible by groups ({groups})")
    per_group = shape[0] // groups
    channels = np.arange(min(per_group, shape[1]))
    out_channels = (np.arange(groups)[:, None] * per_group + channels).ravel()
    values = np.zeros(shape)
    values[(out_channels, np.tile(channels, groups)) + tuple(n // 2 for n in shape[2:])] = 1
    return _fill(tensor, values)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill a 2-D tensor from N(0, std**2) (as ``normal_``), then zero ``ceil(sparsity * rows)`` entries,
    chosen at random, in each column (Martens, 2010)."""
    if tensor.ndim != 2:
        raise ValueError(f"sparse_: only tensors with 2 dimensions are supported, got shape {tuple(tensor.shape)}")
    rows, cols = tensor.shape
    normal_(tensor, 0.0, std, generator)
    zeroed = get_rng(generator).random((rows, cols)).argsort(axis=0)[:math.ceil(sparsity * rows)]  # a permutation per column
    xp = backend.get_array_module(tensor._data)
    return _fill(tensor, 0, (xp.asarray(zeroed), xp.arange(cols)))


def _deprecated(init):
    """PyTorch's old name for ``init`` (without the trailing underscore): the same, with a FutureWarning."""
    old = init.__name__[:-1]

    def deprecated_init(*args, **kwargs):
        warnings.warn(f"`nn.init.{old}` is now deprecated in favor of `nn.init.{init.__name__}`.", FutureWarning,
                      stacklevel=2)
        return init(*args, **kwargs)
    deprecated_init.__name__ = old
    deprecated_init.__doc__ = f"Deprecated: use ``{init.__name__}``."
    return deprecated_init


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)


def _default_layer_init(weight, bias):
    """Linear and conv layers' default, as PyTorch's: kaiming_uniform_(a=sqrt(5)) on the weight and
    a bias uniform in +-1/sqrt(fan_in)."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        uniform_(bias, -bound, bound)


def _conv_bn_init(model):
    """The CNN zoo's init (torchvision's): He-normal (fan_out) conv weights, batch norms at weight 1, bias 0."""
    from .modules.conv import Conv2d
    from .modules.normalization import BatchNorm2d
    for m in model.modules():
        if isinstance(m, Conv2d):
            kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, BatchNorm2d):
            ones_(m.weight)
            zeros_(m.bias)
