"""The less common tensor API: sorting, // and %, matrix helpers, in-place and random fills, scatter
and friends, new_* methods. Gradients are in the op-spec table (tests/specs/engine_extra.py); here
are values, dtypes, errors, and agreement with PyTorch where it is installed."""
import numpy as np
import pytest

import autograd_core as ag


def _torch():
    return pytest.importorskip("torch")


# -- sorting -------------------------------------------------------------------------------------
def test_sort_returns_named_values_and_int64_indices():
    x = ag.tensor([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]], requires_grad=True)
    out = x.sort(dim=1, descending=True)
    values, indices = out
    assert out.values is values and out.indices is indices
    assert indices.dtype == np.int64 and not indices.requires_grad
    np.testing.assert_array_equal(indices.numpy(), [[0, 2, 1], [2, 0, 1]])
    (values * ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 3.0, 2.0], [5.0, 6.0, 4.0]])


def test_stable_sort_keeps_ties_in_order_both_ways_and_nan_is_largest():
    torch = _torch()
    data = np.array([2.0, 1.0, 2.0, np.nan, 1.0, 2.0], np.float32)
    for descending in (False, True):
        ours = ag.sort(ag.tensor(data), descending=descending, stable=True)
        ref = torch.sort(torch.tensor(data), descending=descending, stable=True)
        np.testing.assert_array_equal(ours.values.numpy(), ref.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), ref.indices.numpy())
        np.testing.assert_array_equal(ag.argsort(ag.tensor(data), descending=descending, stable=True).numpy(),
                                      torch.argsort(torch.tensor(data), descending=descending, stable=True).numpy())


def test_topk_matches_torch_on_distinct_values():
    torch = _torch()
    data = np.random.default_rng(1).permutation(60).reshape(3, 4, 5).astype(np.float64)
    for k, dim, largest in [(2, -1, True), (3, 1, False), (1, 0, True), (5, 2, False), (0, 1, True)]:
        ours = ag.topk(ag.tensor(data), k, dim=dim, largest=largest)
        ref = torch.topk(torch.tensor(data), k, dim=dim, largest=largest)
        np.testing.assert_array_equal(ours.values.numpy(), ref.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), ref.indices.numpy())


def test_sort_and_topk_of_integers_and_scalars():
    x = ag.tensor([3, 1, 2])
    assert x.sort().values.dtype == np.int64 and x.sort().values.tolist() == [1, 2, 3]
    assert x.topk(2).values.tolist() == [3, 2]
    s = ag.tensor(1.5)
    assert s.sort().values.item() == 1.5 and s.sort().indices.item() == 0 and s.argsort().shape == ()


def test_topk_refuses_a_k_larger_than_the_dim():
    with pytest.raises(IndexError, match=r"topk: k=5 .* dimension 1 of size 4"):
        ag.zeros(3, 4).topk(5)
    with pytest.raises(IndexError, match="sort: dimension 2 is out of range"):
        ag.zeros(3, 4).sort(2)


