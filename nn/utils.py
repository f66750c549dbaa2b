"""Gradient clipping and flattening parameters to one vector (``nn.utils``)."""
import math

import numpy as np

from autograd_core import backend
from autograd_core.ops import cat
from autograd_core.ops.shape import reshape
from autograd_core.tensor import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]


def _params(parameters):
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale the gradients in place so that their joint ``norm_type``-norm is at most ``max_norm``.

    Returns the total norm before clipping (a 0-d Tensor), as PyTorch. Gradients
    are multiplied by min(1, max_norm / (total_norm + 1e-6)).
    """
    grads = [p.grad._data for p in _params(parameters) if p.grad is not None]
    if not grads:
        return Tensor(np.float32(0.0))
    xp = backend.get_array_module(grads[0])
    norm_type = float(norm_type)
    if norm_type == math.inf:
        parts = [xp.abs(g).max() for g in grads if g.size]
        total = xp.stack(parts).max() if parts else xp.zeros((), grads[0].dtype)
    else:  # summed in float64; on a GPU everything stays there (no sync)
        total = xp.stack([(xp.abs(g.astype(np.float64)) ** norm_type).sum() for g in grads]).sum() ** (1.0 / norm_type)
    if error_if_nonfinite:
        backend.check(~xp.isfinite(total), lambda: RuntimeError(
            f"clip_grad_norm_: the total {norm_type}-norm of the gradients is {float(total)}; "
            "pass error_if_nonfinite=False to clip anyway"))
    coef = xp.minimum(float(max_norm) / (total + 1e-6), 1.0)
    if backend.on_gpu(coef) or coef < 1.0:
        for g in grads:
            g *= coef.astype(g.dtype)
    return Tensor(total.astype(grads[0].dtype))


def clip_grad_value_(parameters, clip_value):
    """Clamp every gradient element into [-clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    for p in _params(parameters):
        if p.grad is not None:
            g = p.grad._data
            backend.get_array_module(g).clip(g, -clip_value, clip_value, out=g)


def parameters_to_vector(parameters):
    """One 1-D Tensor of all parameters, flattened and concatenated (differentiable)."""
    params = _params(parameters)
    if not params:
        raise ValueError("parameters_to_vector: got no parameters")
    return cat([reshape(p, (-1,)) for p in params], 0)


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the 1-D ``vec`` into the parameters' data, in place."""
    params = _params(parameters)
    data = vec._data if isinstance(vec, Tensor) else backend.asarray(vec)
    total = sum(p.numel() for p in params)
    if data.ndim != 1 or data.shape[0] != total:
        raise ValueError(f"vector_to_parameters: expected a 1-D vector of {total} elements, got shape {data.shape}")
    offset = 0
    for p in params:
        n = p.numel()
        p._data[...] = data[offset:offset + n].reshape(p.shape)
        offset += n
