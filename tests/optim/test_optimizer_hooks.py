"""Optimizer hooks: step pre/post (per optimizer and global), state_dict and load_state_dict hooks, as torch."""
import subprocess
import sys

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim
from autograd_core.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook


def _sgd():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    w.grad = ag.tensor([1.0, 1.0])
    return optim.SGD([w], lr=0.5), w


def _record_step_hooks(opt, register_global_pre, register_global_post, events):
    """Register one hook of each kind that appends its name to ``events``; returns the handles."""
    return [register_global_post(lambda o, a, k: events.append("global post")),
            opt.register_step_post_hook(lambda o, a, k: events.append("post")),
            opt.register_step_pre_hook(lambda o, a, k: events.append("pre")),
            register_global_pre(lambda o, a, k: events.append("global pre"))]


def test_step_hooks_run_in_torchs_order_and_are_removable():
    opt, w = _sgd()
    events = []
    opt.register_step_pre_hook(lambda o, a, k: events.append(("pre", o is opt, a, k)))
    handles = _record_step_hooks(opt, register_optimizer_step_pre_hook, register_optimizer_step_post_hook, events)
    try:
        opt.step()
    finally:
        for h in handles:
            h.remove()
    assert events == ["global pre", ("pre", True, (), {}), "pre", "post", "global post"]
    np.testing.assert_allclose(w.detach().numpy(), [0.5, 1.5])
    events.clear()
    other, _ = _sgd()
    other.step()
    assert events == [], "per-optimizer hooks belong to their optimizer; global hooks were removed"


def test_step_hook_order_matches_torch():
    torch = pytest.importorskip("torch")
    from torch.optim.optimizer import register_optimizer_step_post_hook as t_post
    from torch.optim.optimizer import register_optimizer_step_pre_hook as t_pre
    tw = torch.ones(2, requires_grad=True)
    tw.grad = torch.ones(2)
    topt, theirs = torch.optim.SGD([tw], lr=0.5), []
    handles = _record_step_hooks(topt, t_pre, t_post, theirs)
    topt.step()
    for h in handles:
        h.remove()
    opt, _ = _sgd()
    ours = []
    handles = _record_step_hooks(opt, register_optimizer_step_pre_hook, register_optimizer_step_post_hook, ours)
    opt.step()
    for h in handles:
        h.remove()
    assert ours == theirs


def test_pre_hook_may_replace_the_arguments():
    opt, _ = _sgd()
    with opt.register_step_pre_hook(lambda o, args, kwargs: ((), {"closure": lambda: 42.0})):
        assert opt.step() == 42.0
    assert opt.step() is None, "the handle removed the hook on leaving the with block"
    with opt.register_step_pre_hook(lambda o, a, k: "new args"):
        with pytest.raises(RuntimeError, match=r"must return None or a tuple of \(new_args, new_kwargs\)"):
            opt.step()


def test_hooks_run_once_for_an_overriding_step_and_for_super_step():
    class Halving(optim.SGD):  # overrides step and calls super().step()
        def step(self, closure=None):
            for group in self.param_groups:
                group["lr"] /= 2
            return super().step(closure)

    w = ag.tensor([1.0], requires_grad=True)
    x = ag.tensor([1.0], requires_grad=True)
    calls = []
    for opt in (Halving([w], lr=1.0), optim.LBFGS([x], max_iter=2)):
        opt.register_step_post_hook(lambda o, a, k: calls.append(type(o).__name__))

        def closure():
            opt.zero_grad()
            loss = ((w - 3) ** 2).sum() + ((x - 3) ** 2).sum()
            loss.backward()
            return loss
        opt.step(closure)
    assert calls == ["Halving", "LBFGS"]


def test_state_dict_hooks():
    opt, _ = _sgd()
    opt.step()
    seen = []
    opt.register_state_dict_pre_hook(lambda o: seen.append("pre"))
    opt.register_state_dict_pre_hook(lambda o: seen.append("pre first"), prepend=True)
    opt.register_state_dict_post_hook(lambda o, sd: sd.update(extra=1))
    handle = opt.register_state_dict_post_hook(lambda o, sd: {"replaced": sd})
    sd = opt.state_dict()
    assert seen == ["pre first", "pre"] and sd["replaced"]["extra"] == 1
    handle.remove()
    assert "extra" in opt.state_dict() and "replaced" not in opt.state_dict()


def test_load_state_dict_hooks():
    opt, w = _sgd()
    opt.step()
    saved = opt.state_dict()
    fresh = optim.SGD([w], lr=9.0)
    seen = []

    def pre(o, sd):
        seen.append(sd is saved)
        sd["param_groups"] = [dict(sd["param_groups"][0], lr=0.25)]

    fresh.register_load_state_dict_pre_hook(pre)
    fresh.register_load_state_dict_post_hook(lambda o: seen.append(o.param_groups[0]["lr"]))
    fresh.load_state_dict(saved)
    assert seen == [False, 0.25], "the pre hook gets a shallow copy and may change it"
    assert saved["param_groups"][0]["lr"] == 0.5
    fresh.register_load_state_dict_pre_hook(lambda o, sd: dict(sd, param_groups=[dict(sd["param_groups"][0], lr=3.0)]),
                                            prepend=True)
    fresh.load_state_dict(saved)
    assert fresh.param_groups[0]["lr"] == 0.25, "the later hook sees the dict the prepended one returned"


def test_step_is_not_wrapped_until_a_step_hook_is_registered():
    code = ("import autograd_core as ag\n"
            "from autograd_core import optim\n"
            "assert not hasattr(optim.SGD.step, 'runs_step_hooks')  # no hook: step runs unwrapped\n"
            "optim.SGD([ag.zeros(1, requires_grad=True)]).register_step_post_hook(print)\n"
            "assert optim.SGD.step.runs_step_hooks and optim.LBFGS.step.runs_step_hooks\n"
            "class Later(optim.SGD):\n"
            "    def step(self, closure=None):\n"
            "        return super().step(closure)\n"
            "assert Later.step.runs_step_hooks  # classes made afterwards are wrapped as they are made\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_hook_elsewhere_leaves_a_wrapper_optimizer_without_optimizer_init_working():
    class Lookahead(optim.Optimizer):  # a common wrapper: shares the inner optimizer's groups, skips __init__
        def __init__(self, inner):
            self.inner, self.param_groups, self.state, self.defaults = inner, inner.param_groups, {}, {}

        def step(self, closure=None):
            return self.inner.step(closure)

    opt, w = _sgd()
    wrapper, calls = Lookahead(opt), []
    other, _ = _sgd()
    with other.register_step_pre_hook(lambda o, a, k: None), register_optimizer_step_post_hook(
            lambda o, a, k: calls.append(type(o).__name__)):
        wrapper.step()
    np.testing.assert_allclose(w.detach().numpy(), [0.5, 1.5])
    assert calls == ["SGD"], "as torch: the global hooks run for the inner optimizer, whose __init__ ran"
