"""The special functions and contractions against PyTorch (forward, gradients, edge values, errors)
and the gamma family against ``math.lgamma`` over a wide range."""
import math

import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare

RNG = np.random.default_rng(0)


def _torch():
    return pytest.importorskip("torch")


def test_lgamma_matches_math_lgamma_over_a_wide_range():
    x = np.concatenate([RNG.uniform(-30, 60, 2000), np.logspace(-300, 300, 200), [1.0, 2.0, 0.5, 3.0]])
    x = x[np.abs(x - np.round(x)) > 1e-6 * (x < 0)]  # off the poles
    expected = np.array([math.lgamma(v) for v in x])
    np.testing.assert_allclose(ag.lgamma(ag.tensor(x)).numpy(), expected, rtol=1e-13, atol=1e-13)


def test_digamma_is_the_derivative_of_lgamma():
    x = ag.tensor(RNG.uniform(-4.5, 20, 50), requires_grad=True)
    ag.lgamma(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), ag.digamma(x).detach().numpy())


@pytest.mark.parametrize("name, n", [("digamma", None), ("polygamma", 1), ("polygamma", 2), ("polygamma", 3)])
def test_gamma_family_matches_torch_including_near_poles(name, n):
    torch = _torch()
    x = np.concatenate([RNG.uniform(-20, 30, 500), -np.logspace(-8, 1, 50) + 1e-9, np.logspace(-8, 8, 50)])
    ours = ag.digamma(ag.tensor(x)) if n is None else ag.polygamma(n, ag.tensor(x))
    theirs = torch.digamma(torch.tensor(x)) if n is None else torch.polygamma(n, torch.tensor(x))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=2e-6)  # next to a pole torch loses digits (we don't)


def test_special_values_at_poles_and_infinities():
    torch = _torch()
    x = np.array([0.0, -0.0, -1.0, -2.0, np.inf, -np.inf, np.nan])
    for ours, theirs in [(ag.lgamma, torch.lgamma), (ag.digamma, torch.digamma),
                         (lambda t: ag.polygamma(2, t), lambda t: torch.polygamma(2, t))]:
        np.testing.assert_array_equal(ours(ag.tensor(x[:4])).numpy(), theirs(torch.tensor(x[:4])).numpy())
    np.testing.assert_array_equal(ag.lgamma(ag.tensor(x[4:])).numpy(), torch.lgamma(torch.tensor(x[4:])).numpy())
    y = np.array([-1.0, 1.0, 1.5, -2.0, 0.0, np.nan])
    np.testing.assert_array_equal(ag.erfinv(ag.tensor(y)).numpy(), torch.erfinv(torch.tensor(y)).numpy())


def test_erfc_and_erfinv_are_accurate_in_the_tails():
    torch = _torch()
    x = np.concatenate([np.linspace(-6, 26, 500), np.logspace(-300, 1, 50)])  # erfc(26) ~ 6e-296: not subnormal
    np.testing.assert_allclose(ag.erfc(ag.tensor(x)).numpy(), [math.erfc(v) for v in x], rtol=2e-13, atol=0)
    y = np.concatenate([np.linspace(-0.999, 0.999, 501), 1 - np.logspace(-16, -2, 40), np.logspace(-300, -1, 40)])
    np.testing.assert_allclose(ag.erfinv(ag.tensor(y)).numpy(), torch.erfinv(torch.tensor(y)).numpy(), rtol=1e-14)


@pytest.mark.parametrize("name", ["erf", "erfc", "erfinv", "lgamma", "digamma", "sinc", "logit", "deg2rad",
                                  "rad2deg", "frac"])
def test_unary_ops_match_torch(name):
    torch = _torch()
    low, high = (-0.9, 0.9) if name == "erfinv" else (0.05, 0.95) if name == "logit" else (-3, 3)
    x = RNG.uniform(low, high, (4, 5))
    compare(getattr(ag, name), getattr(torch, name), [x])
    compare(getattr(ag.Tensor, name), getattr(torch.Tensor, name), [x])


