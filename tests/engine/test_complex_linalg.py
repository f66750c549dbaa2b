"""ag.linalg on complex matrices against PyTorch: values and gradients of a real loss
``sum(Re(out * conj(w)))`` for fixed random w (skipped where torch is absent), and the ops that refuse."""
import numpy as np
import pytest

import autograd_core as ag

L = ag.linalg


def _c(shape, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)


def _invertible(shape, seed=0):
    return _c(shape, seed) + shape[-1] * np.eye(shape[-1])


def _hpd(shape, seed=0):
    m = _c(shape, seed)
    return m @ m.swapaxes(-1, -2).conj() + shape[-1] * np.eye(shape[-1])


def _mH(M, a):
    return M.conj(a.transpose(-1, -2))


def _herm(M, a):
    return (a + _mH(M, a)) / 2


def _phase_fixed(M, v):
    """Each column times the conjugate of its first entry: independent of the column's phase."""
    return v * M.conj(v[..., :1, :])


def _fixed(M, result):
    """``(eigenvalues, eigenvectors with their phases fixed)`` of an ``eig``/``eigh`` result."""
    w, v = result
    return w, _phase_fixed(M, v)


def _parity(op, *arrays, atol=1e-9, diff=None):
    """``op(M, *inputs)`` with M = ag and M = torch: the outputs, and the gradients of every input (or those
    in ``diff``) for the real loss ``sum(Re(out * conj(w)))`` over the outputs."""
    torch = pytest.importorskip("torch")
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    ys, tys = op(ag, *xs), op(torch, *ts)
    ys, tys = (ys, tys) if isinstance(ys, tuple) else ((ys,), (tys,))
    rng = np.random.default_rng(1)
    loss, tloss = 0, 0
    for y, ty in zip(ys, tys):
        expected = ty.detach().resolve_conj().numpy()
        assert y.dtype == expected.dtype
        np.testing.assert_allclose(y.detach().numpy(), expected, atol=atol)
        w = rng.standard_normal(y.shape) + 1j * rng.standard_normal(y.shape)
        loss = loss + ag.real(y * ag.tensor(w.conj())).sum()
        tloss = tloss + (ty * torch.tensor(w.conj())).real.sum()
    loss.backward()
    tloss.backward()
    for k in range(len(xs)) if diff is None else diff:
        x, t = xs[k], ts[k]
        np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), atol=atol, err_msg=f"input {k}")


A, B = _invertible((2, 3, 3)), _c((2, 3, 2), 1)


@pytest.mark.parametrize("op", [
    lambda M, a: M.linalg.inv(a),
    lambda M, a: M.linalg.det(a),
    lambda M, a: tuple(M.linalg.slogdet(a)),
    lambda M, a: M.logdet(a),
    lambda M, a: M.linalg.matrix_exp(a),
    lambda M, a: M.linalg.matrix_power(a, -2),
    lambda M, a: M.linalg.matrix_power(a, 3),
], ids=["inv", "det", "slogdet", "logdet", "matrix_exp", "matrix_power_-2", "matrix_power_3"])
def test_square_matrix_functions_match_torch(op):
    _parity(op, A)


def test_det_of_a_singular_matrix_matches_torch():
    u, v = _c((3,)), _c((3,), 1)
    _parity(lambda M, a: M.linalg.det(a), np.stack([np.outer(u, v), _c((3, 3), 2)]))


@pytest.mark.parametrize("op", [
    lambda M, a, b: M.linalg.solve(a, b),
    lambda M, a, b: M.linalg.solve(a, b[..., 0]),
    lambda M, a, b: M.linalg.solve(a, b.transpose(-1, -2), left=False),
    lambda M, a, b: M.linalg.solve_triangular(a, b, upper=False),
], ids=["solve", "solve_vector", "solve_left_false", "solve_triangular"])
def test_solves_match_torch(op):
    _parity(op, A, B)


