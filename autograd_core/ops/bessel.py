"""Modified Bessel functions: of the first kind i0, i1 (and the exponentially scaled i0e, i1e), of the second
kind K_0, K_1 (and exp(x) K_0, exp(x) K_1); the base class that every Bessel-type op of order 0 or 1 shares.

Computed in float64 from Chebyshev expansions, as Cephes does: of exp(-x) I_n(x) (divided by x for I_1) on [0,
8] and of sqrt(x) exp(-x) I_n(x) on [8, inf); of K_0(x) + log(x/2) I_0(x) and x (K_1(x) - log(x/2) I_1(x)) in
x^2 on [0, 2] and of sqrt(x) exp(x) K_n(x) in 1/x on [2, inf). The coefficients were computed with mpmath (80
or 90 nodes, 40 digits) and cut where they fall below 1e-18 of the largest. Derivatives: I_0' = I_1, I_1' =
I_0 - I_1 / x (its Taylor series below |x| = 0.01; 1/2 at 0 scaled), K_0' = -K_1, K_1' = -K_0 - K_1 / x; a
scaled one adds its own value times the derivative of the exponent (-sign(x) for I, 1 for K).
"""
import math

from ..backend import get_array_module
from ..function import Function, dual
from ._util import raw
from .elementwise import _unary, where
from .special import _chebyshev, _in_float64

_I0_SMALL = (
    0.3383976372047380425, -0.30468267234319839868, 0.17162090152220877535, -0.094901097048047644421,
    0.049305284239670708488, -0.023737414805899468816, 0.010546460394594998318, -0.0043243099950505759443,
    0.0016394756169413357984, -0.00057637557453858236588, 0.00018850288509584165573, -5.754195010082103704e-05,
    1.6448448070728897089e-05, -4.4167383584587505636e-06, 1.1173875391201037182e-06, -2.6707938539406117339e-07,
    6.0469950225419189493e-08, -1.3000250099862480421e-08, 2.6598237246823866503e-09, -5.1897956016352629067e-10,
    9.6758090353732369122e-11, -1.7268262914415557072e-11, 2.9550526631296398346e-12, -4.8564467831119294609e-13,
    7.6761854986049356169e-14, -1.1685332877993451681e-14, 1.7153912855551330306e-15, -2.4312798465479546936e-16,
    3.3307945188222380978e-17, -4.4153416464793393795e-18, 5.6691780069214961571e-19,
)
_I0_LARGE = (
    0.4022452055070544158, 0.0033691164782556940899, 6.8897583469168239843e-05, 2.891370520834756483e-06,
    2.0489185894690637418e-07, 2.2666689904981780646e-08, 3.3962320257083863452e-09, 4.9406023882249695891e-10,
    1.1889147107846438342e-11, -3.1499165279632413645e-11, -1.3215811840447713119e-11, -1.7941785315068061178e-12,
    7.1801244513836662337e-13, 3.8527783827421427011e-13, 1.5400862175214098269e-14, -4.1505693472872220866e-14,
    -9.5548466988283076487e-15, 3.8116806693526224207e-15, 1.7725601330565263836e-15, -3.4254856196772191346e-16,
    -2.8276239805165834849e-16, 3.4612228676974610931e-17, 4.465621420296759999e-17, -4.8305044859441820713e-18,
    -7.2331804878747539546e-18, 9.9214754121736985989e-19, 1.1936508908459820855e-18,
)
_I1_SMALL = (
    0.12629359322181682741, -0.17641651835783405515, 0.10264365868984709538, -0.052945981208094991427,
    0.024726449030626516828, -0.010564084894626198156, 0.0041564229443128881567, -0.001513572450631253149,
    0.0005122859561685757729, -0.00016176081582589674559, 4.7815651075500542264e-05, -1.3273163656039435828e-05,
    3.4702513081376784767e-06, -8.5687202646954547407e-07, 2.0032947535521352623e-07, -4.4450591287963280807e-08,
    9.3815373864957717839e-09, -1.8872497517228292879e-09, 3.625590281552117037e-10, -6.6634897235020277422e-11,
    1.1736186298890901631e-11, -1.9839743977649437152e-12, 3.2237933659455747098e-13, -5.0421855047279116871e-14,
    7.6006842947354069341e-15, -1.105596947735386308e-15, 1.5536319577362004689e-16, -2.1114212143581660782e-17,
    2.7779141127610463705e-18, -3.5415817725421362052e-19,
)
_I1_LARGE = (
    0.38928811750914006024, -0.0097610974913614684078, -0.00011058893876262371629, -3.8825648088776903935e-06,
    -2.5122362378702089253e-07, -2.6314688468895195068e-08, -3.835380385964237022e-09, -5.5897434621965838069e-10,
    -1.8974958123505412345e-11, 3.2526035830154882386e-11, 1.4125807436613781332e-11, 2.0356285441470895072e-12,
    -7.1985517762459085121e-13, -4.0835511110921973182e-13, -2.101541842772664313e-14, 4.2724400167119513543e-14,
    1.0420276984128802764e-14, -3.8144030724370078048e-15, -1.8803547755107824485e-15, 3.3082023109209282827e-16,
    2.9626289976459501391e-16, -3.2095259219934239588e-17, -4.6503053684893583256e-17, 4.4143483230717079499e-18,
    7.5172963108421048054e-18, -9.3141788673268833757e-19, -1.2421932751948909561e-18,
)

