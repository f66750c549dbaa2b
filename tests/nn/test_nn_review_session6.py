"""Regression tests for the review of the day's nn additions (pooling, resize, embedding bags, losses, layers)."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn import functional as F
from tests.torch_parity import compare

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize("dims, size, kernel, stride", [(1, 1, 2, 2), (1, 3, 5, 3), (2, 1, 2, 2), (2, 2, 3, 2)])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_ceil_mode_kernel_longer_than_the_input_makes_one_window(dims, size, kernel, stride, kind):
    # PyTorch's ceil mode keeps a window that starts inside the input even when the kernel overhangs it
    x = np.random.default_rng(0).standard_normal((2, 3) + (size,) * dims)
    ours = getattr(F, f"{kind}_pool{dims}d")
    theirs = getattr(TF, f"{kind}_pool{dims}d")
    compare(lambda t: ours(t, kernel, stride, ceil_mode=True), lambda t: theirs(t, kernel, stride, ceil_mode=True), [x])
    with pytest.raises(ValueError, match=f"{kind}_pool{dims}d: input of spatial size"):
        ours(x, kernel, stride)  # floor mode: no window fits


def test_avg_pool3d_refuses_an_input_smaller_than_the_kernel_as_pytorch():
    x = np.zeros((1, 1, 1, 4, 4))
    with pytest.raises(RuntimeError):
        TF.avg_pool3d(torch.tensor(x), 2, padding=1)
    with pytest.raises(ValueError, match=r"avg_pool3d: input of spatial size \(1, 4, 4\) is smaller than the kernel"):
        F.avg_pool3d(x, 2, padding=1)
    compare(lambda t: F.avg_pool3d(t, (1, 2, 2), padding=(0, 1, 1)),
            lambda t: TF.avg_pool3d(t, (1, 2, 2), padding=(0, 1, 1)), [np.arange(16.0).reshape(1, 1, 1, 4, 4)])


def test_interpolate_area_to_size_zero_is_empty_as_pytorch():
    x = ag.tensor(np.random.default_rng(0).standard_normal((1, 2, 3, 4)), requires_grad=True)
    y = F.interpolate(x, size=(0, 2), mode="area")
    assert y.shape == tuple(TF.interpolate(torch.zeros(1, 2, 3, 4), size=(0, 2), mode="area").shape) == (1, 2, 0, 2)
    y.sum().backward()
    assert (x.grad.numpy() == 0).all()
    assert F.interpolate(x, scale_factor=0.2, mode="area").shape == (1, 2, 0, 0)
    with pytest.raises(ValueError, match=r"interpolate: bad output size \(0, 2\) .* sizes of at least 1"):
        F.interpolate(x, size=(0, 2), mode="bilinear")


def test_embedding_bag_max_refuses_scale_grad_by_freq_as_pytorch():
    w, idx, offsets = np.ones((5, 2)), np.array([1, 2, 3]), np.array([0, 1])
    with pytest.raises(ValueError):
        TF.embedding_bag(torch.tensor(idx), torch.tensor(w), torch.tensor(offsets), mode="max", scale_grad_by_freq=True)
    with pytest.raises(ValueError, match="embedding_bag: mode='max' does not support scale_grad_by_freq=True"):
        F.embedding_bag(idx, w, offsets, mode="max", scale_grad_by_freq=True)
    with pytest.raises(ValueError, match="does not support scale_grad_by_freq"):
        nn.EmbeddingBag(5, 2, mode="max", scale_grad_by_freq=True)(idx, offsets)


@pytest.mark.parametrize("shape", [(5,), (1, 5), (4, 5), (3, 1)])
def test_multilabel_margin_loss_matches_pytorch_with_repeated_and_unlisted_targets(shape):
    rng = np.random.default_rng(sum(shape))
    c = shape[-1]
    target = rng.integers(0, c, shape)
    target.reshape(-1, c)[0, -1] = target.reshape(-1, c)[0, 0]  # a class listed twice counts twice
    if len(shape) == 2 and shape[0] > 2 and c > 2:
        target[1, 0] = -1  # a sample with no targets
        target[2, 2] = -1  # entries after the first -1 are ignored
    for reduction in ("none", "sum", "mean"):
        compare(lambda x, t: F.multilabel_margin_loss(x, t, reduction=reduction),
                lambda x, t: TF.multilabel_margin_loss(x, t, reduction=reduction), [rng.standard_normal(shape), target])


def test_multilabel_margin_loss_keeps_float32():
    x = ag.tensor(np.ones((2, 3), np.float32), requires_grad=True)
    y = F.multilabel_margin_loss(x, np.array([[0, -1, 0], [1, 2, -1]]))
    y.backward()
    assert y.dtype == x.grad.dtype == np.float32


def test_upsample_keeps_its_scale_factor_as_floats_as_pytorch():
    for factor in (2, (2, 3)):
        assert repr(nn.Upsample(scale_factor=factor)) == repr(torch.nn.Upsample(scale_factor=factor))
    assert repr(nn.Upsample(size=3)) == repr(torch.nn.Upsample(size=3))


def test_multihead_attention_repr_as_pytorch():
    # PyTorch's MultiheadAttention has no extra_repr: only its out_proj shows
    assert repr(nn.MultiheadAttention(8, 2)) == ("MultiheadAttention(\n  (out_proj): Linear(in_features=8, "
                                                 "out_features=8, bias=True)\n)")


def test_multihead_attention_fully_masked_query_gives_zeros():
    mha = nn.MultiheadAttention(4, 2)
    x = ag.randn(3, 1, 4)
    mask = np.array([[True, True, True], [False, True, True], [False, False, False]])
    out, weights = mha(x, x, x, attn_mask=mask)
    assert (out.detach().numpy()[0] == mha.out_proj.bias.detach().numpy()).all()  # zero attention output, then out_proj's bias
    assert (weights.detach().numpy()[0, 0] == 0).all() and np.isfinite(out.detach().numpy()).all()
