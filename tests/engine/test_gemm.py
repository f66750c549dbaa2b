"""gemm.dot: MKL's GEMM (when the mkl package is installed) or NumPy's, on any 2-D layout."""
import subprocess
import sys

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import gemm
from autograd_core.nn import functional as F

SHAPES = [(100, 784, 1000), (64, 64, 65), (3, 4, 5), (1000, 100, 10), (64, 1, 64), (1, 300, 1000), (0, 5, 3)]


def _layouts(a):
    return {"C": a, "F": np.asfortranarray(a), "T": np.ascontiguousarray(a.T).T, "strided": np.repeat(a, 2, 1)[:, ::2]}


@pytest.fixture(params=["installed", "numpy"])
def backend(request, monkeypatch):
    if request.param == "numpy":
        monkeypatch.setattr(gemm, "_GEMMS", {})
    return request.param


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,k,n", SHAPES)
def test_dot_matches_numpy_on_every_layout(m, k, n, dtype, backend):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
    expected = a.astype(np.float64) @ b.astype(np.float64)
    tol = 1e-4 if dtype == np.float32 else 1e-12
    for la, aa in _layouts(a).items():
        for lb, bb in _layouts(b).items():
            c = gemm.dot(aa, bb)
            assert c.shape == (m, n) and c.dtype == dtype and c.flags.c_contiguous, (la, lb)
            np.testing.assert_allclose(c, expected, rtol=tol, atol=tol * k, err_msg=f"{la} @ {lb}")


def test_dot_of_other_dtypes_and_mixed_dtypes_is_numpys():
    a = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(gemm.dot(a, a.T), a @ a.T)
    big32, big64 = np.ones((80, 80), np.float32), np.ones((80, 80), np.float64)
    assert gemm.dot(big32, big64).dtype == np.float64


def test_mkl_is_used_when_installed():
    try:
        from importlib import metadata
        metadata.version("mkl")
    except metadata.PackageNotFoundError:
        pytest.skip("the mkl package is not installed")
    assert gemm.BACKEND.startswith("mkl ") and gemm._GEMMS, gemm.BACKEND


def test_environment_variable_turns_mkl_off():
    code = "from autograd_core import gemm; print(gemm.BACKEND, len(gemm._GEMMS))"
    out = subprocess.run([sys.executable, "-c", code], env={"AUTOGRAD_CORE_GEMM": "numpy", "PATH": ""},
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["numpy", "(AUTOGRAD_CORE_GEMM=numpy)", "0"]


def test_linear_and_matmul_gradients_agree_with_either_gemm(backend):
    rng = np.random.default_rng(1)
    x = ag.tensor(rng.standard_normal((50, 80)).astype(np.float32), requires_grad=True)
    w = ag.tensor(rng.standard_normal((90, 80)).astype(np.float32), requires_grad=True)
    (F.linear(x, w) ** 2).sum().backward()
    xd, wd = x.detach().numpy().astype(np.float64), w.detach().numpy().astype(np.float64)
    y = xd @ wd.T
    np.testing.assert_allclose(x.grad.numpy(), 2 * y @ wd, rtol=1e-4, atol=1e-2)
    np.testing.assert_allclose(w.grad.numpy(), 2 * y.T @ xd, rtol=1e-4, atol=1e-2)
