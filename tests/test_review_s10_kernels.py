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
