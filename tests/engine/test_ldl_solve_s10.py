"""ldl_solve's check of its pivots: PyTorch's error, RuntimeError for a |pivot| outside [1, n] (unpaired negative
pivots pass, as PyTorch does not look further)."""
import numpy as np
import pytest

import autograd_core as ag


def _factored(n=3, seed=0):
    a = np.random.default_rng(seed).standard_normal((2, n, n))
    LD, _ = ag.linalg.ldl_factor(ag.tensor(a + a.swapaxes(-1, -2)))
    return LD, ag.tensor(np.random.default_rng(seed + 1).standard_normal((2, n, 2)))


@pytest.mark.parametrize("pivots,span", [([1, 2, 4], "[1, 4]"), ([0, 2, 3], "[0, 3]"), ([-5, -5, 3], "[-5, 3]"),
                                         ([-4, -4, 3], "[-4, 3]")])
def test_out_of_range_pivots_raise_naming_the_op(pivots, span):
    LD, B = _factored()
    bad = ag.tensor(np.array([[1, 2, 3], pivots], np.int32))
    with pytest.raises(RuntimeError, match=r"linalg.ldl_solve: pivots must all satisfy 1 <= \|pivot\| <= 3 .*"
                                           + span.replace("[", r"\[").replace("]", r"\]")):
        ag.linalg.ldl_solve(LD, bad, B)


@pytest.mark.parametrize("pivots,refused", [([1, 2, 4], True), ([0, 2, 3], True), ([-4, -4, 3], True),
                                            ([1, 2, -3], False), ([-1, 2, 3], False)])
def test_torch_refuses_the_same_pivots(pivots, refused):
    torch = pytest.importorskip("torch")
    LD, B = _factored()
    args = (LD, ag.tensor(np.array([[1, 2, 3], pivots], np.int32)), B)
    for solve, wrap in ((ag.linalg.ldl_solve, lambda t: t), (torch.linalg.ldl_solve, lambda t: torch.tensor(t.numpy()))):
        try:
            solve(*map(wrap, args))
            assert not refused
        except RuntimeError as e:
            assert refused, e
