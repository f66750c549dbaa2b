"""PyTorch parity and error cases for affine_grid and grid_sample, the dropout variants, local_response_norm,
rrelu, gumbel_softmax, pdist, the deprecated upsample functions and the top-level (ag.conv2d ...) aliases."""
import itertools
import warnings

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from torch_parity import compare

MODES = list(itertools.product(("bilinear", "nearest", "bicubic"), ("zeros", "border", "reflection"), (False, True)))


@pytest.mark.parametrize("mode,padding_mode,align_corners", MODES)
def test_grid_sample_2d_matches_torch(mode, padding_mode, align_corners):
    tf = pytest.importorskip("torch.nn.functional")
    rng = np.random.default_rng(0)
    x, grid = rng.standard_normal((2, 3, 5, 6)), rng.uniform(-2.5, 2.5, (2, 4, 7, 2))
    compare(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
            lambda a, g: tf.grid_sample(a, g, mode, padding_mode, align_corners), [x, grid],
            diff=[0] if mode == "nearest" else None)


@pytest.mark.parametrize("mode,padding_mode,align_corners", [m for m in MODES if m[0] != "bicubic"])
def test_grid_sample_3d_matches_torch(mode, padding_mode, align_corners):
    tf = pytest.importorskip("torch.nn.functional")
    rng = np.random.default_rng(1)
    x, grid = rng.standard_normal((2, 2, 3, 4, 5)), rng.uniform(-2.5, 2.5, (2, 2, 3, 4, 3))
    compare(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
            lambda a, g: tf.grid_sample(a, g, mode, padding_mode, align_corners), [x, grid],
            diff=[0] if mode == "nearest" else None)


def test_grid_sample_of_an_identity_affine_grid_is_the_identity():
    x = ag.randn(2, 3, 4, 5)
    theta = ag.tensor(np.tile(np.eye(2, 3), (2, 1, 1)))
    for align_corners in (False, True):
        grid = F.affine_grid(theta.float(), x.shape, align_corners=align_corners)
        y = F.grid_sample(x, grid, align_corners=align_corners)
        np.testing.assert_allclose(y.numpy(), x.numpy(), atol=1e-5)


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("x_shape,grid_shape", [((2, 3, 4, 5), (2, 0, 3, 2)), ((0, 3, 4, 5), (0, 2, 3, 2))])
def test_grid_sample_of_an_empty_grid_or_batch_is_empty(mode, x_shape, grid_shape):
    x = ag.randn(*x_shape, requires_grad=True)
    grid = ag.zeros(*grid_shape, requires_grad=True)
    y = F.grid_sample(x, grid, mode, align_corners=False)
    assert y.shape == x_shape[:2] + grid_shape[1:3]
    y.sum().backward()
    assert not x.grad.numpy().any() and x.grad.shape == x_shape


