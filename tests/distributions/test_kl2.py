"""KL divergences between different families (against torch.distributions and Monte Carlo), the cached
dispatch of kl_divergence, and Bernoulli at infinite logits."""
import math

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D
from autograd_core.distributions import kl as kl_module
from torch_parity import compare

rng = np.random.default_rng(5)
POS, POS2 = rng.uniform(0.5, 2, (2, 3)), rng.uniform(0.5, 2, (3,))
LOC = rng.standard_normal((2, 3))
P = rng.uniform(0.1, 0.9, (2, 3))
IN01_LOW, IN01_HIGH = rng.uniform(0.05, 0.3, (2, 3)), rng.uniform(0.6, 0.95, (3,))
WIDE_LOW, WIDE_HIGH = rng.uniform(-2, -0.5, (3,)), rng.uniform(1.5, 3, (2, 3))
COUNT = np.full((2, 3), 6.0)


# name: (p from (module, *its params), q likewise, p's params + q's params)
FINITE = {
    "bernoulli_poisson": (lambda m, p: m.Bernoulli(p), lambda m, r: m.Poisson(r), [P, POS2]),
    "beta_exponential": (lambda m, a, b: m.Beta(a, b), lambda m, r: m.Exponential(r), [POS, POS2, POS2]),
    "beta_gamma": (lambda m, a, b: m.Beta(a, b), lambda m, a, b: m.Gamma(a, b), [POS, POS2, POS2, POS]),
    "beta_normal": (lambda m, a, b: m.Beta(a, b), lambda m, l, s: m.Normal(l, s), [POS, POS2, LOC, POS2]),
    "beta_uniform": (lambda m, a, b: m.Beta(a, b), lambda m, lo, hi: m.Uniform(lo, hi),
                     [POS, POS2, WIDE_LOW, WIDE_HIGH]),
    "binomial_binomial": (lambda m, n, p: m.Binomial(n, p), lambda m, n, p: m.Binomial(n, p), [COUNT, P, COUNT, P[0]]),
    "exponential_gamma": (lambda m, r: m.Exponential(r), lambda m, a, b: m.Gamma(a, b), [POS, POS2, POS]),
    "exponential_gumbel": (lambda m, r: m.Exponential(r), lambda m, l, s: m.Gumbel(l, s), [POS, LOC, POS2]),
    "exponential_normal": (lambda m, r: m.Exponential(r), lambda m, l, s: m.Normal(l, s), [POS, LOC, POS2]),
    "gamma_exponential": (lambda m, a, b: m.Gamma(a, b), lambda m, r: m.Exponential(r), [POS, POS2, POS]),
    "gamma_gumbel": (lambda m, a, b: m.Gamma(a, b), lambda m, l, s: m.Gumbel(l, s), [POS, POS2, LOC, POS2]),
    "gamma_normal": (lambda m, a, b: m.Gamma(a, b), lambda m, l, s: m.Normal(l, s), [POS, POS2, LOC, POS2]),
    "gumbel_normal": (lambda m, l, s: m.Gumbel(l, s), lambda m, l, s: m.Normal(l, s), [LOC, POS2, LOC[0], POS]),
    "laplace_normal": (lambda m, l, s: m.Laplace(l, s), lambda m, l, s: m.Normal(l, s), [LOC, POS2, LOC[0], POS]),
    "normal_gumbel": (lambda m, l, s: m.Normal(l, s), lambda m, l, s: m.Gumbel(l, s), [LOC, POS2, LOC[1], POS]),
    "normal_laplace": (lambda m, l, s: m.Normal(l, s), lambda m, l, s: m.Laplace(l, s), [LOC, POS2, LOC[1], POS]),
    "uniform_beta": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, a, b: m.Beta(a, b),
                     [IN01_LOW, IN01_HIGH, POS, POS2]),
    "uniform_exponential": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, r: m.Exponential(r),
                            [IN01_LOW, IN01_HIGH, POS]),
    "uniform_gamma": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, a, b: m.Gamma(a, b),
                      [IN01_LOW, IN01_HIGH, POS, POS2]),
    "uniform_gumbel": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, l, s: m.Gumbel(l, s),
                       [WIDE_LOW, WIDE_HIGH, LOC, POS2]),
}

