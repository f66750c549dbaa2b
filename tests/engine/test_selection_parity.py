"""Selection, searching and stacking ops against PyTorch: indices (ties included), gradients, dtypes, the
view that diagonal gives, and the errors."""
import numpy as np
import pytest
from torch_parity import compare

import autograd_core as ag

torch = pytest.importorskip("torch")


def same(ours, theirs):
    ours = ours if isinstance(ours, (tuple, list)) else (ours,)
    theirs = theirs if isinstance(theirs, (tuple, list)) else (theirs,)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        b = b.detach().numpy()
        assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, a.dtype, b.shape, b.dtype)
        np.testing.assert_array_equal(a.detach().numpy(), b)


def both(array, **kwargs):
    return ag.tensor(array, **kwargs), torch.tensor(array, **kwargs)


NAN = np.nan
WITH_NAN = np.array([[3.0, 1.0, 2.0, 1.0], [NAN, 5.0, 4.0, 0.0], [2.0, NAN, 2.0, NAN], [0.5, 0.5, 0.5, 0.5]])


@pytest.mark.parametrize("name", ["median", "nanmedian"])
@pytest.mark.parametrize("dim, keepdim", [(1, False), (0, True), (-1, True)])
def test_median_values_and_indices(name, dim, keepdim):
    x, t = both(WITH_NAN if dim != 0 else WITH_NAN[:, :3])
    same(getattr(ag, name)(x, dim, keepdim), getattr(torch, name)(t, dim, keepdim))
    same(getattr(x, name)(), getattr(t, name)())


def test_kthvalue_and_mode_match_torch():
    x, t = both(np.array([[3.0, 1.0, 4.0, 1.0, 5.0], [2.0, 2.0, 0.0, 0.0, 7.0]]))
    for k in (1, 3, 5):  # among tied values PyTorch's index follows its selection algorithm: values only
        same(ag.kthvalue(x, k, 1).values, torch.kthvalue(t, k, 1).values)
        x2, t2 = both(np.array([[4.0, 1.0, 5.0, -2.0, 0.5], [0.0, -1.0, 7.0, 3.0, 2.0]]))
        same(ag.kthvalue(x2, k, 1, True), torch.kthvalue(t2, k, 1, True))
    same(x.mode(), t.mode())
    same(ag.mode(x, 0, keepdim=True), torch.mode(t, 0, keepdim=True))
    ints = np.random.default_rng(0).integers(0, 3, (6, 9))
    same(ag.mode(ag.tensor(ints), 1), torch.mode(torch.tensor(ints), 1))


def test_mode_gradient_goes_to_the_returned_index():
    a = np.array([[1.0, 2.0, 2.0, 3.0], [0.5, 0.5, 1.0, 1.0]])
    compare(lambda x: ag.mode(x, 1).values, lambda t: torch.mode(t, 1).values, [a])


def test_median_and_kthvalue_gradients_match_torch():
    a = np.random.default_rng(1).standard_normal((4, 6))
    compare(lambda x: ag.median(x, 1).values * ag.kthvalue(x, 2, 0, True).values.sum(),
            lambda t: torch.median(t, 1).values * torch.kthvalue(t, 2, 0, True).values.sum(), [a])


@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile_matches_torch(interpolation):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((4, 7))
    a_nan = a.copy()
    a_nan[1, 2] = a_nan[3, :] = NAN
    q = np.array([0.0, 0.25, 0.5, 0.8, 1.0])
    for name in ("quantile", "nanquantile"):
        for dim, keepdim in [(None, False), (None, True), (1, False), (0, True)]:
            for qq in (0.3, q):
                ours = getattr(ag, name)(ag.tensor(a_nan), ag.tensor(qq) if isinstance(qq, np.ndarray) else qq,
                                         dim, keepdim, interpolation=interpolation)
                theirs = getattr(torch, name)(torch.tensor(a_nan), torch.tensor(qq) if isinstance(qq, np.ndarray)
                                              else qq, dim, keepdim, interpolation=interpolation)
                np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
                assert ours.shape == tuple(theirs.shape)
    compare(lambda x: ag.quantile(x, ag.tensor(q), 1, interpolation=interpolation),
            lambda t: torch.quantile(t, torch.tensor(q), 1, interpolation=interpolation), [a])


