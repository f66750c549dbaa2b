"""Padding layers for (N, C, H, W) or (C, H, W) input: ZeroPad2d, ConstantPad2d (any input of 2 dims
or more; negative widths crop), ReflectionPad2d, ReplicationPad2d (module forms of ``F.pad``)."""
from .. import functional as F
from ..module import Module

__all__ = ["ConstantPad2d", "ZeroPad2d", "ReflectionPad2d", "ReplicationPad2d"]


class _Pad2d(Module):
    """Pad the last two dims by ``padding``: an int for all four sides, or (left, right, top, bottom)."""

    mode = "constant"
    value = 0.0  # the fill of constant padding (ConstantPad2d takes its own)

    def __init__(self, padding):
        super().__init__()
        padding = (padding,) * 4 if isinstance(padding, int) else tuple(padding)
        if len(padding) != 4:
            raise ValueError(f"{type(self).__name__}: padding must be an int or (left, right, top, bottom), "
                             f"got {padding}")
        self.padding = padding

    def forward(self, input):
        if input.ndim not in (3, 4) and (self.mode != "constant" or input.ndim < 2):
            dims = "2D or more" if self.mode == "constant" else "3D (C, H, W) or 4D (N, C, H, W)"
            raise ValueError(f"{type(self).__name__}: expected {dims} input, got shape {input.shape}")
        return F.pad(input, self.padding, mode=self.mode, value=self.value)  # value counts in constant mode only

    def extra_repr(self):
        return f"{self.padding}"


class ConstantPad2d(_Pad2d):
    """Pad with the constant ``value``."""

    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ZeroPad2d(_Pad2d):
    """Pad with zeros."""


class ReflectionPad2d(_Pad2d):
    """Pad with the reflection of the input at its border (the edge itself not repeated)."""

    mode = "reflect"


class ReplicationPad2d(_Pad2d):
    """Pad by repeating the edge values."""

    mode = "replicate"
