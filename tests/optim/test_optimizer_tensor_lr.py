"""An lr given as a 1-element Tensor, as PyTorch accepts."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim

NAMES = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD", "Adadelta", "Adagrad", "RMSprop"]


@pytest.mark.parametrize("name", NAMES)
def test_a_tensor_lr_steps_as_its_number(name):
    ws = [ag.tensor([1.0, -2.0, 3.0], dtype=ag.float64, requires_grad=True) for _ in range(2)]
    opts = [getattr(optim, name)([ws[0]], lr=ag.tensor(0.05, dtype=ag.float64)),
            getattr(optim, name)([ws[1]], lr=0.05)]
    opts[0].add_param_group({"params": [ag.zeros(1, requires_grad=True)], "lr": ag.tensor([0.5])})
    for _ in range(3):
        for w, opt in zip(ws, opts):
            w.grad = ag.tensor([0.3, -1.0, 2.0], dtype=ag.float64)
            opt.step()
    np.testing.assert_array_equal(ws[0].detach().numpy(), ws[1].detach().numpy())
    assert opts[0].param_groups[1]["lr"] == 0.5


def test_a_tensor_lr_of_several_elements_is_refused_as_torch():
    with pytest.raises(ValueError, match="Tensor lr must be 1-element"):
        optim.SGD([ag.zeros(2, requires_grad=True)], lr=ag.tensor([0.1, 0.2]))
