"""``inplace=True`` on activations and dropout (functions and layers) writes into the input, as PyTorch:
the same tensor comes back, gradients are those of the out-of-place form, a leaf that requires grad is
refused, and layers without an ``inplace`` option in PyTorch refuse it too."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

X = np.array([[-2.5, -0.7, 0.0, 0.4, 1.3, 7.0]])

CASES = [("relu", ()), ("relu6", ()), ("leaky_relu", (0.2,)), ("elu", (0.7,)), ("selu", ()), ("celu", (1.3,)),
         ("silu", ()), ("mish", ()), ("hardtanh", (-0.5, 0.5)), ("hardsigmoid", ()), ("hardswish", ()),
         ("threshold", (0.1, -3.0)), ("rrelu", (0.1, 0.3, False))]


@pytest.mark.parametrize("name,args", CASES, ids=[c[0] for c in CASES])
def test_inplace_function_writes_into_its_input_with_the_same_gradient(name, args):
    fn = getattr(F, name)
    a = ag.tensor(X, requires_grad=True)
    expected = fn(a * 1, *args)
    expected.sum().backward()
    b = ag.tensor(X, requires_grad=True)
    h = b * 1
    out = fn(h, *args, inplace=True)
    assert out is h
    np.testing.assert_allclose(h.detach().numpy(), expected.detach().numpy())
    out.sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), a.grad.numpy())


@pytest.mark.parametrize("name,args", CASES, ids=[c[0] for c in CASES])
def test_inplace_matches_torch(name, args):
    torch = pytest.importorskip("torch")
    t = torch.tensor(X)
    getattr(torch.nn.functional, name)(t, *args, inplace=True)
    ours = ag.tensor(X)
    getattr(F, name)(ours, *args, inplace=True)
    np.testing.assert_allclose(ours.numpy(), t.numpy(), atol=1e-12)


def test_inplace_on_a_leaf_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match="relu_: a leaf tensor that requires grad"):
        F.relu(ag.tensor(X, requires_grad=True), inplace=True)


def test_layers_pass_inplace_on():
    model = nn.Sequential(nn.Linear(6, 5), nn.ReLU(inplace=True), nn.Hardtanh(-0.5, 0.5, True),
                          nn.LeakyReLU(0.1, inplace=True), nn.RReLU(inplace=True), nn.Threshold(0.0, 1.0, True))
    x = ag.tensor(X)
    out = model(x)
    hidden = model[0](x)
    assert model[1](hidden) is hidden
    out.sum().backward()
    assert model[0].weight.grad.shape == (5, 6)
    assert "inplace=True" in repr(model[1])


@pytest.mark.parametrize("layer", [nn.Dropout, nn.Dropout1d, nn.AlphaDropout])
def test_dropout_inplace_writes_into_its_input_only_while_training(layer):
    x = ag.ones(4, 3, 8) * 1
    m = layer(0.5, inplace=True)
    assert m(x) is x
    assert (x.numpy() != 1).any()
    m.eval()
    y = ag.ones(4, 3, 8)
    assert m(y) is y and (y.numpy() == 1).all()


def test_layers_without_an_inplace_option_refuse_it_as_torch():
    with pytest.raises(TypeError, match="GELU got an unexpected argument 'inplace'"):
        nn.GELU(inplace=True)
    with pytest.raises(TypeError, match="Sigmoid takes the options"):
        nn.Sigmoid(True)
