"""Bessel functions of the first and second kind J_0, J_1, Y_0, Y_1, and the spherical j_0 (with j_1 for its
derivative).

Computed in float64. For |x| <= 8, Chebyshev expansions in x^2 of J_0, J_1(x) / x, Y_0(x) - 2/pi log(x) J_0(x)
and (Y_1(x) - 2/pi (log(x) J_1(x) - 1/x)) / x; beyond, Hankel's asymptotic form J_n + i Y_n = sqrt(2 / (pi x))
(P_n + i Q_n) exp(i (x - (2n + 1) pi/4)) with P_n and x Q_n as Chebyshev expansions in 1/x^2, the phase taken
from cos x and sin x (exact argument reduction) rather than from a rounded x - pi/4. The coefficients were
computed with mpmath (90 nodes, 40 digits) and cut where they fall below 1e-18 of the largest. Derivatives:
J_0' = -J_1, J_1' = J_0 - J_1 / x (its Taylor series below |x| = 0.01), and alike for Y (inf at 0); j_0' =
-j_1, j_1' = j_0 - 2 j_1 / x (its Taylor series below |x| = 0.01).
"""
import math

from ..backend import get_array_module
from .bessel import GRADIENT_NOTE, BesselOrderZeroOrOne, _minus_over_x, _order_one_slope_series
from .elementwise import _unary
from .special import _by_region, _chebyshev, _in_float32_or_64, _in_float64

_J0_SMALL = (
    0.15772797147489012, -0.008723442352852221, 0.2651786132033368, -0.37009499387264977, 0.15806710233209725,
    -0.034893769411408884, 0.004819180069467605, -0.00046062616620627504, 3.246032882100508e-05,
    -1.7619469077621507e-06, 7.608163592418782e-08, -2.679253530557673e-09, 7.848696314479465e-11,
    -1.9438346867370164e-12, 4.125320595634374e-14, -7.588508125447546e-16, 1.2218515873961411e-17,
)
_J1_SMALL = (
    0.08104484632565812, -0.1489751450676521, 0.1609992623572097, -0.08268049176681791, 0.022213639654966037,
    -0.003646940600769276, 0.0004050337728354822, -3.255554866857259e-05, 1.9858774049915165e-06,
    -9.521984756750436e-08, 3.687133759097148e-09, -1.178026622695885e-10, 3.160154580348003e-12,
    -7.221755239651773e-14, 1.4232144003513942e-15, -2.4441972916190464e-17, 3.6912682997929334e-19,
)
_Y0_SMALL = (
    -0.03314611320328494, -0.2744743055297453, 0.17903431407718265, 0.26156734625504663, -0.17730201278114358,
    0.04719668959576339, -0.007287962479552079, 0.0007531135932577742, -5.632079141056987e-05, 3.206532537654801e-06,
    -1.44072332740187e-07, 5.248794787330516e-09, -1.5837552541812015e-10, 4.02633081830612e-12,
    -8.747341203310769e-14, 1.6434898714919468e-15, -2.6977881152566837e-17, 3.9032584173475982e-19,
)
_Y1_SMALL = (
    0.0025380132357417816, -0.01608717304766875, -0.09591204536083074, 0.08445197259652346, -0.028328123944594365,
    0.005289897544167113, -0.0006414551451326356, 5.505982873338744e-05, -3.53808001868935e-06,
    1.7707804556154404e-07, -7.11055004989928e-09, 2.344337905911516e-10, -6.4651518414115946e-12,
    1.51429151205002e-13, -3.0511859694473254e-15, 5.34668038572867e-17, -8.224911372021585e-19,
)
_P0_LARGE = (
    0.9994603493475187, -0.0005365220468132117, 3.0751847875194745e-06, -5.1705945376060975e-08,
    1.6306464635151382e-09, -7.86409137723707e-11, 5.168262387349193e-12, -4.3045788699253914e-13,
    4.3265957431549404e-14, -5.069034095935236e-15, 6.748072215733873e-16, -1.0011513723467786e-16,
    1.6305919233744186e-17, -2.880866169482871e-18,
)
_Q0_LARGE = (
    -0.12444683684269607, 0.0005470815954089319, -5.9315987288485175e-06, 1.4377965798375193e-07,
    -5.817532749493056e-09, 3.376097523734991e-10, -2.565397936797308e-11, 2.404916100281365e-12,
    -2.6690625482579414e-13, 3.4041800321963686e-14, -4.87994410531204e-15, 7.729703176242605e-16,
    -1.3348852171502517e-16, 2.4865952389390515e-17, -4.952892629886516e-18, 1.0473158973776097e-18,
    -2.336930172211422e-19,
)
_P1_LARGE = (
    1.0009030408600137, 0.0008989898330859408, -3.987284300488908e-06, 6.177633960644299e-08, -1.8718907491063067e-09,
    8.816898659582339e-11, -5.704863640395645e-12, 4.699195515230542e-13, -4.6842237839904895e-14,
    5.452674896044717e-15, -7.221180842274018e-16, 1.0667689114335412e-16, -1.7312313216116335e-17,
    3.0492991197665872e-18,
)
_Q1_LARGE = (
    0.3742222965562826, -0.0007702178839325664, 7.3108922063643636e-06, -1.676782510726674e-07, 6.583354662120443e-09,
    -3.749090950541556e-10, 2.8121750359748866e-11, -2.61145253946232e-12, 2.8774212663332235e-13,
    -3.649001916061838e-14, 5.206626366226707e-15, -8.215318025458595e-16, 1.4141084390211833e-16,
    -2.626761589838529e-17, 5.2192649196714085e-18, -1.101261718787959e-18,
)


