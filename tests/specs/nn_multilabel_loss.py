"""Op specs for the multi-label losses and the triplet loss with a distance function (NumPy loop references)."""
import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F

from .spec import OpSpec

LABELS = np.array([[3, 0, -1, 1], [0, 1, 2, 3], [-1, 1, 1, 1], [2, 2, -1, 0]])  # ended by -1; class 2 twice
W4 = np.array([0.5, 1.0, 2.0, 1.5])


def _multilabel_margin_ref(x, target):
    losses = []
    for row, labels in zip(x, target.astype(int)):
        listed = []
        for j in labels:
            if j == -1:
                break
            listed.append(j)
        losses.append(sum(max(0.0, 1 - row[j] + row[i]) for j in listed for i in range(len(row)) if i not in listed)
                      / len(row))
    return np.array(losses)


def _soft_margin_ref(x, y, w):
    log_sig = lambda v: -np.log1p(np.exp(-v))  # noqa: E731
    return -(w * (y * log_sig(x) + (1 - y) * log_sig(-x))).mean(-1)


def _squared_distance(a, b):
    return ((a - b) ** 2).sum(-1)


def _triplet_ref(a, p, n, margin, swap):
    d_neg = _squared_distance(a, n)
    if swap:
        d_neg = np.minimum(d_neg, _squared_distance(p, n))
    return np.maximum(_squared_distance(a, p) - d_neg + margin, 0)


def _scores(rng):
    return [(rng.uniform(-1, 1, (4, 4)), LABELS)]


def _triplets(rng):
    return [tuple(rng.normal(size=(5, 3)) for _ in range(3))]


SPECS = [
    OpSpec("F.multilabel_margin_loss", lambda x, t: F.multilabel_margin_loss(x, t, reduction="none"),
           _multilabel_margin_ref, make=_scores, diff=(0,)),
    OpSpec("F.multilabel_margin_loss_1d", lambda x, t: F.multilabel_margin_loss(x[0], t[0]),
           lambda x, t: _multilabel_margin_ref(x[:1], t[:1])[0], make=_scores, diff=(0,)),
    OpSpec("F.multilabel_soft_margin_loss",
           lambda x, y: F.multilabel_soft_margin_loss(x, y, weight=ag.tensor(W4, dtype=x.dtype, device=x.device)),
           lambda x, y: _soft_margin_ref(x, y, W4).mean(),
           make=lambda rng: [(rng.uniform(-3, 3, (3, 4)), rng.uniform(0, 1, (3, 4)))]),
    OpSpec("F.triplet_margin_with_distance_loss",
           lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, distance_function=lambda u, v: ((u - v) ** 2).sum(-1),
                                                               margin=2.0, reduction="none"),
           lambda a, p, n: _triplet_ref(a, p, n, 2.0, False), make=_triplets),
    OpSpec("F.triplet_margin_with_distance_loss_swap",
           lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, distance_function=lambda u, v: ((u - v) ** 2).sum(-1),
                                                               margin=2.0, swap=True, reduction="sum"),
           lambda a, p, n: _triplet_ref(a, p, n, 2.0, True).sum(), make=_triplets),
]