def test_integer_inputs_give_float32_as_torch():
    torch = _torch()
    for name in ["erf", "erfc", "lgamma", "digamma", "sinc", "deg2rad", "logit"]:
        assert getattr(ag, name)(ag.tensor([1, 2])).dtype == np.float32, name
    assert ag.trunc(ag.tensor([1, -2])).dtype == np.int64
    x = np.array([-1.5, 0.0, 2.0])
    np.testing.assert_array_equal(ag.sgn(ag.tensor(x)).numpy(), torch.sgn(torch.tensor(x)).numpy())
    np.testing.assert_array_equal(ag.tensor(x).trunc().numpy(), torch.tensor(x).trunc().numpy())
    assert ag.xlogy(ag.tensor([1, 3]), ag.tensor([1, 2])).dtype == np.float32
    np.testing.assert_allclose(ag.sinc(ag.tensor([0, 1])).numpy(), torch.sinc(torch.tensor([0, 1])).numpy())


def test_logit_eps_xlogy_logaddexp_match_torch():
    torch = _torch()
    x = RNG.uniform(-0.1, 1.1, (3, 4))
    compare(lambda t: ag.logit(t, eps=0.05), lambda t: torch.logit(t, eps=0.05), [x])
    a, b = RNG.uniform(-2, 2, (3, 4)), RNG.uniform(0.1, 3, (4,))
    a[0, :2] = 0.0
    compare(ag.xlogy, torch.xlogy, [a, b])
    compare(ag.logaddexp, torch.logaddexp, [a, b])
    special = np.array([0.0, 0.0, 1.0, 2.0]), np.array([0.0, np.nan, 0.0, 3.0])
    np.testing.assert_array_equal(ag.xlogy(*map(ag.tensor, special)).numpy(),
                                  torch.xlogy(*map(torch.tensor, special)).numpy())
    inf = np.array([-np.inf, np.inf, -np.inf]), np.array([-np.inf, np.inf, 1.0])
    np.testing.assert_array_equal(ag.logaddexp(*map(ag.tensor, inf)).numpy(),
                                  torch.logaddexp(*map(torch.tensor, inf)).numpy())


def test_xlogy_gradient_where_input_is_zero_matches_torch():
    torch = _torch()
    compare(ag.xlogy, torch.xlogy, [np.array([0.0, 0.0, 2.0]), np.array([2.0, 0.5, 3.0])])


def test_nan_to_num_heaviside_signbit_match_torch():
    torch = _torch()
    x = np.array([np.nan, np.inf, -np.inf, 1.5, -0.0, 0.0])
    for kwargs in [{}, {"nan": 2.0, "posinf": 3.0}, {"neginf": -9.0}]:
        for dtype in (np.float32, np.float64):
            np.testing.assert_array_equal(ag.nan_to_num(ag.tensor(x.astype(dtype)), **kwargs).numpy(),
                                          torch.nan_to_num(torch.tensor(x.astype(dtype)), **kwargs).numpy())
    np.testing.assert_array_equal(ag.signbit(ag.tensor(x)).numpy(), torch.signbit(torch.tensor(x)).numpy())
    v = np.array([0.5])
    np.testing.assert_array_equal(ag.heaviside(ag.tensor(x), ag.tensor(v)).numpy(),
                                  torch.heaviside(torch.tensor(x), torch.tensor(v)).numpy())
    assert ag.heaviside(ag.tensor([1, 0, -1]), ag.tensor([7])).tolist() == [1, 7, 0]
    with pytest.raises(TypeError, match="heaviside"):
        ag.heaviside(ag.tensor([1.0]), ag.tensor([1], dtype=np.int64))


@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ii->i", [(4, 4)]), ("ii", [(4, 4)]), ("ij->", [(3, 4)]), ("ij->ji", [(3, 4)]), ("i,j->ij", [(3,), (4,)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (4, 5)]), ("ij...,jk...", [(2, 3, 5), (3, 4, 5)]),
    ("ij,ij->ij", [(2, 1), (2, 4)]), ("ijk,ikl,lm->jm", [(2, 3, 4), (2, 4, 5), (5, 3)]),
    ("bii,bij->bj", [(2, 3, 3), (2, 3, 4)]), ("a b , b c -> a c", [(2, 3), (3, 2)]), ("Ab,bC->AC", [(2, 3), (3, 2)]),
])
def test_einsum_matches_torch(equation, shapes):
    torch = _torch()
    compare(lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs),
            [RNG.standard_normal(s) for s in shapes])


