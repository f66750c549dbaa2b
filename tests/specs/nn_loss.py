"""Op specs for the losses in autograd_core.nn.functional (NumPy references written as plain loops)."""
import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F

from .spec import OpSpec

W5 = np.array([0.5, 1.0, 2.0, 1.5, 0.8])


def _reduce(loss, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction](loss)


def _pair(shape=(3, 4), low=-2.0, high=2.0, margin=0.0):
    """(input, target); with ``margin``, |input - target| stays clear of the kinks at 0 and ``margin``."""
    def make(rng):
        x = rng.uniform(low, high, shape)
        d = rng.uniform(0.05, 1.0, shape) * rng.choice([-1, 1], shape)
        if margin:
            d = np.where(np.abs(np.abs(d) - margin) < 0.05, d * 1.5, d)
        return [(x, x + d)]
    return make


def _logsoftmax(x, axis=1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def _ce_ref(x, t, weight=None, ignore_index=-100, reduction="mean", smoothing=0.0):
    """Loop over samples: PyTorch's weighted cross-entropy with label smoothing."""
    n, c = x.shape
    w = np.ones(c) if weight is None else weight
    logp = _logsoftmax(x)
    losses, total_w = [], 0.0
    for i in range(n):
        if t[i] == ignore_index:
            losses.append(0.0)
            continue
        nll = -w[t[i]] * logp[i, t[i]]
        smooth = -sum(w[k] * logp[i, k] for k in range(c)) / c
        losses.append((1 - smoothing) * nll + smoothing * smooth)
        total_w += w[t[i]]
    losses = np.array(losses)
    if reduction == "mean":
        return losses.sum() / total_w
    return _reduce(losses, reduction)


def _class_sample(n=6, c=5, ignore=False):
    def make(rng):
        t = rng.integers(0, c, n)
        if ignore:
            t[1] = -100
        return [(rng.normal(size=(n, c)) * 2, t)]
    return make


def _ce_nd_ref(x, t):
    xs = np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])
    return _ce_ref(xs, t.reshape(-1), reduction="none").reshape(t.shape)


def _probs_ref(x, p):
    return -(_logsoftmax(x) * p * W5).sum() / x.shape[0]


def _bce_ref(x, y, w):
    return -(w * (y * np.log(x) + (1 - y) * np.log(1 - x)))


def _bce_logits_ref(x, y, pw):
    s = 1 / (1 + np.exp(-x))
    return -(pw * y * np.log(s) + (1 - y) * np.log(1 - s))


def _kl_ref(logq, p):
    return np.sum(p * (np.log(p) - logq)) / logq.shape[0]


def _multi_margin_ref(x, t, p, margin, w):
    n, c = x.shape
    out = np.zeros(n)
    for i in range(n):
        for j in range(c):
            if j != t[i]:
                out[i] += w[t[i]] * max(0.0, margin - x[i, t[i]] + x[i, j]) ** p
    return out / c


def _huber_ref(x, y, delta):
    d = np.abs(x - y)
    return np.where(d < delta, 0.5 * d ** 2, delta * (d - 0.5 * delta))


def _simplex(rng, shape):
    p = rng.uniform(0.1, 1.0, shape)
    return p / p.sum(axis=1, keepdims=True)


