"""The distributions and their KL divergences against torch.distributions: values and parameter gradients of
log_prob, cdf, icdf, entropy and the moments."""
import numpy as np
import pytest
import autograd_core as ag
from autograd_core import distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
rng = np.random.default_rng(0)
LOC, SCALE = rng.standard_normal((2, 3)), rng.uniform(0.5, 2, (3,))
X = rng.standard_normal((4, 2, 3))
P = rng.uniform(0.1, 0.9, (2, 3))
LOGITS = rng.standard_normal((2, 3))
CAT = rng.uniform(0.1, 1, (2, 4))
LOW, HIGH = rng.uniform(-2, -1, (3,)), rng.uniform(1, 2, (2, 3))
RATE = rng.uniform(0.5, 2, (2, 3))
U = rng.uniform(0.05, 0.95, (2, 3))
CONC, CONC2 = rng.uniform(0.5, 3, (2, 3)), rng.uniform(0.5, 3, (3,))
SIMPLEX = rng.dirichlet(np.ones(4), (3, 2))
_A = rng.standard_normal((2, 3, 3))
COV = _A @ _A.transpose(0, 2, 1) + np.eye(3)
TRIL = np.linalg.cholesky(COV[0])
BITS = (rng.random((5, 2, 3)) < 0.5).astype(np.float64)
COUNT = np.full((3,), 5.0)
TEMP = np.array(0.7)


