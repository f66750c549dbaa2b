"""Tensor methods that fill a tensor in place with random samples (``random_``, ``exponential_``, ``cauchy_``,
``geometric_``, ``log_normal_``, ``bernoulli_``), drawn on the tensor's device from the framework's generator
(or ``generator=``, on the CPU), and ``fill_diagonal_``. As in PyTorch, a tensor that is filled while a graph
is recorded stays in it with gradient 0."""
import math
import warnings

import numpy as np

from ..backend import get_array_module
from ..random import _check_host, _device_random, get_rng, normal_array, uniform_array
from ..tensor import Tensor
from .inplace import _overwrite, broadcasts_onto, fill_where


def _float_only(x, op, what):
    if x.dtype.kind != "f":
        raise RuntimeError(f"{op}: the {what} distribution is continuous: expects a floating point tensor, got "
                           f"dtype {x.dtype}; convert with x.float() first")


def _uniform(x, generator):
    """Float64 samples in [0, 1) of ``x``'s shape, on its device."""
    return uniform_array(get_array_module(x._data), x.shape, np.float64, generator)


def _fill(x, op, values, others=()):
    return _overwrite(x, op, values.astype(x.dtype, copy=False), others)


def _default_high(dtype):
    """The largest value ``random_()`` draws for ``dtype``."""
    if dtype.kind == "f":
        return 2 ** (np.finfo(dtype).nmant + 1)
    return 1 if dtype.kind == "b" else int(np.iinfo(dtype).max)


def random_(self, *args, generator=None, **kwargs):
    """Fill in place with integers drawn uniformly from [from, to - 1]: ``random_(to)``, ``random_(from, to)``
    (``from`` defaults to 0, ``to=None`` to the top), or ``random_()`` over [0, the dtype's top]: the largest
    integer its floats hold exactly, 2 ** (mantissa bits + 1), or an integer dtype's maximum, as PyTorch."""
    bounds = dict(zip(("to",) if len(args) == 1 else ("from", "to"), args))
    if len(args) > 2 or set(kwargs) - {"from", "to"} or set(kwargs) & set(bounds):
        raise TypeError(f"random_() takes (from=0, to=None, *, generator=None), got {len(args)} positional "
                        f"arguments and {sorted(kwargs)}")
    bounds.update(kwargs)
    from_, to = bounds.get("from", 0), bounds.get("to")
    top = _default_high(self.dtype)
    low, high = int(from_), top if to is None else int(to) - 1
    if low > high:
        raise RuntimeError(f"random_: expects 'from' to be less than 'to', but got from={low} >= to={high + 1}")
    floats = self.dtype.kind == "f"
    if floats:  # as PyTorch: bounds past the largest float refused, past the exact integers warned about
        lowest, highest = float(np.finfo(self.dtype).min), float(np.finfo(self.dtype).max)
    else:
        lowest, highest = 0 if self.dtype.kind == "b" else int(np.iinfo(self.dtype).min), top
    for name, value in (("from", low), ("to - 1", high)):
        if not lowest <= value <= highest:
            raise RuntimeError(f"random_: {name} = {value} is out of bounds for dtype {self.dtype} "
                               f"[{lowest}, {highest}]")
        if floats and abs(value) > top:
            warnings.warn(f"random_: {name} = {value} lies outside [-{top}, {top}], where {self.dtype} holds every "
                          "integer exactly: the draws are rounded", UserWarning, stacklevel=2)
    xp = get_array_module(self._data)
    wide = np.uint64 if high > np.iinfo(np.int64).max else np.int64
    if xp is np:
        values = get_rng(generator).integers(low, high, self.shape, dtype=wide, endpoint=True)
    else:
        values = _device_random(xp, generator).randint(low, high + 1, self.shape, dtype=wide)
    return _fill(self, "random_", values)


