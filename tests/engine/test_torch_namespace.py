"""PyTorch's top-level functions served by ``autograd_core`` (torch.max_pool1d, torch.kl_div with an int
reduction, torch.relu_, torch.native_dropout ...), against torch."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)
X1, X2, X3 = rng.standard_normal((2, 3, 8)), rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((1, 2, 4, 4, 4))
Y, T, S = rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4)), np.array([1.0, -1.0, 1.0, -1.0])


def both(name, *args, **kwargs):
    """``name(input, *args, **kwargs)`` in ours and in torch's namespace, for ``compare``."""
    return (lambda *xs: getattr(ag, name)(*xs, *args, **kwargs),
            lambda *xs: getattr(torch, name)(*xs, *args, **kwargs))


@pytest.mark.parametrize("name,x,args", [
    ("max_pool1d", X1, (3, 2, 1)), ("max_pool2d", X2, (2,)), ("max_pool3d", X3, (2, 1)), ("avg_pool1d", X1, (3,)),
    ("adaptive_avg_pool1d", X1, (3,)), ("constant_pad_nd", Y, ([1, -1, 2, 0], 1.5)),
])
def test_pooling_and_padding_match_torch(name, x, args):
    compare(*both(name, *args), [x])


@pytest.mark.parametrize("name", ["max_pool1d_with_indices", "adaptive_max_pool1d"])
def test_pools_with_indices_match_torch(name):
    compare(*(lambda x, f=f: f(x, 3)[0] for f in (getattr(ag, name), getattr(torch, name))), [X1])
    ours, theirs = getattr(ag, name)(ag.tensor(X1), 3)[1], getattr(torch, name)(torch.tensor(X1), 3)[1]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("name,inputs,args,diff", [
    ("binary_cross_entropy_with_logits", (Y, T), (None, None), None),
    ("cosine_embedding_loss", (Y, T, S[:3]), (0.1,), [0, 1]),
    ("hinge_embedding_loss", (Y, np.sign(T - 0.5)), (1.0,), [0]),
    ("kl_div", (Y, T), (), None),
    ("margin_ranking_loss", (Y[0], T[0], S), (0.2,), [0, 1]),
    ("poisson_nll_loss", (Y, 3 * T), (True, True, 1e-8), None),
    ("triplet_margin_loss", (Y, T, 0.3 * Y), (1.0, 2.0, 1e-6, True), None),
])
def test_losses_take_an_int_reduction_as_torch(name, inputs, args, diff, reduction):
    compare(*both(name, *args, reduction), list(inputs), diff=diff)


@pytest.mark.parametrize("name,inputs", [
    ("binary_cross_entropy_with_logits", (Y, T)), ("cosine_embedding_loss", (Y, T, S[:3])),
    ("hinge_embedding_loss", (Y, np.sign(T - 0.5))), ("kl_div", (Y, T)), ("margin_ranking_loss", (Y[0], T[0], S)),
    ("triplet_margin_loss", (Y, T, 0.3 * Y)),
])
def test_losses_left_at_the_default_reduction_are_not_reduced_as_torch(name, inputs):
    # torch's Python binding reads the schema's default 'Mean' as the int 0, so torch.kl_div(x, y) is elementwise
    compare(*both(name), list(inputs))


def test_ctc_loss_at_the_default_reduction_is_per_sample_as_torch():
    logits, targets = rng.standard_normal((6, 2, 5)), np.array([[1, 2], [3, 1]])
    compare(lambda x, t: ag.ctc_loss(x.log_softmax(2), t, [6, 5], [2, 1]),
            lambda x, t: torch.ctc_loss(x.log_softmax(2), t, [6, 5], [2, 1]), [logits, targets])


def test_kl_div_log_target_and_ctc_loss_match_torch():
    compare(*both("kl_div", 2, log_target=True), [Y, 0.5 * Y])
    logits, targets = rng.standard_normal((6, 2, 5)), np.array([[1, 2, 1], [3, 4, 0]])
    compare(lambda x, t: ag.ctc_loss(x.log_softmax(2), t, [6, 5], [3, 2], 0, 1, False),
            lambda x, t: torch.ctc_loss(x.log_softmax(2), t, [6, 5], [3, 2], 0, 1, False), [logits, targets])


def test_top_level_reduction_must_be_an_int():
    with pytest.raises(ValueError, match="kl_div: reduction must be the int"):
        ag.kl_div(ag.tensor(Y), ag.tensor(T), "mean")


