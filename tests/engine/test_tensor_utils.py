"""The tensor utilities against PyTorch: index/mask/slice writes, take/put, splits and views, dist,
renorm, vdot, addr (forward and gradients), their in-place forms, and their errors."""
import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 4))


def _torch():
    return pytest.importorskip("torch")


def _t(v):
    return _torch().tensor(v)


WRITES = [
    ("index_copy", lambda a, s: a.index_copy(0, ag.tensor([2, 0]), s),
     lambda a, s: a.index_copy(0, _t([2, 0]), s), (2, 4)),
    ("index_fill", lambda a, v: a.index_fill(1, ag.tensor([3, 1]), v),
     lambda a, v: a.index_fill(1, _t([3, 1]), v), ()),
    ("index_put_accumulate", lambda a, v: a.index_put((ag.tensor([0, 2, 0]),), v, accumulate=True),
     lambda a, v: a.index_put((_t([0, 2, 0]),), v, accumulate=True), (4,)),
    ("masked_scatter", lambda a, s: a.masked_scatter(ag.tensor([[True], [False], [True]]), s),
     lambda a, s: a.masked_scatter(_t([[True], [False], [True]]), s), (11,)),
    ("put_accumulate", lambda a, s: a.put(ag.tensor([1, -1, 1]), s, accumulate=True),
     lambda a, s: a.put(_t([1, -1, 1]), s, accumulate=True), (3,)),
    ("select_scatter", lambda a, s: ag.select_scatter(a, s, 1, -2),
     lambda a, s: _torch().select_scatter(a, s, 1, -2), (3,)),
    ("slice_scatter", lambda a, s: a.slice_scatter(s, 1, -3, None, 2),
     lambda a, s: a.slice_scatter(s, 1, -3, None, 2), (3, 2)),
    ("diagonal_scatter", lambda a, s: a.diagonal_scatter(s, 1), lambda a, s: a.diagonal_scatter(s, 1), (3,)),
    ("addr", lambda a, u: ag.addr(a, u[:3], u, beta=2, alpha=-1),
     lambda a, u: _torch().addr(a, u[:3], u, beta=2, alpha=-1), (4,)),
    ("dist_inf", lambda a, b: ag.dist(a, b, float("inf")), lambda a, b: _torch().dist(a, b, float("inf")), (4,)),
]


@pytest.mark.parametrize("name, ours, theirs, src_shape", WRITES, ids=[w[0] for w in WRITES])
def test_two_input_ops_match_torch(name, ours, theirs, src_shape):
    compare(ours, theirs, [X, RNG.standard_normal(src_shape)])


VIEWS = [
    ("take", lambda a: a.take(ag.tensor([[-1, 3], [5, 5]])), lambda a: a.take(_t([[-1, 3], [5, 5]]))),
    ("select", lambda a: a.select(0, -1), lambda a: a.select(0, -1)),
    ("tensor_split_tensor_sections", lambda a: ag.cat(ag.tensor_split(a, ag.tensor(3), 1), 1) * ag.arange(4.0),
     lambda a: _torch().cat(_torch().tensor_split(a, _t(3), 1), 1) * _torch().arange(4.0)),
    ("tensor_split_back_indices", lambda a: ag.cat(a.tensor_split([3, 1], 1), 1),
     lambda a: _torch().cat(a.tensor_split([3, 1], 1), 1)),
    ("unflatten", lambda a: a.unflatten(0, (-1, 1)), lambda a: a.unflatten(0, (-1, 1))),
    ("unfold", lambda a: a.unfold(1, 2, 1), lambda a: a.unfold(1, 2, 1)),
    ("unfold_empty_window", lambda a: a.unfold(0, 0, 2), lambda a: a.unfold(0, 0, 2)),
    ("sum_to_size", lambda a: a.sum_to_size(4), lambda a: a.sum_to_size(4)),
    ("renorm", lambda a: a.renorm(3, 1, 1.2), lambda a: a.renorm(3, 1, 1.2)),
    ("vdot", lambda a: ag.vdot(a[0], a[1]), lambda a: _torch().vdot(a[0], a[1])),
]


@pytest.mark.parametrize("name, ours, theirs", VIEWS, ids=[v[0] for v in VIEWS])
def test_one_input_ops_match_torch(name, ours, theirs):
    compare(ours, theirs, [X])


