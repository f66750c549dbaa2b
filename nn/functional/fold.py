"""``unfold`` (im2col) and ``fold`` (col2im): sliding blocks of an image to columns and back.

``unfold`` copies, for each of the kh * kw kernel taps, the strided slice of the zero-padded input
that tap reads (``Window.slices``); ``fold`` adds each tap's column back into place, so overlapping
blocks sum. Each is the other's adjoint, so gradients of any order are unfolds and folds again.
"""
import math

from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops._util import as_tensor
from autograd_core.ops.shape import squeeze, unsqueeze

from ._windows import Window, pair

__all__ = ["unfold", "fold"]


class _Unfold(Function):
    """(N, C, H, W) -> (N, C * kh * kw, L): row c * kh * kw + tap holds what kernel tap ``tap`` of channel c reads."""
    complex_autograd = "ready"  # moves and sums values: a real-coefficient linear map

    def __init__(self, win):
        self.win = win

    def forward(self, x):
        win = self.win
        xpad = win.pad(x)
        cols = get_array_module(x).stack([xpad[win.slices(*t)] for t in win.taps()], axis=2)
        n, c = x.shape[:2]
        return cols.reshape(n, c * len(win.taps()), math.prod(win.out_hw))

    def backward(self, gy):
        return dual(_Fold(self.win), gy)


class _Fold(Function):
    """Adjoint of ``_Unfold``: (N, C * kh * kw, L) -> (N, C, H, W), overlapping blocks adding up."""
    complex_autograd = "ready"  # moves and sums values: a real-coefficient linear map

    def __init__(self, win):
        self.win = win

    def forward(self, cols):
        win, taps = self.win, self.win.taps()
        n, c = cols.shape[0], cols.shape[1] // len(taps)
        cols = cols.reshape((n, c, len(taps)) + win.out_hw)
        out = get_array_module(cols).zeros((n, c) + win.padded_hw, cols.dtype)
        for k, t in enumerate(taps):
            out[win.slices(*t)] += cols[:, :, k]
        return win.crop(out)

    def backward(self, gy):
        return dual(_Unfold(self.win), gy)


def _window(op, image_size, kernel_size, dilation, padding, stride):
    """The Window of ``kernel_size`` blocks over an image of ``image_size`` (H, W); errors name ``op``."""
    kernel, dilation = pair(kernel_size, "kernel_size", op), pair(dilation, "dilation", op)
    pads, stride = pair(padding, "padding", op), pair(stride, "stride", op)
    if min(kernel) < 1 or min(dilation) < 1 or min(stride) < 1:
        raise ValueError(f"{op}: kernel_size {kernel}, dilation {dilation} and stride {stride} must be positive")
    if min(pads) < 0:
        raise ValueError(f"{op}: padding must be non-negative, got {pads}")
    return Window.for_input(kernel, stride, tuple((p, p) for p in pads), dilation, image_size, op)


def _floating(op, x):
    if x.dtype.kind not in "fc":
        raise TypeError(f"{op}: expected a floating-point (or complex) input, got dtype {x.dtype}; "
                        "convert with .float()")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract sliding blocks (im2col): (N, C, H, W) or (C, H, W) -> (N, C * kh * kw, L) or (C * kh * kw, L),
    L the number of blocks; column l holds block l (row-major over block positions), zero padded.

    Example:
        >>> F.unfold(ag.randn(1, 3, 5, 5), kernel_size=3).shape
        (1, 27, 9)
    """
    x = as_tensor(input)
    if x.ndim not in (3, 4):
        raise ValueError(f"unfold: expected a 4-D input (N, C, H, W) or 3-D unbatched, got shape {x.shape} "
                         "(PyTorch's unfold supports images only)")
    _floating("unfold", x)
    batched = x if x.ndim == 4 else unsqueeze(x, 0)
    y = _Unfold(_window("unfold", x.shape[-2:], kernel_size, dilation, padding, stride))(batched)
    return y if x.ndim == 4 else squeeze(y, 0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum sliding blocks back into an image (col2im), the adjoint of ``unfold``: (N, C * kh * kw, L) or
    (C * kh * kw, L) -> (N, C, *output_size) or (C, *output_size); L must be the number of blocks.

    Example:
        >>> F.fold(ag.randn(1, 27, 9), output_size=5, kernel_size=3).shape
        (1, 3, 5, 5)
    """
    x = as_tensor(input)
    if x.ndim not in (2, 3):
        raise ValueError(f"fold: expected a 3-D input (N, C * kh * kw, L) or 2-D unbatched, got shape {x.shape}")
    _floating("fold", x)
    win = _window("fold", pair(output_size, "output_size", "fold"), kernel_size, dilation, padding, stride)
    rows, blocks = x.shape[-2:]
    if rows % math.prod(win.kernel):
        raise ValueError(f"fold: input of shape {x.shape} has {rows} rows, which must be divisible by the kernel "
                         f"size {win.kernel[0]} * {win.kernel[1]}")
    if blocks != math.prod(win.out_hw):
        raise ValueError(f"fold: input of shape {x.shape} has {blocks} blocks but output_size {win.in_hw} "
                         f"with this kernel, dilation, padding and stride makes {win.out_hw[0]} * {win.out_hw[1]}")
    batched = x if x.ndim == 3 else unsqueeze(x, 0)
    y = _Fold(win)(batched)
    return y if x.ndim == 3 else squeeze(y, 0)
