"""Distance, group/instance norm, shrink/gated activation and margin/likelihood loss layers:
construction, repr, state_dict keys, errors, and forward/backward against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

torch = pytest.importorskip("torch")


def _pair(a, requires_grad=False):
    """The same float64 data as (ours, torch's)."""
    return (ag.tensor(a, requires_grad=requires_grad),
            torch.tensor(a, dtype=torch.float64, requires_grad=requires_grad))


def _close(ours, theirs, **kw):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6, atol=1e-9, **kw)


def _same_forward_and_backward(ours, theirs, pairs, diff=None):
    """``ours`` and ``theirs`` called on the (ours, torch's) input ``pairs`` give the same output,
    and the same gradients of sum(output**2) for the inputs listed in ``diff`` (default: all)."""
    y, ty = ours(*[p[0] for p in pairs]), theirs(*[p[1] for p in pairs])
    _close(y, ty)
    (y * y).sum().backward()
    (ty * ty).sum().backward()
    for k in range(len(pairs)) if diff is None else diff:
        _close(pairs[k][0].grad, pairs[k][1].grad)


RNG = np.random.default_rng(0)
X1, X2, X3 = RNG.normal(size=(3, 4, 5))
SIGNS = RNG.choice([-1.0, 1.0], (4,))


# -- distances -----------------------------------------------------------------
@pytest.mark.parametrize("fn", ["cosine_similarity", "normalize", "pairwise_distance"])
@pytest.mark.parametrize("scale", [0.0, 1e-10])
def test_gradient_at_a_zero_or_tiny_vector_is_finite_and_matches_torch(fn, scale):
    a, ta = _pair(np.full((1, 3), scale), requires_grad=True)
    b, tb = _pair(np.array([[1.0, 2.0, 3.0]]), requires_grad=True)
    if fn == "normalize":
        F.normalize(a).sum().backward()
        torch.nn.functional.normalize(ta).sum().backward()
    else:
        getattr(F, fn)(a, b).sum().backward()
        getattr(torch.nn.functional, fn)(ta, tb).sum().backward()
    assert np.isfinite(a.grad.numpy()).all()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-6, atol=1e-5)
    if b.grad is not None:
        np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy(), rtol=1e-6, atol=1e-9)


def test_distance_modules_match_torch():
    (a, ta), (b, tb) = _pair(X1), _pair(X2)
    assert repr(nn.CosineSimilarity(dim=0)) == "CosineSimilarity(dim=0, eps=1e-08)"
    assert repr(nn.PairwiseDistance()) == "PairwiseDistance(p=2.0, eps=1e-06, keepdim=False)"
    _close(nn.CosineSimilarity(dim=0)(a, b), torch.nn.CosineSimilarity(dim=0)(ta, tb))
    _close(nn.PairwiseDistance(p=1.0, keepdim=True)(a, b), torch.nn.PairwiseDistance(p=1.0, keepdim=True)(ta, tb))
    assert nn.CosineSimilarity().state_dict() == {} and nn.PairwiseDistance().state_dict() == {}


def test_distance_errors_name_the_op_and_shapes():
    with pytest.raises(ValueError, match=r"cosine_similarity.*\(4, 5\).*\(3,\)"):
        F.cosine_similarity(ag.tensor(X1), ag.ones(3))
    with pytest.raises(IndexError, match="cosine_similarity"):
        F.cosine_similarity(ag.ones(3), ag.ones(3))  # dim=1 of a vector
    with pytest.raises(ValueError, match="pairwise_distance"):
        F.pairwise_distance(ag.tensor(1.0), ag.tensor(2.0))


# -- normalisation -------------------------------------------------------------
def test_group_norm_module_matches_torch_forward_and_backward():
    m, tm = nn.GroupNorm(2, 4), torch.nn.GroupNorm(2, 4).double()
    assert list(m.state_dict()) == list(tm.state_dict()) == ["weight", "bias"]
    assert repr(m) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"  # as torch 2.13
    assert list(nn.GroupNorm(2, 4, affine=False).state_dict()) == []
    assert list(nn.GroupNorm(2, 4, bias=False).state_dict()) == ["weight"]
    w = RNG.normal(size=4)
    m.weight.data = ag.tensor(w)
    tm.weight.data = torch.tensor(w)
    x, tx = _pair(RNG.normal(size=(3, 4, 2, 3)), requires_grad=True)
    y, ty = m(x), tm(tx)
    _close(y, ty)
    (y * y * ag.tensor(X1[0, :3, None, None, None])).sum().backward()
    (ty * ty * torch.tensor(X1[0, :3, None, None, None])).sum().backward()
    _close(x.grad, tx.grad)
    _close(m.weight.grad, tm.weight.grad)
    _close(m.bias.grad, tm.bias.grad)


def test_group_norm_errors():
    with pytest.raises(ValueError, match=r"num_channels \(4\).*num_groups \(3\)"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match=r"group_norm.*\(2, 4, 3\).*num_groups=3"):
        F.group_norm(ag.ones(2, 4, 3), 3)
    with pytest.raises(ValueError, match=r"group_norm: weight has shape \(3,\).*4 channels"):
        F.group_norm(ag.ones(2, 4, 3), 2, weight=ag.ones(3))