def test_einsum_takes_a_list_and_its_gradient_is_twice_differentiable():
    a, b = (ag.tensor(RNG.standard_normal(s), requires_grad=True) for s in [(3, 3), (3, 4)])
    assert ag.einsum("ij,jk", [a, b]).shape == (3, 4)
    assert ag.gradgradcheck(lambda x, y: ag.einsum("ii,ij->j", x, y), [a, b])


@pytest.mark.parametrize("equation, shapes, match", [
    ("ij,jk", [(2, 3)], "names 2 operands"), ("ij", [(2, 3, 4)], "don't fit"), ("ij,jk", [(2, 3), (4, 4)], "size"),
    ("ij->jj", [(2, 2)], "more than once"), ("ij->k", [(2, 2)], "no operand"), ("i1", [(2, 2)], "letters"),
    ("ij->i", [(2, 3)], None),
])
def test_einsum_errors(equation, shapes, match):
    xs = [ag.tensor(np.ones(s)) for s in shapes]
    if match is None:
        assert ag.einsum(equation, *xs).shape == (2,)
        return
    with pytest.raises(ValueError, match=match):
        ag.einsum(equation, *xs)


@pytest.mark.parametrize("dims, shapes", [(2, [(2, 3, 4), (3, 4, 5)]), (0, [(2, 3), (4,)]), (1, [(2, 3), (3, 4)]),
                                          (([1, 2], [1, 0]), [(2, 3, 4), (4, 3, 5)]), (([0], [1]), [(3, 2), (4, 3)])])
def test_tensordot_matches_torch(dims, shapes):
    torch = _torch()
    compare(lambda a, b: ag.tensordot(a, b, dims), lambda a, b: torch.tensordot(a, b, dims),
            [RNG.standard_normal(s) for s in shapes])


def test_tensordot_errors():
    a, b = ag.tensor(np.ones((2, 3))), ag.tensor(np.ones((3, 2)))
    for dims, match in [(3, r"dims=3"), (-1, r"dims=-1"), (([1], [0, 1]), "same length"), (([0], [0]), "must match")]:
        with pytest.raises(ValueError, match=match):
            ag.tensordot(a, b, dims)


@pytest.mark.parametrize("shapes", [[(2, 3), (3, 2)], [(2, 3), (4,)], [(), (3,)], [(2, 1, 3), (4, 5)]])
def test_kron_matches_torch(shapes):
    torch = _torch()
    compare(ag.kron, torch.kron, [RNG.standard_normal(s) for s in shapes])


@pytest.mark.parametrize("shapes, dim", [([(4, 3), (4, 3)], 1), ([(3, 4), (3, 4)], None), ([(1, 3), (4, 3)], -1),
                                         ([(2, 3, 3), (2, 3, 3)], None), ([(3, 5), (3, 1)], 0)])
def test_cross_matches_torch(shapes, dim):
    torch = _torch()
    compare(lambda a, b: ag.cross(a, b, dim=dim), lambda a, b: torch.cross(a, b, dim=dim),
            [RNG.standard_normal(s) for s in shapes])


def test_cross_errors():
    with pytest.raises(ValueError, match="same number of dims"):
        ag.cross(ag.tensor(np.ones((4, 3))), ag.tensor(np.ones(3)))
    with pytest.raises(ValueError, match="no dimension of size 3"):
        ag.cross(ag.tensor(np.ones((2, 4))), ag.tensor(np.ones((2, 4))))
    with pytest.raises(ValueError, match="must have size 3"):
        ag.cross(ag.tensor(np.ones((3, 4))), ag.tensor(np.ones((3, 4))), dim=1)


@pytest.mark.parametrize("shapes", [[(2, 3), (4, 3)], [(), (4, 3)], [(3,), (3,)], [(2, 5, 3), (4, 3)]])
def test_inner_matches_torch(shapes):
    torch = _torch()
    compare(ag.inner, torch.inner, [RNG.standard_normal(s) for s in shapes])


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, 0.5, math.inf, 0.0])
@pytest.mark.parametrize("shapes", [[(3, 4), (5, 4)], [(2, 3, 4), (5, 4)], [(2, 30, 4), (1, 26, 4)]])
def test_cdist_matches_torch(p, shapes):
    torch = _torch()
    arrays = [RNG.standard_normal(s) for s in shapes]
    if p == 0:  # a count: no gradient to compare
        np.testing.assert_array_equal(ag.cdist(*map(ag.tensor, arrays), p).numpy(),
                                      torch.cdist(*map(torch.tensor, arrays), p).numpy())
        return
    compare(lambda a, b: ag.cdist(a, b, p), lambda a, b: torch.cdist(a, b, p), arrays, atol=1e-8)