@pytest.mark.parametrize("size", [(2, 3, 4, 5), (2, 1, 3, 1, 4)])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_matches_torch(size, align_corners):
    pytest.importorskip("torch")
    import torch.nn.functional as tf
    nd = len(size) - 2
    theta = np.random.default_rng(2).standard_normal((size[0], nd, nd + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # both warn about unit-size dims with align_corners=True
        compare(lambda t: F.affine_grid(t, size, align_corners), lambda t: tf.affine_grid(t, size, align_corners),
                [theta])


def test_align_corners_none_warns_and_means_false():
    x, grid = ag.randn(1, 1, 3, 3), ag.rand(1, 2, 2, 2) * 2 - 1
    with pytest.warns(UserWarning, match="align_corners=False"):
        y = F.grid_sample(x, grid)
    np.testing.assert_array_equal(y.numpy(), F.grid_sample(x, grid, align_corners=False).numpy())
    with pytest.warns(UserWarning, match="align_corners=False"):
        F.affine_grid(ag.randn(1, 2, 3), (1, 1, 2, 2))


def test_the_same_float32_in_float32_out_and_dtypes_must_agree():
    x, grid = ag.randn(1, 1, 3, 3), ag.rand(1, 2, 2, 2)
    assert F.grid_sample(x, grid, align_corners=False).dtype == np.float32
    with pytest.raises(TypeError, match="grid_sample: .*float64"):
        F.grid_sample(x, grid.double(), align_corners=False)
    with pytest.raises(TypeError, match="grid_sample: .*int"):
        F.grid_sample(x.long(), grid.long(), align_corners=False)


@pytest.mark.parametrize("x_shape,grid_shape,mode,match", [
    ((2, 3, 4, 5), (1, 6, 7, 2), "bilinear", "same batch size"),
    ((2, 3, 4, 5), (2, 6, 7, 3), "bilinear", "size 2 in its last dim"),
    ((3, 4, 5), (2, 6, 2), "bilinear", "4-D input with a 4-D grid"),
    ((2, 3, 4, 5), (2, 6, 7, 1, 2), "bilinear", "4-D input with a 4-D grid"),
    ((2, 3, 4, 5, 6), (2, 6, 7, 1, 3), "bicubic", "bicubic' supports only 4-D"),
    ((2, 3, 0, 5), (2, 6, 7, 2), "bilinear", "non-empty spatial"),
])
def test_grid_sample_shape_errors(x_shape, grid_shape, mode, match):
    with pytest.raises(ValueError, match=match):
        F.grid_sample(ag.zeros(*x_shape), ag.zeros(*grid_shape), mode, align_corners=False)


def test_grid_sample_bad_mode_names():
    x, grid = ag.zeros(1, 1, 2, 2), ag.zeros(1, 1, 1, 2)
    with pytest.raises(ValueError, match="mode 'bilinear', 'nearest' or 'bicubic', got 'linear'"):
        F.grid_sample(x, grid, "linear", align_corners=False)
    with pytest.raises(ValueError, match="padding_mode 'zeros', 'border' or 'reflection', got 'edge'"):
        F.grid_sample(x, grid, padding_mode="edge", align_corners=False)


def test_affine_grid_errors():
    with pytest.raises(ValueError, match="floating-point"):
        F.affine_grid(ag.zeros(2, 2, 3).long(), (2, 3, 4, 5), False)
    with pytest.raises(ValueError, match=r"theta of shape \(2, 3, 4\)"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 4, 5, 5), False)
    with pytest.raises(ValueError, match=r"theta of shape \(3, 2, 3\)"):
        F.affine_grid(ag.zeros(2, 2, 3), (3, 3, 4, 5), False)
    with pytest.raises(NotImplementedError, match="4-D and 5-D sizes"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 4), False)
    with pytest.raises(ValueError, match="positive output size"):
        F.affine_grid(ag.zeros(2, 2, 3), (2, 3, 0, 5), False)


# -- dropout variants ----------------------------------------------------------------------------

@pytest.mark.parametrize("op,shape", [(F.dropout1d, (40, 50, 3)), (F.dropout1d, (50, 3)),
                                      (F.dropout3d, (40, 50, 2, 1, 2)), (F.dropout3d, (50, 2, 1, 2))])
def test_channel_dropout_drops_whole_channels_at_rate_p_and_rescales(op, shape):
    ag.manual_seed(0)
    x = ag.ones(*shape, dtype=ag.float64, requires_grad=True)
    y = op(x, 0.3)
    per_channel = y.detach().numpy().reshape(-1, int(np.prod(shape[-3:] if op is F.dropout3d else shape[-1:])))
    assert set(np.unique(per_channel)) <= {0.0, 1 / 0.7}
    assert (per_channel.min(axis=1) == per_channel.max(axis=1)).all()  # a channel is kept or dropped whole
    assert abs((per_channel[:, 0] == 0).mean() - 0.3) < 0.1
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), y.detach().numpy())  # the gradient is mask / (1 - p)


def test_alpha_dropout_keeps_zero_mean_and_unit_variance_and_its_gradient_is_a_times_the_mask():
    ag.manual_seed(1)
    x = ag.randn(100, 100, 4, dtype=ag.float64, requires_grad=True)
    sat = 1.7580993408473766
    a = 1 / np.sqrt((sat ** 2 * 0.4 + 1) * 0.6)
    for op in (F.alpha_dropout, F.feature_alpha_dropout):
        y = op(x, 0.4, training=True)
        out = y.detach().numpy()
        assert abs(out.mean()) < 0.03 and abs(out.std() - 1) < 0.03
        dropped = out == a * sat * (0.4 - 1)
        assert abs(dropped.mean() - 0.4) < 0.03
        if op is F.feature_alpha_dropout:
            assert (dropped.all(axis=2) | ~dropped.any(axis=2)).all()  # whole channels (dim 1 of (N, C, L))
        x.grad = None
        y.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), np.where(dropped, 0.0, a), rtol=1e-12)


