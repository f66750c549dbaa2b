"""Seeds and states of the random generators: ag.manual_seed/seed/initial_seed, get_rng_state/set_rng_state,
ag.Generator passed as generator= to every sampler, and ag.random.fork_rng."""
import numpy as np
import pytest

import autograd_core as ag

SAMPLERS = {
    "rand": lambda g: ag.rand(3, 4, generator=g),
    "randn": lambda g: ag.randn(5, generator=g, dtype=ag.float64),
    "randint": lambda g: ag.randint(0, 10, (6,), generator=g),
    "randperm": lambda g: ag.randperm(8, generator=g),
    "normal_floats": lambda g: ag.normal(1.0, 2.0, (4,), generator=g),
    "normal_tensors": lambda g: ag.normal(ag.zeros(3), ag.ones(3), generator=g),
    "bernoulli": lambda g: ag.bernoulli(ag.full((6,), 0.5), generator=g),
    "poisson": lambda g: ag.poisson(ag.full((4,), 3.0), generator=g),
    "multinomial": lambda g: ag.multinomial(ag.ones(2, 5), 3, generator=g),
    "uniform_": lambda g: ag.zeros(4).uniform_(-1, 1, generator=g),
    "normal_": lambda g: ag.zeros(4).normal_(generator=g),
}


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_a_generator_repeats_its_draws_and_leaves_the_global_one_alone(name):
    draw = SAMPLERS[name]
    ag.manual_seed(0)
    expected_global = ag.rand(3).numpy()
    ag.manual_seed(0)
    first = draw(ag.Generator().manual_seed(7)).numpy()
    second = draw(ag.Generator().manual_seed(7)).numpy()
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(ag.rand(3).numpy(), expected_global)


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_the_global_state_round_trips(name):
    draw = SAMPLERS[name]
    ag.manual_seed(3)
    ag.rand(2)
    state = ag.get_rng_state()
    first = draw(None).numpy()
    ag.set_rng_state(state)
    np.testing.assert_array_equal(draw(None).numpy(), first)


def test_generator_state_round_trips_midway_through_a_buffered_draw():
    g = ag.Generator().manual_seed(11)
    ag.randint(0, 2 ** 31, (3,), generator=g, dtype=ag.int32)  # leaves half a 64-bit word buffered
    state = g.get_state()
    assert state.dtype == np.uint8 and state.shape == (37,)
    first = ag.rand(5, generator=g).numpy()
    assert g.set_state(state) is g
    np.testing.assert_array_equal(ag.rand(5, generator=g).numpy(), first)


def test_seeds_as_torch():
    g = ag.Generator()
    assert g.manual_seed(5) is g and g.initial_seed() == 5 and g.device == "cpu"
    assert ag.manual_seed(-1) is ag.default_generator and ag.initial_seed() == 2 ** 64 - 1
    s = ag.seed()
    assert 0 <= s < 2 ** 64 and ag.initial_seed() == s
    s = g.seed()
    assert g.initial_seed() == s
    a = ag.rand(4, generator=ag.Generator().manual_seed(s)).numpy()
    np.testing.assert_array_equal(ag.rand(4, generator=g).numpy(), a)


def test_manual_seed_matches_a_generator_with_the_same_seed():
    ag.manual_seed(42)
    a = ag.randn(6).numpy()
    np.testing.assert_array_equal(ag.randn(6, generator=ag.Generator().manual_seed(42)).numpy(), a)


def test_fork_rng_restores_the_global_state():
    ag.manual_seed(1)
    with ag.random.fork_rng():
        ag.rand(10)
    after = ag.rand(3).numpy()
    ag.manual_seed(1)
    np.testing.assert_array_equal(ag.rand(3).numpy(), after)
    state = ag.get_rng_state().numpy()
    with ag.random.fork_rng(enabled=False):
        ag.rand(1)
    assert not np.array_equal(ag.get_rng_state().numpy(), state)


def test_errors():
    with pytest.raises(TypeError, match="generator must be an ag.Generator, got int"):
        ag.rand(3, generator=5)
    with pytest.raises(TypeError, match="set_state: expects the uint8 tensor"):
        ag.set_rng_state(ag.zeros(37))
    with pytest.raises(ValueError, match="set_state: expects a state of 37 bytes, got shape"):
        ag.Generator().set_state(ag.zeros(3, dtype=ag.uint8))
    with pytest.raises(ValueError, match="64 bits"):
        ag.manual_seed(2 ** 64)
    with pytest.raises(ValueError, match="only CPU generators"):
        ag.Generator("cuda")


def test_names_as_torch():
    torch = pytest.importorskip("torch")
    for name in ("Generator", "manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
                 "default_generator"):
        assert hasattr(torch, name) and hasattr(ag, name)
    assert hasattr(torch.random, "fork_rng")


def test_data_loading_takes_a_generator():
    from autograd_core.datasets import DataLoader, TensorDataset, random_split
    ds = TensorDataset(ag.arange(10))

    def order(seed):
        loader = DataLoader(ds, batch_size=10, shuffle=True, generator=ag.Generator().manual_seed(seed))
        return next(iter(loader))[0].numpy()
    np.testing.assert_array_equal(order(4), order(4))
    parts = [random_split(ds, [5, 5], generator=ag.Generator().manual_seed(2))[0].indices for _ in range(2)]
    np.testing.assert_array_equal(*parts)
