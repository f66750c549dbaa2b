"""The backward walk: accumulation, hooks, freeing, errors, deep graphs, memory."""
import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import autograd_core as ag


def test_leaf_grad_accumulates_across_backward_calls():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3 + 2, 3 + 4])
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3, 3])
    x.grad.zero_()
    assert x.grad.tolist() == [0.0, 0.0]


def test_intermediates_get_no_grad_unless_retained():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    k = x * 3
    k.retain_grad()
    assert k.retains_grad and not h.retains_grad
    (h * k).sum().backward()
    assert h.grad is None
    np.testing.assert_allclose(k.grad.numpy(), h.numpy() if not h.requires_grad else h.detach().numpy())


def test_diamond_graphs_get_exact_gradients():
    a = ag.tensor([1.5, -2.0], requires_grad=True)
    b = a + a
    c = b * b  # c = 4a^2, dc/da = 8a
    c.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), 8 * a.detach().numpy())
    x = ag.tensor(2.0, requires_grad=True)
    y = x * x
    z = y * y + y * x + y  # x^4 + x^3 + x^2
    z.backward()
    assert x.grad.item() == pytest.approx(4 * 8 + 3 * 4 + 2 * 2)


def test_leaves_used_by_several_ops_never_share_a_grad_array():
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    b = ag.tensor([3.0, 4.0], requires_grad=True)
    (a + b).sum().backward()
    assert a.grad.data is not b.grad.data
    a.grad.data *= 10
    assert b.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**", "@"])
def test_numpy_arrays_and_scalars_on_the_left_keep_the_graph(op):
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    left = np.array([2.0, 3.0]) if op != "@" else np.array([[1.0, 2.0], [3.0, 4.0]])
    y = eval(f"left {op} x")
    assert isinstance(y, ag.Tensor) and y.requires_grad
    y.sum().backward()
    assert x.grad is not None and np.isfinite(x.grad.numpy()).all()
    if op != "@":
        z = eval(f"np.float64(2.0) {op} x")
        assert isinstance(z, ag.Tensor) and z.requires_grad


def test_backward_needs_gradient_for_non_scalar_and_checks_its_shape():
    x = ag.ones(3, requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match=r"one-element.*shape \(3,\).*gradient="):
        y.backward()
    with pytest.raises(RuntimeError, match=r"gradient has shape \(2,\) but the output has shape \(3,\)"):
        y.backward(ag.ones(2))
    y.backward(ag.tensor([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(x.grad.numpy(), [2, 4, 6])


def test_backward_on_a_tensor_without_grad_says_so():
    with pytest.raises(RuntimeError, match="does not require grad"):
        ag.ones(2).sum().backward()


def test_second_backward_through_freed_graph_raises_and_retain_graph_allows_it():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = (x.tanh() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()
    x.grad = None
    y = (x.tanh() * x).sum()
    y.backward(retain_graph=True)
    g1 = x.grad.numpy().copy()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * g1)


def test_hooks_on_leaves_and_intermediates():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = x.register_hook(lambda g: seen.append(g.tolist()))
    h = x * 3
    h.register_hook(lambda g: g * 10)  # replaces the gradient flowing on
    h.sum().backward()
    assert seen == [[30.0, 30.0]]
    np.testing.assert_allclose(x.grad.numpy(), [30, 30])
    handle.remove()
    x.grad = None
    (x * 1).sum().backward()
    assert len(seen) == 1


def test_backward_inputs_limits_accumulation():
    a = ag.tensor([1.0], requires_grad=True)
    b = ag.tensor([2.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    assert a.grad.tolist() == [2.0] and b.grad is None


def test_grad_function():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    w = ag.tensor([3.0, 4.0], requires_grad=True)
    y = (x * w).sum()
    gx, gw = ag.grad(y, [x, w], retain_graph=True)
    assert gx.tolist() == [3.0, 4.0] and gw.tolist() == [1.0, 2.0]
    assert x.grad is None  # grad() does not touch .grad
    unused = ag.tensor([0.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        ag.grad(y, [unused], retain_graph=True)
    assert ag.grad(y, [unused], allow_unused=True) == (None,)


def test_grad_of_intermediate():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    h = x * x
    y = (h * 3).sum()
    gh, = ag.grad(y, [h])
    assert gh.tolist() == [3.0, 3.0]


def test_deep_chain_runs_without_recursion_and_deletes_cleanly():
    x = ag.tensor([0.5], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.sum().backward()
    assert x.grad.item() == 1.0
    y = x
    for _ in range(100_000):
        y = y + 0.0
    del y  # a recursive destructor chain would crash the interpreter here
    gc.collect()


def test_graph_is_released_after_backward():
    x = ag.randn(50, requires_grad=True)
    h = x.tanh()
    ref = weakref.ref(h)
    y = (h * h).sum()
    del h
    assert ref() is not None  # still needed by the graph
    y.backward()
    assert ref() is None  # freed once backward ran, though y (the root) is alive
    assert y.grad_fn is not None


def test_training_like_loop_does_not_grow_memory():
    w = ag.randn(20, 20, requires_grad=True)
    x = ag.randn(8, 20)

    def step():
        loss = ((x @ w).tanh() ** 2).mean()
        loss.backward()
        with ag.no_grad():
            w.data -= 0.01 * w.grad.data
        w.grad = None

    for _ in range(50):
        step()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(1000):
        step()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert grown < 100_000, f"memory grew by {grown} bytes over 1000 steps"


def test_no_grad_and_friends():
    x = ag.ones(2, requires_grad=True)
    with ag.no_grad():
        assert not ag.is_grad_enabled()
        assert not (x * 2).requires_grad
        with ag.enable_grad():
            assert (x * 2).requires_grad
    assert ag.is_grad_enabled()

    @ag.no_grad()
    def f():
        return x * 2
    assert not f().requires_grad
    with ag.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert ag.is_grad_enabled()

    @ag.set_grad_enabled(False)
    def g():
        return ag.is_grad_enabled()
    assert g() is False and ag.is_grad_enabled()
