"""Loss functions with PyTorch's names, arguments and ``reduction`` ('mean' | 'sum' | 'none').

A loss never broadcasts silently: input and target shapes must agree (the
error names both). ``cross_entropy`` with class indices is one fused Function
(log-softmax + NLL forward, ``softmax - onehot`` backward): it is the hot path
of classifier training.
"""
import math
import warnings

import numpy as np

from autograd_core import backend
from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops import abs as abs_
from autograd_core.ops import clamp, clamp_min, exp, log, minimum, relu, rsqrt, take_along_dim, unsqueeze, where
from autograd_core.ops._util import as_tensor, raw
from autograd_core.ops.elementwise import FloorValue
from autograd_core.ops.indexing import getitem
from autograd_core.ops.shape import broadcast_to, permute, reshape
from autograd_core.tensor import Tensor

from .activation import Softmax, log_softmax, softplus
from .distance import pairwise_distance

__all__ = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div", "multi_margin_loss",
           "epsilon_insensitive_loss", "margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
           "multilabel_margin_loss", "multilabel_soft_margin_loss", "gaussian_nll_loss", "poisson_nll_loss"]

_REDUCTIONS = ("mean", "sum", "none")


def _reduce(loss, reduction):
    """``loss`` reduced by ``reduction``, which ``_check_reduction`` has checked: 'mean', 'sum' or 'none'."""
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _same_shape(op, **tensors):
    """The named inputs (input=..., target=...) as Tensors, refusing differing shapes (a broadcast
    loss is almost always a bug; the error names each); bool, integer and float inputs take the
    first one's dtype."""
    ts = list(map(as_tensor, tensors.values()))
    shape, dtype = ts[0]._data.shape, ts[0]._data.dtype
    for i, t in enumerate(ts):
        if t._data.shape != shape:
            names = list(tensors)
            if len(ts) == 2:
                what = f"{names[0]} shape {shape} and {names[1]} shape {t.shape} differ"
            else:
                what = "the inputs must have the same shape, got " + ", ".join(
                    f"{name} {x.shape}" for name, x in zip(names, ts))
            raise ValueError(f"{op}: {what}; a loss does not broadcast (reshape the {names[i]}, e.g. "
                             f"{names[i]}.reshape({names[0]}.shape))")
        if t._data.dtype != dtype and t._data.dtype.kind in "biuf":
            ts[i] = t.astype(dtype)
    return ts


