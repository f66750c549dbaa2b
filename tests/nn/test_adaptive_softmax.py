"""nn.AdaptiveLogSoftmaxWithLoss: against PyTorch (weights copied over), gradient checks and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn
from autograd_core.nn.utils.stateless import functional_call

CONFIGS = [  # (in_features, n_classes, cutoffs, div_value, head_bias)
    (8, 10, [3], 4.0, False),
    (8, 12, [2, 5, 9], 2.0, True),
    (16, 20, [4, 10], 4.0, False),
]


def _pair(torch, config):
    """Our module and torch's, double precision, holding torch's weights."""
    in_features, n_classes, cutoffs, div_value, head_bias = config
    torch.manual_seed(0)
    theirs = torch.nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value, head_bias).double()
    ours = nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value, head_bias).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def _grads(module):
    return {k: p.grad.numpy() for k, p in module.named_parameters() if p.grad is not None}


def _targets(n_classes, batch):
    """Every class, then random ones (so every cluster is hit)."""
    rng = np.random.default_rng(1)
    return np.concatenate([np.arange(n_classes), rng.integers(0, n_classes, batch - n_classes)])


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("which", ["all", "shortlist", "tail", "unbatched"])
def test_forward_loss_and_gradients_match_torch(config, which):
    torch = pytest.importorskip("torch")
    ours, theirs = _pair(torch, config)
    n_classes, shortlist = config[1], config[2][0]
    target = {"all": _targets(n_classes, 30), "shortlist": np.arange(shortlist).repeat(2),
              "tail": np.arange(shortlist, n_classes), "unbatched": np.array(n_classes - 1)}[which]
    shape = (config[0],) if target.ndim == 0 else (len(target), config[0])
    x = np.random.default_rng(2).standard_normal(shape)
    ax, tx = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, tout = ours(ax, ag.tensor(target)), theirs(tx, torch.tensor(target))
    assert out._fields == tout._fields == ("output", "loss")
    assert out.output.shape == tuple(tout.output.shape) and out.loss.shape == ()
    np.testing.assert_allclose(out.output.detach().numpy(), tout.output.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(out.loss.detach().numpy(), tout.loss.detach().numpy(), atol=1e-12)
    g = np.random.default_rng(3).standard_normal(out.output.shape)
    (out.loss + (out.output * ag.tensor(g)).sum()).backward()
    (tout.loss + (tout.output * torch.tensor(g)).sum()).backward()
    np.testing.assert_allclose(ax.grad.numpy(), tx.grad.numpy(), atol=1e-12)
    ours_grads, their_grads = _grads(ours), _grads(theirs)
    assert ours_grads.keys() == their_grads.keys()
    for k in their_grads:
        np.testing.assert_allclose(ours_grads[k], their_grads[k], atol=1e-12, err_msg=k)


@pytest.mark.parametrize("config", CONFIGS)
def test_log_prob_and_predict_match_torch(config):
    torch = pytest.importorskip("torch")
    ours, theirs = _pair(torch, config)
    x = np.random.default_rng(4).standard_normal((40, config[0])) * 3
    ax, tx = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    lp, tlp = ours.log_prob(ax), theirs.log_prob(tx)
    np.testing.assert_allclose(lp.detach().numpy(), tlp.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(np.exp(lp.detach().numpy()).sum(1), 1.0)
    g = np.random.default_rng(5).standard_normal(lp.shape)
    (lp * ag.tensor(g)).sum().backward()
    (tlp * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(ax.grad.numpy(), tx.grad.numpy(), atol=1e-12)
    for k, v in _grads(theirs).items():
        np.testing.assert_allclose(_grads(ours)[k], v, atol=1e-12, err_msg=k)
    predicted = ours.predict(ag.tensor(x))
    assert predicted.dtype == np.int64 and not predicted.requires_grad
    np.testing.assert_array_equal(predicted.numpy(), theirs.predict(torch.tensor(x)).numpy())
    np.testing.assert_array_equal(predicted.numpy(), lp.detach().numpy().argmax(1))


@pytest.mark.parametrize("bias", [-30.0, 30.0])
def test_predict_when_every_row_is_in_the_shortlist_or_none_is(bias):
    torch = pytest.importorskip("torch")
    ours, theirs = _pair(torch, CONFIGS[1])  # head_bias: push every head prediction into (out of) the shortlist
    head_bias = np.zeros(ours.head_size)
    head_bias[ours.shortlist_size:] = bias
    ours.head.bias.data = ag.tensor(head_bias)
    with torch.no_grad():
        theirs.head.bias.copy_(torch.tensor(head_bias))
    x = np.random.default_rng(6).standard_normal((10, 8))
    np.testing.assert_array_equal(ours.predict(ag.tensor(x)).numpy(), theirs.predict(torch.tensor(x)).numpy())


def test_repr_matches_torch():
    torch = pytest.importorskip("torch")
    assert repr(nn.AdaptiveLogSoftmaxWithLoss(16, 30, [5, 12], head_bias=True)) == \
        repr(torch.nn.AdaptiveLogSoftmaxWithLoss(16, 30, [5, 12], head_bias=True))


def test_gradcheck_and_gradgradcheck_in_float64():
    asm = nn.AdaptiveLogSoftmaxWithLoss(6, 9, [2, 5], div_value=2.0, head_bias=True).double()
    names = [k for k, _ in asm.named_parameters()]
    target = ag.tensor([0, 3, 8, 6, 1])

    def fn(x, *weights):  # the module's parameters replaced by the checked copies
        out = functional_call(asm, dict(zip(names, weights)), (x, target))
        return out.output * out.loss
    x = ag.tensor(np.random.default_rng(7).standard_normal((5, 6)), requires_grad=True)
    weights = [ag.tensor(p.detach().numpy(), requires_grad=True) for p in asm.parameters()]
    assert ag.gradcheck(fn, [x, *weights])
    assert ag.gradgradcheck(fn, [x, *weights])


@pytest.mark.parametrize("cutoffs", [[], [5, 3], [0, 4], [4, 10], [3, 3], [2.5]])
def test_bad_cutoffs(cutoffs):
    with pytest.raises(ValueError, match="cutoffs"):
        nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs)


@pytest.mark.parametrize("x_shape, target, error, match", [
    ((4, 8), [0, 1, 10, 2], RuntimeError, r"Target values should be in \[0, 9\]"),
    ((4, 8), [0, 1, -1, 2], RuntimeError, "Target values"),
    ((4, 8), [[0, 1], [2, 3]], RuntimeError, "multi-target"),
    ((3, 8), [0, 1, 2, 3], RuntimeError, "same size in the batch"),
    ((4, 2, 8), [0, 1, 2, 3], RuntimeError, "1D target tensor expects 2D input"),
    ((2, 8), 3, RuntimeError, "0D target tensor expects 1D input"),
    ((4, 8), [0.0, 1.0, 2.0, 3.0], TypeError, "integer"),
])
def test_bad_inputs(x_shape, target, error, match):
    asm = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6])
    with pytest.raises(error, match=match):
        asm(ag.zeros(*x_shape), ag.tensor(target))


@pytest.mark.parametrize("method", ["log_prob", "predict"])
def test_log_prob_and_predict_want_2d_input(method):
    with pytest.raises(ValueError, match=r"\(N, in_features\)"):
        getattr(nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3]), method)(ag.zeros(8))
