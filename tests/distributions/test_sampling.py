"""Sampling (shapes, reproducibility under ag.manual_seed, statistics, rsample gradients), expand,
enumerate_support, float32 and argument validation of the distributions."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D

# (distribution, expected mean, expected variance) per entry of a (2,)-batch
CASES = {
    "normal": lambda: D.Normal(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 2.0])),
    "uniform": lambda: D.Uniform(ag.tensor([0.0, -1.0]), ag.tensor([1.0, 3.0])),
    "exponential": lambda: D.Exponential(ag.tensor([1.0, 0.5])),
    "bernoulli": lambda: D.Bernoulli(ag.tensor([0.2, 0.7])),
    "bernoulli_logits": lambda: D.Bernoulli(logits=ag.tensor([-1.0, 2.0])),
    "laplace": lambda: D.Laplace(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 0.5])),
    "lognormal": lambda: D.LogNormal(ag.tensor([0.0, 1.0]), ag.tensor([0.25, 0.1])),
    "gamma": lambda: D.Gamma(ag.tensor([0.5, 3.0]), ag.tensor([1.0, 2.0])),
    "beta": lambda: D.Beta(ag.tensor([0.5, 3.0]), ag.tensor([2.0, 1.5])),
    "poisson": lambda: D.Poisson(ag.tensor([0.5, 4.0])),
    "geometric": lambda: D.Geometric(ag.tensor([0.2, 0.7])),
    "onehot": lambda: D.OneHotCategorical(ag.tensor([[0.2, 0.8], [0.6, 0.4]])),
    "independent": lambda: D.Independent(D.Normal(ag.tensor([[0.0, 1.0]]), 2.0), 1).expand((2,)),
    "binomial": lambda: D.Binomial(ag.tensor([3.0, 20.0]), ag.tensor([0.2, 0.7])),
    "binomial_logits": lambda: D.Binomial(10, logits=ag.tensor([-1.0, 2.0])),
    "negative_binomial": lambda: D.NegativeBinomial(ag.tensor([3.0, 0.5]), ag.tensor([0.2, 0.6])),
    "gumbel": lambda: D.Gumbel(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 0.5])),
    "half_normal": lambda: D.HalfNormal(ag.tensor([1.0, 0.5])),
    "chi2": lambda: D.Chi2(ag.tensor([1.0, 4.0])),
    "transformed": lambda: D.TransformedDistribution(D.Normal(ag.tensor([0.0, 1.0]), 0.5),
                                                     [D.AffineTransform(1.0, 2.0), D.TanhTransform()]),
}


@pytest.mark.parametrize("name", CASES)
def test_samples_have_the_extended_shape_and_the_moments(name):
    d = CASES[name]()
    shape = d.batch_shape + d.event_shape
    assert d.sample().shape == shape and d.sample((3, 4)).shape == (3, 4) + shape
    assert d.sample(5).shape == d.sample_n(5).shape == (5,) + shape
    x = d.sample((40000,)).numpy().astype(np.float64)
    if name == "transformed":  # no closed-form moments: those of the transformed normal draws
        z = np.tanh(1 + 2 * (np.array([0.0, 1.0]) + 0.5 * np.random.default_rng(0).standard_normal((40000, 2))))
        mean, var = z.mean(0), z.var(0)
    else:
        mean, var = d.mean.detach().numpy(), d.variance.detach().numpy()
    np.testing.assert_allclose(x.mean(0), mean, atol=0.05)
    np.testing.assert_allclose(x.var(0), var, rtol=0.05)


@pytest.mark.parametrize("name", CASES)
def test_manual_seed_makes_sampling_reproducible(name):
    ag.manual_seed(3)
    first = CASES[name]().sample((10,)).numpy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(CASES[name]().sample((10,)).numpy(), first)


def test_categorical_samples_follow_the_probabilities():
    probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])
    d = D.Categorical(ag.tensor(probs))
    assert d.sample().shape == (2,) and d.sample((3, 4)).shape == (3, 4, 2)
    x = d.sample((30000,)).numpy()
    assert x.dtype == np.int64
    freq = np.stack([(x == k).mean(0) for k in range(3)], -1)
    np.testing.assert_allclose(freq, probs, atol=0.02)


@pytest.mark.parametrize("name", ["normal", "uniform", "exponential", "laplace", "lognormal"])
def test_rsample_gradient_is_the_reparametrization(name):
    """d(sample)/d(parameter) at fixed noise: rebuild the sample from the noise by hand."""
    params = {"normal": [0.5, 2.0], "uniform": [-1.0, 3.0], "exponential": [1.5], "laplace": [0.5, 2.0],
              "lognormal": [0.5, 2.0]}[name]
    ts = [ag.tensor(p, dtype=ag.float64, requires_grad=True) for p in params]
    d = {"normal": D.Normal, "uniform": D.Uniform, "exponential": D.Exponential, "laplace": D.Laplace,
         "lognormal": D.LogNormal}[name](*ts)
    assert d.has_rsample
    x = d.rsample((1000,))
    x.sum().backward()
    xs, p = x.detach().numpy(), params
    if name in ("normal", "laplace"):  # x = loc + scale * noise
        expected = [1000.0, ((xs - p[0]) / p[1]).sum()]
    elif name == "lognormal":  # x = exp(loc + scale * noise)
        expected = [xs.sum(), (xs * (np.log(xs) - p[0]) / p[1]).sum()]
    elif name == "uniform":
        u = (xs - p[0]) / (p[1] - p[0])
        expected = [(1 - u).sum(), u.sum()]
    else:
        expected = [-(xs / p[0]).sum()]
    np.testing.assert_allclose([t.grad.item() for t in ts], expected, rtol=1e-10)


def test_cauchy_samples_have_the_median_and_quartiles():
    x = D.Cauchy(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 2.0])).sample((40000,)).numpy()
    np.testing.assert_allclose(np.quantile(x, [0.25, 0.5, 0.75], axis=0), [[-1, -1], [0, 1], [1, 3]], atol=0.05)


@pytest.mark.parametrize("make", [lambda a, b: D.Cauchy(a, b), lambda a, b: D.Gumbel(a, b),
                                  lambda a, b: D.HalfNormal(b)])
def test_rsample_gradients_check(make):
    def rsample(a, b):
        ag.manual_seed(0)
        return make(a, b).rsample((3,))
    inputs = [ag.tensor([0.5, -1.0], dtype=ag.float64, requires_grad=True),
              ag.tensor([0.7, 2.0], dtype=ag.float64, requires_grad=True)]
    assert ag.gradcheck(rsample, inputs) and ag.gradgradcheck(rsample, inputs)


def test_multivariate_normal_samples_have_the_covariance_and_rsample_gradients():
    cov = np.array([[2.0, 0.6, 0.0], [0.6, 1.0, -0.3], [0.0, -0.3, 0.5]])
    loc = ag.tensor([[1.0, 0.0, -1.0]], dtype=ag.float64, requires_grad=True)
    tril = ag.tensor(np.linalg.cholesky(cov), requires_grad=True)
    for d in [D.MultivariateNormal(loc, ag.tensor(cov)), D.MultivariateNormal(loc, precision_matrix=ag.tensor(
            np.linalg.inv(cov))), D.MultivariateNormal(loc, scale_tril=tril)]:
        assert d.batch_shape == (1,) and d.event_shape == (3,) and d.sample((4, 5)).shape == (4, 5, 1, 3)
        x = d.sample((40000,)).numpy()[:, 0]
        np.testing.assert_allclose(x.mean(0), [1, 0, -1], atol=0.03)
        np.testing.assert_allclose(np.cov(x.T), cov, atol=0.05)
    x = d.rsample((1000,))
    x.sum().backward()
    noise = np.linalg.solve(np.linalg.cholesky(cov), (x.detach().numpy() - loc.detach().numpy())[..., None])
    np.testing.assert_allclose(loc.grad.numpy(), [[1000.0] * 3])
    # d x_i / d L_ij = noise_j
    np.testing.assert_allclose(tril.grad.numpy(), np.ones((3, 1)) * noise.sum(0).reshape(3), rtol=1e-8)
    np.testing.assert_allclose(d.covariance_matrix.detach().numpy()[0], cov)
    np.testing.assert_allclose(d.precision_matrix.detach().numpy()[0], np.linalg.inv(cov))


def test_dirichlet_samples_lie_on_the_simplex_with_the_mean():
    d = D.Dirichlet(ag.tensor([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]]))
    x = d.sample((20000,)).numpy()
    assert x.shape == (20000, 2, 3) and (x > 0).all()
    np.testing.assert_allclose(x.sum(-1), 1, rtol=1e-5)
    np.testing.assert_allclose(x.mean(0), d.mean.numpy(), atol=0.01)
    np.testing.assert_allclose(x.var(0), d.variance.numpy(), rtol=0.05)


@pytest.mark.parametrize("make", [lambda: D.Poisson(1.0), lambda: D.Bernoulli(0.5)])
def test_distributions_without_rsample_say_so(make):
    d = make()
    assert not d.has_rsample
    with pytest.raises(NotImplementedError, match="does not implement rsample"):
        d.rsample()


def test_sample_carries_no_gradient():
    loc = ag.tensor([0.0], requires_grad=True)
    assert not D.Normal(loc, 1.0).sample().requires_grad and D.Normal(loc, 1.0).rsample().requires_grad
    assert not D.Bernoulli(D.Normal(loc, 1.0).cdf(loc)).has_rsample


def test_expand_shares_the_parameters():
    d = D.Normal(ag.tensor([0.0, 1.0]), 1.0).expand((3, 2))
    assert d.batch_shape == (3, 2) and d.sample((4,)).shape == (4, 3, 2) and d.log_prob(ag.zeros(3, 2)).shape == (3, 2)
    c = D.Categorical(logits=ag.zeros(2, 5)).expand((4, 2))
    assert c.batch_shape == (4, 2) and c.param_shape == (4, 2, 5) and c.sample().shape == (4, 2)
    b = D.Bernoulli(ag.tensor([0.3]))
    b.logits  # a derived parameter is expanded too
    assert b.expand((3,)).logits.shape == (3,)


def test_one_hot_categorical_samples_and_support():
    d = D.OneHotCategorical(logits=ag.zeros(2, 3))
    x = d.sample((5,))
    assert x.shape == (5, 2, 3) and x.dtype == np.float32 and (x.sum(-1).numpy() == 1).all()
    assert d.expand((4, 2)).sample().shape == (4, 2, 3)
    assert d.enumerate_support().shape == (3, 2, 3) and d.enumerate_support(expand=False).shape == (3, 1, 3)
    with pytest.raises(ValueError, match="OneHot"):
        d.log_prob(ag.tensor([0.5, 0.5, 0.0]))


def test_enumerate_support():
    values = D.Bernoulli(ag.tensor([0.3, 0.4])).enumerate_support()
    np.testing.assert_array_equal(values.numpy(), [[0, 0], [1, 1]])
    b = D.Binomial(ag.tensor([3.0, 3.0]), ag.tensor([0.3, 0.4]))
    np.testing.assert_array_equal(b.enumerate_support().numpy(), [[0, 0], [1, 1], [2, 2], [3, 3]])
    assert b.enumerate_support(expand=False).shape == (4, 1) and b.enumerate_support().dtype == np.float32
    with pytest.raises(NotImplementedError, match="inhomogeneous total_count"):
        D.Binomial(ag.tensor([3.0, 4.0]), ag.tensor([0.3, 0.4])).entropy()
    c = D.Categorical(ag.ones(2, 3))
    assert c.enumerate_support().shape == (3, 2) and c.enumerate_support(expand=False).shape == (3, 1)


def test_float32_parameters_give_float32():
    d = D.Normal(ag.tensor([0.0]), 1.0)
    assert d.scale.dtype == np.float32 and d.sample().dtype == np.float32 and d.entropy().dtype == np.float32
    d64 = D.Exponential(ag.tensor([1.0], dtype=ag.float64))
    assert d64.rsample().dtype == np.float64 and d64.log_prob(ag.tensor([1.0])).dtype == np.float64


@pytest.mark.parametrize("make, match", [
    (lambda: D.Normal(0.0, -1.0), "parameter scale .* GreaterThan"),
    (lambda: D.Uniform(1.0, 0.0), "parameter low .* LessThan"),
    (lambda: D.Bernoulli(ag.tensor([1.5])), "parameter probs .* Interval"),
    (lambda: D.Bernoulli(), "either `probs` or `logits`"),
    (lambda: D.Bernoulli(0.5, logits=0.0), "either `probs` or `logits`"),
    (lambda: D.Categorical(ag.tensor(0.5)), "at least one-dimensional"),
    (lambda: D.Exponential(1.0).log_prob(ag.tensor(-1.0)), "within the support"),
    (lambda: D.Categorical(ag.ones(3)).log_prob(ag.tensor(3)), "within the support"),
    (lambda: D.Normal(ag.zeros(2), 1.0).log_prob(ag.ones(3, 3)), "not broadcastable"),
    (lambda: D.Normal(0.0, 1.0).log_prob(0.5), "must be a Tensor"),
    (lambda: D.Normal("a", 1.0), "numbers.Number or Tensor"),
    (lambda: D.MultivariateNormal(ag.tensor(0.0), ag.eye(1)), "loc must be at least one-dimensional"),
    (lambda: D.MultivariateNormal(ag.zeros(2)), "exactly one of"),
    (lambda: D.MultivariateNormal(ag.zeros(2), ag.eye(2), scale_tril=ag.eye(2)), "exactly one of"),
    (lambda: D.MultivariateNormal(ag.zeros(2), ag.ones(2)), "at least two-dimensional"),
    (lambda: D.MultivariateNormal(ag.zeros(2), ag.eye(3)), "does not match loc"),
    (lambda: D.MultivariateNormal(ag.zeros(2), scale_tril=ag.ones(2, 2)), "LowerCholesky"),
    (lambda: D.MultivariateNormal(ag.zeros(2), ag.tensor([[1.0, 2.0], [0.0, 1.0]])), "PositiveDefinite"),
    (lambda: D.MultivariateNormal(ag.zeros(2), ag.eye(2)).log_prob(ag.zeros(3)), "right-most size"),
    (lambda: D.Independent(D.Normal(ag.zeros(2), 1.0), 2), "reinterpreted_batch_ndims"),
    (lambda: D.Dirichlet(ag.tensor(1.0)), "at least one-dimensional"),
    (lambda: D.Dirichlet(ag.tensor([1.0, 0.0])), "parameter concentration"),
    (lambda: D.Beta(1.0, 1.0).log_prob(ag.tensor(1.5)), "within the support"),
    (lambda: D.Poisson(1.0).log_prob(ag.tensor(1.5)), "within the support"),
    (lambda: D.Gamma(ag.tensor([1.0]), -1.0), "parameter rate"),
    (lambda: D.Independent(D.Normal(ag.zeros(2), 1.0), 1).log_prob(ag.zeros(3)), "not broadcastable"),
    (lambda: D.Binomial(ag.tensor([-1.0]), 0.5), "parameter total_count .* IntegerGreaterThan"),
    (lambda: D.Binomial(ag.tensor([1.5]), 0.5), "parameter total_count"),
    (lambda: D.Binomial(5, ag.tensor([1.5])), "parameter probs"),
    (lambda: D.Binomial(5), "either `probs` or `logits`"),
    (lambda: D.Binomial(3, ag.tensor([0.5])).log_prob(ag.tensor([4.0])), "within the support .*IntegerInterval"),
    (lambda: D.NegativeBinomial(ag.tensor([-1.0]), 0.5), "parameter total_count .* GreaterThanEq"),
    (lambda: D.NegativeBinomial(2.0, ag.tensor([1.0])), "parameter probs .* HalfOpenInterval"),
    (lambda: D.NegativeBinomial(2.0, ag.tensor([0.5])).log_prob(ag.tensor([0.5])), "within the support"),
    (lambda: D.Cauchy(0.0, ag.tensor([0.0])), "parameter scale"),
    (lambda: D.Gumbel(ag.tensor([float("nan")]), 1.0), "parameter loc .* Real"),
    (lambda: D.HalfNormal(ag.tensor([-1.0])), "parameter scale"),
    (lambda: D.HalfNormal(1.0).log_prob(ag.tensor([-1.0])), "within the support"),
    (lambda: D.Chi2(ag.tensor([0.0])), "parameter df"),
])
def test_bad_arguments_raise_value_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_validate_args_false_skips_the_checks():
    assert D.Normal(0.0, -1.0, validate_args=False).scale.item() == -1.0
    assert D.Exponential(1.0, validate_args=False).log_prob(ag.tensor(-1.0)).item() == 1.0  # as torch: no mask
    D.Distribution.set_default_validate_args(False)
    try:
        assert D.Normal(0.0, -1.0).scale.item() == -1.0
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError, match="True or False"):
        D.Distribution.set_default_validate_args("yes")


def test_gpu_values_are_not_checked(monkeypatch):
    """Validation reads the values, so it is skipped for GPU data (no sync): nothing is even computed."""
    from autograd_core.distributions import constraints, distribution

    def no_check(self, value):
        raise AssertionError("a GPU value's constraint was checked")

    monkeypatch.setattr(distribution, "on_gpu", lambda data: True)
    monkeypatch.setattr(constraints._GreaterThan, "check", no_check)
    monkeypatch.setattr(constraints._Real, "check", no_check)
    d = D.Normal(0.0, -1.0)
    assert d.scale.item() == -1.0
    assert D.Exponential(1.0).log_prob(ag.tensor(-1.0)).item() == 1.0
