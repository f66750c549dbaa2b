"""ag.special against torch.special: every name, its values (tails and special points included), its
dtypes and, where differentiable, its gradient; ag.i0 and Tensor.i0."""
import math

import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

torch = pytest.importorskip("torch")

WIDE = np.concatenate([np.linspace(-30, 30, 601), [0.0, -0.0, 1e10, -1e10, np.inf, -np.inf, np.nan]])
UNIT = np.concatenate([np.linspace(0, 1, 401), 10.0 ** -np.arange(1, 300, 13), 1 - 10.0 ** -np.arange(1, 16),
                       [-0.5, 1.5, np.nan]])
POSITIVE = np.concatenate([np.linspace(0.05, 20, 200), [0.0, np.inf]])

UNARY = {  # name: (inputs, relative tolerance[, absolute tolerance])
    "expit": (WIDE, 1e-15, 1e-16), "logit": (UNIT, 1e-14), "erf": (WIDE, 1e-15), "erfc": (WIDE, 1e-12),
    "erfcx": (WIDE, 1e-13),  # torch's 2 exp(x^2) is up to ~500 ulp off near x = -26 (ours: test_erf_fast.py)
    "erfinv": (np.linspace(-1, 1, 401), 1e-14), "exp2": (WIDE, 1e-15),
    "expm1": (WIDE, 1e-15), "log1p": (POSITIVE, 1e-15), "gammaln": (POSITIVE, 1e-13, 1e-15),
    "digamma": (POSITIVE, 1e-13),
    "psi": (POSITIVE, 1e-13), "entr": (np.concatenate([POSITIVE, [-1.0]]), 1e-15), "sinc": (WIDE[:-5], 1e-13),
    "ndtri": (UNIT, 1e-13), "log_ndtr": (WIDE, 1e-13), "i0": (WIDE, 1e-14), "i0e": (WIDE, 1e-14),
    "i1": (WIDE, 1e-14), "i1e": (WIDE, 1e-14),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values_match_torch(name):
    x, rtol, atol = (UNARY[name] + (1e-300,))[:3]
    with np.errstate(all="ignore"):  # inf and NaN at the ends of the ranges, as intended
        ours = getattr(ag.special, name)(ag.tensor(x)).numpy()
    theirs = getattr(torch.special, name)(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_dtypes_match_torch(name):
    for ours_in, theirs_in in [(ag.tensor([1, 2]), torch.tensor([1, 2])),
                               (ag.tensor([0.5], dtype=ag.float32), torch.tensor([0.5]))]:
        with np.errstate(all="ignore"):  # logit(2) is NaN
            ours = getattr(ag.special, name)(ours_in)
        assert str(ours.dtype) == str(getattr(torch.special, name)(theirs_in).dtype).replace("torch.", "")


@pytest.mark.parametrize("name,low,high", [
    ("expit", -3, 3), ("logit", 0.1, 0.9), ("erfcx", -2, 3), ("ndtr", -3, 3), ("ndtri", 0.05, 0.95),
    ("log_ndtr", -5, 3), ("entr", 0.1, 3), ("i0", -10, 10), ("i0e", -10, 10), ("i1", -10, 10), ("i1e", -10, 10),
    ("gammaln", 0.5, 5), ("digamma", 0.5, 5), ("exp2", -2, 2), ("expm1", -2, 2), ("log1p", -0.5, 2),
])
def test_unary_gradients_match_torch(name, low, high):
    x = np.random.default_rng(0).uniform(low, high, 12)
    compare(getattr(ag.special, name), getattr(torch.special, name), [x])


@pytest.mark.parametrize("name", ["i0", "i0e", "i1", "i1e", "erfcx", "ndtri", "log_ndtr", "entr"])
def test_second_derivatives_match_torch(name):
    x = np.array([0.15, 0.4, 0.7, 0.95])
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    g, = torch.autograd.grad(getattr(torch.special, name)(tx).sum(), tx, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), tx)
    ga, = ag.grad(getattr(ag.special, name)(ax).sum(), ax, create_graph=True)
    gga, = ag.grad(ga.sum(), ax)
    np.testing.assert_allclose(ga.detach().numpy(), g.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gga.numpy(), gg.numpy(), rtol=1e-11)


def test_bessel_derivatives_at_zero_are_torchs():
    for name in ["i0", "i0e", "i1", "i1e"]:
        x = ag.tensor([0.0], requires_grad=True)
        getattr(ag.special, name)(x).sum().backward()
        tx = torch.tensor([0.0], dtype=torch.float64, requires_grad=True)
        getattr(torch.special, name)(tx).sum().backward()
        assert x.grad.numpy().tolist() == tx.grad.numpy().tolist(), name


def test_entr_gradient_at_zero_and_below_is_torchs():
    x = ag.tensor([0.0, -1.0], requires_grad=True)
    with np.errstate(all="ignore"):
        ag.special.entr(x).sum().backward()
    assert x.grad.numpy()[0] == math.inf and np.isnan(x.grad.numpy()[1])


def test_ndtr_keeps_its_relative_accuracy_in_the_lower_tail():
    """PyTorch computes (1 + erf(x / sqrt 2)) / 2, which is 0 below about -8.3; ours is erfc's."""
    x = np.array([-5.0, -10.0, -20.0, -37.0])
    expected = [0.5 * math.erfc(-v / math.sqrt(2)) for v in x]
    np.testing.assert_allclose(ag.special.ndtr(ag.tensor(x)).numpy(), expected, rtol=1e-12)
    np.testing.assert_allclose(ag.special.ndtr(ag.tensor(np.linspace(-8, 8, 101))).numpy(),
                               torch.special.ndtr(torch.tensor(np.linspace(-8, 8, 101))).numpy(), atol=1e-15)


@pytest.mark.parametrize("name", ["xlogy", "xlog1py"])
def test_binary_values_and_gradients_match_torch(name):
    rng = np.random.default_rng(1)
    a, b = rng.uniform(-2, 2, (3, 1)), rng.uniform(0.1, 2, (4,))
    a[0, 0] = 0.0
    compare(getattr(ag.special, name), getattr(torch.special, name), [a, b])
    x, y = np.array([0.0, 0.0, 0.0, 1.0, 2.0]), np.array([-1.0, np.nan, 0.0, -1.0, np.inf])
    with np.errstate(all="ignore"):
        ours = getattr(ag.special, name)(ag.tensor(x), ag.tensor(y)).numpy()
    np.testing.assert_array_equal(ours, getattr(torch.special, name)(torch.tensor(x), torch.tensor(y)).numpy())


def test_xlog1py_refuses_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="xlog1py"):
        ag.special.xlog1py(ag.ones(3), ag.ones(4))