@pytest.mark.parametrize("cls,shape", [("InstanceNorm1d", (2, 3, 5)), ("InstanceNorm2d", (2, 3, 4, 2))])
def test_instance_norm_running_stats_match_torch(cls, shape):
    m = getattr(nn, cls)(3, momentum=0.3, affine=True, track_running_stats=True, dtype=np.float64)
    tm = getattr(torch.nn, cls)(3, momentum=0.3, affine=True, track_running_stats=True).double()
    assert list(m.state_dict()) == list(tm.state_dict())
    for _ in range(2):
        x, tx = _pair(RNG.normal(size=shape) * 2 + 1)
        _close(m(x), tm(tx))
    _close(m.running_mean, tm.running_mean)
    _close(m.running_var, tm.running_var)
    m.eval()
    tm.eval()
    x, tx = _pair(RNG.normal(size=shape))
    _close(m(x), tm(tx))


def test_instance_norm_defaults_unbatched_input_and_errors():
    m = nn.InstanceNorm1d(3)
    assert repr(m) == "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)"
    assert list(m.state_dict()) == [] and m.weight is None and m.running_mean is None
    x, tx = _pair(RNG.normal(size=(3, 6)))
    _close(m(x), torch.nn.InstanceNorm1d(3)(tx))
    m.eval()  # no running statistics: still the input's own
    _close(m(x), torch.nn.InstanceNorm1d(3)(tx))
    with pytest.raises(ValueError, match=r"InstanceNorm2d: expected 3D \(unbatched\) or 4D input"):
        nn.InstanceNorm2d(3)(ag.ones(2, 3))
    with pytest.raises(ValueError, match=r"InstanceNorm1d: expected 3 channels"):
        nn.InstanceNorm1d(3, affine=True)(ag.ones(2, 4, 5))
    with pytest.raises(ValueError, match=r"instance_norm: expected more than 1 spatial element.*\(2, 4, 1\)"):
        F.instance_norm(ag.ones(2, 4, 1))
    with pytest.raises(ValueError, match="use_input_stats=False needs running_mean"):
        F.instance_norm(ag.ones(2, 4, 3), use_input_stats=False)


# -- activations ---------------------------------------------------------------
@pytest.mark.parametrize("ours,theirs,text", [
    (nn.Softsign(), torch.nn.Softsign(), "Softsign()"),
    (nn.Tanhshrink(), torch.nn.Tanhshrink(), "Tanhshrink()"),
    (nn.Threshold(0.1, 20.0), torch.nn.Threshold(0.1, 20.0), "Threshold(threshold=0.1, value=20.0)"),
    (nn.Hardshrink(), torch.nn.Hardshrink(), "Hardshrink(lambd=0.5)"),
    (nn.Softshrink(0.3), torch.nn.Softshrink(0.3), "Softshrink(lambd=0.3)"),
    (nn.GLU(dim=0), torch.nn.GLU(dim=0), "GLU(dim=0)"),
])
def test_activation_modules_match_torch(ours, theirs, text):
    assert repr(ours) == text
    _same_forward_and_backward(ours, theirs, [_pair(X1, requires_grad=True)])


def test_prelu_module_parameters_and_gradients_match_torch():
    m, tm = nn.PReLU(3, init=0.1), torch.nn.PReLU(3, init=0.1).double()
    assert repr(m) == "PReLU(num_parameters=3)"
    assert list(m.state_dict()) == list(tm.state_dict()) == ["weight"]
    _same_forward_and_backward(m, tm, [_pair(RNG.normal(size=(2, 3, 4)), requires_grad=True)])
    _close(m.weight.grad, tm.weight.grad)
    assert nn.PReLU()(ag.tensor(X1)).shape == (4, 5)


def test_activation_errors():
    with pytest.raises(ValueError, match=r"glu: dimension -1 of input shape \(4, 5\) has odd size 5"):
        F.glu(ag.tensor(X1))
    with pytest.raises(ValueError, match=r"prelu: weight has 2 elements but input \(4, 5\) has 5 channels"):
        F.prelu(ag.tensor(X1), ag.ones(2))
    with pytest.raises(ValueError, match="softshrink: lambd must be >= 0"):
        F.softshrink(ag.tensor(X1), -1.0)
    with pytest.raises(TypeError, match="value"):
        nn.Threshold(0.1)


# -- losses --------------------------------------------------------------------
def _targets():
    return RNG.choice([-1.0, 1.0], (4, 5))


