"""torch.special's Bessel functions and airy_ai in ag.special: values against PyTorch (and mpmath / SciPy where
installed: tests that need them skip without), dtypes, errors, and gradients, which PyTorch lacks, against
the derivative identities and the Bessel differential equations (second derivatives by double backward)."""
import numpy as np
import pytest

import autograd_core as ag

BESSEL = ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
          "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
          "spherical_bessel_j0"]
ALL = BESSEL + ["airy_ai"]
WIDE = np.concatenate([np.linspace(-60, 60, 2401), np.geomspace(1e-300, 1e-3, 40), -np.geomspace(1e-300, 1e-3, 40),
                       [0.0, -0.0, 700.0, 800.0, np.inf, -np.inf, np.nan]])


def _values(name, x):
    with np.errstate(all="ignore"):
        return getattr(ag.special, name)(ag.tensor(x)).numpy()


@pytest.mark.parametrize("name", BESSEL)
def test_values_match_torch(name):
    """Wide range, 0, -0, tiny, large, inf, NaN. PyTorch's J and Y are off by up to 1e-6 (4e-7 at x = 5.05
    against mpmath), ours by about 1e-16 (the mpmath test below): there the tolerance is PyTorch's error."""
    torch = pytest.importorskip("torch")
    theirs = getattr(torch.special, name)(torch.tensor(WIDE)).numpy()
    rtol, atol = (1e-6, 1e-6) if name.startswith("bessel_") else (2e-14, 1e-15)
    np.testing.assert_allclose(_values(name, WIDE), theirs, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name,mp_fn", [
    ("bessel_j0", lambda mp, x: mp.besselj(0, x)), ("bessel_j1", lambda mp, x: mp.besselj(1, x)),
    ("bessel_y0", lambda mp, x: mp.bessely(0, x)), ("bessel_y1", lambda mp, x: mp.bessely(1, x)),
    ("modified_bessel_k0", lambda mp, x: mp.besselk(0, x)), ("modified_bessel_k1", lambda mp, x: mp.besselk(1, x)),
    ("scaled_modified_bessel_k0", lambda mp, x: mp.exp(x) * mp.besselk(0, x)),
    ("scaled_modified_bessel_k1", lambda mp, x: mp.exp(x) * mp.besselk(1, x)),
    ("spherical_bessel_j0", lambda mp, x: mp.sin(x) / x),
])
def test_values_match_mpmath_to_1e13(name, mp_fn):
    """Relative accuracy against 30 digits, up to x = 1e10 (where PyTorch's phase x - pi/4, rounded, costs
    it digits: ours comes from cos x and sin x); absolute 1e-16 of the envelope near the zeros of J and Y."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 30
    x = np.geomspace(1e-6, 1e10, 700)
    exact = np.array([float(mp_fn(mp, mp.mpf(v))) for v in x])
    near_zeros = 0.0 if "modified" in name else 1e-16 / np.sqrt(np.maximum(x, 1.0))
    assert np.all(np.abs(_values(name, x) - exact) <= 1e-13 * np.abs(exact) + near_zeros)


@pytest.mark.parametrize("name", ALL)
def test_dtypes_match_torch(name):
    torch = pytest.importorskip("torch")
    for ours_in, theirs_in in [(ag.tensor([1, 2]), torch.tensor([1, 2])), (ag.tensor([True]), torch.tensor([True])),
                               (ag.tensor([0.5], dtype=ag.float32), torch.tensor([0.5]))]:
        ours = getattr(ag.special, name)(ours_in)
        assert str(ours.dtype) == str(getattr(torch.special, name)(theirs_in).dtype).replace("torch.", "")


@pytest.mark.parametrize("name", [n for n in ALL if n not in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1")])
def test_float32_is_computed_in_float64_and_rounded(name):  # J and Y run in float32, as torch's (test_special_s10)
    x = np.linspace(0.05, 40, 500)
    ours = getattr(ag.special, name)(ag.tensor(x.astype(np.float32))).numpy()
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, _values(name, x.astype(np.float32).astype(np.float64)).astype(np.float32))


@pytest.mark.parametrize("name", ALL)
def test_complex_input_is_an_error(name):
    with pytest.raises(NotImplementedError, match="complex input"):
        getattr(ag.special, name)(ag.tensor([1.0 + 1.0j]))


def _derivatives(name, x):
    """First and second derivatives by backward and double backward."""
    t = ag.tensor(x, requires_grad=True)
    g, = ag.grad(getattr(ag.special, name)(t).sum(), t, create_graph=True)
    gg, = ag.grad(g.sum(), t)
    return g.detach().numpy(), gg.numpy()


@pytest.mark.parametrize("name,order,modified", [
    ("bessel_j0", 0, False), ("bessel_j1", 1, False), ("bessel_y0", 0, False), ("bessel_y1", 1, False),
    ("modified_bessel_i0", 0, True), ("modified_bessel_i1", 1, True), ("modified_bessel_k0", 0, True),
    ("modified_bessel_k1", 1, True),
])
def test_second_derivatives_solve_bessels_equation(name, order, modified):
    """x^2 y'' + x y' + (x^2 - n^2) y = 0, and with -x^2 for the modified functions: on both sides of where the
    evaluation changes method (2 and 8)."""
    x = np.array([0.3, 1.5, 1.99, 2.01, 5.0, 7.99, 8.01, 12.0, 30.0])
    y = _values(name, x)
    g, gg = _derivatives(name, x)
    residual = x * x * gg + x * g + ((-1 if modified else 1) * x * x - order ** 2) * y
    np.testing.assert_allclose(residual, 0.0, atol=1e-12 * np.max(np.abs(x * x * gg) + np.abs(y) * x * x))


def test_spherical_j0_second_derivative_solves_its_equation():
    """x^2 y'' + 2 x y' + x^2 y = 0 (j_0), across |x| = 1 where j_1 changes method; y'(0) = 0, y''(0) = -1/3."""
    x = np.array([0.0, 0.2, -0.99, 1.01, 4.0, -25.0])
    g, gg = _derivatives("spherical_bessel_j0", x)
    residual = x * x * gg + 2 * x * g + x * x * _values("spherical_bessel_j0", x)
    np.testing.assert_allclose(residual, 0.0, atol=1e-13)
    np.testing.assert_allclose([g[0], gg[0]], [0.0, -1.0 / 3.0], atol=1e-15)


@pytest.mark.parametrize("name,partner,sign", [
    ("bessel_j0", "bessel_j1", -1), ("bessel_y0", "bessel_y1", -1), ("modified_bessel_i0", "modified_bessel_i1", 1),
    ("modified_bessel_k0", "modified_bessel_k1", -1), ("spherical_bessel_j0", None, -1),
])
def test_first_derivatives_are_the_partner(name, partner, sign):
    """J_0' = -J_1, Y_0' = -Y_1, I_0' = I_1, K_0' = -K_1, j_0' = -j_1 = cos(x)/x - sin(x)/x^2."""
    x = np.array([0.4, 1.7, 6.0, 9.5, 40.0])
    expected = _values(partner, x) if partner else np.sin(x) / x ** 2 - np.cos(x) / x
    np.testing.assert_allclose(_derivatives(name, x)[0], sign * expected, rtol=1e-13)