# pairs whose supports don't nest (p has mass where q has none): inf, of p's batch shape
INFINITE = {
    "exponential_beta": (lambda m, r: m.Exponential(r), lambda m, a, b: m.Beta(a, b), [POS, POS2, POS]),
    "exponential_uniform": (lambda m, r: m.Exponential(r), lambda m, lo, hi: m.Uniform(lo, hi),
                            [POS, WIDE_LOW, WIDE_HIGH]),
    "gamma_uniform": (lambda m, a, b: m.Gamma(a, b), lambda m, lo, hi: m.Uniform(lo, hi),
                      [POS, POS2, WIDE_LOW, WIDE_HIGH]),
    "gumbel_gamma": (lambda m, l, s: m.Gumbel(l, s), lambda m, a, b: m.Gamma(a, b), [LOC, POS2, POS, POS]),
    "laplace_exponential": (lambda m, l, s: m.Laplace(l, s), lambda m, r: m.Exponential(r), [LOC, POS, POS2]),
    "normal_beta": (lambda m, l, s: m.Normal(l, s), lambda m, a, b: m.Beta(a, b), [LOC, POS2, POS, POS]),
    "poisson_bernoulli": (lambda m, r: m.Poisson(r), lambda m, p: m.Bernoulli(p), [POS, P]),
    "poisson_binomial": (lambda m, r: m.Poisson(r), lambda m, n, p: m.Binomial(n, p), [POS, COUNT, P]),
    # support checks of a Uniform against a distribution on [0, inf) or [0, 1]
    "uniform_exponential_below_0": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, r: m.Exponential(r),
                                    [WIDE_LOW, WIDE_HIGH, POS]),
    "uniform_beta_outside": (lambda m, lo, hi: m.Uniform(lo, hi), lambda m, a, b: m.Beta(a, b),
                             [IN01_LOW, WIDE_HIGH, POS, POS2]),
    "beta_uniform_inside": (lambda m, a, b: m.Beta(a, b), lambda m, lo, hi: m.Uniform(lo, hi),
                            [POS, POS2, IN01_LOW, IN01_HIGH]),
}


def _split(p, q, params):
    n = p.__code__.co_argcount - 1
    return (lambda m, *a: m.kl_divergence(p(m, *a[:n]), q(m, *a[n:]))), params


@pytest.mark.parametrize("name", FINITE)
def test_values_and_gradients_match_torch(name):
    torch = pytest.importorskip("torch")
    fn, params = _split(*FINITE[name])
    diff = [k for k, a in enumerate(params) if a is not COUNT]
    compare(lambda *a: fn(D, *a), lambda *a: fn(torch.distributions, *a), params, atol=1e-9, diff=diff)


@pytest.mark.parametrize("name", INFINITE)
def test_pairs_without_nested_supports_are_infinite_as_torch(name):
    torch = pytest.importorskip("torch")
    fn, params = _split(*INFINITE[name])
    ours = fn(D, *map(ag.tensor, params))
    theirs = fn(torch.distributions, *map(torch.tensor, params))
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert np.isinf(ours.numpy()).any()


def test_gamma_from_beta_is_infinite_where_torchs_rule_fails():
    """torch registers (Gamma, Beta) to its Gamma-Exponential rule, which asks the Beta for a rate."""
    kl = D.kl_divergence(D.Gamma(ag.tensor(POS), 1.0), D.Beta(2.0, 3.0))
    assert kl.shape == (2, 3) and np.isinf(kl.numpy()).all()