def _j_small(xp, near, order):
    """J_order for |near| <= 8."""
    u = near * near
    u /= 32.0
    u -= 1.0
    if order == 0:
        return _chebyshev(xp, u, _J0_SMALL)
    y = _chebyshev(xp, u, _J1_SMALL)
    y *= near
    return y


def _y_small(xp, near, order):
    """Y_order for 0 < near <= 8."""
    y = _j_small(xp, near, order)
    y *= xp.log(near)
    y *= 2.0 / math.pi
    y += _chebyshev(xp, near * near / 32.0 - 1.0, _Y1_SMALL if order else _Y0_SMALL) * (near if order else 1.0)
    if order:
        y -= 2.0 / math.pi / near
    return y


def _hankel(xp, far, order, second_kind):
    """J_order, or Y_order with ``second_kind``, for far >= 8 from the asymptotic form (NaN at inf, as PyTorch)."""
    w = 128.0 / (far * far)
    w -= 1.0
    p = _chebyshev(xp, w, _P1_LARGE if order else _P0_LARGE)
    q = _chebyshev(xp, w, _Q1_LARGE if order else _Q0_LARGE)
    q /= far
    c, s = xp.cos(far), xp.sin(far)
    cos_phase, sin_phase = (c + s, s - c) if order == 0 else (s - c, -c - s)  # times sqrt(2): x - pi/4, x - 3pi/4
    if second_kind:
        p *= sin_phase
        q *= cos_phase
        p += q
    else:
        p *= cos_phase
        q *= sin_phase
        p -= q
    p /= xp.sqrt(far * math.pi)
    return p


@_in_float32_or_64
def _bessel_j_array(x, order, scaled=False):
    xp = get_array_module(x)
    z = xp.abs(x)
    y = _by_region(xp, z, [(z <= 8.0, lambda near: _j_small(xp, near, order)),
                           (z > 8.0, lambda far: _hankel(xp, far, order, False))])
    return xp.where(x < 0, -y, y) if order == 1 else y


@_in_float32_or_64
def _bessel_y_array(x, order, scaled=False):
    """Y_order: -inf at 0, NaN for x < 0 (as PyTorch)."""
    xp = get_array_module(x)
    y = _by_region(xp, x, [((x > 0.0) & (x <= 8.0), lambda near: _y_small(xp, near, order)),
                           (x > 8.0, lambda far: _hankel(xp, far, order, True))])
    return xp.where(x == 0, -math.inf, y)


