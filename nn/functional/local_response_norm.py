"""Local response normalisation across channels (AlexNet's), composed from engine ops: PyTorch's
``F.local_response_norm`` and the legacy form behind ``nn.CrossMapLRN2d``."""
from autograd_core.backend import get_array_module
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
    size = _check_size("local_response_norm", size)
    if input.numel() == 0:
        return input
    return input / (_channel_sums(input * input, size // 2, (size - 1) // 2) * (alpha / size) + k) ** beta


def cross_map_lrn2d(input, size, alpha=1e-4, beta=0.75, k=1):
    """``nn.CrossMapLRN2d``'s legacy LRN of a 4-D input: ``x / (k + alpha / size * s) ** beta``, where s sums
    x**2 over channels c - h .. c + h, h = (size - 1) // 2 (so ``size - 1`` channels for an even size), and,
    as PyTorch's forward does (its running sum never drops channel 0), over channel 0 too for every c > h.
    """
    input = as_tensor(input)
    if input.ndim != 4:
        raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.ndim}D instead.")
    size = _check_size("CrossMapLRN2d", size)
    if input.dtype.kind != "f":
        raise TypeError(f"CrossMapLRN2d: expected a floating-point input, got {input.dtype}")
    if input.numel() == 0:
        return input
    h, c = (size - 1) // 2, input.shape[1]
    squares = input * input
    xp = get_array_module(input._data)
    late = (xp.arange(c) > h).astype(input.dtype).reshape(1, c, 1, 1)  # the channels that also sum channel 0
    s = _channel_sums(squares, h, h) + squares[:, :1] * late
    return input / (s * (alpha / size) + k) ** beta


def _check_size(op, size):
    """``size`` as an int, or a ValueError unless it is a positive integer."""
    if int(size) != size or size < 1:
        raise ValueError(f"{op}: size must be a positive integer, got {size}")
    return int(size)


def _channel_sums(squares, before, after):
    """For each channel c of ``squares`` (N, C, *), the sum over channels c - before .. c + after (zeros past
    the ends)."""
    n, c = squares.shape[:2]
    padded = pad(reshape(squares, (n, 1, c, -1)), (0, 0, before, after))
    return reshape(avg_pool2d(padded, (before + 1 + after, 1), stride=1, divisor_override=1), squares.shape)