@pytest.mark.parametrize("weight_shape,args", [
    ((4, 3, 3), ([2], [1], [1], False, [0], 1)), ((3, 4, 3), ([2], [1], [1], True, [1], 1)),
    ((3, 1, 3, 3), ([1, 1], [1, 1], [1, 1], False, [0, 0], 3)),
])
def test_convolution_matches_torch(weight_shape, args):
    x = X1 if len(weight_shape) == 3 else X2
    w, b = rng.standard_normal(weight_shape), rng.standard_normal(weight_shape[1] if args[3] else weight_shape[0])
    compare(lambda *a: ag.convolution(*a, *args), lambda *a: torch.convolution(*a, *args), [x, w, b])


def test_conv_tbc_matches_torch():
    compare(*both("conv_tbc", 1), [rng.standard_normal((5, 2, 3)), rng.standard_normal((3, 3, 4)),
                                   rng.standard_normal(4)])


def _values(ours, theirs):
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-10)


@pytest.mark.parametrize("name,args,params", [
    ("native_layer_norm", ([8],), 8), ("native_group_norm", (2, 3, 8, 3), 3),
    ("native_batch_norm", (None, None, True, 0.1), 3),
])
def test_native_norms_match_torch(name, args, params):
    w, b = rng.standard_normal(params), rng.standard_normal(params)
    if name == "native_layer_norm":
        call = lambda ns, x, w, b: getattr(ns, name)(x, *args, w, b, 1e-5)  # noqa: E731
    else:
        call = lambda ns, x, w, b: getattr(ns, name)(x, w, b, *args, 1e-5)  # noqa: E731
    _values(call(ag, *map(ag.tensor, (X1, w, b))), call(torch, *map(torch.tensor, (X1, w, b))))
    compare(lambda *a: call(ag, *a)[0], lambda *a: call(torch, *a)[0], [X1, w, b])


def test_native_batch_norm_eval_gives_empty_statistics_and_uses_running_ones():
    mean, var = rng.standard_normal(3), rng.uniform(1, 2, 3)
    ours = ag.native_batch_norm(ag.tensor(X1), None, None, ag.tensor(mean), ag.tensor(var), False, 0.1, 1e-5)
    theirs = torch.native_batch_norm(torch.tensor(X1), None, None, torch.tensor(mean), torch.tensor(var), False,
                                     0.1, 1e-5)
    assert [t.shape for t in ours] == [tuple(t.shape) for t in theirs]
    _values(ours[:1], theirs[:1])


def test_native_channel_shuffle_matches_torch():
    x = rng.standard_normal((2, 6, 2))
    _values([ag.native_channel_shuffle(ag.tensor(x), 3)], [torch.native_channel_shuffle(torch.tensor(x), 3)])


@pytest.mark.parametrize("name,args", [("relu_", ()), ("selu_", ()), ("celu_", (0.5,)), ("threshold_", (0.1, 2.0)),
                                       ("rrelu_", ())])
def test_inplace_activations_match_torch(name, args):
    ours, theirs = ag.tensor(X1.copy()), torch.tensor(X1.copy())
    assert getattr(ag, name)(ours, *args) is ours
    getattr(torch, name)(theirs, *args)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-12)


@pytest.mark.parametrize("name", ["dropout_", "alpha_dropout_", "feature_alpha_dropout_", "feature_dropout_"])
def test_inplace_dropouts_change_their_input(name):
    x = ag.ones(4, 5)
    assert getattr(ag, name)(x, 0.5, True) is x
    assert (x.numpy() != 1).any()
    y = ag.ones(4, 5)
    getattr(ag, name)(y, 0.5, False)
    assert (y.numpy() == 1).all()


def test_feature_dropout_drops_whole_channels():
    ag.manual_seed(0)
    y = ag.feature_dropout(ag.ones(8, 3, 5), 0.5, True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0} and (y == y[..., :1]).all()
    with pytest.raises(ValueError, match="at least 2 dims"):
        ag.feature_dropout(ag.ones(4), 0.5, True)


def test_native_dropout_returns_the_kept_mask():
    x = ag.tensor(rng.standard_normal((4, 5)), requires_grad=True)
    out, mask = ag.native_dropout(x, 0.25, None)
    assert mask.dtype == np.bool_
    np.testing.assert_allclose(out.detach().numpy(), x.detach().numpy() * mask.numpy() / 0.75)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), mask.numpy() / 0.75)
    out, mask = ag.native_dropout(x, 0.25, False)
    assert out is x and mask.numpy().all()
    assert not ag.native_dropout(x, 1.0, True)[1].numpy().any()


