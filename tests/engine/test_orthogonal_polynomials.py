"""torch.special's orthogonal polynomials in ag.special: values against PyTorch (orders negative, fractional,
NaN, above the trigonometric thresholds; x at +-1, 0 and outside [-1, 1]), dtypes, errors, and the gradient
in x, which PyTorch lacks, against numpy.polynomial's derivatives (first and second, by double backward)."""
import numpy as np
import pytest
from numpy.polynomial import Chebyshev, Hermite, HermiteE, Laguerre, Legendre

import autograd_core as ag

NAMES = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
         "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
         "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l",
         "legendre_polynomial_p"]
X = np.concatenate([np.linspace(-1.2, 1.2, 97), np.linspace(-0.1, 1.1, 49), [-1, 1, 0, 0.5, -0.5, np.inf, -np.inf,
                                                                              3.0, -7.0]])[:, None]
N = np.array([-3, -1, -0.5, 0, 1, 2, 2.7, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 33, 100, np.nan, np.inf])


@pytest.mark.parametrize("name", NAMES)
def test_values_match_torch(name):
    """n a tensor and a number. (At x = NaN PyTorch returns uninitialised memory, ours is NaN: left out.)"""
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(ag.special, name), getattr(torch.special, name)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(ours(ag.tensor(X), ag.tensor(N)).numpy(),
                                   theirs(torch.tensor(X), torch.tensor(N)).numpy(), rtol=1e-12, atol=1e-13)
        for n in [3, 9, 2.5, -1, float("nan")]:
            np.testing.assert_allclose(ours(ag.tensor(X), n).numpy(), theirs(torch.tensor(X), n).numpy(),
                                       rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(ours(0.5, ag.tensor(N[:-2])).numpy(), theirs(0.5, torch.tensor(N[:-2])).numpy(),
                                   rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name", NAMES)
def test_nan_gives_nan(name):
    assert np.isnan(getattr(ag.special, name)(ag.tensor([np.nan]), 3).numpy()).all()


DTYPE_CASES = [  # (x, its dtype, n, its dtype); no dtype: a Python number
    ([0.5], "float32", [3], "int64"), ([0.5], "float32", [3.0], "float64"), ([0.5], "float64", [3.0], "float32"),
    ([2], "int64", [3], "int64"), ([2], "int64", 3.0, None), ([0.5], "float32", 3, None), (0.5, None, [3], "int64"),
    ([True], "bool", 2, None), ([0.5], "float32", 3.0, "float64"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("x,x_dtype,n,n_dtype", DTYPE_CASES)
def test_dtypes_match_torch(name, x, x_dtype, n, n_dtype):
    torch = pytest.importorskip("torch")
    args = ((x, x_dtype), (n, n_dtype))
    ours = getattr(ag.special, name)(*[v if d is None else ag.tensor(v, dtype=d) for v, d in args])
    theirs = getattr(torch.special, name)(*[v if d is None else torch.tensor(v, dtype=getattr(torch, d))
                                            for v, d in args])
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")


def test_errors_name_the_op():
    f = ag.special.chebyshev_polynomial_t
    for x, n in [(0.5, 3), (ag.tensor([0.5]), [1, 2])]:
        with pytest.raises(TypeError, match="chebyshev_polynomial_t: x and n must be tensors or numbers"):
            f(x, n)
    with pytest.raises(ValueError, match=r"chebyshev_polynomial_t: x \(shape \(2,\)\) and n \(shape \(3,\)\)"):
        f(ag.tensor([0.5, 0.2]), ag.tensor([1, 2, 3]))
    with pytest.raises(NotImplementedError, match="complex"):
        f(ag.tensor([0.5j]), 2)


def _basis(name, n):
    """numpy.polynomial's p_n (of y = 2x - 1 for the shifted ones)."""
    kind = name[-1]
    if "chebyshev" in name:
        u = [Chebyshev.basis(k + 1).deriv() / (k + 1) if k >= 0 else Chebyshev([0.0]) for k in (n, n - 1)]
        return {"t": Chebyshev.basis(n), "u": u[0], "v": u[0] - u[1], "w": u[0] + u[1]}[kind]
    return {"h": Hermite, "e": HermiteE, "l": Laguerre, "p": Legendre}[kind].basis(n)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [0, 1, 3, 7, 12, 30])
def test_first_and_second_derivatives_match_numpy_polynomial(name, n):
    """Orders on both sides of the trigonometric thresholds (the gradient never takes that form)."""
    y = np.array([-0.9, -0.35, 0.2, 0.75])
    shifted = name.startswith("shifted")
    x = (y + 1) / 2 if shifted else y
    if "hermite" in name or "laguerre" in name:
        n = min(n, 12)
    t = ag.tensor(x, requires_grad=True)
    g, = ag.grad(getattr(ag.special, name)(t, n).sum(), t, create_graph=True)
    gg, = ag.grad(g.sum(), t)
    p = _basis(name, n)
    chain = 2.0 if shifted else 1.0
    scale = np.max(np.abs(p.deriv(2)(y))) * chain ** 2 + 1.0
    np.testing.assert_allclose(g.detach().numpy(), p.deriv()(y) * chain, rtol=1e-11, atol=1e-12 * scale)
    np.testing.assert_allclose(gg.numpy(), p.deriv(2)(y) * chain ** 2, rtol=1e-10, atol=1e-11 * scale)


def test_gradient_with_fractional_negative_and_broadcast_orders():
    """n = 2.7 is T_2 (gradient 4x), n = -1 gives 0 (gradient 0); x (2, 1) against n (3,) sums over n."""
    x = ag.tensor([[0.3], [-0.6]], requires_grad=True)
    ag.special.chebyshev_polynomial_t(x, ag.tensor([2.7, -1.0, 1.0])).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[4 * 0.3 + 1.0], [4 * -0.6 + 1.0]], rtol=1e-6)
    n = ag.tensor([2.0], requires_grad=True)  # n may require grad: it gets none
    y = ag.special.hermite_polynomial_h(ag.tensor([0.5]), n)
    assert not y.requires_grad


@pytest.mark.parametrize("name", NAMES)
def test_orders_beyond_int64_give_zero_as_torch(name):
    """PyTorch casts n to int64: an order of 2^63 or more becomes INT64_MIN (negative), so the value is 0; it
    once ran the recurrence 10^19 steps."""
    torch = pytest.importorskip("torch")
    x = np.array([0.3, 1.5])
    for n in [1e19, -1e19]:
        expected = getattr(torch.special, name)(torch.tensor(x), n).numpy()
        np.testing.assert_array_equal(getattr(ag.special, name)(ag.tensor(x), n).numpy(), expected)
        np.testing.assert_array_equal(getattr(ag.special, name)(ag.tensor(x), ag.tensor([n, n])).numpy(), expected)


@pytest.mark.parametrize("name", NAMES)
def test_huge_orders_take_torchs_closed_forms_or_stop_at_nan(name):
    """n = 10^12 returns at once, as in PyTorch: its Chebyshev takes the trigonometric form inside (-1, 1) and
    the exact values at the ends, and every recurrence stops once the value is NaN (overflow). Ours ran 10^12
    array steps. (Laguerre's recurrence stays finite, and Legendre's inside [-1, 1]: PyTorch runs those.) The
    phase n arccos(y) carries n ulp of arccos, 1e-4: hence atol."""
    torch = pytest.importorskip("torch")
    shifted = name.startswith("shifted")
    y = np.array([-3.0, -1.0, -0.7, 0.0, 0.2, 1.0, 2.0]) if "chebyshev" in name else np.array([-3.0, 2.0])
    x = (y + 1) / 2 if shifted else y
    if "laguerre" in name:
        return
    expected = getattr(torch.special, name)(torch.tensor(x), 1e12).numpy()
    with np.errstate(all="ignore"):
        for n in [10 ** 12, ag.tensor([10 ** 12])]:
            np.testing.assert_allclose(getattr(ag.special, name)(ag.tensor(x), n).numpy(), expected, rtol=1e-9,
                                       atol=1e-3)
