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
