"""Op specs for autograd_core.distributions: log_prob, cdf, icdf, entropy and KL divergences as functions of
the parameters (and values). References are the textbook formulas in NumPy, or ``math`` elementwise."""
import math
from statistics import NormalDist

import numpy as np

from autograd_core import distributions as D

from .spec import OpSpec
from .special_contraction import _digamma, _lgamma

_erf = np.vectorize(math.erf)
_gamma = np.vectorize(math.gamma)
_inv_cdf = np.vectorize(NormalDist().inv_cdf)


def _draw(*draws):
    return lambda rng: [tuple(d(rng) for d in draws)]


def _u(shape, low, high):
    return lambda rng: rng.uniform(low, high, shape)


def _bits(shape):
    return lambda rng: (rng.random(shape) < 0.5).astype(np.float64)


def _ints(shape, n):
    return lambda rng: rng.integers(0, n, shape)


def _softplus(x):
    return np.logaddexp(0, x)


def _log_softmax(x):
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def _normal_log_prob(loc, scale, x):
    return -(x - loc) ** 2 / (2 * scale ** 2) - np.log(scale) - 0.5 * np.log(2 * np.pi)


def _kl_bernoulli(a, b):
    p, q = 1 / (1 + np.exp(-a)), 1 / (1 + np.exp(-b))
    return p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))


def _kl_categorical(a, b):
    lp, lq = _log_softmax(a), _log_softmax(b)
    return (np.exp(lp) * (lp - lq)).sum(-1)


def _kl_uniform_normal(low, high, loc, scale):
    """E_p[log p - log q] by the moments of the uniform: E[(x - loc)^2] = var + (mean - loc)^2."""
    width, mean = high - low, (high + low) / 2
    second_moment = width ** 2 / 12 + (mean - loc) ** 2
    return -np.log(width) + 0.5 * np.log(2 * np.pi * scale ** 2) + second_moment / (2 * scale ** 2)


def _lbeta(a, axis=-1):
    return _lgamma(a).sum(axis) - _lgamma(a.sum(axis))


def _gamma_log_prob(a, b, x):
    return a * np.log(b) + (a - 1) * np.log(x) - b * x - _lgamma(a)


def _mvn_log_prob(loc, tril, x):
    z = np.linalg.solve(np.broadcast_to(tril, x.shape + x.shape[-1:]), (x - loc)[..., None])[..., 0]
    return -0.5 * (z ** 2).sum(-1) - np.log(np.diagonal(tril)).sum() - 0.5 * x.shape[-1] * np.log(2 * np.pi)


def _tril(n):
    return lambda rng: np.tril(rng.uniform(-0.5, 0.5, (n, n)), -1) + np.diag(rng.uniform(0.5, 2, n))


def _kl_mvn(m1, l1, m2, l2):
    """0.5 (tr(S2^-1 S1) + (m2 - m1)^T S2^-1 (m2 - m1) - n + log det S2 - log det S1)."""
    s1, s2 = l1 @ l1.T, l2 @ l2.T
    d = m2 - m1
    maha = (d * np.linalg.solve(s2, d[..., None])[..., 0]).sum(-1)
    n = len(m1[0])
    return 0.5 * (np.trace(np.linalg.solve(s2, s1)) + maha - n + np.log(np.linalg.det(s2) / np.linalg.det(s1)))


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _binomial_log_prob(n, a, k):
    p = _sigmoid(a)
    return _lgamma(n + 1) - _lgamma(k + 1) - _lgamma(n - k + 1) + k * np.log(p) + (n - k) * np.log(1 - p)


def _relaxed_bernoulli_log_prob(t, a, x):
    """The binary Concrete density t a x^(-t-1) (1-x)^(-t-1) / (a x^-t + (1-x)^-t)^2 with a = exp(logits)."""
    alpha = np.exp(a)
    return (np.log(t * alpha) - (t + 1) * (np.log(x) + np.log(1 - x))
            - 2 * np.log(alpha * x ** -t + (1 - x) ** -t))