# -- floor_divide, remainder, fmod ---------------------------------------------------------------
def test_division_family_matches_python_and_torch_signs():
    torch = _torch()
    a = np.array([7, -7, 7, -7, 0])
    b = np.array([2, 2, -2, -2, 3])
    for name, op in (("floor_divide", lambda u, v: u // v), ("remainder", lambda u, v: u % v),
                     ("fmod", lambda u, v: u.fmod(v))):
        for dtype in (np.int64, np.float32):
            ours = op(ag.tensor(a.astype(dtype)), ag.tensor(b.astype(dtype)))
            ref = getattr(torch, name)(torch.tensor(a.astype(dtype)), torch.tensor(b.astype(dtype)))
            assert ours.dtype == dtype
            np.testing.assert_array_equal(ours.numpy(), ref.numpy())


def test_division_with_numbers_keeps_pytorch_dtypes():
    i = ag.tensor([7, -7])
    assert (i // 2).dtype == np.int64 and (i // 2).tolist() == [3, -4]
    assert (i % 2.5).dtype == np.float32 and (i % 2.5).tolist() == [2.0, 0.5]
    assert (7 % ag.tensor([2, -3])).tolist() == [1, -2]
    assert (ag.tensor([1.0], dtype=ag.float64) // 0.3).dtype == np.float64
    assert (ag.tensor([5], dtype=ag.int32) // 2).dtype == np.int32


def test_integer_division_by_zero_raises_and_float_gives_inf_and_nan():
    with pytest.raises(ZeroDivisionError, match="floor_divide: integer division by zero"):
        ag.tensor([1, 2]) // ag.tensor([1, 0])
    with pytest.raises(ZeroDivisionError, match="remainder"):
        ag.tensor([1, 2]) % 0
    f = ag.tensor([1.0, -1.0])
    assert (f // 0.0).tolist() == [np.inf, -np.inf]
    assert np.isnan((f % 0.0).numpy()).all()


def test_division_gradients_match_torch():
    torch = _torch()
    a_np, b_np = np.array([5.5, -5.5, 3.0, 0.7]), np.array([2.0, 2.0, -2.0, 0.3])
    for name in ("remainder", "fmod"):
        a, b = ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)
        getattr(ag, name)(a, b).sum().backward()
        ta, tb = torch.tensor(a_np, requires_grad=True), torch.tensor(b_np, requires_grad=True)
        getattr(torch, name)(ta, tb).sum().backward()
        np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy())
        np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy())
    a, b = ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)
    (a // b).sum().backward()  # PyTorch has no derivative here; ours is the piecewise-constant 0
    assert not a.grad.numpy().any() and not b.grad.numpy().any()


# -- elementwise, matrices, cumprod ---------------------------------------------------------------
def test_cumprod_gradient_with_zeros_matches_torch():
    torch = _torch()
    data = np.array([[2.0, 0.0, 3.0, 0.0, 5.0], [0.0, 1.5, -2.0, 1.0, 0.5], [1.0, 2.0, 3.0, 4.0, 0.0]])
    cot = np.random.default_rng(0).standard_normal(data.shape)
    x = ag.tensor(data, requires_grad=True)
    (ag.cumprod(x, 1) * ag.tensor(cot)).sum().backward()
    t = torch.tensor(data, requires_grad=True)
    (torch.cumprod(t, 1) * torch.tensor(cot)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), atol=1e-12)


def test_unary_math_keeps_float32():
    x = ag.tensor([0.25, 0.5])
    for name in ("log2", "log10", "sinh", "cosh", "asin", "acos", "atan"):
        assert getattr(x, name)().dtype == np.float32, name
    assert ag.atan2(x, x).dtype == np.float32 and ag.hypot(x, 1.0 - x).dtype == np.float32


def test_matrix_helpers_match_torch():
    torch = _torch()
    m = np.arange(12.0).reshape(3, 4)
    v = np.arange(3.0)
    T = torch.tensor
    for diagonal in (-1, 0, 2):
        np.testing.assert_array_equal(ag.tril(ag.tensor(m), diagonal).numpy(), torch.tril(T(m), diagonal).numpy())
        np.testing.assert_array_equal(ag.triu(ag.tensor(m), diagonal).numpy(), torch.triu(T(m), diagonal).numpy())
        np.testing.assert_array_equal(ag.diag(ag.tensor(m), diagonal).numpy(), torch.diag(T(m), diagonal).numpy())
        np.testing.assert_array_equal(ag.diag(ag.tensor(v), diagonal).numpy(), torch.diag(T(v), diagonal).numpy())
    assert ag.diag(ag.tensor(m), 5).shape == (0,)
    assert ag.trace(ag.tensor(m)).item() == torch.trace(T(m)).item()
    np.testing.assert_array_equal(ag.roll(ag.tensor(m), 2).numpy(), torch.roll(T(m), 2).numpy())
    np.testing.assert_array_equal(ag.movedim(ag.zeros(2, 3, 4, 5), (3, 0), (1, 2)).shape,
                                  torch.movedim(torch.zeros(2, 3, 4, 5), (3, 0), (1, 2)).shape)
    assert ag.tensor(m).narrow(0, -1, 1).tolist() == T(m).narrow(0, -1, 1).tolist()
    c = ag.tensor([[np.nan] * 4] * 3)
    assert ag.addmm(c, ag.tensor(m), ag.eye(4, dtype=ag.float64), beta=0).tolist() == m.tolist()


@pytest.mark.parametrize("call, message", [
    (lambda: ag.tril(ag.zeros(3)), r"tril: expects a matrix .* shape \(3,\)"),
    (lambda: ag.diag(ag.zeros(2, 2, 2)), r"diag: expects a 1-D or 2-D tensor"),
    (lambda: ag.trace(ag.zeros(3)), r"trace: expects a matrix"),
    (lambda: ag.dot(ag.zeros(3), ag.zeros(3, 1)), r"dot: other must be 1-D, got shape \(3, 1\)"),
    (lambda: ag.mv(ag.zeros(3), ag.zeros(3)), r"mv: input must be 2-D"),
    (lambda: ag.outer(ag.zeros(2, 2), ag.zeros(3)), r"outer: input must be 1-D"),
    (lambda: ag.addmm(ag.zeros(4), ag.zeros(2, 3), ag.zeros(3, 5)), r"addmm: input of shape \(4,\)"),
    (lambda: ag.narrow(ag.zeros(3, 4), 1, 3, 2), r"narrow: start 3 \+ length 2 exceeds dimension 1 of size 4"),
    (lambda: ag.narrow(ag.zeros(3, 4), 1, -5, 1), r"narrow: start -5 is out of range"),
    (lambda: ag.movedim(ag.zeros(2, 3), (0, 0), (1, 0)), r"movedim source: dim 0 appears multiple times in the list of dims"),
    (lambda: ag.roll(ag.zeros(2, 3), (1, 2), 0), r"roll: shifts \(1, 2\) and dims \(0,\)"),
])
def test_matrix_and_shape_errors_name_the_op_and_shapes(call, message):
    with pytest.raises((ValueError, IndexError), match=message):
        call()


# -- in-place -------------------------------------------------------------------------------------
def test_inplace_unary_methods_change_the_tensor_and_bump_its_version():
    x = ag.tensor([-4.0, 1.0, 9.0])
    assert x.clamp_(min=-1.0, max=4.0) is x and x.tolist() == [-1.0, 1.0, 4.0]
    assert x.abs_().tolist() == [1.0, 1.0, 4.0] and x.sqrt_().tolist() == [1.0, 1.0, 2.0]
    assert x.pow_(2).tolist() == [1.0, 1.0, 4.0] and x.neg_().tolist() == [-1.0, -1.0, -4.0]
    np.testing.assert_allclose(x.exp_().numpy(), np.exp([-1.0, -1.0, -4.0]), rtol=1e-6)
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    y = w.exp()  # saves its output
    y.pow_(2)
    assert y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), 2 * np.exp(2 * np.array([1.0, 2.0])), rtol=1e-6)