def _check_reduction(reduction, op, allowed=_REDUCTIONS, size_average=None, reduce=None):
    """The reduction to apply: ``reduction``, unless PyTorch's deprecated ``size_average``/``reduce``
    is given, which then decides it (with a warning), as in PyTorch."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction not in allowed:
        raise ValueError(f"{op}: reduction must be one of {allowed}, got {reduction!r}")
    return reduction


def _legacy_reduction(size_average, reduce):
    """PyTorch's reading of the deprecated flags (None counts as True): a false ``reduce`` gives 'none',
    else a false ``size_average`` 'sum', else 'mean'."""
    reduce = True if reduce is None else reduce
    size_average = True if size_average is None else size_average
    reduction = ("mean" if size_average else "sum") if reduce else "none"
    warnings.warn(f"size_average and reduce are deprecated, as in PyTorch; use reduction={reduction!r} instead",
                  UserWarning, stacklevel=4)  # the caller of the loss function, or of the loss layer's constructor
    return reduction


# -- regression ----------------------------------------------------------------
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean squared error (x - y)**2."""
    reduction = _check_reduction(reduction, "mse_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("mse_loss", input=input, target=target)
    d = input - target
    return _reduce(d * d, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean absolute error |x - y|."""
    reduction = _check_reduction(reduction, "l1_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("l1_loss", input=input, target=target)
    return _reduce(abs_(input - target), reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 (x - y)**2 / beta where |x - y| < beta, else |x - y| - 0.5 beta."""
    reduction = _check_reduction(reduction, "smooth_l1_loss", size_average=size_average, reduce=reduce)
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be >= 0, got {beta}")
    input, target = _same_shape("smooth_l1_loss", input=input, target=target)
    d = abs_(input - target)
    if beta == 0:
        return _reduce(d, reduction)
    return _reduce(where(d < beta, d * d * (0.5 / beta), d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 (x - y)**2 where |x - y| < delta, else delta (|x - y| - 0.5 delta)."""
    _check_reduction(reduction, "huber_loss")
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be > 0, got {delta}")
    input, target = _same_shape("huber_loss", input=input, target=target)
    d = abs_(input - target)
    return _reduce(where(d < delta, d * d * 0.5, (d - 0.5 * delta) * delta), reduction)


def epsilon_insensitive_loss(input, target, epsilon=0.1, reduction="mean"):
    """The support-vector-regression loss max(|x - y| - epsilon, 0): errors within
    ``epsilon`` cost nothing, larger ones cost linearly."""
    _check_reduction(reduction, "epsilon_insensitive_loss")
    if epsilon < 0:
        raise ValueError(f"epsilon_insensitive_loss: epsilon must be >= 0, got {epsilon}")
    input, target = _same_shape("epsilon_insensitive_loss", input=input, target=target)
    return _reduce(relu(abs_(input - target) - epsilon), reduction)


# -- classification with class indices -----------------------------------------
def _class_rows(input, target, weight, ignore_index, op):
    """Flatten (N, C, d1, ...) logits to rows (M, C) and targets to (M,).

    Returns (rows, safe_targets, row_weights, none_shape): ignored targets are
    replaced by 0 in ``safe_targets`` and get weight 0 in ``row_weights``.
    """
    input = as_tensor(input)
    t = target._data if isinstance(target, Tensor) else backend.asarray(target)
    if input.ndim == 0:
        raise ValueError(f"{op}: input must have a class dimension, got a 0-d tensor")
    if input.dtype.kind not in "fc":
        raise TypeError(f"{op}: input must be floating point (scores per class), got dtype {input.dtype} "
                        f"(shape {input.shape}); convert with input.float()")
    if t.dtype.kind not in "iu":
        raise TypeError(f"{op}: class-index targets must be an integer tensor, got dtype {t.dtype} "
                        f"(shape {t.shape}) for input of shape {input.shape}; use target.long(), or give "
                        "class probabilities of the input's shape")
    expected = () if input.ndim == 1 else input.shape[:1] + input.shape[2:]
    if t.shape != expected:
        raise ValueError(f"{op}: target shape {t.shape} does not match input shape {input.shape}; "
                         f"class indices need shape {expected}")
    n_classes = input.shape[0] if input.ndim == 1 else input.shape[1]
    xp = get_array_module(input._data)
    if input.ndim == 1:
        rows = reshape(input, (1, n_classes))
    elif input.ndim == 2:
        rows = input
    else:
        rows = reshape(permute(input, (0,) + tuple(range(2, input.ndim)) + (1,)), (-1, n_classes))
    t = xp.asarray(t).reshape(-1)
    if ignore_index is None:
        kept, safe = xp.ones(t.shape, bool), t
    else:
        kept = t != ignore_index
        safe = xp.where(kept, t, 0)
    backend.check_index_range(safe, n_classes, op, f"targets (class indices; ignore_index={ignore_index})")
    dtype = input.dtype
    if weight is not None:
        w = weight._data if isinstance(weight, Tensor) else xp.asarray(weight)
        if w.shape != (n_classes,):
            raise ValueError(f"{op}: weight must have shape ({n_classes},) (one per class), got {w.shape}")
        row_w = w.astype(dtype, copy=False)[safe] * kept
    else:
        row_w = kept.astype(dtype)
    return rows, safe, row_w, expected


class CrossEntropy(Function):
    """Fused log-softmax + weighted NLL over rows (M, C) with integer targets."""

    def __init__(self, target, row_weight, reduction):
        self.target, self.row_weight, self.reduction = target, row_weight, reduction

    def forward(self, x):
        xp = get_array_module(x)
        m = x.max(axis=1, keepdims=True)
        e = xp.exp(x - m)
        s = e.sum(axis=1, keepdims=True)
        rows = xp.arange(x.shape[0])
        logp_t = x[rows, self.target] - m[:, 0] - xp.log(s[:, 0])
        e /= s  # now the softmax, kept for backward
        self.save_for_backward(x, e)
        loss = -logp_t * self.row_weight
        if self.reduction == "none":
            return loss
        total = loss.sum()
        if self.reduction == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                total = total / self.row_weight.sum()  # NaN when every target is ignored, as PyTorch
        return xp.asarray(total, dtype=x.dtype)

    def backward(self, gy):
        x, p = self.saved_tensors
        xp = get_array_module(p)
        rows = xp.arange(p.shape[0])
        if isinstance(p, Tensor):  # create_graph: the softmax must be a function of x in the graph
            onehot = xp.zeros(p.shape, p.dtype)
            onehot[rows, self.target] = 1
            p_minus_onehot = dual(Softmax(1), x) - Tensor(onehot)
        else:
            p_minus_onehot = p.copy()
            p_minus_onehot[rows, self.target] -= 1
        w = self.row_weight
        if self.reduction == "none":
            return p_minus_onehot * (reshape(gy, (-1, 1)) * w[:, None])
        if self.reduction == "mean":  # every target ignored: the loss is NaN, its gradient 0 (as PyTorch)
            total = w.sum()
            w = w / xp.where(total == 0, 1, total)
        return p_minus_onehot * (gy * w[:, None])


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Cross-entropy between logits ``input`` and ``target``, as PyTorch.

    Args:
        input: logits (C,), (N, C) or (N, C, d1, ...).
        target: class indices (an integer tensor of shape (), (N,) or (N, d1, ...)),
            or class probabilities of the input's shape.
        weight: optional per-class weights (C,); with 'mean' the sum of the
            picked weights is the divisor (PyTorch's weighted mean).
        ignore_index: target value that contributes nothing (class indices only).
        label_smoothing: mixes the target with the uniform distribution.

    Stable for any logits (computed with log-softmax, exact for logits of 1e4).
    """
    reduction = _check_reduction(reduction, "cross_entropy", size_average=size_average, reduce=reduce)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}")
    input = as_tensor(input)
    t = target._data if isinstance(target, Tensor) else backend.asarray(target)
    if t.dtype.kind == "f":
        return _cross_entropy_probs(input, as_tensor(target), weight, reduction, label_smoothing)
    rows, safe, row_w, none_shape = _class_rows(input, target, weight, ignore_index, "cross_entropy")
    loss = CrossEntropy(safe, row_w, reduction)(rows)
    if reduction == "none":
        loss = reshape(loss, none_shape)
    if label_smoothing == 0.0:
        return loss
    return loss * (1 - label_smoothing) + _smoothing_term(rows, target, weight, ignore_index, row_w, reduction,
                                                         none_shape) * (label_smoothing / rows.shape[1])


def _smoothing_term(rows, target, weight, ignore_index, row_w, reduction, none_shape):
    """PyTorch's label-smoothing part: -sum_c w_c log p_c per row, ignored rows 0,
    'mean' divided by the same weight total as the NLL part."""
    logp = log_softmax(rows, dim=1)
    xp = get_array_module(rows._data)
    if weight is not None:
        logp = logp * Tensor(xp.asarray(raw(weight), dtype=rows.dtype))
    t = xp.asarray(raw(target)).reshape(-1)
    smooth = -logp.sum(1) * Tensor((t != ignore_index).astype(rows.dtype))
    if reduction == "none":
        return reshape(smooth, none_shape)
    if reduction == "sum":
        return smooth.sum()
    return _weighted_mean(smooth.sum(), row_w)


def _weighted_mean(total, row_w):
    """``total / row_w.sum()`` on the device. When every target is ignored the sum is 0: the
    result is NaN and its gradient 0, as PyTorch (no division by 0 reaches backward)."""
    xp = get_array_module(row_w)
    denom = row_w.sum()
    empty = denom == 0
    scale = xp.where(empty, 0, 1 / xp.where(empty, 1, denom)).astype(row_w.dtype)
    return total * Tensor(scale) + Tensor(xp.where(empty, np.nan, 0).astype(row_w.dtype))


def _cross_entropy_probs(input, target, weight, reduction, label_smoothing):
    if target.shape != input.shape:
        raise ValueError(f"cross_entropy: probability target shape {target.shape} must equal input shape "
                         f"{input.shape} (or give integer class indices)")
    class_dim = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_dim]
    target = target.astype(input.dtype)
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    terms = log_softmax(input, dim=class_dim) * target
    if weight is not None:
        w = weight._data if isinstance(weight, Tensor) else backend.asarray(weight)
        if w.shape != (n_classes,):
            raise ValueError(f"cross_entropy: weight must have shape ({n_classes},), got {w.shape}")
        shape = [1] * input.ndim
        shape[class_dim] = n_classes
        terms = terms * Tensor(get_array_module(input._data).asarray(w, dtype=input.dtype).reshape(shape))
    if reduction == "none":
        return -terms.sum(class_dim)
    total = -terms.sum()
    if reduction == "sum":
        return total
    rows = input.numel() // n_classes if n_classes else 0
    return total * (1.0 / rows if rows else float("nan"))


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """Negative log-likelihood of class ``target`` given log-probabilities ``input``
    ((C,), (N, C) or (N, C, d1, ...)); ``weight`` and ``ignore_index`` as in cross_entropy."""
    reduction = _check_reduction(reduction, "nll_loss", size_average=size_average, reduce=reduce)
    rows, safe, row_w, none_shape = _class_rows(input, target, weight, ignore_index, "nll_loss")
    xp = get_array_module(rows._data)
    picked = getitem(rows, (xp.arange(rows.shape[0]), safe))
    loss = -(picked * Tensor(row_w))
    if reduction == "none":
        return reshape(loss, none_shape)
    total = loss.sum()
    if reduction == "sum":
        return total
    return _weighted_mean(total, row_w)


# -- binary --------------------------------------------------------------------
def _weighted(loss, weight, op):
    if weight is None:
        return loss
    weight = as_tensor(weight)
    try:
        return loss * broadcast_to(weight.astype(loss.dtype), loss.shape)
    except ValueError:
        raise ValueError(f"{op}: weight of shape {weight.shape} can't be broadcast to the loss shape "
                         f"{loss.shape}") from None


class BinaryCrossEntropy(Function):
    """-(y log x + (1 - y) log(1 - x)) with each log clamped at -100, and PyTorch's gradient
    (x - y) / max(x (1 - x), 1e-12), which stays finite (and large) at x = 0 or 1."""

    def forward(self, x, y):
        xp = get_array_module(x)
        with np.errstate(divide="ignore"):
            log_x = xp.maximum(xp.log(x), -100)
            log_1mx = xp.maximum(xp.log1p(-x), -100)
        self.save_for_backward(x, y)
        return -(y * log_x + (1 - y) * log_1mx)

    def backward(self, gy):
        x, y = self.saved_tensors
        gx = gy * (x - y) / _at_least(x * (1 - x), 1e-12) if self.needs_input_grad[0] else None
        gt = None
        if self.needs_input_grad[1]:
            gt = gy * (_at_least(log(1 - x) if isinstance(x, Tensor) else np.log1p(-x), -100)
                       - _at_least(log(x) if isinstance(x, Tensor) else np.log(x), -100))
        return gx, gt


def _at_least(a, low):
    return clamp(a, min=low) if isinstance(a, Tensor) else get_array_module(a).maximum(a, low)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-w (y log x + (1 - y) log(1 - x)) for probabilities ``input`` in [0, 1]; each log is
    clamped at -100 as PyTorch, so x = 0 or 1 gives a finite loss and gradient."""
    reduction = _check_reduction(reduction, "binary_cross_entropy", size_average=size_average, reduce=reduce)
    input, target = _same_shape("binary_cross_entropy", input=input, target=target)
    data = input._data
    if data.size:
        lo, hi = data.min(), data.max()
        backend.check(~((lo >= 0) & (hi <= 1)), lambda: ValueError(  # NaN fails too, as in PyTorch
            f"binary_cross_entropy: input values must lie in [0, 1] (probabilities), got range [{float(lo)}, "
            f"{float(hi)}]; use binary_cross_entropy_with_logits for logits"))
    loss = BinaryCrossEntropy()(input, target)
    return _reduce(_weighted(loss, weight, "binary_cross_entropy"), reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid + binary cross-entropy in one stable formula:
    (1 - y) x + (1 + (pos_weight - 1) y) softplus(-x); no overflow at |x| = 1000.
    ``pos_weight`` (broadcast along the last dim) weighs the positive examples."""
    reduction = _check_reduction(reduction, "binary_cross_entropy_with_logits", size_average=size_average,
                                 reduce=reduce)
    input, target = _same_shape("binary_cross_entropy_with_logits", input=input, target=target)
    sp = softplus(-input)
    if pos_weight is None:
        loss = (1 - target) * input + sp
    else:
        pw = as_tensor(pos_weight).astype(input.dtype)
        loss = (1 - target) * input + (1 + (pw - 1) * target) * sp
    loss = _weighted(loss, weight, "binary_cross_entropy_with_logits")
    return _reduce(loss, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL divergence with ``input`` as log-probabilities: target (log target - input)
    (0 where target = 0). reduction='batchmean' divides the sum by the batch size,
    which is the true KL divergence; 'mean' averages over every element, as PyTorch."""
    reduction = _check_reduction(reduction, "kl_div", _REDUCTIONS + ("batchmean",), size_average, reduce)
    input, target = _same_shape("kl_div", input=input, target=target)
    if log_target:
        loss = exp(target) * (target - input)
    else:
        positive = target > 0
        loss = where(positive, target * (log(where(positive, target, 1.0)) - input), 0.0)
    if reduction == "batchmean":
        return loss.sum() * (1.0 / input.shape[0] if input.ndim else 1.0)
    if reduction == "mean":
        warnings.warn("kl_div: reduction='mean' divides by the number of elements, not the batch size; "
                      "use reduction='batchmean' for the KL divergence", UserWarning, stacklevel=2)
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """Multi-class hinge loss: for each sample, sum over classes i != y of
    w[y] max(0, margin - x[y] + x[i])**p, divided by the number of classes (p is 1 or 2)."""
    reduction = _check_reduction(reduction, "multi_margin_loss", size_average=size_average, reduce=reduce)
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss: only p = 1 and p = 2 are supported, got {p}")
    input = as_tensor(input)
    if input.ndim not in (1, 2):
        raise ValueError(f"multi_margin_loss: input must be (C,) or (N, C), got shape {input.shape}")
    rows, safe, row_w, none_shape = _class_rows(input, target, weight, None, "multi_margin_loss")
    xp = get_array_module(rows._data)
    n, c = rows.shape
    picked = getitem(rows, (xp.arange(n), safe))
    z = relu(rows - reshape(picked, (n, 1)) + margin)
    if p == 2:
        z = z * z
    others = xp.ones((n, c), rows.dtype)
    others[xp.arange(n), safe] = 0
    loss = (z * Tensor(others * row_w[:, None])).sum(1) * (1.0 / c)
    if reduction == "none":
        return reshape(loss, none_shape)
    return _reduce(loss, reduction)


# -- margins and embeddings ----------------------------------------------------
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -y (x1 - x2) + margin) for targets y in {1, -1} (1: x1 should rank higher)."""
    reduction = _check_reduction(reduction, "margin_ranking_loss", size_average=size_average, reduce=reduce)
    x1, x2, y = _same_shape("margin_ranking_loss", input1=input1, input2=input2, target=target)
    return _reduce(clamp_min(-y * (x1 - x2) + margin, 0.0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where y = 1, max(0, margin - x) where y = -1 (``input`` is typically a distance)."""
    reduction = _check_reduction(reduction, "hinge_embedding_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("hinge_embedding_loss", input=input, target=target)
    loss = where(target != 1, clamp_min(margin - input, 0.0), 0.0) + where(target != -1, input, 0.0)
    return _reduce(loss, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss log(1 + exp(-y x)) for targets y in {1, -1}, stable for large |x|."""
    reduction = _check_reduction(reduction, "soft_margin_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("soft_margin_loss", input=input, target=target)
    return _reduce(softplus(-target * input), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1, for (N, D) or (D,)
    inputs and (N,) or () targets; cos as PyTorch: x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))."""
    reduction = _check_reduction(reduction, "cosine_embedding_loss", size_average=size_average, reduce=reduce)
    x1, x2 = _same_shape("cosine_embedding_loss", input1=input1, input2=input2)
    y = as_tensor(target)
    if x1.ndim not in (1, 2) or y.shape != x1.shape[:-1]:
        raise ValueError(f"cosine_embedding_loss: expected inputs (N, D) with target (N,), or (D,) with a 0-d "
                         f"target, got inputs {x1.shape} and target {y.shape}")
    eps = 1e-12
    cos = (x1 * x2).sum(-1) * rsqrt(((x1 * x1).sum(-1) + eps) * ((x2 * x2).sum(-1) + eps))
    loss = where(y == 1, 1 - cos, 0.0) + where(y == -1, clamp_min(cos - margin, 0.0), 0.0)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, d(a, p) - d(a, n) + margin) with d the ``pairwise_distance``; ``swap`` uses
    min(d(a, n), d(p, n)) as the negative distance (Balntas et al.)."""
    reduction = _check_reduction(reduction, "triplet_margin_loss", size_average=size_average, reduce=reduce)
    a, pos, neg = as_tensor(anchor), as_tensor(positive), as_tensor(negative)
    if not a.ndim == pos.ndim == neg.ndim or a.ndim not in (1, 2):
        raise ValueError(f"triplet_margin_loss: anchor, positive and negative must all be (N, D) or all (D,), "
                         f"got {a.shape}, {pos.shape} and {neg.shape}")
    return _triplet(a, pos, neg, lambda x, y: pairwise_distance(x, y, p, eps), margin, swap, reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0,
                                      swap=False, reduction="mean"):
    """``triplet_margin_loss`` with any ``distance_function(x, y)`` giving one distance per row
    (default: ``pairwise_distance``)."""
    reduction = _check_reduction(reduction, "triplet_margin_with_distance_loss")
    if margin <= 0:
        raise ValueError(f"triplet_margin_with_distance_loss: margin must be greater than 0, got {margin}")
    return _triplet(as_tensor(anchor), as_tensor(positive), as_tensor(negative),
                    distance_function or pairwise_distance, margin, swap, reduction)


def _triplet(a, pos, neg, distance, margin, swap, reduction):
    d_pos, d_neg = distance(a, pos), distance(a, neg)
    if swap:
        d_neg = minimum(d_neg, distance(pos, neg))
    return _reduce(clamp_min(d_pos - d_neg + margin, 0.0), reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Multi-label hinge loss: for each sample, the sum over its target classes j and the other classes i
    of max(0, 1 - (x[j] - x[i])), divided by the number of classes. ``target`` holds class indices,
    ended by the first -1 (PyTorch's layout, same shape as ``input``: (C,) or (N, C)); as in PyTorch, a
    class listed twice counts twice."""
    reduction = _check_reduction(reduction, "multilabel_margin_loss", size_average=size_average, reduce=reduce)
    input, target = as_tensor(input), as_tensor(target)
    if input.ndim not in (1, 2) or target.shape != input.shape or target.dtype.kind not in "iu":
        raise ValueError(f"multilabel_margin_loss: expected input (C,) or (N, C) and an integer target of the same "
                         f"shape, got input {input.shape} and target {target.shape} of dtype {target.dtype}")
    rows = reshape(input, (-1, input.shape[-1]))
    labels = target._data.reshape(rows.shape)
    xp = get_array_module(labels)
    c = rows.shape[1]
    listed = xp.cumprod(labels != -1, axis=1).astype(bool)  # the entries before the first -1
    backend.check_index_range(xp.where(listed, labels, 0), c, "multilabel_margin_loss", "target classes")
    n = rows.shape[0]
    classes = xp.where(listed, labels, c)  # an unlisted entry names the spare class c
    flat = (xp.arange(n)[:, None] * (c + 1) + classes).reshape(-1)
    is_target = (xp.bincount(flat, minlength=n * (c + 1)) > 0).reshape(n, c + 1)[:, :c]
    # (N, entry k, class i): a listed entry (a class listed twice counts twice) against each class not a target
    pairs = listed[:, :, None] & ~is_target[:, None, :]
    target_values = take_along_dim(rows, Tensor(xp.where(listed, labels, 0)), 1)
    hinge = relu(1 - unsqueeze(target_values, 2) + unsqueeze(rows, 1))
    loss = where(pairs, hinge, 0.0).sum((1, 2)) * (1.0 / c)
    return _reduce(reshape(loss, input.shape[:-1]), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Multi-label one-vs-all logistic loss: -(y log sigmoid(x) + (1 - y) log sigmoid(-x)), weighted by
    class, averaged over the classes (the last dim) of each sample."""
    reduction = _check_reduction(reduction, "multilabel_soft_margin_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("multilabel_soft_margin_loss", input=input, target=target)
    loss = target * softplus(-input) + (1 - target) * softplus(input)
    if weight is not None:
        loss = loss * as_tensor(weight)
    return _reduce(loss.mean(-1), reduction)


# -- likelihoods ---------------------------------------------------------------
def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Negative log-likelihood of ``target`` under N(input, var): 0.5 (log var + (x - y)^2 / var),
    plus 0.5 log(2 pi) when ``full``. ``var`` has the input's shape, or that shape with the last
    dim dropped or one dim of size 1 (one variance shared along it), or is a float. Values
    below ``eps`` are raised to ``eps``; the gradient passes that clamp unchanged, as PyTorch."""
    _check_reduction(reduction, "gaussian_nll_loss")
    input, target = _same_shape("gaussian_nll_loss", input=input, target=target)
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError(f"gaussian_nll_loss: var must be >= 0, got {var}")
        var = Tensor(get_array_module(input._data).full(input.shape, var, input.dtype))
    var = as_tensor(var).astype(input.dtype)
    if var.shape != input.shape:
        if var.shape == input.shape[:-1]:
            var = unsqueeze(var, -1)
        elif var.ndim != input.ndim or [v for v, n in zip(var.shape, input.shape) if v != n] != [1]:
            raise ValueError(f"gaussian_nll_loss: var of shape {var.shape} does not fit input {input.shape}; give "
                             "the input's shape, that shape without the last dim, or one dim of size 1")
    if var._data.size:
        backend.check(var._data.min() < 0, lambda: ValueError("gaussian_nll_loss: var has negative entries"))
    var = FloorValue(eps)(var)
    d = input - target
    loss = (log(var) + d * d / var) * 0.5
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """Negative log-likelihood of counts ``target`` under Poisson(rate): exp(x) - y x when
    ``log_input`` (x is the log-rate), else x - y log(x + eps). ``full`` adds Stirling's
    approximation of log(y!), y log y - y + 0.5 log(2 pi y), where y > 1."""
    reduction = _check_reduction(reduction, "poisson_nll_loss", size_average=size_average, reduce=reduce)
    input, target = _same_shape("poisson_nll_loss", input=input, target=target)
    loss = exp(input) - target * input if log_input else input - target * log(input + eps)
    if full:
        big = target > 1
        y = where(big, target, 1.0)
        loss = loss + where(big, y * log(y) - y + log(y * (2 * math.pi)) * 0.5, 0.0)
    return _reduce(loss, reduction)

