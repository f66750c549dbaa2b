"""MobileNetV1 (Howard et al. 2017): depthwise-separable convolutions with a width multiplier."""
from .. import init
from ..containers import Sequential
from ..module import Module
from ..modules.activation import ReLU
from ..modules.conv import Conv2d
from ..modules.dropout import Dropout
from ..modules.linear import Linear
from ..modules.normalization import BatchNorm2d
from ..modules.pooling import AdaptiveAvgPool2d

__all__ = ["DepthwiseSeparableConv", "MobileNetV1"]

# (output channels, stride) of the 13 depthwise-separable blocks, from the paper's Table 1.
_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
           (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]


class DepthwiseSeparableConv(Module):
    """3x3 depthwise conv (``groups=in_channels``) -> BN -> ReLU -> 1x1 pointwise conv -> BN -> ReLU."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.depthwise = Conv2d(in_channels, in_channels, 3, stride=stride, padding=1, groups=in_channels,
                                bias=False)
        self.bn1 = BatchNorm2d(in_channels)
        self.pointwise = Conv2d(in_channels, out_channels, 1, bias=False)
        self.bn2 = BatchNorm2d(out_channels)
        self.relu = ReLU(inplace=True)

    def forward(self, x):
        x = self.relu(self.bn1(self.depthwise(x)))
        return self.relu(self.bn2(self.pointwise(x)))


class MobileNetV1(Module):
    """MobileNetV1: a 3x3 stride-2 stem, 13 depthwise-separable blocks, global pooling, ``fc``.

    ``width_mult`` (the paper's alpha) scales every layer's channels (at least 8).

    Example:
        >>> MobileNetV1(num_classes=10, width_mult=0.25)(ag.randn(2, 3, 32, 32)).shape
        (2, 10)
    """

    def __init__(self, num_classes=1000, in_channels=3, width_mult=1.0, dropout=0.0):
        super().__init__()
        if width_mult <= 0:
            raise ValueError(f"MobileNetV1: width_mult must be positive, got {width_mult}")

        def width(c):
            return max(8, int(c * width_mult))

        channels = width(32)
        layers = [Sequential(Conv2d(in_channels, channels, 3, stride=2, padding=1, bias=False),
                             BatchNorm2d(channels), ReLU(inplace=True))]
        for out, stride in _BLOCKS:
            layers.append(DepthwiseSeparableConv(channels, width(out), stride))
            channels = width(out)
        self.features = Sequential(*layers)
        self.avgpool = AdaptiveAvgPool2d(1)
        self.dropout = Dropout(dropout)
        self.fc = Linear(channels, num_classes)
        init._conv_bn_init(self)

    def forward(self, x):
        return self.fc(self.dropout(self.avgpool(self.features(x)).flatten(1)))
