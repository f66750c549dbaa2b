"""Distances and similarities between vectors (``F.normalize``, ``F.cosine_similarity``,
``F.pairwise_distance``), composed from engine ops, so twice differentiable.

The ``eps`` of each keeps the gradient finite at the zero vector, as in PyTorch.
"""
from autograd_core.ops import clamp_min, norm
from autograd_core.ops._util import as_tensor, normalize_axis
from autograd_core.ops.arithmetic import _pair  # the engine's operand pairing: one device, dtype and shape
from autograd_core.ops.elementwise import FloorValue

__all__ = ["normalize", "cosine_similarity", "pairwise_distance"]


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """``input / max(||input||_p, eps)`` along ``dim``: unit vectors, and zero for a zero vector."""
    if out is not None:
        raise NotImplementedError("normalize: out= is not supported; use the returned tensor")
    input = as_tensor(input)
    dim = normalize_axis(dim, input.ndim, "normalize")
    return input / clamp_min(norm(input, p, dim, keepdim=True), eps)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim`` (after broadcasting and type promotion):
    sum((x1 / max(||x1||, eps)) * (x2 / max(||x2||, eps))). As PyTorch, the clamp of each norm
    passes the gradient through unchanged, so it is finite at a zero vector."""
    x1, x2 = _pair(x1, x2, "cosine_similarity")
    if x1.dtype.kind != "f":  # a complex cosine would need a conjugate; PyTorch refuses it
        raise TypeError(f"cosine_similarity: expected floating-point inputs, got {x1.dtype}")
    dim = normalize_axis(dim, x1.ndim, "cosine_similarity")
    n1 = FloorValue(eps)(norm(x1, 2, dim, keepdim=True))
    n2 = FloorValue(eps)(norm(x2, 2, dim, keepdim=True))
    return ((x1 / n1) * (x2 / n2)).sum(axis=dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """p-norm of ``x1 - x2 + eps`` along the last dim (after broadcasting and type promotion); the ``eps`` keeps
    the gradient finite where x1 == x2."""
    x1, x2 = _pair(x1, x2, "pairwise_distance")
    if x1.ndim == 0:
        raise ValueError("pairwise_distance: inputs must have at least 1 dimension (vectors), got 0-d tensors")
    return norm(x1 - x2 + eps, p, -1, keepdim)
