"""Regressions found by the differential review against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag


def test_var_std_positional_overloads_follow_pytorch():
    x_np = np.random.default_rng(0).standard_normal((3, 4))
    x = ag.tensor(x_np)
    np.testing.assert_allclose(x.var(1, False).numpy(), x_np.var(1))            # var(dim, unbiased)
    np.testing.assert_allclose(x.var(1, True).numpy(), x_np.var(1, ddof=1))      # shape (3,), not keepdim
    np.testing.assert_allclose(x.var(False).numpy(), x_np.var())                 # var(unbiased)
    assert x.var(0, True, True).shape == (1, 4)                                  # var(dim, unbiased, keepdim)
    np.testing.assert_allclose(x.std(0, False).numpy(), x_np.std(0))


def test_leaf_hooks_run_once_on_the_summed_gradient():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    calls = []

    def clip(g):
        calls.append(g.tolist())
        return g.clamp(max=1)
    x.register_hook(clip)
    (x * 2 + x * 3).sum().backward()
    assert calls == [[5.0, 5.0]] and x.grad.tolist() == [1.0, 1.0]


def test_grad_runs_leaf_hooks():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    x.register_hook(lambda g: g * 0)
    assert ag.grad((x * x).sum(), x)[0].tolist() == [0.0, 0.0]


def test_recorded_inplace_keeps_shape_and_dtype_or_refuses():
    w = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = w * 2
    with pytest.raises(RuntimeError, match=r"result has shape \(2, 3\).*has shape \(3,\)"):
        y += ag.ones(2, 3)
    y += ag.ones(3, dtype=ag.float64)
    assert y.dtype == np.float32
    base = w * 1
    base.reshape(3, 1).mul_(10)  # a view (here a reshape) is changed through its base, as PyTorch
    base.sum().backward()
    assert base.tolist() == [10.0, 20.0, 30.0] and w.grad.tolist() == [10.0] * 3


def test_inplace_through_detach_on_a_saved_output_is_caught():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    y = w.exp()
    y.detach().zero_()
    with pytest.raises(RuntimeError, match="ExpBackward: output 0"):
        y.sum().backward()


def test_small_semantics():
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    a[(0, 0), ].sum().backward()
    assert a.grad.tolist() == [2.0, 0.0]                      # a tuple inside an index is an index array
    assert ag.where(ag.tensor([True, False]), 1.0, 0.0).tolist() == [1.0, 0.0]
    v = ag.tensor([0.0, 1.0], requires_grad=True)
    lo = ag.zeros(2, requires_grad=True)
    v.clamp(min=lo).sum().backward()
    assert v.grad.tolist() == [1.0, 1.0] and lo.grad.tolist() == [0.0, 0.0]
    z = ag.tensor([0.0, 2.0], requires_grad=True)
    (z ** 0).sum().backward()
    assert z.grad.tolist() == [0.0, 0.0]
    s = ag.tensor(3.0)
    assert s.sum(0).item() == 3.0 and s.mean(-1).item() == 3.0 and s.max(dim=0).indices.item() == 0
    assert np.isnan(ag.zeros(0).mean().item())
    with pytest.raises(ValueError, match="expand"):
        ag.tensor([1.0, 2.0, 3.0]).expand(-1, 3)
    with pytest.raises(TypeError, match="0-d"):
        list(ag.tensor(1.0))
    with pytest.raises(TypeError, match="one int"):
        ag.ones(2, 3).max(dim=(0, 1))

    @ag.no_grad
    def double(x):
        return x * 2
    assert not double(ag.ones(2, requires_grad=True)).requires_grad


def test_max_over_a_non_empty_dim_of_an_empty_tensor_is_empty():
    e = ag.zeros(0, 3)
    assert e.amax(dim=1).shape == (0,) and e.max(dim=1).values.shape == (0,)
    with pytest.raises(ValueError, match="empty dimension"):
        e.amax(dim=0)
