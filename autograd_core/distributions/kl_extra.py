"""KL divergences of the distributions defined apart from kl.py (registered with register_kl on import):
the Bregman divergence of two members of one exponential family, ContinuousBernoulli and Pareto (with each other's
and the other families of torch's table), and the low-rank normals."""
import math

import numpy as np

from ..linalg import solve_triangular
from ..ops import cat, diag_embed, xlogy
from .beta import Beta
from .continuous_bernoulli import ContinuousBernoulli
from .exp_family import ExponentialFamily, bregman_kl
from .exponential import Exponential
from .gamma import Gamma
from .gumbel import Gumbel
from .kl import _kl_beta_uniform, _kl_exponential_q, _kl_infinite, _kl_normal_q, _mean_log, register_kl
from .laplace import Laplace
from .lowrank_multivariate_normal import LowRankMultivariateNormal, lowrank_mahalanobis
from .multivariate_normal import MultivariateNormal, half_log_det, mahalanobis
from .normal import Normal
from .pareto import Pareto
from .uniform import Uniform

register_kl(ExponentialFamily, ExponentialFamily)(bregman_kl)


@register_kl(ContinuousBernoulli, ContinuousBernoulli)
def _kl_continuous_bernoulli_continuous_bernoulli(p, q):
    t1 = p.mean * (p.logits - q.logits)
    return t1 + p._cont_bern_log_norm() + (-p.probs).log1p() - q._cont_bern_log_norm() - (-q.probs).log1p()


# -- with other families: -H(p) - E_p[log q(x)] through kl.py's rules, inf where q's support misses p's mass --
for _p, _q in [(Beta, Pareto), (ContinuousBernoulli, Pareto), (Exponential, ContinuousBernoulli), (Exponential, Pareto),
               (Gamma, ContinuousBernoulli), (Gamma, Pareto), (Gumbel, ContinuousBernoulli), (Gumbel, Pareto),
               (Laplace, ContinuousBernoulli), (Laplace, Pareto), (Normal, ContinuousBernoulli), (Normal, Pareto),
               (Pareto, Beta), (Pareto, ContinuousBernoulli), (Pareto, Uniform)]:
    register_kl(_p, _q)(_kl_infinite)
register_kl(ContinuousBernoulli, Normal)(_kl_normal_q)  # Pareto's inf variance (alpha <= 2) makes it inf, as torch
register_kl(Pareto, Normal)(_kl_normal_q)
register_kl(ContinuousBernoulli, Exponential)(_kl_exponential_q)
register_kl(Pareto, Exponential)(_kl_exponential_q)  # inf where alpha <= 1 (Pareto's mean), as torch
register_kl(ContinuousBernoulli, Uniform)(_kl_beta_uniform)  # any p on [0, 1]; torch's is inf for U(0, 1) too


@register_kl(Beta, ContinuousBernoulli)
@register_kl(Uniform, ContinuousBernoulli)
def _kl_continuous_bernoulli_q(p, q):
    """log q(x) = x logits + log(1 - probs) + log C; a Uniform reaching outside [0, 1] gives inf (torch's also
    where it only touches 0 or 1)."""
    result = -p.entropy() - p.mean * q.logits - (-q.probs).log1p() - q._cont_bern_log_norm()
    return result.masked_fill((p.low < 0) | (p.high > 1), math.inf) if isinstance(p, Uniform) else result


@register_kl(Pareto, Gamma)
def _kl_pareto_gamma(p, q):
    """E_p[log x] = log(scale) + 1 / alpha; inf where alpha <= 1 (p's mean), as torch."""
    a, b = q.concentration, q.rate
    mean_log = p.scale.log() + p.alpha.reciprocal()
    return -p.entropy() - xlogy(a, b) + a.lgamma() - (a - 1) * mean_log + b * p.mean


@register_kl(Uniform, Pareto)
def _kl_uniform_pareto(p, q):
    """log q(x) = log(alpha) + alpha log(scale) - (alpha + 1) log(x); inf where p reaches below q's scale."""
    result = -p.entropy() - q.alpha.log() - q.alpha * q.scale.log() + (q.alpha + 1) * _mean_log(p)
    return result.masked_fill(p.low < q.scale, math.inf)


@register_kl(Pareto, Pareto)
def _kl_pareto_pareto(p, q):
    scale_ratio, alpha_ratio = p.scale / q.scale, q.alpha / p.alpha
    result = q.alpha * scale_ratio.log() - alpha_ratio.log() + alpha_ratio - 1
    return result.masked_fill(p.scale < q.scale, math.inf)  # p's support reaches below q's


def _log_det(d):
    """``log det`` of the covariance of a (low-rank) multivariate normal."""
    if isinstance(d, LowRankMultivariateNormal):
        return d._log_det()
    return 2 * half_log_det(d._unbroadcasted_scale_tril)


def _mahalanobis(d, x):
    if isinstance(d, LowRankMultivariateNormal):
        return lowrank_mahalanobis(d._unbroadcasted_cov_factor, d._unbroadcasted_cov_diag, x, d._capacitance_tril)
    return mahalanobis(d._unbroadcasted_scale_tril, x)


def _factor(d):
    """A matrix ``S`` with ``S S^T`` the covariance: ``[W, diag(sqrt(D))]`` for a low-rank normal."""
    if isinstance(d, LowRankMultivariateNormal):
        W, root_D = d._unbroadcasted_cov_factor, diag_embed(d._unbroadcasted_cov_diag.sqrt())
        shape = np.broadcast_shapes(W.shape[:-2], root_D.shape[:-2])
        return cat([W.expand(shape + W.shape[-2:]), root_D.expand(shape + root_D.shape[-2:])], -1)
    return d._unbroadcasted_scale_tril


def _solve_lower(L, B):
    """``L^-1 B`` for lower-triangular ``L``, batch dims broadcast."""
    shape = np.broadcast_shapes(L.shape[:-2], B.shape[:-2])
    return solve_triangular(L.expand(shape + L.shape[-2:]), B.expand(shape + B.shape[-2:]), upper=False)


def _inverse_trace(d, S):
    """``tr(S^T cov^-1 S)``; for a low-rank normal by the Woodbury identity, ``cov^-1 = D^-1 - A^T A``."""
    if isinstance(d, LowRankMultivariateNormal):
        W, D = d._unbroadcasted_cov_factor, d._unbroadcasted_cov_diag
        A = _solve_lower(d._capacitance_tril, W.mT / D.unsqueeze(-2))
        return (S * D.rsqrt().unsqueeze(-1)).square().sum((-2, -1)) - (A @ S).square().sum((-2, -1))
    return _solve_lower(d._unbroadcasted_scale_tril, S).square().sum((-2, -1))


@register_kl(LowRankMultivariateNormal, LowRankMultivariateNormal)
@register_kl(MultivariateNormal, LowRankMultivariateNormal)
@register_kl(LowRankMultivariateNormal, MultivariateNormal)
def _kl_gaussian_lowrank(p, q):
    """``(log det Sq - log det Sp + tr(Sq^-1 Sp) + (mq - mp)^T Sq^-1 (mq - mp) - n) / 2``."""
    if p.event_shape != q.event_shape:
        raise ValueError(f"KL-divergence between two (Low Rank) Multivariate Normals with different event shapes "
                         f"cannot be computed: {p.event_shape} vs {q.event_shape}")
    trace = _inverse_trace(q, _factor(p))
    return 0.5 * (_log_det(q) - _log_det(p) + trace + _mahalanobis(q, q.loc - p.loc) - p.event_shape[0])