@pytest.mark.parametrize("make", [
    lambda x: x.index_put_((ag.tensor([0, 0]), ag.tensor([1, 1])), ag.tensor([1.0, 2.0]), accumulate=True),
    lambda x: x.put_(ag.tensor([0, -1]), ag.tensor([5.0, 6.0])),
    lambda x: x.index_fill_(1, ag.tensor([0]), 7),
    lambda x: x.index_copy_(0, ag.tensor([1]), ag.ones(1, 4)),
    lambda x: x.masked_scatter_(ag.tensor([True, False, False, True]), ag.arange(8.0)),
], ids=["index_put_", "put_", "index_fill_", "index_copy_", "masked_scatter_"])
def test_in_place_forms_match_torch_and_return_the_tensor(make):
    torch = _torch()
    ours, theirs = ag.tensor(X.astype(np.float32)), torch.tensor(X.astype(np.float32))
    assert make(ours) is ours
    make(_TorchAsAg(theirs))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())


class _TorchAsAg:
    """A torch tensor whose methods take our tensors as arguments (converted), so one lambda serves both."""

    def __init__(self, t):
        self.t = t

    def __getattr__(self, name):
        torch = _torch()

        def call(*args, **kwargs):
            args = [torch.tensor(a.numpy()) if isinstance(a, ag.Tensor) else
                    tuple(torch.tensor(b.numpy()) for b in a) if isinstance(a, tuple) else a for a in args]
            return getattr(self.t, name)(*args, **kwargs)
        return call


def test_in_place_write_is_recorded_and_differentiable():
    a = ag.tensor(X, requires_grad=True)
    v = ag.tensor([1.0, 2.0], dtype=ag.float64, requires_grad=True)
    y = a * 1.0
    y.index_put_((ag.tensor([0, 2]), ag.tensor([1, 3])), v)
    (y * y).sum().backward()
    expected = 2 * X
    expected[[0, 2], [1, 3]] = 0
    np.testing.assert_allclose(a.grad.numpy(), expected)
    np.testing.assert_allclose(v.grad.numpy(), [2.0, 4.0])


def test_unfold_is_a_read_only_view_of_the_input():
    x = ag.arange(6.0)
    w = x.unfold(0, 3, 1)
    assert np.shares_memory(w.numpy(), x.numpy()) and not w.numpy().flags.writeable
    assert ag.tensor(5.0).unfold(0, 1, 1).shape == (1,)


def test_tensor_split_and_relatives_return_tuples_like_torch():
    torch = _torch()
    t = torch.arange(24.0).reshape(2, 3, 4)
    x = ag.tensor(t.numpy())
    for ours, theirs in [(ag.tensor_split(x, 4, 2), torch.tensor_split(t, 4, 2)),
                         (ag.tensor_split(x, [1, 9], 2), torch.tensor_split(t, [1, 9], 2)),
                         (ag.hsplit(x, [2]), torch.hsplit(t, [2])), (ag.vsplit(x, 2), torch.vsplit(t, 2)),
                         (ag.dsplit(x, 2), torch.dsplit(t, 2)), (ag.hsplit(x[0, 0], 2), torch.hsplit(t[0, 0], 2))]:
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_dtypes_follow_torch():
    i = ag.arange(4)
    assert i.index_fill(0, ag.tensor([1]), 2.7).tolist() == [0, 2, 2, 3]  # the value is cast to the tensor's dtype
    assert ag.select_scatter(ag.zeros(2, 2), ag.ones(2, dtype=ag.float64), 0, 0).dtype == np.float32
    assert ag.addr(ag.ones(2, 2, dtype=ag.int64), ag.ones(2, dtype=ag.int64), ag.ones(2, dtype=ag.int64)).dtype == \
        np.int64


