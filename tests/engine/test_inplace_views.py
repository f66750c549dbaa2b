"""In-place ops on views while a graph is recorded: the change goes through the tensor the view looks at
(PyTorch's rebase), for every kind of view; and a double backward through an in-place op sees the old value."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.gradcheck import gradcheck, gradgradcheck
from tests.torch_parity import compare

CHANGES = {  # (base -> view, change of the view), written once for both frameworks
    "row of a constant": (lambda b, w: b[0], lambda v, w: v.add_(w[1])),
    "column, mul_": (lambda b, w: b[:, 1], lambda v, w: v.mul_(w[:2])),
    "transpose": (lambda b, w: b.T[2], lambda v, w: v.sub_(w[:2] * w[:2])),
    "reshape": (lambda b, w: b.reshape(6)[1:4], lambda v, w: v.mul_(w)),
    "view of a view": (lambda b, w: b[1:][0, ::2], lambda v, w: v.div_(w[:2] + 3)),
    "setitem on a view": (lambda b, w: b[1], lambda v, w: v.__setitem__(slice(0, 2), w[:2].exp())),
    "unary": (lambda b, w: b[:, 0], lambda v, w: v.add_(w[1]).exp_()),
}


def _run(make_base, view_of, change, b, w):
    base = make_base(b, w)
    view = view_of(base, w)
    change(view, w)
    return base * 1.5 + (view.sum() if view.ndim else view)


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize("base", ["constant", "graph"])
def test_an_in_place_change_of_a_view_reaches_its_base_as_in_pytorch(name, base):
    view_of, change = CHANGES[name]
    make_base = (lambda b, w: b.clone()) if base == "constant" else (lambda b, w: b * w[0])
    rng = np.random.default_rng(0)
    b, w = rng.uniform(0.5, 1.5, (2, 3)), rng.uniform(0.5, 1.5, 3)
    diff = [1] if base == "constant" else [0, 1]
    compare(lambda b, w: _run(make_base, view_of, change, b, w),
            lambda b, w: _run(make_base, view_of, change, b, w), [b, w], diff=diff)


@pytest.mark.parametrize("name", CHANGES)
def test_in_place_changes_of_views_are_twice_differentiable(name):
    view_of, change = CHANGES[name]
    w = ag.tensor(np.random.default_rng(1).uniform(0.5, 1.5, 3), requires_grad=True)
    b = ag.tensor(np.random.default_rng(2).uniform(0.5, 1.5, (2, 3)), requires_grad=True)

    def fn(w, b):
        return _run(lambda b, w: b * w[1], view_of, change, b, w)
    assert gradcheck(fn, [w, b]) and gradgradcheck(fn, [w, b])


def test_a_double_backward_through_an_in_place_op_differentiates_its_old_value():
    def fn(w):
        x = w * 1
        x.mul_(w)   # mul saved x's old value: under create_graph it must still be w's graph, not a constant
        x.exp_()    # exp saved its output
        return x
    w = ag.tensor([0.3, -0.7], dtype=ag.float64, requires_grad=True)
    g, = ag.grad(fn(w).sum(), [w], create_graph=True)
    gg, = ag.grad(g.sum(), [w])
    x = w.detach().numpy()
    np.testing.assert_allclose(gg.numpy(), np.exp(x * x) * (4 * x * x + 2))
    assert gradgradcheck(fn, [ag.tensor([0.3, -0.7], dtype=ag.float64, requires_grad=True)])


def test_the_view_keeps_looking_at_its_base_after_the_change():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    h = ag.zeros(3, 2)
    row = h[1]
    row += w
    row.mul_(2)
    assert h.tolist() == [[0.0, 0.0], [2.0, 4.0], [0.0, 0.0]] and row.tolist() == [2.0, 4.0]
    h.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]
    with ag.no_grad():
        h[1, 0] = 7.0
    assert row.tolist() == [7.0, 4.0]  # still a view of h's memory


def test_in_place_changes_of_views_that_cannot_reach_their_base_raise_naming_the_op():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="add_: the tensor is a view of a leaf tensor that requires grad"):
        w[0].add_(1)
    with pytest.raises(RuntimeError, match="mul_: the tensor is an expanded view"):
        ag.zeros(2).expand(3, 2).mul_(w)


def _views_follow(lib, w):
    """Views taken before recorded in-place changes of their base, read after them."""
    h = w * 1
    row, col, flat = h[0], h[:, 1], h.reshape(-1)
    h.add_(w[1, 0])       # h moves to a new array: its views follow
    row.mul_(w[0, 1])     # through h again
    h[1] = h[1] * 2       # setitem: the views follow once more
    return lib.stack([row.sum(), col.sum(), flat.sum(), (h * h).sum()])


def test_views_taken_before_an_in_place_change_of_their_base_see_it_as_in_pytorch():
    compare(lambda w: _views_follow(ag, w), lambda w: _views_follow(__import__("torch"), w),
            [np.random.default_rng(3).uniform(0.5, 1.5, (2, 2))])
    w = ag.tensor(np.random.default_rng(4).uniform(0.5, 1.5, (2, 2)), requires_grad=True)
    assert gradgradcheck(lambda w: _views_follow(ag, w), [w])


def test_a_double_backward_finds_the_old_value_an_earlier_node_saved_of_a_tensor_changed_in_place():
    # PyTorch refuses these (the saved value was modified); we keep the old array, so both orders are exact.
    def plain(w):
        x = w * 1
        y = x * x   # saved x's old array
        x.add_(1)   # x moves to a new one
        return y

    def view(w):
        b = w * 1
        v = b[0]
        z = v * v * b[1]  # saved the view's old array
        v.mul_(3)
        return z
    for fn, want in ((plain, lambda w: 2 * np.ones_like(w)), (view, lambda w: np.array([2 * w[1] + 2 * w[0], 2 * w[0]]))):
        w = ag.tensor([1.5, -0.5], dtype=ag.float64, requires_grad=True)
        g, = ag.grad(fn(w).sum(), [w], create_graph=True)
        gg, = ag.grad(g.sum(), [w])
        np.testing.assert_allclose(gg.numpy(), want(w.detach().numpy()))
        assert gradgradcheck(fn, [w])
