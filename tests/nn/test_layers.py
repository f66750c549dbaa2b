"""Layers: Linear, Dropout, BatchNorm, LayerNorm, Embedding, Flatten, Identity, activation and loss modules."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn


def test_linear_shapes_dtype_and_errors():
    fc = nn.Linear(4, 3)
    assert fc.weight.shape == (3, 4) and fc.bias.shape == (3,)
    assert fc(ag.randn(2, 5, 4)).shape == (2, 5, 3)
    assert fc(ag.randn(4)).shape == (3,)
    assert nn.Linear(4, 3, bias=False).bias is None
    assert repr(nn.Linear(4, 3, bias=False)) == "Linear(in_features=4, out_features=3, bias=False)"
    with pytest.raises(ValueError, match=r"\(2, 5\).*\(3, 4\)"):
        fc(ag.randn(2, 5))


def test_linear_gradients_skip_what_is_not_needed():
    fc = nn.Linear(4, 3)
    x = ag.randn(5, 4)
    fc(x).sum().backward()
    np.testing.assert_allclose(fc.bias.grad.numpy(), np.full(3, 5.0))
    np.testing.assert_allclose(fc.weight.grad.numpy(), np.tile(x.numpy().sum(0), (3, 1)), rtol=1e-5)
    assert x.grad is None


def test_linear_double_backward():
    x = ag.randn(3, 4, dtype=np.float64, requires_grad=True)
    w = ag.randn(2, 4, dtype=np.float64, requires_grad=True)
    gx, = ag.grad((F.linear(x, w) ** 2).sum(), [x], create_graph=True)
    (gx * gx).sum().backward()
    assert w.grad is not None and w.grad.shape == w.shape


def test_dropout_train_eval():
    drop = nn.Dropout(0.25)
    x = ag.ones(200, 100)
    y = drop(x).numpy()
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_allclose(y[kept], 1 / 0.75)
    drop.eval()
    assert drop(x) is x
    assert float(nn.Dropout(1.0)(x).abs().sum()) == 0
    assert repr(drop) == "Dropout(p=0.25, inplace=False)"
    with pytest.raises(ValueError):
        nn.Dropout(1.5)
    xg = ag.ones(10, 10, requires_grad=True)
    out = F.dropout(xg, 0.5)
    out.sum().backward()
    np.testing.assert_array_equal(xg.grad.numpy(), out.detach().numpy())  # gradient is the same mask


def test_dropout_is_seeded_by_manual_seed():
    ag.manual_seed(1)
    a = F.dropout(ag.ones(5, 5)).numpy()
    ag.manual_seed(1)
    np.testing.assert_array_equal(a, F.dropout(ag.ones(5, 5)).numpy())


def test_batchnorm_running_stats_follow_pytorch_formulas():
    bn = nn.BatchNorm2d(3, momentum=0.2)
    rng = np.random.default_rng(0)
    mean, var = np.zeros(3), np.ones(3)
    for _ in range(3):
        x = rng.normal(2.0, 3.0, size=(4, 3, 5, 5)).astype(np.float32)
        y = bn(ag.tensor(x)).detach().numpy()
        m, v = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
        mean = 0.8 * mean + 0.2 * m
        var = 0.8 * var + 0.2 * v * 100 / 99  # unbiased
        np.testing.assert_allclose(y, (x - m[:, None, None]) / np.sqrt(v[:, None, None] + 1e-5), atol=1e-4)
    np.testing.assert_allclose(bn.running_mean.numpy(), mean, rtol=1e-5)
    np.testing.assert_allclose(bn.running_var.numpy(), var, rtol=1e-5)
    assert int(bn.num_batches_tracked) == 3
    bn.eval()
    y = bn(ag.tensor(x)).detach().numpy()
    np.testing.assert_allclose(y, (x - mean[:, None, None]) / np.sqrt(var[:, None, None] + 1e-5), rtol=1e-4,
                               atol=1e-5)
    assert int(bn.num_batches_tracked) == 3


def test_batchnorm_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    ours, theirs = nn.BatchNorm1d(4, momentum=None).double(), torch.nn.BatchNorm1d(4, momentum=None).double()
    for _ in range(3):
        x = rng.normal(size=(6, 4, 3))
        a, b = ours(ag.tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    for name in ("running_mean", "running_var"):
        np.testing.assert_allclose(getattr(ours, name).numpy(), getattr(theirs, name).numpy(), atol=1e-12)


def test_batchnorm_options_and_errors():
    bn = nn.BatchNorm1d(3, affine=False, track_running_stats=False)
    assert list(bn.state_dict()) == [] and bn.running_mean is None
    bn.eval()
    y = bn(ag.randn(8, 3) * 5 + 2).numpy()  # no running stats: batch statistics even in eval
    np.testing.assert_allclose(y.mean(0), 0, atol=1e-5)
    with pytest.raises(ValueError, match="more than 1 value"):
        nn.BatchNorm1d(3)(ag.randn(1, 3))
    with pytest.raises(ValueError, match="4D"):
        nn.BatchNorm2d(3)(ag.randn(2, 3))


def test_layernorm_against_pytorch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).normal(size=(2, 3, 4))
    ln, tln = nn.LayerNorm([3, 4]).double(), torch.nn.LayerNorm([3, 4]).double()
    with torch.no_grad():
        tln.weight.uniform_(), tln.bias.uniform_()
    ln.load_state_dict({k: v.numpy() for k, v in tln.state_dict().items()})
    np.testing.assert_allclose(ln(ag.tensor(x)).detach().numpy(), tln(torch.tensor(x)).detach().numpy(),
                               atol=1e-12)
    assert repr(ln) == repr(tln) == "LayerNorm((3, 4), eps=1e-05, elementwise_affine=True, bias=True)"


def test_embedding_padding_idx_gets_no_gradient():
    emb = nn.Embedding(6, 3, padding_idx=2)
    np.testing.assert_array_equal(emb.weight.detach().numpy()[2], 0)
    idx = ag.tensor([[0, 2, 5], [2, 2, 0]])
    out = emb(idx)
    assert out.shape == (2, 3, 3)
    out.sum().backward()
    g = emb.weight.grad.numpy()
    np.testing.assert_array_equal(g[:, 0], [2, 0, 0, 0, 0, 1])
    with pytest.raises(IndexError, match="out of range"):
        emb(ag.tensor([6]))
    with pytest.raises(TypeError, match="integer"):
        emb(ag.tensor([1.0]))
    frozen = nn.Embedding.from_pretrained(ag.randn(4, 2))
    assert not frozen.weight.requires_grad


def test_one_hot():
    out = F.one_hot(ag.tensor([0, 2, 1]))
    assert out.dtype == np.int64 and out.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert F.one_hot(ag.tensor([[1]]), 4).shape == (1, 1, 4)
    with pytest.raises(IndexError):
        F.one_hot(ag.tensor([5]), 3)


def test_flatten_unflatten_identity():
    x = ag.randn(2, 3, 4, 5)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 1)(x).shape == (6, 4, 5)
    assert nn.Unflatten(1, (3, 20))(nn.Flatten()(x)).shape == (2, 3, 20)
    assert nn.Identity(54, unused="x")(x) is x and F.identity(x) is x


@pytest.mark.parametrize("name,kwargs", [
    ("ReLU", {}), ("LeakyReLU", {"negative_slope": 0.1}), ("ELU", {"alpha": 0.5}), ("SELU", {}),
    ("GELU", {}), ("GELU", {"approximate": "tanh"}), ("SiLU", {}), ("Softplus", {"beta": 2.0}),
    ("Sigmoid", {}), ("Tanh", {}), ("Softmax", {"dim": 1}), ("LogSoftmax", {"dim": 1}),
    ("Hardtanh", {"min_val": -2.0, "max_val": 2.0}), ("ReLU6", {}), ("Mish", {}), ("LogSigmoid", {}),
    ("Hardswish", {}), ("Hardsigmoid", {}), ("CELU", {}), ("Softmin", {"dim": 1}),
])
def test_activation_modules_match_pytorch(name, kwargs):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).normal(size=(4, 5)) * 3
    ours = getattr(nn, name)(**kwargs)
    theirs = getattr(torch.nn, name)(**kwargs)
    np.testing.assert_allclose(ours(ag.tensor(x)).numpy(), theirs(torch.tensor(x)).numpy(), atol=1e-12)
    assert repr(ours) == repr(theirs)


def test_step_module():
    x = ag.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    y = nn.Step()(x)
    assert y.tolist() == [0.0, 0.0, 1.0]
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]
    assert F.step(ag.tensor([0.0]), value=0.5).tolist() == [0.5]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name,kwargs", [
    ("MSELoss", {}), ("L1Loss", {"reduction": "sum"}), ("SmoothL1Loss", {"beta": 0.5}),
    ("HuberLoss", {"delta": 0.5, "reduction": "none"}), ("BCEWithLogitsLoss", {}), ("KLDivLoss", {}),
])
def test_regression_loss_modules_match_pytorch(name, kwargs):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(3, 4)), rng.uniform(size=(3, 4))
    ours = getattr(nn, name)(**kwargs)(ag.tensor(x), ag.tensor(y))
    theirs = getattr(torch.nn, name)(**kwargs)(torch.tensor(x), torch.tensor(y))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-12)


def test_classification_loss_modules_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x, t, w = rng.normal(size=(6, 4)), rng.integers(0, 4, 6), rng.uniform(0.5, 2, 4)
    pairs = [
        (nn.CrossEntropyLoss(weight=ag.tensor(w), label_smoothing=0.1),
         torch.nn.CrossEntropyLoss(weight=torch.tensor(w), label_smoothing=0.1), x),
        (nn.NLLLoss(ignore_index=1), torch.nn.NLLLoss(ignore_index=1), x),
        (nn.MultiMarginLoss(p=2, margin=0.5), torch.nn.MultiMarginLoss(p=2, margin=0.5), x),
    ]
    for ours, theirs, inp in pairs:
        np.testing.assert_allclose(ours(ag.tensor(inp), ag.tensor(t)).numpy(),
                                   theirs(torch.tensor(inp), torch.tensor(t)).numpy(), atol=1e-12)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(nn.BCELoss()(ag.tensor(s), ag.tensor(s[::-1].copy())).numpy(),
                               torch.nn.BCELoss()(torch.tensor(s), torch.tensor(s[::-1].copy())).numpy())
    assert "weight" in dict(nn.CrossEntropyLoss(weight=ag.ones(3)).named_buffers())


def test_epsilon_insensitive_loss_module():
    loss = nn.EpsilonInsensitiveLoss(epsilon=0.5)
    out = loss(ag.tensor([0.0, 0.0, 0.0]), ag.tensor([0.2, 1.0, -2.0]))
    assert out.item() == pytest.approx((0 + 0.5 + 1.5) / 3)


def test_dropout2d_zeroes_whole_channels_in_training_only():
    ag.manual_seed(0)
    layer = nn.Dropout2d(0.5)
    y = layer(ag.ones(8, 6, 3, 3)).numpy()
    per_channel = y.reshape(8, 6, 9)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all()  # a channel is kept or dropped whole
    assert 0 < (per_channel[:, :, 0] == 0).sum() < 48
    layer.eval()
    np.testing.assert_array_equal(layer(ag.ones(2, 3, 2, 2)).numpy(), np.ones((2, 3, 2, 2)))
    with pytest.raises(ValueError, match="dropout2d: expected a 4-D input"):
        nn.Dropout2d()(ag.ones(2, 3))


def test_pixel_shuffle_layers_invert_each_other_and_check_their_input():
    x = ag.randn(2, 8, 3, 5)
    up = nn.PixelShuffle(2)
    assert repr(up) == "PixelShuffle(upscale_factor=2)"
    y = up(x)
    assert y.shape == (2, 2, 6, 10)
    np.testing.assert_array_equal(nn.PixelUnshuffle(2)(y).numpy(), x.numpy())
    with pytest.raises(ValueError, match="pixel_shuffle: input of shape .* has 8 channels"):
        nn.PixelShuffle(3)(x)
    with pytest.raises(ValueError, match="pixel_unshuffle: .* downscale_factor 2 must divide"):
        nn.PixelUnshuffle(2)(ag.randn(1, 1, 3, 4))


def test_embedding_max_norm_renormalises_the_rows_it_looks_up_in_place():
    emb = nn.Embedding(3, 2, max_norm=1.0, _weight=ag.tensor([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]]))
    y = emb(ag.tensor([0, 1, 0]))
    np.testing.assert_allclose(y.detach().numpy(), [[0.6, 0.8], [0.3, 0.4], [0.6, 0.8]], rtol=1e-6)
    np.testing.assert_allclose(emb.weight.detach().numpy()[2], [6.0, 8.0])  # not looked up: untouched
    assert repr(emb) == "Embedding(3, 2, max_norm=1.0)"


def test_embedding_scale_grad_by_freq_divides_by_the_count_in_the_batch():
    emb = nn.Embedding(4, 2, scale_grad_by_freq=True)
    emb(ag.tensor([[1, 1, 3], [1, 0, 3]])).sum().backward()
    np.testing.assert_allclose(emb.weight.grad.numpy(), [[1, 1], [1, 1], [0, 0], [1, 1]])  # 3/3, 2/2, 1/1


def test_embedding_arguments_follow_pytorchs_order_and_match_it():
    torch = pytest.importorskip("torch")
    w = np.random.default_rng(0).standard_normal((6, 3))
    idx = np.array([[0, 2, 2], [5, 2, 1]])
    ours = nn.Embedding(6, 3, 2, 0.5, 1.0, True, _weight=ag.tensor(w.copy()))
    ref = torch.nn.Embedding(6, 3, 2, 0.5, 1.0, True, _weight=torch.tensor(w.copy()))
    g = np.random.default_rng(1).standard_normal((2, 3, 3))
    ours(ag.tensor(idx)).backward(ag.tensor(g))
    ref(torch.tensor(idx)).backward(torch.tensor(g))
    np.testing.assert_allclose(ours.weight.grad.numpy(), ref.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.weight.detach().numpy(), ref.weight.detach().numpy(), rtol=1e-12)
    assert not nn.Embedding.from_pretrained(ag.randn(4, 2)).weight.requires_grad


def test_instance_norm_bias_false_keeps_only_the_scale():
    m = nn.InstanceNorm2d(3, affine=True, bias=False)
    assert list(m.state_dict()) == ["weight"] and m.bias is None
    m.reset_parameters()
    y = m(ag.randn(2, 3, 4, 4))
    np.testing.assert_allclose(y.detach().numpy().mean(axis=(2, 3)), 0, atol=1e-5)


def test_constant_padding_layers_take_any_dims_and_negative_widths_crop():
    assert nn.ZeroPad2d(1)(ag.randn(3, 4)).shape == (5, 6)
    assert nn.ConstantPad2d((1, -1, 0, 0), 2.0)(ag.randn(1, 2, 3, 4, 5)).shape == (1, 2, 3, 4, 5)
    np.testing.assert_array_equal(nn.ZeroPad2d((0, 0, -1, 0))(ag.tensor([[1.0], [2.0]])).numpy(), [[2.0]])
    with pytest.raises(ValueError, match="expected 3D"):
        nn.ReflectionPad2d(1)(ag.randn(3, 4))
    with pytest.raises(ValueError, match=r"crop more than the input's shape \(2, 3\) holds"):
        F.pad(ag.randn(2, 3), (-2, -2))