def _relaxed_one_hot_log_prob(t, a, x):
    """The Concrete density (n-1)! t^(n-1) prod(a_k x_k^(-t-1)) / (sum a_k x_k^-t)^n with a = exp(logits)."""
    n = x.shape[-1]
    return (_lgamma(np.array(n)) + (n - 1) * np.log(t) + (a - (t[..., None] + 1) * np.log(x)).sum(-1)
            - n * np.log((np.exp(a) * x ** -t[..., None]).sum(-1)))


def _tanh_normal_log_prob(m, s, x):
    """Normal(m, s) through z -> 0.5 - 2 z and tanh: z = (0.5 - atanh(x)) / 2, |dx/dz| = 2 (1 - x^2)."""
    return _normal_log_prob(m, s, (0.5 - np.arctanh(x)) / 2) - np.log(2 * (1 - x ** 2))


def _mvn(loc, tril):
    return D.MultivariateNormal(loc, scale_tril=tril, validate_args=False)


# The functions below are of raw parameters and values: gradcheck steps off the simplex and the lower triangle,
# and off the integers (Binomial's total_count), so the distributions that check those are made with
# validate_args=False.
SPECS = [
    OpSpec("dist_normal_log_prob", lambda m, s, x: D.Normal(m, s).log_prob(x), _normal_log_prob,
           make=_draw(_u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -2, 2))),
    OpSpec("dist_normal_cdf", lambda m, s, x: D.Normal(m, s).cdf(x),
           lambda m, s, x: 0.5 * (1 + _erf((x - m) / (s * np.sqrt(2)))),
           make=_draw(_u((2, 3), -1, 1), _u((3,), 0.5, 2), _u((2, 3), -2, 2))),
    OpSpec("dist_normal_icdf", lambda m, s, p: D.Normal(m, s).icdf(p), lambda m, s, p: m + s * _inv_cdf(p),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((2, 3), 0.05, 0.95))),
    OpSpec("dist_normal_entropy", lambda m, s: D.Normal(m, s).entropy(),
           lambda m, s: 0.5 * np.log(2 * np.pi * np.e * s ** 2) + 0 * m,
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2))),
    OpSpec("dist_bernoulli_log_prob_logits", lambda a, x: D.Bernoulli(logits=a).log_prob(x),
           lambda a, x: x * a - _softplus(a), make=_draw(_u((2, 3), -3, 3), _bits((4, 2, 3))), diff=(0,)),
    OpSpec("dist_bernoulli_entropy_probs", lambda p: D.Bernoulli(probs=p).entropy(),
           lambda p: -p * np.log(p) - (1 - p) * np.log(1 - p), make=_draw(_u((2, 3), 0.1, 0.9))),
    OpSpec("dist_categorical_log_prob_logits", lambda a, k: D.Categorical(logits=a).log_prob(k),
           lambda a, k: np.take_along_axis(np.broadcast_to(_log_softmax(a), k.shape + (5,)), k[..., None], -1)[..., 0],
           make=_draw(_u((2, 5), -2, 2), _ints((3, 2), 5))),
    OpSpec("dist_categorical_entropy_probs", lambda p: D.Categorical(probs=p).entropy(),
           lambda p: -((p / p.sum(-1, keepdims=True)) * np.log(p / p.sum(-1, keepdims=True))).sum(-1),
           make=_draw(_u((2, 5), 0.1, 1))),
    OpSpec("dist_uniform_log_prob", lambda lo, hi, x: D.Uniform(lo, hi).log_prob(x),
           lambda lo, hi, x: -np.log(hi - lo) + 0 * x, make=_draw(_u((3,), -2, -1), _u((2, 3), 1, 2),
                                                                 _u((2, 3), -0.9, 0.9)), diff=(0, 1)),
    OpSpec("dist_uniform_cdf", lambda lo, hi, x: D.Uniform(lo, hi).cdf(x), lambda lo, hi, x: (x - lo) / (hi - lo),
           make=_draw(_u((2, 3), -2, -1), _u((2, 3), 1, 2), _u((2, 3), -0.9, 0.9))),
    OpSpec("dist_exponential_log_prob", lambda r, x: D.Exponential(r).log_prob(x),
           lambda r, x: np.log(r) - r * x, make=_draw(_u((3,), 0.5, 2), _u((2, 3), 0, 3))),
    OpSpec("dist_exponential_icdf", lambda r, p: D.Exponential(r).icdf(p), lambda r, p: -np.log(1 - p) / r,
           make=_draw(_u((2, 3), 0.5, 2), _u((2, 3), 0.05, 0.95))),
    OpSpec("dist_exponential_entropy", lambda r: D.Exponential(r).entropy(), lambda r: 1 - np.log(r),
           make=_draw(_u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_normal_normal", lambda m1, s1, m2, s2: D.kl_divergence(D.Normal(m1, s1), D.Normal(m2, s2)),
           lambda m1, s1, m2, s2: np.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5,
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((3,), -1, 1), _u((3,), 0.5, 2))),
    OpSpec("dist_kl_bernoulli_bernoulli",
           lambda a, b: D.kl_divergence(D.Bernoulli(logits=a), D.Bernoulli(logits=b)), _kl_bernoulli,
           make=_draw(_u((2, 3), -2, 2), _u((2, 3), -2, 2))),
    OpSpec("dist_kl_categorical_categorical",
           lambda a, b: D.kl_divergence(D.Categorical(logits=a), D.Categorical(logits=b)), _kl_categorical,
           make=_draw(_u((2, 4), -2, 2), _u((2, 4), -2, 2))),
    OpSpec("dist_kl_exponential_exponential",
           lambda a, b: D.kl_divergence(D.Exponential(a), D.Exponential(b)),
           lambda a, b: np.log(a / b) + b / a - 1, make=_draw(_u((2, 3), 0.5, 2), _u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_uniform_normal",
           lambda lo, hi, m, s: D.kl_divergence(D.Uniform(lo, hi), D.Normal(m, s)), _kl_uniform_normal,
           make=_draw(_u((2, 3), -2, -1), _u((2, 3), 1, 2), _u((2, 3), -1, 1), _u((2, 3), 0.5, 2))),
    OpSpec("dist_laplace_log_prob", lambda m, s, x: D.Laplace(m, s).log_prob(x),
           lambda m, s, x: -np.log(2 * s) - np.abs(x - m) / s,
           make=_draw(_u((3,), -1, 0), _u((2, 3), 0.5, 2), _u((4, 2, 3), 0.5, 2))),
    OpSpec("dist_laplace_cdf", lambda m, s, x: D.Laplace(m, s).cdf(x),
           lambda m, s, x: 1 - 0.5 * np.exp(-(x - m) / s), make=_draw(_u((3,), -1, 0), _u((2, 3), 0.5, 2),
                                                                    _u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_laplace_laplace", lambda m1, s1, m2, s2: D.kl_divergence(D.Laplace(m1, s1), D.Laplace(m2, s2)),
           lambda m1, s1, m2, s2: (np.log(s2 / s1) + np.abs(m1 - m2) / s2 + s1 / s2 * np.exp(-np.abs(m1 - m2) / s1)
                                   - 1),
           make=_draw(_u((2, 3), -1, 0), _u((2, 3), 0.5, 2), _u((2, 3), 0.5, 1), _u((2, 3), 0.5, 2))),
    OpSpec("dist_lognormal_log_prob", lambda m, s, x: D.LogNormal(m, s).log_prob(x),
           lambda m, s, x: _normal_log_prob(m, s, np.log(x)) - np.log(x),
           make=_draw(_u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((2, 3), 0.2, 3))),
    OpSpec("dist_gamma_log_prob", lambda a, b, x: D.Gamma(a, b).log_prob(x), _gamma_log_prob,
           make=_draw(_u((2, 3), 0.5, 3), _u((3,), 0.5, 2), _u((4, 2, 3), 0.2, 3))),
    OpSpec("dist_gamma_entropy", lambda a, b: D.Gamma(a, b).entropy(),
           lambda a, b: a - np.log(b) + _lgamma(a) + (1 - a) * _digamma(a),
           make=_draw(_u((2, 3), 0.5, 3), _u((2, 3), 0.5, 2))),
    OpSpec("dist_kl_gamma_gamma", lambda a1, b1, a2, b2: D.kl_divergence(D.Gamma(a1, b1), D.Gamma(a2, b2)),
           lambda a1, b1, a2, b2: ((a1 - a2) * _digamma(a1) - _lgamma(a1) + _lgamma(a2) + a2 * np.log(b1 / b2)
                                   + a1 * (b2 - b1) / b1),
           make=_draw(_u((2, 3), 0.5, 3), _u((2, 3), 0.5, 2), _u((3,), 0.5, 3), _u((3,), 0.5, 2)), atol=1e-5),
    OpSpec("dist_beta_log_prob", lambda a, b, x: D.Beta(a, b).log_prob(x),
           lambda a, b, x: (a - 1) * np.log(x) + (b - 1) * np.log(1 - x) - _lbeta(np.stack([a, b + 0 * a], -1)),
           make=_draw(_u((2, 3), 0.5, 3), _u((3,), 0.5, 3), _u((2, 3), 0.1, 0.9))),
    OpSpec("dist_beta_entropy", lambda a, b: D.Beta(a, b).entropy(),
           lambda a, b: (_lbeta(np.stack([a, b], -1)) - (a - 1) * _digamma(a) - (b - 1) * _digamma(b)
                         + (a + b - 2) * _digamma(a + b)),
           make=_draw(_u((2, 3), 0.5, 3), _u((2, 3), 0.5, 3)), atol=1e-5),
    OpSpec("dist_dirichlet_log_prob", lambda c, x: D.Dirichlet(c, validate_args=False).log_prob(x),
           lambda c, x: ((c - 1) * np.log(x)).sum(-1) - _lbeta(c),
           make=_draw(_u((2, 4), 0.5, 3), lambda rng: rng.dirichlet(np.ones(4), (3, 2)))),
    OpSpec("dist_kl_dirichlet_dirichlet",
           lambda c1, c2: D.kl_divergence(D.Dirichlet(c1), D.Dirichlet(c2)),
           lambda c1, c2: (_lbeta(c2) - _lbeta(c1)
                           + ((c1 - c2) * (_digamma(c1) - _digamma(c1.sum(-1, keepdims=True)))).sum(-1)),
           make=_draw(_u((2, 4), 0.5, 3), _u((2, 4), 0.5, 3)), atol=1e-5),
    OpSpec("dist_poisson_log_prob", lambda r, k: D.Poisson(r).log_prob(k),
           lambda r, k: k * np.log(r) - r - _lgamma(k + 1),
           make=_draw(_u((2, 3), 0.5, 4), lambda rng: rng.integers(0, 6, (4, 2, 3)).astype(np.float64)), diff=(0,)),
    OpSpec("dist_mvn_log_prob_scale_tril", lambda m, L, x: _mvn(m, L).log_prob(x),
           _mvn_log_prob, make=_draw(_u((2, 3), -1, 1), _tril(3), _u((4, 2, 3), -2, 2))),
    OpSpec("dist_kl_mvn_mvn", lambda m1, l1, m2, l2: D.kl_divergence(_mvn(m1, l1), _mvn(m2, l2)),
           _kl_mvn, make=_draw(_u((2, 3), -1, 1), _tril(3), _u((1, 3), -1, 1), _tril(3))),
    OpSpec("dist_independent_normal_log_prob", lambda m, s, x: D.Independent(D.Normal(m, s), 1).log_prob(x),
           lambda m, s, x: _normal_log_prob(m, s, x).sum(-1),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -2, 2))),
    OpSpec("dist_geometric_log_prob", lambda p, k: D.Geometric(p).log_prob(k),
           lambda p, k: k * np.log(1 - p) + np.log(p),
           make=_draw(_u((2, 3), 0.1, 0.9), lambda rng: rng.integers(0, 6, (4, 2, 3)).astype(np.float64)), diff=(0,)),
    OpSpec("dist_geometric_entropy", lambda p: D.Geometric(p).entropy(),
           lambda p: -((1 - p) * np.log(1 - p) + p * np.log(p)) / p, make=_draw(_u((2, 3), 0.1, 0.9))),
    OpSpec("dist_onehot_categorical_log_prob", lambda a, x: D.OneHotCategorical(logits=a).log_prob(x),
           lambda a, x: (_log_softmax(a) * x).sum(-1),
           make=_draw(_u((2, 5), -2, 2), lambda rng: np.eye(5)[rng.integers(0, 5, (3, 2))]), diff=(0,)),
    OpSpec("dist_binomial_log_prob_logits", lambda n, a, k: D.Binomial(n, logits=a, validate_args=False).log_prob(k), _binomial_log_prob,
           make=_draw(lambda rng: np.full((3,), 6.0), _u((2, 3), -2, 2),
                      lambda rng: rng.integers(0, 7, (4, 2, 3)).astype(np.float64)), diff=(0, 1)),
    OpSpec("dist_binomial_log_prob_probs", lambda n, p, k: D.Binomial(n, probs=p, validate_args=False).log_prob(k),
           lambda n, p, k: _binomial_log_prob(n, np.log(p / (1 - p)), k),
           make=_draw(lambda rng: np.full((2, 3), 4.0), _u((2, 3), 0.1, 0.9),
                      lambda rng: rng.integers(0, 5, (2, 3)).astype(np.float64)), diff=(0, 1)),
    OpSpec("dist_negative_binomial_log_prob", lambda n, p, k: D.NegativeBinomial(n, p).log_prob(k),
           lambda n, p, k: _lgamma(n + k) - _lgamma(k + 1) - _lgamma(n) + n * np.log(1 - p) + k * np.log(p),
           make=_draw(_u((3,), 0.5, 4), _u((2, 3), 0.1, 0.9),
                      lambda rng: rng.integers(0, 6, (4, 2, 3)).astype(np.float64)), diff=(0, 1)),
    OpSpec("dist_relaxed_bernoulli_log_prob", lambda t, a, x: D.RelaxedBernoulli(t, logits=a).log_prob(x),
           _relaxed_bernoulli_log_prob, make=_draw(_u((), 0.3, 2), _u((2, 3), -2, 2), _u((4, 2, 3), 0.1, 0.9))),
    OpSpec("dist_relaxed_one_hot_categorical_log_prob",
           lambda t, a, x: D.RelaxedOneHotCategorical(t, logits=a, validate_args=False).log_prob(x),
           _relaxed_one_hot_log_prob, make=_draw(_u((), 0.3, 2), _u((2, 4), -2, 2),
                                                 lambda rng: rng.dirichlet(np.ones(4), (3, 2)))),
    OpSpec("dist_transformed_tanh_normal_log_prob",
           lambda m, s, x: D.TransformedDistribution(D.Normal(m, s), [D.AffineTransform(0.5, -2.0),
                                                                      D.TanhTransform()]).log_prob(x),
           _tanh_normal_log_prob, make=_draw(_u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -0.9, 0.9))),
    OpSpec("dist_transform_sigmoid_log_abs_det_jacobian",
           lambda x: D.SigmoidTransform().log_abs_det_jacobian(x, D.SigmoidTransform()(x)),
           lambda x: np.log(_sigmoid(x) * (1 - _sigmoid(x))), make=_draw(_u((2, 3), -3, 3))),
    OpSpec("dist_transform_power", lambda e, x: D.PowerTransform(e)(x), lambda e, x: x ** e,
           make=_draw(_u((3,), -2, 2), _u((2, 3), 0.5, 2))),
    OpSpec("dist_transform_power_log_abs_det_jacobian",
           lambda e, x: D.PowerTransform(e).log_abs_det_jacobian(x, D.PowerTransform(e)(x)),
           lambda e, x: np.log(np.abs(e * x ** (e - 1))), make=_draw(_u((3,), 0.5, 2), _u((2, 3), 0.5, 2))),
    OpSpec("dist_transform_affine_event_log_abs_det_jacobian",
           lambda s, x: D.AffineTransform(1.0, s, event_dim=1).log_abs_det_jacobian(x, x),
           lambda s, x: np.log(np.abs(s)).sum() + 0 * x.sum(-1), make=_draw(_u((3,), 0.5, 2), _u((2, 3), -1, 1)),
           diff=(0,)),
    OpSpec("dist_cauchy_log_prob", lambda m, s, x: D.Cauchy(m, s).log_prob(x),
           lambda m, s, x: -np.log(np.pi * s * (1 + ((x - m) / s) ** 2)),
           make=_draw(_u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -3, 3))),
    OpSpec("dist_cauchy_icdf", lambda m, s, p: D.Cauchy(m, s).icdf(p), lambda m, s, p: m + s * np.tan(np.pi * (p - 0.5)),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((2, 3), 0.05, 0.95))),
    OpSpec("dist_gumbel_log_prob", lambda m, s, x: D.Gumbel(m, s).log_prob(x),
           lambda m, s, x: -np.log(s) - (x - m) / s - np.exp(-(x - m) / s),
           make=_draw(_u((3,), -1, 1), _u((2, 3), 0.5, 2), _u((4, 2, 3), -2, 3))),
    OpSpec("dist_gumbel_cdf", lambda m, s, x: D.Gumbel(m, s).cdf(x), lambda m, s, x: np.exp(-np.exp(-(x - m) / s)),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((2, 3), -2, 3))),
    OpSpec("dist_half_normal_log_prob", lambda s, x: D.HalfNormal(s).log_prob(x),
           lambda s, x: np.log(2) + _normal_log_prob(0, s, x), make=_draw(_u((3,), 0.5, 2), _u((2, 3), 0.1, 3))),
    OpSpec("dist_kl_half_normal_half_normal", lambda s1, s2: D.kl_divergence(D.HalfNormal(s1), D.HalfNormal(s2)),
           lambda s1, s2: np.log(s2 / s1) + s1 ** 2 / (2 * s2 ** 2) - 0.5,
           make=_draw(_u((2, 3), 0.5, 2), _u((3,), 0.5, 2))),
    OpSpec("dist_kl_cauchy_cauchy", lambda m1, s1, m2, s2: D.kl_divergence(D.Cauchy(m1, s1), D.Cauchy(m2, s2)),
           lambda m1, s1, m2, s2: np.log(((s1 + s2) ** 2 + (m1 - m2) ** 2) / (4 * s1 * s2)),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((3,), -1, 1), _u((3,), 0.5, 2))),
    OpSpec("dist_kl_gumbel_gumbel", lambda m1, s1, m2, s2: D.kl_divergence(D.Gumbel(m1, s1), D.Gumbel(m2, s2)),
           lambda m1, s1, m2, s2: (np.log(s2 / s1) + (m1 - m2) / s2 + 0.5772156649015329 * (s1 / s2 - 1)
                                   + np.exp((m2 - m1) / s2) * _gamma(s1 / s2 + 1) - 1),
           make=_draw(_u((2, 3), -1, 1), _u((2, 3), 0.5, 2), _u((3,), -1, 1), _u((3,), 0.5, 2))),
    OpSpec("dist_chi2_log_prob", lambda k, x: D.Chi2(k).log_prob(x),
           lambda k, x: (k / 2 - 1) * np.log(x) - x / 2 - k / 2 * np.log(2) - _lgamma(k / 2),
           make=_draw(_u((3,), 0.5, 4), _u((2, 3), 0.2, 3))),
]
