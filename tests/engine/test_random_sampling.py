"""randperm, multinomial, bernoulli, normal and poisson: drawn from the framework's generator (ag.manual_seed
makes them repeat), with PyTorch's shapes and dtypes and roughly the right distributions."""
import numpy as np
import pytest

import autograd_core as ag


def draws(fn):
    ag.manual_seed(123)
    first = fn()
    ag.manual_seed(123)
    return first, fn()


@pytest.mark.parametrize("fn", [
    lambda: ag.randperm(10),
    lambda: ag.multinomial(ag.tensor([[0.2, 0.0, 0.8], [1.0, 1.0, 1.0]]), 2),
    lambda: ag.tensor([0.1, 0.5, 0.9]).multinomial(5, replacement=True),
    lambda: ag.bernoulli(ag.full((4,), 0.5)),
    lambda: ag.normal(ag.zeros(3), ag.ones(2, 1)),
    lambda: ag.normal(0.0, 2.0, (4,)),
    lambda: ag.poisson(ag.full((5,), 3.0)),
], ids=["randperm", "multinomial", "multinomial_replacement", "bernoulli", "normal_tensors", "normal_floats",
        "poisson"])
def test_manual_seed_repeats_the_draw(fn):
    a, b = draws(fn)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_shapes_and_dtypes():
    assert sorted(ag.randperm(6).tolist()) == list(range(6)) and ag.randperm(6).dtype == np.int64
    assert ag.multinomial(ag.tensor([0.5, 0.5]), 7, True).shape == (7,)
    assert ag.multinomial(ag.ones(3, 4), 4).dtype == np.int64
    assert ag.bernoulli(ag.full((2, 3), 0.3)).dtype == np.float32
    assert ag.bernoulli(ag.zeros(2, dtype=ag.float64), 0.5).dtype == np.float64
    assert ag.normal(ag.zeros(3), 1.0).shape == (3,) and ag.normal(1.0, ag.ones(2, 2)).shape == (2, 2)
    assert ag.normal(0.0, 1.0, (2, 3)).dtype == np.float32
    assert ag.poisson(ag.ones(4, dtype=ag.float64)).dtype == np.float64


def test_without_replacement_draws_distinct_categories_in_sequential_odds():
    p = np.array([0.1, 0.0, 0.6, 0.3])
    rows = ag.multinomial(ag.tensor(np.tile(p, (40000, 1))), 2).numpy()
    assert (rows[:, 0] != rows[:, 1]).all() and not (rows == 1).any()
    second = [sum(p[i] * p[j] / (1 - p[i]) for i in range(4) if i != j) for j in range(4)]
    np.testing.assert_allclose(np.bincount(rows[:, 0], minlength=4) / 40000, p, atol=0.01)
    np.testing.assert_allclose(np.bincount(rows[:, 1], minlength=4) / 40000, second, atol=0.01)


def test_distributions_have_their_means():
    n = 100000
    counts = np.bincount(ag.multinomial(ag.tensor([1.0, 3.0]), n, True).numpy(), minlength=2) / n
    np.testing.assert_allclose(counts, [0.25, 0.75], atol=0.01)
    assert abs(ag.bernoulli(ag.full((n,), 0.3)).numpy().mean() - 0.3) < 0.01
    assert abs(ag.poisson(ag.full((n,), 4.0)).numpy().mean() - 4.0) < 0.05
    y = ag.normal(ag.full((n,), 2.0), ag.full((n,), 0.5)).numpy()
    assert abs(y.mean() - 2.0) < 0.01 and abs(y.std() - 0.5) < 0.01


def test_bad_parameters_raise():
    with pytest.raises(ValueError, match="multinomial: can't draw 3"):
        ag.multinomial(ag.tensor([0.5, 0.5]), 3)
    with pytest.raises(ValueError, match="non-negative"):
        ag.multinomial(ag.tensor([0.5, -0.5]), 1)
    with pytest.raises(ValueError, match="sum to 0"):
        ag.multinomial(ag.tensor([0.0, 0.0]), 1, True)
    with pytest.raises(ValueError, match=r"bernoulli: probabilities must lie in \[0, 1\]"):
        ag.bernoulli(ag.tensor([1.5]))
    with pytest.raises(ValueError, match="std must be non-negative"):
        ag.normal(ag.zeros(2), ag.tensor([1.0, -1.0]))
    with pytest.raises(TypeError, match="size"):
        ag.normal(0.0, 1.0)
    with pytest.raises(TypeError, match="float tensor"):
        ag.poisson(ag.tensor([1, 2]))


def test_samples_do_not_require_grad():
    mean = ag.zeros(3, requires_grad=True)
    assert not ag.normal(mean, 1.0).requires_grad
    assert not ag.bernoulli(ag.full((3,), 0.5, requires_grad=True)).requires_grad
