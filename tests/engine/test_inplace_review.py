"""Review of in-place ops on views: bases in any memory layout, detach()/data aliases, retain_grad, the cost
of keeping many views, read-only memory under no_grad (the GPU case is in tests/test_gpu.py)."""
import gc

import numpy as np
import pytest

import autograd_core as ag
from autograd_core.gradcheck import gradcheck, gradgradcheck
from tests.torch_parity import compare


def _fortran_base(lib, w):
    """A base laid out in Fortran order (an elementwise op on a transpose), its views changed in place."""
    h = w.T * 2
    row, col, flat = h[0], h[:, 1], h.T.reshape(-1)  # flat: a reshape that only views Fortran memory
    h.mul_(w[0, 0])          # h moves: its views must follow, at their places
    row.add_(w[:, 1])        # through h, which is not C-contiguous
    col.exp_()
    return lib.stack([row.sum(), col.sum(), (flat * flat).sum(), (h * h).sum()])


def test_views_of_a_base_in_fortran_order_follow_its_in_place_changes_as_in_pytorch():
    w = np.random.default_rng(0).uniform(0.2, 0.8, (3, 2))
    compare(lambda w: _fortran_base(ag, w), lambda w: _fortran_base(__import__("torch"), w), [w])
    w = ag.tensor(w, requires_grad=True)
    assert gradcheck(lambda w: _fortran_base(ag, w), [w]) and gradgradcheck(lambda w: _fortran_base(ag, w), [w])


def test_a_constant_base_with_negative_and_gapped_strides_is_changed_through_its_views():
    data = np.random.default_rng(1).uniform(0.5, 1.5, (6, 8))

    def fn(w):
        c = ag.from_numpy(data.copy()[::-1, ::3])  # NumPy's strides (-64, 24): no copy is made
        row, col = c[1], c[:, 2]
        row.mul_(w[0])
        c.add_(w[1, 0])
        col.exp_()
        return ag.stack([row.sum(), col.sum(), (c * c).sum()])
    w = ag.tensor(np.random.default_rng(2).uniform(0.5, 1.5, (2, 3)), requires_grad=True)
    c = data[::-1, ::3].copy()
    c[1] *= w.detach().numpy()[0]
    c += w.detach().numpy()[1, 0]
    c[:, 2] = np.exp(c[:, 2])
    np.testing.assert_allclose(fn(w).detach().numpy(), [c[1].sum(), c[:, 2].sum(), (c * c).sum()])
    assert gradcheck(fn, [w]) and gradgradcheck(fn, [w])


def _aliases(lib, w):
    h = w * 2
    d, data = h.detach(), h.data
    h.mul_(w[0, 0])  # recorded: d and data share h's memory, so they see the change (constants, no gradient)
    return lib.stack([(h * d).sum(), (h * data).sum()])


def test_detach_and_data_aliases_see_a_recorded_in_place_change_as_in_pytorch():
    compare(lambda w: _aliases(ag, w), lambda w: _aliases(__import__("torch"), w),
            [np.random.default_rng(3).uniform(0.5, 1.5, (2, 2))])
    w = ag.tensor([[1.0, 2.0]], requires_grad=True)
    h = w * 1
    d = h[0].detach()
    h.add_(w)
    assert d.tolist() == [2.0, 4.0] and not d.requires_grad and d.grad_fn is None
    with ag.no_grad():
        h[0, 0] = 7.0
    assert d.tolist() == [7.0, 4.0]  # still h's memory


def _retained(lib, w):
    x = w * 1
    x.retain_grad()
    x.mul_(3)
    h = w * 1
    v = h[:1]
    v.retain_grad()
    h.mul_(2)
    ((x * x).sum() + (v * v).sum()).backward()
    return x.grad, v.grad, w.grad


def test_retain_grad_moves_to_the_value_after_an_in_place_change_as_in_pytorch():
    torch = pytest.importorskip("torch")
    ours = _retained(ag, ag.tensor([1.0, 2.0], requires_grad=True))
    theirs = _retained(torch, torch.tensor([1.0, 2.0], requires_grad=True))
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.numpy(), b.numpy())
    x = ag.tensor([1.0, 2.0], requires_grad=True) * 1
    x.retain_grad()
    x.add_(1)
    x.retain_grad()  # once is enough: the hook moved, it was not left behind
    (x * x).sum().backward()
    assert x.grad.tolist() == [4.0, 6.0]


def test_split_and_unbind_pieces_changed_in_place_are_twice_differentiable():
    # PyTorch refuses in-place changes of multi-view outputs; we change them through their base exactly.
    def fn(w):
        h = w * 1
        a, b, c = h.unbind(1)
        top, rest = h.split([1, 2], 0)
        a.mul_(w[0, 1])
        c.add_(a)
        top.exp_()
        return ag.stack([(h * h).sum(), b.sum(), rest.sum(), top.sum()])
    w = ag.tensor(np.random.default_rng(4).uniform(0.5, 1.5, (3, 3)), requires_grad=True)
    assert gradcheck(fn, [w]) and gradgradcheck(fn, [w])


def test_a_base_keeps_few_dead_views_also_when_many_stay_alive():
    base = ag.zeros(100, 2)
    for i in range(10_000):
        base[i % 100]  # dies at once
    assert len(base._views) <= 64
    kept = [base[i % 100] for i in range(5_000)]
    for i in range(10_000):
        base[i % 100]
    assert len(base._views) <= 2 * len(kept) + 64  # dead ones dropped when the list doubles, not at every 64th
    del kept
    gc.collect()


def test_a_tensor_changed_in_place_many_times_forgets_old_arrays_nobody_saved():
    w = ag.tensor(np.ones(4), requires_grad=True)
    h = w * 1
    views = [h[:2], h[2:]]
    for _ in range(1_000):
        views[0].add_(w[:2])  # through h: h and both views move each time
    assert len(h._prior) <= 2 and all(len(v._prior) <= 2 for v in views)
    h.sum().backward()
    assert w.grad.tolist() == [1001.0, 1001.0, 1.0, 1.0]


def test_an_in_place_change_of_read_only_memory_under_no_grad_names_the_op():
    with ag.no_grad(), pytest.raises(RuntimeError, match="add_: the tensor's memory is read-only"):
        ag.zeros(2).expand(3, 2).add_(1)
    h = ag.zeros(3, 3)
    d, row = h.diagonal(), h.T[1]
    with ag.no_grad():
        d.add_(1)     # NumPy's diagonal is read-only; ours writes through, as PyTorch's
        row.mul_(5)
    assert h.tolist() == [[1.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 1.0]]
