"""ag.linalg against torch.linalg: values and gradients, return types, the norm dispatch, errors."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag

L = ag.linalg
INF = float("inf")
rng = np.random.default_rng(0)


def _invertible(*shape):
    return rng.uniform(-1, 1, shape) + shape[-1] * np.eye(shape[-1])


def _spd(*shape):
    m = rng.uniform(-1, 1, shape)
    return m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])


def _flat(lib, parts):
    """One vector of the parts (``compare`` checks one output)."""
    return lib.cat([p.reshape(-1) for p in parts])


def _fix(lib, u, rows):
    """Eigen/singular vectors (columns of u, rows of ``rows``) with u's first row made >= 0."""
    s = lib.sign(u[..., :1, :]).detach()
    return [u * s] + ([] if rows is None else [rows * s.transpose(-1, -2)])


@pytest.mark.parametrize("name", ["inv", "det"])
def test_inverse_and_determinant_match_torch(name):
    torch = pytest.importorskip("torch")
    compare(getattr(L, name), getattr(torch.linalg, name), [_invertible(2, 3, 3)])


def test_slogdet_and_logdet_match_torch():
    torch = pytest.importorskip("torch")
    a = rng.uniform(-2, 2, (3, 4, 4))
    compare(lambda x: _flat(ag, L.slogdet(x)), lambda x: _flat(torch, torch.linalg.slogdet(x)), [a])
    compare(ag.logdet, torch.logdet, [_spd(2, 3, 3)])
    negative, singular = -np.eye(3), np.zeros((2, 2))
    np.testing.assert_equal([ag.logdet(ag.tensor(m)).item() for m in (negative, singular)], [np.nan, -INF])


@pytest.mark.parametrize("a_shape,b_shape,left", [((2, 3, 3), (4, 1, 3, 2), True), ((3, 3), (3,), True),
                                                  ((2, 3, 3), (2, 3), True), ((2, 3, 3), (3, 3), True),
                                                  ((3, 3), (2, 4, 3), False)])
def test_solve_broadcasts_and_reads_vectors_as_torch(a_shape, b_shape, left):
    torch = pytest.importorskip("torch")
    compare(lambda a, b: L.solve(a, b, left=left), lambda a, b: torch.linalg.solve(a, b, left=left),
            [_invertible(*a_shape), rng.uniform(-2, 2, b_shape)])


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_matches_torch(upper):
    torch = pytest.importorskip("torch")
    compare(lambda a: L.cholesky(a, upper=upper), lambda a: torch.linalg.cholesky(a, upper=upper), [_spd(2, 3, 3)])


@pytest.mark.parametrize("shape", [(2, 5, 3), (3, 3), (2, 3, 5)])
def test_qr_matches_torch(shape):
    torch = pytest.importorskip("torch")
    compare(lambda a: _flat(ag, L.qr(a)), lambda a: _flat(torch, torch.linalg.qr(a)), [rng.uniform(-2, 2, shape)])


def test_eigh_matches_torch_with_its_symmetric_gradient():
    torch = pytest.importorskip("torch")
    q = np.linalg.qr(rng.standard_normal((2, 4, 4)))[0]
    a = (q * np.arange(1.0, 5.0)) @ np.swapaxes(q, -1, -2)
    compare(lambda x: _flat(ag, [L.eigh(x)[0]] + _fix(ag, L.eigh(x)[1], None)),
            lambda x: _flat(torch, [torch.linalg.eigh(x)[0]] + _fix(torch, torch.linalg.eigh(x)[1], None)), [a])
    compare(L.eigvalsh, torch.linalg.eigvalsh, [a])


@pytest.mark.parametrize("shape,full", [((5, 3), False), ((2, 3, 5), False), ((4, 4), True), ((4, 2), True)])
def test_svd_matches_torch(shape, full):
    torch = pytest.importorskip("torch")

    def parts(lib, fn, x):
        U, S, Vh = fn(x, full_matrices=full)
        k = S.shape[-1]
        return _flat(lib, [S] + _fix(lib, U[..., :k], Vh[..., :k, :]))
    compare(lambda x: parts(ag, L.svd, x), lambda x: parts(torch, torch.linalg.svd, x), [rng.uniform(-2, 2, shape)])
    compare(L.svdvals, torch.linalg.svdvals, [rng.uniform(-2, 2, shape)])


@pytest.mark.parametrize("shape,hermitian", [((4, 3), False), ((2, 3, 5), False), ((3, 3), True)])
def test_pinv_matches_torch(shape, hermitian):
    torch = pytest.importorskip("torch")
    a = rng.uniform(-2, 2, shape)
    a = a + a.T if hermitian else a
    compare(lambda x: L.pinv(x, hermitian=hermitian), lambda x: torch.linalg.pinv(x, hermitian=hermitian), [a])
    compare(ag.pinverse, torch.pinverse, [a])


