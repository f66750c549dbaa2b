"""The rest of ag.linalg against torch.linalg: values and gradients with broadcast batch dims, the fields
of the named tuples (lstsq's per driver, LU's int32 pivots, the ``*_ex`` infos), and the errors."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag

L = ag.linalg
INF = float("inf")
rng = np.random.default_rng(0)


def _invertible(*shape):
    return rng.uniform(-1, 1, shape) + shape[-1] * np.eye(shape[-1])


@pytest.mark.parametrize("upper,left,unit,b_shape", [(False, True, False, (4, 1, 3, 2)), (True, False, True, (2, 3)),
                                                     (True, True, False, (3, 1))])
def test_solve_triangular_matches_torch(upper, left, unit, b_shape):
    torch = pytest.importorskip("torch")
    compare(lambda a, b: L.solve_triangular(a, b, upper=upper, left=left, unitriangular=unit),
            lambda a, b: torch.linalg.solve_triangular(a, b, upper=upper, left=left, unitriangular=unit),
            [_invertible(2, 3, 3), rng.uniform(-2, 2, b_shape)])


@pytest.mark.parametrize("driver", [None, "gelsy", "gelsd", "gelss", "gels"])
@pytest.mark.parametrize("a_shape,b_shape", [((1, 5, 3), (2, 5, 2)), ((2, 3, 5), (2, 3))])
def test_lstsq_fields_and_solution_gradient_match_torch(driver, a_shape, b_shape):
    torch = pytest.importorskip("torch")
    a, b = rng.uniform(-2, 2, a_shape), rng.uniform(-2, 2, b_shape)
    ours, theirs = L.lstsq(ag.tensor(a), ag.tensor(b), driver=driver), torch.linalg.lstsq(
        torch.tensor(a), torch.tensor(b), driver=driver)
    for name in ("solution", "residuals", "rank", "singular_values"):
        x, y = getattr(ours, name).numpy(), getattr(theirs, name).numpy()
        assert x.shape == y.shape and x.dtype == y.dtype, name
        np.testing.assert_allclose(x, y, atol=1e-10, err_msg=name)
    compare(lambda a, b: L.lstsq(a, b, driver=driver).solution,
            lambda a, b: torch.linalg.lstsq(a, b, driver=driver).solution, [a, b])


def test_lstsq_of_a_rank_deficient_matrix_is_torch_minimum_norm_solution():
    torch = pytest.importorskip("torch")
    draw = np.random.default_rng(0)  # its own draw: torch's gelsy finds rank 1 for some such matrices
    a = draw.uniform(-2, 2, (5, 3))  # (e.g. the second of this stream, singular values 3.6, 2.0, 2.5e-16)
    a[:, 2] = a[:, 0]
    b = draw.uniform(-2, 2, (5, 2))
    ours, theirs = L.lstsq(ag.tensor(a), ag.tensor(b)), torch.linalg.lstsq(torch.tensor(a), torch.tensor(b))
    assert ours.rank.item() == theirs.rank.item() == 2
    np.testing.assert_allclose(ours.solution.numpy(), theirs.solution.numpy(), atol=1e-10)


@pytest.mark.parametrize("shape", [(2, 4, 4), (3, 5), (2, 5, 3)])
def test_lu_and_lu_factor_match_torch(shape):
    torch = pytest.importorskip("torch")
    a = rng.uniform(-2, 2, shape)
    np.testing.assert_array_equal(L.lu(ag.tensor(a)).P.numpy(), torch.linalg.lu(torch.tensor(a)).P.numpy())
    for k in (1, 2):
        compare(lambda x, k=k: L.lu(x)[k], lambda x, k=k: torch.linalg.lu(x)[k], [a])
    compare(lambda x: L.lu_factor(x).LU, lambda x: torch.linalg.lu_factor(x).LU, [a])
    pivots = L.lu_factor(ag.tensor(a)).pivots
    assert pivots.dtype == np.int32
    np.testing.assert_array_equal(pivots.numpy(), torch.linalg.lu_factor(torch.tensor(a)).pivots.numpy())


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (2, 0, 0), (0, 2, 3)])
def test_lu_of_empty_matrices_and_batches_has_torch_shapes(shape):
    # they raised NumPy's "cannot reshape array of size 0" (and argmax of an empty sequence for info)
    torch = pytest.importorskip("torch")
    a, t = ag.zeros(shape, dtype=ag.float64, requires_grad=True), torch.zeros(shape, dtype=torch.float64)
    P, lower, upper = L.lu(a)
    assert [P.shape, lower.shape, upper.shape] == [tuple(x.shape) for x in torch.linalg.lu(t)]
    (lower.sum() + upper.sum()).backward()
    assert a.grad.shape == shape
    ours, theirs = L.lu_factor_ex(a.detach()), torch.linalg.lu_factor_ex(t)
    assert [x.shape for x in ours] == [tuple(x.shape) for x in theirs] and ours.pivots.dtype == np.int32
    assert ag.lu_unpack(*L.lu_factor(a.detach())).P.shape == tuple(torch.lu_unpack(*torch.linalg.lu_factor(t)).P.shape)


@pytest.mark.parametrize("left,adjoint", [(True, False), (True, True), (False, False), (False, True)])
def test_lu_solve_gradients_reach_the_packed_factors_as_torch(left, adjoint):
    torch = pytest.importorskip("torch")
    lu, pivots = torch.linalg.lu_factor(torch.tensor(_invertible(2, 3, 3)))
    b = rng.uniform(-2, 2, (4, 1, 3, 2) if left else (2, 2, 3))
    compare(lambda f, y: L.lu_solve(f, ag.tensor(pivots.numpy()), y, left=left, adjoint=adjoint),
            lambda f, y: torch.linalg.lu_solve(f, pivots, y, left=left, adjoint=adjoint), [lu.numpy(), b])


def test_ex_variants_report_failures_in_info_as_torch():
    torch = pytest.importorskip("torch")
    singular = np.stack([[[1.0, 2.0], [2.0, 4.0]], np.eye(2)])
    not_pd = np.stack([-np.eye(2), np.eye(2), np.diag([1.0, 0.0])])
    pairs = [(L.inv_ex(ag.tensor(singular)), torch.linalg.inv_ex(torch.tensor(singular))),
             (L.solve_ex(ag.tensor(singular), ag.ones(2, 2, dtype=ag.float64)),
              torch.linalg.solve_ex(torch.tensor(singular), torch.ones(2, 2, dtype=torch.float64))),
             (L.cholesky_ex(ag.tensor(not_pd)), torch.linalg.cholesky_ex(torch.tensor(not_pd))),
             (L.lu_factor_ex(ag.tensor(singular))[2:], torch.linalg.lu_factor_ex(torch.tensor(singular))[2:])]
    for ours, theirs in pairs:
        assert ours[-1].dtype == np.int32
        np.testing.assert_array_equal(ours[-1].numpy(), theirs[-1].numpy())
    assert np.isnan(pairs[0][0].inverse.numpy()[0]).all() and (pairs[0][0].inverse.numpy()[1] == np.eye(2)).all()
    with pytest.raises(L.LinAlgError, match="inv_ex.*singular"):
        L.inv_ex(ag.tensor(singular), check_errors=True)
    with pytest.raises(L.LinAlgError, match="cholesky_ex.*positive-definite"):
        L.cholesky_ex(ag.tensor(not_pd), check_errors=True)
    with pytest.raises(L.LinAlgError, match="lu_factor.*singular"):
        L.lu_factor(ag.tensor(singular))


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse_match_torch_on_the_triangle_they_read(upper):
    torch = pytest.importorskip("torch")
    tri = np.triu if upper else np.tril
    factor = tri(_invertible(2, 3, 3))
    compare(lambda b, f: ag.cholesky_solve(b, f, upper=upper), lambda b, f: torch.cholesky_solve(b, f, upper=upper),
            [rng.uniform(-2, 2, (3, 2)), factor], diff=[0])
    np.testing.assert_allclose(ag.tensor(factor[0]).cholesky_inverse(upper=upper).numpy(),
                               torch.cholesky_inverse(torch.tensor(factor[0]), upper=upper).numpy(), atol=1e-12)
    ours = ag.tensor(factor, requires_grad=True)
    ag.cholesky_solve(ag.ones(3, 2, dtype=ag.float64), ours, upper=upper).sum().backward()
    assert (tri(ours.grad.numpy()) == ours.grad.numpy()).all()  # the other triangle is not read


def test_matrix_functions_match_torch():
    torch = pytest.importorskip("torch")
    a = rng.uniform(-2, 2, (2, 3, 3))
    compare(L.matrix_exp, torch.linalg.matrix_exp, [a * 3])
    for p in (None, 2, -2):
        compare(lambda x, p=p: L.cond(x, p), lambda x, p=p: torch.linalg.cond(x, p), [a])
    for p in ("fro", "nuc", 1, -1, INF, -INF):
        np.testing.assert_allclose(L.cond(ag.tensor(a), p).numpy(), torch.linalg.cond(torch.tensor(a), p).numpy())
    assert L.cond(ag.zeros(3, 3, dtype=ag.float64), 1).item() == INF
    compare(lambda *t: L.multi_dot(t), lambda *t: torch.linalg.multi_dot(t),
            [rng.uniform(-1, 1, s) for s in [(3,), (3, 5), (5, 2), (2, 6), (6,)]])
    compare(L.vecdot, torch.linalg.vecdot, [rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (4, 1, 3))])
    compare(lambda x: L.vander(x, N=4), lambda x: torch.linalg.vander(x, N=4), [rng.uniform(-1, 1, (2, 3))])
    compare(lambda x: L.tensorinv(x), lambda x: torch.linalg.tensorinv(x),
            [(np.eye(6) * 6 + rng.uniform(-1, 1, (6, 6))).reshape(2, 3, 6)])
    b = rng.uniform(-1, 1, (2, 3, 4, 3))
    assert (L.matrix_rank(ag.tensor(b), atol=0.5, rtol=0.1).numpy() ==
            torch.linalg.matrix_rank(torch.tensor(b), atol=0.5, rtol=0.1).numpy()).all()


def test_matrix_exp_is_twice_differentiable_and_float32_stays():
    a = ag.tensor(rng.uniform(-1, 1, (2, 3, 3)), requires_grad=True)
    assert ag.gradgradcheck(L.matrix_exp, [a])
    assert ag.ones(2, 2).matrix_exp().dtype == np.float32


@pytest.mark.parametrize("call,error,match", [
    (lambda: L.solve_triangular(ag.ones(3, 3), ag.ones(3), upper=True), ValueError, "at least 2 dimensions"),
    (lambda: L.solve_triangular(ag.ones(3, 3), ag.ones(4, 2), upper=True), ValueError, "3 rows"),
    (lambda: L.solve_triangular(ag.zeros(3, 3), ag.ones(3, 2), upper=True), L.LinAlgError, "solve_triangular"),
    (lambda: L.lstsq(ag.ones(4, 3), ag.ones(4, 2), driver="foo"), ValueError, "driver"),
    (lambda: L.lstsq(ag.ones(4, 3), ag.ones(4, 2, dtype=ag.float64)), TypeError, "same dtype"),
    (lambda: L.lstsq(ag.ones(4, 3), ag.ones(5, 2)), ValueError, "same number of rows"),
    (lambda: L.lstsq(ag.ones(4, 3), ag.ones(2, 2, 4, 2)), ValueError, "one fewer"),
    (lambda: L.lu(ag.ones(3, 3), pivot=False), ValueError, "without pivoting"),
    (lambda: L.lu_solve(ag.ones(3, 3), ag.ones(3), ag.ones(3, 1)), ValueError, "int32"),
    (lambda: L.matrix_exp(ag.ones(3, 4)), ValueError, "square"),
    (lambda: L.cond(ag.ones(3, 4), "fro"), ValueError, "square"),
    (lambda: L.cond(ag.ones(3, 3), 3), ValueError, "p must be"),
    (lambda: L.multi_dot([ag.ones(3, 3)]), ValueError, "at least 2"),
    (lambda: L.multi_dot([ag.ones(2, 3), ag.ones(4, 3)]), ValueError, "cannot be multiplied"),
    (lambda: L.multi_dot([ag.ones(2, 3), ag.ones(3, 3, 3), ag.ones(3)]), ValueError, "2-D"),
    (lambda: L.vecdot(ag.ones(3), ag.ones(3, dtype=ag.float64)), TypeError, "one dtype"),
    (lambda: L.vander(ag.ones(2), N=1), ValueError, "N must be"),
    (lambda: L.tensorinv(ag.ones(2, 3)), ValueError, "product"),
])
def test_bad_input_errors_name_the_op(call, error, match):
    with pytest.raises(error, match=match):
        call()
