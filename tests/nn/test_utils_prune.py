"""nn.utils.prune against PyTorch: masks, pruned tensors, reparametrization, hooks and removal."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.utils import prune

torch = pytest.importorskip("torch")
tprune = pytest.importorskip("torch.nn.utils.prune")


def _pair(shape=(6, 5), seed=0):
    """A Linear of ours and torch's with the same tie-free weight (float64) and bias."""
    rng = np.random.default_rng(seed)
    w, b = rng.standard_normal(shape), rng.standard_normal(shape[0])
    ours, theirs = nn.Linear(shape[1], shape[0]).double(), torch.nn.Linear(shape[1], shape[0]).double()
    ours.weight.data, ours.bias.data = ag.tensor(w), ag.tensor(b)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(w))
        theirs.bias.copy_(torch.tensor(b))
    return ours, theirs


def _conv_pair(seed=0):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((6, 3, 3, 3))
    ours, theirs = nn.Conv2d(3, 6, 3).double(), torch.nn.Conv2d(3, 6, 3).double()
    ours.weight.data = ag.tensor(w)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(w))
    return ours, theirs


def _assert_same(ours, theirs, name="weight"):
    np.testing.assert_array_equal(getattr(ours, name + "_mask").numpy(), getattr(theirs, name + "_mask").numpy())
    np.testing.assert_array_equal(getattr(ours, name).detach().numpy(), getattr(theirs, name).detach().numpy())


@pytest.mark.parametrize("amount", [0, 7, 0.3, 1.0, 30])
def test_l1_unstructured_matches_torch(amount):
    ours, theirs = _pair()
    prune.l1_unstructured(ours, "weight", amount)
    tprune.l1_unstructured(theirs, "weight", amount)
    _assert_same(ours, theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.weight_mask.dtype == ag.float64


@pytest.mark.parametrize("n", [1, 2, 3, float("inf"), float("-inf"), "fro"])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("amount", [2, 0.5])
def test_ln_structured_matches_torch(n, dim, amount):
    ours, theirs = _pair()
    prune.ln_structured(ours, "weight", amount, n, dim)
    tprune.ln_structured(theirs, "weight", amount, n, dim)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_ln_structured_conv_and_iterative_pruning_match_torch(dim):
    ours, theirs = _conv_pair()
    for module in (ours, theirs):
        lib = prune if module is ours else tprune
        lib.l1_unstructured(module, "weight", 0.2)
        lib.ln_structured(module, "weight", 1, 2, dim)
        lib.l1_unstructured(module, "weight", 10)
    _assert_same(ours, theirs)
    hook = next(h for h in ours._forward_pre_hooks.values() if isinstance(h, prune.BasePruningMethod))
    assert isinstance(hook, prune.PruningContainer) and len(hook) == 3
    assert [type(m) for m in hook] == [prune.L1Unstructured, prune.LnStructured, prune.L1Unstructured]


def test_importance_scores_match_torch():
    ours, theirs = _pair()
    scores = np.random.default_rng(5).standard_normal((6, 5))
    prune.l1_unstructured(ours, "weight", 9, importance_scores=ag.tensor(scores))
    tprune.l1_unstructured(theirs, "weight", 9, importance_scores=torch.tensor(scores))
    _assert_same(ours, theirs)
    with pytest.raises(AssertionError, match="same shape"):
        prune.l1_unstructured(ours, "bias", 1, importance_scores=ag.zeros(5))


def test_global_unstructured_matches_torch():
    (o1, t1), (o2, t2) = _pair(seed=1), _pair((4, 6), seed=2)
    prune.l1_unstructured(o1, "bias", 2)
    tprune.l1_unstructured(t1, "bias", 2)
    prune.global_unstructured([(o1, "weight"), (o2, "weight"), (o1, "bias")], prune.L1Unstructured, amount=0.4)
    tprune.global_unstructured([(t1, "weight"), (t2, "weight"), (t1, "bias")], tprune.L1Unstructured, amount=0.4)
    for ours, theirs, name in [(o1, t1, "weight"), (o2, t2, "weight"), (o1, t1, "bias")]:
        _assert_same(ours, theirs, name)
    with pytest.raises(TypeError, match="unstructured"):
        prune.global_unstructured([(o2, "bias")], prune.LnStructured, amount=1, n=1, dim=0)


def test_forward_hook_recomputes_and_gradients_reach_orig_where_unpruned():
    ours, theirs = _pair()
    prune.l1_unstructured(ours, "weight", 0.5)
    tprune.l1_unstructured(theirs, "weight", 0.5)
    with ag.no_grad():
        ours.weight_orig.add_(1.0)
    with torch.no_grad():
        theirs.weight_orig.add_(1.0)
    x = np.random.default_rng(3).standard_normal((4, 5))
    ours(ag.tensor(x)).sum().backward()
    theirs(torch.tensor(x)).sum().backward()
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.weight_orig.grad.numpy(), theirs.weight_orig.grad.numpy(), atol=1e-12)
    assert not isinstance(ours.weight, nn.Parameter)