class _BesselJ(BesselOrderZeroOrOne):
    """J_0 or J_1."""

    evaluate = staticmethod(_bessel_j_array)

    def slope(self, x, y):
        return -self.partner(x) if self.order == 0 else _minus_over_x(self.partner(x), y, x,
                                                                          _order_one_slope_series(-1))


class _BesselY(BesselOrderZeroOrOne):
    """Y_0 or Y_1."""

    evaluate = staticmethod(_bessel_y_array)

    def slope(self, x, y):
        return -self.partner(x) if self.order == 0 else _minus_over_x(self.partner(x), y, x, (math.inf,), below=0)


J0, J1 = _BesselJ.make_family({(0, False): ("J0", "``J_0(x)``."), (1, False): ("J1", "``J_1(x)``.")})
Y0, Y1 = _BesselY.make_family({(0, False): ("Y0", "``Y_0(x)``."), (1, False): ("Y1", "``Y_1(x)``.")})


@_in_float64
def _spherical_j_array(x, order, scaled=False):
    """j_0(x) = sin(x) / x, or j_1(x) = (sin(x) - x cos(x)) / x^2 (its power series below |x| = 1, where the
    difference cancels)."""
    xp = get_array_module(x)
    nonzero = xp.where(x == 0, 1.0, x)
    if order == 0:
        return xp.where(x == 0, 1.0, xp.where(xp.isinf(x), 0.0, xp.sin(nonzero) / nonzero))  # 0 at inf, as PyTorch
    series = xp.zeros_like(x)
    for k in range(8, -1, -1):  # x sum_k (-x^2/2)^k / (k! (2k + 3)!!), by Horner
        series = 1.0 / (math.factorial(k) * math.prod(range(3, 2 * k + 4, 2))) - x * x / 2.0 * series
    return xp.where(xp.abs(x) < 1.0, x * series, (xp.sin(x) / nonzero - xp.cos(x)) / nonzero)


# j_1'(x) = sum_k (-1)^k (2k + 1) x^(2k) / (2^k k! (2k + 3)!!), to x^6
_SPHERICAL_J1_SLOPE_SERIES = (1.0 / 3.0, -1.0 / 10.0, 1.0 / 168.0, -1.0 / 6480.0)


class _SphericalJ(BesselOrderZeroOrOne):
    """j_0 or j_1."""

    evaluate = staticmethod(_spherical_j_array)

    def slope(self, x, y):
        return -self.partner(x) if self.order == 0 else _minus_over_x(self.partner(x), 2.0 * y, x,
                                                                          _SPHERICAL_J1_SLOPE_SERIES)


SphericalJ0, SphericalJ1 = _SphericalJ.make_family({
    (0, False): ("SphericalJ0", "``j_0(x) = sin(x) / x``."),
    (1, False): ("SphericalJ1", "``j_1(x) = (sin(x) - x cos(x)) / x^2``.")})

bessel_j0 = _unary(J0, "bessel_j0", "Elementwise Bessel function of the first kind of order 0." + GRADIENT_NOTE)
bessel_j1 = _unary(J1, "bessel_j1", "Elementwise Bessel function of the first kind of order 1." + GRADIENT_NOTE)
bessel_y0 = _unary(Y0, "bessel_y0", "Elementwise Bessel function of the second kind of order 0: -inf at 0, NaN for "
                   "x < 0." + GRADIENT_NOTE)
bessel_y1 = _unary(Y1, "bessel_y1", "Elementwise Bessel function of the second kind of order 1: -inf at 0, NaN for "
                   "x < 0." + GRADIENT_NOTE)
spherical_bessel_j0 = _unary(SphericalJ0, "spherical_bessel_j0", "Elementwise spherical Bessel function of the first "
                             "kind of order 0, sin(x) / x." + GRADIENT_NOTE)
