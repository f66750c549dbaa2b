"""Regression tests for the review of the special, contraction, linalg, selection and stacking ops:
edge cases (empty tensors, 0-d inputs, NaN, singular matrices) where they crashed or differed from PyTorch."""
import itertools

import numpy as np
import pytest

import autograd_core as ag

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(6)


# -- einsum and what is built on it ---------------------------------------------------------------
@pytest.mark.parametrize("equation, shapes", [
    ("i->", [(0,)]), ("ij,jk->ik", [(2, 0), (0, 3)]), ("ij,jk->ik", [(2, 1), (0, 3)]), ("i,i->i", [(1,), (0,)]),
])
def test_einsum_takes_zero_sized_dims(equation, shapes):
    # a letter of size 0 was taken for size 1 (the broadcast default), so broadcast_to refused it
    arrays = [RNG.standard_normal(s) for s in shapes]
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    y = ag.einsum(equation, *xs)
    expected = torch.einsum(equation, *[torch.tensor(a) for a in arrays])
    assert y.shape == tuple(expected.shape)
    np.testing.assert_array_equal(y.detach().numpy(), expected.numpy())
    y.sum().backward()
    assert all(x.grad.shape == x.shape for x in xs)


def test_inner_of_empty_rows_is_zeros():
    y = ag.inner(ag.zeros(2, 0), ag.zeros(3, 0))
    np.testing.assert_array_equal(y.numpy(), np.zeros((2, 3), np.float32))


# -- norms: ord 0 keeps the graph --------------------------------------------------------------------
def test_zero_norm_and_cdist_p0_give_a_zero_gradient():
    # they gave a tensor without grad_fn, so backward() failed where PyTorch gives zeros
    a = np.array([[0.0, 1.0, np.nan], [2.0, 0.0, 0.0]])
    x = ag.tensor(a, requires_grad=True)
    y = ag.linalg.vector_norm(x, 0, dim=-1)
    np.testing.assert_array_equal(y.detach().numpy(), torch.linalg.vector_norm(torch.tensor(a), 0, dim=-1).numpy())
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((2, 3)))
    p = ag.tensor(RNG.standard_normal((3, 2)), requires_grad=True)
    ag.cdist(p, p, 0.0).sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(), np.zeros((3, 2)))


# -- det at a singular matrix -------------------------------------------------------------------------
def _cofactors(a):
    n = a.shape[-1]
    c = np.empty_like(a)
    for i, j in itertools.product(range(n), range(n)):
        minor = np.delete(np.delete(a, i, -2), j, -1)
        c[..., i, j] = (-1) ** (i + j) * np.linalg.det(minor)
    return c


@pytest.mark.parametrize("a", [
    np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones((3, 3)), np.arange(9.0).reshape(3, 3) + 1,
    np.stack([np.eye(3) * 2, np.arange(9.0).reshape(3, 3)]),  # a batch holding one singular matrix
])
def test_det_gradient_at_a_singular_matrix_is_the_cofactor_matrix(a):
    # backward took the inverse and raised LinAlgError; the gradient is the cofactor matrix
    x = ag.tensor(a, requires_grad=True)
    g = RNG.standard_normal(a.shape[:-2])
    (ag.linalg.det(x) * ag.tensor(g)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.asarray(g)[..., None, None] * _cofactors(a), atol=1e-12)


def test_det_gradient_of_a_rank_deficient_matrix_differentiates_again():
    a = np.arange(9.0).reshape(3, 3) + 1  # rank 2, distinct singular values
    x, t = ag.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    gx, = ag.grad(ag.linalg.det(x), x, create_graph=True)
    gt, = torch.autograd.grad(torch.linalg.det(t), t, create_graph=True)
    hx, = ag.grad((gx * gx).sum(), x)
    ht, = torch.autograd.grad((gt * gt).sum(), t)
    np.testing.assert_allclose(hx.numpy(), ht.numpy(), atol=1e-9)


def test_solve_error_names_the_shape_of_b_as_given():
    with pytest.raises(ValueError, match=r"B \(4,\)"):
        ag.linalg.solve(ag.tensor(np.eye(3)), ag.tensor(np.ones(4)))


# -- selection --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_median_of_an_empty_tensor_is_nan(name):
    y = getattr(ag, name)(ag.zeros(0, 3))
    assert y.shape == () and y.dtype == np.float32 and np.isnan(y.item())
    assert np.isnan(getattr(torch, name)(torch.zeros(0, 3)).item())


