"""Op specs for torch.special's Bessel functions (bessel_j0/j1/y0/y1, modified_bessel_i0/i1/k0/k1,
scaled_modified_bessel_k0/k1, spherical_bessel_j0) and airy_ai. The references are integral representations evaluated
with NumPy: J_n(x) = 1/pi int_0^pi cos(n t - x sin t) dt and K_n(x) = int_0^inf exp(-x cosh t) cosh(n t) dt
by the trapezoid rule (spectrally accurate: periodic, or even and decaying), Y_n(x) =
1/pi int_0^pi sin(x sin t - n t) dt - 1/pi int_0^inf (e^(nt) + (-1)^n e^(-nt)) e^(-x sinh t) dt and
j_0(x) = 1/2 int_-1^1 cos(x t) dt by Gauss-Legendre quadrature; Ai by its Maclaurin series."""
import math

import numpy as np

import autograd_core as ag

from .spec import OpSpec
from .special_namespace import _bessel as _bessel_i

S = (3, 4)


def _trapezoid(t):
    w = np.full(t.shape, t[1] - t[0])
    w[0] /= 2
    return w


def _bessel_j(order):
    t = np.linspace(0.0, np.pi, 801)
    w = _trapezoid(t)
    w[-1] /= 2
    return lambda x: (np.cos(order * t - x[..., None] * np.sin(t)) * w).sum(-1) / np.pi


def _gauss(a, b, n):
    """Gauss-Legendre nodes and weights on [a, b]."""
    t, w = np.polynomial.legendre.leggauss(n)
    return (b - a) / 2 * t + (a + b) / 2, (b - a) / 2 * w


def _bessel_y(order):
    t, w = _gauss(0.0, np.pi, 200)
    s, v = _gauss(0.0, 9.0, 400)
    growth = np.exp(order * s) + (-1) ** order * np.exp(-order * s)

    def ref(x):
        a = x[..., None]
        oscillating = (np.sin(a * np.sin(t) - order * t) * w).sum(-1)
        return (oscillating - (growth * np.exp(-a * np.sinh(s)) * v).sum(-1)) / np.pi
    return ref


def _bessel_k(order, scaled):
    t = np.linspace(0.0, 14.0, 1401)
    w = _trapezoid(t)

    def ref(x):
        a = x[..., None]
        return (np.exp(-a * (np.cosh(t) - (1.0 if scaled else 0.0))) * np.cosh(order * t) * w).sum(-1)
    return ref


def _spherical_j0(x):
    t, w = _gauss(-1.0, 1.0, 80)
    return (np.cos(x[..., None] * t) * w).sum(-1) / 2


def _airy_ai(x):
    """Ai(x) = Ai(0) f(x) + Ai'(0) g(x) from the Maclaurin series of Airy's equation y'' = x y:
    f = sum f_k, f_0 = 1, f_(k+1) = f_k x^3 / ((3k+2)(3k+3));
    g = sum g_k, g_0 = x, g_(k+1) = g_k x^3 / ((3k+3)(3k+4))."""
    f_term, g_term = np.ones_like(x), x.copy()
    f, g = f_term, g_term
    for k in range(80):
        f_term = f_term * x ** 3 / ((3 * k + 2) * (3 * k + 3))
        g_term = g_term * x ** 3 / ((3 * k + 3) * (3 * k + 4))
        f, g = f + f_term, g + g_term
    return f / (3 ** (2 / 3) * math.gamma(2 / 3)) - g / (3 ** (1 / 3) * math.gamma(1 / 3))


def _inputs(low, high, points):
    """Uniform draws and the points given (on both sides of where the evaluation changes method)."""
    return lambda rng: [(rng.uniform(low, high, S),), (np.array(points),)]


_EVERYWHERE = _inputs(-20.0, 20.0, [0.0, 0.3, -7.9, 8.1, -15.0, 30.0])
_POSITIVE = _inputs(0.3, 20.0, [0.5, 7.9, 8.1, 25.0])
_K_POSITIVE = _inputs(0.2, 12.0, [0.3, 1.9, 2.1, 9.0])
_NOTE = "PyTorch has no gradient for it; ours is from the derivative identities"

SPECS = [
    OpSpec("special_bessel_j0", ag.special.bessel_j0, _bessel_j(0), make=_EVERYWHERE, rtol=1e-9, atol=1e-12,
           note=_NOTE),
    OpSpec("special_bessel_j1", ag.special.bessel_j1, _bessel_j(1), make=_EVERYWHERE, rtol=1e-9, atol=1e-12,
           note=_NOTE),
    OpSpec("special_bessel_y0", ag.special.bessel_y0, _bessel_y(0), make=_POSITIVE, rtol=1e-9, atol=1e-12,
           note=_NOTE),
    OpSpec("special_bessel_y1", ag.special.bessel_y1, _bessel_y(1), make=_POSITIVE, rtol=1e-9, atol=1e-12,
           note=_NOTE),
    OpSpec("special_modified_bessel_i0", ag.special.modified_bessel_i0, _bessel_i(0, False),
           make=_inputs(-12.0, 12.0, [0.0, 0.3, -7.9, 8.1, -15.0]), rtol=1e-9, note=_NOTE),
    OpSpec("special_modified_bessel_i1", ag.special.modified_bessel_i1, _bessel_i(1, False),
           make=_inputs(-12.0, 12.0, [0.0, 0.3, -7.9, 8.1, -15.0]), rtol=1e-9, note=_NOTE),
    OpSpec("special_modified_bessel_k0", ag.special.modified_bessel_k0, _bessel_k(0, False), make=_K_POSITIVE,
           rtol=1e-9, note=_NOTE),
    OpSpec("special_modified_bessel_k1", ag.special.modified_bessel_k1, _bessel_k(1, False), make=_K_POSITIVE,
           rtol=1e-9, note=_NOTE),
    OpSpec("special_scaled_modified_bessel_k0", ag.special.scaled_modified_bessel_k0, _bessel_k(0, True),
           make=_K_POSITIVE, rtol=1e-9, note=_NOTE),
    OpSpec("special_scaled_modified_bessel_k1", ag.special.scaled_modified_bessel_k1, _bessel_k(1, True),
           make=_K_POSITIVE, rtol=1e-9, note=_NOTE),
    OpSpec("special_spherical_bessel_j0", ag.special.spherical_bessel_j0, _spherical_j0,
           make=_inputs(-10.0, 10.0, [0.0, 0.5, -0.9, 1.1, 30.0]), rtol=1e-9, atol=1e-12, note=_NOTE),
    OpSpec("special_airy_ai", ag.special.airy_ai, _airy_ai, make=_inputs(-6.0, 4.0, [0.0, -7.9, -8.1, 2.9, 3.1]),
           rtol=1e-8, atol=1e-11, note=_NOTE),
]
