"""nn.CrossMapLRN2d against PyTorch: the forward (its legacy window, channel 0 included from channel
(size - 1) // 2 + 1 on), float64 and float32; the gradient against torch's autograd through the same formula
(PyTorch's own hand-written backward is not the gradient of its forward); repr and errors."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("channels", [1, 2, 5, 8])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 9])
@pytest.mark.parametrize("dtype,atol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_forward_matches_torch(channels, size, dtype, atol):
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((2, channels, 3, 4)).astype(dtype)
    ours = nn.CrossMapLRN2d(size, alpha=0.7, beta=0.6, k=1.5)(ag.tensor(x))
    theirs = torch.nn.CrossMapLRN2d(size, alpha=0.7, beta=0.6, k=1.5)(torch.tensor(x))
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=atol)


def _torch_formula(torch, x, size, alpha, beta, k):
    """The forward PyTorch's CrossMapLRN2d computes, written with differentiable torch ops."""
    h, c = (size - 1) // 2, x.shape[1]
    sq = x * x
    s = torch.stack([sq[:, max(0, j - h):j + h + 1].sum(1) + (sq[:, 0] if j > h else 0) for j in range(c)], 1)
    return x / (k + alpha / size * s) ** beta


@pytest.mark.parametrize("size", [2, 3, 5])
def test_gradient_is_the_exact_one_of_torchs_forward(size):
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((2, 6, 3, 2))
    g = RNG.standard_normal(x.shape)
    tx = torch.tensor(x, requires_grad=True)
    ty = _torch_formula(torch, tx, size, 0.5, 0.75, 1.0)
    np.testing.assert_allclose(ty.detach().numpy(),
                               torch.nn.CrossMapLRN2d(size, 0.5, 0.75, 1.0)(torch.tensor(x)).numpy(), atol=1e-12)
    ty.backward(torch.tensor(g))
    ox = ag.tensor(x, requires_grad=True)
    (nn.CrossMapLRN2d(size, 0.5, 0.75, 1.0)(ox) * ag.tensor(g)).sum().backward()
    np.testing.assert_allclose(ox.grad.numpy(), tx.grad.numpy(), atol=1e-12)


def test_repr_as_torch():
    assert repr(nn.CrossMapLRN2d(3)) == "CrossMapLRN2d(3, alpha=0.0001, beta=0.75, k=1)"


@pytest.mark.parametrize("make,err,match", [
    (lambda: nn.CrossMapLRN2d(3)(ag.ones(2, 3, 4)), ValueError, "Expected input to be 4D, got 3D"),
    (lambda: nn.CrossMapLRN2d(3)(ag.ones(1, 2, 2, 2, dtype=ag.int64)), TypeError, "floating-point input"),
    (lambda: nn.CrossMapLRN2d(0)(ag.ones(1, 2, 2, 2)), ValueError, "size must be a positive integer"),
    (lambda: nn.CrossMapLRN2d(2.5)(ag.ones(1, 2, 2, 2)), ValueError, "size must be a positive integer"),
])
def test_errors(make, err, match):
    with pytest.raises(err, match=match):
        make()


def test_empty_batch_gives_an_empty_output():
    assert nn.CrossMapLRN2d(3)(ag.ones(0, 3, 2, 2)).shape == (0, 3, 2, 2)
