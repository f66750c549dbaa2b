"""StudentT, HalfCauchy, Weibull, Pareto, Multinomial, MixtureSameFamily, LowRankMultivariateNormal, InverseGamma,
VonMises, ContinuousBernoulli, FisherSnedecor, Kumaraswamy, GeneralizedPareto, LogisticNormal,
OneHotCategoricalStraightThrough and ExponentialFamily: against torch.distributions (skipped without torch) for
log_prob, cdf/icdf, entropy, moments, parameter gradients and KL; and, without torch, shapes, sample moments,
expand, rsample and argument validation."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag
from autograd_core import distributions as D
from autograd_core.distributions.exp_family import bregman_kl

rng = np.random.default_rng(0)
LOC, SCALE = rng.standard_normal((2, 3)), rng.uniform(0.5, 2, (3,))
X = rng.standard_normal((4, 2, 3))
DF = rng.uniform(2.5, 6, (2, 3))
CONC, CONC2 = rng.uniform(0.5, 3, (2, 3)), rng.uniform(2.5, 4, (3,))
PSCALE = rng.uniform(0.2, 0.9, (2, 3))
PROBS, LOGITS = rng.dirichlet(np.ones(4), (2,)), rng.standard_normal((2, 4))
COUNTS = np.array([[[1.0, 0, 3, 1], [0, 0, 0, 5]], [[2, 2, 1, 0], [1, 1, 1, 2]]])
W, W_DIAG = rng.standard_normal((2, 3, 2)), rng.uniform(0.5, 2, (3,))
MIX_LOGITS = rng.standard_normal((2, 3))
U = rng.uniform(0.05, 0.95, (2, 3))
CB_PROBS = np.array([[0.1, 0.4995, 0.7], [0.5005, 0.9, 0.3]])  # two inside the Taylor region around 1/2
DF1, DF2 = rng.uniform(0.5, 6, (2, 3)), rng.uniform(4.5, 8, (3,))
GP = [a.astype(np.float32) for a in (LOC, SCALE, np.array([[0.0, 0.3, -0.2], [0.7, 0.0, -0.1]]))]  # float32:
# torch's GeneralizedPareto compares the concentration with a float32 zero, which fails for float64
SIMPLEX = rng.dirichlet(np.ones(4), (5, 2))


def _multinomial(m, p):
    return m.Multinomial(5, probs=p)


def _mixture(m, lg, a, b):
    return m.MixtureSameFamily(m.Categorical(logits=lg), m.Normal(a, b))


# name: (how to build it from (module, *params), the parameters, a value in the support, log_prob's atol)
CASES = {
    "student_t": (lambda m, df, a, b: m.StudentT(df, a, b), (DF, LOC, SCALE), X, 1e-10),
    "half_cauchy": (lambda m, s: m.HalfCauchy(s), (SCALE,), np.abs(X), 1e-10),
    "weibull": (lambda m, s, k: m.Weibull(s, k), (SCALE, CONC), np.abs(X) + 0.1, 1e-10),
    "pareto": (lambda m, s, a: m.Pareto(s, a), (PSCALE, CONC2), np.abs(X) + 1, 1e-10),
    "multinomial_probs": (_multinomial, (PROBS,), COUNTS, 1e-10),
    "multinomial_logits": (lambda m, lg: m.Multinomial(5, logits=lg), (LOGITS,), COUNTS, 1e-10),
    "mixture": (_mixture, (MIX_LOGITS, LOC, SCALE), X[..., 0], 1e-10),
    "lowrank": (lambda m, a, w, d: m.LowRankMultivariateNormal(a, w, d), (LOC, W, W_DIAG), X, 1e-10),
    "inverse_gamma": (lambda m, a, b: m.InverseGamma(a, b), (CONC, CONC2), np.abs(X) + 0.1, 1e-10),
    # torch's log I0 is a polynomial fit (to about 1e-7); ours is exact
    "von_mises": (lambda m, a, k: m.VonMises(a, k), (LOC, CONC), X, 1e-6),
    "continuous_bernoulli_probs": (lambda m, p: m.ContinuousBernoulli(probs=p), (CB_PROBS,), U, 1e-10),
    "continuous_bernoulli_logits": (lambda m, lg: m.ContinuousBernoulli(logits=lg), (LOC,), U, 1e-10),
    "fisher_snedecor": (lambda m, a, b: m.FisherSnedecor(a, b), (DF1, DF2), np.abs(X) + 0.1, 1e-10),
    "kumaraswamy": (lambda m, a, b: m.Kumaraswamy(a, b), (CONC, CONC2), np.broadcast_to(U, X.shape), 1e-10),
    "generalized_pareto": (lambda m, a, s, k: m.GeneralizedPareto(a, s, k), tuple(GP),
                           (GP[0] + 0.5 * np.abs(X)).astype(np.float32), 1e-5),
    "logistic_normal": (lambda m, a, s: m.LogisticNormal(a, s), (LOC, SCALE), SIMPLEX, 1e-10),
}
UNDEFINED = {  # what torch has not either
    "entropy": ("mixture", "von_mises", "fisher_snedecor", "logistic_normal"),
    "mode": ("multinomial_probs", "multinomial_logits", "mixture", "continuous_bernoulli_probs",
             "continuous_bernoulli_logits", "logistic_normal",
             "kumaraswamy"),  # torch's Kumaraswamy mode is nan wherever concentration0 > 1: tested apart
    "mean": ("logistic_normal",), "variance": ("logistic_normal",), "stddev": ("logistic_normal",)}
ATOL = {"multinomial_probs": 1e-6, "multinomial_logits": 1e-6,  # torch's lgamma(total_count + 1) is float32
        "von_mises": 1e-6, "generalized_pareto": 1e-5}


def _build(name, params):
    make, *_ = CASES[name]
    return make(D, *[ag.tensor(p) for p in params])


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("what", ["mean", "variance", "stddev", "entropy", "mode"])
def test_moments_entropy_and_mode_match_torch(name, what):
    make, params, _, _ = CASES[name]
    if name in UNDEFINED.get(what, ()):
        if what != "mode" or name != "kumaraswamy":
            with pytest.raises(NotImplementedError, match=f"does not implement {what.replace('stddev', 'variance')}"):
                _build(name, params).entropy() if what == "entropy" else getattr(_build(name, params), what)
        return
    torch = pytest.importorskip("torch")

    def get(module):
        return lambda *xs: (make(module, *xs).entropy() if what == "entropy" else getattr(make(module, *xs), what))
    compare(get(D), get(torch.distributions), list(params), atol=ATOL.get(name, 1e-10))


@pytest.mark.parametrize("name", CASES)
def test_log_prob_and_its_parameter_gradients_match_torch(name):
    torch = pytest.importorskip("torch")
    make, params, value, atol = CASES[name]
    compare(lambda v, *xs: make(D, *xs).log_prob(v), lambda v, *ts: make(torch.distributions, *ts).log_prob(v),
            [value, *params], atol=atol, diff=range(1, 1 + len(params)))


@pytest.mark.parametrize("name", ["half_cauchy", "weibull", "pareto", "inverse_gamma", "mixture", "kumaraswamy",
                                  "continuous_bernoulli_probs", "continuous_bernoulli_logits", "generalized_pareto"])
def test_cdf_and_icdf_match_torch(name):
    torch = pytest.importorskip("torch")
    make, params, value, atol = CASES[name]
    value, atol = value[0], max(atol, 1e-10)
    diff = [0] if name == "inverse_gamma" else None  # torch has no derivative of igamma in its first argument
    compare(lambda v, *xs: make(D, *xs).cdf(v), lambda v, *ts: make(torch.distributions, *ts).cdf(v),
            [value, *params], atol=atol, diff=diff)
    if name not in ("mixture", "inverse_gamma"):  # torch has no icdf of these (nor of Gamma)
        compare(lambda u, *xs: make(D, *xs).icdf(u), lambda u, *ts: make(torch.distributions, *ts).icdf(u),
                [U.astype(value.dtype), *params], atol=max(atol, 1e-9))


@pytest.mark.parametrize("params,what", [
    ((np.array([0.5, 1.0, 1.5, 2.0, 3.0]), 0.0, 2.0), "mean"),
    ((np.array([0.5, 1.0, 1.5, 2.0, 3.0]), 0.0, 2.0), "variance"),
])
def test_student_t_moments_are_nan_or_inf_where_undefined(params, what):
    torch = pytest.importorskip("torch")
    df, loc, scale = params
    ours = getattr(D.StudentT(ag.tensor(df), loc, scale), what).numpy()
    np.testing.assert_array_equal(ours, getattr(torch.distributions.StudentT(torch.tensor(df), loc, scale),
                                                what).numpy())


@pytest.mark.parametrize("make", [lambda m, t: m.Pareto(t(np.array([1.0, 2.0])), t(np.array([0.5, 1.5]))),
                                  lambda m, t: m.InverseGamma(t(np.array([0.5, 1.5, 3.0])), 2.0)])
def test_undefined_moments_are_inf_as_torch(make):
    torch = pytest.importorskip("torch")
    ours, theirs = make(D, ag.tensor), make(torch.distributions, torch.tensor)
    for what in ("mean", "variance"):
        np.testing.assert_allclose(getattr(ours, what).numpy(), getattr(theirs, what).numpy())


KL_PAIRS = {
    "pareto": (lambda m, s, a, s2, a2: m.kl_divergence(m.Pareto(s, a), m.Pareto(s2, a2)),
               (PSCALE, CONC2, PSCALE[::-1].copy() * 0.9, CONC2[::-1].copy())),
    "pareto_infinite": (lambda m, s, a, s2, a2: m.kl_divergence(m.Pareto(s, a), m.Pareto(s2, a2)),
                        (PSCALE, CONC2, PSCALE + np.array([[0.1], [-0.1]]), CONC2)),
    "lowrank_lowrank": (lambda m, a, w, d, w2, d2: m.kl_divergence(m.LowRankMultivariateNormal(a, w, d),
                                                                     m.LowRankMultivariateNormal(-a, w2, d2)),
                        (LOC, W, W_DIAG, W[:, :, :1].copy() * 2, W_DIAG[::-1].copy())),
    "lowrank_mvn": (lambda m, a, w, d, a2, l2: m.kl_divergence(m.LowRankMultivariateNormal(a, w, d),
                                                                 m.MultivariateNormal(a2, scale_tril=l2)),
                    (LOC, W, W_DIAG, LOC[0].copy(), np.tril(W[0] @ W[0].T) + np.eye(3))),
    "continuous_bernoulli": (lambda m, p, lg: m.kl_divergence(m.ContinuousBernoulli(p), m.ContinuousBernoulli(
        logits=lg)), (CB_PROBS, LOC)),
    "mvn_lowrank": (lambda m, a2, l2, a, w, d: m.kl_divergence(m.MultivariateNormal(a2, scale_tril=l2),
                                                                 m.LowRankMultivariateNormal(a, w, d)),
                    (LOC[0].copy(), np.tril(W[0] @ W[0].T) + np.eye(3), LOC, W, W_DIAG)),
}


@pytest.mark.parametrize("name", KL_PAIRS)
def test_kl_divergence_matches_torch(name):
    torch = pytest.importorskip("torch")
    kl, params = KL_PAIRS[name]
    diff = None if name != "pareto_infinite" else []
    compare(lambda *xs: kl(D, *xs), lambda *ts: kl(torch.distributions, *ts), list(params), atol=1e-10, diff=diff)


def test_lowrank_matrices_match_torch():
    torch = pytest.importorskip("torch")
    ours = D.LowRankMultivariateNormal(*[ag.tensor(a) for a in (LOC, W, W_DIAG)])
    theirs = torch.distributions.LowRankMultivariateNormal(*[torch.tensor(a) for a in (LOC, W, W_DIAG)])
    for what in ("scale_tril", "covariance_matrix", "precision_matrix"):
        np.testing.assert_allclose(getattr(ours, what).numpy(), getattr(theirs, what).numpy(), atol=1e-12)


# -- without torch ---------------------------------------------------------------------------------------------

SAMPLED = {  # a (2,)-batch each, with moments that exist
    "student_t": lambda: D.StudentT(ag.tensor([5.0, 8.0]), ag.tensor([0.0, 1.0]), ag.tensor([1.0, 0.5])),
    "half_cauchy": lambda: D.HalfCauchy(ag.tensor([1.0, 0.5])),
    "weibull": lambda: D.Weibull(ag.tensor([1.0, 2.0]), ag.tensor([1.5, 3.0])),
    "pareto": lambda: D.Pareto(ag.tensor([1.0, 0.5]), ag.tensor([5.0, 6.0])),
    "multinomial": lambda: D.Multinomial(10, ag.tensor([[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]])),
    "mixture": lambda: D.MixtureSameFamily(D.Categorical(ag.tensor([0.3, 0.7])),
                                           D.Normal(ag.tensor([[-1.0, 1.0], [0.0, 3.0]]), 0.5)),
    "mixture_events": lambda: D.MixtureSameFamily(D.Categorical(ag.tensor([[0.3, 0.7], [0.5, 0.5]])),
                                                  D.Independent(D.Normal(ag.tensor([[[-1.0], [1.0]], [[0.0], [3.0]]]),
                                                                         0.5), 1)),
    "lowrank": lambda: D.LowRankMultivariateNormal(ag.tensor([[0.0, 1.0], [1.0, -1.0]]), ag.tensor([[1.0], [0.5]]),
                                                   ag.tensor([0.5, 1.0])),
    "inverse_gamma": lambda: D.InverseGamma(ag.tensor([5.0, 7.0]), ag.tensor([1.0, 3.0])),
    "von_mises": lambda: D.VonMises(ag.tensor([0.5, -1.0]), ag.tensor([4.0, 10.0])),
    "continuous_bernoulli": lambda: D.ContinuousBernoulli(ag.tensor([0.2, 0.5])),
    "fisher_snedecor": lambda: D.FisherSnedecor(ag.tensor([3.0, 10.0]), ag.tensor([12.0, 20.0])),
    "kumaraswamy": lambda: D.Kumaraswamy(ag.tensor([0.5, 3.0]), ag.tensor([2.0, 1.5])),
    "generalized_pareto": lambda: D.GeneralizedPareto(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 2.0]),
                                                      ag.tensor([0.0, -0.3])),
    "logistic_normal": lambda: D.LogisticNormal(ag.tensor([[0.0, 1.0], [-1.0, 0.5]]), 0.3),
    "straight_through": lambda: D.OneHotCategoricalStraightThrough(ag.tensor([[0.2, 0.8], [0.6, 0.4]])),
}


@pytest.mark.parametrize("name", SAMPLED)
def test_samples_have_the_extended_shape_and_the_moments(name):
    d = SAMPLED[name]()
    shape = d.batch_shape + d.event_shape
    assert d.sample().shape == shape and d.sample((3, 4)).shape == (3, 4) + shape and d.sample(5).shape == (5,) + shape
    x = d.sample((40000,)).numpy()
    if name == "half_cauchy":  # no mean: the median is the scale
        np.testing.assert_allclose(np.median(x, 0), d.scale.numpy(), rtol=0.05)
        return
    if name == "logistic_normal":  # no closed-form moments: points of the simplex, the Normal's at logit scale
        assert np.allclose(x.sum(-1), 1) and (x >= 0).all()
        stick = np.log(x[..., 0] / x[..., 1:].sum(-1)) + np.log(2)  # the first coordinate's stick-breaking logit
        np.testing.assert_allclose(stick.mean(0), [0.0, -1.0], atol=0.01)
        return
    if name == "von_mises":  # circular moments; samples in [-pi, pi)
        assert x.min() >= -np.pi and x.max() < np.pi
        resultant = np.exp(1j * x).mean(0)
        np.testing.assert_allclose(np.angle(resultant), d.mean.numpy(), atol=0.02)
        np.testing.assert_allclose(1 - np.abs(resultant), d.variance.numpy(), rtol=0.1)
        return
    np.testing.assert_allclose(x.mean(0), d.mean.detach().numpy(), atol=0.05)
    np.testing.assert_allclose(x.var(0), d.variance.detach().numpy(), rtol=0.1, atol=1e-3)


@pytest.mark.parametrize("name", SAMPLED)
def test_manual_seed_makes_sampling_reproducible_and_expand_broadcasts(name):
    ag.manual_seed(3)
    first = SAMPLED[name]().sample((10,)).numpy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(SAMPLED[name]().sample((10,)).numpy(), first)
    d = SAMPLED[name]()
    e = d.expand((3,) + d.batch_shape)
    assert e.batch_shape == (3,) + d.batch_shape and e.event_shape == d.event_shape
    assert e.sample((2,)).shape == (2, 3) + d.batch_shape + d.event_shape
    value = d.sample()
    np.testing.assert_allclose(e.log_prob(value).numpy(), np.broadcast_to(d.log_prob(value).numpy(), e.batch_shape))


def test_float32_parameters_give_float32_samples_and_log_probs():
    for make in (lambda t: D.StudentT(t), lambda t: D.Weibull(t, t), lambda t: D.VonMises(t, t),
                 lambda t: D.InverseGamma(t, t), lambda t: D.Pareto(t, t), lambda t: D.FisherSnedecor(t, t),
                 lambda t: D.ContinuousBernoulli(t / 3), lambda t: D.Kumaraswamy(t, t),
                 lambda t: D.GeneralizedPareto(t, t, t), lambda t: D.LogisticNormal(t, t)):
        d = make(ag.tensor([1.5, 2.5], dtype=ag.float32))
        x = d.sample((3,))
        assert x.dtype == np.float32 and d.log_prob(x).dtype == np.float32


@pytest.mark.parametrize("make", [lambda s: D.HalfCauchy(s), lambda s: D.Weibull(s, 2.0), lambda s: D.Pareto(s, 3.0),
                                  lambda s: D.LowRankMultivariateNormal(ag.zeros(2), s.reshape(2, 1), s),
                                  lambda s: D.ContinuousBernoulli(s / 3), lambda s: D.Kumaraswamy(s, 2.0),
                                  lambda s: D.GeneralizedPareto(0.0, s, 0.2), lambda s: D.LogisticNormal(0.0, s)])
def test_rsample_carries_the_gradient_to_the_parameters(make):
    scale = ag.tensor([1.0, 2.0], requires_grad=True)
    d = make(scale)
    assert d.has_rsample
    d.rsample((5,)).square().sum().backward()  # not a plain sum: LogisticNormal's coordinates sum to 1
    assert scale.grad is not None and np.isfinite(scale.grad.numpy()).all() and (scale.grad.numpy() != 0).all()


@pytest.mark.parametrize("make", [lambda a: D.StudentT(a), lambda a: D.InverseGamma(a, 2.0),
                                  lambda a: D.FisherSnedecor(a, 4.0)])
def test_gamma_based_rsample_is_differentiable_once_gamma_has_rsample(make):
    if not D.Gamma.has_rsample:
        pytest.skip("Gamma.rsample (implicit reparameterization) is not implemented yet: StudentT, InverseGamma "
                    "and FisherSnedecor rsample through it")
    a = ag.tensor([3.0, 5.0], requires_grad=True)
    d = make(a)
    assert d.has_rsample
    d.rsample((100,)).mean().backward()
    assert np.isfinite(a.grad.numpy()).all()


@pytest.mark.parametrize("make,match", [
    (lambda: D.StudentT(ag.tensor([-1.0])), "df"),
    (lambda: D.StudentT(1.0, 0.0, ag.tensor([0.0])), "scale"),
    (lambda: D.Weibull(ag.tensor([1.0]), ag.tensor([-2.0])), "concentration"),
    (lambda: D.Pareto(ag.tensor([1.0]), ag.tensor([0.0])), "alpha"),
    (lambda: D.InverseGamma(ag.tensor([-1.0]), 1.0), "concentration"),
    (lambda: D.VonMises(0.0, ag.tensor([-1.0])), "concentration"),
    (lambda: D.HalfCauchy(ag.tensor([-1.0])), "scale"),
    (lambda: D.Multinomial(3, ag.tensor([0.5, -0.5])), "probs"),
    (lambda: D.LowRankMultivariateNormal(ag.zeros(2), ag.ones(2, 1), ag.tensor([1.0, -1.0])), "cov_diag"),
    (lambda: D.Pareto(ag.tensor([2.0]), 1.0).log_prob(ag.tensor([1.0])), "support"),
    (lambda: D.HalfCauchy(1.0).log_prob(ag.tensor([-1.0])), "support"),
    (lambda: D.Multinomial(3, ag.tensor([0.5, 0.5])).log_prob(ag.tensor([3.0, 1.0])), "support"),
    (lambda: D.LowRankMultivariateNormal(ag.zeros(2), ag.ones(3, 1), ag.ones(2)), "3 x m|2 x m"),
    (lambda: D.LowRankMultivariateNormal(ag.zeros(2), ag.ones(2, 1), ag.ones(3)), "cov_diag"),
    (lambda: D.LowRankMultivariateNormal(ag.zeros(2, 2), ag.ones(3, 2, 1), ag.ones(2)), "incompatible batch"),
    (lambda: D.ContinuousBernoulli(ag.tensor([1.5])), "probs"),
    (lambda: D.ContinuousBernoulli(ag.tensor([0.5])).log_prob(ag.tensor([1.5])), "support"),
    (lambda: D.FisherSnedecor(ag.tensor([-1.0]), 1.0), "df1"),
    (lambda: D.Kumaraswamy(1.0, ag.tensor([0.0])), "concentration0"),
    (lambda: D.GeneralizedPareto(0.0, ag.tensor([-1.0]), 0.0), "scale"),
    (lambda: D.GeneralizedPareto(0.0, 1.0, ag.tensor([-0.5])).log_prob(ag.tensor([2.5])), "support"),
    (lambda: D.LogisticNormal(0.0, ag.tensor([-1.0])), "scale"),
    (lambda: D.StickBreakingTransform().forward_shape(()), "too few dimensions"),
    (lambda: D.MixtureSameFamily(D.Normal(0.0, 1.0), D.Normal(ag.zeros(2), 1.0)), "Categorical"),
    (lambda: D.MixtureSameFamily(D.Categorical(ag.ones(3)), D.Normal(ag.zeros(2), 1.0)), r"\(3\).*\(2\)"),
    (lambda: D.MixtureSameFamily(D.Categorical(ag.ones(3, 2)), D.Normal(ag.zeros(4, 2), 1.0)), "compatible"),
])
def test_bad_arguments_raise_a_value_error_naming_them(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_kumaraswamy_mode_is_the_argmax_of_the_density():
    """torch's mode is nan wherever concentration0 > 1; ours is ((a - 1) / (a b - 1))^(1 / a)."""
    d = D.Kumaraswamy(ag.tensor([0.5, 1.5, 3.0, 5.0]), ag.tensor([2.0, 3.0, 0.7, 6.0]))
    x = np.linspace(1e-4, 1 - 1e-4, 100001)
    grid = d.log_prob(ag.tensor(np.repeat(x[:, None], 4, 1))).numpy()
    np.testing.assert_allclose(d.mode.numpy()[[1, 3]], x[grid.argmax(0)][[1, 3]], atol=1e-4)
    assert np.isnan(d.mode.numpy()[[0, 2]]).all()


