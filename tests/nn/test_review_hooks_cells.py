"""Review mends: module backward hooks, nn.Buffer and the functional RNN cells, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn


class _Pair(nn.Module):
    def forward(self, x, y):
        return x * 2, y * 3


def test_backward_hook_gives_zeros_for_an_input_no_gradient_reached():
    torch = pytest.importorskip("torch")

    class TorchPair(torch.nn.Module):
        def forward(self, x, y):
            return x * 2, y * 3
    seen = {}
    for lib, module in ((ag, _Pair()), (torch, TorchPair())):
        module.register_full_backward_hook(lambda m, gi, go, lib=lib: seen.__setitem__(lib, gi))
        x, y = (lib.tensor(np.ones(2), requires_grad=True) for _ in range(2))
        module(x, y)[0].sum().backward()  # only the first output is used: y's gradient is zeros, as torch
        seen[lib, "y"] = y.grad
    assert all(g is not None for g in (*seen[ag], seen[ag, "y"]))
    for ours, theirs in zip((*seen[ag], seen[ag, "y"]), (*seen[torch], seen[torch, "y"])):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
