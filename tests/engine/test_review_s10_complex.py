"""Review of the complex API (s10): gradients at infinities, refusals of the in-place and module forms."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.ops.complex_parts import real


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


INF = np.inf


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_logaddexp_gradient_at_an_infinite_operand_as_torch(dtype, torch):
    # torch's gradient is gy / (1 + exp(other - self)): 1 for the +inf operand, where exp(b - y) was NaN
    x = np.array([1.0, 800.0, -INF, 1.0], dtype)
    y = np.array([INF, -800.0, -INF, -INF], dtype)
    if dtype == np.complex128:  # torch's complex exp(inf + 0j) is inf + nanj, so its gradient at (1, -inf) is NaN
        x, y = x[:3], y[:3]
    tx, ty = torch.tensor(x, requires_grad=True), torch.tensor(y, requires_grad=True)
    ax, ay = ag.tensor(x, requires_grad=True), ag.tensor(y, requires_grad=True)
    torch.logaddexp(tx, ty).real.sum().backward()
    real(ag.logaddexp(ax, ay)).sum().backward()
    np.testing.assert_array_equal(ax.grad.numpy(), tx.grad.numpy())
    np.testing.assert_array_equal(ay.grad.numpy(), ty.grad.numpy())


Z = np.array([1 + 1j, 2 - 1j, 0.5j])


RELU_CALLS = [lambda m, n, z: m.relu(z), lambda m, n, z: z.relu(), lambda m, n, z: z.clone().relu_(),
              lambda m, n, z: n.functional.relu(z), lambda m, n, z: n.ReLU()(z)]


@pytest.mark.parametrize("call", RELU_CALLS)
def test_relu_refuses_complex_input(call):
    # NumPy's maximum orders complex numbers lexicographically: relu computed max(1+1j, 0) = 1+1j
    with pytest.raises(TypeError, match="relu"):
        call(ag, nn, ag.tensor(Z))


@pytest.mark.parametrize("call", RELU_CALLS)
def test_relu_refuses_complex_input_as_torch(call, torch):
    with pytest.raises(RuntimeError):
        call(torch, torch.nn, torch.tensor(Z))


ACTIVATIONS = [("leaky_relu", lambda F, z: F.leaky_relu(z)), ("elu", lambda F, z: F.elu(z)),
               ("elu", lambda F, z: F.selu(z)), ("celu", lambda F, z: F.celu(z)),
               ("hardtanh", lambda F, z: F.hardtanh(z)), ("hardtanh", lambda F, z: F.relu6(z)),
               ("hardsigmoid", lambda F, z: F.hardsigmoid(z)), ("hardswish", lambda F, z: F.hardswish(z)),
               ("softshrink", lambda F, z: F.softshrink(z)), ("threshold", lambda F, z: F.threshold(z, 0.1, 0.0)),
               ("rrelu", lambda F, z: F.rrelu(z)), ("prelu", lambda F, z: F.prelu(z, z[:1]))]


@pytest.mark.parametrize("name, call", ACTIVATIONS)
def test_ordering_activations_refuse_complex_input_naming_the_op(name, call):
    # they refused at an inner comparison, naming 'gt'
    with pytest.raises(TypeError, match=f"^{name}:"):
        call(nn.functional, ag.tensor(Z))


@pytest.mark.parametrize("name, call", ACTIVATIONS)
def test_ordering_activations_refuse_complex_input_as_torch(name, call, torch):
    with pytest.raises(RuntimeError):
        call(torch.nn.functional, torch.tensor(Z))
