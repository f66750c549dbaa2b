"""Powers with a zero base: PyTorch's values (0 ** -1 = inf; gradients 0, inf or -inf) without NumPy's warnings."""
import warnings

import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag

EXPONENTS = [2.0, 0.5, 0.0, -1.0, -0.5]
# PyTorch 2.13's values at base 0 for EXPONENTS: the power, its gradient in the base and in the exponent
POWER = [0.0, 0.0, 1.0, np.inf, np.inf]
GRAD_BASE = [0.0, np.inf, 0.0, -np.inf, -np.inf]
GRAD_EXPONENT = [0.0, 0.0, 0.0, -np.inf, -np.inf]

pytestmark = pytest.mark.filterwarnings("error")  # a warning from NumPy fails the test


def _grads(y, inputs, create_graph=False):
    return [g.detach().numpy() for g in ag.grad(y.sum(), inputs, create_graph=create_graph)]


@pytest.mark.parametrize("create_graph", [False, True])
def test_tensor_to_a_tensor_power(create_graph):
    base = ag.zeros(5, dtype=ag.float64, requires_grad=True)
    exponent = ag.tensor(EXPONENTS, dtype=ag.float64, requires_grad=True)
    y = base ** exponent
    assert y.tolist() == POWER
    grad_base, grad_exponent = _grads(y, [base, exponent], create_graph)
    assert grad_base.tolist() == GRAD_BASE and grad_exponent.tolist() == GRAD_EXPONENT


def test_zero_to_a_tensor_power():
    exponent = ag.tensor(EXPONENTS, dtype=ag.float64, requires_grad=True)
    y = 0.0 ** exponent
    assert y.tolist() == POWER
    assert _grads(y, [exponent])[0].tolist() == GRAD_EXPONENT


@pytest.mark.parametrize("c, power, grad", [(2.0, 0.0, 0.0), (3, 0.0, 0.0), (1.0, 0.0, 1.0), (0.5, 0.0, np.inf),
                                            (0.0, 1.0, 0.0), (-1.0, np.inf, -np.inf), (-0.5, np.inf, -np.inf)])
def test_tensor_to_a_number(c, power, grad):
    base = ag.zeros(2, dtype=ag.float64, requires_grad=True)
    y = base ** c
    assert y.tolist() == [power] * 2 and _grads(y, [base])[0].tolist() == [grad] * 2


def test_a_zero_output_gradient_stays_zero():
    """The project's rule for singular derivatives (PyTorch gives NaN here: 0 * inf)."""
    base = ag.zeros(5, dtype=ag.float64, requires_grad=True)
    exponent = ag.tensor(EXPONENTS, dtype=ag.float64, requires_grad=True)
    for y, inputs in [(base ** exponent, [base, exponent]), (0.0 ** exponent, [exponent]), (base ** -0.5, [base])]:
        for g in ag.grad(y, inputs, grad_outputs=ag.zeros(5, dtype=ag.float64)):
            assert not g.numpy().any()


def test_matches_torch_with_zero_and_negative_bases():
    torch = pytest.importorskip("torch")
    base = np.array([0.0, 0.0, 0.0, 0.0, -0.0, -2.0, 1.5, 0.0])
    exponent = np.array([2.0, 0.5, 0.0, -1.0, 2.0, 2.0, -0.5, 3.0])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "invalid value encountered in reduce")  # compare's sum of y * g: inf - inf
        compare(lambda a, b: a ** b, torch.pow, [base, exponent])
        compare(lambda b: 0.0 ** b, lambda b: 0.0 ** b, [exponent])
        for c in (3, 0.5, -0.5):
            compare(lambda a: a ** c, lambda a: a ** c, [base[:4]])