def test_solve_with_a_real_matrix_and_complex_right_side_gives_the_real_matrix_a_real_gradient():
    """Ours promotes A to B's dtype; torch asks for one dtype, so its A is cast explicitly."""
    torch = pytest.importorskip("torch")
    a, b = np.eye(3) * 3 + np.random.default_rng(0).uniform(-1, 1, (3, 3)), _c((3, 2))
    x, y = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ag.real(L.solve(x, y) * ag.tensor(b)).sum().backward()
    (torch.linalg.solve(tx.to(torch.complex128), ty) * torch.tensor(b)).real.sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(y.grad.numpy(), ty.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_of_a_hermitian_matrix_matches_torch(upper):
    _parity(lambda M, a: M.linalg.cholesky(_herm(M, a), upper=upper), _hpd((2, 3, 3)))


@pytest.mark.parametrize("shape,mode", [((4, 3), "reduced"), ((3, 3), "reduced"), ((3, 5), "reduced"),
                                        ((3, 5), "complete"), ((2, 4, 3), "reduced")])
def test_qr_matches_torch(shape, mode):
    _parity(lambda M, a: tuple(M.linalg.qr(a, mode=mode)), _c(shape))


def test_eigh_and_eigvalsh_of_a_hermitian_matrix_match_torch():
    a = _c((2, 4, 4))
    _parity(lambda M, a: _fixed(M, M.linalg.eigh(_herm(M, a))), a)
    _parity(lambda M, a: M.linalg.eigvalsh(_herm(M, a), UPLO="U"), a)


def _nonsymmetric(seed=0):
    """A complex matrix with eigenvalues near 1, 3, 5 (well separated)."""
    q = _invertible((3, 3), seed)
    return (q * np.array([1.0, 3.0, 5.0])) @ np.linalg.inv(q) + 0.1 * _c((3, 3), seed + 1)


def test_eig_and_eigvals_match_torch_up_to_the_phase_of_each_eigenvector():
    _parity(lambda M, a: _fixed(M, M.linalg.eig(a)), _nonsymmetric())
    _parity(lambda M, a: M.linalg.eigvals(a), np.stack([_nonsymmetric(1), _nonsymmetric(2)]))


def test_eig_of_a_real_matrix_is_complex_and_its_gradient_real():
    torch = pytest.importorskip("torch")
    a = np.array([[1.0, -2.0, 0.3], [2.0, 1.0, 0.5], [0.1, -0.4, 4.0]])  # a complex-conjugate pair
    x, t = ag.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    w, v = L.eig(x)
    tw = torch.linalg.eig(t).eigenvalues
    assert w.dtype == np.complex128 and v.dtype == np.complex128
    assert L.eigvals(ag.tensor(a, dtype=ag.float32)).dtype == np.complex64
    np.testing.assert_allclose(w.detach().numpy(), tw.detach().numpy(), atol=1e-12)
    weights = np.array([1 + 2j, -0.5j, 3.0])
    ag.real(w * ag.tensor(weights)).sum().backward()
    (tw * torch.tensor(weights)).real.sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("shape", [(3, 3), (4, 3), (2, 3, 5)])
def test_svd_matches_torch_through_phase_invariant_products(shape):
    def op(M, a):
        U, S, Vh = M.linalg.svd(a, full_matrices=False)
        return S, U @ Vh, _phase_fixed(M, U), _phase_fixed(M, _mH(M, Vh))
    _parity(op, _c(shape))
    _parity(lambda M, a: M.linalg.svdvals(a), _c(shape))


def _legacy_svd_product(M, result):
    """``(S, U V^H)`` of torch.svd's ``(U, S, V)``: independent of the singular vectors' phases."""
    U, S, V = result
    return S, U @ _mH(M, V)


@pytest.mark.parametrize("op", [
    lambda M, a: M.linalg.pinv(a),
    lambda M, a: M.linalg.pinv(_herm(M, a[..., :3, :3]), hermitian=True),
    lambda M, a: M.linalg.vector_norm(a),
    lambda M, a: M.linalg.vector_norm(a, 3, dim=-1),
    lambda M, a: M.linalg.matrix_norm(a),
    lambda M, a: M.linalg.matrix_norm(a, "nuc"),
    lambda M, a: M.linalg.matrix_norm(a, 2),
    lambda M, a: M.linalg.matrix_norm(a, 1),
    lambda M, a: M.linalg.matrix_norm(a, -float("inf")),
    lambda M, a: M.linalg.vecdot(a, a[..., :1, :].conj() * 2),
    lambda M, a: _legacy_svd_product(M, M.svd(a)),
], ids=["pinv", "pinv_hermitian", "vector_norm", "vector_norm_3", "fro", "nuc", "2", "1", "-inf", "vecdot",
        "legacy_svd"])
def test_pinv_norms_vecdot_and_legacy_svd_match_torch(op):
    _parity(op, _c((2, 4, 3)))


@pytest.mark.parametrize("shape", [(3, 3), (4, 3), (2, 3, 5)])
def test_lu_matches_torch(shape):
    _parity(lambda M, a: tuple(M.linalg.lu(a)), _c(shape))
    _parity(lambda M, a: M.linalg.lu_factor(a)[0], _c(shape))


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [False, True])
def test_lu_solve_matches_torch(left, adjoint):
    def op(M, a, b):
        return M.linalg.lu_solve(*M.linalg.lu_factor(a), b if left else b.transpose(-1, -2), left=left, adjoint=adjoint)
    _parity(op, A, B)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse_match_torch(upper):
    """Ours reads one triangle of the factor (its gradient lies there), torch's backward does not: the
    factor's gradient is checked by gradcheck in the op specs."""
    factor = np.linalg.cholesky(_hpd((2, 3, 3)))
    factor = factor.swapaxes(-1, -2).conj() if upper else factor
    _parity(lambda M, b, f: M.cholesky_solve(b, f, upper=upper), B, factor, diff=[0])
    _parity(lambda M, f: M.cholesky_inverse(f, upper=upper), factor[0], diff=[])