def test_reductions_and_softmaxes_match_torch():
    x = np.random.default_rng(2).standard_normal((3, 4))
    for dim in (0, 1, -1):
        compare(lambda t: ag.special.logsumexp(t, dim), lambda t: torch.special.logsumexp(t, dim), [x])
        compare(lambda t: ag.special.logsumexp(t, dim, keepdim=True),
                lambda t: torch.special.logsumexp(t, dim, keepdim=True), [x])
        compare(lambda t: ag.special.softmax(t, dim), lambda t: torch.special.softmax(t, dim), [x])
        compare(lambda t: ag.special.log_softmax(t, dim), lambda t: torch.special.log_softmax(t, dim), [x])
    y = ag.special.softmax(ag.tensor(x, dtype=ag.float32), 1, dtype=ag.float64)
    assert y.dtype == np.float64


def test_polygamma_and_multigammaln_match_torch():
    x = np.random.default_rng(3).uniform(2.0, 6.0, 5)
    for n in (0, 1, 2, 3):
        compare(lambda t: ag.special.polygamma(n, t), lambda t: torch.special.polygamma(n, t), [x])
    compare(lambda t: ag.special.multigammaln(t, 3), lambda t: torch.special.multigammaln(t, 3), [x])
    with pytest.raises(ValueError, match="polygamma"):
        ag.special.polygamma(-1, ag.tensor(x))


def test_round_with_decimals_matches_torch():
    x = np.array([0.125, 1.2345678, -2.5, 1234.5, 5551.0, -0.0049])
    for decimals in (0, 1, 2, 3, -1, -2):
        np.testing.assert_array_equal(ag.special.round(ag.tensor(x), decimals=decimals).numpy(),
                                      torch.special.round(torch.tensor(x), decimals=decimals).numpy())
    t = ag.tensor(x, requires_grad=True)
    ag.special.round(t, decimals=2).sum().backward()
    assert not t.grad.numpy().any()


def test_ndtri_far_tails_and_domain():
    p = np.array([0.0, 1e-300, 1e-100, 1e-20, 0.5, 1 - 1e-15, 1.0, -0.1, 1.1])
    np.testing.assert_allclose(ag.special.ndtri(ag.tensor(p)).numpy(), torch.special.ndtri(torch.tensor(p)).numpy(),
                               rtol=1e-13)


def test_i0_is_a_top_level_function_and_tensor_method():
    x = np.array([-3.0, 0.0, 0.5, 9.0])
    expected = torch.i0(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ag.i0(ag.tensor(x)).numpy(), expected, rtol=1e-14)
    np.testing.assert_allclose(ag.tensor(x).i0().numpy(), expected, rtol=1e-14)
    assert ag.i0(ag.tensor([True])).dtype == np.float32


def test_names_are_torchs():
    for name in ag.special.__all__:
        assert hasattr(torch.special, name), name


def test_zeta_matches_torch():
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.uniform(1.01, 30, 200), [2.0, 1.0, 0.5, 2.0, 2.0, 50.0, 1.0001, np.inf, 2.0, 7.0]])
    q = np.concatenate([rng.uniform(0.001, 50, 200), [1.0, 1.0, 1.0, 0.0, -2.0, 10.0, 1.0, 2.0, np.inf, 0.01]])
    np.testing.assert_allclose(ag.special.zeta(ag.tensor(x), ag.tensor(q)).numpy(),
                               torch.special.zeta(torch.tensor(x), torch.tensor(q)).numpy(), rtol=1e-14)
    compare(ag.special.zeta, torch.special.zeta, [rng.uniform(1.5, 5, (3, 1)), rng.uniform(0.5, 4, (4,))], diff=[1])
    assert ag.special.zeta(ag.tensor([2, 3]), 1).dtype == np.float32


def test_zeta_has_no_derivative_in_x():
    x = ag.tensor([2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="zeta: the derivative with respect to x"):
        ag.special.zeta(x, ag.tensor([1.0])).sum().backward()