def test_mode_with_nan_and_with_empty_rows():
    # a NaN mode had no index (gather got -1); rows of length 0 crashed in the row-wise search
    x = ag.tensor(np.array([[np.nan, np.nan, 1.0, 0.0], [1.0, 1.0, np.nan, np.nan]]))
    values, indices = ag.mode(x, -1)
    np.testing.assert_array_equal(values.numpy(), [np.nan, 1.0])
    np.testing.assert_array_equal(indices.numpy(), [1, 1])  # the last NaN; PyTorch says 0 here
    values, indices = ag.mode(ag.zeros(0, 3), -1)
    assert values.shape == indices.shape == (0,) and indices.dtype == np.int64


def test_searchsorted_with_no_rows():
    y = ag.searchsorted(ag.zeros(0, 3), ag.zeros(0, 2))
    assert y.shape == (0, 2) and y.dtype == np.int64
    assert ag.searchsorted(ag.zeros(2, 3), ag.zeros(2, 0)).shape == (2, 0)


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("q", [0.3, np.array([0.25, 0.5])])
@pytest.mark.parametrize("dim, keepdim", [(None, False), (None, True), (0, True), (-1, False)])
def test_quantile_of_a_0d_tensor(name, q, dim, keepdim):
    # it failed with 'tuple index out of range'
    x = np.array(2.5)
    y = getattr(ag, name)(ag.tensor(x), q if np.isscalar(q) else ag.tensor(q), dim, keepdim)
    t = getattr(torch, name)(torch.tensor(x), q if np.isscalar(q) else torch.tensor(q), dim, keepdim)
    assert y.shape == tuple(t.shape)
    np.testing.assert_array_equal(y.numpy(), t.numpy())
    with pytest.raises(IndexError, match=name):
        getattr(ag, name)(ag.tensor(x), 0.5, 1)


def test_unique_keeps_each_nan_apart_as_pytorch():
    a = np.array([[3.0, np.nan, 1.0], [np.nan, 3.0, 0.0]])
    ours = ag.unique(ag.tensor(a), return_inverse=True, return_counts=True)
    theirs = torch.unique(torch.tensor(a), return_inverse=True, return_counts=True)
    for o, t in zip(ours, theirs):
        assert o.shape == tuple(t.shape) and o.dtype == t.numpy().dtype
        np.testing.assert_array_equal(o.numpy(), t.numpy())
    values, inverse = ag.unique(ag.tensor(np.array([3, 1, 3, 2])), sorted=False, return_inverse=True)
    np.testing.assert_array_equal(values.numpy(), [1, 2, 3])
    np.testing.assert_array_equal(inverse.numpy(), [2, 0, 2, 1])


# -- stacking, grids and creation -----------------------------------------------------------------------
def test_block_diag_of_nothing_and_grids_of_wrong_inputs():
    assert ag.block_diag().shape == tuple(torch.block_diag().shape) == (1, 0)  # it crashed in max()
    with pytest.raises(ValueError, match="meshgrid"):
        ag.meshgrid()
    for bad in (ag.zeros(3, 2), ag.tensor(1.0)):
        with pytest.raises(ValueError, match="cartesian_prod: expects 1-D"):
            ag.cartesian_prod(bad)
        with pytest.raises(ValueError, match="cartesian_prod: expects 1-D"):
            ag.cartesian_prod(ag.zeros(2), bad)


@pytest.mark.parametrize("with_replacement", [False, True])
def test_combinations_in_itertools_order(with_replacement):
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    for n, r in itertools.product(range(6), range(1, 6)):
        x = ag.tensor(np.arange(n) * 10)
        expected = np.array(list(pick(range(n), r)), np.int64).reshape(-1, r) * 10
        np.testing.assert_array_equal(ag.combinations(x, r, with_replacement).numpy(), expected)


def test_negative_sizes_and_orders_are_refused():
    with pytest.raises(ValueError, match="diff: the order n"):
        ag.diff(ag.zeros(3), -1)
    with pytest.raises(ValueError, match="randperm"):
        ag.randperm(-1)
    with pytest.raises(ValueError, match="tril_indices"):
        ag.tril_indices(-1, 3)
    with pytest.raises(ValueError, match="triu_indices"):
        ag.triu_indices(3, -2)
    np.testing.assert_array_equal(ag.fliplr([[1, 2], [3, 4]]).numpy(), [[2, 1], [4, 3]])


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, 1, float("inf")])
@pytest.mark.parametrize("shape", [(0, 2), (2, 0), (3, 0, 2)])
def test_matrix_norms_of_empty_matrices_are_zero(ord, shape):
    # 2, 1 and inf took amax over an empty dim and raised; PyTorch gives 0 (a norm is >= 0)
    y = ag.linalg.matrix_norm(ag.zeros(*shape), ord, keepdim=True)
    t = torch.linalg.matrix_norm(torch.zeros(shape), ord, keepdim=True)
    assert y.shape == tuple(t.shape)
    np.testing.assert_array_equal(y.numpy(), t.numpy())
