"""Writing a new differentiable op from outside the package, and gradcheck itself."""
import numpy as np
import pytest

import autograd_core as ag


class Cube(ag.Function):
    """y = x ** 3 with a backward written with differentiable operators."""

    def forward(self, x):
        self.save_for_backward(x)
        return x ** 3

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * 3 * x * x


class WrongCube(Cube):
    def backward(self, gy):
        x, = self.saved_tensors
        return gy * 2 * x * x


class ScaledSum(ag.Function):
    """Two inputs, a non-tensor attribute, and needs_input_grad."""

    def __init__(self, scale):
        self.scale = scale

    def forward(self, a, b):
        return (a + b) * self.scale

    def backward(self, gy):
        need_a, need_b = self.needs_input_grad
        return (gy * self.scale if need_a else None), (gy * self.scale if need_b else None)


def test_user_function_passes_gradcheck_and_gradgradcheck():
    x = ag.tensor(np.random.default_rng(0).uniform(-2, 2, (3, 2)), requires_grad=True)
    assert ag.gradcheck(Cube.apply, [x])
    assert ag.gradgradcheck(Cube.apply, [x])
    g, = ag.grad(Cube.apply(x).sum(), x, create_graph=True)
    g2, = ag.grad(g.sum(), x)
    np.testing.assert_allclose(g2.numpy(), 6 * x.detach().numpy())


def test_user_function_with_attributes_and_needs_input_grad():
    a = ag.tensor(np.ones(3), requires_grad=True)
    b = ag.tensor(np.ones(3))
    y = ScaledSum(2.5)(a, b)
    assert y.grad_fn.needs_input_grad == (True, False)
    y.sum().backward()
    assert a.grad.tolist() == [2.5] * 3
    assert ag.gradcheck(lambda a_, b_: ScaledSum.apply(a_, b_, scale=2.0),
                        [ag.tensor(np.ones(2), requires_grad=True), ag.tensor(np.ones(2), requires_grad=True)])


def test_gradcheck_catches_a_wrong_backward_and_names_the_place():
    x = ag.tensor(np.array([1.0, 2.0]), requires_grad=True)
    with pytest.raises(AssertionError, match=r"input 0 at index \(0,\).*analytical.*numerical"):
        ag.gradcheck(WrongCube.apply, [x])


def test_gradcheck_wants_float64():
    with pytest.raises(ValueError, match="float64"):
        ag.gradcheck(ag.tanh, [ag.ones(2, requires_grad=True)])


def test_next_functions_expose_the_graph():
    x = ag.tensor([1.0], requires_grad=True)
    y = (x * 2).exp()
    assert type(y.grad_fn.next_functions[0]).__name__ == "MulScalar"
    assert y.grad_fn.next_functions[0].next_functions[0] is x


class TorchStyleExp(ag.Function):
    """Written the way PyTorch users write custom Functions."""

    @staticmethod
    def forward(ctx, x, scale):
        y = (x * scale).exp()
        ctx.save_for_backward(y)
        ctx.scale = scale
        return y

    @staticmethod
    def backward(ctx, gy):
        y, = ctx.saved_tensors
        return gy * y * ctx.scale, None


def test_pytorch_style_function_with_ctx():
    x = ag.tensor(np.array([0.1, -0.4, 0.7]), requires_grad=True)
    y = TorchStyleExp.apply(x, 2.0)
    np.testing.assert_allclose(y.detach().numpy(), np.exp(2 * x.detach().numpy()))
    assert y.grad_fn is not None
    assert ag.gradcheck(lambda t: TorchStyleExp.apply(t, 2.0), [x])
    x.grad = None
    (y * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 6 * np.exp(2 * x.detach().numpy()))
