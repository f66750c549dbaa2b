"""Op spec of nn.AdaptiveLogSoftmaxWithLoss (in 8 features, 6 classes, cutoffs [2, 4], div_value 2): the
log-probability of each row's target, differentiated in the input and every weight. The reference
writes out the head (shortlist + one logit per cluster) and each cluster's two-layer tail in NumPy."""
import numpy as np

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.utils.stateless import functional_call

from .spec import OpSpec

TARGET = np.array([0, 3, 5, 1, 4])
NAMES = ("head.weight", "tail.0.0.weight", "tail.0.1.weight", "tail.1.0.weight", "tail.1.1.weight")
SHAPES = ((5, 8), (4, 8), (4, 8), (2, 4), (2, 8), (2, 2))


def _ours(x, *weights):
    layer = nn.AdaptiveLogSoftmaxWithLoss(8, 6, [2, 4], div_value=2.0).to(x.dtype)
    return functional_call(layer, dict(zip(NAMES, weights)), (x, ag.tensor(TARGET))).output


def _log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def _reference(x, head, t00, t01, t10, t11):
    head_lp = _log_softmax(x @ head.T)  # columns: classes 0, 1, then clusters [2, 4) and [4, 6)
    tails = [(t00, t01, 2), (t10, t11, 4)]
    out = np.empty(len(TARGET))
    for row, t in enumerate(TARGET):
        if t < 2:
            out[row] = head_lp[row, t]
            continue
        cluster = 0 if t < 4 else 1
        w0, w1, start = tails[cluster]
        out[row] = head_lp[row, 2 + cluster] + _log_softmax(x[row] @ w0.T @ w1.T)[t - start]
    return out


SPECS = [
    OpSpec("AdaptiveLogSoftmaxWithLoss", _ours, _reference, shapes=[SHAPES], low=-1.0, high=1.0,
           syncs="the targets are read on the host to split the rows among the clusters, as PyTorch's"),
]