@pytest.mark.parametrize("op", [
    lambda M, a: M.linalg.inv_ex(a).inverse,
    lambda M, a: M.linalg.solve_ex(a, a[..., :2]).result,
    lambda M, a: M.linalg.cholesky_ex(a @ _mH(M, a)).L,
    lambda M, a: M.triangular_solve(a[..., :2], a, transpose=True).solution,
    lambda M, a: M.linalg.lstsq(a[..., :2], a).solution,
    lambda M, a: M.linalg.cond(a),
], ids=["inv_ex", "solve_ex", "cholesky_ex", "triangular_solve", "lstsq", "cond"])
def test_ex_variants_triangular_solve_lstsq_and_cond_match_torch(op):
    _parity(op, A)


def test_lstsq_residuals_rank_and_the_failures_the_ex_variants_report_match_torch():
    torch = pytest.importorskip("torch")
    a, b = _c((5, 3)), _c((5, 2), 1)
    ours, theirs = L.lstsq(ag.tensor(a), ag.tensor(b), driver="gelsd"), torch.linalg.lstsq(
        torch.tensor(a), torch.tensor(b), driver="gelsd")
    for k in (1, 2, 3):
        np.testing.assert_allclose(ours[k].numpy(), theirs[k].numpy(), atol=1e-12)
    singular = np.stack([A[0], np.outer(_c((3,)), _c((3,), 1))])
    not_pd = _hpd((2, 3, 3))
    not_pd[1, 1, 1] = -5
    for name, x in (("inv_ex", singular), ("cholesky_ex", not_pd)):
        np.testing.assert_array_equal(getattr(L, name)(ag.tensor(x)).info.numpy(),
                                      getattr(torch.linalg, name)(torch.tensor(x)).info.numpy())
    assert L.matrix_rank(ag.tensor(singular)).numpy().tolist() == [3, 1]


def test_norms_of_complex_tensors_are_real():
    a = ag.tensor(_c((3, 4)).astype(np.complex64))
    assert L.vector_norm(a).dtype == np.float32 and L.matrix_norm(a, "nuc").dtype == np.float32
    assert L.svdvals(a).dtype == np.float32 and L.eigvalsh(a @ a.mT).dtype == np.float32


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("transpose", [False, True])
def test_householder_product_and_ormqr_match_torch(left, transpose):
    torch = pytest.importorskip("torch")
    a, tau = (x.numpy() for x in torch.geqrf(torch.tensor(_c((2, 4, 3)))))
    _parity(lambda M, a, tau: M.linalg.householder_product(a, tau), a, tau)
    _parity(lambda M, a, tau, c: M.ormqr(a, tau, c, left=left, transpose=transpose), a, tau,
            _c((2, 4, 2) if left else (2, 2, 4), 1))


