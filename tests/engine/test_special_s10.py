"""Special functions against torch 2.13 (session 10): the gradient of exp(x) K_n(x) at 0, J and Y computed in
float32 for float32 input (as torch's)."""
import numpy as np
import pytest

import autograd_core as ag

K_FAMILY = ["modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1"]


@pytest.mark.parametrize("name", K_FAMILY)
def test_k_gradient_at_zero_is_minus_inf(name):
    """The value is inf at 0 (as torch's, which has no gradient); the slope's limit there is -inf (the scaled
    ones gave NaN: -inf + inf from the derivative of exp(x))."""
    x = ag.tensor([0.0, 5e-324, 1e-300, 1.0], dtype=ag.float64, requires_grad=True)
    with np.errstate(all="ignore"):
        y = getattr(ag.special, name)(x)
        y.sum().backward()
    assert y.detach().numpy()[0] == np.inf
    assert x.grad.numpy()[0] == -np.inf and x.grad.numpy()[2] < -1e299
    assert np.isfinite(x.grad.numpy()[3]) and x.grad.numpy()[3] < 0


@pytest.mark.parametrize("name", ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1"])
def test_j_and_y_of_float32_run_in_float32_to_its_precision(name):
    """float32 input is computed in float32, as torch does (fast), yet to about 1e-6 of the envelope
    max(1, |x|)^-1/2 (torch's float32 is off by up to 2e-4 of it, from its rounded phase x - pi/4)."""
    x = np.concatenate([np.linspace(-40, 40, 4001), np.geomspace(1e-30, 1e4, 400), [0.0, np.inf, -np.inf, np.nan]])
    x = x.astype(np.float32)
    fn = getattr(ag.special, name)
    ours = fn(ag.tensor(x)).numpy()
    exact = fn(ag.tensor(x.astype(np.float64))).numpy()
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(exact))
    finite = np.isfinite(exact)
    np.testing.assert_array_equal(ours[~finite & ~np.isnan(exact)], exact[~finite & ~np.isnan(exact)])
    envelope = np.maximum(1.0, np.abs(x[finite])) ** -0.5
    assert np.all(np.abs(ours[finite] - exact[finite]) <= 1e-5 * envelope + 1e-6 * np.abs(exact[finite]))


@pytest.mark.parametrize("name", ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1"])
def test_j_and_y_float32_close_to_torch(name):
    torch = pytest.importorskip("torch")
    x = np.linspace(-30, 30, 3001).astype(np.float32)
    theirs = getattr(torch.special, name)(torch.tensor(x)).numpy()
    ours = getattr(ag.special, name)(ag.tensor(x)).numpy()
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
               "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
               "laguerre_polynomial_l", "legendre_polynomial_p"]


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_float32_polynomial_overflow_matches_torch(name):
    """float32 runs in float32, as torch's: a recurrence that overflows gives inf, then NaN (inf - inf) where
    torch does (computed in float64 and rounded, it gave +-inf there)."""
    torch = pytest.importorskip("torch")
    x, n = np.meshgrid(np.array([-1e30, -1e10, -300.0, -10.0, -1.5, 1.5, 10.0, 300.0, 1e10, 1e30], np.float32),
                       np.array([0, 1, 2, 3, 4, 5, 8, 20, 60], np.float32))
    theirs = getattr(torch.special, name)(torch.tensor(x), torch.tensor(n)).numpy()
    ours = getattr(ag.special, name)(ag.tensor(x), ag.tensor(n)).numpy()
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)  # NaN where torch has NaN, inf where it has inf


def test_zeta_matches_torch_at_negative_q_and_the_edges():
    """Cephes' cases: a negative non-integer q sums (q + k)^-x for integer x (it gave NaN), NaN for other x, inf
    at the integers q <= 0 (even for x NaN) and at x = 1; x = inf gives inf for q < 1, 1 at q = 1, NaN beyond."""
    torch = pytest.importorskip("torch")
    from torch_parity import compare
    x, q = np.meshgrid([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 10.0, 50.0, 200.0, np.inf, np.nan],
                       [-0.5, -1.5, -2.3, -11.5, -100.5, -1e4 - 0.25, -1e-3, -1.0, -3.0, 0.0, 1e-3, 0.5, 1.0, 2.0,
                        np.inf, -np.inf, np.nan])
    for dtype in (np.float64, np.float32):
        theirs = torch.special.zeta(torch.tensor(x.astype(dtype)), torch.tensor(q.astype(dtype))).numpy()
        with np.errstate(all="ignore"):
            ours = ag.special.zeta(ag.tensor(x.astype(dtype)), ag.tensor(q.astype(dtype))).numpy()
        # atol: both sums cancel for odd x (zeta(3, -100.5) = 4.9e-5 from terms near 8; each is 1.7e-15 off)
        np.testing.assert_allclose(ours, theirs, rtol=1e-11 if dtype == np.float64 else 1e-6, atol=1e-14)
    compare(ag.special.zeta, torch.special.zeta, [np.array([[2.0], [3.0], [4.0]]), np.array([-0.5, -2.75, -7.2])],
            diff=[1], atol=1e-9)
