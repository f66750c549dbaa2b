"""LSTM training step: input 1, hidden 64, sequence 30, batch 32, float32; a linear head on every step,
MSE against the next value of a noisy sine, backward, SGD step. torch and ours run ``nn.LSTM``
(batch_first) over the whole sequence; DeZero loops its LSTM cell over the 30 steps.
"""
import numpy as np

from . import dezero_models
from .frameworks import DEZERO, OURS, TORCH
from .harness import Case
from .models import build, data, lstm_regressor, training_step

BATCH, SEQ, HIDDEN = 32, 30, 64


def batch_arrays(seed=1):
    rng = np.random.default_rng(seed)
    start = rng.uniform(0, 2 * np.pi, (BATCH, 1))
    wave = np.sin(start + 0.1 * np.arange(SEQ + 1)) + 0.05 * rng.standard_normal((BATCH, SEQ + 1))
    wave = wave.astype(np.float32)[:, :, None]
    return wave[:, :-1], wave[:, 1:]


def torchlike_step(fw):
    return training_step(fw, build(lstm_regressor, fw, HIDDEN), "mse_loss", *data(fw, *batch_arrays()))


def dezero_step(fw):
    model, loss_fn = dezero_models.lstm_regressor(HIDDEN)
    x, t = (np.ascontiguousarray(a) for a in batch_arrays())
    return dezero_models.training_step(fw, model, lambda m, x, t: loss_fn(x, t), x, t)


def cases(ctx):
    return [Case("step", "ms", {OURS: torchlike_step, TORCH: torchlike_step, DEZERO: dezero_step}, scale=1e3,
                 params={"batch": BATCH, "seq": SEQ, "hidden": HIDDEN})]
