"""addmm with beta=0: the input's values are ignored (NaN included) but it still gets a zero gradient, as PyTorch."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag


@pytest.mark.parametrize("shape", [(3, 5), (5,), (1, 5), ()])
def test_beta_zero_gives_the_input_a_zero_gradient_of_its_shape(shape):
    c = ag.tensor(np.full(shape, np.nan), requires_grad=True)
    a, b = ag.randn(3, 4, dtype=ag.float64), ag.randn(4, 5, dtype=ag.float64)
    y = ag.addmm(c, a, b, beta=0, alpha=2.0)
    np.testing.assert_allclose(y.detach().numpy(), 2.0 * (a.numpy() @ b.numpy()))
    y.sum().backward()
    assert c.grad is not None and c.grad.shape == shape and not c.grad.numpy().any()


@pytest.mark.parametrize("shape", [(3, 5), (5,)])
@pytest.mark.parametrize("beta, alpha", [(0, 1), (0.0, -2.0)])
def test_beta_zero_matches_torch(shape, beta, alpha):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(shape), rng.standard_normal((3, 4)), rng.standard_normal((4, 5))]
    compare(lambda c, a, b: ag.addmm(c, a, b, beta=beta, alpha=alpha),
            lambda c, a, b: torch.addmm(c, a, b, beta=beta, alpha=alpha), arrays)
