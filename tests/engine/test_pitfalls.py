"""The pitfalls users of micrograd/DeZero-style engines keep reporting."""
import numpy as np
import pytest

import autograd_core as ag


def _grad(f, value):
    x = ag.tensor(np.asarray(value, dtype=np.float64), requires_grad=True)
    f(x).sum().backward()
    return x.grad.numpy()


def test_norm_sqrt_abs_at_zero_give_no_nan():
    assert np.array_equal(_grad(lambda x: x.norm(), [0.0, 0.0]), [0.0, 0.0])
    np.testing.assert_allclose(_grad(lambda x: ag.norm(x, dim=1), [[0.0, 0.0], [3.0, 4.0]]),
                               [[0.0, 0.0], [0.6, 0.8]], rtol=1e-15)
    assert np.array_equal(_grad(lambda x: x.abs(), [0.0, -2.0]), [0.0, -1.0])
    with np.errstate(divide="ignore"):
        g = _grad(lambda x: x.sqrt(), [0.0, 4.0])
    assert not np.isnan(g).any() and g[1] == 0.25  # d sqrt at 0 is +inf, never NaN
    assert np.array_equal(_grad(lambda x: x.std(), [1.0, 1.0, 1.0]), [0.0, 0.0, 0.0])


def test_where_with_an_inactive_branch_gives_zero_not_nan():
    values = [-1.0, 0.0, 4.0]
    with np.errstate(all="ignore"):
        g = _grad(lambda x: ag.where(x > 0, ag.sqrt(x), 0.0), values)
        np.testing.assert_array_equal(g, [0.0, 0.0, 0.25])
        g = _grad(lambda x: ag.where(x > 0, ag.log(x), x), values)
        np.testing.assert_array_equal(g, [1.0, 1.0, 0.25])
        g = _grad(lambda x: ag.where(x != 0, 1.0 / x, 0.0), values)
        np.testing.assert_array_equal(g, [-1.0, 0.0, -1 / 16])


def test_inplace_on_a_leaf_that_requires_grad_is_refused():
    x = ag.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf tensor that requires grad.*no_grad"):
        x += 1
    with pytest.raises(RuntimeError, match="setitem"):
        x[0] = 5.0
    with ag.no_grad():
        x += 1
        x[0] = 5.0
    assert x.tolist() == [5.0, 2.0, 2.0]


def test_inplace_under_no_grad_on_a_saved_tensor_is_caught_at_backward():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    w = ag.tensor([3.0, 4.0])
    y = x * w  # saves w
    w += 1  # w does not require grad: changed in place
    with pytest.raises(RuntimeError, match=r"MulBackward: input 1.*modified by an in-place"):
        y.sum().backward()
    t = x.tanh()  # saves its output
    with ag.no_grad():
        t.mul_(2)
    with pytest.raises(RuntimeError, match="TanhBackward: output 0"):
        t.sum().backward()


def test_inplace_on_a_non_leaf_is_recorded_correctly():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = x * 2
    y = h * h  # saves h's current values
    h += 1  # recorded out of place: y's saved values are untouched
    h[1] = 0.0
    (y.sum() + (h * 3).sum()).backward()
    # d/dx [ (2x)^2 + 3*(2x+1 with index 1 zeroed) ] = 8x + 6 (except index 1: 8x)
    np.testing.assert_allclose(x.grad.numpy(), [8 + 6, 16, 24 + 6])
    v = ag.tensor([5.0], requires_grad=True)
    z = ag.zeros(3)
    z[1:2] = v * 2  # a constant tensor taking a value that requires grad
    assert z.requires_grad
    z.sum().backward()
    assert v.grad.tolist() == [2.0]


def test_detached_alias_shares_the_version_counter():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()  # saves its output
    a = x.tanh()
    b = a * a  # saves a
    a.detach().add_(1)  # changes a's array through an alias
    with pytest.raises(RuntimeError, match="modified by an in-place"):
        b.sum().backward()
    y.sum().backward()


def _change_base_of_saved_view(a):
    b = a * 1
    v = b.reshape(2, 3)[0]  # a view of a view of a graph tensor, saved by the Mul below
    y = (v * v).sum()
    with ag.no_grad():
        b[5] = 100.0  # outside v's elements: PyTorch's counter is per base, so it still refuses
    return y


def _change_view_of_saved_base(a):
    b = a * 1
    y = (b * b).sum()
    with ag.no_grad():
        b[:2].mul_(2.0)
    return y