UNIT = rng.uniform(0.1, 0.9, (3, 4))
INPLACE_ARGS = {  # name: (input, args) where the unit interval and no arguments do not fit
    "acosh_": (1 + UNIT, ()), "arccosh_": (1 + UNIT, ()), "clamp_": (UNIT, (0.3, 0.6)), "clip_": (UNIT, (0.3, 0.6)),
    "clamp_min_": (UNIT, (0.5,)), "clamp_max_": (UNIT, (0.5,)), "fill_": (UNIT, (2.5,)), "logit_": (UNIT, (0.2,)),
    "addmv_": (UNIT[0], (rng.standard_normal((4, 3)), rng.standard_normal(3))),
    "gcd_": (np.array([12, 18, 7]), (np.array([8, 12, 5]),)), "lcm_": (np.array([4, 6, 7]), (np.array([6, 4, 3]),)),
    "ldexp_": (UNIT, (np.array([1, 2, 3, 4]),)), "xlogy_": (UNIT, (1 + UNIT,)),
    "index_put_": (UNIT, ((np.array([0, 2]),), np.array(7.0))), "resize_as_": (UNIT, (np.zeros((2, 6)),)),
}


def _on(namespace, value):
    if isinstance(value, tuple):
        return tuple(_on(namespace, v) for v in value)
    return namespace.tensor(value) if isinstance(value, np.ndarray) else value


@pytest.mark.parametrize("name", ag.ops.aliases.TOP_LEVEL_METHODS)
def test_top_level_inplace_forms_are_the_methods(name):
    x, args = INPLACE_ARGS.get(name, (UNIT, ()))
    ours, theirs = ag.tensor(x.copy()), torch.tensor(x.copy())
    out, expected = getattr(ag, name)(ours, *_on(ag, args)), getattr(torch, name)(theirs, *_on(torch, args))
    assert (out is ours) == (expected is theirs)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    with pytest.raises(TypeError, match=f"{name}: expected a Tensor"):
        getattr(ag, name)(x)


def test_fill_is_a_new_tensor_with_the_value_s_gradient():
    x, v = ag.ones(2, 3, requires_grad=True), ag.tensor(2.0, requires_grad=True)
    y = ag.fill(x, v)
    y.sum().backward()
    assert y.shape == (2, 3) and float(v.grad) == 6.0
    assert ag.fill(ag.arange(3), 2.5).tolist() == torch.fill(torch.arange(3), 2.5).tolist()
    with pytest.raises(ValueError, match="0-dim"):
        ag.fill(x, ag.ones(2))


def test_constants_and_dtype_names_are_torch_s():
    assert (ag.pi, ag.e, ag.inf) == (torch.pi, torch.e, torch.inf) and np.isnan(ag.nan) and ag.newaxis is None
    assert ag.tensor([1], dtype=ag.int).dtype == np.int32 and ag.short is ag.int16
    assert [ag.uint16, ag.uint32, ag.uint64] == [np.uint16, np.uint32, np.uint64]


def test_tensor_queries_match_torch():
    for ours, theirs in [(ag.tensor([1.5]), torch.tensor([1.5])), (ag.tensor([0]), torch.tensor([0]))]:
        assert ag.is_nonzero(ours) == torch.is_nonzero(theirs)
    for values in ([], [1, 2]):
        with pytest.raises(RuntimeError, match="is_nonzero: Boolean value of Tensor"):
            ag.is_nonzero(ag.tensor(values))
    for dtype in ("uint8", "bool", "int16", "float32"):
        assert ag.is_signed(ag.tensor([1], dtype=dtype)) == torch.is_signed(torch.tensor([1], dtype=getattr(torch, dtype)))
    assert ag.is_same_size(ag.ones(2, 3), ag.zeros(2, 3)) and not ag.is_same_size(ag.ones(2), ag.ones(3))
    x = ag.ones(2)
    assert ag.get_device(x) == -1 and not ag.is_inference(x) and not ag.is_conj(x) and not ag.is_neg(x)
    assert ag.resolve_conj(x) is x and ag.resolve_neg(x) is x and not ag.is_storage(x)
    with ag.inference_mode():
        assert ag.is_inference(ag.ones(2))
    assert [ag.typename(o) for o in (3, np.ones(2), len)] == [torch.typename(o) for o in (3, np.ones(2), len)]
    assert ag.typename(ag.ones(2)) == "autograd_core.FloatTensor"
    with pytest.raises(TypeError, match="is_signed: expected a Tensor"):
        ag.is_signed(1.0)


