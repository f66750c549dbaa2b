"""create_graph=True: gradients that are graphs themselves."""
import numpy as np
import pytest

import autograd_core as ag


def test_tanh_derivatives_two_to_four_match_closed_forms():
    xs = np.array([-1.3, -0.2, 0.0, 0.7, 2.1])
    x = ag.tensor(xs, requires_grad=True)
    y = ag.tanh(x)
    t = np.tanh(xs)
    closed = [
        1 - t ** 2,
        -2 * t * (1 - t ** 2),
        (1 - t ** 2) * (6 * t ** 2 - 2),
        (1 - t ** 2) * (16 * t - 24 * t ** 3),
    ]
    g = y
    for order, expected in enumerate(closed, start=1):
        g, = ag.grad(g.sum(), x, create_graph=True)
        np.testing.assert_allclose(g.numpy() if not g.requires_grad else g.detach().numpy(), expected,
                                   rtol=1e-10, atol=1e-12, err_msg=f"derivative {order}")


def test_hessian_vector_product():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 4))
    A = a @ a.T
    x = ag.tensor(rng.standard_normal(4), requires_grad=True)
    v = rng.standard_normal(4)
    f = 0.5 * (x @ ag.tensor(A) @ x) + (x ** 3).sum()
    g, = ag.grad(f, x, create_graph=True)
    hv, = ag.grad((g * ag.tensor(v)).sum(), x)
    expected = A @ v + 6 * x.detach().numpy() * v
    np.testing.assert_allclose(hv.numpy(), expected, rtol=1e-10)


def test_backward_create_graph_makes_differentiable_grad():
    x = ag.tensor(3.0, requires_grad=True, dtype=ag.float64)
    y = x ** 3
    y.backward(create_graph=True)
    g = x.grad  # 3x^2, a graph
    assert g.requires_grad
    x.grad = None
    g.backward()
    assert x.grad.item() == pytest.approx(18.0)


def test_gradient_penalty_style_double_backward_through_matmul():
    rng = np.random.default_rng(1)
    w = ag.tensor(rng.standard_normal((3, 2)), requires_grad=True)
    x = ag.tensor(rng.standard_normal((5, 3)), requires_grad=True)
    out = (x @ w).tanh().sum()
    gx, = ag.grad(out, x, create_graph=True)
    penalty = (gx ** 2).sum()
    penalty.backward()
    assert w.grad is not None and np.isfinite(w.grad.numpy()).all()

    def penalty_of(w_):
        gx_, = ag.grad((x @ w_).tanh().sum(), x, create_graph=True)
        return (gx_ ** 2).sum()
    assert ag.gradcheck(penalty_of, [w])
