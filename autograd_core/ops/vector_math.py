"""Distances, norms and products of vectors PyTorch has beyond ops/matrix.py's: dist, renorm, vdot,
addr and ger (outer's old name), composed from the differentiable ops."""
from ._util import as_tensor, normalize_axis
from .complex_parts import conj
from .elementwise import where
from .matrix import add_scaled, check_dims, dot, outer
from .reductions import norm

ger = outer


def dist(input, other, p=2):
    """The ``p``-norm of ``input - other`` (broadcast), a 0-d tensor."""
    return norm(input - other, p)


def renorm(input, p, dim, maxnorm):
    """Each slice of ``input`` along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to that norm
    (by ``maxnorm / (norm + 1e-7)``, as PyTorch); the others unchanged. Complex slices are scaled by the norm
    of ``|input|``."""
    input = as_tensor(input)
    if input.dtype.kind not in "fc":
        raise TypeError(f"renorm: expects a floating point or complex tensor, got dtype {input.dtype}")
    if not p > 0:
        raise ValueError(f"renorm: p must be positive, got {p}")
    if maxnorm < 0:
        raise ValueError(f"renorm: maxnorm must be non-negative, got {maxnorm}")
    dim = normalize_axis(dim, input.ndim, "renorm")
    norms = norm(input, p, tuple(d for d in range(input.ndim) if d != dim), keepdim=True)
    return input * where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)


def vdot(input, other):
    """The dot product of two 1-D tensors of one length and one dtype, ``input`` conjugated first
    (``sum(conj(input) * other)``; for real tensors ``dot``)."""
    input, other = as_tensor(input), as_tensor(other)
    check_dims("vdot", ("input", input, 1), ("other", other, 1))
    if input.shape != other.shape or input.dtype != other.dtype:
        raise ValueError(f"vdot: expects two vectors of one length and dtype, got {input.shape} {input.dtype} "
                         f"and {other.shape} {other.dtype}")
    return dot(conj(input), other)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)``; ``input`` broadcasts to the product's shape (with
    ``beta=0`` its values are ignored, NaN included)."""
    vec1, vec2 = as_tensor(vec1), as_tensor(vec2)
    check_dims("addr", ("vec1", vec1, 1), ("vec2", vec2, 1))
    return add_scaled("addr", input, outer(vec1, vec2), beta, alpha, f"outer(vec1 {vec1.shape}, vec2 {vec2.shape})")
