"""F.ctc_loss and nn.CTCLoss against PyTorch: padded, concatenated and unbatched targets, every reduction,
impossible alignments, empty inputs, and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn

RNG = np.random.default_rng(0)
LOGITS = RNG.normal(size=(6, 3, 5))
PADDED = np.array([[1, 1, 2], [1, 2, 3], [2, 2, 1]])
LENGTH_CASES = [([6, 6, 6], [3, 2, 1]), ([6, 5, 4], [0, 3, 2]), ([2, 6, 4], [2, 3, 2]), ([0, 6, 6], [0, 2, 2]),
                ([1, 6, 6], [3, 2, 2]), ([0, 6, 5], [1, 2, 2])]


def _both(torch, fn_ours, fn_torch):
    """Loss and gradient of the logits, ours and torch's (the gradient only where the loss is finite)."""
    ours, theirs = ag.tensor(LOGITS, requires_grad=True), torch.tensor(LOGITS, requires_grad=True)
    y, ty = fn_ours(F.log_softmax(ours, 2)), fn_torch(theirs.log_softmax(2))
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-10)
    if np.isfinite(ty.detach().numpy()).all():
        y.sum().backward()
        ty.sum().backward()
        np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("lengths", LENGTH_CASES)
def test_ctc_loss_matches_pytorch(lengths, reduction, zero_infinity):
    torch = pytest.importorskip("torch")
    il, tl = lengths
    _both(torch, lambda lp: nn.CTCLoss(reduction=reduction, zero_infinity=zero_infinity)(
              lp, ag.tensor(PADDED), ag.tensor(il), ag.tensor(tl)),
          lambda lp: torch.nn.CTCLoss(reduction=reduction, zero_infinity=zero_infinity)(
              lp, torch.tensor(PADDED), torch.tensor(il), torch.tensor(tl)))


def test_ctc_loss_takes_concatenated_and_unbatched_targets_and_another_blank():
    torch = pytest.importorskip("torch")
    flat, tl = [1, 2, 3, 1, 2, 2], [1, 2, 3]
    _both(torch, lambda lp: F.ctc_loss(lp, ag.tensor(flat), [6, 5, 6], tl, blank=4, reduction="none"),
          lambda lp: torch.nn.functional.ctc_loss(lp, torch.tensor(flat), torch.tensor([6, 5, 6]), torch.tensor(tl),
                                                  blank=4, reduction="none"))
    _both(torch, lambda lp: F.ctc_loss(lp[:, 1], ag.tensor([3, 1]), 6, 2, reduction="none"),
          lambda lp: torch.nn.functional.ctc_loss(lp[:, 1], torch.tensor([3, 1]), torch.tensor(6), torch.tensor(2),
                                                  reduction="none"))


def test_ctc_loss_names_what_was_wrong():
    lp = F.log_softmax(ag.tensor(LOGITS), 2)
    with pytest.raises(ValueError, match=r"ctc_loss: input_lengths must lie in \[0, 6\]"):
        F.ctc_loss(lp, PADDED, [7, 6, 6], [1, 1, 1])
    with pytest.raises(ValueError, match=r"ctc_loss: target_lengths must lie in \[0, 3\]"):
        F.ctc_loss(lp, PADDED, [6, 6, 6], [4, 1, 1])
    with pytest.raises(IndexError, match="ctc_loss: targets out of range"):
        F.ctc_loss(lp, PADDED + 3, [6, 6, 6], [3, 3, 3])
    with pytest.raises(ValueError, match=r"ctc_loss: input_lengths and target_lengths must hold one length per"):
        F.ctc_loss(lp, PADDED, [6, 6], [1, 1])
    with pytest.raises(TypeError, match="ctc_loss: targets must be integers"):
        F.ctc_loss(lp, PADDED * 1.0, [6, 6, 6], [1, 1, 1])