_K0_SMALL = (
    -0.2676636966169514, 0.3442898999246285, 0.0359799365153615, 0.001264615411446926, 2.286212103119452e-05,
    2.5347910790261494e-07, 1.904516377220209e-09, 1.0349695257633625e-11, 4.2598161427910826e-14,
    1.3744654358807508e-16, 3.5708965285083736e-19,
)
_K1_SMALL = (
    0.7626501136694739, -0.3531559607765449, -0.12261118082265715, -0.006975723859639864, -0.0001730288957513052,
    -2.4334061415659684e-06, -2.213387630734726e-08, -1.4114883926335278e-10, -6.666901694199329e-13,
    -2.427449850519366e-15, -7.023863479386288e-18,
)
_K0_LARGE = (
    1.2201515410329777, -0.0314481013119645, 0.0015698838857300533, -0.00012849549581627802, 1.39498137188765e-05,
    -1.8317555227191195e-06, 2.766813639445015e-07, -4.660489897687948e-08, 8.574034017414225e-09,
    -1.6975345093890614e-09, 3.5773972814003283e-10, -7.957489244477396e-11, 1.8559491149549264e-11,
    -4.514597883374519e-12, 1.1403405882073441e-12, -2.9800969231481784e-13, 8.032890775068375e-14,
    -2.2275133267462965e-14, 6.340076476276646e-15, -1.848593377920907e-15, 5.5120559994043335e-16,
    -1.6782311257549006e-16, 5.2103917776435543e-17, -1.6475805939842632e-17, 5.3004337711773354e-18,
    -1.7331712005821001e-18,
)
_K1_LARGE = (
    1.3603130952422213, 0.10392373657681724, -0.002857816859622779, 0.00019521551847135162, -1.936197974166083e-05,
    2.406484947837217e-06, -3.5019606030878126e-07, 5.7410841254500495e-08, -1.0345762465678097e-08,
    2.0150497551970347e-09, -4.1903547593419254e-10, 9.218315187605315e-11, -2.129967838427791e-11,
    5.139639673482343e-12, -1.2891739609498229e-12, 3.348419666052243e-13, -8.976705182010146e-14,
    2.4771544242195988e-14, -7.0198370892147685e-15, 2.038703166239861e-15, -6.057047270643018e-16,
    1.8380935752430455e-16, -5.689462849193648e-17, 1.7940510478863572e-17, -5.7567444820733025e-18,
    1.8778651901623268e-18,
)