def test_inplace_unary_methods_refuse_what_pytorch_refuses():
    with pytest.raises(TypeError, match="sqrt_: the result is floating point .* int64"):
        ag.tensor([4, 9]).sqrt_()
    with pytest.raises(TypeError, match=r"clamp_: give at least one of \(min, max\)"):
        ag.zeros(2).clamp_()
    with pytest.raises(RuntimeError, match="exp_: a leaf tensor that requires grad"):
        ag.zeros(2, requires_grad=True).exp_()
    i = ag.tensor([-3, 2])
    assert i.abs_().tolist() == [3, 2] and i.clamp_(max=2).tolist() == [2, 2] and i.dtype == np.int64


def test_fill_in_the_graph_keeps_values_finite_where_the_old_values_were_inf():
    w = ag.tensor([np.inf, 1.0], requires_grad=True)
    y = w * 1.0
    y.fill_(2.0)
    assert y.tolist() == [2.0, 2.0]
    y.sum().backward()
    assert w.grad.tolist() == [0.0, 0.0]


def test_normal_and_uniform_fill_in_place_reproducibly():
    ag.manual_seed(3)
    a = ag.empty(1000, dtype=ag.float64).normal_(2.0, 0.5)
    b = ag.empty(1000).uniform_(-1.0, 3.0)
    ag.manual_seed(3)
    assert ag.empty(1000, dtype=ag.float64).normal_(2.0, 0.5).tolist() == a.tolist()
    assert ag.empty(1000).uniform_(-1.0, 3.0).tolist() == b.tolist()
    ag.manual_seed(3)
    np.testing.assert_allclose(a.numpy(), ag.randn(1000, dtype=ag.float64).numpy() * 0.5 + 2.0)
    assert a.dtype == np.float64 and b.dtype == np.float32
    assert abs(a.numpy().mean() - 2.0) < 0.1 and abs(a.numpy().std() - 0.5) < 0.05
    assert b.numpy().min() >= -1.0 and b.numpy().max() < 3.0
    with pytest.raises(TypeError, match="normal_: expects a floating point tensor, got dtype int64"):
        ag.tensor([1, 2]).normal_()
    with pytest.raises(RuntimeError, match="uniform_: a leaf tensor that requires grad"):
        ag.zeros(2, requires_grad=True).uniform_()
    with ag.no_grad():
        p = ag.zeros(3, requires_grad=True)
        assert p.uniform_() is p and p.requires_grad


# -- scatter and friends --------------------------------------------------------------------------
def test_scatter_family_matches_torch():
    torch = _torch()
    rng = np.random.default_rng(0)
    x, src = rng.standard_normal((3, 5)), rng.standard_normal((4, 6))
    index = np.array([[0, 1, 2, 0], [2, 0, 0, 1]])
    T = torch.tensor
    np.testing.assert_allclose(ag.scatter_add(ag.tensor(x), 0, index, ag.tensor(src)).numpy(),
                               torch.scatter_add(T(x), 0, T(index), T(src)).numpy())
    np.testing.assert_allclose(ag.tensor(x).scatter(1, index, 7.0).numpy(),
                               T(x).scatter(1, T(index), 7.0).numpy())
    np.testing.assert_allclose(ag.index_add(ag.tensor(x), 1, np.array([4, 4, 0]), ag.tensor(src[:3, :3]),
                                            alpha=0.5).numpy(),
                               torch.index_add(T(x), 1, T([4, 4, 0]), T(src[:3, :3]), alpha=0.5).numpy())
    idx = np.array([[0], [4], [2]])
    np.testing.assert_allclose(ag.take_along_dim(ag.tensor(x), idx, 1).numpy(),
                               torch.take_along_dim(T(x), T(idx), 1).numpy())
    mask = x > 0
    np.testing.assert_allclose(ag.masked_select(ag.tensor(x), ag.tensor(mask[0])).numpy(),
                               torch.masked_select(T(x), T(mask[0])).numpy())