@pytest.fixture
def restore_settings():
    saved = dict(ag.settings.PRINT_OPTIONS), dict(ag.settings._flags), ag.get_default_dtype()
    yield
    ag.settings.PRINT_OPTIONS.update(saved[0])
    ag.settings._flags.update(saved[1])
    ag.set_default_dtype(saved[2])


def test_printoptions_shape_the_repr_as_torch_s(restore_settings):
    values = [1.12345, 2e-5, 300.0]
    for options in [dict(precision=2), dict(sci_mode=True), dict(sci_mode=False), dict(profile="short")]:
        ag.set_printoptions(**options)
        torch.set_printoptions(**options)
        try:
            assert repr(ag.tensor(values)) == repr(torch.tensor(values))
        finally:
            ag.set_printoptions(profile="default")
            torch.set_printoptions(profile="default")
    ag.set_printoptions(threshold=5, edgeitems=2)
    assert repr(ag.arange(10)) == "tensor([0, 1, ..., 8, 9])"
    ag.set_printoptions(profile="full")
    assert "..." not in repr(ag.arange(2000))
    with pytest.raises(ValueError, match="profile must be one of"):
        ag.set_printoptions(profile="long")


@pytest.mark.parametrize("sci_mode", [True, False])
def test_forced_sci_mode_prints_as_torch_s(restore_settings, sci_mode):
    # sci_mode=False kept NumPy's e-notation from 1e8 up, wrote whole floats as 1.0000, and neither mode aligned
    ag.set_printoptions(sci_mode=sci_mode)
    torch.set_printoptions(sci_mode=sci_mode)
    try:
        for values in ([1e10, 1.0], [1.0, 2.0, 3.0], [[1e10, 1.0], [-2.5, 3.0]], [float("nan"), -float("inf"), 2.0],
                       [-1.0, 1e10], 2.5):
            assert repr(ag.tensor(values)) == repr(torch.tensor(values))
        assert repr(ag.tensor([1e-120, -3.0], dtype="float64")) == repr(
            torch.tensor([1e-120, -3.0], dtype=torch.float64)).replace("torch.", "")
    finally:
        torch.set_printoptions(profile="default")


def test_thread_counts_and_recorded_flags(restore_settings):
    assert ag.get_num_threads() >= 1 and ag.get_num_interop_threads() >= 1
    ag.set_num_threads(1)
    ag.set_num_interop_threads(1)
    assert ag.get_num_threads() == 1 and ag.get_num_interop_threads() == 1
    with pytest.raises(ValueError, match="set_num_threads: expects a positive integer"):
        ag.set_num_threads(0)
    assert ag.get_deterministic_debug_mode() == 0 and not ag.are_deterministic_algorithms_enabled()
    ag.use_deterministic_algorithms(True, warn_only=True)
    assert ag.is_deterministic_algorithms_warn_only_enabled() and ag.get_deterministic_debug_mode() == 1
    ag.set_deterministic_debug_mode("error")
    assert ag.are_deterministic_algorithms_enabled() and ag.get_deterministic_debug_mode() == 2
    with pytest.raises(RuntimeError, match="invalid value of debug_mode"):
        ag.set_deterministic_debug_mode("loud")
    ag.set_warn_always(True)
    assert ag.is_warn_always_enabled() and ag.set_flush_denormal(True) is False
    ag.set_float32_matmul_precision("medium")
    with pytest.warns(UserWarning, match="not one of"):
        ag.set_float32_matmul_precision("low")
    assert ag.get_float32_matmul_precision() == "medium"


def test_default_type_device_and_anomaly(restore_settings):
    with pytest.warns(UserWarning, match="deprecated"):
        ag.set_default_tensor_type("torch.DoubleTensor")
    assert ag.get_default_dtype() == np.float64
    with pytest.warns(UserWarning), pytest.raises(TypeError, match="CPU float tensor types"):
        ag.set_default_tensor_type("torch.LongTensor")
    assert ag.get_default_device() == ag.device("cpu")
    ag.set_default_device("cpu")
    with pytest.raises(NotImplementedError, match="only 'cpu'"):
        ag.set_default_device("cuda")
    ag.set_anomaly_enabled(True)
    try:
        assert ag.is_anomaly_enabled()
    finally:
        ag.set_anomaly_enabled(False)
    assert not ag.is_anomaly_enabled()


