"""Review of session 10's special functions against torch 2.13: the Hurwitz zeta at a q just below a
non-positive integer."""
import numpy as np
import pytest

import autograd_core as ag


@pytest.mark.parametrize("x,q", [(2.0, -1e-9), (3.0, -1e-9), (4.0, -3.0 - 1e-10), (2.0, -7.999999)])
def test_zeta_just_below_a_non_positive_integer_keeps_its_precision(x, q):
    """1 - frac(q) was computed from the rounded frac(q): off by 6e-8 of the value at q = -1e-9."""
    torch = pytest.importorskip("torch")
    theirs = torch.special.zeta(torch.tensor(x, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)).item()
    ours = ag.special.zeta(ag.tensor(x, dtype=ag.float64), ag.tensor(q, dtype=ag.float64)).item()
    assert ours == pytest.approx(theirs, rel=1e-13)