def test_integer_scatter_add_stays_integer():
    out = ag.zeros(4, dtype=ag.int64).scatter_add(0, ag.tensor([1, 1, 3]), ag.tensor([5, 6, 7]))
    assert out.dtype == np.int64 and out.tolist() == [0, 11, 0, 7]


@pytest.mark.parametrize("call, error, message", [
    (lambda: ag.scatter(ag.zeros(3, 4), 0, np.array([[3]]), ag.zeros(1, 1)), IndexError,
     r"scatter: index out of range: .* \[0, 2\]"),
    (lambda: ag.scatter(ag.zeros(3, 4), 0, np.array([[0, 1, 2, 0, 1]]), ag.zeros(1, 5)), ValueError,
     r"scatter: index \(shape \(1, 5\)\) has size 5 in dim 1, larger than the tensor's 4"),
    (lambda: ag.scatter_add(ag.zeros(3, 4), 1, np.array([[0, 1]]), ag.zeros(1, 1)), ValueError,
     r"scatter_add: index \(shape \(1, 2\)\) has size 2 in dim 1, larger than src's 1"),
    (lambda: ag.scatter(ag.zeros(3, 4), 0, np.array([0]), ag.zeros(1)), ValueError,
     r"scatter: the tensor \(shape \(3, 4\)\), index \(1,\), src \(1,\) must have the same number of dims"),
    (lambda: ag.scatter(ag.zeros(3, 4), 0, np.array([[0.0]]), ag.zeros(1, 1)), TypeError,
     r"scatter: index must be an integer tensor, got dtype float64"),
    (lambda: ag.scatter_add(ag.zeros(3), 0, np.array([0]), ag.zeros(1, dtype=ag.float64)), TypeError,
     r"scatter_add: src has dtype float64 but the tensor has dtype float32"),
    (lambda: ag.gather(ag.zeros(3, 4), 1, np.array([[0], [1], [2], [3]])), ValueError,
     r"gather: index \(shape \(4, 1\)\) has size 4 in dim 0"),
    (lambda: ag.index_add(ag.zeros(3, 4), 0, np.array([0, 1]), ag.zeros(3, 4)), ValueError,
     r"index_add: expects a 1-D integer index and a source of shape \(2, 4\)"),
    (lambda: ag.index_add(ag.zeros(3, 4), 0, np.array([0, 3]), ag.zeros(2, 4)), IndexError,
     r"index_add: index out of range"),
    (lambda: ag.take_along_dim(ag.zeros(3, 4), np.array([0, 1]), 1), ValueError,
     r"take_along_dim: indices \(shape \(2,\)\) must have as many dims as the tensor \(shape \(3, 4\)\)"),
    (lambda: ag.masked_select(ag.zeros(3, 4), ag.tensor([1, 0, 1, 0])), TypeError,
     r"masked_select: the mask must be a bool tensor, got dtype int64"),
    (lambda: ag.masked_select(ag.zeros(3, 4), ag.tensor([True, False])), ValueError,
     r"masked_select: the tensor \(shape \(3, 4\)\) and mask \(shape \(2,\)\) don't broadcast"),
])
def test_scatter_family_refuses_bad_indices_and_shapes(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- new_* and type_as ------------------------------------------------------------------------------
def test_new_methods_take_dtype_and_device_from_the_tensor():
    x = ag.tensor([1.0, 2.0], dtype=ag.float64, requires_grad=True)
    for made, shape in ((x.new_zeros(2, 3), (2, 3)), (x.new_ones((4,)), (4,)), (x.new_full((2,), 7), (2,)),
                        (x.new_tensor([[1, 2]]), (1, 2))):
        assert made.dtype == np.float64 and made.shape == shape and made.device == x.device
        assert made.is_leaf and not made.requires_grad
    assert x.new_full((2,), 7).tolist() == [7.0, 7.0] and x.new_ones(1).tolist() == [1.0]
    assert x.new_zeros(2, dtype=ag.int64).dtype == np.int64
    assert x.new_tensor([1.5], requires_grad=True).requires_grad
    y = x.type_as(ag.tensor([1.0]))
    assert y.dtype == np.float32 and y.requires_grad
    y.sum().backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [1.0, 1.0]
    assert ag.tensor([1.7]).type_as(ag.tensor([1])).tolist() == [1]
