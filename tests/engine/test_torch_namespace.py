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
