"""ag.autograd carries torch.autograd's everyday names: grad modes, Variable, gradcheck, functional."""
import numpy as np

import autograd_core as ag


def test_grad_modes_and_variable():
    a = ag.autograd
    x = ag.tensor(np.ones(3), requires_grad=True)
    with a.no_grad():
        assert not (x * 2).requires_grad and not a.is_grad_enabled()
        with a.enable_grad():
            assert (x * 2).requires_grad
    with a.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    with a.inference_mode():
        assert a.is_inference_mode_enabled()
    assert a.Variable is ag.Tensor and isinstance(x, a.Variable)


def test_gradcheck_and_functional():
    a = ag.autograd
    x = ag.tensor(np.array([0.3, -1.2]), requires_grad=True)
    assert a.gradcheck(lambda t: (t * t.sin()).sum(), (x,))
    assert a.gradgradcheck(lambda t: (t * t.sin()).sum(), (x,))
    np.testing.assert_allclose(a.functional.jacobian(lambda t: t * 3, x).numpy(), 3 * np.eye(2))