@_in_float64
def _bessel_array(x, order, scaled):
    """exp(-|x|) I_order(x) from the two expansions (or I_order(x) itself unless ``scaled``)."""
    xp = get_array_module(x)
    z = xp.abs(x)
    small, large = (_I0_SMALL, _I0_LARGE) if order == 0 else (_I1_SMALL, _I1_LARGE)
    far = xp.maximum(z, 8.0)
    y = xp.where(z <= 8.0, _chebyshev(xp, z / 4.0 - 1.0, small) * (1.0 if order == 0 else z),
                 _chebyshev(xp, 16.0 / far - 1.0, large) / xp.sqrt(far))
    if order == 1:
        y = xp.where(x < 0, -y, y)
    return y * xp.exp(z) if not scaled else y


# Below this |x|, a removable ``a - y / x`` in a derivative is taken from its Taylor series: the quotient's own
# derivative (double backward) cancels there, with an error of about 1e-16 / x.
_SERIES_BELOW = 0.01


def _minus_over_x(a, y, x, series, below=_SERIES_BELOW):
    """``a - y / x``, or where |x| < ``below`` (or x is 0) the Taylor series with ``series`` the coefficients
    of x^0, x^2, x^4 ... (one coefficient, the limit at 0, with ``below=0``)."""
    near = get_array_module(raw(x)).abs(raw(x)) < below
    near = near | (raw(x) == 0)
    x2 = where(near, x, 0.0) ** 2  # masked, as the other branch: no inf reaches a gradient
    taylor = series[-1]
    for c in series[-2::-1]:  # Horner in x^2
        taylor = taylor * x2 + c
    return where(near, taylor, a - where(near, 0.0, y) / where(near, 1.0, x))


def _order_one_slope_series(sign):
    """The Taylor coefficients of J_1' (``sign`` -1) or I_1' (``sign`` 1) in x^2, to x^6: (2k + 1) sign^k /
    (2^(2k+1) k! (k+1)!) (the truncation is below 1e-17 for |x| < 0.01)."""
    return tuple(sign ** k * (2 * k + 1) / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1))
                 for k in range(4))


class BesselOrderZeroOrOne(Function):
    """Base of the Bessel-type functions of ``order`` 0 or 1 (exponentially scaled with ``scaled``): a
    family's class names its array function ``evaluate(x, order, scaled)`` and ``slope(x, y)``, the
    derivative, written with ``partner`` (the other order) so that double backward works; ``make_family``
    makes its members."""

    order, scaled = 0, False
    family = {}

    def forward(self, x):
        if x.dtype.kind == "c":
            raise NotImplementedError(f"{type(self).__name__} (a Bessel function): complex input (dtype {x.dtype}) "
                                      "is not supported, as in PyTorch; pass its real part")
        y = self.evaluate(x, self.order, self.scaled)
        self.save_for_backward(x, y)
        return y

    def partner(self, x):
        """The function of the other order (and the same scaling) at ``x``: recorded under create_graph."""
        return dual(self.family[1 - self.order, self.scaled](), x)

    def backward(self, gy):
        x, y = self.saved_tensors
        return gy * self.slope(x, y)

    @classmethod
    def make_family(cls, docs):
        """One subclass per ``(order, scaled): (name, docstring)`` in ``docs``, recorded as ``cls.family``."""
        cls.family = {key: type(name, (cls,), {"order": key[0], "scaled": key[1], "__doc__": doc,
                                                "__module__": cls.__module__})
                      for key, (name, doc) in docs.items()}
        return cls.family.values()


class _BesselI(BesselOrderZeroOrOne):
    """I_0 or I_1, exponentially scaled with ``scaled``."""

    evaluate = staticmethod(_bessel_array)

    def slope(self, x, y):
        if self.order == 0:
            d = self.partner(x)
        elif self.scaled:  # the series would need the factor exp(-|x|): the limit at 0 only
            d = _minus_over_x(self.partner(x), y, x, (0.5,), below=0)
        else:
            d = _minus_over_x(self.partner(x), y, x, _order_one_slope_series(1))
        if self.scaled:  # d/dx exp(-|x|) f = exp(-|x|) f' - sign(x) exp(-|x|) f
            d = d - y * get_array_module(raw(x)).sign(raw(x))
        return d


