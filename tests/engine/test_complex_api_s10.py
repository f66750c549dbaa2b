"""The complex API's additions: logaddexp on complex tensors (PyTorch's branch of the logarithm),
conj_physical_, view_as_real_copy, view_as_complex_copy, complex(t), and normal's complex samples."""
import math

import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare_complex

Z = np.array([1 + 2j, -0.5 + 0.3j, 0.25 - 1j])


def test_logaddexp_of_complex_tensors_matches_torch():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4)) + 3j * rng.standard_normal((3, 4))
    b = rng.standard_normal((3, 4)) + 3j * rng.standard_normal((3, 4))
    torch = pytest.importorskip("torch")
    compare_complex(ag.logaddexp, torch.logaddexp, [a, b])
    compare_complex(ag.logaddexp, torch.logaddexp, [a.astype(np.complex64), b[0].astype(np.complex64)], atol=1e-5)
    # complex with real: torch's backward fails there (its real input gets a complex gradient); the values agree
    ours = ag.logaddexp(ag.tensor(a), ag.tensor(b.real[:1])).numpy()
    np.testing.assert_allclose(ours, torch.logaddexp(torch.tensor(a), torch.tensor(b.real[:1])).numpy(), atol=1e-12)


def test_logaddexp_of_complex_tensors_at_infinities_and_nan_as_torch():
    torch = pytest.importorskip("torch")
    inf, nan = math.inf, math.nan
    pairs = [(complex(-inf, 0), complex(-inf, 0)), (complex(-inf, 1), complex(-inf, 2)), (complex(inf, 1),
             complex(inf, 2)), (complex(inf, 1), complex(inf, 1)), (complex(inf, 0), 1 + 0j), (complex(nan, 0), 1j),
             (1j, complex(0, nan)), (1000 + 3j, 1000 - 3j), (complex(-inf, 0), 1 + 1j), (-1000 + 1j, 1000 + 2j)]
    a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    for x, y in ((a, b), (b, a)):
        ours = ag.logaddexp(ag.tensor(x), ag.tensor(y)).numpy()
        np.testing.assert_array_equal(ours, torch.logaddexp(torch.tensor(x), torch.tensor(y)).numpy())


def test_logaddexp_of_complex_tensors_takes_pytorchs_branch():
    # e^(1000+3i) + e^(1000-3i) = e^1000 2 cos 3: log1p(e^(-6i)) + (1000 + 3i), from the first operand at a tie
    y = ag.logaddexp(ag.tensor(np.array([1000 + 3j])), ag.tensor(np.array([1000 - 3j]))).numpy()
    np.testing.assert_allclose(y, [1000 + math.log(2 * abs(math.cos(3))) + 1j * math.pi])


def test_conj_physical_in_place():
    a = ag.tensor(np.array([1 + 1j, 2 - 3j]))
    a[:1].conj_physical_()  # through a view
    np.testing.assert_array_equal(a.numpy(), [1 - 1j, 2 - 3j])
    assert ag.conj_physical_(a) is a
    np.testing.assert_array_equal(a.numpy(), [1 + 1j, 2 + 3j])
    x = ag.tensor([1.0, -2.0])
    assert x.conj_physical_() is x and x.numpy().tolist() == [1.0, -2.0]
    with pytest.raises(RuntimeError, match="conj_physical_: a leaf tensor that requires grad"):
        ag.tensor(Z, requires_grad=True).conj_physical_()


def test_conj_physical_in_place_gradient_matches_torch():
    pytest.importorskip("torch")
    compare_complex(lambda z: (z * 1).conj_physical_(), lambda z: (z * 1).conj_physical_(), [Z])


