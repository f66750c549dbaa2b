"""Review of the optional compiled kernels: cases where they differed from the NumPy path or crashed."""
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("numba")

from autograd_core import kernels  # noqa: E402


def test_kernels_run_without_a_writable_numba_cache():
    # A read-only install with no writable home: numba finds no cache directory, and its
    # njit(cache=True) raised RuntimeError at import, in every large ReLU backward.
    code = ("import numba.core.caching as c; c.CacheImpl._locator_classes = []\n"
            "import numpy as np; from autograd_core import kernels; kernels.MIN_SIZE = 0\n"
            "a = np.arange(-8.0, 8.0); print(kernels.relu_grad(a, a).tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(np.where(np.arange(-8.0, 8.0) > 0, np.arange(-8.0, 8.0), 0).tolist())


@pytest.mark.parametrize("alpha", [-0.1, np.float64(-0.1), np.float32(-0.1), 3])
def test_add_scaled_kernel_rounds_alpha_as_numpy(alpha, monkeypatch):
    # NumPy multiplies float32 by a float64 scalar in float64; the kernel rounded alpha to float32 first.
    from autograd_core.optim.optimizer import add_scaled_
    rng = np.random.default_rng(0)
    out, x = rng.standard_normal((2, 50000), dtype=np.float32)
    results = []
    for min_size in (0, 1 << 62):
        monkeypatch.setattr(kernels, "MIN_SIZE", min_size)
        results.append(out.copy())
        add_scaled_(results[-1], x, alpha)
    np.testing.assert_array_equal(*results)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding,dilation,groups", [(1, 1, 1), ("same", 1, 2), ("same", 2, 1), (0, 1, 1)])
def test_col2im_kernel_sums_in_the_numpy_path_order(dtype, padding, dilation, groups, monkeypatch):
    # The NumPy path starts each sum with the tap that reads the whole input (the centre tap of a
    # 'same' conv); the kernel added it in row-major order, so the input gradient differed in rounding.
    import autograd_core as ag
    import autograd_core.nn.functional as F
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((8, 4, 9, 7)).astype(dtype), rng.standard_normal((6, 4 // groups, 3, 3)).astype(dtype)
    grads = []
    for min_size in (0, 1 << 62):
        monkeypatch.setattr(kernels, "MIN_SIZE", min_size)
        xt = ag.tensor(x, requires_grad=True)
        y = F.conv2d(xt, ag.tensor(w), padding=padding, dilation=dilation, groups=groups)
        y.backward(ag.tensor(np.random.default_rng(2).standard_normal(y.shape).astype(dtype)))
        grads.append(xt.grad.numpy())
    np.testing.assert_array_equal(*grads)



@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_gradient_has_the_same_layout_with_and_without_the_kernel(dtype, monkeypatch):
    # The kernel wrote ReLU's gradient in the layout of ReLU's output (a conv's), NumPy's product in the
    # upstream gradient's: the conv's backward GEMMs then rounded differently, so a training step's
    # weights depended on whether numba was installed.
    import autograd_core as ag
    import autograd_core.nn.functional as F
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((8, 3, 6, 6)).astype(dtype), rng.standard_normal((5, 3, 3, 3)).astype(dtype)
    b, v = rng.standard_normal(5).astype(dtype), rng.standard_normal((5 * 4 * 4, 7)).astype(dtype)
    grads = []
    for min_size in (0, 1 << 62):
        monkeypatch.setattr(kernels, "MIN_SIZE", min_size)
        wt, bt = ag.tensor(w, requires_grad=True), ag.tensor(b, requires_grad=True)
        (ag.relu(F.conv2d(ag.tensor(x), wt, bt)).reshape(8, -1) @ ag.tensor(v)).sum().backward()
        grads.append((wt.grad.numpy(), bt.grad.numpy()))
    for on, off in zip(*grads):
        np.testing.assert_array_equal(on, off)
