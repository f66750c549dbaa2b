"""VGG16 (configuration D of Simonyan & Zisserman), torchvision's layout and module names."""
from .. import init
from ..containers import Sequential
from ..module import Module
from ..modules.activation import ReLU
from ..modules.conv import Conv2d
from ..modules.dropout import Dropout
from ..modules.linear import Linear
from ..modules.normalization import BatchNorm2d
from ..modules.pooling import AdaptiveAvgPool2d, MaxPool2d

__all__ = ["VGG16"]

_CFG_D = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


class VGG16(Module):
    """VGG16: ``features`` (13 conv 3x3 + ReLU [+ BatchNorm], 5 max-pools), ``avgpool``, ``classifier``.

    Module names and init follow torchvision (``features.0.weight`` ... ``classifier.6.bias``). At the
    default ``input_size=224`` the network is torchvision's ``vgg16``/``vgg16_bn``; a smaller
    ``input_size`` (a multiple of 32, e.g. 32 for CIFAR) shrinks the pooled map the classifier sees
    (min(7, input_size // 32) squared) and ``hidden_features`` shrinks the classifier.

    Example:
        >>> VGG16(num_classes=10, input_size=32, hidden_features=512)(ag.randn(2, 3, 32, 32)).shape
        (2, 10)
    """

    def __init__(self, num_classes=1000, in_channels=3, input_size=224, batch_norm=False, hidden_features=4096,
                 dropout=0.5):
        super().__init__()
        if input_size < 32:
            raise ValueError(f"VGG16: input_size must be at least 32 (five 2x2 max-pools), got {input_size}")
        layers, channels = [], in_channels
        for v in _CFG_D:
            if v == "M":
                layers.append(MaxPool2d(2, 2))
                continue
            layers.append(Conv2d(channels, v, 3, padding=1))
            if batch_norm:
                layers.append(BatchNorm2d(v))
            layers.append(ReLU(inplace=True))
            channels = v
        self.features = Sequential(*layers)
        pooled = min(7, input_size // 32)
        self.avgpool = AdaptiveAvgPool2d((pooled, pooled))
        self.classifier = Sequential(
            Linear(512 * pooled * pooled, hidden_features), ReLU(True), Dropout(dropout),
            Linear(hidden_features, hidden_features), ReLU(True), Dropout(dropout),
            Linear(hidden_features, num_classes))
        for m in self.modules():
            if isinstance(m, Conv2d):
                init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                init.zeros_(m.bias)
            elif isinstance(m, BatchNorm2d):
                init.ones_(m.weight)
                init.zeros_(m.bias)
            elif isinstance(m, Linear):
                init.normal_(m.weight, 0, 0.01)
                init.zeros_(m.bias)

    def forward(self, x):
        return self.classifier(self.avgpool(self.features(x)).flatten(1))