@pytest.mark.parametrize("name,derivative", [
    ("bessel_j1", lambda sp, x: sp.jvp(1, x)), ("bessel_y1", lambda sp, x: sp.yvp(1, x)),
    ("modified_bessel_i1", lambda sp, x: sp.ivp(1, x)), ("modified_bessel_k1", lambda sp, x: sp.kvp(1, x)),
    ("scaled_modified_bessel_k0", lambda sp, x: sp.kve(0, x) - sp.kve(1, x)),
    ("scaled_modified_bessel_k1", lambda sp, x: sp.kvp(1, x) * np.exp(x) + sp.kve(1, x)),
])
def test_first_derivatives_match_scipy(name, derivative):
    special = pytest.importorskip("scipy.special")
    x = np.array([0.3, 1.9, 2.1, 7.9, 8.1, 20.0])
    np.testing.assert_allclose(_derivatives(name, x)[0], derivative(special, x), rtol=1e-12)


def test_gradients_at_zero():
    """J_1'(0) = I_1'(0) = 1/2, J_0'(0) = 0; K and Y are infinite at 0: infinite slopes (no NaN)."""
    x = ag.tensor([0.0], requires_grad=True)
    slopes = {}
    for name in ["bessel_j0", "bessel_j1", "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
                 "bessel_y0", "bessel_y1"]:
        slopes[name], = ag.grad(getattr(ag.special, name)(x).sum(), x)
    assert [float(slopes[n][0]) for n in slopes] == [0.0, 0.5, 0.5, -np.inf, -np.inf, np.inf, np.inf]