def test_pinv_of_a_rank_deficient_matrix_drops_the_zero_singular_values():
    torch = pytest.importorskip("torch")
    a = rng.uniform(-2, 2, (4, 2)) @ rng.uniform(-2, 2, (2, 3))  # rank 2
    compare(L.pinv, torch.linalg.pinv, [a], atol=1e-8)
    compare(lambda x: L.pinv(x, atol=1.0, rtol=0.1), lambda x: torch.linalg.pinv(x, atol=1.0, rtol=0.1), [a])


@pytest.mark.parametrize("n", [0, 1, 2, 5, -1, -3])
def test_matrix_power_matches_torch(n):
    torch = pytest.importorskip("torch")
    compare(lambda a: L.matrix_power(a, n), lambda a: torch.linalg.matrix_power(a, n), [_invertible(2, 3, 3)])


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, -1, INF, -INF])
@pytest.mark.parametrize("dim,keepdim", [((-2, -1), False), ((2, 0), True)])
def test_matrix_norm_matches_torch(ord, dim, keepdim):
    torch = pytest.importorskip("torch")
    compare(lambda a: L.matrix_norm(a, ord, dim, keepdim), lambda a: torch.linalg.matrix_norm(a, ord, dim, keepdim),
            [rng.uniform(-2, 2, (3, 2, 4))])


@pytest.mark.parametrize("ord", [2, 1, 3.5, 0.5, -1.5, INF, -INF])
@pytest.mark.parametrize("dim,keepdim", [(None, False), (None, True), (1, False), ((0, 2), True)])
def test_vector_norm_matches_torch(ord, dim, keepdim):
    torch = pytest.importorskip("torch")
    compare(lambda a: L.vector_norm(a, ord, dim, keepdim), lambda a: torch.linalg.vector_norm(a, ord, dim, keepdim),
            [rng.uniform(-2, 2, (2, 3, 4))])


@pytest.mark.parametrize("shape,ord,dim", [((2, 3, 4), None, None), ((3, 4), None, None), ((3, 4), 2, None),
                                           ((3, 4), "nuc", None), ((4,), 1, None), ((2, 3, 4), 1, -1),
                                           ((2, 3, 4), None, (0, 2)), ((2, 3, 4), -INF, (2, 1))])
def test_norm_dispatches_to_vector_and_matrix_norms_as_torch(shape, ord, dim):
    torch = pytest.importorskip("torch")
    compare(lambda a: L.norm(a, ord, dim), lambda a: torch.linalg.norm(a, ord, dim), [rng.uniform(-2, 2, shape)])


@pytest.mark.filterwarnings("ignore:torch.(cholesky|qr) is deprecated")
def test_classic_names_and_methods_match_torch():
    torch = pytest.importorskip("torch")
    a = _invertible(3, 3)
    for name in ("det", "inverse", "logdet"):
        compare(lambda x, name=name: getattr(x, name)(), lambda x, name=name: getattr(x, name)(), [_spd(3, 3)])
    compare(lambda x: x.matrix_power(3), lambda x: x.matrix_power(3), [a])
    compare(lambda x: x.cholesky(upper=True), lambda x: x.cholesky(upper=True), [_spd(3, 3)])
    compare(lambda x: x.slogdet()[1], lambda x: x.slogdet()[1], [a])
    compare(lambda x: x.pinverse(), lambda x: x.pinverse(), [rng.uniform(-2, 2, (4, 3))])
    for some in (True, False):
        compare(lambda x, some=some: _flat(ag, x.qr(some)), lambda x, some=some: _flat(torch, x.qr(some)),
                [rng.uniform(-2, 2, (3, 5))])
        U, S, V = ag.svd(ag.tensor(rng.uniform(-2, 2, (2, 5, 3))), some=some)
        tU, tS, tV = torch.svd(torch.tensor(rng.uniform(-2, 2, (2, 5, 3))), some=some)
        assert (U.shape, S.shape, V.shape) == (tuple(tU.shape), tuple(tS.shape), tuple(tV.shape))
    U, S, V = ag.svd(ag.tensor(a), compute_uv=False)
    assert not U.numpy().any() and not V.numpy().any()
    np.testing.assert_allclose(S.numpy(), np.linalg.svd(a, compute_uv=False))


def test_results_are_named_tuples_with_torchs_field_names():
    a = ag.tensor(_spd(3, 3))
    assert L.slogdet(a)._fields == ("sign", "logabsdet")
    assert L.eigh(a)._fields == ("eigenvalues", "eigenvectors")
    assert L.svd(a)._fields == ("U", "S", "Vh")
    assert L.qr(a)._fields == ("Q", "R")
    assert ag.svd(a)._fields == ("U", "S", "V")
    assert L.qr(a, mode="r").Q.shape == (0,)


