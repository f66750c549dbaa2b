"""Local response normalisation across channels (AlexNet's), composed from engine ops."""
from autograd_core.ops import pad, reshape
from autograd_core.ops._util import as_tensor

from .pooling import avg_pool2d

__all__ = ["local_response_norm"]


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """``x / (k + alpha / size * s) ** beta``, where s sums x**2 over ``size`` neighbouring channels
    (dim 1: size // 2 before a channel and (size - 1) // 2 after it, zeros past the ends), as PyTorch.

    Args:
        input: (N, C, *) with at least one dim after C.
    """
    input = as_tensor(input)
    if input.ndim < 3:
        raise ValueError(f"local_response_norm: expected an input of 3 or more dims (N, C, ...), got shape "
                         f"{input.shape}")
    if int(size) != size or size < 1:
        raise ValueError(f"local_response_norm: size must be a positive integer, got {size}")
    if input.numel() == 0:
        return input
    n, c = input.shape[:2]
    squares = pad(reshape(input * input, (n, 1, c, -1)), (0, 0, size // 2, (size - 1) // 2))
    mean = reshape(avg_pool2d(squares, (size, 1), stride=1), input.shape)
    return input / (mean * alpha + k) ** beta