def test_alpha_dropout_values_match_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).standard_normal((50, 40))
    theirs = torch.nn.functional.alpha_dropout(torch.tensor(x), 0.3, True).numpy()
    ours = F.alpha_dropout(ag.tensor(x), 0.3, True).numpy()
    a = 1 / np.sqrt((1.7580993408473766 ** 2 * 0.3 + 1) * 0.7)
    dropped_value = -1.7580993408473766 * a * 0.7  # a * (-saturation) + the shift a * saturation * p
    their_drops, our_drops = np.isclose(theirs, dropped_value, atol=1e-12), ours == dropped_value
    assert 0.2 < their_drops.mean() < 0.4 and 0.2 < our_drops.mean() < 0.4
    kept = ~their_drops & ~our_drops
    np.testing.assert_allclose(ours[kept], theirs[kept], atol=1e-12)


@pytest.mark.parametrize("op", [F.dropout1d, F.dropout3d, F.alpha_dropout, F.feature_alpha_dropout])
def test_dropout_variants_edge_cases(op):
    x = ag.randn(2, 3, 4, 5, 2) if op is F.dropout3d else ag.randn(2, 3, 4)
    assert op(x, 0.5, training=False) is x
    assert op(x, 0.0, training=True) is x
    np.testing.assert_array_equal(op(x, 1.0, training=True).numpy(), np.zeros(x.shape))
    with pytest.raises(ValueError, match=f"{op.__name__}: probability p must be between 0 and 1, got 1.5"):
        op(x, 1.5, training=True)


def test_alpha_dropout_is_off_by_default_as_torch():
    x = ag.randn(3, 4)
    assert F.alpha_dropout(x) is x and F.feature_alpha_dropout(x) is x


def test_dropout_variants_check_their_input():
    with pytest.raises(ValueError, match=r"dropout1d: expected a 3-D input \(N, C, L\) or 2-D"):
        F.dropout1d(ag.randn(2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"dropout3d: expected a 5-D input .* or 4-D"):
        F.dropout3d(ag.randn(2, 3, 4))
    with pytest.raises(ValueError, match="feature_alpha_dropout: channel-wise dropout needs .* 2 dims"):
        F.feature_alpha_dropout(ag.randn(5), 0.5, training=True)
    with pytest.raises(TypeError, match="alpha_dropout: expected a floating-point input"):
        F.alpha_dropout(ag.ones(3, dtype=ag.int64), 0.5, training=True)
    with pytest.raises(ValueError, match="AlphaDropout: probability p"):
        nn.AlphaDropout(-0.1)


@pytest.mark.parametrize("name", ["Dropout1d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"])
def test_dropout_layers_repr_as_torch_and_are_the_identity_in_eval_mode(name):
    torch = pytest.importorskip("torch")
    layer = getattr(nn, name)(0.2)
    assert repr(layer) == repr(getattr(torch.nn, name)(0.2))
    x = ag.randn(4, 3, 5) if name == "Dropout1d" else ag.randn(4, 3, 2, 2, 2)
    ag.manual_seed(4)
    assert not np.array_equal(layer(x).numpy(), x.numpy())
    layer.eval()
    assert layer(x) is x


# -- local_response_norm, rrelu, gumbel_softmax, pdist, upsample_* --------------------------------

@pytest.mark.parametrize("shape", [(2, 5, 3), (2, 6, 3, 4), (1, 4, 2, 2, 3)])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 7])
def test_local_response_norm_matches_torch(shape, size):
    tf = pytest.importorskip("torch.nn.functional")
    x = np.random.default_rng(size).standard_normal(shape)
    compare(lambda a: F.local_response_norm(a, size, 0.1, 0.75, 2.0),
            lambda a: tf.local_response_norm(a, size, 0.1, 0.75, 2.0), [x])


