"""Tensor.register_post_accumulate_grad_hook: called once per backward, after the leaf's whole
gradient is in ``.grad``; never for autograd.grad; leaves that require grad only."""
import numpy as np
import pytest

import autograd_core as ag


def test_called_once_with_the_summed_gradient():
    x = ag.tensor(np.ones(3), requires_grad=True)
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.numpy().copy()))
    ((x * 2).sum() + (x * 3).sum()).backward()
    assert len(seen) == 1
    np.testing.assert_array_equal(seen[0], [5, 5, 5])


def test_sees_the_gradient_after_register_hook_and_accumulation():
    x = ag.tensor(np.ones(2), requires_grad=True)
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.numpy().copy()))
    x.register_hook(lambda g: g * 10)
    (x * 1).sum().backward()
    (x * 1).sum().backward()
    np.testing.assert_array_equal(seen[0], [10, 10])
    np.testing.assert_array_equal(seen[1], [20, 20])  # after accumulating into the existing .grad


def test_not_called_by_autograd_grad_and_removable():
    x = ag.tensor(np.ones(2), requires_grad=True)
    seen = []
    handle = x.register_post_accumulate_grad_hook(seen.append)
    ag.autograd.grad((x * 2).sum(), x)
    assert seen == []
    handle.remove()
    (x * 2).sum().backward()
    assert seen == []
    np.testing.assert_array_equal(x.grad.numpy(), [2, 2])


def test_optimizer_step_in_backward():
    w = ag.tensor(np.ones(2), requires_grad=True)

    def step(t):
        with ag.no_grad():
            t -= 0.1 * t.grad
        t.grad = None
    w.register_post_accumulate_grad_hook(step)
    (w * w).sum().backward()
    np.testing.assert_allclose(w.detach().numpy(), [0.8, 0.8])
    assert w.grad is None


def test_errors():
    with pytest.raises(RuntimeError, match="non-leaf"):
        (ag.tensor(np.ones(2), requires_grad=True) * 2).register_post_accumulate_grad_hook(print)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        ag.tensor(np.ones(2)).register_post_accumulate_grad_hook(print)
    z = ag.tensor(np.ones(2), requires_grad=True)
    z.register_post_accumulate_grad_hook(lambda t: 5)
    with pytest.raises(TypeError, match="must return None"):
        (z * 1).sum().backward()
