"""Op specs for the CTC loss; the reference sums the probability of every alignment in plain loops."""
import itertools

import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec

TARGETS = np.array([[1, 1], [2, 3], [3, 0]])  # the third has length 1: its padding is ignored
INPUT_LENGTHS = np.array([5, 4, 5])
TARGET_LENGTHS = np.array([2, 2, 1])


def _collapse(path, blank):
    """An alignment's labels: repeats merged, then blanks dropped."""
    return [k for k, _ in itertools.groupby(path) if k != blank]


def _ctc_ref(logits, blank=0):
    """-log of the summed probability of every path over the classes that collapses to each target."""
    e = np.exp(logits - logits.max(-1, keepdims=True))
    probs = e / e.sum(-1, keepdims=True)
    losses = []
    for n, (steps, length) in enumerate(zip(INPUT_LENGTHS, TARGET_LENGTHS)):
        target = list(TARGETS[n, :length])
        total = sum(np.prod([probs[t, n, k] for t, k in enumerate(path)])
                    for path in itertools.product(range(logits.shape[-1]), repeat=steps)
                    if _collapse(path, blank) == target)
        losses.append(-np.log(total))
    return np.array(losses)


def _ctc(logits, reduction, blank=0):
    return F.ctc_loss(F.log_softmax(logits, 2), TARGETS, INPUT_LENGTHS, TARGET_LENGTHS, blank=blank,
                      reduction=reduction)


SPECS = [
    OpSpec("F.ctc_loss", lambda x: _ctc(x, "none"), _ctc_ref, shapes=[((5, 3, 4),)]),
    OpSpec("F.ctc_loss_mean", lambda x: _ctc(x, "mean"),
           lambda x: np.mean(_ctc_ref(x) / TARGET_LENGTHS), shapes=[((5, 3, 4),)]),
]
