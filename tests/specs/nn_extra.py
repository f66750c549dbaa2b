"""Op specs for distances, group/instance norm, the shrink/gated activations and the margin and
likelihood losses in autograd_core.nn.functional. Samples keep clear of each op's kinks."""
import math

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F

from .spec import OpSpec, away_from


def _signs(rng, shape):
    return rng.choice([-1.0, 1.0], shape)


def _reduce(loss, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction](loss)


# -- distances -----------------------------------------------------------------
def _norm_ref(x, p, axis):
    return np.sum(np.abs(x) ** p, axis=axis, keepdims=True) ** (1 / p)


def _cos_ref(x1, x2, dim, eps=1e-8):
    x1, x2 = np.broadcast_arrays(x1, x2)
    n1 = np.maximum(np.sqrt((x1 * x1).sum(dim, keepdims=True)), eps)
    n2 = np.maximum(np.sqrt((x2 * x2).sum(dim, keepdims=True)), eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def _pdist_ref(x1, x2, p, eps=1e-6, keepdim=False):
    d = _norm_ref(x1 - x2 + eps, p, -1)
    return d if keepdim else d[..., 0]


# -- normalisation -------------------------------------------------------------
def _group_norm_ref(x, groups, w=None, b=None, eps=1e-5):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    y = ((g - g.mean(2, keepdims=True)) / np.sqrt(g.var(2, keepdims=True) + eps)).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * (1 if w is None else w.reshape(shape)) + (0 if b is None else b.reshape(shape))


def _instance_norm_ref(x, w, b, eps=1e-5):
    out = np.empty_like(x)
    for i in range(x.shape[0]):  # each sample's channels, one by one
        for j in range(x.shape[1]):
            v = x[i, j]
            out[i, j] = (v - v.mean()) / np.sqrt(v.var() + eps) * w[j] + b[j]
    return out


RUNNING_MEAN = np.array([0.2, -0.1, 0.4])
RUNNING_VAR = np.array([0.7, 1.3, 2.5])


def _instance_norm_eval(x, w, b):
    return F.instance_norm(x, ag.tensor(RUNNING_MEAN, device=x.device), ag.tensor(RUNNING_VAR, device=x.device),
                           w, b, use_input_stats=False)


def _instance_norm_eval_ref(x, w, b):
    s = (1, -1, 1)
    return (x - RUNNING_MEAN.reshape(s)) / np.sqrt(RUNNING_VAR.reshape(s) + 1e-5) * w.reshape(s) + b.reshape(s)


# -- activations ---------------------------------------------------------------
def _glu_ref(x, dim):
    a, b = np.split(x, 2, axis=dim)
    return a / (1 + np.exp(-b))


def _prelu_ref(x, w):
    w = w.reshape((1, -1) + (1,) * (x.ndim - 2)) if w.size > 1 else w.reshape(())
    return np.where(x > 0, x, w * x)


# -- losses --------------------------------------------------------------------
def _ranking_sample(margin):
    """x1, x2, y with -y (x1 - x2) + margin clear of 0."""
    def make(rng):
        x1 = rng.normal(size=(6,))
        y = _signs(rng, (6,))
        gap = rng.uniform(0.1, 1.0, 6) * _signs(rng, (6,))
        return [(x1, x1 - y * (margin - gap), y)]  # so -y (x1 - x2) + margin = gap
    return make


def _hinge_ref(x, y, margin, reduction):
    loss = np.where(y == 1, x, np.maximum(0, margin - x))
    return _reduce(loss, reduction)


def _cos_embedding_ref(x1, x2, y, margin):
    cos = np.array([a @ b / math.sqrt((a @ a + 1e-12) * (b @ b + 1e-12)) for a, b in zip(x1, x2)])
    return np.mean(np.where(y == 1, 1 - cos, np.maximum(0, cos - margin)))


def _cos_embedding_sample(rng):
    x1, x2 = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    cos = (x1 * x2).sum(1) / np.sqrt((x1 * x1).sum(1) * (x2 * x2).sum(1))
    x2[np.abs(cos - 0.1) < 0.05] *= -1  # keep cos clear of the margin 0.1
    return [(x1, x2, _signs(rng, (6,)))]


def _dist(u, v, q):
    return np.sum(np.abs(u - v + 1e-6) ** q, -1) ** (1 / q)


def _triplet_ref(a, p, n, margin, norm_p, swap):
    d_neg = np.minimum(_dist(a, n, norm_p), _dist(p, n, norm_p)) if swap else _dist(a, n, norm_p)
    return np.maximum(_dist(a, p, norm_p) - d_neg + margin, 0)


def _triplet_sample(rng):
    """Triplets whose hinge d(a, p) - d(., n) + 1 stays clear of 0 (with or without swap), and
    d(a, n) clear of d(p, n), in the 1-norm and the 2-norm."""
    out = []
    while len(out) < 6:
        a, p, n = rng.normal(size=(3, 4))
        gaps = []
        for q in (1, 2):
            ap, an, pn = _dist(a, p, q), _dist(a, n, q), _dist(p, n, q)
            gaps += [ap - an + 1.0, ap - pn + 1.0, an - pn]
        if min(abs(g) for g in gaps) > 0.1:
            out.append((a, p, n))
    return [tuple(np.stack(k) for k in zip(*out))]


def _gaussian_ref(x, t, var, full=False):
    var = var.reshape(var.shape + (1,)) if var.ndim == x.ndim - 1 else var
    loss = 0.5 * (np.log(var) + (x - t) ** 2 / var) + (0.5 * math.log(2 * math.pi) if full else 0)
    return np.mean(loss)


def _poisson_ref(x, t, log_input=True, full=False):
    loss = np.exp(x) - t * x if log_input else x - t * np.log(x + 1e-8)
    if full:
        safe = np.where(t > 1, t, 1.0)
        loss = loss + np.where(t > 1, safe * np.log(safe) - safe + 0.5 * np.log(2 * math.pi * safe), 0)
    return loss


def _counts(rng, shape=(3, 4)):
    return rng.choice([0.0, 2.0, 3.0, 5.0], shape)  # no count of 1: Stirling's term switches on above 1


# -- embedding options ---------------------------------------------------------
def _embedding_sample(rng):
    """Indices with repeats, and a weight whose rows have 2-norms on both sides of 1 (max_norm below)."""
    return [(rng.integers(0, 5, (2, 4)), rng.normal(size=(5, 3)) * np.array([[0.2], [3.0], [0.3], [2.0], [1.5]]))]


def _renormed_rows_ref(idx, w, max_norm=1.0):
    norms = np.sqrt((w * w).sum(1, keepdims=True))
    return np.where(norms > max_norm, w * (max_norm / (norms + 1e-7)), w)[idx]


SPECS = [
    OpSpec("F.normalize", F.normalize, lambda x: x / _norm_ref(x, 2, 1), shapes=[((3, 4),), ((2, 3, 4),)]),
    OpSpec("F.normalize_p1_dim0", lambda x: F.normalize(x, p=1, dim=0), lambda x: x / _norm_ref(x, 1, 0),
           make=lambda rng: [(away_from([0.0], (3, 4), -2.0, 2.0)(rng),)]),
    OpSpec("F.cosine_similarity", F.cosine_similarity, lambda a, b: _cos_ref(a, b, 1),
           shapes=[((4, 5), (4, 5)), ((3, 4, 2), (3, 1, 2)), ((4, 5), (1, 5))]),
    OpSpec("F.cosine_similarity_dim_last", lambda a, b: F.cosine_similarity(a, b, dim=-1),
           lambda a, b: _cos_ref(a, b, -1), shapes=[((2, 3, 4), (4,))]),
    OpSpec("F.pairwise_distance", F.pairwise_distance, lambda a, b: _pdist_ref(a, b, 2),
           shapes=[((4, 5), (4, 5)), ((4, 5), (5,)), ((5,), (5,))]),
    OpSpec("F.pairwise_distance_p3_keepdim", lambda a, b: F.pairwise_distance(a, b, p=3, keepdim=True),
           lambda a, b: _pdist_ref(a, b, 3, keepdim=True), shapes=[((4, 5), (4, 5))]),
    OpSpec("F.group_norm", lambda x, w, b: F.group_norm(x, 2, w, b), lambda x, w, b: _group_norm_ref(x, 2, w, b),
           shapes=[((3, 4, 5), (4,), (4,)), ((2, 6, 2, 3), (6,), (6,))], grad_atol=1e-4),
    OpSpec("F.group_norm_no_affine", lambda x: F.group_norm(x, 3), lambda x: _group_norm_ref(x, 3),
           shapes=[((2, 6, 4),)], grad_atol=1e-4),
    OpSpec("F.instance_norm", lambda x, w, b: F.instance_norm(x, weight=w, bias=b), _instance_norm_ref,
           shapes=[((2, 3, 5), (3,), (3,)), ((2, 3, 2, 3), (3,), (3,)), ((2, 3, 2, 2, 2), (3,), (3,))], grad_atol=1e-4),
    OpSpec("F.instance_norm_eval", _instance_norm_eval, _instance_norm_eval_ref, shapes=[((2, 3, 4), (3,), (3,))]),
    OpSpec("F.softsign", F.softsign, lambda x: x / (1 + np.abs(x)),
           make=lambda rng: [(away_from([0.0], (3, 4), -2.0, 2.0)(rng),)]),
    OpSpec("F.tanhshrink", F.tanhshrink, lambda x: x - np.tanh(x)),
    OpSpec("F.threshold", lambda x: F.threshold(x, 0.3, -2.0), lambda x: np.where(x > 0.3, x, -2.0),
           make=lambda rng: [(away_from([0.3], (3, 4), -2.0, 2.0)(rng),)]),
    OpSpec("F.hardshrink", F.hardshrink, lambda x: np.where(np.abs(x) > 0.5, x, 0.0),
           make=lambda rng: [(away_from([-0.5, 0.5], (3, 4), -2.0, 2.0)(rng),)]),
    OpSpec("F.softshrink", lambda x: F.softshrink(x, 0.4), lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.4, 0),
           make=lambda rng: [(away_from([-0.4, 0.4], (3, 4), -2.0, 2.0)(rng),)]),
    OpSpec("F.glu", F.glu, lambda x: _glu_ref(x, -1), shapes=[((3, 4),), ((2, 3, 6),)]),
    OpSpec("F.glu_dim0", lambda x: F.glu(x, 0), lambda x: _glu_ref(x, 0), shapes=[((4, 3),)]),
    OpSpec("F.prelu", F.prelu, _prelu_ref,
           make=lambda rng: [(away_from([0.0], (2, 3, 4), -2.0, 2.0)(rng), rng.uniform(0.1, 0.5, (3,))),
                             (away_from([0.0], (2, 3), -2.0, 2.0)(rng), rng.uniform(0.1, 0.5, (1,)))]),
    OpSpec("F.margin_ranking_loss", lambda a, b, y: F.margin_ranking_loss(a, b, y, margin=0.3),
           lambda a, b, y: np.mean(np.maximum(0, -y * (a - b) + 0.3)), make=_ranking_sample(0.3)),
    OpSpec("F.hinge_embedding_loss", lambda x, y: F.hinge_embedding_loss(x, y, margin=1.5, reduction="none"),
           lambda x, y: _hinge_ref(x, y, 1.5, "none"), diff=(0,),
           make=lambda rng: [(away_from([1.5], (3, 4), 0.0, 3.0)(rng), _signs(rng, (3, 4)))],
           note="the target only selects a branch: not differentiated"),
    OpSpec("F.hinge_embedding_loss_sum", lambda x, y: F.hinge_embedding_loss(x, y, reduction="sum"),
           lambda x, y: _hinge_ref(x, y, 1.0, "sum"), diff=(0,),
           make=lambda rng: [(away_from([1.0], (5,), 0.0, 3.0)(rng), _signs(rng, (5,)))]),
    OpSpec("F.soft_margin_loss", F.soft_margin_loss, lambda x, y: np.mean(np.log1p(np.exp(-y * x))),
           make=lambda rng: [(rng.normal(size=(3, 4)) * 2, _signs(rng, (3, 4)))]),
    OpSpec("F.cosine_embedding_loss", lambda a, b, y: F.cosine_embedding_loss(a, b, y, margin=0.1),
           lambda a, b, y: _cos_embedding_ref(a, b, y, 0.1), make=_cos_embedding_sample, diff=(0, 1),
           note="the target only selects a branch: not differentiated"),
    OpSpec("F.triplet_margin_loss", lambda a, p, n: F.triplet_margin_loss(a, p, n, reduction="none"),
           lambda a, p, n: _triplet_ref(a, p, n, 1.0, 2, False), make=_triplet_sample),
    OpSpec("F.triplet_margin_loss_swap_p1", lambda a, p, n: F.triplet_margin_loss(a, p, n, p=1, swap=True),
           lambda a, p, n: np.mean(_triplet_ref(a, p, n, 1.0, 1, True)), make=_triplet_sample),
    OpSpec("F.gaussian_nll_loss", F.gaussian_nll_loss, _gaussian_ref,
           make=lambda rng: [(rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.uniform(0.2, 2.0, (3, 4))),
                             (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.uniform(0.2, 2.0, (3,)))]),
    OpSpec("F.gaussian_nll_loss_full_shared_var", lambda x, t, v: F.gaussian_nll_loss(x, t, v, full=True),
           lambda x, t, v: _gaussian_ref(x, t, v, full=True),
           make=lambda rng: [(rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.uniform(0.2, 2.0, (3, 1)))]),
    OpSpec("F.poisson_nll_loss", F.poisson_nll_loss, lambda x, t: np.mean(_poisson_ref(x, t)),
           make=lambda rng: [(rng.normal(size=(3, 4)), _counts(rng))]),
    OpSpec("F.poisson_nll_loss_rate_full",
           lambda x, t: F.poisson_nll_loss(x, t, log_input=False, full=True, reduction="none"),
           lambda x, t: _poisson_ref(x, t, log_input=False, full=True), diff=(0,),
           make=lambda rng: [(rng.uniform(0.2, 3.0, (3, 4)), _counts(rng))],
           note="the counts are data: not differentiated"),
    OpSpec("F.embedding_max_norm", lambda idx, w: F.embedding(idx, w, max_norm=1.0), _renormed_rows_ref,
           make=_embedding_sample, grad=False, syncs="the rows to renormalise are the unique indices",
           note="max_norm rescales the weight in place, so finite differences of the weight measure the "
                "rescaling, not the derivative; the gradient is plain embedding's"),
    OpSpec("F.embedding_scale_grad_by_freq",  # a weight that requires grad, so the scaling node is recorded
           lambda idx, w: F.embedding(idx, w.detach().requires_grad_(True), scale_grad_by_freq=True).detach(),
           lambda idx, w: w[idx], make=_embedding_sample, grad=False,
           syncs="the counts come from the unique indices",
           note="the gradient is scaled by 1 / count on purpose, so it is not the derivative; "
                "tests/nn/test_layers.py checks it"),
]
