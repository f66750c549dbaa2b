"""linalg.ldl_factor, ldl_factor_ex and ldl_solve: LAPACK's (PyTorch's) LD and pivots, solutions, errors."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

L = ag.linalg
RNG = np.random.default_rng(0)


def _symmetric(shape, dtype=np.float64, herm=False):
    a = RNG.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * RNG.standard_normal(shape)
    a = a.astype(dtype)
    return a + (a.conj() if herm else a).swapaxes(-1, -2)


def _assert_factor_matches_torch(a, hermitian=False, atol=1e-12):
    torch = pytest.importorskip("torch")
    ours, theirs = L.ldl_factor_ex(ag.tensor(a), hermitian=hermitian), \
        torch.linalg.ldl_factor_ex(torch.tensor(a), hermitian=hermitian)
    np.testing.assert_array_equal(ours.pivots.numpy(), theirs.pivots.numpy())
    np.testing.assert_array_equal(ours.info.numpy(), theirs.info.numpy())
    assert ours.LD.dtype == a.dtype and ours.pivots.dtype == np.int32 and ours.info.dtype == np.int32
    np.testing.assert_allclose(ours.LD.numpy(), theirs.LD.numpy(), atol=atol)


@pytest.mark.parametrize("dtype,hermitian,atol", [(np.float64, False, 1e-11), (np.float32, False, 1e-3),
                                                  (np.complex128, True, 1e-11), (np.complex128, False, 1e-11),
                                                  (np.complex64, True, 1e-3)])
@pytest.mark.parametrize("shape", [(7, 7), (4, 6, 6), (2, 3, 5, 5), (1, 1), (2, 2)])
def test_ld_and_pivots_match_torch_on_indefinite_matrices(shape, dtype, hermitian, atol):
    _assert_factor_matches_torch(_symmetric(shape, dtype, hermitian), hermitian, atol)


def test_many_pivot_patterns_and_large_matrices_match_torch():
    _assert_factor_matches_torch(_symmetric((300, 5, 5)))
    _assert_factor_matches_torch(_symmetric((100, 6, 6), np.complex128, True))
    _assert_factor_matches_torch(_symmetric((80, 80)), atol=1e-9)  # LAPACK blocks the columns beyond 64
    ints = RNG.integers(-2, 3, (300, 6, 6)).astype(np.float64)  # ties between candidate pivots
    ints = ints + ints.swapaxes(-1, -2)
    _assert_factor_matches_torch(ints[np.abs(np.linalg.det(ints)) > 1e-6])


def test_only_the_lower_triangle_is_read():
    a = RNG.standard_normal((5, 5))
    sym = np.tril(a) + np.tril(a, -1).T
    np.testing.assert_array_equal(L.ldl_factor(ag.tensor(a)).LD.numpy(), L.ldl_factor(ag.tensor(sym)).LD.numpy())
    _assert_factor_matches_torch(a)


def test_singular_matrices_report_info_as_torch():
    s = np.diag([0.0, 1.0, 0.0])
    batch = np.stack([np.eye(3), s, np.zeros((3, 3))])
    _assert_factor_matches_torch(batch)
    np.testing.assert_array_equal(L.ldl_factor_ex(ag.tensor(batch)).info.numpy(), [0, 1, 1])
    with pytest.raises(L.LinAlgError, match=r"linalg.ldl_factor_ex: the matrix \(1,\) of the batch is singular"):
        L.ldl_factor_ex(ag.tensor(batch), check_errors=True)
    with pytest.raises(L.LinAlgError, match="linalg.ldl_factor: the matrix is singular: D has a zero"):
        L.ldl_factor(ag.tensor(s))


def test_empty_matrices_and_batches():
    for shape in [(0, 0), (2, 0, 0), (0, 3, 3)]:
        LD, pivots, info = L.ldl_factor_ex(ag.zeros(*shape, dtype=ag.float64))
        assert LD.shape == shape and pivots.shape == shape[:-1] and info.shape == shape[:-2]


@pytest.mark.parametrize("dtype,hermitian", [(np.float64, False), (np.complex128, True), (np.complex128, False)])
@pytest.mark.parametrize("a_shape,b_shape", [((5, 5), (5, 3)), ((3, 4, 4), (4, 2)), ((4, 4), (2, 4, 1))])
def test_ldl_solve_matches_torch(a_shape, b_shape, dtype, hermitian):
    torch = pytest.importorskip("torch")
    a, b = _symmetric(a_shape, dtype, hermitian), RNG.standard_normal(b_shape).astype(dtype)
    LD, pivots = L.ldl_factor(ag.tensor(a), hermitian=hermitian)
    compare(lambda ld, p, x: L.ldl_solve(ld, p, x, hermitian=hermitian),
            lambda ld, p, x: torch.linalg.ldl_solve(ld, p, x, hermitian=hermitian),
            [LD.numpy(), pivots.numpy(), b], diff=[])


@pytest.mark.parametrize("hermitian", [True, False])
def test_ldl_solve_reads_ld_as_lapack(hermitian):
    """Only LD's lower triangle is read; with ``hermitian`` a 1x1 block of D by its real part, as ?hetrs
    does (a 2x2 block whole)."""
    torch = pytest.importorskip("torch")
    a, b = _symmetric((4, 6, 6), np.complex128, hermitian), RNG.standard_normal((4, 6, 2)).astype(np.complex128)
    LD, pivots = L.ldl_factor(ag.tensor(a), hermitian=hermitian)
    assert (pivots.numpy() < 0).any() and (pivots.numpy() > 0).any()
    ld = LD.numpy() + np.triu(RNG.standard_normal((6, 6)), 1) + 0.3j * np.eye(6)
    compare(lambda ld, p, x: L.ldl_solve(ld, p, x, hermitian=hermitian),
            lambda ld, p, x: torch.linalg.ldl_solve(ld, p, x, hermitian=hermitian),
            [ld, pivots.numpy(), b], diff=[])


@pytest.mark.parametrize("dtype,hermitian", [(np.float64, False), (np.complex128, True), (np.complex128, False)])
def test_ldl_solve_broadcasts_batch_dims_of_size_one(dtype, hermitian):
    """PyTorch 2.13 crashes (a segmentation fault) on this broadcast; NumPy's solve is the oracle."""
    a, b = _symmetric((2, 1, 3, 3), dtype, hermitian), RNG.standard_normal((4, 3, 2)).astype(dtype)
    X = L.ldl_solve(*L.ldl_factor(ag.tensor(a), hermitian=hermitian), ag.tensor(b), hermitian=hermitian)
    np.testing.assert_allclose(X.numpy(), np.linalg.solve(a, b), atol=1e-10)