def test_local_response_norm_layer_and_errors():
    torch = pytest.importorskip("torch")
    layer = nn.LocalResponseNorm(2)
    assert repr(layer) == repr(torch.nn.LocalResponseNorm(2))
    x = np.random.default_rng(0).standard_normal((2, 4, 3, 3))
    np.testing.assert_allclose(layer(ag.tensor(x)).numpy(), torch.nn.LocalResponseNorm(2)(torch.tensor(x)).numpy())
    with pytest.raises(ValueError, match=r"local_response_norm: expected an input of 3 or more dims .* \(2, 3\)"):
        F.local_response_norm(ag.zeros(2, 3), 2)
    with pytest.raises(ValueError, match="size must be a positive integer, got 0"):
        F.local_response_norm(ag.zeros(2, 3, 4), 0)
    empty = ag.zeros(0, 3, 4)
    assert F.local_response_norm(empty, 2) is empty


def test_rrelu_draws_one_slope_per_negative_element_in_training():
    ag.manual_seed(0)
    x = ag.tensor(-np.ones((100, 50)), requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True)
    slopes = -y.detach().numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and len(np.unique(slopes)) > 4000
    assert abs(slopes.mean() - 0.2) < 0.005
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), slopes)  # the gradient is the drawn slope
    np.testing.assert_array_equal(F.rrelu(ag.tensor([0.0, 2.0]), training=True).numpy(), [0.0, 2.0])


def test_rrelu_eval_matches_torch_and_layer():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).standard_normal((3, 4))
    compare(lambda a: F.rrelu(a, 0.1, 0.3), lambda a: torch.rrelu(a, 0.1, 0.3), [x])
    layer = nn.RReLU(0.1, 0.3)
    assert repr(layer) == repr(torch.nn.RReLU(0.1, 0.3)) and repr(nn.RReLU(inplace=True)) == repr(
        torch.nn.RReLU(inplace=True))
    ag.manual_seed(2)
    assert not np.allclose(layer(ag.tensor(-np.ones(10))).numpy(), -0.2)
    layer.eval()
    np.testing.assert_allclose(layer(ag.tensor(-np.ones(10))).numpy(), -0.2)
    with pytest.raises(ValueError, match=r"rrelu: lower \(0.5\) must not exceed upper \(0.2\)"):
        F.rrelu(ag.ones(2), 0.5, 0.2)
    with pytest.raises(TypeError, match="rrelu: expected a floating-point input"):
        F.rrelu(ag.ones(2, dtype=ag.int64), training=True)


def test_gumbel_softmax_samples_categories_at_the_softmax_probabilities():
    ag.manual_seed(3)
    logits = ag.tensor(np.log([[0.1, 0.2, 0.7]] * 20000))
    hard = F.gumbel_softmax(logits, tau=0.5, hard=True).numpy()
    assert set(np.unique(hard)) == {0.0, 1.0} and (hard.sum(-1) == 1).all()
    np.testing.assert_allclose(hard.mean(0), [0.1, 0.2, 0.7], atol=0.01)
    soft = F.gumbel_softmax(logits, tau=0.5).numpy()
    np.testing.assert_allclose(soft.sum(-1), 1.0, rtol=1e-6)


def test_gumbel_softmax_hard_passes_the_soft_gradient_straight_through():
    x = ag.randn(4, 6, dtype=ag.float64, requires_grad=True)
    w = ag.randn(4, 6, dtype=ag.float64)
    ag.manual_seed(4)
    (F.gumbel_softmax(x, 0.5, hard=True) * w).sum().backward()
    hard_grad = x.grad.numpy()
    x.grad = None
    ag.manual_seed(4)
    (F.gumbel_softmax(x, 0.5) * w).sum().backward()
    np.testing.assert_allclose(hard_grad, x.grad.numpy())
    with pytest.warns(UserWarning, match="eps parameter is deprecated"):
        F.gumbel_softmax(x, eps=1e-3)
    with pytest.raises(TypeError, match="gumbel_softmax: expected a floating-point input"):
        F.gumbel_softmax(ag.ones(2, 3, dtype=ag.int64))