I0, I0e, I1, I1e = _BesselI.make_family({
    (0, False): ("I0", "``I_0(x)``."), (0, True): ("I0e", "``exp(-|x|) I_0(x)``."),
    (1, False): ("I1", "``I_1(x)``."), (1, True): ("I1e", "``exp(-|x|) I_1(x)``.")})


@_in_float64
def _bessel_k_array(x, order, scaled):
    """exp(x) K_order(x) from the two expansions (or K_order(x) itself unless ``scaled``): inf at 0, NaN for
    x < 0."""
    xp = get_array_module(x)
    near, far = xp.minimum(x, 2.0), xp.maximum(x, 2.0)
    log_term = xp.log(near / 2.0) * _bessel_array(near, order, False)
    if order == 0:
        small = _chebyshev(xp, near * near / 2.0 - 1.0, _K0_SMALL) - log_term
    else:
        small = _chebyshev(xp, near * near / 2.0 - 1.0, _K1_SMALL) / near + log_term
    large = _chebyshev(xp, 4.0 / far - 1.0, _K1_LARGE if order else _K0_LARGE) / xp.sqrt(far)
    if scaled:
        small = small * xp.exp(near)
    else:
        large = large * xp.exp(-far)
    return xp.where(x == 0, math.inf, xp.where(x <= 2.0, small, large))


class _BesselK(BesselOrderZeroOrOne):
    """K_0 or K_1, multiplied by exp(x) with ``scaled``."""

    evaluate = staticmethod(_bessel_k_array)

    def slope(self, x, y):
        d = -self.partner(x) if self.order == 0 else -self.partner(x) - y / x
        if not self.scaled:
            return d
        # d/dx exp(x) f = exp(x) f' + exp(x) f: -inf where the value is inf (x = 0), not -inf + inf
        return where(get_array_module(raw(y)).isinf(raw(y)), -math.inf, d + y)


K0, K0e, K1, K1e = _BesselK.make_family({
    (0, False): ("K0", "``K_0(x)``."), (0, True): ("K0e", "``exp(x) K_0(x)``."),
    (1, False): ("K1", "``K_1(x)``."), (1, True): ("K1e", "``exp(x) K_1(x)``.")})

GRADIENT_NOTE = " Differentiable (PyTorch gives no gradient for it)."
i0 = _unary(I0, "i0", "Elementwise modified Bessel function of the first kind of order 0.")
i0e = _unary(I0e, "i0e", "Elementwise exponentially scaled modified Bessel function of order 0, exp(-|x|) * i0(x).")
i1 = _unary(I1, "i1", "Elementwise modified Bessel function of the first kind of order 1.")
i1e = _unary(I1e, "i1e", "Elementwise exponentially scaled modified Bessel function of order 1, exp(-|x|) * i1(x).")
modified_bessel_i0 = _unary(I0, "modified_bessel_i0", "Elementwise I_0(x), the same as i0." + GRADIENT_NOTE)
modified_bessel_i1 = _unary(I1, "modified_bessel_i1", "Elementwise I_1(x), the same as i1." + GRADIENT_NOTE)
modified_bessel_k0 = _unary(K0, "modified_bessel_k0", "Elementwise modified Bessel function of the second kind of "
                            "order 0, K_0(x): inf at 0, NaN for x < 0." + GRADIENT_NOTE)
modified_bessel_k1 = _unary(K1, "modified_bessel_k1", "Elementwise modified Bessel function of the second kind of "
                            "order 1, K_1(x): inf at 0, NaN for x < 0." + GRADIENT_NOTE)
scaled_modified_bessel_k0 = _unary(K0e, "scaled_modified_bessel_k0", "Elementwise exp(x) * K_0(x): inf at 0, NaN "
                                   "for x < 0." + GRADIENT_NOTE)
scaled_modified_bessel_k1 = _unary(K1e, "scaled_modified_bessel_k1", "Elementwise exp(x) * K_1(x): inf at 0, NaN "
                                   "for x < 0." + GRADIENT_NOTE)
