"""Op specs for F.embedding_bag (the reference loops over bags)."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec

INDICES = np.array([1, 2, 4, 5, 4, 3, 2, 0])
OFFSETS = np.array([0, 2, 2, 5])  # the second bag is empty
PAD = 4


def _bags(psw=None):
    weights = np.ones(len(INDICES)) if psw is None else psw
    ends = list(OFFSETS[1:]) + [len(INDICES)]
    return [[(INDICES[k], weights[k]) for k in range(a, b) if INDICES[k] != PAD] for a, b in zip(OFFSETS, ends)]


def _ref(w, mode, psw=None):
    out = np.zeros((len(OFFSETS), w.shape[1]))
    for b, bag in enumerate(_bags(psw)):
        if bag:
            rows = np.array([w[i] * s for i, s in bag])
            out[b] = {"sum": rows.sum(0), "mean": rows.mean(0), "max": rows.max(0)}[mode]
    return out


def _distinct_table(rng):
    return [(rng.permutation(18).reshape(6, 3) * 0.3 + rng.uniform(0, 0.05, (6, 3)),)]  # no ties for max


SPECS = [
    OpSpec(f"F.embedding_bag_{mode}", lambda w, mode=mode: F.embedding_bag(INDICES, w, OFFSETS, mode=mode, padding_idx=PAD),
           lambda w, mode=mode: _ref(w, mode), make=_distinct_table)
    for mode in ("sum", "mean", "max")
] + [
    OpSpec("F.embedding_bag_per_sample_weights",
           lambda w, s: F.embedding_bag(INDICES, w, OFFSETS, mode="sum", per_sample_weights=s, padding_idx=PAD),
           lambda w, s: _ref(w, "sum", s), make=lambda rng: [(rng.normal(size=(6, 3)), rng.uniform(0.5, 2, 8))]),
]