def test_scalar_tensor_and_unravel_index_match_torch():
    for value, kw in [(3, {}), (True, {}), (2, {"dtype": "int64"})]:
        ours, theirs = ag.scalar_tensor(value, **kw), torch.scalar_tensor(value, **{
            k: getattr(torch, v) for k, v in kw.items()})
        assert ours.shape == () and str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    assert ag.scalar_tensor(2.0, requires_grad=True).requires_grad
    for indices, shape in [([4, 7, -1], (3, 4)), (5, (3, 4)), ([[0, 23], [11, 5]], (2, 3, 4)), ([3], 5)]:
        ours, theirs = ag.unravel_index(ag.tensor(indices), shape), torch.unravel_index(torch.tensor(indices), shape)
        assert [o.tolist() for o in ours] == [t.tolist() for t in theirs]
    with pytest.raises(TypeError, match="integer indices"):
        ag.unravel_index(ag.tensor([1.0]), (3, 4))
    with pytest.raises(IndexError, match="unravel_index"):
        ag.unravel_index(ag.tensor([12]), (3, 4))


@pytest.mark.parametrize("N,increasing", [(None, False), (4, True), (1, False), (0, False)])
def test_vander_matches_torch(N, increasing):
    for values in ([1, 2, 3], [0.5, -1.5]):
        ours, theirs = ag.vander(ag.tensor(values), N, increasing), torch.vander(torch.tensor(values), N, increasing)
        assert ours.shape == tuple(theirs.shape) and ours.dtype == np.dtype(str(theirs.dtype).removeprefix("torch."))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy())
    with pytest.raises(ValueError, match="one-dimensional"):
        ag.vander(ag.ones(2, 2))


def test_small_forms_match_torch():
    x = rng.standard_normal((3, 4))
    assert ag.rsub(ag.tensor([1, 2]), 2.5).tolist() == torch.rsub(torch.tensor([1, 2]), 2.5).tolist()
    compare(lambda a: ag.diagflat(a, -1), lambda a: torch.diagflat(a, -1), [x])
    compare(lambda a: a.diagflat(), lambda a: a.diagflat(), [x])
    with pytest.warns(UserWarning, match="deprecated"):
        assert ag.nuclear_norm(ag.tensor(x), True).shape == (1, 1)
    with pytest.warns(UserWarning, match="deprecated"):
        one = ag.tensor(x)
        assert ag.chain_matmul(one) is not one and (ag.chain_matmul(one).numpy() == x).all()
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="2-D"):
        ag.chain_matmul(ag.ones(3))
    compare(lambda y: ag.trapz(y, dx=0.5, dim=0), lambda y: torch.trapz(y, dx=0.5, dim=0), [x])


def test_splits_match_torch():
    x = rng.standard_normal((5, 3))
    for name, args in [("split_with_sizes", ([2, 3],)), ("unsafe_split", (2,)), ("unsafe_chunk", (2,)),
                       ("unsafe_split_with_sizes", ([1, 4],))]:
        ours, theirs = getattr(ag, name)(ag.tensor(x), *args), getattr(torch, name)(torch.tensor(x), *args)
        assert [o.tolist() for o in ours] == [t.tolist() for t in theirs]
    assert [p.shape for p in ag.tensor(x).split_with_sizes([1, 2], dim=1)] == [(5, 1), (5, 2)]
    with pytest.raises(ValueError, match="sum to"):
        ag.split_with_sizes(ag.tensor(x), [2, 2])


@pytest.mark.parametrize("name,args", [
    ("alias_copy", ()), ("diagonal_copy", (1,)), ("expand_copy", ([2, 3, 4],)), ("permute_copy", ([1, 0],)),
    ("select_copy", (1, 2)), ("slice_copy", (1, 1, 4, 2)), ("squeeze_copy", ()), ("t_copy", ()),
    ("transpose_copy", (0, 1)), ("unfold_copy", (1, 2, 1)), ("unsqueeze_copy", (1,)), ("view_copy", ([4, 3],)),
    ("narrow_copy", (1, 1, 2)), ("split_copy", (2, 1)), ("split_with_sizes_copy", ([1, 3], 1)), ("unbind_copy", ()),
    ("detach_copy", ()),
])
def test_copies_match_torch_and_own_their_memory(name, args):
    x = ag.tensor(rng.standard_normal((3, 4)))
    ours, theirs = getattr(ag, name)(x, *args), getattr(torch, name)(torch.tensor(x.numpy()), *args)
    ours, theirs = (ours, theirs) if isinstance(theirs, torch.Tensor) else (ours[0], theirs[0])
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert not np.shares_memory(ours.numpy(), x.numpy())


