"""KL divergence between distributions: ``kl_divergence(p, q)`` and ``register_kl`` for new pairs."""
import functools
import math
import warnings

import numpy as np

from ..linalg import solve_triangular
from ..ops import erf, xlogy
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .cauchy import Cauchy
from .dirichlet import Dirichlet, dirichlet_log_normalizer
from .exponential import Exponential
from .gamma import Gamma
from .geometric import Geometric
from .gumbel import EULER_GAMMA, Gumbel
from .half_normal import HalfNormal
from .independent import Independent, sum_rightmost
from .laplace import Laplace
from .log_normal import LogNormal
from .multivariate_normal import MultivariateNormal, half_log_det, mahalanobis
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .poisson import Poisson
from .transformed_distribution import TransformedDistribution
from .uniform import Uniform
from .utils import softplus

_KL_REGISTRY = {}


def register_kl(type_p, type_q):
    """Decorator registering ``fn(p, q)`` as the KL divergence of ``type_p`` from ``type_q`` (subclasses
    included; the most specific registered pair wins)."""
    if not (isinstance(type_p, type) and isinstance(type_q, type)):
        raise TypeError(f"register_kl: expects two distribution classes, got {type_p!r} and {type_q!r}")

    def decorator(fn):
        _KL_REGISTRY[type_p, type_q] = fn
        _dispatch_kl.cache_clear()
        return fn
    return decorator


@functools.lru_cache(maxsize=None)
def _dispatch_kl(type_p, type_q):
    """The rule of the most specific registered pair for these classes (p's first), or None; cached per pair.
    A RuntimeWarning, as torch, where the most specific pair by q first has another rule (ambiguous)."""
    matches = [(type_p.__mro__.index(a), type_q.__mro__.index(b), (a, b)) for a, b in _KL_REGISTRY
               if issubclass(type_p, a) and issubclass(type_q, b)]
    if not matches:
        return None
    left, right = min(matches)[2], min(matches, key=lambda m: (m[1], m[0]))[2]
    if _KL_REGISTRY[left] is not _KL_REGISTRY[right]:
        warnings.warn(f"Ambiguous kl_divergence({type_p.__name__}, {type_q.__name__}). Please "
                      f"register_kl({left[0].__name__}, {right[1].__name__})", RuntimeWarning)
    return _KL_REGISTRY[left]


def kl_divergence(p, q):
    """KL(p || q) = E_p[log p(x) - log q(x)], batched over the distributions' batch shape."""
    rule = _dispatch_kl(type(p), type(q))
    if rule is None:
        raise NotImplementedError(f"No KL(p || q) is implemented for p = {type(p).__name__}, q = {type(q).__name__}; "
                                  "register one with register_kl")
    return rule(p, q)


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    var_ratio = (p.scale / q.scale).square()
    t1 = ((p.loc - q.loc) / q.scale).square()
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


@register_kl(HalfNormal, HalfNormal)
@register_kl(LogNormal, LogNormal)
def _kl_of_base_normals(p, q):
    """Both are a fixed map of a Normal, so their KL is that of the Normals."""
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(Cauchy, Cauchy)
def _kl_cauchy_cauchy(p, q):
    t1 = ((p.scale + q.scale).square() + (p.loc - q.loc).square()).log()
    return t1 - (4 * p.scale * q.scale).log()


@register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(p, q):
    ratio, q_loc, p_loc = p.scale / q.scale, q.loc / q.scale, p.loc / q.scale
    t3 = (q_loc + (1 + ratio).lgamma() - p_loc).exp()
    return -ratio.log() - q_loc + p_loc + ratio * EULER_GAMMA + t3 - (1 + EULER_GAMMA)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    t1 = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    t1 = t1.masked_fill(q.probs == 0, float("inf")).masked_fill(p.probs == 0, 0.0)
    t2 = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    t2 = t2.masked_fill(q.probs == 1, float("inf")).masked_fill(p.probs == 1, 0.0)
    return t1 + t2


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    t = p.probs * (p.logits - q.logits)
    t = t.masked_fill(q.probs == 0, float("inf")).masked_fill(p.probs == 0, 0.0)
    return t.sum(-1)


@register_kl(OneHotCategorical, OneHotCategorical)
def _kl_onehotcategorical_onehotcategorical(p, q):
    return _kl_categorical_categorical(p._categorical, q._categorical)


@register_kl(Geometric, Geometric)
def _kl_geometric_geometric(p, q):
    return -p.entropy() - (-q.probs).log1p() / p.probs - q.logits


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p, q):
    result = ((q.high - q.low) / (p.high - p.low)).log()
    return result.masked_fill((q.low > p.low) | (q.high < p.high), float("inf"))


