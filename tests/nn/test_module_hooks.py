"""Module backward hooks, state_dict hooks, extra state and the smaller Module methods, against PyTorch."""
import warnings

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn
from autograd_core.nn.module import _hooks


class TwoInputs(nn.Module):
    def forward(self, a, b, scale=3):
        return a * b * scale, a + 1, 5


def _torch_two_inputs(torch):
    class M(torch.nn.Module):
        def forward(self, a, b, scale=3):
            return a * b * scale, a + 1, 5
    return M()


def _record(calls, lib_tensor):
    def as_list(grads):
        return [None if g is None else np.asarray(lib_tensor(g)) for g in grads]

    def hook(module, grad_input, grad_output):
        calls.append(("hook", as_list(grad_input), as_list(grad_output)))

    def pre_hook(module, grad_output):
        calls.append(("pre", as_list(grad_output)))
    return hook, pre_hook


def _same_calls(ours, theirs):
    assert [c[0] for c in ours] == [c[0] for c in theirs]
    for a, b in zip(ours, theirs):
        for xs, ys in zip(a[1:], b[1:]):
            assert [x is None for x in xs] == [y is None for y in ys]
            for x, y in zip(xs, ys):
                if x is not None:
                    np.testing.assert_allclose(x, y)


def test_backward_hooks_see_grad_input_and_grad_output_as_torch():
    torch = pytest.importorskip("torch")
    calls, tcalls = [], []
    m, tm = TwoInputs(), _torch_two_inputs(torch)
    for module, record, to_np in ((m, calls, lambda g: g.numpy()), (tm, tcalls, lambda g: g.detach().numpy())):
        hook, pre_hook = _record(record, to_np)
        module.register_full_backward_hook(hook)
        module.register_full_backward_pre_hook(pre_hook)
    a, b = np.arange(1.0, 3.0), np.full(2, 2.0)
    x, tx = ag.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    out, tout = m(x, ag.tensor(b)), tm(tx, torch.tensor(b))
    out[0].sum().backward()
    tout[0].sum().backward()
    _same_calls(calls, tcalls)  # b does not require grad: zeros, as torch; the unused outputs: None
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_hooks_replace_gradients_and_prepend_orders_them():
    torch = pytest.importorskip("torch")
    results = []
    for lib, mod in ((ag, nn), (torch, torch.nn)):
        lin = mod.Linear(3, 2)
        order = []
        lin.register_full_backward_hook(lambda m, gi, go: order.append("second") or (gi[0] * 2,))
        lin.register_full_backward_hook(lambda m, gi, go: order.append("first"), prepend=True)
        lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 10,))
        with lib.no_grad():
            lin.weight.copy_(lib.tensor(np.arange(6.0).reshape(2, 3), dtype=lib.float32))
            lin.bias.zero_()
        x = lib.ones(4, 3, requires_grad=True)
        lin(x).sum().backward()
        results.append((x.grad.numpy(), lin.bias.grad.numpy(), order))
    (ours, ours_b, ours_order), (theirs, theirs_b, theirs_order) = results
    np.testing.assert_allclose(ours, theirs)
    np.testing.assert_allclose(ours_b, theirs_b)  # the pre-hook's x10 reached the parameters too
    assert ours_order == theirs_order == ["first", "second"]


def test_wrong_number_of_gradients_raises_as_torch():
    lin = nn.Linear(2, 2)
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    with pytest.raises(RuntimeError, match="invalid number of grad_input, got 2, but expected 1"):
        lin(ag.ones(1, 2, requires_grad=True)).sum().backward()
    lin = nn.Linear(2, 2)
    lin.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
    with pytest.raises(RuntimeError, match="invalid number of grad_output, got 2, but expected 1"):
        lin(ag.ones(1, 2, requires_grad=True)).sum().backward()


