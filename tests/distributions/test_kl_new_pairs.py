"""KL divergences between ContinuousBernoulli or Pareto and the other families, against torch.distributions (values
and parameter gradients; skipped without torch), and where ours differs from torch's (at the ends of [0, 1])."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag
from autograd_core import distributions as D

# name: (how to build it from (module, *params), the parameters: three batch entries each)
FAMILIES = {
    "pareto": (lambda m, s, a: m.Pareto(s, a), (np.array([0.5, 1.5, 1.0]), np.array([0.8, 2.5, 3.0]))),
    "continuous_bernoulli": (lambda m, p: m.ContinuousBernoulli(p), (np.array([0.2, 0.5, 0.9]),)),
    "normal": (lambda m, a, s: m.Normal(a, s), (np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 0.5]))),
    "exponential": (lambda m, r: m.Exponential(r), (np.array([1.0, 0.5, 2.0]),)),
    "gamma": (lambda m, a, b: m.Gamma(a, b), (np.array([1.0, 0.5, 2.0]), np.array([2.0, 1.0, 0.5]))),
    "beta": (lambda m, a, b: m.Beta(a, b), (np.array([1.0, 0.5, 2.0]), np.array([2.0, 1.0, 0.5]))),
    "uniform": (lambda m, lo, hi: m.Uniform(lo, hi), (np.array([0.1, 0.2, 2.0]), np.array([0.9, 0.5, 3.0]))),
    "gumbel": (lambda m, a, s: m.Gumbel(a, s), (np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 0.5]))),
    "laplace": (lambda m, a, s: m.Laplace(a, s), (np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 0.5]))),
}
FINITE = [("continuous_bernoulli", "normal"), ("pareto", "normal"), ("continuous_bernoulli", "exponential"),
          ("pareto", "exponential"), ("beta", "continuous_bernoulli"), ("uniform", "continuous_bernoulli"),
          ("pareto", "gamma"), ("uniform", "pareto")]
INFINITE = [("beta", "pareto"), ("continuous_bernoulli", "pareto"), ("exponential", "continuous_bernoulli"),
            ("exponential", "pareto"), ("gamma", "continuous_bernoulli"), ("gamma", "pareto"),
            ("gumbel", "continuous_bernoulli"), ("gumbel", "pareto"), ("laplace", "continuous_bernoulli"),
            ("laplace", "pareto"), ("normal", "continuous_bernoulli"), ("normal", "pareto"),
            ("pareto", "beta"), ("pareto", "continuous_bernoulli"), ("pareto", "uniform"),
            ("continuous_bernoulli", "uniform")]


def _kl(module, p, q):
    (make_p, params_p), (make_q, _) = FAMILIES[p], FAMILIES[q]
    n = len(params_p)
    return lambda *xs: module.kl_divergence(make_p(module, *xs[:n]), make_q(module, *xs[n:]))


@pytest.mark.parametrize("p,q", FINITE + INFINITE)
def test_kl_matches_torch(p, q):
    torch = pytest.importorskip("torch")
    params = [*FAMILIES[p][1], *FAMILIES[q][1]]
    # values only where some entry is infinite (the finite entries' gradients: the next test)
    finite = np.isfinite(_kl(D, p, q)(*[ag.tensor(a) for a in params]).numpy()).all()
    compare(_kl(D, p, q), _kl(torch.distributions, p, q), params, atol=1e-10, diff=None if finite else [])


@pytest.mark.parametrize("p,q", [(p, q) for p, q in FINITE])
def test_kl_gradients_of_the_finite_entries_match_torch(p, q):
    torch = pytest.importorskip("torch")
    params = [*FAMILIES[p][1], *FAMILIES[q][1]]
    ours_in = [ag.tensor(a, requires_grad=True) for a in params]
    theirs_in = [torch.tensor(a, requires_grad=True) for a in params]
    ours, theirs = _kl(D, p, q)(*ours_in), _kl(torch.distributions, p, q)(*theirs_in)
    weight = np.isfinite(ours.detach().numpy()).astype(np.float64)  # the infinite entries' gradients are nan in both
    (ours * ag.tensor(weight)).sum().backward()
    (theirs * torch.tensor(weight)).sum().backward()
    for x, t in zip(ours_in, theirs_in):
        g, tg = (np.zeros(3) if a.grad is None else a.grad.numpy() for a in (x, t))
        np.testing.assert_allclose(np.where(weight > 0, g, 0), np.where(weight > 0, tg, 0), atol=1e-10)


def test_kl_is_finite_for_distributions_on_exactly_zero_to_one():
    """torch returns inf for Uniform(0, 1) against a ContinuousBernoulli, and for a ContinuousBernoulli against
    Uniform(0, 1): both supports are [0, 1], so the KL is finite (-H(p) - E_p[log q])."""
    cb, unit = D.ContinuousBernoulli(ag.tensor([0.3])), D.Uniform(ag.tensor([0.0]), ag.tensor([1.0]))
    np.testing.assert_allclose(D.kl_divergence(cb, unit).numpy(), -cb.entropy().numpy())
    x = np.linspace(0, 1, 200001)[1:-1]
    log_q = cb.log_prob(ag.tensor(x)).numpy()
    np.testing.assert_allclose(D.kl_divergence(unit, cb).numpy(), [-log_q.mean()], rtol=1e-6)