@register_kl(Exponential, Exponential)
def _kl_exponential_exponential(p, q):
    rate_ratio = q.rate / p.rate
    return rate_ratio - 1 - rate_ratio.log()


@register_kl(Uniform, Normal)
def _kl_uniform_normal(p, q):
    common = p.high - p.low
    t1 = (math.sqrt(math.pi * 2) * q.scale / common).log()
    t2 = common.square() / 12
    t3 = ((p.high + p.low - 2 * q.loc) / 2).square()
    return t1 + 0.5 * (t2 + t3) / q.scale.square()


@register_kl(Laplace, Laplace)
def _kl_laplace_laplace(p, q):
    scale_ratio = p.scale / q.scale
    loc_abs_diff = (p.loc - q.loc).abs()
    return -scale_ratio.log() + loc_abs_diff / q.scale + scale_ratio * (-loc_abs_diff / p.scale).exp() - 1


@register_kl(Gamma, Gamma)
def _kl_gamma_gamma(p, q):
    t1 = q.concentration * (p.rate / q.rate).log()
    t2 = q.concentration.lgamma() - p.concentration.lgamma()
    t3 = (p.concentration - q.concentration) * p.concentration.digamma()
    t4 = (q.rate - p.rate) * (p.concentration / p.rate)
    return t1 + t2 + t3 + t4


def _kl_dirichlet(cp, cq):
    """KL between Dirichlets with concentrations ``cp`` and ``cq`` (last dim the categories)."""
    sum_p = cp.sum(-1)
    t1 = sum_p.lgamma() - cq.sum(-1).lgamma()
    t2 = (cp.lgamma() - cq.lgamma()).sum(-1)
    return t1 - t2 + ((cp - cq) * (cp.digamma() - sum_p.digamma().unsqueeze(-1))).sum(-1)


@register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    return _kl_dirichlet(p.concentration, q.concentration)


@register_kl(Beta, Beta)
def _kl_beta_beta(p, q):
    return _kl_dirichlet(p._concentration, q._concentration)


@register_kl(Poisson, Poisson)
def _kl_poisson_poisson(p, q):
    return p.rate * (p.rate.log() - q.rate.log()) - (p.rate - q.rate)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p, q):
    if p.event_shape != q.event_shape:
        raise ValueError(f"KL-divergence between two Multivariate Normals with different event shapes cannot be "
                         f"computed: {p.event_shape} vs {q.event_shape}")
    lp, lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    n = p.event_shape[0]
    shape = np.broadcast_shapes(lq.shape[:-2], lp.shape[:-2]) + (n, n)
    term2 = solve_triangular(lq.expand(shape), lp.expand(shape), upper=False).square().sum((-2, -1))
    term3 = mahalanobis(lq, q.loc - p.loc)
    return half_log_det(lq) - half_log_det(lp) + 0.5 * (term2 + term3 - n)


@register_kl(Independent, Independent)
def _kl_independent_independent(p, q):
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError("KL between Independents with different reinterpreted_batch_ndims is not "
                                  "implemented")
    return sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims)


@register_kl(TransformedDistribution, TransformedDistribution)
def _kl_transformed_transformed(p, q):
    if p.transforms != q.transforms or p.event_shape != q.event_shape:
        raise NotImplementedError("KL between TransformedDistributions is implemented only for equal transforms and "
                                  f"event shapes, got {p.transforms} and {q.transforms}")
    return kl_divergence(p.base_dist, q.base_dist)


# -- pairs of different families: KL(p || q) = -H(p) - E_p[log q(x)], E_p[log q] from p's moments --------------
def _kl_infinite(p, q):
    """inf of p's batch shape: q gives 0 density where p has mass (supports that don't nest)."""
    mean = p.mean
    return mean.new_full(mean.shape, math.inf)


for _p, _q in [(Exponential, Beta), (Exponential, Uniform), (Gamma, Beta), (Gamma, Uniform), (Gumbel, Beta),
               (Gumbel, Exponential), (Gumbel, Gamma), (Gumbel, Uniform), (Laplace, Beta), (Laplace, Exponential),
               (Laplace, Gamma), (Laplace, Uniform), (Normal, Beta), (Normal, Exponential), (Normal, Gamma),
               (Normal, Uniform), (Poisson, Bernoulli), (Poisson, Binomial)]:
    register_kl(_p, _q)(_kl_infinite)


def _on_positive_reals(p, result):
    """``result``, but inf where a Uniform ``p`` reaches below 0 (outside q's support)."""
    return result.masked_fill(p.low < 0, math.inf) if isinstance(p, Uniform) else result