@pytest.mark.parametrize("p", [0, 0.5, 1, 2, 3, float("inf")])
def test_pdist_matches_torch(p):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(5).standard_normal((6, 4))
    compare(lambda a: F.pdist(a, p), lambda a: torch.pdist(a, p), [x])


def test_pdist_edge_cases_and_errors():
    assert F.pdist(ag.randn(1, 3)).shape == (0,)
    x = ag.tensor([[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]], requires_grad=True)
    F.pdist(x).sum().backward()  # equal rows: a zero distance, with a zero (not NaN) gradient
    assert np.isfinite(x.grad.numpy()).all()
    with pytest.raises(ValueError, match=r"pdist: expected a 2-D input \(N, M\), got shape \(2, 3, 4\)"):
        F.pdist(ag.zeros(2, 3, 4))
    with pytest.raises(ValueError, match="pdist: p must be non-negative, got -1"):
        F.pdist(ag.zeros(2, 3), -1)


def test_deprecated_upsample_functions_match_torch():
    tf = pytest.importorskip("torch.nn.functional")
    x = np.random.default_rng(6).standard_normal((1, 2, 3, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compare(lambda a: F.upsample_bilinear(a, scale_factor=2), lambda a: tf.upsample_bilinear(a, scale_factor=2),
                [x])
        compare(lambda a: F.upsample_nearest(a, size=(5, 7)), lambda a: tf.upsample_nearest(a, size=(5, 7)), [x])
    with pytest.warns(UserWarning, match="upsample_bilinear is deprecated"):
        F.upsample_bilinear(ag.tensor(x), size=4)


# -- top-level aliases ----------------------------------------------------------------------------

def test_top_level_aliases_are_the_functional_ops_torch_has_at_top_level():
    torch = pytest.importorskip("torch")
    from autograd_core.nn.functional import top_level  # the forms whose torch signature differs from F's
    for name in ag._FROM_NN:
        assert hasattr(torch, name), name
        assert name in ag.__all__
        assert getattr(ag, name) is getattr(top_level if hasattr(top_level, name) else F, name), name
    with pytest.raises(AttributeError, match="no attribute 'conv4d'"):
        ag.conv4d


def test_top_level_forms_with_torch_signatures_match_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((4, 3, 5)), rng.standard_normal(3), rng.standard_normal(3)
    compare(lambda a, g, h: ag.batch_norm(a, g, h, None, None, True, 0.1, 1e-5, False),
            lambda a, g, h: torch.batch_norm(a, g, h, None, None, True, 0.1, 1e-5, False), [x, w, b])
    compare(lambda a, g, h: ag.instance_norm(a, g, h, None, None, True, 0.1, 1e-5, False),
            lambda a, g, h: torch.instance_norm(a, g, h, None, None, True, 0.1, 1e-5, False), [x, w, b])
    table, idx = rng.standard_normal((6, 3)), np.array([[0, 2], [5, 2]])
    compare(lambda t, i: ag.embedding(t, i), lambda t, i: torch.embedding(t, i), [table, idx])
    compare(lambda t, i: ag.embedding(t, i, 2), lambda t, i: torch.embedding(t, i, 2), [table, idx])
    a = ag.randn(3, 4)
    assert ag.dropout(a, 0.5, False) is a and ag.dropout(a, p=0.5, train=False) is a
    assert ag.alpha_dropout(a, 0.5, train=False) is a and ag.feature_alpha_dropout(a, 0.5, False) is a
    ag.manual_seed(0)
    assert (ag.dropout(a, 0.5, True).numpy() == 0).any()


# -- fractional max pooling -----------------------------------------------------------------------

@pytest.mark.parametrize("dims,shape,kernel,out", [(2, (2, 3, 9, 11), (2, 3), (5, 4)), (2, (3, 7, 6), 2, (3, 5)),
                                                   (2, (1, 2, 6, 6), 3, (1, 2)), (2, (2, 2, 5, 5), 1, (5, 5)),
                                                   (3, (2, 2, 5, 6, 7), (2, 2, 3), (3, 4, 2)),
                                                   (3, (2, 5, 6, 7), 2, (3, 4, 3))])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fractional_max_pool_matches_torch_for_the_same_samples(dims, shape, kernel, out, dtype):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    rng = np.random.default_rng(8)
    x = rng.standard_normal(shape).astype(dtype)
    samples = rng.random((shape[0] if len(shape) == dims + 2 else 1, shape[-dims - 1], dims)).astype(dtype)
    ours, theirs = (F.fractional_max_pool2d, tf.fractional_max_pool2d) if dims == 2 else (
        F.fractional_max_pool3d, tf.fractional_max_pool3d)
    y, idx = ours(ag.tensor(x), kernel, out, return_indices=True, _random_samples=ag.tensor(samples))
    ty, tidx = theirs(torch.tensor(x), kernel, out, return_indices=True, _random_samples=torch.tensor(samples))
    np.testing.assert_array_equal(idx.numpy(), tidx.numpy())
    np.testing.assert_array_equal(y.numpy(), ty.numpy())
    if dtype == np.float64:
        compare(lambda a: ours(a, kernel, out, _random_samples=ag.tensor(samples)),
                lambda a: theirs(a, kernel, out, _random_samples=torch.tensor(samples)), [x])


def test_fractional_max_pool_layers_draw_new_windows_and_take_output_ratio():
    torch = pytest.importorskip("torch")
    layer = nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.7), return_indices=True)
    x = ag.randn(2, 3, 10, 9)
    y, idx = layer(x)
    assert y.shape == tuple(torch.nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.7))(torch.zeros(2, 3, 10, 9)).shape)
    assert y.shape == idx.shape == (2, 3, 5, 6)
    np.testing.assert_array_equal(y.numpy(), x.numpy().reshape(2, 3, -1)[
        np.arange(2)[:, None, None], np.arange(3)[None, :, None], idx.numpy().reshape(2, 3, -1)].reshape(y.shape))
    picks = {tuple(layer(x)[1].numpy().ravel()) for _ in range(5)}
    assert len(picks) > 1  # fresh samples on every call
    fixed = nn.FractionalMaxPool3d(2, output_size=3, _random_samples=ag.rand(2, 3, 3))
    np.testing.assert_array_equal(fixed(ag.ones(2, 3, 5, 5, 5)).numpy(), np.ones((2, 3, 3, 3, 3)))


