"""conv2d's bias inside the GEMM (the im2col matrix's ones row) against the bias added after it.

With a bias and one group, the forward appends a row of ones to the im2col matrix and the bias
as a column to the weight matrix, and the backward takes the weight's and the bias's gradients
from one GEMM. These tests compare that with conv2d without a bias plus the bias broadcast, on
the NumPy path and (with numba) the kernel path, whose input must be laid out as conv outputs are.
"""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import kernels


def _grads(x, w, b, fused, batch_last, **kw):
    """conv2d's output and gradients; with ``batch_last`` the input leaf holds x in (C, H, W, N) memory and
    conv2d sees its (N, C, H, W) view (``ag.tensor`` of a transposed array would copy it to (N, C, H, W))."""
    leaf = ag.tensor(np.ascontiguousarray(x.transpose(1, 2, 3, 0)) if batch_last else x, requires_grad=True)
    xs = leaf.permute(3, 0, 1, 2) if batch_last else leaf
    ws, bs = (ag.tensor(a, requires_grad=True) for a in (w, b))
    y = F.conv2d(xs, ws, bs, **kw) if fused else F.conv2d(xs, ws, **kw) + bs.reshape(1, -1, 1, 1)
    g = np.random.default_rng(1).standard_normal(y.shape).astype(x.dtype)
    y.backward(ag.tensor(g))
    gx = leaf.grad.numpy().transpose(3, 0, 1, 2) if batch_last else leaf.grad.numpy()
    return y.detach().numpy(), gx, ws.grad.numpy(), bs.grad.numpy()


@pytest.mark.parametrize("kernel_path", [False, True])
@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize("kw", [{}, {"padding": 1}, {"stride": 2, "dilation": 2}])
def test_bias_in_the_gemm_equals_bias_added(kernel_path, dtype, tol, kw, monkeypatch):
    calls = []
    if kernel_path:
        pytest.importorskip("numba")
        monkeypatch.setattr(kernels, "MIN_SIZE", 0)
        im2col = kernels.im2col
        monkeypatch.setattr(kernels, "im2col", lambda *a: calls.append(im2col(*a)) or calls[-1])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 3, 7, 6)).astype(dtype)
    w = rng.standard_normal((5, 3, 3, 3)).astype(dtype)
    b = rng.standard_normal(5).astype(dtype)
    fused, added = _grads(x, w, b, True, kernel_path, **kw), _grads(x, w, b, False, kernel_path, **kw)
    for got, want in zip(fused, added):
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    _, _, gw, gb = fused
    assert gw.flags.c_contiguous and gb.flags.c_contiguous and gw.shape == w.shape and gb.shape == b.shape
    if kernel_path:  # the kernel made the matrices, the fused one with its ones row
        assert [c is not None for c in calls] == [True, True] and len(calls[0]) == len(calls[1]) + 1 == 3 * 9 + 1


def test_only_the_bias_needs_a_gradient():
    rng = np.random.default_rng(0)
    x, w, b = (ag.tensor(rng.standard_normal(s)) for s in ((2, 3, 5, 5), (4, 3, 3, 3), (4,)))
    b.requires_grad_()
    y = F.conv2d(x, w, b, padding=1)
    y.sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), np.full(4, 2 * 5 * 5.0))
    assert w.grad is None and x.grad is None


@pytest.mark.parametrize("w_shape, kw", [((4, 3, 1, 1), {}), ((6, 1, 3, 3), {"groups": 3, "padding": 1})],
                         ids=["1x1", "groups"])
def test_1x1_and_grouped_convs_add_the_bias_after_the_gemm(w_shape, kw):
    """A 1x1 conv's matrix is x itself (a ones row would copy it), and grouped convs run a GEMM per group."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 4))
    w, b = rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    fused, added = _grads(x, w, b, True, False, **kw), _grads(x, w, b, False, False, **kw)
    for got, want in zip(fused, added):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
