"""Op specs of the distributions added apart from the first set (StudentT ... LKJCholesky): log_prob, cdf, entropy
and KL as functions of the parameters (and values). References are textbook densities in NumPy (matrices through
numpy.linalg), or Gauss-Legendre quadrature of p log(p / q)."""
import math

import numpy as np

from autograd_core import distributions as D

from .spec import OpSpec
from .special_contraction import _digamma, _lgamma

_EULER = 0.5772156649015329
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(100)


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


def _u(shape, low, high):
    return lambda rng: rng.uniform(low, high, shape)


def _const(value):
    return lambda rng: np.asarray(value, dtype=np.float64)


def _log_softmax(x):
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def _normal_log_prob(loc, scale, x):
    return -(x - loc) ** 2 / (2 * scale ** 2) - np.log(scale) - 0.5 * np.log(2 * np.pi)


def _student_t_log_prob(df, loc, scale, x):
    z = (x - loc) / scale
    return (_lgamma((df + 1) / 2) - _lgamma(df / 2) - 0.5 * np.log(df * np.pi) - np.log(scale)
            - (df + 1) / 2 * np.log(1 + z ** 2 / df))


def _student_t_entropy(df, loc, scale):
    log_beta = _lgamma(df / 2) + math.lgamma(0.5) - _lgamma((df + 1) / 2)
    return ((df + 1) / 2 * (_digamma((df + 1) / 2) - _digamma(df / 2)) + 0.5 * np.log(df) + log_beta
            + np.log(scale) + 0 * loc)


def _weibull_log_prob(scale, k, x):
    return np.log(k / scale) + (k - 1) * np.log(x / scale) - (x / scale) ** k


def _multinomial_log_prob(logits, x):
    return _lgamma(x.sum(-1) + 1) - _lgamma(x + 1).sum(-1) + (x * _log_softmax(logits)).sum(-1)


def _mixture_log_prob(weights, loc, scale, x):
    terms = _log_softmax(weights) + _normal_log_prob(loc, scale, x[..., None])
    top = terms.max(-1, keepdims=True)
    return (top + np.log(np.exp(terms - top).sum(-1, keepdims=True)))[..., 0]


def _gaussian_log_prob(loc, cov, x):
    diff = x - loc
    _, log_det = np.linalg.slogdet(cov)
    maha = (diff * np.linalg.solve(cov, diff[..., None])[..., 0]).sum(-1)
    return -0.5 * (x.shape[-1] * np.log(2 * np.pi) + log_det + maha)


def _lowrank_cov(w, d):
    return w @ np.swapaxes(w, -1, -2) + d[..., None] * np.eye(d.shape[-1])


def _gaussian_kl(m1, c1, m2, c2):
    d = m2 - m1
    n = m1.shape[-1]
    trace = np.trace(np.linalg.solve(c2, c1), axis1=-2, axis2=-1)
    maha = (d * np.linalg.solve(c2, d[..., None])[..., 0]).sum(-1)
    return 0.5 * (trace + maha - n + np.linalg.slogdet(c2)[1] - np.linalg.slogdet(c1)[1])


def _continuous_bernoulli_log_prob(p, x):
    """``x log p + (1 - x) log(1 - p) + log C(p)``, ``C(p) = 2 atanh(1 - 2p) / (1 - 2p)`` (p away from 1/2)."""
    return x * np.log(p) + (1 - x) * np.log1p(-p) + np.log(2 * np.arctanh(1 - 2 * p) / (1 - 2 * p))


def _quadrature_kl(log_p, log_q, low, high):
    """The integral over [low, high] of p log(p / q), p and q given by their log densities."""
    x = low + (high - low) * (1 + _NODES) / 2
    lp = log_p(x)
    return (high - low) / 2 * (_WEIGHTS * np.exp(lp) * (lp - log_q(x))).sum(-1)


def _kl_continuous_bernoulli(p, q):
    p, q = p[..., None], q[..., None]
    return _quadrature_kl(lambda x: _continuous_bernoulli_log_prob(p, x),
                          lambda x: _continuous_bernoulli_log_prob(q, x), 0.0, 1.0)