def test_narrow_copy_method_and_gradient():
    compare(lambda a: a.narrow_copy(0, 1, 2), lambda a: a.narrow_copy(0, 1, 2), [rng.standard_normal((4, 3))])


@pytest.mark.parametrize("size,stride,offset", [((3, 3), (2, 1), 1), ((2, 2), (1, 4), None), ((4,), (0,), 2),
                                                ((2, 3), (6, 2), 0)])
def test_as_strided_matches_torch_overlapping_strides_included(size, stride, offset):
    x = rng.standard_normal((3, 4))
    compare(lambda a: ag.as_strided(a, size, stride, offset), lambda a: torch.as_strided(a, size, stride, offset), [x])
    compare(lambda a: a.t().as_strided(size, stride, offset), lambda a: a.t().as_strided(size, stride, offset), [x])
    src = rng.standard_normal(size)
    if len(set(np.ravel(ag.as_strided(ag.arange(12).reshape(3, 4), size, stride, offset).numpy()))) == src.size:
        # src's gradient only: torch 2.13 gives the input the gradient at the written places, where it is 0
        # (the output does not depend on them); the op spec's gradcheck checks ours
        compare(lambda a, s: ag.as_strided_scatter(a, s, size, stride, offset),
                lambda a, s: torch.as_strided_scatter(a, s, size, stride, offset), [x, src], diff=[1])


def test_as_strided_of_a_view_reads_its_storage_places():
    base = ag.arange(12.0)
    view = base[2:8]
    assert view.as_strided((2, 2), (3, 1)).tolist() == torch.arange(12.0)[2:8].as_strided((2, 2), (3, 1)).tolist()
    with pytest.raises(RuntimeError, match="hold no element of the input"):
        view.as_strided((2, 2), (3, 1), 0)  # PyTorch reads the base's memory there
    with pytest.raises(RuntimeError, match="reach element 15"):
        ag.as_strided(base, (3, 3), (4, 1), 5)
    with pytest.raises(ValueError, match="negative"):
        ag.as_strided(base, (3,), (-1,))


def test_empty_strided_has_the_strides():
    x = ag.empty_strided((2, 3), (1, 2), dtype=ag.float64)
    assert x.shape == (2, 3) and x.stride() == torch.empty_strided((2, 3), (1, 2)).stride() and x.dtype == np.float64


@pytest.mark.parametrize("kwargs", [{}, {"spacing": 2.0, "edge_order": 2}, {"spacing": [1.0, 0.5], "dim": [1, 0]},
                                    {"dim": -1, "edge_order": 2}, {"spacing": 3}])
def test_gradient_matches_torch(kwargs):
    f = rng.standard_normal((4, 5))
    for k in range(len(torch.gradient(torch.tensor(f), **kwargs))):
        compare(lambda a: ag.gradient(a, **kwargs)[k], lambda a: torch.gradient(a, **kwargs)[k], [f])


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_at_coordinates_matches_torch(edge_order):
    f, x = rng.standard_normal((5, 3)), np.cumsum(rng.uniform(0.5, 1.5, 5))
    compare(lambda a, c: ag.gradient(a, spacing=(c,), dim=0, edge_order=edge_order)[0],
            lambda a, c: torch.gradient(a, spacing=(c,), dim=0, edge_order=edge_order)[0], [f, x])


def test_gradient_errors_and_integer_input():
    assert ag.gradient(ag.tensor([1, 2, 4, 8]))[0].tolist() == torch.gradient(torch.tensor([1, 2, 4, 8]))[0].tolist()
    with pytest.raises(ValueError, match="edge_order=1 and edge_order=2"):
        ag.gradient(ag.ones(4), edge_order=3)
    with pytest.raises(ValueError, match="needs at least 3"):
        ag.gradient(ag.ones(2), edge_order=2)
    with pytest.raises(ValueError, match="a spacing for each"):
        ag.gradient(ag.ones(4, 3), spacing=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="gradient: dim 0 appears multiple times in the list of dims"):
        ag.gradient(ag.ones(4, 3), dim=[0, 0])
    with pytest.raises(ValueError, match="coordinates for dim 0"):
        ag.gradient(ag.ones(4), spacing=(ag.ones(3),))


@pytest.mark.parametrize("values,size,fill", [([[0, 1], [2, 0], [3, 4]], 5, -1), ([[0, 1], [2, 0], [3, 4]], 2, 7),
                                              ([0, 3, 0, 1], 3, -1), (3, 2, -1), ([[1.0, 1.0]], 0, -1)])
