"""LeNet-5 for 1x28x28 images (MNIST-sized)."""
from ..functional.pooling import avg_pool2d, max_pool2d
from ..module import Module
from ..modules.conv import Conv2d
from ..modules.linear import Linear
from ..modules import activation as activations

__all__ = ["LeNet"]


class LeNet(Module):
    """LeNet-5: conv 5x5 (6, padding 2) -> pool -> conv 5x5 (16) -> pool -> fc 400-120-84-num_classes.

    The modern defaults (ReLU, max pooling) train faster; ``activation="tanh", pool="avg"`` gives
    LeCun's original. Input: (N, in_channels, 28, 28).

    Example:
        >>> LeNet()(ag.randn(2, 1, 28, 28)).shape
        (2, 10)
    """

    def __init__(self, num_classes=10, in_channels=1, activation="relu", pool="max"):
        super().__init__()
        if pool not in ("max", "avg"):
            raise ValueError(f"LeNet: pool must be 'max' or 'avg', got {pool!r}")
        if activation not in ("relu", "tanh"):
            raise ValueError(f"LeNet: activation must be 'relu' or 'tanh', got {activation!r}")
        self.conv1 = Conv2d(in_channels, 6, 5, padding=2)
        self.conv2 = Conv2d(6, 16, 5)
        self.fc1 = Linear(16 * 5 * 5, 120)
        self.fc2 = Linear(120, 84)
        self.fc3 = Linear(84, num_classes)
        self.act = activations.ReLU() if activation == "relu" else activations.Tanh()
        self._pool = max_pool2d if pool == "max" else avg_pool2d

    def forward(self, x):
        x = self._pool(self.act(self.conv1(x)), 2)
        x = self._pool(self.act(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(self.act(self.fc2(self.act(self.fc1(x)))))