def _mean_log(p):
    """E_p[log x] for p on the positive reals (a Uniform's only where low >= 0)."""
    if isinstance(p, Beta):
        return p.concentration1.digamma() - (p.concentration1 + p.concentration0).digamma()
    if isinstance(p, Exponential):
        return -EULER_GAMMA - p.rate.log()
    return (_x_log_x(p.high) - _x_log_x(p.low)) / (p.high - p.low) - 1  # Uniform


def _x_log_x(x):
    return xlogy(x, x)


def _log_mgf(p, t):
    """log E_p[exp(t x)], for t < 0 where p lives on the positive reals."""
    if isinstance(p, Exponential):
        return -(-t / p.rate).log1p()
    if isinstance(p, Gamma):
        return -p.concentration * (-t / p.rate).log1p()
    if isinstance(p, Normal):
        return t * p.loc + 0.5 * (t * p.scale).square()
    tw = t * (p.high - p.low)  # Uniform: (exp(t high) - exp(t low)) / (t width), kept off overflow and cancellation
    return t * p.low + (-tw.expm1()).log() - (-tw).log()


@register_kl(Beta, Normal)
@register_kl(Exponential, Normal)
@register_kl(Gamma, Normal)
@register_kl(Gumbel, Normal)
@register_kl(Laplace, Normal)
def _kl_normal_q(p, q):
    second_moment = p.variance + (p.mean - q.loc).square()  # E_p[(x - loc)^2]
    return -p.entropy() + (q.scale * math.sqrt(2 * math.pi)).log() + second_moment / (2 * q.scale.square())


@register_kl(Beta, Exponential)
@register_kl(Gamma, Exponential)
@register_kl(Uniform, Exponential)
def _kl_exponential_q(p, q):
    return _on_positive_reals(p, -p.entropy() - q.rate.log() + q.rate * p.mean)


@register_kl(Beta, Gamma)
@register_kl(Exponential, Gamma)
@register_kl(Uniform, Gamma)
def _kl_gamma_q(p, q):
    a, b = q.concentration, q.rate
    return _on_positive_reals(p, -p.entropy() - xlogy(a, b) + a.lgamma() - (a - 1) * _mean_log(p) + b * p.mean)


@register_kl(Exponential, Gumbel)
@register_kl(Gamma, Gumbel)
@register_kl(Normal, Gumbel)
@register_kl(Uniform, Gumbel)
def _kl_gumbel_q(p, q):
    """log q(x) = -log s - z - exp(-z) with z = (x - loc) / s, so E_p[exp(-z)] is p's MGF at -1/s (times
    exp(loc / s), inside one exp so that neither overflows alone)."""
    mean_exp = (q.loc / q.scale + _log_mgf(p, -1 / q.scale)).exp()
    return -p.entropy() + q.scale.log() + (p.mean - q.loc) / q.scale + mean_exp


@register_kl(Uniform, Beta)
def _kl_uniform_beta(p, q):
    a, b, width = q.concentration1, q.concentration0, p.high - p.low
    mean_log1m = (_x_log_x(1 - p.low) - _x_log_x(1 - p.high)) / width - 1  # E_p[log(1 - x)]
    result = -p.entropy() - (a - 1) * _mean_log(p) - (b - 1) * mean_log1m + dirichlet_log_normalizer(q._concentration)
    return result.masked_fill((p.low < 0) | (p.high > 1), math.inf)


@register_kl(Beta, Uniform)
def _kl_beta_uniform(p, q):
    result = -p.entropy() + (q.high - q.low).log()
    return result.masked_fill((q.low > 0) | (q.high < 1), math.inf)


@register_kl(Normal, Laplace)
def _kl_normal_laplace(p, q):
    """E_p|x - loc_q| is the folded normal's mean: s sqrt(2/pi) exp(-d^2 / 2s^2) + d erf(d / (s sqrt 2))."""
    d, s = p.loc - q.loc, p.scale
    mean_abs = s * math.sqrt(2 / math.pi) * (-0.5 * (d / s).square()).exp() + d * erf(d / (s * math.sqrt(2)))
    return -p.entropy() + (2 * q.scale).log() + mean_abs / q.scale


@register_kl(Bernoulli, Poisson)
def _kl_bernoulli_poisson(p, q):
    return -p.entropy() - (p.probs * q.rate.log() - q.rate)  # log k! = 0 at k = 0, 1


@register_kl(Binomial, Binomial)
def _kl_binomial_binomial(p, q):
    """Finite only for equal counts (inf where p's exceeds q's); p's count below q's is not implemented, as
    torch (checking it reads the counts, so it waits for a GPU)."""
    if bool((p.total_count < q.total_count).any()):
        raise NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented")
    kl = p.total_count * (p.probs * (p.logits - q.logits) + (-p.probs).log1p() - (-q.probs).log1p())
    return kl.masked_fill(p.total_count > q.total_count, math.inf)