def test_binomial_with_fewer_trials_than_q_is_not_implemented_as_torch():
    with pytest.raises(NotImplementedError, match="q.total_count > p.total_count"):
        D.kl_divergence(D.Binomial(2, ag.tensor(P)), D.Binomial(5, ag.tensor(P)))
    kl = D.kl_divergence(D.Binomial(5, ag.tensor(P)), D.Binomial(2, ag.tensor(P)))
    assert np.isinf(kl.numpy()).all()


@pytest.mark.parametrize("p, q", [(D.Gamma(ag.tensor([0.7, 3.0]), ag.tensor([1.5, 0.5])), D.Gumbel(1.0, 2.0)),
                                  (D.Uniform(ag.tensor([0.1, 0.4]), ag.tensor([0.5, 0.9])), D.Beta(2.0, 0.7)),
                                  (D.Normal(ag.tensor([0.3, -1.0]), 0.8), D.Laplace(0.5, 1.5)),
                                  (D.Exponential(ag.tensor([0.5, 3.0])), D.Gamma(2.0, 1.5))])
def test_closed_forms_match_monte_carlo(p, q):
    ag.manual_seed(3)
    x = p.sample((200_000,))
    estimate = (p.log_prob(x) - q.log_prob(x)).mean(0)
    np.testing.assert_allclose(D.kl_divergence(p, q).numpy(), estimate.numpy(), rtol=0.02, atol=0.005)


def test_dispatch_is_cached_per_pair_and_register_kl_clears_the_cache():
    class MyNormal(D.Normal):
        pass

    p, q = MyNormal(0.0, 1.0), D.Normal(1.0, 2.0)
    assert kl_module._dispatch_kl(MyNormal, D.Normal) is kl_module._kl_normal_normal
    hits = kl_module._dispatch_kl.cache_info().hits
    D.kl_divergence(p, q)
    assert kl_module._dispatch_kl.cache_info().hits == hits + 1
    try:
        D.register_kl(MyNormal, D.Normal)(lambda p, q: p.loc * 0 + 42.0)
        assert D.kl_divergence(p, q).item() == 42.0
    finally:
        del kl_module._KL_REGISTRY[MyNormal, D.Normal]
        kl_module._dispatch_kl.cache_clear()
    with pytest.raises(NotImplementedError, match="No KL"):
        D.kl_divergence(D.Categorical(ag.ones(3) / 3), D.Normal(0.0, 1.0))


INF = math.inf


def test_bernoulli_at_infinite_logits_is_certain():
    logits = ag.tensor([INF, -INF, INF, -INF, 0.0], dtype="float64", requires_grad=True)
    d = D.Bernoulli(logits=logits)
    value = ag.tensor([1.0, 0.0, 0.0, 1.0, 1.0], dtype="float64")
    np.testing.assert_array_equal(d.log_prob(value).detach().numpy(), [0, 0, -INF, -INF, -math.log(2)])
    np.testing.assert_allclose(d.entropy().detach().numpy(), [0, 0, 0, 0, math.log(2)])
    (d.log_prob(value).sum() + d.entropy().sum()).backward()
    np.testing.assert_allclose(logits.grad.numpy(), [0, 0, 0, 0, 0.5])


def test_bernoulli_kl_at_infinite_logits_matches_torch():
    torch = pytest.importorskip("torch")
    a = np.array([INF, -INF, 0.0, 30.0, -30.0, 800.0])
    b = np.array([0.0, 0.0, INF, -INF, 1.0, INF])
    for x, y in [(a, b), (b, a), (a, a)]:
        ours = D.kl_divergence(D.Bernoulli(logits=ag.tensor(x)), D.Bernoulli(logits=ag.tensor(y)))
        theirs = torch.distributions.kl_divergence(torch.distributions.Bernoulli(logits=torch.tensor(x)),
                                                   torch.distributions.Bernoulli(logits=torch.tensor(y)))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-9)
