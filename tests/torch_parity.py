"""Comparing an op of ours with PyTorch's (tests skip where torch is not installed)."""
import numpy as np
import pytest

import autograd_core as ag


def compare(ours_fn, torch_fn, arrays, atol=1e-10, diff=None):
    """Forward and the gradient of every float input (or those in ``diff``), ours against PyTorch's,
    for a random output gradient."""
    torch = pytest.importorskip("torch")
    diff = [k for k, a in enumerate(arrays) if a.dtype.kind == "f"] if diff is None else diff
    ts = [torch.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    xs = [ag.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    ty, y = torch_fn(*ts), ours_fn(*xs)
    assert y.shape == tuple(ty.shape)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=atol)
    g = np.random.default_rng(1).standard_normal(y.shape)
    ty.backward(torch.tensor(g))
    (y * ag.tensor(g)).sum().backward()
    for k in diff:
        np.testing.assert_allclose(xs[k].grad.numpy(), ts[k].grad.numpy(), atol=atol, err_msg=f"input {k}")
