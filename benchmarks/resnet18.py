"""ResNet18 forward + backward: torchvision's architecture (BasicBlock [2, 2, 2, 2], 7x7 stem,
max-pool, 10 classes) on a batch of 16 3x32x32 float32 images, cross-entropy, training mode
(batch-norm batch statistics). The same model code is built for torch and ours (``models.resnet18``),
with the same initial weights. DeZero ships only ResNet50/101/152 (ImageNet layout), so it is skipped.
"""
import numpy as np

from .frameworks import DEZERO, OURS, TORCH, Skip
from .harness import Case
from .models import build, data, functional_and_sgd, resnet18

BATCH = 16


def torchlike_step(fw):
    model = build(resnet18, fw, 10)
    model.train()
    F, _ = functional_and_sgd(fw, model)
    rng = np.random.default_rng(1)
    x, t = data(fw, rng.standard_normal((BATCH, 3, 32, 32)).astype(np.float32), rng.integers(0, 10, BATCH))
    params = list(model.parameters())

    def step():
        for p in params:
            p.grad = None
        F.cross_entropy(model(x), t).backward()
    return step


def _dezero(fw):
    raise Skip("DeZero has no ResNet18 (dezero.models has ResNet50/101/152 only, ImageNet layout)")


def cases(ctx):
    return [Case("fwd+bwd", "ms", {OURS: torchlike_step, TORCH: torchlike_step, DEZERO: _dezero}, scale=1e3,
                 params={"batch": BATCH, "image": "3x32x32"}, repeats=min(ctx.repeats, 2) if ctx.quick else None)]
