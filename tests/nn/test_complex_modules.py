"""nn modules and init with complex parameters, as PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim


def test_uniform_and_normal_fill_both_parts_of_a_complex_tensor():
    t = ag.empty(20000, dtype=ag.complex64)
    nn.init.uniform_(t, -1.0, 1.0)
    parts = t.real.numpy(), t.imag.numpy()
    assert t.dtype == np.complex64
    for p in parts:
        assert -1 <= p.min() < -0.99 and 0.99 < p.max() <= 1
    nn.init.normal_(t, 0.0, 2.0)
    for p in (t.real.numpy(), t.imag.numpy()):  # each part has variance std^2 / 2
        assert abs(p.std() - 2 / np.sqrt(2)) < 0.05


def test_a_complex_linear_layer_initialises_both_parts_and_trains():
    ag.manual_seed(0)
    layer = nn.Linear(4, 2, dtype=ag.complex64)
    assert layer.weight.dtype == np.complex64 and np.abs(layer.weight.imag.detach().numpy()).max() > 0
    x = ag.randn(16, 4, dtype=ag.complex64)
    target = ag.randn(16, 2, dtype=ag.complex64)
    opt = optim.Adam(layer.parameters(), lr=0.05)
    losses = []
    for _ in range(60):
        opt.zero_grad()
        loss = ((layer(x) - target).abs() ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


def test_sparse_fills_both_parts_of_a_complex_tensor_as_torch():
    t = nn.init.sparse_(ag.empty(400, 300, dtype=ag.complex64), 0.5, std=0.2)
    values = t.numpy()
    assert (values == 0).mean(axis=0).min() >= 0.5  # each column's zeros
    kept = values[values != 0]
    for p in (kept.real, kept.imag):  # each part has variance std^2 / 2, as torch's normal_
        assert abs(p.std() - 0.2 / np.sqrt(2)) < 0.01


@pytest.mark.parametrize("init", ["trunc_normal_", "orthogonal_"])
def test_inits_that_torch_refuses_on_complex_tensors_refuse_them(init):
    t = ag.zeros(3, 3, dtype=ag.complex64)  # they filled the real part alone
    with pytest.raises(NotImplementedError, match=f"{init}: complex tensors are not supported .complex64."):
        getattr(nn.init, init)(t)
    assert not t.numpy().any()


def test_clip_grad_value_refuses_complex_gradients_as_torch():
    p = nn.Parameter(ag.tensor(np.zeros(2, complex)))
    p.grad = ag.tensor(np.array([3 + 4j, -5 - 0.5j]))  # NumPy's lexicographic clip gave 1 and -1, parts dropped
    with pytest.raises(RuntimeError, match="clip_grad_value_: complex gradients can't be clamped"):
        nn.utils.clip_grad_value_([p], 1.0)
    np.testing.assert_array_equal(p.grad.numpy(), [3 + 4j, -5 - 0.5j])