def test_ldl_solve_gradient_in_b_is_that_of_solve():
    torch = pytest.importorskip("torch")  # torch's ldl_solve has no derivative: its solve is the oracle
    a, b = _symmetric((2, 5, 5)), RNG.standard_normal((2, 5, 3))
    compare(lambda x, y: L.ldl_solve(*L.ldl_factor(x), y), torch.linalg.solve, [a, b], diff=[1])


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_backward_into_a_or_ld_raises_as_torch(dtype):
    """PyTorch has no derivative of ldl_factor, nor of ldl_solve in LD: a backward that reaches A or LD
    raises (their .grad never silently stays None); B's gradient flows when LD is detached."""
    a = ag.tensor(_symmetric((4, 4), dtype), requires_grad=True)
    b = ag.tensor(RNG.standard_normal((4, 2)).astype(dtype), requires_grad=True)
    LD, pivots, info = L.ldl_factor_ex(a)
    assert LD.requires_grad and not pivots.requires_grad and not info.requires_grad
    assert LD.grad_fn.name().endswith("Backward0")  # the node is named as every other (an attribute hid name())
    with pytest.raises(RuntimeError, match="linalg.ldl_factor_ex: the derivative with respect to A is not implemented"):
        LD.abs().sum().backward()
    LD = LD.detach().requires_grad_()
    with pytest.raises(RuntimeError, match="linalg.ldl_solve: the derivative with respect to LD is not implemented"):
        L.ldl_solve(LD, pivots, b).sum().abs().backward()
    b.grad = None
    L.ldl_solve(LD.detach(), pivots, b).sum().abs().backward()
    assert b.grad.shape == (4, 2) and not L.ldl_factor(a.detach()).LD.requires_grad


def test_errors_name_the_op():
    a = ag.tensor(_symmetric((4, 4)))
    LD, pivots = L.ldl_factor(a)
    b = ag.randn(4, 2, dtype=ag.float64)
    with pytest.raises(ValueError, match="linalg.ldl_factor: A must be batches of square matrices, but they are 3 by"):
        L.ldl_factor(ag.randn(3, 4))
    with pytest.raises(ValueError, match="linalg.ldl_factor_ex: A must have at least 2 dimensions"):
        L.ldl_factor_ex(ag.randn(4))
    with pytest.raises(TypeError, match="linalg.ldl_factor_ex: expected a complex or floating point tensor, got int64"):
        L.ldl_factor_ex(ag.ones(3, 3, dtype=ag.int64))
    with pytest.raises(ValueError, match="linalg.ldl_solve: A must be batches of square matrices"):
        L.ldl_solve(LD[:3], pivots, b)
    with pytest.raises(TypeError, match="linalg.ldl_solve: B must have LD's dtype float64, got float32"):
        L.ldl_solve(LD, pivots, b.float())
    with pytest.raises(ValueError, match=r"linalg.ldl_solve: pivots must be an integer tensor of shape LD.shape"):
        L.ldl_solve(LD, pivots[:3], b)
    with pytest.raises(ValueError, match="pivots must be an integer tensor"):
        L.ldl_solve(LD, pivots.double(), b)
    with pytest.raises(ValueError, match="linalg.ldl_solve: B must have at least 2 dimensions"):
        L.ldl_solve(LD, pivots, b[:, 0])
    with pytest.raises(ValueError, match="linalg.ldl_solve: incompatible shapes of A"):
        L.ldl_solve(LD, pivots, ag.randn(3, 2, dtype=ag.float64))
    with pytest.raises(TypeError, match="linalg.ldl_solve: expected a complex or floating point tensor, got int32"):
        L.ldl_solve(LD.int(), pivots, b.int())