def test_remove_makes_pruning_permanent():
    ours, theirs = _pair()
    for module, lib in ((ours, prune), (theirs, tprune)):
        lib.l1_unstructured(module, "weight", 11)
        assert lib.is_pruned(module)
        lib.remove(module, "weight")
        assert not lib.is_pruned(module)
    assert isinstance(ours.weight, nn.Parameter)
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight"]
    assert not ours._forward_pre_hooks
    y = ours(ag.ones(2, 5, dtype=ag.float64))  # the module runs without hooks
    assert y.shape == (2, 6)
    with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
        prune.remove(ours, "weight")


def test_is_pruned_sees_submodules():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    assert not prune.is_pruned(model)
    prune.identity(model[2], "bias")
    assert prune.is_pruned(model)
    np.testing.assert_array_equal(model[2].bias_mask.numpy(), np.ones(2, dtype=np.float32))


def test_custom_from_mask_matches_torch():
    ours, theirs = _pair()
    mask = (np.random.default_rng(4).random((6, 5)) > 0.5).astype(np.float64)
    prune.custom_from_mask(ours, "weight", ag.tensor(mask))
    tprune.custom_from_mask(theirs, "weight", torch.tensor(mask))
    prune.l1_unstructured(ours, "weight", 3)
    tprune.l1_unstructured(theirs, "weight", 3)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("amount", [4, 0.5])
def test_random_unstructured_prunes_the_amount(amount):
    ours, _ = _pair()
    prune.random_unstructured(ours, "weight", amount)
    assert int((ours.weight_mask.numpy() == 0).sum()) == (amount if isinstance(amount, int) else 15)
    prune.random_unstructured(ours, "weight", 3)  # on the unpruned entries
    assert int((ours.weight_mask.numpy() == 0).sum()) == (amount if isinstance(amount, int) else 15) + 3
    np.testing.assert_array_equal(ours.weight.detach().numpy(), ours.weight_orig.detach().numpy()
                                  * ours.weight_mask.numpy())


@pytest.mark.parametrize("dim", [0, 1])
def test_random_structured_prunes_whole_channels(dim):
    ours, _ = _conv_pair()
    prune.random_structured(ours, "weight", 2, dim)
    mask = np.moveaxis(ours.weight_mask.numpy(), dim, 0).reshape(ours.weight.shape[dim], -1)
    assert set(mask.min(1)) <= {0.0, 1.0} and (mask.min(1) == mask.max(1)).all()
    assert int((mask[:, 0] == 0).sum()) == 2
    prune.random_structured(ours, "weight", 1, dim)  # a channel not yet pruned
    mask = np.moveaxis(ours.weight_mask.numpy(), dim, 0).reshape(ours.weight.shape[dim], -1)
    assert int((mask[:, 0] == 0).sum()) == 3


def test_prune_method_and_custom_subclass():
    class EveryOther(prune.BasePruningMethod):
        PRUNING_TYPE = "unstructured"

        def compute_mask(self, t, default_mask):
            mask = default_mask.clone().reshape(-1)
            mask[::2] = 0
            return mask.reshape(t.shape)

    ours, _ = _pair()
    EveryOther.apply(ours, "bias")
    np.testing.assert_array_equal(ours.bias_mask.numpy(), [0, 1, 0, 1, 0, 1])
    t = ag.tensor([3.0, -1.0, 2.0, 0.5])
    np.testing.assert_array_equal(prune.L1Unstructured(amount=2).prune(t).numpy(), [3.0, 0.0, 2.0, 0.0])


def test_errors_match_torch():
    ours, _ = _pair()
    with pytest.raises(TypeError, match="Invalid type for amount"):
        prune.l1_unstructured(ours, "weight", "half")
    with pytest.raises(ValueError, match="float in the range"):
        prune.l1_unstructured(ours, "weight", 1.5)
    with pytest.raises(ValueError, match="float in the range"):
        prune.l1_unstructured(ours, "weight", -1)
    with pytest.raises(ValueError, match="smaller than the number of parameters to prune=30"):
        prune.l1_unstructured(ours, "weight", 31)
    assert isinstance(ours.weight, nn.Parameter) and "weight_orig" not in ours._parameters  # rolled back
    with pytest.raises(ValueError, match="multidimensional"):
        prune.ln_structured(ours, "bias", 1, 2, 0)
    with pytest.raises(IndexError, match="Invalid index 2"):
        prune.ln_structured(ours, "weight", 1, 2, 2)
    assert not prune.is_pruned(ours)
