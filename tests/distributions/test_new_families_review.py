"""Review of the new distributions: defects found against torch.distributions 2.13 and the theory, each with the
case that showed it (no torch needed)."""
import warnings

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D


def test_mixture_of_an_unbatched_categorical_picks_a_component_for_each_batch_entry_independently():
    """A batch of mixtures is a batch of independent distributions: a mixture batch broadcast over the
    components' batch must not make the entries pick the same component (it drew one pick for all)."""
    loc = ag.tensor(np.stack([np.full(500, -10.0), np.full(500, 10.0)], -1))
    d = D.MixtureSameFamily(D.Categorical(logits=ag.zeros(2)), D.Normal(loc, 0.1))
    positive = (d.sample((20,)).numpy() > 0).mean(-1)  # the share of the batch on the right component
    assert d.sample((20,)).shape == (20, 500)
    np.testing.assert_allclose(positive, 0.5, atol=0.1)


def test_multinomial_refuses_a_negative_total_count():
    """torch's Binomial check raises a ValueError naming total_count; it was accepted."""
    with pytest.raises(ValueError, match="total_count"):
        D.Multinomial(-1, ag.tensor([0.2, 0.8]))
    assert D.Multinomial(-1, ag.tensor([0.2, 0.8]), validate_args=False).total_count == -1


def test_wishart_redraws_only_singular_samples():
    """torch's rsample takes the support check (True where positive definite) for "singular", so it warns "Singular
    sample detected" and redraws every valid draw; ours warns and redraws only draws outside the support."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = D.Wishart(ag.tensor(5.0), covariance_matrix=ag.eye(3)).rsample((200,))
    assert D.constraints.positive_definite.check(x).numpy().all()
    torch = pytest.importorskip("torch")
    with pytest.warns(UserWarning, match="Singular sample detected"):
        torch.distributions.Wishart(torch.tensor(5.0), covariance_matrix=torch.eye(3)).rsample((200,))


@pytest.mark.parametrize("mixture_batch", [(5, 2), (1, 2), (5, 1), ()])
def test_mixture_moments_with_a_mixture_batch_broadcast_over_the_components(mixture_batch):
    """A (5, 2) mixture batch against (3, 5, 2) components (accepted by the constructor, and by log_prob) made mean
    and variance fail, as torch's: the mixture probabilities were padded on the wrong side."""
    rng = np.random.default_rng(0)
    logits, loc, scale = rng.standard_normal(mixture_batch + (4,)), rng.standard_normal((3, 5, 2, 4)), rng.uniform(
        0.5, 2, (3, 5, 2, 4))
    d = D.MixtureSameFamily(D.Categorical(logits=ag.tensor(logits)), D.Normal(ag.tensor(loc), ag.tensor(scale)))
    p = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    mean = (p * loc).sum(-1)
    np.testing.assert_allclose(d.mean.numpy(), mean, atol=1e-12)
    np.testing.assert_allclose(d.variance.numpy(), (p * (scale ** 2 + (loc - mean[..., None]) ** 2)).sum(-1),
                               atol=1e-12)
    assert d.sample((7,)).shape == (7, 3, 5, 2)


@pytest.mark.parametrize("mixture_batch,component_batch", [((2,), ()), ((2,), (1,)), ((4, 2), (2,))])
def test_mixture_batch_must_broadcast_to_the_component_batch(mixture_batch, component_batch):
    """torch takes these, with batch_shape the components' and log_prob of the larger broadcast shape (and its
    sample fails): a ValueError here."""
    mixture = D.Categorical(logits=ag.zeros(mixture_batch + (3,)))
    with pytest.raises(ValueError, match="compatible"):
        D.MixtureSameFamily(mixture, D.Normal(ag.zeros(component_batch + (3,)), 1.0))
