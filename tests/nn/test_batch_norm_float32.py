"""Training-mode batch norm in float32 over a large batch, against a float64 reference computed from the
same float32 numbers, in the layout conv outputs have (batch innermost in memory) and in C order; and
the per-channel sums it is built on, in every layout."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core.nn.functional.normalization import _channel_sum

RNG = np.random.default_rng(11)


def _in_layout(a, layout):
    """``a`` (N, C, *) with its memory in the given order: 'conv' is (C, *, N), as conv outputs; 'c' is C order."""
    if layout == "c":
        return np.ascontiguousarray(a)
    order = tuple(range(1, a.ndim)) + (0,)
    return np.ascontiguousarray(a.transpose(order)).transpose(np.argsort(order))


def _reference(x, w, b, gy, eps=1e-5):
    """y and the gradients of x, w, b, in float64."""
    x, w, b, gy = (a.astype(np.float64) for a in (x, w, b, gy))
    axes, shape = (0, 2, 3), (1, -1, 1, 1)
    m = x.size // x.shape[1]
    d = x - x.mean(axes, keepdims=True)
    inv = 1 / np.sqrt((d * d).mean(axes, keepdims=True) + eps)
    gb, gd = gy.sum(axes, keepdims=True), (gy * d).sum(axes, keepdims=True)
    gx = w.reshape(shape) * inv * (gy - gb / m - d * inv ** 2 * gd / m)
    return d * inv * w.reshape(shape) + b.reshape(shape), gx, (gd * inv).ravel(), gb.ravel()


@pytest.mark.parametrize("layout", ["conv", "c"])
def test_float32_batch_norm_of_a_large_batch_is_close_to_float64(layout):
    # 262,144 values per channel with a mean 5x their spread. In the conv layout one running float32 sum per
    # channel puts y off by 3e-6 (relative to its largest value) and gx by 4e-6; sums made pairwise by 1e-7
    # and 4e-7. In C order the float32 mean's last bit alone puts gx off by 1.6e-6, as NumPy's sum does.
    rng = np.random.default_rng(11)
    shape = (256, 4, 32, 32)
    x = _in_layout((rng.standard_normal(shape) * 2 + 10).astype(np.float32), layout)
    gy = (rng.standard_normal(shape) + 1).astype(np.float32)
    w, b = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    xt = ag.Tensor(x, requires_grad=True)  # Tensor() keeps the array's memory layout; ag.tensor() copies to C order
    wt, bt = ag.tensor(w, requires_grad=True), ag.tensor(b, requires_grad=True)
    y = F.batch_norm(xt, None, None, wt, bt, training=True)
    y.backward(ag.tensor(gy))
    ours = y.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    # gw is sum(gy * (x - mean)) / std: the float32 mean's last-bit error times sum(gy) (~262,144) dominates it
    for name, a, ref, tol in zip("y gx gw gb".split(), ours, _reference(x, w, b, gy), (1e-6, 3e-6, 5e-3, 1e-6)):
        assert a.dtype == np.float32
        err = np.abs(a - ref).max() / np.abs(ref).max()
        assert err < tol, f"{name}: error {err:.1e} relative to the largest value, over {tol:.0e}"


@pytest.mark.parametrize("layout", ["conv", "c"])
@pytest.mark.parametrize("shape", [(16, 8, 6, 5), (16, 8, 1, 1), (1, 8, 6, 5), (40, 3), (5, 4, 7), (0, 3, 2, 2),
                                   (16, 3, 32, 17), (5000, 2), (1, 2, 5000), (2, 3, 5, 7, 300)])  # past 4096 a channel
def test_channel_sum_of_one_and_two_factors(shape, layout):
    a = _in_layout(RNG.standard_normal(shape).astype(np.float32), layout)
    b = _in_layout(RNG.standard_normal(shape).astype(np.float32), layout)
    axes, kept = (0,) + tuple(range(2, a.ndim)), (1, shape[1]) + (1,) * (a.ndim - 2)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    for got, want in ((_channel_sum(a), a64.sum(axes, keepdims=True)),
                      (_channel_sum(a, b), (a64 * b64).sum(axes, keepdims=True))):
        assert got.shape == kept and got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
