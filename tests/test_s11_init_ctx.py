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


FREED = (r"^Trying to backward through the graph a second time \(or directly access saved tensors after they have "
         r"already been freed\)\. Saved intermediate values")


def _saving_function(lib, seen):
    """A PyTorch-style exp (of ``lib``: ag or torch) that saves its input, output and an intermediate and
    notes its ctx and what backward's ctx.saved_tensors gave."""
    class Exp(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y, twice = x.exp(), x * 2
            ctx.save_for_backward(x, y, twice)
            seen["ctx"] = ctx
            return y

        @staticmethod
        def backward(ctx, gy):
            seen["saved"] = ctx.saved_tensors
            return gy * seen["saved"][1]
    return Exp


@pytest.mark.parametrize("lib_name", ["ag", "torch"])
def test_ctx_saved_tensors_are_the_input_itself_and_the_output_of_the_graph(lib_name):
    lib = ag if lib_name == "ag" else pytest.importorskip("torch")
    seen = {}
    x = lib.ones(2, dtype=lib.float64, requires_grad=True)
    y = _saving_function(lib, seen).apply(x)
    y.sum().backward(retain_graph=True)
    sx, sy, stwice = seen["saved"]
    assert sx is x and sx.requires_grad
    assert sy is not y and sy.requires_grad and sy.grad_fn is y.grad_fn
    assert not stwice.requires_grad and stwice.grad_fn is None
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 1.0]))
    assert seen["ctx"].saved_tensors[0] is x  # kept by retain_graph
    y.sum().backward()
    with pytest.raises(RuntimeError, match=FREED):  # freed by the backward
        seen["ctx"].saved_tensors


def test_ctx_saved_tensors_of_a_dropped_graph_raise_torchs_error_and_the_node_is_not_kept_alive():
    import weakref
    seen = {}
    x = ag.ones(2, requires_grad=True)
    y = _saving_function(ag, seen).apply(x)
    node = weakref.ref(y.grad_fn)
    del y
    assert node() is None  # freed at once: the ctx and the saved input make no cycle through the node
    with pytest.raises(RuntimeError, match=FREED):
        seen["ctx"].saved_tensors


def test_ctx_saved_tensors_read_inside_forward_are_the_saved_values():
    class Double(ag.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            (seen,) = ctx.saved_tensors
            return seen * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = Double.apply(x)
    np.testing.assert_array_equal(y.detach().numpy(), [2.0, 4.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])