LOSSES = [  # (module name, options, inputs, which inputs torch differentiates too)
    ("MarginRankingLoss", dict(margin=0.2), lambda: (X1, X2, _targets()), (0, 1)),
    ("HingeEmbeddingLoss", dict(margin=0.5), lambda: (np.abs(X1), _targets()), (0,)),
    ("SoftMarginLoss", {}, lambda: (X1, _targets()), (0,)),
    ("CosineEmbeddingLoss", dict(margin=0.1), lambda: (X1, X2, SIGNS), (0, 1)),
    ("TripletMarginLoss", dict(margin=0.5, p=1.5, swap=True), lambda: (X1, X2, X3), (0, 1, 2)),
    ("GaussianNLLLoss", dict(full=True), lambda: (X1, X2, np.abs(X3) + 0.1), (0, 1, 2)),
    ("PoissonNLLLoss", dict(full=True), lambda: (X1, RNG.integers(0, 5, (4, 5)).astype(float)), (0,)),
    ("PoissonNLLLoss", dict(log_input=False), lambda: (np.abs(X1), RNG.integers(0, 5, (4, 5)).astype(float)),
     (0,)),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name,kwargs,inputs,diff", LOSSES, ids=[f"{c[0]}-{i}" for i, c in enumerate(LOSSES)])
def test_loss_modules_match_torch(name, kwargs, inputs, diff, reduction):
    ours = getattr(nn, name)(reduction=reduction, **kwargs)
    theirs = getattr(torch.nn, name)(reduction=reduction, **kwargs)
    assert ours.state_dict() == {}
    assert repr(ours) == (f"{name}()" if reduction == "mean" else f"{name}(reduction={reduction!r})")
    pairs = [_pair(a, requires_grad=k in diff) for k, a in enumerate(inputs())]
    _same_forward_and_backward(ours, theirs, pairs, diff)


def test_loss_errors_name_the_op_and_shapes():
    with pytest.raises(ValueError, match=r"margin_ranking_loss.*input1 \(4, 5\), input2 \(4, 5\), target \(4,\)"):
        F.margin_ranking_loss(ag.tensor(X1), ag.tensor(X2), ag.tensor(SIGNS))
    with pytest.raises(ValueError, match=r"cosine_embedding_loss.*\(4, 5\).*target \(5,\)"):
        F.cosine_embedding_loss(ag.tensor(X1), ag.tensor(X2), ag.ones(5))
    with pytest.raises(ValueError, match="triplet_margin_loss"):
        F.triplet_margin_loss(ag.tensor(X1), ag.tensor(X2), ag.tensor(X3[0]))
    with pytest.raises(ValueError, match=r"gaussian_nll_loss: var of shape \(5,\) does not fit input \(4, 5\)"):
        F.gaussian_nll_loss(ag.tensor(X1), ag.tensor(X2), ag.ones(5))
    with pytest.raises(ValueError, match="gaussian_nll_loss: var has negative"):
        F.gaussian_nll_loss(ag.tensor(X1), ag.tensor(X2), -ag.ones(4, 1))
    with pytest.raises(ValueError, match="soft_margin_loss: reduction must be one of"):
        F.soft_margin_loss(ag.tensor(X1), ag.tensor(X2), reduction="avg")
    with pytest.raises(ValueError, match=r"poisson_nll_loss: input shape \(4, 5\) and target shape \(5,\)"):
        F.poisson_nll_loss(ag.tensor(X1), ag.ones(5))


def test_gaussian_nll_loss_var_clamp_passes_the_gradient_as_torch():
    v, tv = _pair(np.array([[1e-9], [0.5], [2.0], [1e-12]]), requires_grad=True)
    F.gaussian_nll_loss(ag.tensor(X1), ag.tensor(X2), v).backward()
    torch.nn.functional.gaussian_nll_loss(torch.tensor(X1), torch.tensor(X2), tv).backward()
    np.testing.assert_allclose(v.grad.numpy(), tv.grad.numpy(), rtol=1e-6)
    assert float(F.gaussian_nll_loss(ag.tensor(X1), ag.tensor(X2), 0.5)) == pytest.approx(
        float(torch.nn.functional.gaussian_nll_loss(torch.tensor(X1), torch.tensor(X2), torch.full((4, 5), 0.5))))


# -- padding -------------------------------------------------------------------
@pytest.mark.parametrize("name,args,text", [
    ("ZeroPad2d", (1,), "ZeroPad2d((1, 1, 1, 1))"),
    ("ConstantPad2d", ((1, 2, 0, 3), 3.5), "ConstantPad2d(padding=(1, 2, 0, 3), value=3.5)"),
    ("ReflectionPad2d", ((2, 1, 1, 2),), "ReflectionPad2d((2, 1, 1, 2))"),
    ("ReplicationPad2d", (2,), "ReplicationPad2d((2, 2, 2, 2))"),
])
@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (3, 4, 5)])
def test_padding_modules_match_torch(name, args, text, shape):
    m, tm = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(m) == repr(tm) == text
    _same_forward_and_backward(m, tm, [_pair(RNG.normal(size=shape), requires_grad=True)])


def test_padding_errors():
    with pytest.raises(ValueError, match=r"ZeroPad2d: padding must be an int or \(left, right, top, bottom\)"):
        nn.ZeroPad2d((1, 2))
    with pytest.raises(ValueError, match=r"ReflectionPad2d: expected 3D or 4D input"):
        nn.ReflectionPad2d(1)(ag.ones(4, 5))
