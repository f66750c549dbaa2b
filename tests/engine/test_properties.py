"""Property-based tests (hypothesis): random shapes and broadcasting."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd_core as ag

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4)


@st.composite
def broadcastable_pair(draw):
    a, b = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4)).input_shapes
    return a, b


@settings(max_examples=60, deadline=None)
@given(broadcastable_pair(), st.sampled_from(["add", "sub", "mul", "div", "maximum"]))
def test_binary_ops_broadcast_and_reduce_gradients_back(pair, op):
    rng = np.random.default_rng(0)
    a_np, b_np = rng.uniform(0.5, 2, pair[0]), rng.uniform(0.5, 2, pair[1])
    a, b = ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)
    fn = {"add": ag.add, "sub": ag.sub, "mul": ag.mul, "div": ag.div, "maximum": ag.maximum}[op]
    ref = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "maximum": np.maximum}[op]
    y = fn(a, b)
    np.testing.assert_allclose(y.numpy() if not y.requires_grad else y.detach().numpy(), ref(a_np, b_np))
    y.sum().backward()
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
    if op == "add":
        n = y.numel()
        np.testing.assert_allclose(a.grad.numpy().sum() + b.grad.numpy().sum(), 2 * n)


@settings(max_examples=40, deadline=None)
@given(shapes, st.data())
def test_sum_over_random_axes_matches_numpy_and_gradient_is_ones(shape, data):
    x_np = np.random.default_rng(1).standard_normal(shape)
    axes = data.draw(st.lists(st.integers(0, max(len(shape) - 1, 0)), unique=True, max_size=len(shape)))
    keep = data.draw(st.booleans())
    x = ag.tensor(x_np, requires_grad=True)
    dim = tuple(axes) if axes else None
    y = x.sum(dim=dim, keepdim=keep)
    np.testing.assert_allclose(y.detach().numpy(), x_np.sum(axis=dim, keepdims=keep), atol=1e-12)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.ones(shape))


@settings(max_examples=40, deadline=None)
@given(shapes)
def test_reshape_transpose_roundtrip_gradient(shape):
    x = ag.tensor(np.random.default_rng(2).standard_normal(shape), requires_grad=True)
    w = np.random.default_rng(3).standard_normal(shape)
    y = x.reshape(-1).reshape(shape).T.T * ag.tensor(w)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), w)