SPECS = [
    OpSpec("F.mse_loss", F.mse_loss, lambda x, y: np.mean((x - y) ** 2), make=_pair()),
    OpSpec("F.mse_loss_none", lambda x, y: F.mse_loss(x, y, reduction="none"), lambda x, y: (x - y) ** 2,
           make=_pair()),
    OpSpec("F.l1_loss", F.l1_loss, lambda x, y: np.mean(np.abs(x - y)), make=_pair()),
    OpSpec("F.l1_loss_sum", lambda x, y: F.l1_loss(x, y, reduction="sum"), lambda x, y: np.sum(np.abs(x - y)),
           make=_pair()),
    OpSpec("F.smooth_l1_loss", lambda x, y: F.smooth_l1_loss(x, y, beta=0.5),
           lambda x, y: np.mean(_huber_ref(x, y, 0.5) / 0.5), make=_pair(margin=0.5)),
    OpSpec("F.huber_loss", lambda x, y: F.huber_loss(x, y, reduction="none", delta=0.7),
           lambda x, y: _huber_ref(x, y, 0.7), make=_pair(margin=0.7)),
    OpSpec("F.epsilon_insensitive_loss", lambda x, y: F.epsilon_insensitive_loss(x, y, epsilon=0.3),
           lambda x, y: np.mean(np.maximum(np.abs(x - y) - 0.3, 0)), make=_pair(margin=0.3)),
    OpSpec("F.cross_entropy", F.cross_entropy, _ce_ref, make=_class_sample()),
    OpSpec("F.cross_entropy_weight_ignore_sum",
           lambda x, t: F.cross_entropy(x, t, weight=ag.tensor(W5, device=x.device), ignore_index=-100, reduction="sum"),
           lambda x, t: _ce_ref(x, t, W5, reduction="sum"), make=_class_sample(ignore=True)),
    OpSpec("F.cross_entropy_weight_mean",
           lambda x, t: F.cross_entropy(x, t, weight=ag.tensor(W5, device=x.device)),
           lambda x, t: _ce_ref(x, t, W5), make=_class_sample(ignore=True)),
    OpSpec("F.cross_entropy_label_smoothing",
           lambda x, t: F.cross_entropy(x, t, weight=ag.tensor(W5, device=x.device), label_smoothing=0.2),
           lambda x, t: _ce_ref(x, t, W5, smoothing=0.2), make=_class_sample(ignore=True)),
    OpSpec("F.cross_entropy_none", lambda x, t: F.cross_entropy(x, t, reduction="none"),
           lambda x, t: _ce_ref(x, t, reduction="none"), make=_class_sample()),
    OpSpec("F.cross_entropy_spatial", lambda x, t: F.cross_entropy(x, t, reduction="none"), _ce_nd_ref,
           make=lambda rng: [(rng.normal(size=(2, 3, 2, 2)), rng.integers(0, 3, (2, 2, 2)))]),
    OpSpec("F.cross_entropy_probs", lambda x, p: F.cross_entropy(x, p, weight=ag.tensor(W5, device=x.device)), _probs_ref,
           make=lambda rng: [(rng.normal(size=(4, 5)), _simplex(rng, (4, 5)))], diff=(0,)),
    OpSpec("F.nll_loss", lambda x, t: F.nll_loss(x, t, weight=ag.tensor(W5, device=x.device)),
           lambda x, t: sum(-W5[t[i]] * x[i, t[i]] for i in range(len(t)) if t[i] != -100)
           / sum(W5[k] for k in t if k != -100), make=_class_sample(ignore=True)),
    OpSpec("F.binary_cross_entropy", lambda x, y: F.binary_cross_entropy(x, y, weight=ag.tensor(W5[:4], device=x.device)),
           lambda x, y: np.mean(_bce_ref(x, y, W5[:4])),
           make=lambda rng: [(rng.uniform(0.05, 0.95, (3, 4)), rng.uniform(0, 1, (3, 4)))]),
    OpSpec("F.binary_cross_entropy_with_logits",
           lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=ag.tensor(W5[:4], device=x.device), reduction="none"),
           lambda x, y: _bce_logits_ref(x, y, W5[:4]),
           make=lambda rng: [(rng.normal(size=(3, 4)) * 3, rng.uniform(0, 1, (3, 4)))]),
    OpSpec("F.kl_div_batchmean", lambda q, p: F.kl_div(q, p, reduction="batchmean"), _kl_ref,
           make=lambda rng: [(np.log(_simplex(rng, (3, 4))), _simplex(rng, (3, 4)))]),
    OpSpec("F.kl_div_log_target", lambda q, lp: F.kl_div(q, lp, reduction="sum", log_target=True),
           lambda q, lp: np.sum(np.exp(lp) * (lp - q)),
           make=lambda rng: [(np.log(_simplex(rng, (3, 4))), np.log(_simplex(rng, (3, 4))))]),
    OpSpec("F.multi_margin_loss", F.multi_margin_loss,
           lambda x, t: np.mean(_multi_margin_ref(x, t, 1, 1.0, np.ones(5))), make=_class_sample()),
    OpSpec("F.multi_margin_loss_p2_weight",
           lambda x, t: F.multi_margin_loss(x, t, p=2, margin=0.5, weight=ag.tensor(W5, device=x.device), reduction="none"),
           lambda x, t: _multi_margin_ref(x, t, 2, 0.5, W5), make=_class_sample()),
]