def test_cummax_cummin_indices_take_the_latest_tie_and_nan():
    x, t = both(np.array([[1.0, 3.0, 2.0, 3.0, 5.0, 5.0], [3.0, 1.0, NAN, 1.0, NAN, 0.0]]))
    for name in ("cummax", "cummin"):
        for dim in (0, 1):
            same(getattr(ag, name)(x, dim), getattr(torch, name)(t, dim))
    a = np.random.default_rng(3).standard_normal((3, 5))
    compare(lambda x: ag.cummax(x, 1).values + ag.cummin(x, 0).values,
            lambda t: torch.cummax(t, 1).values + torch.cummin(t, 0).values, [a])


def test_logcumsumexp_matches_torch_across_a_wide_range():
    a = np.array([[-800.0, 0.0, 3.0, -1000.0, 700.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
    compare(lambda x: ag.logcumsumexp(x, 1), lambda t: torch.logcumsumexp(t, 1), [a])
    x = ag.tensor(a.astype(np.float32))
    np.testing.assert_allclose(x.logcumsumexp(1).numpy(), torch.logcumsumexp(torch.tensor(a, dtype=torch.float32), 1),
                               rtol=1e-6)


def test_searchsorted_and_bucketize_match_torch():
    rng = np.random.default_rng(4)
    seq = np.sort(rng.integers(0, 6, (2, 3, 8)), -1)
    values = rng.integers(-1, 8, (2, 3, 5))
    for right in (False, True):
        same(ag.searchsorted(ag.tensor(seq), ag.tensor(values), right=right),
             torch.searchsorted(torch.tensor(seq), torch.tensor(values), right=right))
        same(ag.searchsorted(ag.tensor(seq[0, 0]), ag.tensor(values + 0.5), side="right" if right else "left"),
             torch.searchsorted(torch.tensor(seq[0, 0]), torch.tensor(values + 0.5), right=right))
        same(ag.bucketize(ag.tensor(values), ag.tensor(seq[1, 2]), right=right),
             torch.bucketize(torch.tensor(values), torch.tensor(seq[1, 2]), right=right))
    same(ag.searchsorted(ag.tensor([1, 3, 5]), 3), torch.searchsorted(torch.tensor([1, 3, 5]), 3))
    same(ag.searchsorted(ag.tensor([1.0, 3.0]), ag.tensor([2.0]), out_int32=True),
         torch.searchsorted(torch.tensor([1.0, 3.0]), torch.tensor([2.0]), out_int32=True))
    unsorted = np.array([5.0, 1.0, 3.0])
    sorter = np.argsort(unsorted)
    same(ag.searchsorted(ag.tensor(unsorted), ag.tensor([2.0, 4.0]), sorter=ag.tensor(sorter)),
         torch.searchsorted(torch.tensor(unsorted), torch.tensor([2.0, 4.0]), sorter=torch.tensor(sorter)))


def test_searchsorted_errors():
    with pytest.raises(ValueError, match="side"):
        ag.searchsorted(ag.tensor([1.0, 2.0]), ag.tensor([1.5]), side="left", right=True)
    with pytest.raises(ValueError, match="leading dims"):
        ag.searchsorted(ag.tensor(np.zeros((2, 3))), ag.tensor(np.zeros((3, 2))))
    with pytest.raises(ValueError, match="1-D"):
        ag.bucketize(ag.tensor([1.0]), ag.tensor(np.zeros((2, 2))))


@pytest.mark.parametrize("array", [np.array([[0, 1, 0], [2, 0, 3]]), np.array(5), np.array(0.0), np.zeros((0, 2))])
def test_nonzero_argwhere_count_nonzero(array):
    x, t = both(array)
    same(ag.nonzero(x), torch.nonzero(t))
    same(x.nonzero(as_tuple=True), torch.nonzero(t, as_tuple=True))
    same(ag.argwhere(x), torch.argwhere(t))
    same(ag.count_nonzero(x), torch.count_nonzero(t))


def test_unique_and_unique_consecutive_match_torch():
    x, t = both(np.array([[3, 1, 3], [2, 2, 1]]))
    for inverse in (False, True):
        for counts in (False, True):
            same(ag.unique(x, return_inverse=inverse, return_counts=counts),
                 torch.unique(t, return_inverse=inverse, return_counts=counts))
            same(x.unique_consecutive(return_inverse=inverse, return_counts=counts),
                 torch.unique_consecutive(t, return_inverse=inverse, return_counts=counts))
    same(ag.unique(x, sorted=False), torch.unique(t, sorted=False))
    same(ag.unique(x, dim=1, return_inverse=True, return_counts=True),
         torch.unique(t, dim=1, return_inverse=True, return_counts=True))


def test_reductions_match_torch():
    a = np.random.default_rng(5).standard_normal((3, 4))
    a[0, 1] = a[2, 3] = NAN
    compare(lambda x: ag.nansum(x, 1) + x.nanmean(0, keepdim=True).sum(),
            lambda t: torch.nansum(t, 1) + t.nanmean(0, keepdim=True).sum(), [a])
    b = np.nan_to_num(a)
    for dim, kwargs in [(None, {}), (1, {"correction": 0}), (0, {"keepdim": True}), (1, {"unbiased": False})]:
        for name in ("var_mean", "std_mean"):
            ours = getattr(ag, name)(ag.tensor(b), dim, **kwargs)
            theirs = getattr(torch, name)(torch.tensor(b), dim, **kwargs)
            for o, t in zip(ours, theirs):
                np.testing.assert_allclose(o.numpy(), t.numpy())
    same(ag.aminmax(ag.tensor(b), dim=1, keepdim=True), torch.aminmax(torch.tensor(b), dim=1, keepdim=True))
    assert ag.aminmax(ag.tensor(b)).max.item() == b.max() and ag.numel(ag.tensor(b)) == 12
    same(ag.nansum(ag.tensor([1, 2])), torch.nansum(torch.tensor([1, 2])))


def test_stacking_matches_torch():
    rng = np.random.default_rng(6)
    shapes = [(), (3,), (2, 3), (2, 3, 1)]
    for shape in shapes:
        x, t = both(rng.standard_normal(shape))
        for name in ("atleast_1d", "atleast_2d", "atleast_3d", "ravel"):
            same(getattr(ag, name)(x), getattr(torch, name)(t))
    pairs = [((3,), (3,)), ((2, 3), (2, 3)), ((1, 3), (3,))]
    for s1, s2 in pairs:
        a, b = rng.standard_normal(s1), rng.standard_normal(s2)
        for name in ("hstack", "vstack", "dstack", "column_stack", "row_stack"):
            try:
                expected = getattr(torch, name)([torch.tensor(a), torch.tensor(b)])
            except RuntimeError:
                continue
            same(getattr(ag, name)([ag.tensor(a), ag.tensor(b)]), expected)
    blocks = [rng.standard_normal(()), rng.standard_normal((2,)), rng.standard_normal((2, 3))]
    compare(ag.block_diag, torch.block_diag, blocks)
    same(ag.block_diag(ag.tensor([1, 2]), ag.tensor([[1.5]])), torch.block_diag(torch.tensor([1, 2]),
                                                                                torch.tensor([[1.5]])))


def test_grids_match_torch():
    a, b, c = np.arange(3.0), np.arange(2.0) + 5, np.arange(4.0) - 2
    for indexing in ("ij", "xy"):
        same(ag.meshgrid(ag.tensor(a), ag.tensor(b), ag.tensor(c), indexing=indexing),
             torch.meshgrid(torch.tensor(a), torch.tensor(b), torch.tensor(c), indexing=indexing))
    compare(lambda x, y: ag.cartesian_prod(x, y) * 2, lambda x, y: torch.cartesian_prod(x, y) * 2, [a, b])
    for r in (0, 1, 2, 3, 5):
        for replacement in (False, True):
            same(ag.combinations(ag.tensor(c), r, replacement), torch.combinations(torch.tensor(c), r, replacement))
    with pytest.raises(ValueError, match="one dtype"):
        ag.meshgrid(ag.tensor([1, 2]), ag.tensor([1.0]))


def test_rot90_diff_flips_match_torch():
    a = np.random.default_rng(7).standard_normal((2, 3, 4))
    for k in range(-5, 6):
        compare(lambda x, k=k: ag.rot90(x, k, (2, 1)), lambda t, k=k: torch.rot90(t, k, (2, 1)), [a])
    compare(lambda x: ag.flipud(x) + ag.fliplr(x), lambda t: torch.flipud(t) + torch.fliplr(t), [a])
    for n in (1, 2, 5):
        compare(lambda x, p, n=n: ag.diff(x, n, 1, prepend=p), lambda t, p, n=n: torch.diff(t, n, 1, prepend=p),
                [a, a[:, :2]])
    same(ag.diff(ag.tensor([True, False, False, True])), torch.diff(torch.tensor([True, False, False, True])))
    with pytest.raises(ValueError, match="dims"):
        ag.diff(ag.tensor(a), prepend=ag.tensor(0.0))
    with pytest.raises(ValueError, match="differ"):
        ag.rot90(ag.tensor(a), 1, (1, 1))


@pytest.mark.parametrize("offset, dim1, dim2", [(0, 0, 1), (1, 2, 0), (-2, -1, -2), (7, 0, 2)])
def test_diagonal_and_diag_embed_match_torch(offset, dim1, dim2):
    a = np.random.default_rng(8).standard_normal((3, 4, 5))
    compare(lambda x: ag.diagonal(x, offset, dim1, dim2), lambda t: torch.diagonal(t, offset, dim1, dim2), [a])
    compare(lambda x: ag.diag_embed(x, offset, dim1, dim2), lambda t: torch.diag_embed(t, offset, dim1, dim2), [a])


def test_diagonal_is_a_view_as_in_torch():
    x = ag.zeros(3, 4)
    x.diagonal(1).fill_(2.0)
    expected = torch.zeros(3, 4)
    expected.diagonal(1).fill_(2.0)
    same(x, expected)
    w, tw = both(np.ones((3, 3)), requires_grad=True)
    h, th = w * 2, tw * 2
    h.diagonal().mul_(5.0)
    th.diagonal().mul_(5.0)
    same(h, th)
    (h * h).sum().backward()
    (th * th).sum().backward()
    same(w.grad, tw.grad)


def test_creation_helpers_match_torch():
    for args in [(3, 3), (3, 4, 1), (4, 3, -1), (0, 2), (2, 5, -4)]:
        same(ag.tril_indices(*args), torch.tril_indices(*args))
        same(ag.triu_indices(*args), torch.triu_indices(*args))
    np.testing.assert_allclose(ag.logspace(-1, 3, 5, base=2).numpy(), torch.logspace(-1, 3, 5, base=2).numpy())
    assert ag.logspace(0, 1, 4).dtype == np.float32


def test_order_statistic_errors_name_the_op():
    x = ag.tensor(np.zeros((2, 3)))
    with pytest.raises(IndexError, match="kthvalue: k=4"):
        ag.kthvalue(x, 4)
    with pytest.raises(IndexError, match="median: can't reduce over the empty"):
        ag.median(ag.tensor(np.zeros((2, 0))), 1)
    with pytest.raises(TypeError, match="quantile: input must be a float"):
        ag.quantile(ag.tensor([1, 2]), 0.5)
    with pytest.raises(ValueError, match=r"quantile: q must lie in \[0, 1\]"):
        ag.quantile(x, 1.5)
    with pytest.raises(ValueError, match="interpolation"):
        ag.nanquantile(x, 0.5, interpolation="cubic")
