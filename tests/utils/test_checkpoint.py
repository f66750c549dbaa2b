"""ag.utils.checkpoint: gradients equal the plain run's, less is saved, and double backward works."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.utils.checkpoint import checkpoint, checkpoint_sequential


def _model():
    ag.manual_seed(0)
    return nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Dropout(0.3), nn.Linear(8, 8), nn.Tanh(),
                         nn.Linear(8, 3)).double()


def _x():
    return ag.tensor(np.random.default_rng(0).standard_normal((4, 5)), requires_grad=True)


def _grads(model, run):
    x = _x()
    ag.manual_seed(7)
    y = run(model, x * 2.0)  # a non-leaf input, as inside a network
    ag.manual_seed(99)  # draws between forward and backward must not change the recomputed dropout masks
    ag.rand(3)
    ((y ** 2).sum()).backward()
    return y.detach().numpy(), [p.grad.numpy() for p in model.parameters()] + [x.grad.numpy()]


@pytest.mark.parametrize("run", [lambda m, x: checkpoint(m, x),
                                 lambda m, x: checkpoint(m, x, use_reentrant=True),
                                 lambda m, x: checkpoint_sequential(m, 2, x),
                                 lambda m, x: checkpoint_sequential(list(m), 3, x)])
def test_gradients_equal_the_plain_run_with_dropout_and_parameters(run):
    y_ref, ref = _grads(_model(), lambda m, x: m(x))
    y, got = _grads(_model(), run)
    np.testing.assert_allclose(y, y_ref, rtol=1e-12)
    for a, b in zip(got, ref):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def _saved_arrays(t):
    """Arrays saved for backward by the graph behind ``t``."""
    seen, stack, count = set(), [t.grad_fn], 0
    while stack:
        fn = stack.pop()
        if fn is None or isinstance(fn, ag.Tensor) or id(fn) in seen:
            continue
        seen.add(id(fn))
        count += len(fn._saved)
        stack.extend(fn.next_functions)
    return count


def test_only_the_inputs_are_kept_after_forward():
    model, x = _model(), _x()
    plain, kept = model(x), checkpoint(model, x)
    inputs = [x, *model.parameters()]
    assert _saved_arrays(kept) == len(inputs) < _saved_arrays(plain)  # the checkpoint saves just its inputs
    assert {id(a) for a in kept.grad_fn._saved} == {id(t._data) for t in inputs}
    assert set(map(id, kept.grad_fn.next_functions)) == set(map(id, [x, *model.parameters()]))


def test_grad_and_double_backward_through_a_checkpoint():
    model = nn.Sequential(nn.Linear(5, 6), nn.Tanh(), nn.Linear(6, 2)).double()
    results = []
    for run in (model, lambda x: checkpoint(model, x)):
        x = _x()
        g, = ag.grad((run(x * 2.0) ** 2).sum(), x, create_graph=True)
        results.append([g] + list(ag.grad((g ** 2).sum(), [x, model[0].weight])))
    for a, b in zip(*results):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10)


def test_no_grad_just_runs_and_tuples_and_kwargs_pass_through():
    x = _x()
    with ag.no_grad():
        assert not checkpoint(lambda t: t.tanh(), x).requires_grad
    a, label, b = checkpoint(lambda t, scale=1.0: (t * scale, "label", t.sum()), x, scale=3.0)
    assert label == "label" and a.requires_grad and b.requires_grad
    (a.sum() + b).backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full((4, 5), 4.0))
    assert not checkpoint(lambda t: t * 2, ag.ones(2)).requires_grad


def test_tensors_nested_in_lists_dicts_and_namedtuples_get_their_gradients_as_in_pytorch():
    # PyTorch's non-reentrant checkpoint follows tensors in any output structure; they once came back detached
    from collections import namedtuple
    pair = namedtuple("pair", "first second")
    x = _x()
    out = checkpoint(lambda t: [t * 2, {"sq": t * t, "tag": "text"}, pair(t.exp(), 3)], x)
    assert isinstance(out, list) and out[1]["tag"] == "text" and isinstance(out[2], pair) and out[2].second == 3
    (out[0].sum() + out[1]["sq"].sum() + out[2].first.sum() + x.sum()).backward()
    data = x.detach().numpy()
    np.testing.assert_allclose(x.grad.numpy(), 3 + 2 * data + np.exp(data))


def test_a_second_backward_needs_retain_graph_as_in_pytorch():
    # the segment was silently run again by a second backward that PyTorch refuses
    x = _x()
    loss = checkpoint(lambda t: t.exp(), x).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.exp(x.detach().numpy()))
    with pytest.raises(RuntimeError, match="backward through a checkpointed segment a second time"):
        loss.backward()


def test_errors():
    with pytest.raises(ValueError, match="keyword arguments for the function need use_reentrant=False"):
        checkpoint(lambda t, s: t, _x(), use_reentrant=True, s=1)
    for segments in (0, 5):
        with pytest.raises(ValueError, match="segments must be between 1 and the number of functions"):
            checkpoint_sequential([nn.Tanh()] * 4, segments, _x())


def test_the_forward_does_not_wait_for_the_device_after_each_op(monkeypatch):
    from autograd_core import instrument
    waited = []
    monkeypatch.setattr(instrument, "synchronize_for", lambda arrays: waited.append(list(arrays)))
    x = _x()
    checkpoint(lambda t: (t * 2).tanh().sum(), x).backward()
    assert waited and not any(waited)  # it watched the ops, but asked no GPU to finish its queue
    np.testing.assert_allclose(x.grad.numpy(), 2 * (1 - np.tanh(2 * x.detach().numpy()) ** 2))