def _kl_continuous_bernoulli_normal(p, m, s):
    p, m, s = p[..., None], m[..., None], s[..., None]
    return _quadrature_kl(lambda x: _continuous_bernoulli_log_prob(p, x), lambda x: _normal_log_prob(m, s, x), 0.0,
                          1.0)


def _kl_beta_continuous_bernoulli(a, b, p):
    a, b, p = a[..., None], b[..., None], p[..., None]
    log_beta = _lgamma(a) + _lgamma(b) - _lgamma(a + b)
    return _quadrature_kl(lambda x: (a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - log_beta,
                          lambda x: _continuous_bernoulli_log_prob(p, x), 0.0, 1.0)


def _kl_uniform_pareto(low, high, s, a):
    """-log(high - low) - E_p[log a + a log s - (a + 1) log x], E_p[log x] = (x log x - x) between low and high."""
    mean_log = ((high * np.log(high) - high) - (low * np.log(low) - low)) / (high - low)
    return -np.log(high - low) - np.log(a) - a * np.log(s) + (a + 1) * mean_log


def _fisher_log_prob(d1, d2, x):
    return (0.5 * d1 * np.log(d1 / d2) + (0.5 * d1 - 1) * np.log(x) - 0.5 * (d1 + d2) * np.log1p(d1 / d2 * x)
            - (_lgamma(0.5 * d1) + _lgamma(0.5 * d2) - _lgamma(0.5 * (d1 + d2))))


def _logistic_normal_log_prob(loc, scale, y):
    """Stick breaking ``y_k = z_k * (1 - y_1 - ... - y_(k-1))``, ``z_k = sigmoid(x_k - log(K - k))``: the
    Normal log density of ``x`` minus ``log |det dy/dx| = sum_k log y_k + log(1 - z_k)``."""
    k = y.shape[-1] - 1
    left = 1 - np.concatenate([np.zeros(y.shape[:-1] + (1,)), np.cumsum(y[..., :-1], -1)], -1)[..., :k]
    z = y[..., :k] / left
    x = np.log(z / (1 - z)) + np.log(k - np.arange(k))
    return (_normal_log_prob(loc, scale, x) - np.log(y[..., :k]) - np.log(1 - z)).sum(-1)


def _mvlgamma(a, p):
    return p * (p - 1) / 4 * np.log(np.pi) + sum(_lgamma(a - j / 2) for j in range(p))


def _wishart_log_prob(df, tril, x):
    """The Wishart density of ``x`` with scale ``L L^T`` (the lower triangle of ``tril`` read)."""
    cov = np.tril(tril) @ np.tril(tril).T
    p = x.shape[-1]
    return ((df - p - 1) / 2 * np.linalg.slogdet(x)[1] - np.trace(np.linalg.solve(cov, x), axis1=-2, axis2=-1) / 2
            - df * p / 2 * np.log(2) - df / 2 * np.linalg.slogdet(cov)[1] - _mvlgamma(df / 2, p))


def _wishart_kl(df1, c1, df2, c2):
    """KL(W(df1, S1) || W(df2, S2)) (Penny, KL-divergences of Normal, Gamma, Dirichlet and Wishart densities)."""
    p = c1.shape[-1]
    log_det1, log_det2 = np.linalg.slogdet(c1)[1], np.linalg.slogdet(c2)[1]
    mvdigamma = sum(_digamma((df1 - j) / 2) for j in range(p))
    df1, df2 = np.asarray(df1), np.asarray(df2)
    return (-df2 / 2 * (log_det1 - log_det2) + df1 / 2 * (np.trace(np.linalg.solve(c2, c1)) - p)
            + _mvlgamma(df2 / 2, p) - _mvlgamma(df1 / 2, p) + (df1 - df2) / 2 * mvdigamma)


def _lkj_log_prob(eta, L):
    """Stan's LKJ Cholesky density ``sum_i (d - i + 2 eta - 2) log L_ii`` (i = 2 .. d) over its normalizer."""
    d = L.shape[-1]
    order = d - np.arange(2, d + 1) + 2 * (eta[..., None] - 1)
    log_c = 0.5 * (d - 1) * np.log(np.pi) + _mvlgamma(eta + 0.5 * (d - 1) - 0.5, d - 1) - (d - 1) * _lgamma(
        eta + 0.5 * (d - 1))
    return (order * np.log(np.diagonal(L, 0, -2, -1)[..., 1:])).sum(-1) - log_c


def _correlation_cholesky(d, n):
    def draw(rng):
        a = np.tril(rng.uniform(-1, 1, (n, d, d)), -1) + np.eye(d)
        return a / np.linalg.norm(a, axis=-1, keepdims=True)
    return draw


def _pd(p, batch=()):
    def draw(rng):
        a = rng.uniform(-1, 1, batch + (p, p))
        return a @ np.swapaxes(a, -1, -2) + p * np.eye(p)
    return draw


def _tril(p):
    return lambda rng: np.tril(rng.uniform(-0.5, 0.5, (p, p)), -1) + np.diag(rng.uniform(0.5, 2, p))


SPECS = [
    OpSpec("dist_student_t_log_prob", lambda df, m, s, x: D.StudentT(df, m, s).log_prob(x), _student_t_log_prob,
           make=_draw(_u((2, 3), 0.5, 6), _u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -3, 3))),
    OpSpec("dist_student_t_entropy", lambda df, m, s: D.StudentT(df, m, s).entropy(), _student_t_entropy,
           make=_draw(_u((2, 3), 0.5, 6), _u((3,), -1, 1), _u((2, 3), 0.5, 2)), atol=1e-5),
    OpSpec("dist_half_cauchy_log_prob", lambda s, x: D.HalfCauchy(s).log_prob(x),
           lambda s, x: np.log(2 / (np.pi * s * (1 + (x / s) ** 2))),
           make=_draw(_u((3,), 0.5, 2), _u((2, 3), 0, 4))),
    OpSpec("dist_weibull_log_prob", lambda s, k, x: D.Weibull(s, k).log_prob(x), _weibull_log_prob,
           make=_draw(_u((2, 3), 0.5, 2), _u((3,), 0.5, 3), _u((4, 2, 3), 0.2, 3))),
    OpSpec("dist_weibull_cdf", lambda s, k, x: D.Weibull(s, k).cdf(x), lambda s, k, x: 1 - np.exp(-(x / s) ** k),
           make=_draw(_u((2, 3), 0.5, 2), _u((2, 3), 0.5, 3), _u((2, 3), 0.2, 3))),
    OpSpec("dist_weibull_entropy", lambda s, k: D.Weibull(s, k).entropy(),
           lambda s, k: _EULER * (1 - 1 / k) + np.log(s / k) + 1, make=_draw(_u((2, 3), 0.5, 2), _u((3,), 0.5, 3))),
    OpSpec("dist_pareto_log_prob", lambda s, a, x: D.Pareto(s, a).log_prob(x),
           lambda s, a, x: np.log(a) + a * np.log(s) - (a + 1) * np.log(x),
           make=_draw(_u((2, 3), 0.2, 0.9), _u((3,), 0.5, 3), _u((4, 2, 3), 1, 4))),
    OpSpec("dist_kl_pareto_pareto", lambda s1, a1, s2, a2: D.kl_divergence(D.Pareto(s1, a1), D.Pareto(s2, a2)),
           lambda s1, a1, s2, a2: a2 * np.log(s1 / s2) + np.log(a1 / a2) + a2 / a1 - 1,
           make=_draw(_u((2, 3), 1, 2), _u((2, 3), 0.5, 3), _u((3,), 0.2, 0.9), _u((3,), 0.5, 3))),
    OpSpec("dist_multinomial_log_prob", lambda a, x: D.Multinomial(20, logits=a).log_prob(x), _multinomial_log_prob,
           make=_draw(_u((2, 4), -2, 2), lambda rng: rng.integers(0, 4, (3, 2, 4)).astype(np.float64)), diff=(0,)),
    OpSpec("dist_mixture_same_family_log_prob",
           lambda w, m, s, x: D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(m, s)).log_prob(x),
           _mixture_log_prob, make=_draw(_u((2, 3), -1, 1), _u((2, 3), -1, 1), _u((3,), 0.5, 2), _u((4, 2), -2, 2))),
    OpSpec("dist_lowrank_mvn_log_prob",
           lambda m, w, d, x: D.LowRankMultivariateNormal(m, w, d).log_prob(x),
           lambda m, w, d, x: _gaussian_log_prob(m, _lowrank_cov(w, d), x),
           make=_draw(_u((2, 3), -1, 1), _u((3, 2), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -2, 2))),
    OpSpec("dist_kl_lowrank_lowrank",
           lambda m1, w1, d1, m2, w2, d2: D.kl_divergence(D.LowRankMultivariateNormal(m1, w1, d1),
                                                          D.LowRankMultivariateNormal(m2, w2, d2)),
           lambda m1, w1, d1, m2, w2, d2: _gaussian_kl(m1, _lowrank_cov(w1, d1), m2, _lowrank_cov(w2, d2)),
           make=_draw(_u((2, 3), -1, 1), _u((3, 2), -1, 1), _u((3,), 0.5, 2), _u((3,), -1, 1), _u((2, 3, 1), -1, 1),
                      _u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_lowrank_mvn",
           lambda m1, w1, d1, m2, l2: D.kl_divergence(D.LowRankMultivariateNormal(m1, w1, d1),
                                                      D.MultivariateNormal(m2, scale_tril=l2, validate_args=False)),
           lambda m1, w1, d1, m2, l2: _gaussian_kl(m1, _lowrank_cov(w1, d1), m2, np.tril(l2) @ np.tril(l2).T),
           make=_draw(_u((2, 3), -1, 1), _u((3, 2), -1, 1), _u((3,), 0.5, 2), _u((3,), -1, 1), _tril(3))),
    OpSpec("dist_inverse_gamma_log_prob", lambda a, b, x: D.InverseGamma(a, b).log_prob(x),
           lambda a, b, x: a * np.log(b) - _lgamma(a) - (a + 1) * np.log(x) - b / x,
           make=_draw(_u((2, 3), 0.5, 3), _u((3,), 0.5, 2), _u((4, 2, 3), 0.2, 3))),
    OpSpec("dist_inverse_gamma_entropy", lambda a, b: D.InverseGamma(a, b).entropy(),
           lambda a, b: a + np.log(b) + _lgamma(a) - (1 + a) * _digamma(a),
           make=_draw(_u((2, 3), 0.5, 3), _u((2, 3), 0.5, 2)), atol=1e-5),
    OpSpec("dist_von_mises_log_prob", lambda m, k, x: D.VonMises(m, k).log_prob(x),
           lambda m, k, x: k * np.cos(x - m) - np.log(2 * np.pi * np.i0(k)),
           make=_draw(_u((3,), -3, 3), _u((2, 3), 0.1, 20), _u((4, 2, 3), -4, 4))),
    OpSpec("dist_continuous_bernoulli_log_prob", lambda p, x: D.ContinuousBernoulli(p).log_prob(x),
           _continuous_bernoulli_log_prob, make=_draw(_const([[0.1, 0.3, 0.45], [0.55, 0.7, 0.95]]),
                                                      _u((4, 2, 3), 0, 1))),
    OpSpec("dist_kl_continuous_bernoulli",
           lambda p, q: D.kl_divergence(D.ContinuousBernoulli(p), D.ContinuousBernoulli(q)),
           _kl_continuous_bernoulli, make=_draw(_const([0.1, 0.3, 0.7]), _const([[0.2, 0.6, 0.9], [0.4, 0.8, 0.3]]))),
    OpSpec("dist_kl_continuous_bernoulli_normal",
           lambda p, m, s: D.kl_divergence(D.ContinuousBernoulli(p), D.Normal(m, s)), _kl_continuous_bernoulli_normal,
           make=_draw(_const([0.1, 0.3, 0.7]), _u((2, 3), -1, 1), _u((3,), 0.5, 2))),
    OpSpec("dist_kl_beta_continuous_bernoulli",
           lambda a, b, p: D.kl_divergence(D.Beta(a, b), D.ContinuousBernoulli(p)), _kl_beta_continuous_bernoulli,
           make=_draw(_u((2, 3), 1.5, 3), _u((3,), 1.5, 3), _const([0.1, 0.3, 0.7])), atol=1e-5),
    OpSpec("dist_kl_uniform_pareto", lambda lo, hi, s, a: D.kl_divergence(D.Uniform(lo, hi), D.Pareto(s, a)),
           _kl_uniform_pareto, make=_draw(_u((2, 3), 1, 1.5), _u((2, 3), 2, 3), _u((3,), 0.2, 0.9), _u((3,), 0.5, 3))),
    OpSpec("dist_fisher_snedecor_log_prob", lambda d1, d2, x: D.FisherSnedecor(d1, d2).log_prob(x),
           _fisher_log_prob, make=_draw(_u((2, 3), 0.5, 6), _u((3,), 0.5, 6), _u((4, 2, 3), 0.2, 3))),
    OpSpec("dist_kumaraswamy_log_prob", lambda a, b, x: D.Kumaraswamy(a, b).log_prob(x),
           lambda a, b, x: np.log(a * b) + (a - 1) * np.log(x) + (b - 1) * np.log1p(-x ** a),
           make=_draw(_u((2, 3), 0.5, 3), _u((3,), 0.5, 3), _u((4, 2, 3), 0.1, 0.9))),
    OpSpec("dist_kumaraswamy_entropy", lambda a, b: D.Kumaraswamy(a, b).entropy(),
           lambda a, b: (1 - 1 / b) + (1 - 1 / a) * (_digamma(b + 1) + _EULER) - np.log(a * b),
           make=_draw(_u((2, 3), 0.5, 3), _u((2, 3), 0.5, 3)), atol=1e-5),
    OpSpec("dist_generalized_pareto_log_prob", lambda m, s, k, x: D.GeneralizedPareto(m, s, k).log_prob(x),
           lambda m, s, k, x: -np.log(s) - (1 / k + 1) * np.log1p(k * (x - m) / s),
           make=_draw(_u((3,), -1, 0), _u((2, 3), 0.5, 2), _u((2, 3), 0.1, 0.8), _u((4, 2, 3), 0.1, 3))),
    OpSpec("dist_generalized_pareto_icdf", lambda m, s, k, u: D.GeneralizedPareto(m, s, k).icdf(u),
           lambda m, s, k, u: m + s / k * ((1 - u) ** -k - 1),
           make=_draw(_u((3,), -1, 0), _u((2, 3), 0.5, 2), _u((2, 3), -0.5, 0.8), _u((2, 3), 0.05, 0.95))),
    OpSpec("dist_logistic_normal_log_prob", lambda m, s, y: D.LogisticNormal(m, s).log_prob(y),
           _logistic_normal_log_prob, make=_draw(_u((2, 3), -1, 1), _u((3,), 0.5, 2),
                                                 lambda rng: rng.dirichlet(np.ones(4) * 2, (5, 2))), diff=(0, 1)),
    OpSpec("dist_wishart_log_prob",
           lambda df, tril, x: D.Wishart(df, scale_tril=tril, validate_args=False).log_prob(x), _wishart_log_prob,
           make=_draw(_u((), 3.5, 6), _tril(3), _pd(3, (2,))), diff=(0, 1)),
    OpSpec("dist_kl_wishart_wishart",
           lambda df1, c1, df2, c2: D.kl_divergence(D.Wishart(df1, covariance_matrix=c1, validate_args=False),
                                                    D.Wishart(df2, covariance_matrix=c2, validate_args=False)),
           _wishart_kl, make=_draw(_u((2,), 3.5, 6), _pd(3), _u((2,), 3.5, 6), _pd(3)), diff=(0, 2),
           note="the derivatives in the matrices go through cholesky, whose gradcheck steps off symmetry"),
    OpSpec("dist_lkj_cholesky_log_prob", lambda eta, L: D.LKJCholesky(4, eta).log_prob(L), _lkj_log_prob,
           make=_draw(_u((2,), 0.5, 3), _correlation_cholesky(4, 2)), diff=(0,)),
    OpSpec("dist_exponential_family_entropy", lambda m, s: D.ExponentialFamily.entropy(D.Normal(m, s)),
           lambda m, s: 0.5 * np.log(2 * np.pi * np.e * s ** 2) + 0 * m,
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2))),
]
