"""grad_fn as a node, as PyTorch's: name(), metadata, register_prehook and register_hook."""
import numpy as np
import pytest

import autograd_core as ag


def _graph():
    x = ag.tensor(np.array([1.0, 2.0]), requires_grad=True)
    w = ag.tensor(np.array([3.0, 4.0]), requires_grad=True)
    y = x * w
    return x, w, y


def test_prehook_sees_and_replaces_the_output_gradient_after_tensor_hooks():
    x, w, y = _graph()
    seen = []
    y.register_hook(lambda g: g * 2)
    y.grad_fn.register_prehook(lambda go: (seen.append(go[0].tolist()), (go[0] + 1,))[1])
    y.sum().backward()
    assert seen == [[2.0, 2.0]]
    assert x.grad.tolist() == [9.0, 12.0] and w.grad.tolist() == [3.0, 6.0]


def test_post_hook_sees_input_and_output_gradients_and_may_replace_the_inputs():
    x, w, y = _graph()
    seen = []

    def hook(grad_inputs, grad_outputs):
        seen.append(([g.tolist() for g in grad_inputs], [g.tolist() for g in grad_outputs]))
        return grad_inputs[0] * 0, grad_inputs[1]
    handle = y.grad_fn.register_hook(hook)
    y.sum().backward(retain_graph=True)
    assert seen == [([[3.0, 4.0], [1.0, 2.0]], [[1.0, 1.0]])]
    assert x.grad.tolist() == [0.0, 0.0] and w.grad.tolist() == [1.0, 2.0]
    handle.remove()
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 4.0]


def test_post_hook_on_a_chain_node_and_under_create_graph():
    x = ag.tensor(np.array([0.5, -1.0]), requires_grad=True)
    y = x.tanh()
    y.grad_fn.register_hook(lambda gi, go: (gi[0] * 2,))
    g, = ag.grad(y.sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 2 * (1 - np.tanh([0.5, -1.0]) ** 2))
    assert g.requires_grad


def test_a_hook_returning_the_wrong_number_of_gradients_is_an_error():
    x, w, y = _graph()
    y.grad_fn.register_hook(lambda gi, go: (gi[0],))
    with pytest.raises(RuntimeError, match="returned 1 gradients; the node has 2"):
        y.sum().backward()


def test_name_and_metadata():
    _, _, y = _graph()
    assert y.grad_fn.name().endswith("Backward0")
    y.grad_fn.metadata["step"] = 3
    assert y.grad_fn.metadata == {"step": 3}