def _change_leaf_of_saved_view(a):
    y = (a.reshape(2, 3) ** 2).sum()
    with ag.no_grad():
        a.mul_(2.0)
    return y


@pytest.mark.parametrize("change", [_change_base_of_saved_view, _change_view_of_saved_base,
                                    _change_leaf_of_saved_view])
def test_views_share_the_version_counter_of_the_tensor_they_view(change):
    a = ag.tensor(np.arange(6.0), requires_grad=True)
    y = change(a)
    with pytest.raises(RuntimeError, match="modified by an in-place"):
        y.backward()


def _change_chunk_of_saved_base(a):
    b = a * 1
    y = (b * b).sum()
    with ag.no_grad():
        b.chunk(2)[0].mul_(10.0)  # split and chunk pieces are views too
    return y


def test_a_chunk_changed_in_place_is_seen_by_a_backward_that_saved_its_base():
    y = _change_chunk_of_saved_base(ag.tensor(np.arange(6.0), requires_grad=True))
    with pytest.raises(RuntimeError, match="modified by an in-place"):
        y.backward()


def test_an_element_of_a_1d_tensor_is_a_view_of_it():
    b = ag.tensor([1.0, 2.0, 3.0])
    b[0].add_(10.0)
    for x in b:
        x.mul_(2.0)
    np.testing.assert_array_equal(b.numpy(), [22.0, 4.0, 6.0])


def test_in_place_on_a_reshape_that_had_to_copy_is_allowed():
    a = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    c = (a * 1).T.reshape(6)  # not a view: NumPy copied
    c += 1
    c.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), np.ones((2, 3)))


def test_a_long_chain_of_views_shares_one_counter_without_recursion():
    a = ag.tensor(np.arange(6.0), requires_grad=True)
    x = a * 1
    for i in range(3000):  # deeper than Python's recursion limit
        x = x.reshape(2, 3) if i % 2 == 0 else x.reshape(6)
    y = (x * x).sum()
    with ag.no_grad():
        x.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an in-place"):
        y.backward()


def test_pickling_a_view_does_not_pickle_the_tensor_it_views():
    import pickle
    big = ag.zeros(1000, 1000)
    row = big[0]
    assert len(pickle.dumps(row)) < 10_000
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(row)).numpy(), np.zeros(1000))


def test_a_change_to_a_base_that_no_backward_saved_is_allowed():
    a = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = a * 1
    y = (b[:2] * 3).sum()  # Mul saves only the constant 3
    with ag.no_grad():
        b.add_(1.0)
    y.backward()
    np.testing.assert_array_equal(a.grad.numpy(), [3.0, 3.0, 0.0])