def test_nonzero_static_matches_torch(values, size, fill):
    ours = ag.tensor(values).nonzero_static(size=size, fill_value=fill)
    theirs = torch.nonzero_static(torch.tensor(values), size=size, fill_value=fill)
    assert ours.shape == tuple(theirs.shape) and ours.dtype == np.int64
    assert ours.tolist() == theirs.tolist()


def test_asarray_shares_memory_as_torch():
    a = np.arange(3.0)
    shared = ag.asarray(a)
    shared[0] = 5.0
    assert a[0] == 5.0 and shared.dtype == np.float64
    ag.asarray(a, copy=True)[1] = 7.0
    assert a[1] == 1.0
    with pytest.raises(ValueError, match="copy=False"):
        ag.asarray(a, dtype=ag.float32, copy=False)
    x = ag.ones(2)
    assert ag.asarray(x) is x and ag.asarray(x, copy=True) is not x
    for obj in ([1, 2.5], [1, 2], 3.5, bytearray(np.array([1.5, 2.5], np.float32).tobytes())):
        ours, theirs = ag.asarray(obj), torch.asarray(obj)
        assert ours.tolist() == theirs.tolist() and str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    assert ag.asarray([1.0], requires_grad=True).requires_grad


def test_frombuffer_and_empty_permuted_match_torch():
    buffer = bytearray(np.arange(4, dtype=np.int16).tobytes())
    ours, theirs = ag.frombuffer(buffer, dtype=ag.int16, count=2, offset=2), torch.frombuffer(
        buffer, dtype=torch.int16, count=2, offset=2)
    assert ours.tolist() == theirs.tolist()
    ours[0] = 9
    assert np.frombuffer(buffer, np.int16)[1] == 9
    e = ag.empty_permuted((2, 3, 4), (0, 2, 1))
    assert e.shape == (2, 3, 4) and e.stride() == torch.empty_permuted((2, 3, 4), (0, 2, 1)).stride()
    with pytest.raises(ValueError, match="physical_layout"):
        ag.empty_permuted((2, 3), (0, 0))


def test_frombuffer_checks_its_arguments_as_torch():
    # count=0, an empty buffer and an offset at the end gave an empty tensor; the rest NumPy's messages
    buffer = bytearray(16)
    for kwargs, message in [(dict(count=0), "count"), (dict(offset=-1), "offset"), (dict(offset=16), "offset"),
                            (dict(offset=3), "multiple of element size"), (dict(count=5), "greater than")]:
        with pytest.raises(ValueError, match=message):
            torch.frombuffer(buffer, dtype=torch.int32, **kwargs)
        with pytest.raises(ValueError, match=f"frombuffer: .*{message}"):
            ag.frombuffer(buffer, dtype=ag.int32, **kwargs)
    with pytest.raises(ValueError, match="frombuffer: .*must not be 0"):
        ag.frombuffer(b"", dtype=ag.int32)
    for kwargs in (dict(count=3, offset=3), dict(count=-2)):
        assert ag.frombuffer(buffer, dtype=ag.int32, **kwargs).tolist() == torch.frombuffer(
            buffer, dtype=torch.int32, **kwargs).tolist()


@pytest.mark.filterwarnings("ignore:index_reduce")
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_matches_torch(reduce, include_self):
    x, source = rng.uniform(0.5, 2, (3, 4)), rng.uniform(0.5, 2, (3, 5))
    index = np.array([0, 3, 3, 1, 0])
    compare(lambda a, i, s: ag.index_reduce(a, 1, i, s, reduce, include_self=include_self),
            lambda a, i, s: torch.index_reduce(a, 1, i, s, reduce, include_self=include_self), [x, index, source])
    ours, theirs = ag.tensor(x), torch.tensor(x)
    ours.index_reduce_(1, ag.tensor(index), ag.tensor(source), reduce, include_self=include_self)
    theirs.index_reduce_(1, torch.tensor(index), torch.tensor(source), reduce, include_self=include_self)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())


