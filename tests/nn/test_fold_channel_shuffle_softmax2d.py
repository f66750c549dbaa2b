"""F.unfold / F.fold (nn.Unfold / nn.Fold), F.channel_shuffle (nn.ChannelShuffle) and nn.Softmax2d against
PyTorch as the oracle: values, gradients, gradients of gradients, repr and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

torch = pytest.importorskip("torch")


def _check(ours, theirs, x, double=False):
    """Forward and input gradient of ours against theirs; with ``double`` also the gradient of
    <gx, v> with respect to the output gradient (through the op's adjoint)."""
    rng = np.random.default_rng(1)
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    ty, ay = theirs(tx), ours(ax)
    assert ay.shape == tuple(ty.shape)
    np.testing.assert_allclose(ay.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    g = rng.standard_normal(ay.shape)
    tg, ag_ = torch.tensor(g, requires_grad=True), ag.tensor(g, requires_grad=True)
    tgx, = torch.autograd.grad(ty, tx, tg, create_graph=double)
    agx, = ag.grad((ay * ag_).sum(), ax, create_graph=double)
    np.testing.assert_allclose(agx.detach().numpy(), tgx.detach().numpy(), atol=1e-12)
    if double:
        v = rng.standard_normal(x.shape)
        tgg, = torch.autograd.grad((tgx * torch.tensor(v)).sum(), tg)
        agg, = ag.grad((agx * ag.tensor(v)).sum(), ag_)
        np.testing.assert_allclose(agg.numpy(), tgg.numpy(), atol=1e-12)


UNFOLD_CASES = [
    ((2, 3, 5, 6), dict(kernel_size=2)),
    ((2, 3, 5, 6), dict(kernel_size=(3, 2), stride=(2, 1), padding=1)),
    ((1, 2, 7, 8), dict(kernel_size=(2, 3), dilation=(2, 1), padding=(1, 2), stride=(1, 3))),
    ((3, 6, 5), dict(kernel_size=3, padding=1)),
    ((2, 1, 4, 4), dict(kernel_size=4, stride=2, padding=2)),
]


@pytest.mark.parametrize("shape,kw", UNFOLD_CASES)
def test_unfold_matches_torch(shape, kw):
    x = np.random.default_rng(0).standard_normal(shape)
    _check(lambda v: F.unfold(v, **kw), lambda v: torch.nn.functional.unfold(v, **kw), x, double=True)


@pytest.mark.parametrize("shape,kw", UNFOLD_CASES)
def test_fold_matches_torch_and_inverts_unfold_up_to_overlap_counts(shape, kw):
    blocks = torch.nn.functional.unfold(torch.zeros(shape), **kw).shape
    x = np.random.default_rng(0).standard_normal(blocks)
    size = shape[-2:]
    _check(lambda v: F.fold(v, size, **kw), lambda v: torch.nn.functional.fold(v, size, **kw), x, double=True)
    counts = F.fold(F.unfold(ag.ones(*shape), **kw), size, **kw)
    image = ag.tensor(np.random.default_rng(2).standard_normal(shape))
    np.testing.assert_allclose((F.fold(F.unfold(image, **kw), size, **kw) / counts).numpy(), image.numpy())


def test_layers_match_torch():
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 5))
    kw = dict(kernel_size=(2, 3), dilation=1, padding=1, stride=2)
    ours, theirs = nn.Unfold(**kw), torch.nn.Unfold(**kw)
    assert repr(ours) == repr(theirs)
    _check(ours, theirs, x)
    cols = theirs(torch.tensor(x)).numpy()
    ours, theirs = nn.Fold((6, 5), **kw), torch.nn.Fold((6, 5), **kw)
    assert repr(ours) == repr(theirs)
    _check(ours, theirs, cols)


@pytest.mark.parametrize("shape,groups", [((2, 6, 3), 3), ((2, 6, 4, 5), 2), ((1, 12, 2, 3, 2), 4), ((3, 5, 2), 1)])
def test_channel_shuffle_matches_torch(shape, groups):
    x = np.random.default_rng(0).standard_normal(shape)
    _check(lambda v: F.channel_shuffle(v, groups), lambda v: torch.nn.functional.channel_shuffle(v, groups), x)
    ours, theirs = nn.ChannelShuffle(groups), torch.nn.ChannelShuffle(groups)
    assert repr(ours) == repr(theirs)
    _check(ours, theirs, x)


def test_channel_shuffle_keeps_integer_tensors():
    x = np.arange(12).reshape(1, 6, 2)
    np.testing.assert_array_equal(F.channel_shuffle(ag.tensor(x), 2).numpy(),
                                  torch.nn.functional.channel_shuffle(torch.tensor(x), 2).numpy())


@pytest.mark.parametrize("shape", [(2, 4, 3, 5), (4, 3, 5)])
def test_softmax2d_matches_torch(shape):
    x = np.random.default_rng(0).standard_normal(shape)
    assert repr(nn.Softmax2d()) == repr(torch.nn.Softmax2d())
    _check(nn.Softmax2d(), torch.nn.Softmax2d(), x, double=True)


ERRORS = [
    (lambda: F.unfold(ag.randn(2, 3, 4, 5, 6), 2), ValueError, "unfold: expected a 4-D input"),
    (lambda: F.unfold(ag.randn(1, 1, 4, 4), 5), ValueError, "unfold: input of spatial size"),
    (lambda: F.unfold(ag.randn(1, 1, 4, 4), 2, padding=-1), ValueError, "unfold: padding must be non-negative"),
    (lambda: F.unfold(ag.randn(1, 1, 4, 4), 2, stride=0), ValueError, "unfold: .* must be positive"),
    (lambda: F.unfold(ag.ones(1, 1, 4, 4, dtype=np.int64), 2), TypeError, "unfold: expected a floating-point"),
    (lambda: F.fold(ag.randn(1, 12, 24), (6, 6), 2), ValueError, "fold: input of shape .* has 24 blocks"),
    (lambda: F.fold(ag.randn(1, 10, 25), (6, 6), 2), ValueError, "fold: .* 10 rows, which must be divisible"),
    (lambda: F.fold(ag.randn(1, 12, 25, 1), (6, 6), 2), ValueError, "fold: expected a 3-D input"),
    (lambda: F.fold(ag.randn(1, 12, 25), (6, 6, 6), 2), ValueError, "fold: output_size must be"),
    (lambda: F.channel_shuffle(ag.randn(2, 6), 3), ValueError, "channel_shuffle: expected an input of at least 3"),
    (lambda: F.channel_shuffle(ag.randn(2, 6, 3), 4), ValueError, "6 channels .* not divisible by groups=4"),
    (lambda: F.channel_shuffle(ag.randn(2, 6, 3), 0), ValueError, "groups must be positive"),
    (lambda: nn.Softmax2d()(ag.randn(2, 3)), ValueError, "Softmax2d: expected a 3-D or 4-D input"),
]


@pytest.mark.parametrize("call,error,match", ERRORS)
def test_errors_name_the_op_and_the_problem(call, error, match):
    with pytest.raises(error, match=match):
        call()
