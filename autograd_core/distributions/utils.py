"""Helpers shared by the distributions: argument broadcasting, probs <-> logits, noise on a tensor's device."""
import numbers

import numpy as np

from .. import ops
from ..backend import get_array_module
from ..dtypes import finfo, get_default_dtype
from ..random import get_rng, normal_array, uniform_array
from ..tensor import Tensor, _new


def broadcast_all(*values):
    """Tensors and numbers broadcast to one shape; numbers become tensors of the first tensor's dtype and
    device (the default dtype when all are numbers), as torch.distributions.utils.broadcast_all."""
    like = next((v for v in values if isinstance(v, Tensor)), None)
    for v in values:
        if not isinstance(v, (Tensor, numbers.Number)):
            raise ValueError(f"Input arguments must all be instances of numbers.Number or Tensor, got "
                             f"{type(v).__name__}")
    if like is None:
        return tuple(ops.broadcast_tensors(*[Tensor(np.asarray(v, get_default_dtype())) for v in values]))
    xp, dtype = get_array_module(like._data), like.dtype if like.dtype.kind == "f" else get_default_dtype()
    tensors = [v if isinstance(v, Tensor) else _new(xp.asarray(v, dtype), False, None) for v in values]
    return tuple(ops.broadcast_tensors(*tensors))


def as_tensor_like(value, like):
    """``value`` itself if a Tensor, else a tensor of it with ``like``'s dtype and device."""
    if isinstance(value, Tensor):
        return value
    if not isinstance(value, numbers.Number):
        raise TypeError(f"expected a number or a Tensor, got {type(value).__name__}")
    return _new(get_array_module(like._data).asarray(value, like.dtype), False, None)


def probs_or_logits(name, probs, logits):
    """The one of ``probs`` and ``logits`` given, or a ValueError naming the distribution."""
    if (probs is None) == (logits is None):
        raise ValueError(f"{name}: either `probs` or `logits` must be specified, but not both.")
    return probs if logits is None else logits


def softplus(x):
    """``log(1 + exp(x))``, stable for large ``|x|``."""
    return ops.logaddexp(x, 0.0)


def clamp_probs(probs):
    """Probabilities clamped to [eps, 1 - eps] of their dtype."""
    eps = float(finfo(probs.dtype).eps)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Log-odds (``is_binary``) or log-probabilities of (clamped) probabilities."""
    p = clamp_probs(probs)
    return ops.logit(p) if is_binary else p.log()


def logits_to_probs(logits, is_binary=False):
    """Sigmoid (``is_binary``) or softmax over the last dim of logits."""
    return logits.sigmoid() if is_binary else logits.softmax(-1)


def _noise(draw, shape, like):
    xp = get_array_module(like._data)
    dtype = like.dtype if like.dtype.kind == "f" else get_default_dtype()
    return _new(draw(xp, tuple(shape), dtype), False, None)


def standard_normal(shape, like):
    """N(0, 1) noise of ``shape`` with ``like``'s float dtype and device, from the framework's generator."""
    return _noise(normal_array, shape, like)


def standard_uniform(shape, like):
    """U[0, 1) noise of ``shape`` with ``like``'s float dtype and device, from the framework's generator."""
    return _noise(uniform_array, shape, like)


def standard_gamma(concentration):
    """Gamma(concentration, 1) draws (no gradient) on ``concentration``'s device, from the framework's generator;
    kept at or above the dtype's smallest normal number, as torch's."""
    data = concentration._data
    xp = get_array_module(data)
    g = get_rng().standard_gamma(data) if xp is np else xp.random.standard_gamma(data, dtype=data.dtype)
    return _new(xp.maximum(g, finfo(data.dtype).tiny).astype(data.dtype, copy=False), False, None)


def binomial_draw(total_count, probs):
    """Binomial(total_count, probs) draws (no gradient, ``probs``' dtype) on the parameters' device, from the
    framework's generator; the counts are whole numbers in a float tensor."""
    n, p = total_count._data, probs._data
    xp = get_array_module(p)
    draw = get_rng().binomial if xp is np else xp.random.binomial
    return _new(xp.asarray(draw(n.astype(np.int64), p)).astype(p.dtype), False, None)


def tiny_uniform(shape, like):
    """U(0, 1) noise kept off 0 (by the dtype's smallest normal number), for logs of it."""
    return standard_uniform(shape, like).clamp(min=float(finfo(like.dtype).tiny))
