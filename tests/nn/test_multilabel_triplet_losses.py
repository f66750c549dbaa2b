"""MultiLabelMarginLoss, MultiLabelSoftMarginLoss and TripletMarginWithDistanceLoss against PyTorch: every
reduction, the module signatures, and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from tests.torch_parity import compare

RNG = np.random.default_rng(0)
X = RNG.normal(size=(4, 5))
LABELS = np.array([[3, 0, -1, 1, 2], [0, 1, 2, 3, 4], [-1, 1, 1, 1, 1], [4, 4, -1, 0, 0]])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_multilabel_losses_match_pytorch(reduction):
    torch = pytest.importorskip("torch")
    compare(lambda x, t: nn.MultiLabelMarginLoss(reduction=reduction)(x, t),
            lambda x, t: torch.nn.MultiLabelMarginLoss(reduction=reduction)(x, t), [X, LABELS])
    y, w = (RNG.random((4, 5)) > 0.5).astype(float), RNG.random(5)
    compare(lambda x, y, w: nn.MultiLabelSoftMarginLoss(weight=w, reduction=reduction)(x, y),
            lambda x, y, w: torch.nn.MultiLabelSoftMarginLoss(weight=w, reduction=reduction)(x, y), [X, y, w],
            diff=[0])


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("distance", ["default", "l1"])
def test_triplet_margin_with_distance_loss_matches_pytorch(swap, distance):
    torch = pytest.importorskip("torch")
    fn = None if distance == "default" else (lambda u, v: (u - v).abs().sum(-1))
    compare(lambda a, p, n: nn.TripletMarginWithDistanceLoss(distance_function=fn, margin=0.7, swap=swap)(a, p, n),
            lambda a, p, n: torch.nn.TripletMarginWithDistanceLoss(distance_function=fn, margin=0.7, swap=swap)(a, p, n),
            [RNG.normal(size=(6, 3)) for _ in range(3)])


def test_the_new_loss_layers_print_and_refuse_as_pytorch():
    torch = pytest.importorskip("torch")
    for name in ["MultiLabelMarginLoss", "MultiLabelSoftMarginLoss"]:
        assert repr(getattr(nn, name)()) == repr(getattr(torch.nn, name)())
    with pytest.raises(TypeError):
        nn.TripletMarginWithDistanceLoss(None)  # keyword-only, as PyTorch
    with pytest.raises(ValueError, match="triplet_margin_with_distance_loss: margin must be greater than 0"):
        F.triplet_margin_with_distance_loss(ag.ones(2, 3), ag.ones(2, 3), ag.ones(2, 3), margin=0.0)
    with pytest.raises(ValueError, match=r"multilabel_margin_loss: expected input \(C,\) or \(N, C\) and an integer"):
        F.multilabel_margin_loss(ag.ones(2, 3), ag.ones(2, 3))
    with pytest.raises(IndexError, match="multilabel_margin_loss: target classes out of range"):
        F.multilabel_margin_loss(ag.ones(2, 3), ag.tensor([[0, 3, -1], [1, -1, 7]]))