def test_straight_through_rsample_is_the_one_hot_draw_with_the_gradient_of_probs():
    torch = pytest.importorskip("torch")
    w = np.array([1.0, -2.0, 3.0])
    ours = ag.tensor(LOGITS[:, :3], requires_grad=True)
    x = D.OneHotCategoricalStraightThrough(logits=ours).rsample((4,))
    assert set(np.unique(x.detach().numpy())) <= {0.0, 1.0} and (x.detach().numpy().sum(-1) == 1).all()
    (x * ag.tensor(w)).sum().backward()
    theirs = torch.tensor(LOGITS[:, :3], requires_grad=True)
    (torch.distributions.OneHotCategoricalStraightThrough(logits=theirs).rsample((4,)) * torch.tensor(w)).sum(
        ).backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), atol=1e-12)


def test_multinomial_needs_one_int_total_count():
    with pytest.raises(NotImplementedError, match="inhomogeneous total_count"):
        D.Multinomial(ag.tensor([3.0, 4.0]), ag.tensor([0.5, 0.5]))


def test_mixture_of_an_unbatched_categorical_samples_each_batch_entry():
    """torch's gather fails here; the mixture's one Categorical is broadcast over the components' batch."""
    d = D.MixtureSameFamily(D.Categorical(logits=ag.tensor([0.0, 50.0])),
                            D.Normal(ag.tensor([[0.0, 10.0], [20.0, 30.0], [40.0, 50.0]]), 1e-3))
    np.testing.assert_allclose(d.sample((2,)).numpy(), [[10.0, 30.0, 50.0]] * 2, atol=0.1)