def compare(ours_fn, torch_fn, arrays, atol=1e-10, diff=None):
    """Forward and the gradient of each float input (or those in ``diff``), ours against torch's, for a random
    output gradient; an input the output does not depend on has no gradient on either side."""
    diff = [k for k, a in enumerate(arrays) if a.dtype.kind == "f"] if diff is None else list(diff)
    ts = [torch.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    xs = [ag.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    ty, y = torch_fn(*ts), ours_fn(*xs)
    assert y.shape == tuple(ty.shape) and y.dtype == np.dtype(str(ty.dtype).replace("torch.", ""))
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=atol, rtol=1e-7)
    if not ty.requires_grad:
        assert not y.requires_grad
        return
    g = np.random.default_rng(1).standard_normal(y.shape)
    ty.backward(torch.tensor(g))
    (y * ag.tensor(g)).sum().backward()
    for k in diff:
        theirs = np.zeros(arrays[k].shape) if ts[k].grad is None else ts[k].grad.numpy()
        ours = np.zeros(arrays[k].shape) if xs[k].grad is None else xs[k].grad.numpy()
        np.testing.assert_allclose(ours, theirs, atol=atol, rtol=1e-7, err_msg=f"input {k}")


# name: (how to build it from (module, *params), the parameters)
DISTS = {
    "normal": (lambda m, a, b: m.Normal(a, b), (LOC, SCALE)),
    "bernoulli_probs": (lambda m, p: m.Bernoulli(probs=p), (P,)),
    "bernoulli_logits": (lambda m, lg: m.Bernoulli(logits=lg), (LOGITS,)),
    "categorical_probs": (lambda m, p: m.Categorical(probs=p), (CAT,)),
    "categorical_logits": (lambda m, lg: m.Categorical(logits=lg), (CAT,)),
    "uniform": (lambda m, lo, hi: m.Uniform(lo, hi), (LOW, HIGH)),
    "exponential": (lambda m, r: m.Exponential(r), (RATE,)),
    "laplace": (lambda m, a, b: m.Laplace(a, b), (LOC, SCALE)),
    "lognormal": (lambda m, a, b: m.LogNormal(a, b), (LOC, SCALE)),
    "gamma": (lambda m, a, b: m.Gamma(a, b), (CONC, CONC2)),
    "beta": (lambda m, a, b: m.Beta(a, b), (CONC, CONC2)),
    "dirichlet": (lambda m, c: m.Dirichlet(c), (CAT * 3,)),
    "poisson": (lambda m, r: m.Poisson(r), (RATE,)),
    "mvn_cov": (lambda m, a, c: m.MultivariateNormal(a, covariance_matrix=c), (LOC, COV)),
    "mvn_prec": (lambda m, a, c: m.MultivariateNormal(a, precision_matrix=c), (LOC, COV)),
    "mvn_tril": (lambda m, a, c: m.MultivariateNormal(a, scale_tril=c), (LOC, TRIL)),
    "independent": (lambda m, a, b: m.Independent(m.Normal(a, b), 1), (LOC, SCALE)),
    "geometric_probs": (lambda m, p: m.Geometric(probs=p), (P,)),
    "geometric_logits": (lambda m, lg: m.Geometric(logits=lg), (LOGITS,)),
    "onehot_probs": (lambda m, p: m.OneHotCategorical(probs=p), (CAT,)),
    "onehot_logits": (lambda m, lg: m.OneHotCategorical(logits=lg), (CAT,)),
    "binomial_probs": (lambda m, n, p: m.Binomial(n, probs=p), (COUNT, P)),
    "binomial_logits": (lambda m, n, lg: m.Binomial(n, logits=lg), (COUNT, LOGITS)),
    "negative_binomial_probs": (lambda m, n, p: m.NegativeBinomial(n, probs=p), (RATE, P)),
    "negative_binomial_logits": (lambda m, n, lg: m.NegativeBinomial(n, logits=lg), (COUNT, LOGITS)),
    "cauchy": (lambda m, a, b: m.Cauchy(a, b), (LOC, SCALE)),
    "gumbel": (lambda m, a, b: m.Gumbel(a, b), (LOC, SCALE)),
    "half_normal": (lambda m, s: m.HalfNormal(s), (RATE,)),
    "chi2": (lambda m, df: m.Chi2(df), (CONC,)),
}
NO_ENTROPY = ("poisson", "negative_binomial_probs", "negative_binomial_logits")  # torch has none either
VALUES = {"normal": X, "bernoulli_probs": BITS, "bernoulli_logits": BITS, "uniform": X.clip(-0.9, 0.9),
          "exponential": np.abs(X), "categorical_probs": np.array([[0, 3], [2, 1], [1, 1]]),
          "categorical_logits": np.array([[0, 3], [2, 1], [1, 1]]), "laplace": X, "lognormal": np.exp(X),
          "gamma": np.abs(X) + 0.1, "beta": U, "dirichlet": SIMPLEX, "poisson": np.floor(np.abs(X) * 3),
          "mvn_cov": X, "mvn_prec": X, "mvn_tril": X, "independent": X, "geometric_probs": np.floor(np.abs(X) * 3),
          "geometric_logits": np.floor(np.abs(X) * 3), "onehot_probs": np.eye(4)[[[0, 3], [2, 1], [1, 1]]],
          "onehot_logits": np.eye(4)[[[0, 3], [2, 1], [1, 1]]], "binomial_probs": np.floor(U * 6),
          "binomial_logits": np.floor(U * 6), "negative_binomial_probs": np.floor(np.abs(X) * 3),
          "negative_binomial_logits": np.floor(np.abs(X) * 3), "cauchy": X, "gumbel": X, "half_normal": np.abs(X),
          "chi2": np.abs(X) + 0.1}


def _parity(name, method):
    make, params = DISTS[name]
    compare(lambda *xs: method(make(D, *xs)), lambda *ts: method(make(TD, *ts)), list(params), atol=1e-10)


@pytest.mark.parametrize("name", DISTS)
@pytest.mark.parametrize("what", ["mean", "variance", "stddev", "entropy"])
def test_moments_and_entropy(name, what):
    if what == "entropy" and name in NO_ENTROPY:
        make, params = DISTS[name]
        with pytest.raises(NotImplementedError, match="does not implement entropy"):
            make(D, *[ag.tensor(p) for p in params]).entropy()
        return
    _parity(name, lambda d: d.entropy() if what == "entropy" else getattr(d, what))


@pytest.mark.parametrize("name", DISTS)
def test_log_prob(name):
    value = VALUES[name]
    make, params = DISTS[name]
    compare(lambda v, *xs: make(D, *xs).log_prob(v), lambda v, *ts: make(TD, *ts).log_prob(v), [value, *params],
            atol=1e-10, diff=range(1, 1 + len(params)))


@pytest.mark.parametrize("name", ["normal", "uniform", "exponential", "laplace", "lognormal", "cauchy", "gumbel",
                                  "half_normal"])
def test_cdf_and_icdf(name):
    make, params = DISTS[name]
    value = VALUES[name][0]
    compare(lambda v, *xs: make(D, *xs).cdf(v), lambda v, *ts: make(TD, *ts).cdf(v), [value, *params], atol=1e-10)
    compare(lambda v, *xs: make(D, *xs).icdf(v), lambda v, *ts: make(TD, *ts).icdf(v), [U, *params], atol=1e-9)


@pytest.mark.parametrize("name", ["normal", "uniform", "bernoulli_probs", "categorical_probs", "laplace",
                                  "lognormal", "gamma", "poisson", "mvn_tril", "independent", "geometric_probs",
                                  "onehot_probs", "binomial_probs", "negative_binomial_logits", "cauchy", "gumbel",
                                  "half_normal", "chi2", "beta", "dirichlet"])
def test_mode(name):
    make, params = DISTS[name]
    ours = make(D, *[ag.tensor(p) for p in params]).mode.numpy()
    np.testing.assert_array_equal(ours, make(TD, *[torch.tensor(p) for p in params]).mode.numpy())


KL_PAIRS = [("normal", "normal"), ("bernoulli_probs", "bernoulli_logits"), ("categorical_probs", "categorical_logits"),
            ("exponential", "exponential"), ("uniform", "normal"), ("laplace", "laplace"), ("lognormal", "lognormal"),
            ("gamma", "gamma"), ("beta", "beta"), ("dirichlet", "dirichlet"), ("poisson", "poisson"),
            ("mvn_cov", "mvn_tril"), ("mvn_tril", "mvn_prec"), ("independent", "independent"),
            ("geometric_probs", "geometric_logits"), ("onehot_probs", "onehot_logits"), ("half_normal", "half_normal"),
            ("cauchy", "cauchy"), ("gumbel", "gumbel")]


@pytest.mark.parametrize("p,q", KL_PAIRS)
def test_kl_divergence(p, q):
    (make_p, params_p), (make_q, params_q) = DISTS[p], DISTS[q]
    if p == q:
        params_q = tuple(a[::-1].copy() for a in params_q)
    n = len(params_p)

    def kl(module, kl_fn):
        return lambda *xs: kl_fn(make_p(module, *xs[:n]), make_q(module, *xs[n:]))
    compare(kl(D, D.kl_divergence), kl(TD, TD.kl_divergence), [*params_p, *params_q], atol=1e-10)


def test_uniform_kl_is_infinite_outside_the_support():
    p, q = D.Uniform(ag.tensor([0.0, 0.0]), 2.0), D.Uniform(ag.tensor([0.0, 1.0]), 3.0)
    np.testing.assert_allclose(D.kl_divergence(p, q).numpy(), [np.log(1.5), np.inf], rtol=1e-6)


def test_kl_of_an_unregistered_pair_says_so_and_register_kl_adds_it():
    with pytest.raises(NotImplementedError, match="Normal, q = Categorical"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Categorical(ag.ones(3)))

    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p, q):
        return p.loc * 0 + 7

    assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 7  # the more specific pair wins
    assert D.kl_divergence(D.Normal(0.0, 1.0), MyNormal(0.0, 1.0)).item() == 0
