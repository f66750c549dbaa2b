"""Model zoo: architectures only, no pretrained weights.

``MLP``, ``LeNet``, ``VGG16``, ``ResNet18``/``ResNet50`` (torchvision module names),
``MobileNetV1`` (depthwise-separable) and a small ``UNet``.
"""
from .lenet import LeNet
from .mlp import MLP
from .mobilenet import DepthwiseSeparableConv, MobileNetV1
from .resnet import BasicBlock, Bottleneck, ResNet, ResNet18, ResNet50, resnet18, resnet50
from .unet import DoubleConv, UNet
from .vgg import VGG16

__all__ = ["MLP", "LeNet", "VGG16", "ResNet", "ResNet18", "ResNet50", "resnet18", "resnet50", "BasicBlock",
           "Bottleneck", "MobileNetV1", "DepthwiseSeparableConv", "UNet", "DoubleConv"]