def test_index_reduce_errors():
    x = ag.ones(3, 2)
    with pytest.raises(ValueError, match="reduce must be one of"):
        ag.index_reduce(x, 0, ag.tensor([0]), ag.ones(1, 2), "sum")
    with pytest.raises(TypeError, match="integer tensor"):
        ag.index_reduce(x, 0, ag.tensor([0.0]), ag.ones(1, 2), "prod")
    with pytest.raises(ValueError, match="need \\(2, 2\\)"):
        ag.index_reduce(x, 0, ag.tensor([0, 1]), ag.ones(3, 2), "prod")
    for index in ([3], [-1]):  # torch refuses negative indices too
        with pytest.raises(IndexError, match="index_reduce: indices out of range"):
            ag.index_reduce(x, 0, ag.tensor(index), ag.ones(1, 2), "prod")


@pytest.mark.filterwarnings("ignore:index_reduce")
def test_index_reduce_takes_a_0d_index_as_torch():
    x, source = rng.uniform(0.5, 2, (3, 2)), rng.uniform(0.5, 2, (1, 2))
    compare(lambda a, s: ag.index_reduce(a, 0, ag.tensor(2), s, "prod"),
            lambda a, s: torch.index_reduce(a, 0, torch.tensor(2), s, "prod"), [x, source])


@pytest.mark.parametrize("mode", [0, 1, 2])
@pytest.mark.parametrize("include_last_offset", [False, True])
@pytest.mark.parametrize("padding_idx", [None, 4, -1])
def test_embedding_bag_matches_torch_s_float64_kernel(mode, include_last_offset, padding_idx):
    weight, indices, offsets = rng.standard_normal((10, 3)), np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 4, 4])
    args = (False, mode, False, None, include_last_offset, padding_idx)
    ours = ag.embedding_bag(ag.tensor(weight), ag.tensor(indices), ag.tensor(offsets), *args)
    theirs = torch.embedding_bag(torch.tensor(weight), torch.tensor(indices), torch.tensor(offsets), *args)
    for a, b in zip(ours, theirs):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy())
    compare(lambda w: ag.embedding_bag(w, ag.tensor(indices), ag.tensor(offsets), *args)[0],
            lambda w: torch.embedding_bag(w, torch.tensor(indices), torch.tensor(offsets), *args)[0], [weight])


def test_embedding_bag_per_sample_weights_and_errors():
    weight, indices, offsets = rng.standard_normal((6, 2)), np.array([0, 5, 5, 1]), np.array([0, 1])
    compare(lambda w, s: ag.embedding_bag(w, ag.tensor(indices), ag.tensor(offsets), False, 0, False, s)[0],
            lambda w, s: torch.embedding_bag(w, torch.tensor(indices), torch.tensor(offsets), False, 0, False, s)[0],
            [weight, rng.standard_normal(4)])
    with pytest.raises(ValueError, match="mode must be the int"):
        ag.embedding_bag(ag.tensor(weight), ag.tensor(indices), ag.tensor(offsets), False, "sum")


@pytest.mark.parametrize("kwargs", [{"bins": [3, 3], "weight": [1.0, 2.0, 4.0, 8.0]}, {"bins": 2, "density": True},
                                    {"bins": 2, "range": [0.0, 1.0, 0.0, 1.0], "density": True},
                                    {"bins": [[0.0, 1.0, 2.0], [0.0, 2.0]]}])
def test_histogramdd_matches_torch(kwargs):
    points = [[0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [2.0, 2.0]]

    def on(namespace):
        given = dict(kwargs)
        if "weight" in given:
            given["weight"] = namespace.tensor(given["weight"])
        if isinstance(given["bins"], list) and isinstance(given["bins"][0], list):
            given["bins"] = [namespace.tensor(b) for b in given["bins"]]
        return namespace.histogramdd(namespace.tensor(points), **given)
    ours, theirs = on(ag), on(torch)
    (hist, edges), (their_hist, their_edges) = ours, theirs
    assert type(ours).__name__ == "histogramdd" and ours.hist is hist and ours.bin_edges is edges  # torch's fields
    np.testing.assert_allclose(hist.numpy(), their_hist.numpy(), rtol=1e-6)
    assert len(edges) == len(their_edges)
    for a, b in zip(edges, their_edges):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


def test_histogramdd_errors():
    x = ag.ones(4, 2)
    for kwargs, match in [({"bins": [2]}, "expected 2 bins"), ({"bins": 0}, "positive"),
                          ({"bins": 2, "range": [0.0, 1.0]}, "needs 4 numbers"),
                          ({"bins": 2, "weight": ag.ones(3)}, "weight must have")]:
        with pytest.raises(ValueError, match=match):
            ag.histogramdd(x, **kwargs)
    with pytest.raises(TypeError, match="floating point"):
        ag.histogramdd(ag.ones(4, 2, dtype=ag.int64), bins=2)