def test_cdist_gradient_at_zero_distance_is_zero_as_torch():
    torch = _torch()
    x = RNG.standard_normal((3, 4))
    for mode in ["use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"]:
        compare(lambda a, b: ag.cdist(a, b, compute_mode=mode), lambda a, b: torch.cdist(a, b, compute_mode=mode),
                [x, x.copy()], atol=1e-6)


def test_cdist_errors():
    a = ag.tensor(np.ones((3, 4)))
    for args, error, match in [((ag.tensor(np.ones(3)), a), ValueError, "at least 2 dims"),
                               ((a, ag.tensor(np.ones((5, 3)))), ValueError, "same number of columns"),
                               ((a, a, -1.0), ValueError, "p must be"),
                               ((ag.tensor(np.ones((3, 4), np.int64)), a), TypeError, "float")]:
        with pytest.raises(error, match=match):
            ag.cdist(*args)


def test_add_scaled_products_match_torch():
    torch = _torch()
    n = RNG.standard_normal
    compare(lambda x, a, b: ag.addcmul(x, a, b, value=2.5), lambda x, a, b: torch.addcmul(x, a, b, value=2.5),
            [n(3), n((2, 1)), n(3)])
    compare(lambda x, a, b: x.addcdiv(a, b, value=-0.5), lambda x, a, b: x.addcdiv(a, b, value=-0.5),
            [n((2, 3)), n(3), RNG.uniform(0.5, 2, (2, 3))])
    compare(lambda x, m, v: ag.addmv(x, m, v, beta=0.5, alpha=2),
            lambda x, m, v: torch.addmv(x, m, v, beta=0.5, alpha=2), [n(1), n((2, 3)), n(3)])
    compare(lambda x, a, b: x.addbmm(a, b, beta=2, alpha=0.5), lambda x, a, b: x.addbmm(a, b, beta=2, alpha=0.5),
            [n((2, 1)), n((5, 2, 3)), n((5, 3, 4))])
    compare(lambda x, a, b: ag.baddbmm(x, a, b, alpha=3), lambda x, a, b: torch.baddbmm(x, a, b, alpha=3),
            [n((2, 4)), n((5, 2, 3)), n((5, 3, 4))])


def test_beta_zero_ignores_nan_input_and_gives_it_a_zero_gradient():
    nan = np.full((5, 2, 4), np.nan)
    x = ag.tensor(nan, requires_grad=True)
    y = ag.baddbmm(x, ag.tensor(RNG.standard_normal((5, 2, 3))), ag.tensor(RNG.standard_normal((5, 3, 4))), beta=0)
    assert not np.isnan(y.detach().numpy()).any()
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros_like(nan))


def test_add_scaled_product_errors():
    with pytest.raises(ValueError, match="addmv: input of shape"):
        ag.addmv(ag.tensor(np.ones(3)), ag.tensor(np.ones((2, 3))), ag.tensor(np.ones(3)))
    with pytest.raises(ValueError, match="addbmm"):
        ag.addbmm(ag.tensor(np.ones(2)), ag.tensor(np.ones((1, 2, 3))), ag.tensor(np.ones((2, 3, 2))))
    with pytest.raises(ValueError, match="bmm"):
        ag.baddbmm(ag.tensor(np.ones(2)), ag.tensor(np.ones((1, 2, 3))), ag.tensor(np.ones((2, 3, 2))))
    with pytest.raises(TypeError, match="addcdiv"):
        ag.addcdiv(ag.tensor([1.0]), ag.tensor([1]), ag.tensor([2]))


def test_top_level_softmax_is_functional_softmax():
    torch = _torch()
    x = RNG.standard_normal((3, 4))
    compare(lambda t: ag.softmax(t, 1), lambda t: torch.softmax(t, 1), [x])
    compare(lambda t: t.log_softmax(0), lambda t: t.log_softmax(0), [x])
    assert ag.softmax is ag.nn.functional.softmax and ag.log_softmax is ag.nn.functional.log_softmax
