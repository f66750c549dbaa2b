"""LeNet-like training step: conv 1->32 3x3 pad 1, ReLU, max-pool 2, conv 32->64 3x3 pad 1, ReLU,
max-pool 2, flatten, linear 3136->10; batch 64 of 1x28x28 float32; cross-entropy; backward; SGD step.
"""
import numpy as np

from . import dezero_models
from .frameworks import DEZERO, OURS, TORCH
from .harness import Case
from .models import build, data, lenet, training_step

BATCH = 64


def batch_arrays(batch=BATCH, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, batch)


def torchlike_step(fw):
    return training_step(fw, build(lenet, fw), "cross_entropy", *data(fw, *batch_arrays()))


def dezero_step(fw):
    import dezero.functions as F
    return dezero_models.training_step(fw, dezero_models.lenet(),
                                       lambda m, x, t: F.softmax_cross_entropy(m(x), t), *batch_arrays())


def cases(ctx):
    return [Case("step", "ms", {OURS: torchlike_step, TORCH: torchlike_step, DEZERO: dezero_step}, scale=1e3,
                 params={"batch": BATCH})]
