"""erf and erfc in float32 and float64 (autograd_core/ops/special.py's polynomials, through the compiled kernel or
NumPy passes): accuracy in ulp against mpmath, the kernel against the NumPy path bit for bit, edge values, and
PyTorch parity; erfcx's accuracy; F.gelu's node (``Gelu``) against PyTorch, twice differentiated."""
import math

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import kernels
from autograd_core.ops import special
from torch_parity import compare, compare_double_backward

# the largest errors measured on the grid below: erf 2.8 ulp (float32) and 2 (float64), erfc 4.6 and 5
MAX_ULP = {("erf", np.float32): 3.5, ("erf", np.float64): 3.0, ("erfc", np.float32): 5.5, ("erfc", np.float64): 6.0}


def _grid(dtype):
    """A dense grid through both regions and the tails, tiny and subnormal |x|, signed zeros."""
    finfo = np.finfo(dtype)
    tiny = np.geomspace(finfo.smallest_subnormal, 0.5, 300)
    x = np.concatenate([np.linspace(-6, 6, 6001), np.linspace(-30, 30, 1201), tiny, -tiny, [0.0, -0.0, 0.5, -0.5]])
    return x.astype(dtype)


def _ulp_errors(got, x, fn):
    """|got - fn(x)| in units of the last place of the exact value in ``got``'s dtype (mpmath, 40 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        exact = np.array([float(fn(mp.mpf(float(v)))) for v in x])
    dtype = got.dtype
    ulp = np.maximum(np.spacing(np.abs(exact.astype(dtype))), np.finfo(dtype).smallest_subnormal).astype(np.float64)
    return np.abs(got.astype(np.float64) - exact) / ulp


@pytest.fixture(params=["kernel", "numpy"])
def path(request, monkeypatch):
    """Each test once through the compiled kernel (where numba is installed) and once through NumPy's passes."""
    if request.param == "kernel":
        pytest.importorskip("numba")
    else:
        monkeypatch.setattr(kernels, "erf", lambda *args: None)
    return request.param


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["erf", "erfc"])
def test_accuracy_against_mpmath(name, dtype, path):
    mp = pytest.importorskip("mpmath")
    x = _grid(dtype)
    got = getattr(ag, name)(ag.tensor(x)).numpy()
    assert got.dtype == dtype
    errors = _ulp_errors(got, x, getattr(mp, name))
    worst = int(np.argmax(errors))
    assert errors[worst] <= MAX_ULP[name, dtype], f"{name} {errors[worst]:.2f} ulp at x = {x[worst]!r}"


def test_erfcx_accuracy_against_mpmath():
    """erfcx (float64 NumPy passes) on erfc's tail polynomial: a few ulp, on the negative side too, where
    2 exp(x^2) would lose x^2 ulp without the rounding of x^2 put back."""
    mp = pytest.importorskip("mpmath")
    x = np.concatenate([np.linspace(-26, 26, 2601), np.geomspace(26, 1e100, 100)])
    got = ag.special.erfcx(ag.tensor(x)).numpy()
    errors = _ulp_errors(got, x, lambda v: mp.exp(v * v) * mp.erfc(v))
    worst = int(np.argmax(errors))
    assert errors[worst] <= 4.0, f"erfcx {errors[worst]:.2f} ulp at x = {x[worst]!r}"
    edges = ag.special.erfcx(ag.tensor(np.array([-np.inf, -1e200, np.inf, np.nan, 0.0]))).numpy()
    np.testing.assert_array_equal(edges, [np.inf, np.inf, 0.0, np.nan, 1.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_edge_values(dtype, path):
    x = ag.tensor(np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 1e300 if dtype == np.float64 else 3e38], dtype))
    erf, erfc = ag.erf(x).numpy(), ag.erfc(x).numpy()
    np.testing.assert_array_equal(erf, [1, -1, np.nan, 0, -0.0, 1])
    np.testing.assert_array_equal(erfc, [0, 2, np.nan, 1, 1, 0])
    assert np.signbit(erf[4]) and not np.signbit(erf[3])
    sub = np.finfo(dtype).smallest_subnormal * 1000
    assert ag.erf(ag.tensor(np.array([sub], dtype))).numpy()[0] == dtype(sub * (2 / math.sqrt(math.pi)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("complement", [False, True])
def test_the_kernel_equals_the_numpy_path(dtype, complement):
    pytest.importorskip("numba")
    x = (np.random.default_rng(0).standard_normal((70, 300)) * 4).astype(dtype)  # blocks, and a partial last one
    x[0, :4] = [np.inf, -np.inf, np.nan, -0.0]
    small, large = special._erf_polynomials(x.dtype)
    cap, split = special._ERF_LIMITS[x.dtype]
    for a, dense in ((x, True), (x.T, True), (x[:, ::2], False)):  # one with gaps takes NumPy's path
        fast = kernels.erf(a, small, large, complement, cap, split)
        assert (fast is not None) == dense
        with pytest.MonkeyPatch.context() as m:
            m.setattr(kernels, "erf", lambda *args: None)
            slow = special._error_function(np, a, complement)
        got = special._erfc_array(a) if complement else special._erf_array(a)
        np.testing.assert_array_equal(got, slow)
        if fast is not None:
            np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("shape", [(), (0,), (3, 0), (5,)])
def test_shapes_and_half_precision(shape, path):
    x = np.linspace(-3, 3, math.prod(shape)).reshape(shape)
    for name in ("erf", "erfc"):
        expected = np.vectorize(getattr(math, name), otypes=[np.float64])(x)
        np.testing.assert_allclose(getattr(ag, name)(ag.tensor(x)).numpy(), expected, rtol=1e-15, atol=1e-300)
        half = getattr(ag, name)(ag.tensor(x.astype(np.float16))).numpy()
        assert half.dtype == np.float16
        np.testing.assert_allclose(half, expected, rtol=1e-3, atol=1e-7)


@pytest.mark.parametrize("name", ["erf", "erfc"])
def test_torch_parity(name, path):
    x = np.concatenate([np.linspace(-8, 8, 801), [0.0, 1e-300]])
    compare(getattr(ag, name), lambda t: getattr(t, name)(), [x], atol=1e-15)


def test_gelu_torch_parity(path):
    torch = pytest.importorskip("torch")
    x = np.concatenate([np.linspace(-9, 9, 358), [0.0, -1e-300]]).reshape(9, -1)
    compare(F.gelu, torch.nn.functional.gelu, [x], atol=1e-14)
    compare_double_backward(F.gelu, torch.nn.functional.gelu, x, atol=1e-13)
    x32 = x.astype(np.float32)
    y = F.gelu(ag.tensor(x32)).numpy()
    assert y.dtype == np.float32
    # both round 1 + erf(x / sqrt(2)) in float32, which cancels in the lower tail: an absolute error of a few eps
    np.testing.assert_allclose(y, torch.nn.functional.gelu(torch.tensor(x32)).numpy(), rtol=3e-7, atol=1e-6)


def test_gelu_of_integers_is_float32():
    y = F.gelu(ag.tensor(np.array([-2, 0, 3])))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), [x * 0.5 * math.erfc(-x / math.sqrt(2)) for x in (-2, 0, 3)], rtol=1e-6)