def test_fractional_max_pool_errors():
    with pytest.raises(ValueError, match="give exactly one of output_size and output_ratio"):
        F.fractional_max_pool2d(ag.randn(1, 1, 5, 5), 2)
    with pytest.raises(ValueError, match="give exactly one of output_size and output_ratio"):
        nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)
    with pytest.raises(ValueError, match=r"output_ratio must be between 0 and 1 \(got 1.5\)"):
        nn.FractionalMaxPool2d(2, output_ratio=1.5)
    with pytest.raises(ValueError, match="does not fit the input"):
        F.fractional_max_pool2d(ag.randn(1, 1, 5, 5), 3, output_size=4)
    with pytest.raises(ValueError, match="does not fit the input"):  # PyTorch's 3-D check is strict
        F.fractional_max_pool3d(ag.randn(1, 1, 5, 5, 5), 1, output_size=5)
    with pytest.raises(ValueError, match=r"_random_samples must have shape \(1, 1, 2\)"):
        F.fractional_max_pool2d(ag.randn(1, 1, 5, 5), 2, 3, _random_samples=ag.rand(1, 2, 2))
    with pytest.raises(ValueError, match="expected a 4-D input or 3-D unbatched"):
        F.fractional_max_pool2d(ag.randn(5, 5), 2, 3)


# -- lazy layers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,args,shape", [("LazyLinear", (3,), (2, 7, 5)), ("LazyConv1d", (4, 3), (2, 6, 9)),
                                             ("LazyConv1d", (4, 3), (6, 9)), ("LazyConv2d", (4, 3), (2, 6, 5, 5)),
                                             ("LazyConv3d", (4, 2), (1, 2, 3, 3, 3)),
                                             ("LazyConvTranspose1d", (4, 3), (2, 6, 5)),
                                             ("LazyConvTranspose2d", (4, 3), (2, 6, 4, 4)),
                                             ("LazyConvTranspose3d", (4, 2), (1, 2, 3, 3, 3))])