def test_the_randomized_low_rank_factorizations_match_torch_in_their_singular_values():
    torch = pytest.importorskip("torch")
    a = _c((2, 6, 4))
    ag.manual_seed(0)
    for ours, theirs in ((ag.svd_lowrank, torch.svd_lowrank), (ag.pca_lowrank, torch.pca_lowrank)):
        U, S, V = ours(ag.tensor(a), q=4)
        assert U.dtype == np.complex128 and S.dtype == np.float64 and V.shape == (2, 4, 4)
        np.testing.assert_allclose(S.numpy(), theirs(torch.tensor(a), q=4)[1].numpy(), atol=1e-10)


@pytest.mark.parametrize("fn", [L.vector_norm, L.matrix_norm, L.norm])
def test_norms_refuse_a_dtype_that_would_drop_the_imaginary_part_or_narrow(fn):
    """As PyTorch: a complex input needs a complex dtype, a real one a real dtype, neither narrower."""
    z = ag.tensor(_c((2, 2)))
    for bad in (ag.float64, ag.complex64):
        with pytest.raises(TypeError, match=f"linalg.*{np.dtype(bad)}"):
            fn(z, dtype=bad)
    with pytest.raises(TypeError, match="linalg.*complex128"):
        fn(ag.tensor(np.ones((2, 2))), dtype=ag.complex128)
    with pytest.raises(TypeError, match="linalg.*float32"):
        fn(ag.tensor(np.ones((2, 2))), dtype=ag.float32)
    assert fn(z, dtype=ag.complex128).dtype == np.float64
    assert fn(ag.tensor(np.ones((2, 2), np.float32)), dtype=ag.float64).dtype == np.float64


@pytest.mark.parametrize("driver", ["gels", "gelsy", "gelsd", "gelss"])
def test_lstsq_of_complex_matrices_gives_real_residuals_and_singular_values_even_empty(driver):
    """As PyTorch: the fields a driver leaves empty are real too (they were complex, and 'gels' warned)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b = (ag.tensor(_c(shape, seed).astype(np.complex64)) for shape, seed in (((2, 5, 3), 0), ((2, 5, 2), 1)))
        result = L.lstsq(a, b, driver=driver)
    assert result.residuals.dtype == np.float32 and result.singular_values.dtype == np.float32
    assert result.rank.dtype == np.int64


def test_legacy_svd_without_uv_gives_complex_zero_factors_for_a_complex_matrix():
    """torch.svd(compute_uv=False): U and V are zeros of the input's dtype (they were real)."""
    U, S, V = ag.svd(ag.tensor(_c((2, 4, 3)).astype(np.complex64)), compute_uv=False)
    assert (U.dtype, S.dtype, V.dtype) == (np.complex64, np.float32, np.complex64)
    assert U.shape == (2, 4, 4) and V.shape == (2, 3, 3) and not U.numpy().any() and not V.numpy().any()


@pytest.mark.parametrize("op", [
    lambda a: L.eig(a).eigenvectors,
    lambda a: L.eigh(a + a.mH).eigenvectors,
    lambda a: L.svd(a).U,
    lambda a: L.svd(a, full_matrices=False).Vh,
], ids=["eig", "eigh", "svd_U", "svd_Vh"])
def test_a_loss_that_depends_on_the_phase_of_complex_eigen_or_singular_vectors_is_refused(op):
    """As PyTorch: the vectors are unique only up to a phase each, so such a loss has no gradient (it got one)."""
    a = ag.tensor(_c((2, 3, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"linalg\.(eig|eigh|svd): .*phase"):
        ag.real(op(a)).sum().backward()


def test_a_phase_invariant_loss_of_complex_singular_vectors_is_not_refused():
    a = ag.tensor(_c((2, 3, 4)), requires_grad=True)
    U, S, Vh = L.svd(a, full_matrices=False)
    ag.abs(U @ Vh).sum().backward()
    assert np.isfinite(a.grad.numpy()).all()