def test_anomaly_mode_names_the_op():
    """As torch: NaN in a forward is no error; NaN (not Inf) returned by a backward is, naming its Function."""
    x = ag.tensor([-1.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"), ag.detect_anomaly():
        with np.errstate(all="ignore"):
            ag.log(x)
        y = ag.sqrt(x * 0.0)  # sqrt's backward gives Inf (allowed), then x * 0.0's gives Inf * 0 = NaN
        with np.errstate(all="ignore"), pytest.raises(RuntimeError, match="Function 'MulScalarBackward0' returned nan"):
            y.sum().backward()


def test_error_messages_name_op_and_shapes():
    with pytest.raises(ValueError, match=r"matmul: \(3, 4\) @ \(5, 2\): inner dimensions 4 and 5 differ"):
        ag.ones(3, 4) @ ag.ones(5, 2)
    with pytest.raises(ValueError, match=r"add: shapes \(3,\) and \(4,\) can't be broadcast"):
        ag.ones(3) + ag.ones(4)
    with pytest.raises(ValueError, match=r"reshape: can't reshape a tensor of shape \(2, 3\)"):
        ag.ones(2, 3).reshape(4, 2)
    with pytest.raises(IndexError, match="sum: dimension 5 is out of range"):
        ag.ones(2).sum(5)
    with pytest.raises(ValueError, match="cat: tensor 1 has shape"):
        ag.cat([ag.ones(2, 3), ag.ones(2, 4)], dim=0)


@pytest.mark.parametrize("source", [(), (1,), (2, 1)])
def test_broadcast_to_refuses_negative_sizes(source):
    # NumPy's ndarray constructor would read -1 as 1 for a zero stride: the result must not be a silent (1,)
    for x in (ag.ones(*source), np.ones(source)):
        with pytest.raises(ValueError, match=r"broadcast_to: negative size in shape"):
            ag.broadcast_to(x, (2, -1) if source == (2, 1) else (-1,))
    assert ag.ones(*source).expand(*[-1] * len(source)).shape == source  # expand's -1 keeps a size


class _Round(ag.Function):  # an integer output of a recorded op: it "requires grad" but is not differentiable
    def forward(self, x):
        return np.round(x).astype(np.int32)

    def backward(self, gy):
        return gy.astype(np.float64)


def test_full_sum_of_integers_and_bools_is_an_int64_constant():
    rounded = _Round.apply(ag.tensor([1.2, 2.7], requires_grad=True))
    for x in (ag.tensor([1, 2, 3], dtype="int32"), ag.tensor([True, False, True]), rounded):
        for y in (ag.sum(x), x.sum(0)):
            assert y.dtype == np.int64 and not y.requires_grad and y.grad_fn is None
            assert y.item() == np.asarray(x._data).sum()


def test_matmul_backward_stays_recorded_when_a_hook_returns_an_array():
    x = ag.tensor(np.ones((2, 3)), requires_grad=True)
    w = ag.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    y = x @ w
    y.register_hook(lambda g: g.detach().numpy())  # a raw array comes back into a create_graph walk
    gx, = ag.grad((y * y).sum(), x, create_graph=True)
    assert gx.requires_grad
    gw, = ag.grad(gx.sum(), w)
    # the hook made gy = 2 x w a constant, so gx = gy w^T and d(sum gx)/dw[k, j] = sum_i gy[i, j] for every k
    gy = 2 * (x.detach().numpy() @ w.detach().numpy())
    assert np.allclose(gw.numpy(), np.tile(gy.sum(0), (3, 1)))


def test_max_min_ties_split_as_pytorch_documents():
    x = ag.tensor(np.array([2.0, 2.0, 2.0, 2.0]), requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.25] * 4)  # max(): evenly distributed
    x.grad = None
    values, indices = x.max(dim=0)
    values.backward()
    assert x.grad.numpy().sum() == 1.0 and x.grad.numpy()[indices.item()] == 1.0  # max(dim): one index
    a = ag.tensor([1.0, 3.0], requires_grad=True)
    b = ag.tensor([1.0, 2.0], requires_grad=True)
    ag.maximum(a, b).sum().backward()
    assert a.grad.tolist() == [0.5, 1.0] and b.grad.tolist() == [0.5, 0.0]


def test_repeated_indices_accumulate():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 1.0]


def test_augmented_assignment_to_an_element_of_a_graph_tensor_goes_through_to_it():
    a = ag.ones(3, requires_grad=True)
    h = a * 2
    h[0] += 1  # getitem, then += on that view, then setitem: PyTorch rebases h
    v = h[1]
    v.mul_(3)  # an in-place op on a view of h changes h
    total = h[0]
    total += h[2]  # total is a view too: h[0] changes with it (the values and gradient are PyTorch's)
    np.testing.assert_array_equal(h.detach().numpy(), [5.0, 6.0, 2.0])
    assert total.item() == 5.0
    (h.sum() + total).backward()
    np.testing.assert_array_equal(a.grad.numpy(), [4.0, 6.0, 6.0])


def test_pickle_keeps_a_leaf_and_deepcopy_refuses_a_non_leaf_as_pytorch():
    import copy
    import pickle
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = pickle.loads(pickle.dumps(y))
    assert z.requires_grad and z.grad_fn is None and z.tolist() == [2.0, 4.0]  # the graph is not pickled
    with pytest.raises(RuntimeError, match="deepcopy: only leaf tensors"):
        copy.deepcopy(y)
    y.sum().backward()
    x.name = "x"
    c = copy.deepcopy(x)
    assert c.requires_grad and c.is_leaf and c.name == "x" and c.grad.tolist() == [2.0, 2.0]
    c._data[0] = 9.0
    c.grad._data[0] = 9.0
    assert x.tolist() == [1.0, 2.0] and x.grad.tolist() == [2.0, 2.0]  # independent memory
    from autograd_core.nn import Parameter
    p = Parameter(ag.ones(2))
    pair = copy.deepcopy([p, p])
    assert type(pair[0]) is Parameter and pair[0] is pair[1] and pair[0] is not p
