"""Gradient clipping (``nn.utils.clip_grad_norm_`` ...) and the total norm of many tensors.

``foreach`` is accepted for PyTorch's signatures and ignored: every tensor is one array call here.
"""
import numpy as np

from autograd_core import backend
from autograd_core.grad_mode import no_grad
from autograd_core.ops import stack
from autograd_core.ops.linalg import vector_norm
from autograd_core.tensor import Tensor

from .convert_parameters import _params

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm"]


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type``-norm of all ``tensors`` together, as if concatenated into one vector
    (the norm of their norms), as a 0-d Tensor; 0 for no tensors. Not differentiable."""
    tensors = [t for t in _params(tensors) if t is not None]
    norm_type = float(norm_type)
    if not tensors:
        return Tensor(np.float32(0.0))
    with no_grad():
        total = vector_norm(stack([vector_norm(t, norm_type) for t in tensors]), norm_type)
    if error_if_nonfinite:
        backend.check(~backend.get_array_module(total._data).isfinite(total._data), lambda: RuntimeError(
            f"clip_grad_norm_: the total norm of order {norm_type} of the gradients is {float(total._data)}, "
            "so they cannot be clipped; pass error_if_nonfinite=False to clip anyway"))
    return total


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients in place by min(1, max_norm / (total_norm + 1e-6)), ``total_norm``
    being the norm of all of them (from ``get_total_norm``): a nan norm makes them nan, as torch."""
    grads = [p.grad._data for p in _params(parameters) if p.grad is not None]
    if not grads:
        return
    total = total_norm._data if isinstance(total_norm, Tensor) else total_norm
    coef = backend.get_array_module(grads[0]).minimum(float(max_norm) / (total + 1e-6), 1.0)
    if backend.on_gpu(coef) or not coef >= 1.0:  # nan too; on a GPU, multiply rather than read coef (no sync)
        for g in grads:
            g *= coef.astype(g.dtype)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients in place so that their joint ``norm_type``-norm is at most ``max_norm``.

    Returns the total norm before clipping (a 0-d Tensor), as PyTorch. Gradients
    are multiplied by min(1, max_norm / (total_norm + 1e-6)).
    """
    params = _params(parameters)
    total = get_total_norm([p.grad for p in params], norm_type, error_if_nonfinite)
    clip_grads_with_norm_(params, max_norm, total)
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element into [-clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    for p in _params(parameters):
        if p.grad is not None:
            g = p.grad._data
            if g.dtype.kind == "c":  # NumPy would order them lexicographically; PyTorch refuses them
                raise RuntimeError(f"clip_grad_value_: complex gradients can't be clamped (dtype {g.dtype}); "
                                   "clip them with clip_grad_norm_")
            backend.get_array_module(g).clip(g, -clip_value, clip_value, out=g)