def test_airy_values_match_torch():
    """PyTorch's Ai is off by up to 3e-6 (at x = -2.1 against mpmath): there the tolerance is its error."""
    torch = pytest.importorskip("torch")
    x = np.concatenate([np.linspace(-60, 30, 1801), [0.0, -0.0, 104.0, 200.0, np.inf, -np.inf, np.nan]])
    theirs = torch.special.airy_ai(torch.tensor(x)).numpy()
    np.testing.assert_allclose(_values("airy_ai", x), theirs, rtol=1e-12, atol=3e-6)
    near = np.abs(x) < 2.0
    np.testing.assert_allclose(_values("airy_ai", x[near]), theirs[near], rtol=1e-14)


@pytest.mark.parametrize("derivative", [0, 1])
def test_airy_and_its_derivative_match_mpmath(derivative):
    """Relative 1e-13 for x >= 0 (about the condition number x^(3/2) times the rounding of x); for x < 0,
    within zeta = 2/3 |x|^(3/2) ulps of the envelope (the rounding of the phase zeta)."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 30
    x = np.concatenate([np.linspace(-60, 30, 901), np.geomspace(1e-6, 100, 100), -np.geomspace(1e-6, 60, 100)])
    exact = np.array([float(mp.airyai(v, derivative=derivative)) for v in x])
    if derivative:
        t = ag.tensor(x, requires_grad=True)
        ours, = ag.grad(ag.special.airy_ai(t).sum(), t)
        ours = ours.numpy()
    else:
        ours = _values("airy_ai", x)
    t = np.maximum(-x, 1.0)
    envelope = t ** (0.25 if derivative else -0.25) * 2 / 3 * t ** 1.5
    assert np.all(np.abs(ours - exact) <= 1e-13 * np.abs(exact) + np.where(x < 0, 1e-14 * envelope, 0.0))


def test_airy_second_derivative_is_x_times_ai():
    """Airy's equation Ai'' = x Ai by double backward, on both sides of -8 and 3 (where the method changes)."""
    x = np.array([-30.0, -8.01, -7.99, -1.0, 0.0, 0.7, 2.99, 3.01, 12.0])
    np.testing.assert_allclose(_derivatives("airy_ai", x)[1], x * _values("airy_ai", x), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("name,mp_name,sign", [("bessel_j1", "besselj", -1), ("modified_bessel_i1", "besseli", 1)])
def test_second_derivative_of_order_one_near_zero(name, mp_name, sign):
    """J_1'' and I_1'' (double backward through J_1' = J_0 - J_1 / x) for tiny x, on both sides of the switch
    to the Taylor series at |x| = 0.01: the quotient's derivative cancels (it gave 3e284 at x = 1e-300).
    References: J_1' = (J_0 - J_2) / 2, J_1'' = (J_3 - 3 J_1) / 4, I_1' = (I_0 + I_2) / 2, I_1'' = (I_3 + 3 I_1) / 4."""
    mpmath = pytest.importorskip("mpmath")
    xs = [1e-300, 1e-10, -1e-5, 1e-3, 0.0099999, 0.0100001, -0.0100001, 0.05]
    x = ag.tensor(np.array(xs), requires_grad=True)
    g, = ag.grad(getattr(ag.special, name)(x).sum(), x, create_graph=True)
    gg, = ag.grad(g.sum(), x)
    fn = getattr(mpmath, mp_name)
    with mpmath.workdps(40):
        slope = [float((fn(0, v) + sign * fn(2, v)) / 2) for v in map(mpmath.mpf, xs)]
        curvature = [float((fn(3, v) + sign * 3 * fn(1, v)) / 4) for v in map(mpmath.mpf, xs)]
    np.testing.assert_allclose(g.detach().numpy(), slope, rtol=1e-14)
    np.testing.assert_allclose(gg.numpy(), curvature, rtol=1e-11)
