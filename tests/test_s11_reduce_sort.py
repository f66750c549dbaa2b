"""Session 11: where (broadcast in forward, constant operands kept off the graph), relu, max's NaN gradient,
sort/topk tie order and unique(dim=...), against PyTorch where it is installed."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare, compare_complex


def _torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4), (3, 4)), ((3, 1), (4,), ()), ((4,), (2, 1, 4), (1, 4))])
def test_where_matches_torch_with_broadcasting(shapes):
    rng = np.random.default_rng(0)
    c, a, b = (rng.standard_normal(s) for s in shapes)
    compare(lambda c, a, b: ag.where(c > 0, a, b), lambda c, a, b: _torch().where(c > 0, a, b), [c, a, b],
            diff=[1, 2])


@pytest.mark.parametrize("scalar_first", [False, True])
def test_where_with_a_scalar_operand_records_one_input(scalar_first):
    x = ag.tensor(np.arange(6.0).reshape(2, 3), dtype=ag.float32, requires_grad=True)
    c = ag.tensor([True, False, True])
    y = ag.where(c, 2.5, x) if scalar_first else ag.where(c, x, 2.5)
    assert len(y.grad_fn.next_functions) == 1 and y.dtype == np.float32 and y.shape == (2, 3)
    y.sum().backward()
    expected = np.tile(np.array([not scalar_first, scalar_first, not scalar_first], float), (2, 1))
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def test_where_scalar_dtypes_match_torch():
    torch = _torch()
    mask = [True, False]
    cases = [([1, 2], 2.5), ([1, 2], 3), ([1.0, 2.0], 3), ([1.0, 2.0], 1j), ([True, False], 2.0)]
    for data, scalar in cases:
        ours = ag.where(ag.tensor(mask), ag.tensor(data), scalar)
        theirs = torch.where(torch.tensor(mask), torch.tensor(data), scalar)
        assert str(ours.dtype) == str(theirs.dtype).replace("torch.", ""), (data, scalar)
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_where_complex_scalar_with_a_real_tensor_matches_torch():
    x = np.array([0.5, -1.0, 2.0])
    compare_complex(lambda x: ag.where(x > 0, x, 1j), lambda x: _torch().where(x > 0, x, 1j), [x])


def test_where_double_backward_through_a_broadcast_operand():
    x = ag.tensor([0.5, -1.0, 2.0], dtype=ag.float64, requires_grad=True)
    y = ag.tensor([[1.5], [-0.5]], dtype=ag.float64, requires_grad=True)
    out = ag.where(ag.tensor([True, False, True]), x * x, y * y)  # (2, 3)
    gx, gy = ag.grad(out.sum(), (x, y), create_graph=True)
    np.testing.assert_allclose(gx.detach().numpy(), [2.0, 0.0, 8.0])  # 2x where taken, from both rows
    np.testing.assert_allclose(gy.detach().numpy(), [[3.0], [-1.0]])
    hx, hy = ag.grad(gx.sum() + gy.sum(), (x, y))
    np.testing.assert_allclose(hx.numpy(), [4.0, 0.0, 4.0])
    np.testing.assert_allclose(hy.numpy(), [[2.0], [2.0]])


def test_where_shapes_that_do_not_broadcast_are_refused():
    x = ag.ones(3, requires_grad=True)
    with pytest.raises(ValueError, match=r"where: condition of shape \(4,\), input of shape \(3,\)"):
        ag.where(ag.ones(4) > 0, x, 0.0)
    with pytest.raises(ValueError, match="do not broadcast"):
        ag.where(ag.ones(3) > 0, x, ag.ones(2))


NAN_CASES = [[1.0, np.nan, 3.0, np.nan], [1.0, 3.0, 3.0, 2.0], [[1.0, np.nan], [np.nan, 0.0]], [[2.0, 2.0], [0.5, 2.0]]]


@pytest.mark.parametrize("op", ["max", "min", "amax", "amin", "median", "nanmedian"])
@pytest.mark.parametrize("data", NAN_CASES)
def test_full_reductions_share_the_gradient_as_torch_with_nans_and_ties(op, data):
    torch = _torch()
    x, tx = ag.tensor(data, dtype=ag.float64, requires_grad=True), torch.tensor(np.array(data), requires_grad=True)
    y, ty = getattr(ag, op)(x), getattr(torch, op)(tx)
    np.testing.assert_array_equal(y.detach().numpy(), ty.detach().numpy())
    with np.errstate(invalid="ignore"):  # amax's gradient at a NaN result is 0/0, as PyTorch's
        y.backward()
    ty.backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())


def test_max_with_nans_double_backward():
    x = ag.tensor([1.0, np.nan, 3.0, np.nan], dtype=ag.float64, requires_grad=True)
    g, = ag.grad(ag.max(x * x), x, create_graph=True)
    np.testing.assert_array_equal(g.detach().numpy()[[0, 2]], [0.0, 0.0])
    assert np.isnan(g.detach().numpy()[[1, 3]]).all()  # 0.5 * 2x at x = NaN
    h, = ag.grad(g[0] + g[2], x)
    np.testing.assert_array_equal(h.numpy(), [0.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool", "float32", "float64"])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_tie_order_matches_torch_where_torchs_is_deterministic(dtype, descending):
    # torch's stable=False CPU sort is std::sort: an insertion sort (so stable) up to 16 elements
    torch = _torch()
    rng = np.random.default_rng(0)
    for shape, stable in [((16,), False), ((3, 7), False), ((2, 40), True), ((300,), True)]:
        a = rng.integers(0, 3, shape).astype(dtype)
        ours = ag.sort(ag.tensor(a), descending=descending, stable=stable)
        theirs = torch.sort(torch.tensor(a), descending=descending, stable=stable)
        np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())
        np.testing.assert_array_equal(ag.argsort(ag.tensor(a), descending=descending, stable=stable).numpy(),
                                      theirs.indices.numpy())


def test_sort_of_a_short_dim_keeps_ties_in_index_order_along_any_dim():
    a = np.array([[1, 0], [0, 0], [1, 1], [0, 1]])
    np.testing.assert_array_equal(ag.sort(ag.tensor(a), dim=0).indices.numpy(), [[1, 0], [3, 1], [0, 2], [2, 3]])


def _same_outputs(ours, theirs):
    ours, theirs = (r if isinstance(r, tuple) else (r,) for r in (ours, theirs))
    assert len(ours) == len(theirs)
    for a, t in zip(ours, theirs):
        assert a.shape == tuple(t.shape) and str(a.dtype) == str(t.dtype).replace("torch.", "")
        np.testing.assert_array_equal(a.numpy(), t.numpy())


@pytest.mark.parametrize("op", ["unique", "unique_consecutive"])
@pytest.mark.parametrize("dtype", ["int64", "float32", "bool"])
def test_unique_along_a_dim_matches_torch(op, dtype):
    torch = _torch()
    rng = np.random.default_rng(0)
    for shape, dim in [((6, 2), 0), ((6, 2), 1), ((3, 5, 2), 1), ((4, 2, 3), -1), ((7,), 0), ((0, 3), 0)]:
        a = rng.integers(0, 2, shape).astype(dtype)
        for inverse in (False, True):
            for counts in (False, True):
                kw = dict(return_inverse=inverse, return_counts=counts, dim=dim)
                if op == "unique":
                    for ordered in (True, False):
                        _same_outputs(ag.unique(ag.tensor(a), ordered, **kw), torch.unique(torch.tensor(a), ordered, **kw))
                else:
                    _same_outputs(ag.unique_consecutive(ag.tensor(a), **kw), torch.unique_consecutive(torch.tensor(a), **kw))


@pytest.mark.parametrize("shape, dim", [((6, 2), 0), ((6, 2), 1), ((3, 5, 2), 1), ((4, 2, 3), -1), ((7,), 0)])
def test_unique_along_a_dim_matches_numpy(shape, dim):
    """NumPy's unique(axis=) sorts the slices lexicographically too (runs without torch)."""
    a = np.random.default_rng(0).integers(0, 2, shape)
    values, inverse, counts = ag.unique(ag.tensor(a), return_inverse=True, return_counts=True, dim=dim)
    want = np.unique(a, return_inverse=True, return_counts=True, axis=dim)
    for got, expected in zip((values, inverse, counts), want):
        np.testing.assert_array_equal(got.numpy(), expected.reshape(-1) if expected is want[1] else expected)


def test_unique_along_a_dim_keeps_slices_with_nan_apart_and_tells_zeros_of_both_signs_alike():
    values, inverse, counts = ag.unique(ag.tensor([[1.0, np.nan], [1.0, np.nan], [-0.0, 1.0], [0.0, 1.0]]), dim=0,
                                        return_inverse=True, return_counts=True)
    np.testing.assert_array_equal(values.numpy(), [[0.0, 1.0], [1.0, np.nan], [1.0, np.nan]])
    np.testing.assert_array_equal(inverse.numpy(), [1, 2, 0, 0])
    np.testing.assert_array_equal(counts.numpy(), [2, 1, 1])


@pytest.mark.parametrize("op", [ag.unique, ag.unique_consecutive])
def test_unique_along_a_dim_refuses_what_torch_refuses(op):
    with pytest.raises(ValueError, match="dim 0 of a tensor of shape \\(3, 0\\) are empty"):
        op(ag.zeros(3, 0), dim=0)
    with pytest.raises(IndexError, match="0-d tensor"):
        op(ag.tensor(5), dim=0)
    with pytest.raises(IndexError, match="out of range"):
        op(ag.zeros(2, 3), dim=2)
