"""hann/hamming/blackman/bartlett/kaiser_window against torch's: values (periodic and symmetric, every
length class), dtype, requires_grad and errors."""
import numpy as np
import pytest

import autograd_core as ag

torch = pytest.importorskip("torch")

NAMES = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("periodic", [True, False])
def test_values_match_torch(name, periodic):
    for n in (0, 1, 2, 3, 8, 33):
        np.testing.assert_allclose(getattr(ag, name)(n, periodic, dtype=ag.float64).numpy(),
                                   getattr(torch, name)(n, periodic, dtype=torch.float64).numpy(), atol=1e-15)
        ours = getattr(ag, name)(n, periodic)
        assert ours.dtype == np.float32 and ours.shape == (n,)
        # ours is computed in float64 and rounded once; torch's float32 arithmetic is a few ulps off
        np.testing.assert_allclose(ours.numpy(), getattr(torch, name)(n, periodic).numpy(), atol=1e-6)


def test_extra_parameters_match_torch():
    np.testing.assert_allclose(ag.hamming_window(9, False, 0.5, 0.3, dtype=ag.float64).numpy(),
                               torch.hamming_window(9, False, 0.5, 0.3, dtype=torch.float64).numpy(), atol=1e-15)
    np.testing.assert_allclose(ag.kaiser_window(9, True, 3.5, dtype=ag.float64).numpy(),
                               torch.kaiser_window(9, True, 3.5, dtype=torch.float64).numpy(), atol=1e-15)


def test_default_is_periodic_and_follows_the_default_dtype():
    np.testing.assert_array_equal(ag.hann_window(4).numpy(), [0.0, 0.5, 1.0, 0.5])
    ag.set_default_dtype(ag.float64)
    try:
        assert ag.blackman_window(5).dtype == np.float64
    finally:
        ag.set_default_dtype(ag.float32)


def test_requires_grad_makes_a_leaf():
    w = ag.hann_window(5, requires_grad=True)
    assert w.requires_grad and w.grad_fn is None
    (w * w).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), 2 * w.detach().numpy())


@pytest.mark.parametrize("name", NAMES)
def test_errors_name_the_op(name):
    with pytest.raises(ValueError, match=f"{name} requires non-negative window_length, got window_length=-1"):
        getattr(ag, name)(-1)
    with pytest.raises(TypeError, match=f"{name}.*floating point dtype"):
        getattr(ag, name)(4, dtype=ag.int64)
    with pytest.raises(TypeError, match=f"{name}: window_length must be an int"):
        getattr(ag, name)(2.5)
