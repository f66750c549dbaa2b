"""ResNet18 forward + backward: torchvision's architecture (BasicBlock [2, 2, 2, 2], 7x7 stem,
max-pool, 10 classes) on a batch of 16 3x32x32 float32 images, cross-entropy, training mode
(batch-norm batch statistics). The same model code is built for torch and ours (``models.resnet18``),
with the same initial weights. DeZero ships only ResNet50/101/152 (ImageNet layout), so its ResNet18
is the same architecture built from its own layers (``dezero_models.resnet18``).
"""
import numpy as np

from . import dezero_models
from .frameworks import DEZERO, OURS, TORCH
from .harness import Case
from .models import build, data, resnet18, training_step

BATCH = 16


def batch_arrays(batch=BATCH, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, 3, 32, 32)).astype(np.float32), rng.integers(0, 10, batch)


def torchlike_step(fw):
    model = build(resnet18, fw, 10)
    model.train()
    return training_step(fw, model, "cross_entropy", *data(fw, *batch_arrays()), sgd=False)


def dezero_step(fw):
    import dezero.functions as F
    return dezero_models.training_step(fw, dezero_models.resnet18(10),
                                       lambda m, x, t: F.softmax_cross_entropy(m(x), t), *batch_arrays(), sgd=False)


def cases(ctx):
    return [Case("fwd+bwd", "ms", {OURS: torchlike_step, TORCH: torchlike_step, DEZERO: dezero_step}, scale=1e3,
                 params={"batch": BATCH, "image": "3x32x32"}, repeats=min(ctx.repeats, 2) if ctx.quick else None)]
