"""The benchmark models, written once against PyTorch's API and built for torch or autograd_core.

``nn`` is ``torch.nn`` or ``autograd_core.nn`` (which mirrors it). Building the
same code for both, then copying torch's initial weights into ours, means both
frameworks run the same architecture on the same numbers. DeZero's versions
live in ``dezero_models`` (its API differs).
"""
import numpy as np

from .frameworks import OURS, TORCH, Skip


def mlp(nn, sizes=(784, 1000, 1000, 10)):
    """Linear-ReLU stack: 784-1000-1000-10 by default."""
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def lenet(nn):
    """conv 1->32 3x3 pad 1, ReLU, maxpool 2, conv 32->64 3x3 pad 1, ReLU, maxpool 2, flatten, linear 3136->10."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 10))


def lstm_regressor(nn, hidden=64):
    """LSTM (input 1, batch_first) with a linear head on every time step."""
    class LSTMRegressor(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(1, hidden, batch_first=True)
            self.head = nn.Linear(hidden, 1)

        def forward(self, x):
            out, _ = self.lstm(x)
            return self.head(out)
    return LSTMRegressor()


def resnet18(nn, num_classes=10):
    """torchvision's resnet18 architecture (BasicBlock, [2, 2, 2, 2], 7x7 stem and max-pool)."""
    class BasicBlock(nn.Module):
        def __init__(self, c_in, c_out, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(c_out)
            self.relu = nn.ReLU()
            self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(c_out)
            self.downsample = None
            if stride != 1 or c_in != c_out:
                self.downsample = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False),
                                                nn.BatchNorm2d(c_out))

        def forward(self, x):
            identity = x if self.downsample is None else self.downsample(x)
            out = self.relu(self.bn1(self.conv1(x)))
            return self.relu(self.bn2(self.conv2(out)) + identity)

    class ResNet18(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU()
            self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
            stages, c_in = [], 64
            for c_out, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
                stages.append(nn.Sequential(BasicBlock(c_in, c_out, stride), BasicBlock(c_out, c_out, 1)))
                c_in = c_out
            self.layer1, self.layer2, self.layer3, self.layer4 = stages
            self.fc = nn.Linear(512, num_classes)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(x.mean((2, 3)))
    return ResNet18()


def build(factory, fw, *args):
    """``factory`` built for ``fw`` (torch or ours); ours gets a fresh torch copy's initial weights."""
    if fw.name == TORCH:
        return factory(fw.module.nn, *args).to(fw.dev)
    if fw.name != OURS:
        raise Skip(f"{fw.name}: use its own model code")
    from autograd_core import nn
    model = factory(nn, *args)
    _copy_torch_weights(factory, args, model)
    return model.to("cuda") if fw.device == "cuda" else model


def _copy_torch_weights(factory, args, model):
    """Same initial numbers as the torch model (same seed); skipped quietly if torch is absent."""
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(0)
    ref = factory(torch.nn, *args)
    ours = dict(model.named_parameters())
    theirs = dict(ref.named_parameters())
    if list(ours) != list(theirs):
        raise Skip(f"parameter names differ from torch's: {list(ours)[:4]}... vs {list(theirs)[:4]}...")
    for name, p in ours.items():
        w = theirs[name].detach().numpy()
        if tuple(p.shape) != w.shape:
            raise Skip(f"parameter {name}: shape {tuple(p.shape)} vs torch's {w.shape}")
        p.data[...] = w


def functional_and_sgd(fw, model, lr=0.01):
    """(the framework's nn.functional, an SGD optimizer over ``model``) for torch or ours."""
    if fw.name == TORCH:
        F, optim = fw.module.nn.functional, fw.module.optim
    else:
        import autograd_core.nn.functional as F
        from autograd_core import optim
    return F, optim.SGD(model.parameters(), lr=lr)


def data(fw, x, target):
    """Input tensor (float32, no grad) and integer/float target on the framework's device."""
    return fw.tensor(np.ascontiguousarray(x)), fw.tensor(np.ascontiguousarray(target))


def training_step(fw, model, loss_name, x, t, sgd=True):
    """One step for torch or ours: clear the grads, forward, ``F.<loss_name>``, backward, and an SGD
    update when ``sgd`` (else the grads are just set to None)."""
    F, opt = functional_and_sgd(fw, model)
    loss_fn = getattr(F, loss_name)
    params = list(model.parameters())

    def step():
        if sgd:
            opt.zero_grad()
        else:
            for p in params:
                p.grad = None
        loss_fn(model(x), t).backward()
        if sgd:
            opt.step()
    return step