@pytest.mark.parametrize("call, error, words", [
    (lambda x: x.index_copy(0, ag.tensor([0]), ag.ones(1, 4, dtype=ag.float64)), TypeError, "dtype"),
    (lambda x: x.index_copy(0, ag.tensor([-1]), ag.ones(1, 4)), IndexError, "out of range"),
    (lambda x: x.index_copy(0, ag.tensor([0]), ag.ones(2, 4)), ValueError, "shape"),
    (lambda x: x.index_fill(1, ag.tensor([0]), ag.tensor([1.0, 2.0])), ValueError, "0-d"),
    (lambda x: x.index_fill(0, ag.tensor([3]), 1.0), IndexError, "out of range"),
    (lambda x: x.index_fill(0, ag.tensor([0.0]), 1.0), TypeError, "integer"),
    (lambda x: x.index_put((ag.tensor([0]),), ag.ones(4, dtype=ag.float64)), TypeError, "dtype"),
    (lambda x: x.index_put(ag.tensor([0]), ag.ones(4)), TypeError, "tuple"),
    (lambda x: x.masked_scatter(ag.ones(3, 4), ag.ones(12)), TypeError, "bool"),
    (lambda x: x.masked_scatter(ag.ones(3, 4, dtype=ag.bool), ag.ones(5)), ValueError, "12 True places"),
    (lambda x: x.take(ag.tensor([12])), IndexError, "12 elements"),
    (lambda x: x.put(ag.tensor([0, 1]), ag.ones(3)), ValueError, "3"),
    (lambda x: x.select(0, -4), IndexError, "out of range"),
    (lambda x: ag.select_scatter(x, ag.ones(3), 0, 0), ValueError, "shape (4,)"),
    (lambda x: ag.slice_scatter(x, ag.ones(3, 3), 1, 1, None, 2), ValueError, "shape (3, 2)"),
    (lambda x: ag.slice_scatter(x, ag.ones(3, 3), 1, step=0), ValueError, "step"),
    (lambda x: ag.diagonal_scatter(x, ag.ones(4)), ValueError, "shape (3,)"),
    (lambda x: ag.diagonal_scatter(x, ag.ones(3), 0, 1, -1), ValueError, "different dims"),
    (lambda x: ag.tensor_split(x, 0), ValueError, "positive"),
    (lambda x: ag.tensor_split(x, ag.tensor([[1]])), TypeError, "1-D"),
    (lambda x: ag.hsplit(x, 3), ValueError, "equal sections"),
    (lambda x: ag.vsplit(x[0], 2), ValueError, "at least 2"),
    (lambda x: ag.dsplit(x, 2), ValueError, "at least 3"),
    (lambda x: x.unflatten(1, (3, -1)), ValueError, "multiply"),
    (lambda x: x.unflatten(1, (-1, -1)), ValueError, "at most one -1"),
    (lambda x: x.unfold(1, 5, 1), ValueError, "size <= 4"),
    (lambda x: x.unfold(1, 2, 0), ValueError, "step > 0"),
    (lambda x: x.sum_to_size(2, 4), ValueError, "does not broadcast"),
    (lambda x: x.renorm(0, 0, 1.0), ValueError, "positive"),
    (lambda x: x.renorm(2, 0, -1.0), ValueError, "maxnorm"),
    (lambda x: ag.arange(3).renorm(2, 0, 1.0), TypeError, "floating"),
    (lambda x: ag.vdot(x[0], x[1, :3]), ValueError, "one length"),
    (lambda x: ag.vdot(x[0], x[1].double()), ValueError, "dtype"),
    (lambda x: ag.addr(x, x[0], x[1]), ValueError, "does not broadcast"),
    (lambda x: ag.addr(x, x, x[1]), ValueError, "1-D"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call(ag.tensor(X.astype(np.float32)))


# -- statistics and comparisons ------------------------------------------------------
def test_cov_with_weights_and_corrcoef_match_torch():
    torch = _torch()
    fw = np.array([1, 2, 0, 3])
    compare(lambda a, aw: ag.cov(a, correction=2, fweights=ag.tensor(fw), aweights=aw),
            lambda a, aw: torch.cov(a, correction=2, fweights=torch.tensor(fw), aweights=aw),
            [X, RNG.uniform(0.5, 2, 4)])
    compare(ag.corrcoef, torch.corrcoef, [X])
    compare(ag.corrcoef, torch.corrcoef, [X[0]])
    assert ag.cov(ag.tensor([[1, 2, 4], [3, 1, 0]])).dtype == np.float32  # integers give the default float


def test_cov_without_degrees_of_freedom_warns_and_gives_nan():
    with pytest.warns(UserWarning, match="degrees of freedom"):
        c = ag.cov(ag.ones(2, 1))
    assert np.isnan(c.numpy()).all()


def test_trapezoid_matches_torch():
    torch = _torch()
    y, x = RNG.standard_normal((3, 5)), np.sort(RNG.standard_normal(5))
    compare(lambda y, x: ag.trapezoid(y, x), lambda y, x: torch.trapezoid(y, x), [y, x])
    compare(lambda y: ag.cumulative_trapezoid(y, dx=2.0, dim=0), lambda y: torch.cumulative_trapezoid(y, dx=2.0, dim=0),
            [y])
    for ours, theirs in [(ag.trapezoid(ag.tensor([1, 2, 4])), torch.trapezoid(torch.tensor([1, 2, 4]))),
                         (ag.trapezoid(ag.tensor([1.0])), torch.trapezoid(torch.tensor([1.0]))),
                         (ag.cumulative_trapezoid(ag.tensor([[1, 2, 4]])), torch.cumulative_trapezoid(
                             torch.tensor([[1, 2, 4]])))]:
        assert ours.dtype == np.float32 and ours.shape == tuple(theirs.shape)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy())


def test_histograms_and_bincount_match_torch():
    torch = _torch()
    data = np.concatenate([RNG.standard_normal(50), [3.0, -1.0]]).astype(np.float32)
    t, x = torch.tensor(data), ag.tensor(data)
    for kw in [{}, {"bins": 7, "min": -1, "max": 3}, {"bins": 4, "min": 0.5, "max": 0.5}]:
        ours, theirs = ag.histc(x, **kw), torch.histc(t, **kw)
        assert ours.dtype == np.float32 and not ours.requires_grad
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    np.testing.assert_array_equal(ag.histc(ag.tensor([2.0, 2.0]), 4).numpy(), [0, 0, 2, 0])
    w = RNG.uniform(0, 1, data.shape).astype(np.float32)
    for bins, kw in [(5, {}), (3, {"range": (-1.0, 1.0)}), (np.array([-2.0, 0.0, 0.5, 3.0], np.float32),
                                                             {"density": True})]:
        hist, edges = x.histogram(ag.tensor(bins) if isinstance(bins, np.ndarray) else bins, weight=ag.tensor(w), **kw)
        th = torch.histogram(t, torch.tensor(bins) if isinstance(bins, np.ndarray) else bins, weight=torch.tensor(w),
                             **kw)
        np.testing.assert_allclose(hist.numpy(), th.hist.numpy(), rtol=1e-5)
        np.testing.assert_allclose(edges.numpy(), th.bin_edges.numpy(), rtol=1e-6)
    i = np.array([1, 3, 1, 0])
    for kw in [{}, {"minlength": 6}, {"weights": np.array([1.0, 2, 3, 4], np.float32)},
               {"weights": np.array([1, 2, 3, 4])}]:
        ours = ag.bincount(ag.tensor(i), **{k: ag.tensor(v) if k == "weights" else v for k, v in kw.items()})
        theirs = torch.bincount(torch.tensor(i), **{k: torch.tensor(v) if k == "weights" else v for k, v in kw.items()})
        assert ours.dtype == np.dtype(str(theirs.dtype).replace("torch.", ""))
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_comparisons_match_torch():
    torch = _torch()
    a = np.array([1.0, np.nan, np.inf, -np.inf, 2.0, 1e-9])
    b = np.array([1.0 + 1e-6, np.nan, np.inf, np.inf, 2.1, 0.0])
    for kw in [{}, {"equal_nan": True}, {"rtol": 0.1, "atol": 0.0}]:
        np.testing.assert_array_equal(ag.isclose(ag.tensor(a), ag.tensor(b), **kw).numpy(),
                                      torch.isclose(torch.tensor(a), torch.tensor(b), **kw).numpy())
        assert ag.tensor(a).allclose(ag.tensor(b), **kw) == torch.allclose(torch.tensor(a), torch.tensor(b), **kw)
    e, s = np.array([[1, 2], [3, 4]]), np.array([2, 4, 9])
    for kw in [{}, {"invert": True}, {"assume_unique": True}]:
        np.testing.assert_array_equal(ag.isin(ag.tensor(e), ag.tensor(s), **kw).numpy(),
                                      torch.isin(torch.tensor(e), torch.tensor(s), **kw).numpy())
    assert ag.isin(ag.tensor(e), 3).tolist() == [[False, False], [True, False]]
    assert ag.isin(2, ag.tensor(s)).item() is True
    assert ag.equal(ag.tensor([1, 2]), ag.tensor([1.0, 2.0])) and ag.tensor([1, 2]).equal(ag.tensor([1, 2]))
    assert not ag.equal(ag.tensor([1, 2]), ag.tensor([[1, 2]])) and not ag.equal(ag.tensor([1, 2]), ag.tensor([1, 3]))


@pytest.mark.parametrize("call, error, words", [
    (lambda: ag.cov(ag.ones(2, 2, 2)), ValueError, "1-D or 2-D"),
    (lambda: ag.cov(ag.ones(2, 3), fweights=ag.tensor([1.0, 2.0, 1.0])), TypeError, "integer"),
    (lambda: ag.cov(ag.ones(2, 3), aweights=ag.tensor([1, 2, 1])), TypeError, "floating"),
    (lambda: ag.cov(ag.ones(2, 3), fweights=ag.tensor([1, -2, 1])), ValueError, "negative"),
    (lambda: ag.cov(ag.ones(2, 3), aweights=ag.tensor([1.0, 2.0])), ValueError, "3 observations"),
    (lambda: ag.trapezoid(ag.tensor(1.0)), IndexError, "0-d"),
    (lambda: ag.trapezoid(ag.ones(3), ag.ones(2)), ValueError, "2 values"),
    (lambda: ag.trapezoid(ag.ones(3), ag.ones(3), dx=1.0), TypeError, "not both"),
    (lambda: ag.histc(ag.tensor([1, 2])), TypeError, "floating"),
    (lambda: ag.histc(ag.ones(3), 4, min=3, max=1), ValueError, "larger than min"),
    (lambda: ag.histogram(ag.ones(3), ag.ones(2, 2)), ValueError, "1-D"),
    (lambda: ag.histogram(ag.ones(3), 2, weight=ag.ones(2)), ValueError, "weight"),
    (lambda: ag.bincount(ag.tensor([-1, 2])), ValueError, "non-negative"),
    (lambda: ag.bincount(ag.tensor([1.0])), ValueError, "integers"),
    (lambda: ag.bincount(ag.tensor([1, 2]), ag.ones(3)), ValueError, "weights"),
    (lambda: ag.isclose(ag.tensor([1, 2]), ag.tensor([1.0, 2.0])), TypeError, "dtype"),
    (lambda: ag.isclose(ag.ones(2), ag.ones(3)), ValueError, "broadcast"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_statistics_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


# -- elementwise math ----------------------------------------------------------------
A, B = RNG.standard_normal((3, 4)), RNG.standard_normal(4)


@pytest.mark.parametrize("name, arrays, diff", [
    ("float_power", [np.abs(A) + 0.5, B], None), ("ldexp", [A, B], None), ("copysign", [A, B], [0]),
    ("fmax", [np.where(A > 1, np.nan, A), np.where(B > 0.5, np.nan, B)], None),
    ("fmin", [np.where(A > 1, np.nan, A), np.where(B > 0.5, np.nan, B)], None), ("logaddexp2", [A, B], None),
], ids=lambda v: v if isinstance(v, str) else "")
def test_binary_math_matches_torch(name, arrays, diff):
    torch = _torch()
    compare(getattr(ag, name), getattr(torch, name), arrays, diff=diff)


def test_unary_math_matches_torch():
    torch = _torch()
    compare(ag.exp2, torch.exp2, [A])
    compare(lambda a: ag.mvlgamma(a, 4), lambda a: torch.mvlgamma(a, 4), [np.abs(A) + 1.6])


def test_math_dtypes_follow_torch():
    torch = _torch()
    for ours, theirs in [(ag.float_power(ag.ones(2), 2), torch.float_power(torch.ones(2), 2)),
                         (ag.float_power(2, ag.ones(2, dtype=ag.int64)), torch.float_power(2, torch.ones(2).long())),
                         (ag.exp2(ag.tensor([1, 2])), torch.exp2(torch.tensor([1, 2]))),
                         (ag.ldexp(ag.tensor([1, 2]), ag.tensor([1, 3])), torch.ldexp(torch.tensor([1, 2]),
                                                                                   torch.tensor([1, 3]))),
                         (ag.copysign(ag.tensor([1, 2]), -1), torch.copysign(torch.tensor([1, 2]), -1)),
                         (ag.mvlgamma(ag.tensor([2, 3]), 2), torch.mvlgamma(torch.tensor([2, 3]), 2)),
                         (ag.frexp(ag.tensor([8.0, -0.3]))[1], torch.frexp(torch.tensor([8.0, -0.3]))[1])]:
        assert ours.dtype == np.dtype(str(theirs.dtype).replace("torch.", ""))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
    np.testing.assert_array_equal(ag.copysign(ag.tensor([0.0, 1.0]), ag.tensor([-0.0, -np.inf])).numpy(),
                                  [-0.0, -1.0])


def test_integer_and_bit_ops_match_torch():
    torch = _torch()
    i, j = np.array([-4, 6, 0, 9, 12]), np.array([6, -9, 5, 3, 2])
    for name in ("gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                 "bitwise_right_shift"):
        k = np.abs(j) if "shift" in name else j
        ours, theirs = getattr(ag.tensor(i), name)(ag.tensor(k)), getattr(torch, name)(torch.tensor(i), torch.tensor(k))
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy(), err_msg=name)
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "logical_or", "logical_xor"):
        p, q = np.array([True, True, False, False]), np.array([True, False, True, False])
        np.testing.assert_array_equal(getattr(ag.tensor(p), name)(ag.tensor(q)).numpy(),
                                      getattr(torch, name)(torch.tensor(p), torch.tensor(q)).numpy())
    u = np.array([0, 1, 254], np.uint8)
    np.testing.assert_array_equal(ag.tensor(u).bitwise_not().numpy(), torch.tensor(u).bitwise_not().numpy())
    assert ag.bitwise_xor(ag.tensor([5]), 3).tolist() == [6]


def test_float_tests_and_nextafter_match_torch():
    torch = _torch()
    x = np.array([-np.inf, -1.0, 0.0, np.inf, np.nan], np.float32)
    for name in ("isneginf", "isposinf", "isreal"):
        np.testing.assert_array_equal(getattr(ag.tensor(x), name)().numpy(), getattr(torch, name)(torch.tensor(x)))
    y = np.array([1.0, 0.0, -1.0], np.float32)
    np.testing.assert_array_equal(ag.nextafter(ag.tensor(y), ag.tensor(-y)).numpy(),
                                  torch.nextafter(torch.tensor(y), torch.tensor(-y)).numpy())
    m, e = ag.frexp(ag.tensor(x[1:3]))
    np.testing.assert_array_equal((m * ag.exp2(e.float())).numpy(), x[1:3])


@pytest.mark.parametrize("call, error, words", [
    (lambda: ag.gcd(ag.ones(2), ag.ones(2)), TypeError, "integer tensors"),
    (lambda: ag.bitwise_and(ag.ones(2), ag.ones(2)), TypeError, "integer or bool"),
    (lambda: ag.bitwise_left_shift(ag.tensor([True]), ag.tensor([True])), TypeError, "integer tensors"),
    (lambda: ag.bitwise_not(ag.ones(2)), TypeError, "integer or bool"),
    (lambda: ag.nextafter(ag.ones(2), ag.ones(2, dtype=ag.float64)), TypeError, "one dtype"),
    (lambda: ag.frexp(ag.tensor([1, 2])), TypeError, "floating"),
    (lambda: ag.mvlgamma(ag.ones(2), 0), ValueError, "positive int"),
    (lambda: ag.fmax(ag.ones(2), ag.ones(3)), ValueError, "broadcast"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_math_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_inplace_scatter_reports_the_ops_own_error():
    # the op's own dtype error, not the in-place wrapper's "can't be written into the tensor's dtype"
    x = ag.zeros(3, 2)
    with pytest.raises(TypeError, match="index_copy: source has dtype float64"):
        x.index_copy_(0, ag.tensor([0, 2]), ag.ones(2, 2, dtype=ag.float64))
