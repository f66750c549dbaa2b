"""A 0-d tensor's gradient is a 0-d array (NumPy makes 0-d results scalars, which a Tensor must not hold)."""
import numpy as np

import autograd_core as ag


def test_the_gradient_of_a_0d_tensor_is_a_0d_array_not_a_numpy_scalar():
    x = ag.tensor(2.0, requires_grad=True)
    (x * 3).backward()
    (x * 3).backward()  # accumulating keeps it an array
    assert isinstance(x.grad._data, np.ndarray) and x.grad.shape == ()
    assert (x.grad * ag.tensor([1.0, 2.0])).tolist() == [6.0, 12.0]
    g, = ag.autograd.grad(x * 5, x)
    assert isinstance(g._data, np.ndarray)
    seen = []
    y = x * 1
    y.register_hook(lambda g: seen.append(type(g._data)))
    y.retain_grad()
    (y * 2).backward()
    assert seen == [np.ndarray] and isinstance(y.grad._data, np.ndarray)