def test_no_input_requires_grad_fires_with_none_grad_input_and_warns():
    lin = nn.Linear(2, 2)
    seen = []
    lin.register_full_backward_hook(lambda m, gi, go: seen.append((gi, go[0].shape)))
    with pytest.warns(UserWarning, match="no inputs require gradients"):
        lin(ag.ones(1, 2)).sum().backward()
    assert seen == [((None,), (1, 2))] and lin.weight.grad is not None
    lin.register_full_backward_hook(lambda m, gi, go: (ag.ones(1, 2),))
    with pytest.raises(RuntimeError, match="no input requires gradient should always return None"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lin(ag.ones(1, 2)).sum().backward()


def test_backward_hook_under_create_graph_matches_torch_double_backward():
    torch = pytest.importorskip("torch")
    w = np.random.default_rng(0).standard_normal((2, 2))
    grads = []
    for lib, mod in ((ag, nn), (torch, torch.nn)):
        lin = mod.Linear(2, 2, bias=False).double()
        with lib.no_grad():
            lin.weight.copy_(lib.tensor(w))
        lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 2,))
        x = lib.tensor(np.array([[0.5, -1.0]]), requires_grad=True)
        g, = lib.autograd.grad(lin(x).tanh().pow(2).sum(), x, create_graph=True)
        assert g.requires_grad
        g.sum().backward()
        grads.append((g.detach().numpy(), x.grad.numpy()))
    np.testing.assert_allclose(grads[0][0], grads[1][0])
    np.testing.assert_allclose(grads[0][1], grads[1][1])


def test_no_backward_hooks_build_no_nodes_and_removing_restores_the_fast_path():
    lin = nn.Linear(2, 2)
    count = _hooks["count"]
    handle = lin.register_full_backward_hook(lambda m, gi, go: None)
    y = lin(ag.ones(1, 2, requires_grad=True))
    assert type(y._node[0]).__name__ == "_HookNode"
    handle.remove()
    assert _hooks["count"] == count
    assert type(lin(ag.ones(1, 2, requires_grad=True))._node[0]).__name__ != "_HookNode"
    with ag.no_grad():
        lin.register_full_backward_hook(lambda m, gi, go: None)
        assert lin(ag.ones(1, 2, requires_grad=True))._node is None


def test_in_place_change_of_a_hooked_output_keeps_gradients_right():
    # PyTorch refuses an in-place op on the output of its hook Function; ours records it as on any output
    m = nn.Tanh()
    seen = []
    m.register_full_backward_hook(lambda mod, gi, go: seen.append(go[0].numpy()))
    x = ag.ones(3, requires_grad=True)
    y = m(x)
    y.mul_(2)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * (1 - np.tanh(1.0) ** 2), rtol=1e-6)
    np.testing.assert_allclose(seen[0], 2.0)


def test_legacy_register_backward_hook_is_a_full_hook_and_kinds_do_not_mix():
    lin = nn.Linear(2, 2)
    seen = []
    with pytest.warns(FutureWarning, match="deprecated"):
        lin.register_backward_hook(lambda m, gi, go: seen.append(len(gi)))
    lin(ag.ones(1, 2, requires_grad=True)).sum().backward()
    assert seen == [1]
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full backward hooks"):
        lin.register_full_backward_hook(lambda m, gi, go: None)


# -- state_dict hooks and extra state ------------------------------------------
def _hook_log(mod):
    log = []
    seq = mod.Sequential(mod.Linear(1, 1))
    seq.register_state_dict_pre_hook(lambda m, prefix, keep_vars: log.append(("pre", prefix, keep_vars)))
    seq[0].register_state_dict_post_hook(lambda m, sd, prefix, meta: log.append(("post", list(sd), prefix, meta)))
    seq[0].register_load_state_dict_pre_hook(
        lambda m, sd, prefix, meta, strict, missing, unexpected, errors: log.append(
            ("load_pre", sorted(sd), prefix, strict, list(missing))))

    def load_post(m, keys):
        log.append(("load_post", type(m).__name__, list(keys.missing_keys), list(keys.unexpected_keys)))
        keys.missing_keys.clear()
    seq.register_load_state_dict_post_hook(load_post)
    sd = seq.state_dict()
    del sd["0.bias"]
    sd["1.extra"] = sd["0.weight"]
    keys = seq.load_state_dict(sd, strict=False)
    log.append(("result", list(keys.missing_keys), list(keys.unexpected_keys)))
    del sd["1.extra"]
    assert repr(seq.load_state_dict(sd)) == "<All keys matched successfully>"  # the post-hook cleared missing
    return log


