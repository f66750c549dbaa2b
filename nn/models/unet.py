"""A small U-Net (Ronneberger et al. 2015): an encoder, a decoder, and skip concatenations between them."""
from autograd_core.ops.shape import cat, pad

from ..containers import ModuleList, Sequential
from ..module import Module
from ..modules.activation import ReLU
from ..modules.conv import Conv2d, ConvTranspose2d
from ..modules.normalization import BatchNorm2d
from ..modules.pooling import MaxPool2d, Upsample

__all__ = ["DoubleConv", "UNet"]


class DoubleConv(Sequential):
    """(3x3 conv -> BatchNorm -> ReLU) twice; padding keeps the spatial size."""

    def __init__(self, in_channels, out_channels):
        super().__init__(Conv2d(in_channels, out_channels, 3, padding=1, bias=False), BatchNorm2d(out_channels),
                         ReLU(inplace=True), Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
                         BatchNorm2d(out_channels), ReLU(inplace=True))


class _Up(Module):
    """Double the resolution, concatenate the encoder's skip tensor, then DoubleConv."""

    def __init__(self, in_channels, out_channels, bilinear):
        super().__init__()
        if bilinear:
            self.up = Sequential(Upsample(scale_factor=2, mode="bilinear", align_corners=False),
                                 Conv2d(in_channels, in_channels // 2, 1))
        else:
            self.up = ConvTranspose2d(in_channels, in_channels // 2, 2, stride=2)
        self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x, skip):
        x = self.up(x)
        dh, dw = skip.shape[2] - x.shape[2], skip.shape[3] - x.shape[3]
        if dh or dw:  # odd sizes upstream: pad to the skip tensor's size
            x = pad(x, [dw // 2, dw - dw // 2, dh // 2, dh - dh // 2])
        return self.conv(cat([skip, x], 1))


class UNet(Module):
    """U-Net with ``depth`` down/up levels starting at ``base_channels`` (doubling per level).

    Down-sampling by 2x2 max-pool; up-sampling by a 2x2 stride-2 ConvTranspose2d, or bilinear
    ``Upsample`` plus a 1x1 conv when ``bilinear=True``; each decoder level concatenates the encoder
    feature map of the same resolution (the skip connection). Output: per-pixel logits
    (N, num_classes, H, W). Any input size works; multiples of 2**depth avoid padding.

    Example:
        >>> UNet(in_channels=3, num_classes=2)(ag.randn(1, 3, 32, 32)).shape
        (1, 2, 32, 32)
    """

    def __init__(self, in_channels=3, num_classes=2, base_channels=16, depth=3, bilinear=False):
        super().__init__()
        if depth < 1:
            raise ValueError(f"UNet: depth must be at least 1, got {depth}")
        widths = [base_channels * 2 ** i for i in range(depth + 1)]
        self.inc = DoubleConv(in_channels, widths[0])
        self.pool = MaxPool2d(2)
        self.down = ModuleList([DoubleConv(widths[i], widths[i + 1]) for i in range(depth)])
        self.up = ModuleList([_Up(widths[i + 1], widths[i], bilinear) for i in reversed(range(depth))])
        self.outc = Conv2d(widths[0], num_classes, 1)

    def forward(self, x):
        skips = [self.inc(x)]
        for down in self.down:
            skips.append(down(self.pool(skips[-1])))
        x = skips.pop()
        for up in self.up:
            x = up(x, skips.pop())
        return self.outc(x)
