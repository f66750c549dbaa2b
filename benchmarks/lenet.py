"""LeNet-like training step: conv 1->32 3x3 pad 1, ReLU, max-pool 2, conv 32->64 3x3 pad 1, ReLU,
max-pool 2, flatten, linear 3136->10; batch 64 of 1x28x28 float32; cross-entropy; backward; SGD step.
"""
import numpy as np

from . import dezero_models
from .frameworks import DEZERO, OURS, TORCH
from .harness import Case
from .models import build, data, functional_and_sgd, lenet

BATCH = 64


def batch_arrays(batch=BATCH, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, batch)


def torchlike_step(fw):
    model = build(lenet, fw)
    F, opt = functional_and_sgd(fw, model)
    x, t = data(fw, *batch_arrays())

    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), t).backward()
        opt.step()
    return step


def dezero_step(fw):
    import dezero
    import dezero.functions as F
    model = dezero_models.lenet()
    x, t = batch_arrays()
    if fw.device == "cuda":
        model.to_gpu()
        x, t = fw._cupy.asarray(x), fw._cupy.asarray(t)
    opt = dezero.optimizers.SGD(0.01).setup(model)

    def step():
        model.cleargrads()
        F.softmax_cross_entropy(model(x), t).backward()
        opt.update()
    return step


def cases(ctx):
    return [Case("step", "ms", {OURS: torchlike_step, TORCH: torchlike_step, DEZERO: dezero_step}, scale=1e3,
                 params={"batch": BATCH})]