def test_float32_stays_float32_and_empty_batches_work():
    a = ag.tensor(_invertible(2, 3, 3).astype(np.float32))
    for y in (L.inv(a), L.det(a), L.solve(a, a), L.svdvals(a), L.pinv(a), L.matrix_norm(a, "nuc"), *L.eigh(a)):
        assert y.dtype == np.float32
    assert L.inv(ag.zeros(0, 2, 2)).shape == (0, 2, 2)
    assert L.det(ag.zeros(2, 0, 0)).numpy().tolist() == [1.0, 1.0]


def test_vector_norm_takes_a_numpy_integer_ord():
    x = ag.tensor([1.0, -2.0, 2.0])
    assert L.vector_norm(x, np.int64(3)).item() == pytest.approx(17 ** (1 / 3))
    assert L.vector_norm(x, np.int64(-1)).item() == pytest.approx(0.5)  # 1 / (1 + 1/2 + 1/2)


def test_solve_promotes_float32_with_float64():
    y = L.solve(ag.tensor(np.eye(2), dtype=ag.float32), ag.tensor([1.0, 2.0], dtype=ag.float64))
    assert y.dtype == np.float64


@pytest.mark.parametrize("call,error,match", [
    (lambda: L.inv(ag.zeros(2, 3)), ValueError, "square matrices, but they are 2 by 3"),
    (lambda: L.det(ag.zeros(3)), ValueError, "at least 2 dimensions"),
    (lambda: L.inv(ag.tensor([[1, 2], [3, 4]])), TypeError, "floating point tensor, got int64"),
    (lambda: L.inv(ag.zeros(3, 3)), L.LinAlgError, "linalg.inv: Singular matrix"),
    (lambda: L.cholesky(-ag.eye(3)), L.LinAlgError, "linalg.cholesky"),
    (lambda: L.svd(ag.full((2, 2), float("nan"))), L.LinAlgError, "linalg.svd: SVD did not converge"),
    (lambda: L.svdvals(ag.full((2, 2), float("nan"))), L.LinAlgError, "linalg.svd"),
    (lambda: L.pinv(ag.full((2, 2), float("nan"))), L.LinAlgError, "linalg.pinv"),
    (lambda: L.solve(ag.eye(3), ag.zeros(4, 2)), ValueError, r"B must have 3 rows"),
    (lambda: L.solve(ag.eye(3), ag.zeros(3, 2), left=False), ValueError, r"B must have 3 columns"),
    (lambda: L.solve(ag.eye(3), ag.zeros(3), left=False), ValueError, r"vector B .* not supported with left=False"),
    (lambda: L.solve(ag.eye(3).reshape(1, 3, 3).expand(2, 3, 3), ag.zeros(4, 3, 1)), ValueError, "broadcast"),
    (lambda: L.qr(ag.eye(3), mode="full"), ValueError, "mode must be"),
    (lambda: L.eigh(ag.eye(3), UPLO="X"), ValueError, "UPLO"),
    (lambda: L.matrix_norm(ag.eye(3), 3), ValueError, "order 3 not supported"),
    (lambda: L.matrix_norm(ag.zeros(3)), ValueError, "at least 2 dimensions"),
    (lambda: L.matrix_norm(ag.eye(3), dim=(1, 1)), ValueError, "2 different dims"),
    (lambda: L.vector_norm(ag.arange(3)), TypeError, "floating point"),
    (lambda: L.vector_norm(ag.zeros(3), "fro"), TypeError, "ord must be a number"),
    (lambda: L.norm(ag.zeros(2, 3, 4), 2), ValueError, "1-D or 2-D"),
    (lambda: L.matrix_power(ag.zeros(2, 3), 2), ValueError, "square"),
])
def test_bad_input_is_refused_naming_the_op(call, error, match):
    with pytest.raises(error, match=match):
        call()
    assert issubclass(L.LinAlgError, RuntimeError)


def test_complete_qr_of_a_tall_matrix_has_no_gradient_as_torch():
    q, _ = L.qr(ag.tensor(rng.uniform(-1, 1, (4, 2)), requires_grad=True), mode="complete")
    with pytest.raises(RuntimeError, match="not differentiable when mode='complete'"):
        q.sum().backward()


def test_hessian_of_logdet_is_minus_the_inverse_kronecker_product():
    """d^2 logdet(A) / dA_ij dA_kl = -inv(A)_li inv(A)_jk: double backward through slogdet and inv."""
    a = _spd(3, 3)
    x = ag.tensor(a, requires_grad=True)
    g, = ag.grad(ag.logdet(x), [x], create_graph=True)
    v = rng.standard_normal((3, 3))
    hv, = ag.grad((g * ag.tensor(v)).sum(), [x])
    inv = np.linalg.inv(a)
    np.testing.assert_allclose(hv.numpy(), -(inv @ v @ inv).T, atol=1e-12)
