"""Edge cases of gumbel_softmax against PyTorch."""
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F


@pytest.mark.parametrize("hard", [False, True])
def test_gumbel_softmax_of_a_0d_input_is_one_with_a_zero_gradient_as_torch(hard):
    x = ag.tensor(0.3, requires_grad=True)
    y = F.gumbel_softmax(x, hard=hard)
    y.backward()
    assert y.shape == () and y.item() == 1.0 and x.grad.item() == 0.0
