"""The model zoo: every model runs a forward and a backward on a small input, and the
architectures match their reference parameter counts and torchvision's state_dict names."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn import models

SMALL = [
    ("MLP", lambda: models.MLP([8, 16, 16, 4], activation="tanh", dropout=0.1), (2, 8), (2, 4)),
    ("LeNet", lambda: models.LeNet(), (2, 1, 28, 28), (2, 10)),
    ("LeNet-classic", lambda: models.LeNet(activation="tanh", pool="avg"), (2, 1, 28, 28), (2, 10)),
    ("VGG16-bn", lambda: models.VGG16(num_classes=10, input_size=32, batch_norm=True, hidden_features=64),
     (2, 3, 32, 32), (2, 10)),
    ("ResNet18", lambda: models.ResNet18(num_classes=10), (2, 3, 32, 32), (2, 10)),
    ("ResNet50", lambda: models.ResNet50(num_classes=10), (2, 3, 32, 32), (2, 10)),
    ("MobileNetV1", lambda: models.MobileNetV1(num_classes=10, width_mult=0.25), (2, 3, 32, 32), (2, 10)),
    ("UNet", lambda: models.UNet(in_channels=3, num_classes=2), (2, 3, 32, 32), (2, 2, 32, 32)),
    ("UNet-bilinear-odd", lambda: models.UNet(1, 3, base_channels=8, depth=2, bilinear=True), (1, 1, 30, 34),
     (1, 3, 30, 34)),
]


@pytest.mark.parametrize("name,make,in_shape,out_shape", SMALL, ids=[s[0] for s in SMALL])
def test_forward_backward_reaches_every_parameter(name, make, in_shape, out_shape):
    model = make()
    x = ag.randn(*in_shape)
    y = model(x)
    assert y.shape == out_shape and y.dtype == np.float32
    (y * y).mean().backward()
    for pname, p in model.named_parameters():
        assert p.grad is not None, f"{name}: {pname} got no gradient"
        assert p.grad.shape == p.shape and np.isfinite(p.grad.numpy()).all(), pname


def _torchvision_resnet_keys(block_counts, bottleneck):
    """torchvision's resnet state_dict keys, written out from its naming scheme."""
    def bn(prefix):
        return [f"{prefix}.{k}" for k in ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")]
    keys = ["conv1.weight"] + bn("bn1")
    convs = 3 if bottleneck else 2
    for stage, n in enumerate(block_counts, 1):
        for b in range(n):
            p = f"layer{stage}.{b}"
            for c in range(1, convs + 1):
                keys += [f"{p}.conv{c}.weight"] + bn(f"{p}.bn{c}")
            if b == 0 and (stage > 1 or bottleneck):
                keys += [f"{p}.downsample.0.weight"] + bn(f"{p}.downsample.1")
    return keys + ["fc.weight", "fc.bias"]


def test_resnet18_matches_torchvision_names_and_size():
    model = models.ResNet18()
    sd = model.state_dict()
    assert list(sd) == _torchvision_resnet_keys([2, 2, 2, 2], bottleneck=False)
    assert sd["layer2.0.downsample.0.weight"].shape == (128, 64, 1, 1)
    assert sd["fc.weight"].shape == (1000, 512)
    assert sum(p.numel() for p in model.parameters()) == 11_689_512  # torchvision.models.resnet18


def test_resnet50_matches_torchvision_names_and_size():
    model = models.ResNet50()
    assert list(model.state_dict()) == _torchvision_resnet_keys([3, 4, 6, 3], bottleneck=True)
    assert sum(p.numel() for p in model.parameters()) == 25_557_032  # torchvision.models.resnet50


def test_mobilenet_v1_size_and_depthwise_layers():
    model = models.MobileNetV1()
    assert sum(p.numel() for p in model.parameters()) == 4_231_976  # the paper's 4.2M
    dw = model.features[1].depthwise
    assert dw.groups == 32 and dw.weight.shape == (32, 1, 3, 3)
    assert models.MobileNetV1(width_mult=0.5).fc.in_features == 512


def test_vgg16_layout_matches_torchvision():
    model = models.VGG16(num_classes=10, input_size=32, hidden_features=32)
    convs = [m for m in model.features if isinstance(m, nn.Conv2d)]
    assert len(convs) == 13 and len([m for m in model.features if isinstance(m, nn.MaxPool2d)]) == 5
    keys = list(model.state_dict())
    assert keys[:2] == ["features.0.weight", "features.0.bias"] and keys[-1] == "classifier.6.bias"
    assert "features.28.weight" in keys  # the last conv, as in torchvision's vgg16
    bn_keys = list(models.VGG16(num_classes=10, input_size=32, hidden_features=32, batch_norm=True).state_dict())
    assert "features.1.running_mean" in bn_keys and "features.41.weight" in bn_keys  # torchvision's vgg16_bn


def test_eval_mode_uses_running_statistics():
    model = models.ResNet18(num_classes=3)
    x = ag.randn(4, 3, 32, 32)
    model.train()
    model(x)
    model.eval()
    with ag.no_grad():
        a, b = model(x[:2]), model(x)[:2]
    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)  # no batch dependence in eval


def test_mlp_accepts_activation_classes_and_checks_names():
    net = models.MLP([4, 8, 2], activation=nn.SiLU)
    assert isinstance(net[1], nn.SiLU) and list(net.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    with pytest.raises(ValueError, match="unknown activation"):
        models.MLP([4, 2, 2], activation="swishy")
    with pytest.raises(ValueError, match="at least"):
        models.MLP([4])


def test_unet_skip_connections_concatenate_encoder_features():
    model = models.UNet(in_channels=1, num_classes=1, base_channels=4, depth=2)
    # the decoder's first DoubleConv sees its up-sampled input (8 ch) next to the skip (8 ch)
    assert model.up[0].conv[0].weight.shape[1] == 16
    assert isinstance(model.up[0].up, nn.ConvTranspose2d)
