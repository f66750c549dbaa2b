"""The relaxed (Concrete / Gumbel-softmax) distributions against torch.distributions: log_prob values and
gradients, shapes, reparameterized sampling (gradcheck at a fixed seed) and sample statistics."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D

torch = pytest.importorskip("torch")  # before test_parity, which skips its module without torch

from .test_parity import compare  # noqa: E402
TD = torch.distributions
rng = np.random.default_rng(3)
TEMP = np.array(0.7)
P, LOGITS = rng.uniform(0.1, 0.9, (2, 3)), rng.standard_normal((2, 3))
CAT = rng.dirichlet(np.ones(4), (2,))
UNIT = rng.uniform(0.05, 0.95, (5, 2, 3))
SIMPLEX = rng.dirichlet(np.ones(4), (5, 2))



def _base(m, name):
    """The base distributions torch keeps in their modules only."""
    if m is D:
        return getattr(D.relaxed, name)
    return getattr(TD.relaxed_bernoulli if "Bernoulli" in name else TD.relaxed_categorical, name)


# name: (how to build it from (module, temperature, param), the param, a value in the support)
DISTS = {
    "logit_bernoulli_probs": (lambda m, t, p: _base(m, "LogitRelaxedBernoulli")(t, probs=p), P, rng.standard_normal((5, 2, 3))),
    "bernoulli_probs": (lambda m, t, p: m.RelaxedBernoulli(t, probs=p), P, UNIT),
    "bernoulli_logits": (lambda m, t, lg: m.RelaxedBernoulli(t, logits=lg), LOGITS, UNIT),
    "exp_categorical_probs": (lambda m, t, p: _base(m, "ExpRelaxedCategorical")(t, probs=p), CAT, np.log(SIMPLEX)),
    "onehot_probs": (lambda m, t, p: m.RelaxedOneHotCategorical(t, probs=p), CAT, SIMPLEX),
    "onehot_logits": (lambda m, t, lg: m.RelaxedOneHotCategorical(t, logits=lg), LOGITS, SIMPLEX[..., :3]
                      / SIMPLEX[..., :3].sum(-1, keepdims=True)),
}


@pytest.mark.parametrize("name", DISTS)
def test_log_prob_and_shapes(name):
    make, param, value = DISTS[name]
    compare(lambda v, t, p: make(D, t, p).log_prob(v), lambda v, t, p: make(TD, t, p).log_prob(v),
            [value, TEMP, param], atol=1e-9, diff=(1, 2))
    ours, theirs = make(D, ag.tensor(TEMP), ag.tensor(param)), make(TD, torch.tensor(TEMP), torch.tensor(param))
    assert (ours.batch_shape, ours.event_shape) == (tuple(theirs.batch_shape), tuple(theirs.event_shape))
    assert ours.rsample((4,)).shape == tuple(theirs.rsample((4,)).shape)
    assert ours.has_rsample and ours.expand((3,) + ours.batch_shape).sample().shape == (3,) + tuple(
        theirs.expand((3,) + theirs.batch_shape).sample().shape[1:])
    np.testing.assert_allclose(ours.probs.detach().numpy(), theirs.probs.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.logits.detach().numpy(), theirs.logits.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("name", DISTS)
def test_rsample_is_differentiable(name):
    make, param, _ = DISTS[name]

    def rsample(t, p):
        ag.manual_seed(0)
        return make(D, t, p).rsample((3,))
    inputs = [ag.tensor(TEMP, requires_grad=True), ag.tensor(param, requires_grad=True)]
    assert ag.gradcheck(rsample, inputs) and ag.gradgradcheck(rsample, inputs)
    x = make(D, *inputs).rsample()
    assert x.requires_grad and not make(D, *inputs).sample().requires_grad


@pytest.mark.parametrize("name", ["bernoulli_probs", "onehot_probs", "exp_categorical_probs"])
def test_sample_statistics_match_torch(name):
    make, param, _ = DISTS[name]
    ag.manual_seed(0)
    torch.manual_seed(0)
    ours = make(D, ag.tensor(TEMP), ag.tensor(param)).sample((40000,)).numpy()
    theirs = make(TD, torch.tensor(TEMP), torch.tensor(param)).sample((40000,)).numpy()
    std_error = theirs.std(0).max() * np.sqrt(2 / 40000)  # of the difference of the two means
    np.testing.assert_allclose(ours.mean(0), theirs.mean(0), atol=5 * std_error)
    np.testing.assert_allclose(ours.std(0), theirs.std(0), rtol=0.03)


def test_low_temperature_samples_approach_the_discrete_ones():
    ag.manual_seed(1)
    x = D.RelaxedBernoulli(ag.tensor(0.01), probs=ag.tensor([0.2, 0.7])).sample((20000,)).numpy()
    assert np.mean((x < 0.01) | (x > 0.99)) > 0.95
    np.testing.assert_allclose(x.mean(0), [0.2, 0.7], atol=0.02)
    y = D.RelaxedOneHotCategorical(0.01, probs=ag.tensor([0.1, 0.3, 0.6])).sample((20000,)).numpy()
    np.testing.assert_allclose(y.sum(-1), 1, rtol=1e-5)
    np.testing.assert_allclose(y.mean(0), [0.1, 0.3, 0.6], atol=0.02)


def test_a_temperature_of_another_type_is_a_type_error():
    with pytest.raises(TypeError, match="a number or a Tensor, got str"):
        D.RelaxedBernoulli("hot", probs=ag.tensor([0.5]))


def test_a_number_temperature_becomes_a_tensor_of_the_parameters_dtype():
    d = D.RelaxedBernoulli(0.5, logits=ag.tensor([0.0], dtype=ag.float64))
    assert d.temperature.dtype == np.float64 and d.log_prob(ag.tensor([0.3])).shape == (1,)
    assert repr(d).startswith("RelaxedBernoulli(") and "logits: 0.0" in repr(d)


@pytest.mark.parametrize("make, match", [
    (lambda: D.RelaxedBernoulli(ag.tensor(0.5), probs=ag.tensor([0.5])).log_prob(ag.tensor([1.5])), "support"),
    (lambda: D.RelaxedBernoulli(ag.tensor(0.5), probs=ag.tensor([1.5])), "parameter probs"),
    (lambda: D.RelaxedBernoulli(ag.tensor(0.5)), "either `probs` or `logits`"),
    (lambda: D.RelaxedOneHotCategorical(ag.tensor(0.5), probs=ag.ones(3)).log_prob(ag.tensor([0.5, 0.6, 0.1])),
     "Simplex"),
    (lambda: D.RelaxedOneHotCategorical(ag.tensor(0.5), logits=ag.tensor(1.0)), "at least one-dimensional"),
])
def test_bad_arguments_raise_value_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
