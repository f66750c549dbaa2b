"""ResNet18 and ResNet50 with torchvision's module names (conv1, bn1, layer1..layer4, fc) and init."""
from .. import init
from ..containers import Sequential
from ..module import Module
from ..modules.activation import ReLU
from ..modules.conv import Conv2d
from ..modules.linear import Linear
from ..modules.normalization import BatchNorm2d
from ..modules.pooling import AdaptiveAvgPool2d, MaxPool2d

__all__ = ["BasicBlock", "Bottleneck", "ResNet", "ResNet18", "ResNet50", "resnet18", "resnet50"]


def _conv3x3(in_planes, out_planes, stride=1):
    return Conv2d(in_planes, out_planes, 3, stride=stride, padding=1, bias=False)


def _conv1x1(in_planes, out_planes, stride=1):
    return Conv2d(in_planes, out_planes, 1, stride=stride, bias=False)


class BasicBlock(Module):
    """Two 3x3 convs with a skip connection: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""

    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = _conv3x3(inplanes, planes, stride)
        self.bn1 = BatchNorm2d(planes)
        self.relu = ReLU(inplace=True)
        self.conv2 = _conv3x3(planes, planes)
        self.bn2 = BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(Module):
    """1x1 reduce, 3x3 (carrying the stride, as torchvision's ResNet v1.5), 1x1 expand by 4, plus the skip."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = _conv1x1(inplanes, planes)
        self.bn1 = BatchNorm2d(planes)
        self.conv2 = _conv3x3(planes, planes, stride)
        self.bn2 = BatchNorm2d(planes)
        self.conv3 = _conv1x1(planes, planes * self.expansion)
        self.bn3 = BatchNorm2d(planes * self.expansion)
        self.relu = ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(Module):
    """Residual network: a 7x7 stride-2 stem and max-pool, four stages of ``block``, global average
    pooling and ``fc``. State-dict keys match torchvision's (``layer2.0.downsample.1.running_mean`` ...),
    so its weights load into this model.

    Args:
        block: ``BasicBlock`` or ``Bottleneck``.
        layers: blocks per stage, e.g. [2, 2, 2, 2] for ResNet18.
        zero_init_residual: start each block's last BatchNorm at zero so blocks begin as identities.
    """

    def __init__(self, block, layers, num_classes=1000, in_channels=3, zero_init_residual=False):
        super().__init__()
        self.inplanes = 64
        self.conv1 = Conv2d(in_channels, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = BatchNorm2d(64)
        self.relu = ReLU(inplace=True)
        self.maxpool = MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)
        self.avgpool = AdaptiveAvgPool2d((1, 1))
        self.fc = Linear(512 * block.expansion, num_classes)
        init._conv_bn_init(self)
        if zero_init_residual:
            for m in self.modules():
                if isinstance(m, (BasicBlock, Bottleneck)):
                    init.zeros_(m.bn3.weight if isinstance(m, Bottleneck) else m.bn2.weight)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = Sequential(_conv1x1(self.inplanes, planes * block.expansion, stride),
                                    BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))


class ResNet18(ResNet):
    """ResNet-18: BasicBlocks [2, 2, 2, 2] (torchvision's ``resnet18`` architecture).

    Example:
        >>> ResNet18(num_classes=10)(ag.randn(2, 3, 32, 32)).shape
        (2, 10)
    """

    def __init__(self, num_classes=1000, in_channels=3, zero_init_residual=False):
        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes, in_channels, zero_init_residual)


class ResNet50(ResNet):
    """ResNet-50: Bottlenecks [3, 4, 6, 3] (torchvision's ``resnet50`` architecture)."""

    def __init__(self, num_classes=1000, in_channels=3, zero_init_residual=False):
        super().__init__(Bottleneck, [3, 4, 6, 3], num_classes, in_channels, zero_init_residual)


def resnet18(num_classes=1000, **kwargs):
    """torchvision's spelling of ``ResNet18(...)`` (no pretrained weights)."""
    return ResNet18(num_classes, **kwargs)


def resnet50(num_classes=1000, **kwargs):
    """torchvision's spelling of ``ResNet50(...)`` (no pretrained weights)."""
    return ResNet50(num_classes, **kwargs)
