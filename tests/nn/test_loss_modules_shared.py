"""The loss layers made by one mechanism (``_loss`` / ``_Loss``): PyTorch's constructor signatures,
repr, buffers, the deprecated size_average/reduce, keyword inputs, pickling; and the one shape
check of the loss functions."""
import inspect
import pickle
import warnings

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from autograd_core.nn.modules.loss import __all__ as LOSSES

TORCH_LOSSES = [name for name in LOSSES if name != "EpsilonInsensitiveLoss"]


def _parameters(cls):
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()]


@pytest.mark.parametrize("name", TORCH_LOSSES)
def test_constructor_signature_is_pytorchs(name):
    torch = pytest.importorskip("torch")
    assert _parameters(getattr(nn, name)) == _parameters(getattr(torch.nn, name))


@pytest.mark.parametrize("name", LOSSES)
def test_repr_docstring_pickling_and_reduction(name):
    cls = getattr(nn, name)
    assert repr(cls()) == f"{name}()"
    assert repr(cls(reduction="sum")) == f"{name}(reduction='sum')"
    assert cls.__doc__ and cls.__module__ == "autograd_core.nn.modules.loss" and cls.__qualname__ == name
    assert isinstance(pickle.loads(pickle.dumps(cls(reduction="none"))), cls)


def test_positional_arguments_follow_pytorchs_order():
    assert nn.SmoothL1Loss(None, None, "sum", 0.5).beta == 0.5
    assert nn.HuberLoss("none", 2.0).delta == 2.0
    m = nn.TripletMarginLoss(0.5, 1.0, 1e-3, True)
    assert (m.margin, m.p, m.eps, m.swap) == (0.5, 1.0, 1e-3, True)
    m = nn.CrossEntropyLoss(None, None, 3, None, "sum", 0.2)
    assert (m.ignore_index, m.reduction, m.label_smoothing) == (3, "sum", 0.2)
    m = nn.PoissonNLLLoss(False, True, None, 1e-4)
    assert (m.log_input, m.full, m.eps) == (False, True, 1e-4)
    with pytest.raises(TypeError, match=r"MSELoss\(size_average=None, reduce=None, reduction='mean'\): too many"):
        nn.MSELoss(None, None, "sum", 1.0)
    with pytest.raises(TypeError, match=r"MSELoss.*unexpected keyword argument 'beta'"):
        nn.MSELoss(beta=1.0)
    with pytest.raises(TypeError):
        nn.GaussianNLLLoss(True)  # keyword-only, as PyTorch
    with pytest.raises(ValueError, match="MultiMarginLoss: only p = 1 and p = 2"):
        nn.MultiMarginLoss(p=3)


def test_tensor_options_are_buffers():
    w = ag.ones(3)
    assert list(dict(nn.CrossEntropyLoss(weight=w).named_buffers())) == ["weight"]
    assert list(nn.BCEWithLogitsLoss(weight=w, pos_weight=w).state_dict()) == ["weight", "pos_weight"]
    assert list(nn.MultiMarginLoss(weight=w).state_dict()) == ["weight"]
    assert list(nn.MSELoss().state_dict()) == [] and nn.NLLLoss().weight is None


@pytest.mark.parametrize("size_average,reduce", [(False, None), (None, False), (True, True), (False, False),
                                                 (True, None), (0, None)])
def test_deprecated_size_average_and_reduce_decide_the_reduction_as_in_pytorch(size_average, reduce):
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = nn.MSELoss(size_average, reduce)
        theirs = torch.nn.MSELoss(size_average, reduce)
        others = [nn.NLLLoss(size_average=size_average, reduce=reduce),  # made by _loss
                  nn.PoissonNLLLoss(size_average=size_average, reduce=reduce)]  # a subclass of _Loss
    assert ours.reduction == theirs.reduction
    assert [m.reduction for m in others] == [theirs.reduction] * 2
    ours_warned = [w for w in caught if "deprecated, as in PyTorch" in str(w.message)]
    assert len(ours_warned) == 3 and all(w.filename == __file__ for w in ours_warned)  # the caller's line


def test_forward_takes_inputs_by_position_or_by_pytorchs_names():
    x, y = ag.tensor([[1.0, 2.0]]), ag.tensor([[0.0, 4.0]])
    assert nn.MSELoss()(input=x, target=y).item() == pytest.approx(2.5)
    assert nn.L1Loss(reduction="sum")(x, target=y).item() == pytest.approx(3.0)
    counts = ag.tensor([[1.0, 0.0]])
    assert nn.PoissonNLLLoss()(log_input=x, target=counts).item() == pytest.approx(
        F.poisson_nll_loss(x, counts).item())
    a, b = ag.tensor([1.0, 2.0]), ag.tensor([2.0, 0.0])
    t = ag.tensor([1.0, -1.0])
    assert nn.MarginRankingLoss(0.5)(a, b, t).item() == pytest.approx(F.margin_ranking_loss(a, b, t, 0.5).item())


def test_the_shape_check_names_each_input():
    with pytest.raises(ValueError, match=r"^mse_loss: input shape \(4, 5\) and target shape \(5,\) differ; a loss "
                                         r"does not broadcast \(reshape the target"):
        F.mse_loss(ag.ones(4, 5), ag.ones(5))
    with pytest.raises(ValueError, match=r"margin_ranking_loss: the inputs must have the same shape, got input1 "
                                         r"\(3,\), input2 \(3,\), target \(2,\)"):
        F.margin_ranking_loss(ag.ones(3), ag.ones(3), ag.ones(2))
    with pytest.raises(ValueError, match=r"cosine_embedding_loss: input1 shape \(3, 2\) and input2 shape \(2, 2\)"):
        F.cosine_embedding_loss(ag.ones(3, 2), ag.ones(2, 2), ag.ones(3))


def test_the_shape_check_gives_every_input_the_first_ones_dtype():
    x = ag.tensor(np.ones(3, np.float32))
    out = F.margin_ranking_loss(x, ag.tensor(np.zeros(3)), ag.tensor(np.ones(3, np.int64)), reduction="none")
    assert out.dtype == np.float32
    assert F.mse_loss(x, ag.tensor(np.zeros(3)), reduction="none").dtype == np.float32
