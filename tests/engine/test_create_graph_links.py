"""Under create_graph, which first gradients are themselves functions of the input: as PyTorch, those of
relu-like activations, abs and max pooling are (with derivative 0), those of linear ops, clamp and where
are not, so ``hessian(..., strict=True)`` can tell that a linear function's Hessian is independent of its
input."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F

X = np.array([-1.5, 0.5, 2.0])

LINKED = {"relu": ag.relu, "relu6": F.relu6, "leaky_relu": F.leaky_relu, "hardtanh": F.hardtanh,
          "hardsigmoid": F.hardsigmoid, "threshold": lambda t: F.threshold(t, 0.1, 0.0), "abs": ag.abs,
          "hardshrink": F.hardshrink, "softshrink": F.softshrink, "copysign": lambda t: ag.copysign(t, ag.ones(3)),
          "prelu": lambda t: F.prelu(t, ag.tensor([0.25], dtype=ag.float64)), "l1_loss": lambda t: F.l1_loss(t, 0 * t.detach()),
          "max_pool1d": lambda t: F.max_pool1d(t[None, None], 2), "rrelu": F.rrelu}
UNLINKED = {"linear": lambda t: 2 * t + 1, "clamp": lambda t: t.clamp(-1, 1), "where": lambda t: ag.where(t > 0, t, 0 * t),
            "maximum": lambda t: ag.maximum(t, ag.zeros(3, dtype=ag.float64)), "sign": ag.sign, "max": lambda t: t.max(),
            "index": lambda t: t[1:], "cat": lambda t: ag.cat([t, t]), "sort": lambda t: t.sort()[0]}


def _first_gradient(f):
    x = ag.tensor(X, requires_grad=True)
    return x, ag.grad(f(x).sum(), x, create_graph=True)[0]


@pytest.mark.parametrize("name", LINKED)
def test_gradients_of_piecewise_linear_ops_depend_on_the_input_with_zero_derivative(name):
    x, g = _first_gradient(LINKED[name])
    assert g.requires_grad
    second, = ag.grad(g.sum(), x)
    assert second.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("name", UNLINKED)
def test_gradients_of_linear_ops_do_not_require_grad(name):
    x, g = _first_gradient(UNLINKED[name])
    assert not g.requires_grad
    with pytest.raises(RuntimeError, match="does not require grad"):
        ag.grad(g.sum(), x)


@pytest.mark.parametrize("name", list(LINKED) + list(UNLINKED))
def test_as_torch(name):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    theirs = {"relu": torch.relu, "relu6": tf.relu6, "leaky_relu": tf.leaky_relu, "hardtanh": tf.hardtanh,
              "hardsigmoid": tf.hardsigmoid, "threshold": lambda t: tf.threshold(t, 0.1, 0.0), "abs": torch.abs,
              "hardshrink": tf.hardshrink, "softshrink": tf.softshrink,
              "copysign": lambda t: torch.copysign(t, torch.ones(3, dtype=t.dtype)),
              "prelu": lambda t: tf.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
              "l1_loss": lambda t: tf.l1_loss(t, 0 * t.detach()), "max_pool1d": lambda t: tf.max_pool1d(t[None, None], 2),
              "rrelu": tf.rrelu, "linear": lambda t: 2 * t + 1, "clamp": lambda t: t.clamp(-1, 1),
              "where": lambda t: torch.where(t > 0, t, 0 * t),
              "maximum": lambda t: torch.maximum(t, torch.zeros(3, dtype=t.dtype)), "sign": torch.sign,
              "max": lambda t: t.max(), "index": lambda t: t[1:], "cat": lambda t: torch.cat([t, t]),
              "sort": lambda t: t.sort().values}[name]
    x = torch.tensor(X, requires_grad=True)
    g, = torch.autograd.grad(theirs(x).sum(), x, create_graph=True)
    assert g.requires_grad == (name in LINKED)


def test_strict_hessian_detects_a_linear_function():
    x = ag.tensor(X, requires_grad=True)
    with pytest.raises(RuntimeError, match="independent"):
        ag.autograd.functional.hessian(lambda t: (2 * t).sum(), x, strict=True)
    np.testing.assert_array_equal(ag.autograd.functional.hessian(lambda t: (2 * t).sum(), x).numpy(), np.zeros((3, 3)))


def test_grad_fn_name_of_piecewise_and_division_ops_as_pytorch():
    x = ag.tensor([1.5, -2.5], requires_grad=True)
    assert ag.remainder(x, 2).grad_fn.name() == "RemainderBackward0"
    assert ag.fmod(x, 2).grad_fn.name() == "FmodBackward0"
    assert ag.floor(x).grad_fn.name() == "FloorBackward0"
    assert ag.round(x).grad_fn.name() == "RoundBackward0"