def exponential_(self, lambd=1.0, *, generator=None):
    """Fill in place with samples from the exponential distribution of rate ``lambd``."""
    _float_only(self, "exponential_", "exponential")
    if not lambd > 0:
        raise RuntimeError(f"exponential_: expects lambda > 0.0, but found lambda={lambd}")
    return _fill(self, "exponential_", -get_array_module(self._data).log1p(-_uniform(self, generator)) / lambd)


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill in place with samples from the Cauchy distribution of location ``median`` and scale ``sigma``."""
    _float_only(self, "cauchy_", "Cauchy")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_: expects sigma > 0.0, but found sigma={sigma}")
    u = _uniform(self, generator)
    return _fill(self, "cauchy_", median + sigma * get_array_module(u).tan(math.pi * (u - 0.5)))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fill in place with ``exp(N(mean, std ** 2))`` samples."""
    _float_only(self, "log_normal_", "log-normal")
    if not std > 0:
        raise RuntimeError(f"log_normal_: expects std > 0.0, but found std={std}")
    xp = get_array_module(self._data)
    return _fill(self, "log_normal_", xp.exp(mean + std * normal_array(xp, self.shape, np.float64, generator)))


def geometric_(self, p, *, generator=None):
    """Fill in place with the number of Bernoulli(``p``) trials up to the first success (1, 2, ...); float
    and integer tensors."""
    if self.dtype.kind not in "fiu":
        raise RuntimeError(f"geometric_: expects a floating point or integer tensor, got dtype {self.dtype}")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_: expects p to be in (0, 1), but got p={p}")
    xp = get_array_module(self._data)
    trials = xp.ceil(xp.log1p(-_uniform(self, generator)) / math.log1p(-p))
    return _fill(self, "geometric_", xp.maximum(trials, 1))  # a draw of exactly 0 would give 0 trials


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill in place with 0 or 1 (in the tensor's dtype), 1 with probability ``p``: a float, or a float tensor
    broadcast to this one."""
    xp = get_array_module(self._data)
    if isinstance(p, Tensor):
        if p.dtype.kind != "f":
            raise TypeError(f"bernoulli_: expects a float tensor of probabilities, got dtype {p.dtype}")
        if not broadcasts_onto(p.shape, self.shape):
            raise RuntimeError(f"bernoulli_: probabilities of shape {p.shape} don't broadcast to the tensor's "
                               f"shape {self.shape}")
        probs = xp.broadcast_to(p._data, self.shape)
        _check_host("bernoulli_", (probs >= 0) & (probs <= 1), "probabilities must lie in [0, 1]", probs)
    elif not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_: expects p to be in [0, 1], but got p={p}")
    else:
        probs = p
    return _fill(self, "bernoulli_", _uniform(self, generator) < probs, (p,))


def fill_diagonal_(self, fill_value, wrap=False):
    """Fill the main diagonal in place with ``fill_value``: of a 2-D tensor (``wrap=True`` restarts it
    below a tall matrix's square, every ``columns + 1`` rows), or of one whose dims are all equal."""
    shape = self.shape
    if self.ndim < 2:
        raise RuntimeError(f"fill_diagonal_: expects a tensor of at least 2 dimensions, got shape {shape}")
    if self.ndim > 2 and len(set(shape)) != 1:
        raise RuntimeError(f"fill_diagonal_: all dimensions of a tensor of more than 2 dims must be of equal "
                           f"length, got shape {shape}")
    step = 1 + sum(int(np.prod(shape[i + 1:])) for i in range(self.ndim - 1))  # one along every dim at once
    end = None if wrap or self.ndim > 2 else shape[1] * shape[1]
    mask = get_array_module(self._data).zeros(self._data.size, bool)
    mask[:end:step] = True
    return fill_where(self, "fill_diagonal_", mask.reshape(shape), fill_value)


TENSOR_METHODS = {
    "random_": random_, "exponential_": exponential_, "cauchy_": cauchy_, "log_normal_": log_normal_,
    "geometric_": geometric_, "bernoulli_": bernoulli_, "fill_diagonal_": fill_diagonal_,
}