def test_view_as_real_copy_and_view_as_complex_copy_are_copies():
    z = ag.tensor(Z)
    r = ag.view_as_real_copy(z)
    r[0, 0] = 7.0
    assert z.numpy()[0] == Z[0] and r.shape == (3, 2)
    pairs = ag.tensor(np.arange(6.0).reshape(3, 2))
    c = ag.view_as_complex_copy(pairs)
    c[0] = 5j
    np.testing.assert_array_equal(pairs.numpy(), np.arange(6.0).reshape(3, 2))
    np.testing.assert_array_equal(c.numpy(), [5j, 2 + 3j, 4 + 5j])
    with pytest.raises(RuntimeError, match="view_as_complex: tensor must have a last dimension of size 2"):
        ag.view_as_complex_copy(ag.ones(2, 3))
    with pytest.raises(RuntimeError, match="view_as_complex: tensor must have a last dimension with stride 1"):
        ag.view_as_complex_copy(ag.ones(2, 2).t())
    with pytest.raises(RuntimeError, match="view_as_real is only supported for complex tensors"):
        ag.view_as_real_copy(ag.ones(2))


def test_view_as_real_copy_matches_torch():
    torch = pytest.importorskip("torch")
    compare_complex(ag.view_as_real_copy, torch.view_as_real_copy, [Z])
    x = np.arange(8.0).reshape(2, 2, 2)
    np.testing.assert_array_equal(ag.view_as_complex_copy(ag.tensor(x)).numpy(),
                                  torch.view_as_complex_copy(torch.tensor(x)).numpy())


def test_complex_of_a_one_element_tensor():
    assert complex(ag.tensor(np.array([1 + 2j]))) == 1 + 2j
    assert complex(ag.tensor(1.5)) == 1.5 + 0j
    assert complex(ag.tensor(3)) == 3 + 0j
    assert complex(ag.tensor(np.array(1 - 1j, np.complex64), requires_grad=True)) == 1 - 1j
    with pytest.raises(ValueError, match="only one-element tensors"):
        complex(ag.tensor(Z))


def test_normal_with_a_complex_mean_has_pytorchs_dtype_and_moments():
    ag.manual_seed(0)
    mean = ag.tensor(np.full(100_000, 1 + 2j, np.complex64))
    for std, variance in ((1.0, 0.5), (ag.full((100_000,), 2.0, dtype=ag.float64), 2.0)):
        y = ag.normal(mean, std)
        assert y.dtype == np.complex64 and not y.requires_grad
        np.testing.assert_allclose([y.real.mean().item(), y.imag.mean().item()], [1, 2], atol=0.02)
        np.testing.assert_allclose([y.real.var().item(), y.imag.var().item()], [variance] * 2, rtol=0.03)
    assert ag.normal(mean[:3].to(ag.complex128), ag.ones(3, dtype=ag.float32)).dtype == np.complex128
    y = ag.normal(1.0, 2.0, (100_000,), dtype=ag.complex64)  # PyTorch adds a number mean to both parts
    np.testing.assert_allclose([y.real.mean().item(), y.imag.mean().item()], [1, 1], atol=0.03)
    np.testing.assert_allclose([y.real.var().item(), y.imag.var().item()], [2.0, 2.0], rtol=0.03)


def test_normal_dtypes_match_torch():
    torch = pytest.importorskip("torch")
    for mean, std in ((np.complex64, np.float64), (np.complex128, np.float32), (np.float32, np.float64)):
        ours = ag.normal(ag.zeros(2, dtype=mean), ag.ones(2, dtype=std)).dtype
        theirs = torch.normal(torch.zeros(2, dtype=getattr(torch, np.dtype(mean).name)),
                              torch.ones(2, dtype=getattr(torch, np.dtype(std).name))).dtype
        assert str(theirs) == f"torch.{np.dtype(ours).name}"


def test_normal_refuses_complex_numbers_and_std():
    with pytest.raises(TypeError, match="normal: mean must be a real number or a tensor"):
        ag.normal(1 + 1j, 1.0, (2,))
    with pytest.raises(TypeError, match="normal: std must be a real number or a tensor"):
        ag.normal(ag.zeros(2), 1j)
    with pytest.raises(TypeError, match="normal: expects a float tensor of parameters, got complex64"):
        ag.normal(ag.zeros(2), ag.tensor([1 + 1j, 1]))
    with pytest.raises(ValueError, match="normal: the shapes of mean \\(2,\\) and std \\(3,\\) can't be broadcast"):
        ag.normal(ag.zeros(2), ag.ones(3))
    with pytest.raises(TypeError, match="normal_: mean and std must be real numbers"):
        ag.ones(2, dtype=ag.complex64).normal_(1 + 1j)