def test_state_dict_hooks_order_arguments_and_incompatible_keys_as_torch():
    torch = pytest.importorskip("torch")
    assert _hook_log(nn) == _hook_log(torch.nn)


def test_state_dict_post_hook_must_return_none():
    lin = nn.Linear(1, 1)
    lin.register_state_dict_post_hook(lambda m, sd, prefix, meta: sd)
    with pytest.raises(RuntimeError, match="must return None"):
        lin.state_dict()


class Counter(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(1, 1)
        self.steps = 0

    def get_extra_state(self):
        return {"steps": self.steps}

    def set_extra_state(self, state):
        self.steps = state["steps"]


def test_extra_state_is_saved_loaded_and_checked(tmp_path):
    a = Counter()
    a.steps = 7
    sd = nn.Sequential(a).state_dict()
    assert list(sd) == ["0._extra_state", "0.fc.weight", "0.fc.bias"]  # own state first, as torch
    ag.save(sd, tmp_path / "c.npz")
    b = nn.Sequential(Counter())
    b.load_state_dict(ag.load(tmp_path / "c.npz"))
    assert b[0].steps == 7
    del sd["0._extra_state"]
    with pytest.raises(RuntimeError, match='Missing key.*"0._extra_state"'):
        b.load_state_dict(sd)
    assert nn.Linear(1, 1).load_state_dict({**nn.Linear(1, 1).state_dict(), "_extra_state": 1},
                                           strict=False).unexpected_keys == ["_extra_state"]


def test_extra_state_that_is_not_array_like_is_refused_by_save_not_pickled(tmp_path):
    a = Counter()
    a.get_extra_state = lambda: {"rng": object()}
    with pytest.raises(TypeError, match=r"can't store a object at \['_extra_state'\]\['rng'\]"):
        ag.save(a.state_dict(), tmp_path / "c.npz")


def test_default_extra_state_methods_refuse():
    with pytest.raises(RuntimeError, match="get_extra_state"):
        nn.Linear(1, 1).get_extra_state()


# -- the smaller Module methods --------------------------------------------------
def test_get_buffer_and_set_submodule_as_torch():
    torch = pytest.importorskip("torch")
    for mod in (nn, torch.nn):
        seq = mod.Sequential(mod.Linear(2, 2), mod.BatchNorm1d(2))
        assert seq.get_buffer("1.running_mean").shape == (2,)
        with pytest.raises(AttributeError):
            seq.get_buffer("1.weight")
        seq.set_submodule("0", mod.ReLU())
        assert isinstance(seq[0], mod.ReLU)
        seq.set_submodule("2", mod.Tanh())
        with pytest.raises(AttributeError):
            seq.set_submodule("3", mod.Tanh(), strict=True)
        with pytest.raises(ValueError):
            seq.set_submodule("", mod.Tanh())
        with pytest.raises(AttributeError):
            seq.set_submodule("1.weight", mod.Tanh())
    assert len(seq) == 3


def test_type_casts_every_tensor_and_to_empty_keeps_shapes():
    bn = nn.BatchNorm1d(3).type(ag.float64)
    assert bn.weight.dtype == bn.num_batches_tracked.dtype == np.float64
    lin = nn.Linear(2, 3)
    weight = lin.weight
    assert lin.to_empty(device="cpu") is lin and lin.weight is weight and lin.weight.shape == (3, 2)
    seq = nn.Sequential(nn.Linear(1, 1))
    data = seq[0].weight._data
    seq.to_empty(device="cpu", recurse=False)
    assert seq[0].weight._data is data


def test_share_memory_bfloat16_call_super_init_dump_patches():
    lin = nn.Linear(1, 1)
    assert lin.share_memory() is lin
    with pytest.raises(TypeError, match="bfloat16"):
        lin.bfloat16()
    assert nn.Module.call_super_init is False and nn.Module.dump_patches is False

    class Mixin:
        def __init__(self, tag=None):
            self.tag = tag

    class Tagged(nn.Module, Mixin):
        call_super_init = True

    assert Tagged(tag="x").tag == "x"
    with pytest.raises(TypeError, match="unexpected arguments"):
        nn.Module(1)
