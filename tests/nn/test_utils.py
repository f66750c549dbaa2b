"""nn.utils: gradient clipping and parameter vectors."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn


def _model_with_grads(scale=10.0):
    ag.manual_seed(0)
    m = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))
    (m(ag.randn(5, 4) * scale) ** 2).sum().backward()
    return m


def test_clip_grad_norm_scales_to_max_norm_and_returns_the_old_norm():
    m = _model_with_grads()
    grads = [p.grad.numpy().copy() for p in m.parameters()]
    before = np.sqrt(sum((g ** 2).sum() for g in grads))
    total = nn.utils.clip_grad_norm_(m.parameters(), 1.0)
    assert total.item() == pytest.approx(before, rel=1e-5)
    after = np.sqrt(sum((p.grad.numpy() ** 2).sum() for p in m.parameters()))
    assert after == pytest.approx(1.0, rel=1e-4)
    assert nn.utils.clip_grad_norm_(m.parameters(), 100.0).item() == pytest.approx(after, rel=1e-5)
    assert nn.utils.clip_grad_norm_(m.parameters(), 1.0, norm_type=float("inf")).item() == pytest.approx(
        max(np.abs(p.grad.numpy()).max() for p in m.parameters()))


def test_clip_grad_norm_against_pytorch():
    torch = pytest.importorskip("torch")
    m = _model_with_grads()
    t = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    for p, q in zip(m.parameters(), t.parameters()):
        q.grad = torch.tensor(p.grad.numpy().copy())
    for norm_type in (2.0, 1.0):
        a = nn.utils.clip_grad_norm_(m.parameters(), 0.5, norm_type=norm_type)
        b = torch.nn.utils.clip_grad_norm_(t.parameters(), 0.5, norm_type=norm_type)
        assert a.item() == pytest.approx(b.item(), rel=1e-5)
    for p, q in zip(m.parameters(), t.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-5)


def test_clip_grad_norm_nonfinite():
    p = nn.Parameter(ag.ones(2))
    p.grad = ag.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="norm"):
        nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


@pytest.mark.parametrize("bad,expected", [(float("nan"), [np.nan, np.nan]), (float("inf"), [np.nan, 0.0])])
def test_clip_grad_norm_with_a_nonfinite_norm_scales_by_nan_or_zero(bad, expected):
    # as torch: a nan total norm makes every gradient nan (the step can then be skipped), inf zeroes the
    # finite ones (inf * 0 is nan)
    p = nn.Parameter(ag.ones(2))
    p.grad = ag.tensor([bad, 1.0])
    assert not np.isfinite(nn.utils.clip_grad_norm_([p], 1.0).item())
    np.testing.assert_array_equal(p.grad.numpy(), expected)


def test_clip_grad_value():
    m = _model_with_grads()
    nn.utils.clip_grad_value_(m.parameters(), 0.1)
    assert max(np.abs(p.grad.numpy()).max() for p in m.parameters()) <= 0.1 + 1e-7


def test_parameters_vector_round_trip():
    m = _model_with_grads()
    v = nn.utils.parameters_to_vector(m.parameters())
    assert v.shape == (4 * 3 + 3 + 3 * 2 + 2,)
    nn.utils.vector_to_parameters(ag.arange(v.shape[0]).float(), m.parameters())
    assert m[0].weight.detach().numpy()[0].tolist() == [0, 1, 2, 3]
    assert m[1].bias.detach().numpy().tolist() == [v.shape[0] - 2, v.shape[0] - 1]
    (nn.utils.parameters_to_vector(m.parameters()) ** 2).sum().backward()  # differentiable
    with pytest.raises(ValueError, match="23"):
        nn.utils.vector_to_parameters(ag.zeros(5), m.parameters())


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3, float("inf"), float("-inf"), 0])
def test_get_total_norm_and_clip_grads_with_norm_match_pytorch(norm_type):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=(3, 4)), rng.normal(size=5), np.array([0.0, 2.0])]
    total = nn.utils.get_total_norm([ag.tensor(a) for a in arrays] + [None], norm_type)
    expected = torch.nn.utils.get_total_norm([torch.tensor(a) for a in arrays], norm_type)
    assert total.shape == () and total.item() == pytest.approx(expected.item(), rel=1e-12)
    params = [nn.Parameter(ag.zeros(*a.shape).double()) for a in arrays]
    tparams = [torch.nn.Parameter(torch.zeros(a.shape, dtype=torch.float64)) for a in arrays]
    for p, q, a in zip(params, tparams, arrays):
        p.grad, q.grad = ag.tensor(a), torch.tensor(a)
    assert nn.utils.clip_grads_with_norm_(params, 0.5, total) is None
    torch.nn.utils.clip_grads_with_norm_(tparams, 0.5, expected)
    for p, q in zip(params, tparams):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_get_total_norm_of_nothing_is_zero():
    assert nn.utils.get_total_norm([]).item() == 0.0
    assert nn.utils.clip_grad_norm_([nn.Parameter(ag.ones(2))], 1.0).item() == 0.0  # no gradients
