"""Session 11: nn.init's ``generator=`` (as torch 2.13's), the graph walk shared by the function transforms
and forward AD, and ctx_function's saved tensors."""
import inspect

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

INITS = [("uniform_", (), (4, 3)), ("normal_", (), (4, 3)), ("trunc_normal_", (), (4, 3)),
         ("xavier_uniform_", (), (4, 3)), ("xavier_normal_", (), (4, 3)), ("kaiming_uniform_", (), (4, 3, 2)),
         ("kaiming_normal_", (), (4, 3, 2)), ("orthogonal_", (), (3, 5)), ("sparse_", (0.5,), (6, 3))]


@pytest.mark.parametrize("name, args, shape", INITS)
def test_init_generator_repeats_and_leaves_the_global_generator_alone(name, args, shape):
    init = getattr(nn.init, name)
    state = ag.get_rng_state()
    a, b = ag.empty(*shape, dtype=np.float64), ag.empty(*shape, dtype=np.float64)
    assert init(a, *args, generator=ag.Generator().manual_seed(7)) is a
    init(b, *args, generator=ag.Generator().manual_seed(7))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(ag.get_rng_state().numpy(), state.numpy())
    init(b, *args, generator=ag.Generator().manual_seed(8))
    assert not np.array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("name, args, shape", INITS)
def test_init_generator_must_be_a_generator(name, args, shape):
    with pytest.raises(TypeError, match="generator must be an ag.Generator"):
        getattr(nn.init, name)(ag.empty(*shape), *args, generator=7)


@pytest.mark.parametrize("name", [name for name, _, _ in INITS])
def test_init_signatures_match_torch(name):
    torch = pytest.importorskip("torch")
    ours = inspect.signature(getattr(nn.init, name)).parameters
    theirs = inspect.signature(getattr(torch.nn.init, name)).parameters
    assert list(ours) == list(theirs)
    assert [p.default for p in ours.values()] == [p.default for p in theirs.values()]
    assert [p.kind for p in ours.values()] == [p.kind for p in theirs.values()]


def test_walk_graph_visits_each_node_once_and_depends_on_uses_it():
    from autograd_core.func._transform import depends_on, graph_node, walk_graph
    x, w = ag.ones(3, requires_grad=True), ag.ones(3, requires_grad=True)
    y = (x * 2 + x).sum()
    seen = set()
    nodes = list(walk_graph(y, seen))
    assert len(nodes) == len({id(n) for n in nodes}) == len(seen) == 4  # sum, add, mul, x
    assert graph_node(y) is y.grad_fn and graph_node(x) is x and any(n is x for n in nodes)
    assert depends_on(y, [x]) and not depends_on(y, [w]) and not list(walk_graph(ag.ones(3), set()))
