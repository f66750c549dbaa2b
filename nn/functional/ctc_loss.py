"""The connectionist temporal classification loss ``F.ctc_loss``: a forward (alpha) recursion over time in
log space, composed from engine ops, so its gradients come from the engine."""
import math

import numpy as np

from autograd_core import backend
from autograd_core.backend import get_array_module
from autograd_core.ops import cat, logsumexp, stack, take_along_dim, unsqueeze, where
from autograd_core.ops._util import as_tensor, raw
from autograd_core.tensor import Tensor

from .loss import _check_reduction

__all__ = ["ctc_loss"]

_UNREACHABLE = -1e30  # log-probability of an alignment state that can't be reached (finite: no NaN gradients)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """Connectionist temporal classification loss (Graves et al., 2006): -log of the total probability of
    every alignment of each target with its input, for ``log_probs`` (T, N, C) or (T, C) of log-softmax
    outputs; ``targets`` (N, S) padded or 1-D concatenated. 'mean' divides each sample's loss by its target
    length, then averages, as PyTorch. An impossible alignment gives inf (0 with ``zero_infinity``)."""
    reduction = _check_reduction(reduction, "ctc_loss")
    log_probs = as_tensor(log_probs)
    batched = log_probs.ndim == 3
    if not batched:
        log_probs = unsqueeze(log_probs, 1)
    if log_probs.ndim != 3:
        raise ValueError(f"ctc_loss: log_probs must be (T, N, C) or (T, C), got shape {log_probs.shape}")
    steps, n, c = log_probs.shape
    xp = get_array_module(log_probs._data)
    in_len, tgt_len = (xp.asarray(raw(v)).reshape(-1).astype(np.int64) for v in (input_lengths, target_lengths))
    if in_len.shape != (n,) or tgt_len.shape != (n,):
        raise ValueError(f"ctc_loss: input_lengths and target_lengths must hold one length per sample ({n}), "
                         f"got shapes {in_len.shape} and {tgt_len.shape}")
    labels = _ctc_labels(raw(targets), tgt_len, n, batched, xp)
    backend.check(((in_len < 0) | (in_len > steps)).any(), lambda: ValueError(
        f"ctc_loss: input_lengths must lie in [0, {steps}] (the length of log_probs)"))
    backend.check_index_range(xp.where(labels == -1, 0, labels), c, "ctc_loss", "targets")
    # The extended label sequence: blank, l1, blank, l2, ..., blank (2S + 1 states).
    states = xp.full((n, 2 * labels.shape[1] + 1), blank, np.int64)
    states[:, 1::2] = xp.where(labels == -1, blank, labels)
    skip = xp.zeros(states.shape, bool)  # may a path jump from state s - 2 to s (a label unlike the one before)?
    skip[:, 2:] = (states[:, 2:] != blank) & (states[:, 2:] != states[:, :-2])
    emit = take_along_dim(log_probs, unsqueeze(Tensor(states), 0), 2)  # (T, N, 2S + 1)
    start = xp.full(states.shape, _UNREACHABLE, log_probs.dtype)
    start[:, :2] = 0
    alpha = Tensor(start) + emit[0]
    before = Tensor(xp.full((n, 2), _UNREACHABLE, log_probs.dtype))  # the states before the first
    for t in range(1, steps):
        stay, step = alpha, cat([before[:, 1:], alpha[:, :-1]], 1)
        jump = where(skip, cat([before, alpha[:, :-2]], 1), _UNREACHABLE)
        moved = logsumexp(stack([stay, step, jump], 2), 2) + emit[t]
        alpha = where((t < in_len)[:, None], moved, alpha)  # a sample past its length keeps its last column
    last = (2 * tgt_len)[:, None]  # the final blank; the final label is one before it
    ends = take_along_dim(alpha, Tensor(xp.concatenate([last, xp.maximum(last - 1, 0)], 1)), 1)
    ends = where(Tensor(xp.concatenate([xp.ones_like(last, bool), last > 0], 1)), ends, _UNREACHABLE)
    loss = -logsumexp(ends, 1)
    empty = in_len == 0
    impossible = (loss._data > -_UNREACHABLE / 2) | (empty & (tgt_len > 0))
    loss = where(empty, 0.0, loss)  # no input and no target: the empty alignment, of probability 1
    loss = where(impossible, 0.0 if zero_infinity else math.inf, loss)
    if reduction == "mean":
        return (loss / Tensor(xp.maximum(tgt_len, 1).astype(loss.dtype))).mean()
    if reduction == "sum":
        return loss.sum()
    return loss if batched else loss[0]


def _ctc_labels(targets, lengths, n, batched, xp):
    """The targets as an (N, S) integer array, -1 past each sample's length: from (N, S) padded targets
    ((S,) unbatched), or from 1-D targets laid end to end (this form reads the longest length on the host)."""
    targets = xp.asarray(targets)
    if targets.dtype.kind not in "iu":
        raise TypeError(f"ctc_loss: targets must be integers, got dtype {targets.dtype}")
    if targets.ndim == 1 and batched:
        width = int(lengths.max()) if n else 0
        index = (xp.cumsum(lengths) - lengths)[:, None] + xp.arange(width)
        targets = targets[xp.minimum(index, max(targets.size - 1, 0))] if targets.size else xp.zeros((n, width), int)
    elif not batched:
        targets = targets.reshape(1, -1)
    if targets.ndim != 2 or targets.shape[0] != n:
        raise ValueError(f"ctc_loss: targets must be (N, S) padded or 1-D concatenated for N = {n} samples, "
                         f"got shape {targets.shape}")
    backend.check((lengths > targets.shape[1]).any() | (lengths < 0).any(), lambda: ValueError(
        f"ctc_loss: target_lengths must lie in [0, {targets.shape[1]}] (the targets' length)"))
    return xp.where(xp.arange(targets.shape[1]) < lengths[:, None], targets, -1).astype(np.int64)