@pytest.mark.parametrize("name", ["Normal", "Exponential", "Poisson", "ContinuousBernoulli", "Wishart"])
def test_the_exponential_families_of_torch_are_exponential_families(name):
    assert issubclass(getattr(D, name), D.ExponentialFamily)
    torch = pytest.importorskip("torch")
    assert issubclass(getattr(torch.distributions, name), torch.distributions.ExponentialFamily)


PAIRS = {  # (p, q) with their parameters, to build from tensors
    "normal": (lambda a, b: D.Normal(a, b), lambda a, b: D.Normal(-0.5 * a, 2 * b), (LOC, SCALE)),
    "exponential": (lambda r: D.Exponential(r), lambda r: D.Exponential(r.flip(0) + 1), (CONC,)),
    "poisson": (lambda r: D.Poisson(r), lambda r: D.Poisson(r.flip(0) + 1), (CONC,)),
    "continuous_bernoulli": (lambda p: D.ContinuousBernoulli(p), lambda p: D.ContinuousBernoulli(p.flip(0)),
                             (CB_PROBS,)),
}


@pytest.mark.parametrize("name", PAIRS)
def test_exponential_family_entropy_and_kl_are_the_bregman_divergence_of_the_log_normalizer(name):
    """ExponentialFamily's entropy and the Bregman KL against the closed forms, gradients included (torch's
    detach the parameters, so give them none)."""
    make_p, make_q, params = PAIRS[name]

    def values(entropy, kl):
        xs = [ag.tensor(a, requires_grad=True) for a in params]
        p, q = make_p(*xs), make_q(*xs)
        value = 2 * kl(p, q) + 3 * kl(q, p) + (entropy(p) if name != "poisson" else 0)  # Poisson: none
        value.sum().backward()
        return [value.detach().numpy()] + [x.grad.numpy() for x in xs]
    ours = values(D.ExponentialFamily.entropy, bregman_kl)
    for a, b in zip(ours, values(lambda d: d.entropy(), D.kl_divergence)):
        np.testing.assert_allclose(a, b, atol=1e-9)


def test_kl_between_different_exponential_families_and_poisson_entropy_say_so():
    with pytest.raises(NotImplementedError, match="different exponential families"):
        bregman_kl(D.Normal(0.0, 1.0), D.Exponential(1.0))
    with pytest.raises(NotImplementedError, match="Poisson does not implement entropy"):
        D.Poisson(1.0).entropy()