def test_lazy_layers_become_the_eager_layer_torch_makes(name, args, shape):
    torch = pytest.importorskip("torch")
    lazy, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(lazy) == repr(theirs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ag.manual_seed(5)
    y = lazy(ag.tensor(x))
    theirs(torch.tensor(x))
    assert repr(lazy) == repr(theirs) and type(lazy).__name__ == type(theirs).__name__
    assert lazy.weight.shape == tuple(theirs.weight.shape) and lazy.bias.shape == tuple(theirs.bias.shape)
    assert y.shape == tuple(theirs(torch.tensor(x)).shape)
    ag.manual_seed(5)
    eager = type(lazy)(lazy.in_features if name == "LazyLinear" else lazy.in_channels, *args)
    np.testing.assert_array_equal(lazy.weight.detach().numpy(), eager.weight.detach().numpy())  # the eager init


def test_lazy_parameters_are_materialized_in_place_for_an_optimizer_made_before_the_first_call():
    from autograd_core import optim
    layer = nn.LazyLinear(2, dtype=ag.float64)
    weight = layer.weight
    assert isinstance(weight, nn.UninitializedParameter) and repr(weight) == "<UninitializedParameter>"
    opt = optim.SGD(layer.parameters(), lr=0.5)
    layer(ag.ones(4, 3, dtype=ag.float64)).sum().backward()
    before = weight.detach().numpy().copy()
    opt.step()
    assert layer.weight is weight and type(weight) is nn.Parameter and weight.dtype == np.float64
    np.testing.assert_allclose(weight.detach().numpy(), before - 0.5 * 4)
    assert list(layer.state_dict()) == ["weight", "bias"]


def test_lazy_layers_refuse_a_state_dict_before_their_first_call_and_keep_dtype_and_mode():
    model = nn.Sequential(nn.LazyConv2d(4, 3), nn.Flatten(), nn.LazyLinear(2, bias=False))
    with pytest.raises(RuntimeError, match="no shape yet .* call the module once"):
        model.state_dict()
    model.to(ag.float64).eval()
    y = model(ag.randn(2, 3, 5, 5, dtype=ag.float64))
    assert y.dtype == np.float64 and model[2].bias is None and not model[0].training
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight"]
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.LazyConv2d(4, 3, groups=2)(ag.randn(1, 3, 5, 5))


# -- multi_head_attention_forward -----------------------------------------------------------------

def _mha_case(separate, bias_kv, masks, unbatched, static, rng):
    """The arrays and masks of one F.multi_head_attention_forward call (E = 4, H = 2, L = 3, S = 5)."""
    lead = () if unbatched else (2,)
    kdim = 3 if separate else 4
    arrays = {"query": rng.standard_normal((3,) + lead + (4,)), "key": rng.standard_normal((5,) + lead + (kdim,)),
              "value": rng.standard_normal((5,) + lead + (kdim,)), "in_proj_bias": rng.standard_normal(12),
              "out_proj_weight": rng.standard_normal((4, 4)), "out_proj_bias": rng.standard_normal(4)}
    if separate:
        arrays.update(q_proj_weight=rng.standard_normal((4, 4)), k_proj_weight=rng.standard_normal((4, kdim)),
                      v_proj_weight=rng.standard_normal((4, kdim)))
    else:
        arrays["in_proj_weight"] = rng.standard_normal((12, 4))
    if bias_kv:
        arrays.update(bias_k=rng.standard_normal((1, 1, 4)), bias_v=rng.standard_normal((1, 1, 4)))
    if static:
        arrays.update(static_k=rng.standard_normal((4, 5, 2)), static_v=rng.standard_normal((4, 5, 2)))
    mask_arrays = {"attn_mask": rng.random((3, 5)) > 0.7, "key_padding_mask": rng.random(lead + (5,)) > 0.8}
    return arrays, mask_arrays if masks else {}


@pytest.mark.parametrize("separate,bias_kv,zero_attn,masks,unbatched,static", [
    (False, False, False, False, False, False), (True, False, False, True, False, False),
    (False, True, True, True, False, False), (False, False, False, True, True, False),
    (True, True, False, False, True, False), (False, False, True, True, False, True)])
@pytest.mark.parametrize("average", [True, False])
def test_multi_head_attention_forward_matches_torch(separate, bias_kv, zero_attn, masks, unbatched, static, average):
    torch = pytest.importorskip("torch")
    arrays, mask_arrays = _mha_case(separate, bias_kv, masks, unbatched, static, np.random.default_rng(3))

    def call(f, to_tensor, *xs):
        a = dict(zip(arrays, xs))
        out, weights = f(a["query"], a["key"], a["value"], 4, 2, a.get("in_proj_weight"), a["in_proj_bias"],
                         a.get("bias_k"), a.get("bias_v"), zero_attn, 0.0, a["out_proj_weight"], a["out_proj_bias"],
                         use_separate_proj_weight=separate, q_proj_weight=a.get("q_proj_weight"),
                         k_proj_weight=a.get("k_proj_weight"), v_proj_weight=a.get("v_proj_weight"),
                         static_k=a.get("static_k"), static_v=a.get("static_v"), average_attn_weights=average,
                         **{k: to_tensor(m) for k, m in mask_arrays.items()})
        return out + 0.0 * weights.sum()  # the weights take part (their values are compared in the next test)

    # with static_k and static_v, key and value are unused: torch gives them zero gradients, we none
    compare(lambda *xs: call(F.multi_head_attention_forward, ag.tensor, *xs),
            lambda *xs: call(torch.nn.functional.multi_head_attention_forward, torch.tensor, *xs),
            list(arrays.values()), diff=[i for i in range(len(arrays)) if not static or i not in (1, 2)])


def test_multi_head_attention_forward_weights_and_errors():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    q, k = rng.standard_normal((3, 2, 4)), rng.standard_normal((5, 2, 4))
    w_in, b_in, w_out, b_out = (rng.standard_normal(s) for s in ((12, 4), (12,), (4, 4), (4,)))
    ours = F.multi_head_attention_forward(*map(ag.tensor, (q, k, k)), 4, 2, ag.tensor(w_in), ag.tensor(b_in), None,
                                          None, False, 0.0, ag.tensor(w_out), ag.tensor(b_out),
                                          average_attn_weights=False)
    theirs = torch.nn.functional.multi_head_attention_forward(
        *map(torch.tensor, (q, k, k)), 4, 2, torch.tensor(w_in), torch.tensor(b_in), None, None, False, 0.0,
        torch.tensor(w_out), torch.tensor(b_out), average_attn_weights=False)
    np.testing.assert_allclose(ours[1].numpy(), theirs[1].numpy(), atol=1e-12)
    x = ag.tensor(q)
    assert F.multi_head_attention_forward(x, x, x, 4, 2, ag.tensor(w_in), None, None, None, False, 0.0,
                                          ag.tensor(w_out), None, need_weights=False)[1] is None
    args = (x, x, x, 4, 2, ag.tensor(w_in), None, None, None, False, 0.0, ag.tensor(w_out), None)
    with pytest.raises(ValueError, match=r"embed_dim \(4\) must be divisible by num_heads \(3\)"):
        F.multi_head_attention_forward(*args[:4], 3, *args[5:])
    with pytest.raises(ValueError, match="needs q_proj_weight, k_proj_weight and v_proj_weight"):
        F.multi_head_attention_forward(*args, use_separate_proj_weight=True)
    with pytest.raises(ValueError, match=r"static_k must have shape \(N \* num_heads, S, head_dim\)"):
        F.multi_head_attention_forward(*args, static_k=ag.zeros(3, 5, 2))
    with pytest.raises(ValueError, match="bias_k and bias_v cannot be added to static_k"):
        F.multi_head_attention_forward(*args[:7], ag.zeros(1, 1, 4), ag.zeros(1, 1, 4), *args[9:],
                                       static_k=ag.zeros(4, 5, 2))
    with pytest.raises(ValueError, match="query of shape .* should have 4 features"):
        F.multi_head_attention_forward(ag.zeros(3, 2, 5), *args[1:])
