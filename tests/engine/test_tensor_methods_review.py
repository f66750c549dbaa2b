"""Review fixes of the Tensor methods of inplace.py, random_fill.py and tensor_extras.py, against PyTorch."""
import re
import warnings

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import dtypes, methods, ops, storage, tensor_extras
from autograd_core.ops import aliases, inplace, random_fill


def test_each_tensor_method_is_bound_from_one_table_only():
    tables = [set(methods._method_names()), set(inplace.inplace_methods()), set(aliases.TENSOR_METHODS),
              set(dtypes.TENSOR_METHODS), set(storage.TENSOR_METHODS), set(random_fill.TENSOR_METHODS),
              set(tensor_extras.TENSOR_METHODS)]
    for i, table in enumerate(tables):
        for other in tables[i + 1:]:
            assert not table & other, sorted(table & other)
    assert ag.Tensor.geqrf is ops.geqrf and ag.Tensor.orgqr is ops.orgqr and ag.Tensor.ormqr is ops.ormqr


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _untracked_view_change(lib, name, args, x, w):
    """``x * 2`` changed by view op ``name`` under no_grad, then used in a graph; x's gradient."""
    x = lib.tensor(x, requires_grad=True)
    h = x * 2
    with lib.no_grad():
        getattr(h, name)(*args)
    (h * lib.tensor(w)).sum().backward()
    return x.grad.numpy()


@pytest.mark.parametrize("name, args, shape, new_shape", [
    ("unsqueeze_", (0,), (3, 4), (1, 3, 4)), ("t_", (), (3, 3), (3, 3)), ("transpose_", (0, 1), (1, 3), (3, 1)),
    ("squeeze_", (), (3, 1, 4), (3, 4)), ("t_", (), (3, 4), (4, 3))])
def test_a_view_op_in_place_under_no_grad_feeds_the_graph_as_pytorch(torch, name, args, shape, new_shape):
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=shape), rng.normal(size=new_shape)
    try:
        expected = _untracked_view_change(torch, name, args, x, w)
    except RuntimeError:
        with pytest.raises(RuntimeError, match=rf"{name}: the tensor's shape changed from {re.escape(str(shape))} .* under no_grad"):
            _untracked_view_change(ag, name, args, x, w)
        return
    ours = _untracked_view_change(ag, name, args, x, w)
    assert ours.shape == shape
    np.testing.assert_allclose(ours, expected)


@pytest.mark.parametrize("name, kwargs", [("transpose_", {"dim0": 0, "dim1": 2}), ("swapdims_", {"dim0": 0, "dim1": 2}),
                                          ("swapaxes_", {"axis0": 0, "axis1": 2}), ("squeeze_", {"dim": 1}),
                                          ("unsqueeze_", {"dim": -1})])
def test_view_ops_in_place_take_pytorchs_keyword_arguments(torch, name, kwargs):
    ours, theirs = ag.zeros(2, 1, 4), torch.zeros(2, 1, 4)
    assert getattr(ours, name)(**kwargs) is ours
    assert ours.shape == tuple(getattr(theirs, name)(**kwargs).shape)


def _random_(lib, dtype, args):
    """``empty(3000).random_(*args)`` in ``dtype``, and whether it warned; or the RuntimeError it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            x = lib.empty(3000, dtype=getattr(lib, dtype)).random_(*args)
        except RuntimeError as e:
            return e, False
    return x, any(issubclass(w.category, UserWarning) for w in caught)


@pytest.mark.parametrize("dtype, args", [("float16", (0, 65505)), ("float16", (0, 65506)), ("float16", (-65505, 0)),
                                         ("float16", (2 ** 24 + 2,)), ("float32", (0, 2 ** 25)), ("float16", (0, 4096)),
                                         ("float16", (0, 2049)), ("float64", (-2 ** 53, 0))])
def test_random_bounds_of_a_float_dtype_as_pytorch(torch, dtype, args):
    theirs, warned = _random_(torch, dtype, args)
    ours, we_warned = _random_(ag, dtype, args)
    assert we_warned == warned
    if isinstance(theirs, RuntimeError):
        assert isinstance(ours, RuntimeError) and f"is out of bounds for dtype {dtype}" in str(ours)
        return
    low, high = np.array((0, args[0] - 1) if len(args) == 1 else (args[0], args[1] - 1)).astype(dtype)  # rounded
    assert np.isfinite(ours.numpy()).all() and low <= ours.min().item() and ours.max().item() <= high


def test_resize_to_its_own_shape_leaves_a_tensor_as_it_is(torch):
    x, t = ag.arange(12.0).reshape(3, 4).t(), torch.arange(12.0).reshape(3, 4).t()
    stamp = x._version
    assert x.resize_(4, 3) is x and x.tolist() == t.resize_(4, 3).tolist() and x.stride() == t.stride()
    assert x._version == stamp and t._version == 0
    assert x.resize_(3, 4).tolist() == t.resize_(3, 4).tolist() and x.stride() == t.stride() == (4, 1)


def test_bernoulli_with_probabilities_that_require_grad_joins_the_graph_with_gradient_zero(torch):
    results = []
    for lib in (ag, torch):
        p, x = lib.full((3,), 0.5, dtype=lib.float64, requires_grad=True), lib.zeros(3, dtype=lib.float64)
        assert x.bernoulli_(p) is x and x.requires_grad and not x.is_leaf
        x.sum().backward()
        results.append(p.grad.tolist())
    assert results[0] == results[1] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("call", [lambda lib, x, o: x.bernoulli_(o), lambda lib, x, o: x.map_(o, lambda a, b: a),
                                  lambda lib, x, o: x.map2_(x, o, lambda a, b, c: a)])
@pytest.mark.parametrize("shape", [(2,), (1, 3), (3, 2)])
def test_a_tensor_that_does_not_broadcast_onto_the_one_filled_is_refused_naming_the_op(torch, call, shape):
    with pytest.raises(RuntimeError):
        call(torch, torch.zeros(3, dtype=torch.float64), torch.full(shape, 0.5, dtype=torch.float64))
    with pytest.raises(RuntimeError, match=r"(bernoulli_|map_|map2_): .*\(3,\)"):
        call(ag, ag.zeros(3, dtype=ag.float64), ag.full(shape, 0.5, dtype=ag.float64))
