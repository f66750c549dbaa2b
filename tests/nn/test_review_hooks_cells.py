"""Review mends: module backward hooks, nn.Buffer and the functional RNN cells, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn


class _Pair(nn.Module):
    def forward(self, x, y):
        return x * 2, y * 3


def test_backward_hook_gives_zeros_for_an_input_no_gradient_reached():
    torch = pytest.importorskip("torch")

    class TorchPair(torch.nn.Module):
        def forward(self, x, y):
            return x * 2, y * 3
    seen = {}
    for lib, module in ((ag, _Pair()), (torch, TorchPair())):
        module.register_full_backward_hook(lambda m, gi, go, lib=lib: seen.__setitem__(lib, gi))
        x, y = (lib.tensor(np.ones(2), requires_grad=True) for _ in range(2))
        module(x, y)[0].sum().backward()  # only the first output is used: y's gradient is zeros, as torch
        seen[lib, "y"] = y.grad
    assert all(g is not None for g in (*seen[ag], seen[ag, "y"]))
    for ours, theirs in zip((*seen[ag], seen[ag, "y"]), (*seen[torch], seen[torch, "y"])):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def _zeros(*shape):
    return ag.zeros(*shape, dtype=ag.float64)


@pytest.mark.parametrize("op, args, error, match", [
    ("lstm_cell", (_zeros(2, 3), _zeros(2, 4), _zeros(16, 3), _zeros(16, 4)), TypeError, "tuple"),
    ("lstm_cell", (_zeros(2, 3), (_zeros(2, 4),), _zeros(16, 3), _zeros(16, 4)), RuntimeError, "two"),
    ("lstm_cell", (_zeros(2, 3), (_zeros(2, 4), _zeros(2, 5)), _zeros(16, 3), _zeros(16, 4)), RuntimeError,
     "hidden1"),
    ("gru_cell", (_zeros(2, 3), _zeros(2, 4), _zeros(16, 3), _zeros(16, 4)), RuntimeError, "3 \\* hidden_size"),
    ("rnn_tanh_cell", (_zeros(2, 3), _zeros(2, 4), _zeros(4, 5), _zeros(4, 4)), RuntimeError, "input_size"),
    ("rnn_tanh_cell", (_zeros(1, 3), _zeros(3, 4), _zeros(4, 3), _zeros(4, 4)), RuntimeError, "batch"),
    ("rnn_relu_cell", (_zeros(2, 3), _zeros(2, 5), _zeros(4, 3), _zeros(4, 4)), RuntimeError, "hidden0"),
    ("rnn_relu_cell", (_zeros(3), _zeros(4), _zeros(4, 3), _zeros(4, 4)), ValueError, "2-D"),
])
def test_functional_cells_refuse_bad_shapes_as_torch(op, args, error, match):
    with pytest.raises(error, match=match):  # silent broadcasting or unpacking of rows before
        getattr(ag, op)(*args)


@pytest.mark.parametrize("cell, hx", [(nn.RNNCell, _zeros(2, 4)), (nn.LSTMCell, (_zeros(4), _zeros(5)))])
def test_cell_modules_refuse_a_state_that_does_not_fit(cell, hx):
    with pytest.raises(RuntimeError, match="hidden"):
        cell(3, 4).double()(_zeros(3), hx)  # unbatched input, a batch of states / a wrong cell size


def test_rnn_base_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="Unrecognized RNN mode"):  # a KeyError before
        nn.RNNBase("FOO", 3, 4)


def test_buffer_keeps_requires_grad_of_its_data_as_a_leaf():
    x = ag.ones(2, requires_grad=True)
    b = nn.Buffer(x * 2)  # torch: data.detach().requires_grad_(data.requires_grad)
    assert b.requires_grad and b.grad_fn is None
    assert not nn.Buffer(ag.ones(2)).requires_grad


def _hook_log(lib, nn_lib, module_mod):
    """The calls, in order, of forward hooks registered with prepend / with_kwargs / always_call, module and
    global, and of global full backward hooks."""
    log = []

    class Scale(nn_lib.Module):
        def forward(self, x, scale=1.0, fail=False):
            if fail:
                raise ValueError("forward failed")
            return x * scale

    m = Scale()
    handles = [
        m.register_forward_pre_hook(lambda mod, args: log.append("pre")),
        m.register_forward_pre_hook(lambda mod, args, kwargs: (log.append(("pre_kw", sorted(kwargs))),
                                                               (args, {**kwargs, "scale": 3.0}))[1],
                                    with_kwargs=True, prepend=True),
        m.register_forward_hook(lambda mod, args, out: log.append("post")),
        m.register_forward_hook(lambda mod, args, kwargs, out: log.append(("post_kw", kwargs["scale"])),
                                with_kwargs=True, prepend=True),
        m.register_forward_hook(lambda mod, args, out: log.append(("always", out is None)), always_call=True),
        module_mod.register_module_forward_hook(lambda mod, args, kwargs, out: log.append("global_kw"),
                                                with_kwargs=True),
        module_mod.register_module_full_backward_pre_hook(lambda mod, go: log.append("global_bw_pre")),
        module_mod.register_module_full_backward_hook(lambda mod, gi, go: log.append("global_bw")),
    ]
    m.register_full_backward_hook(lambda mod, gi, go: log.append("bw"))
    try:
        x = lib.ones(2, requires_grad=True)
        y = m(x, scale=2.0)
        log.append(np.asarray(y.detach().numpy()).tolist())
        y.sum().backward()
        log.append(x.grad.numpy().tolist())
        with pytest.raises(ValueError, match="forward failed"):
            m(x, fail=True)
    finally:
        for h in handles:
            h.remove()
    return log


def test_forward_hook_options_and_global_backward_hooks_as_torch():
    torch = pytest.importorskip("torch")
    ours = _hook_log(ag, nn, nn.modules.module)
    theirs = _hook_log(torch, torch.nn, torch.nn.modules.module)
    assert ours == theirs


def _versions_seen(lib, nn_lib):
    """The local_metadata that load pre-hooks see: the checkpoint's versions (torch's ``_metadata``), {} for a
    state_dict that carries none, so a module's migration hook can tell an old checkpoint from a new one."""
    seen = []

    class Versioned(nn_lib.Module):
        _version = 2

        def __init__(self):
            super().__init__()
            self.lin = nn_lib.Linear(1, 1)
    m = Versioned()
    m.register_load_state_dict_pre_hook(lambda mod, sd, prefix, metadata, *rest: seen.append(("m", metadata)))
    m.lin.register_load_state_dict_pre_hook(lambda mod, sd, prefix, metadata, *rest: seen.append(("lin", metadata)))
    sd = m.state_dict()
    m.load_state_dict(sd)
    m.load_state_dict(dict(sd))
    sd._metadata[""] = {"version": 1}  # saved by an older Versioned
    m.load_state_dict(sd)
    return seen


def test_load_pre_hooks_see_the_checkpoint_versions_as_torch():
    torch = pytest.importorskip("torch")
    assert _versions_seen(ag, nn) == _versions_seen(torch, torch.nn)


def test_backward_hook_keeps_a_named_tuple_output():
    asm = nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])
    fired = []
    asm.register_full_backward_hook(lambda m, gi, go: fired.append(len(go)))
    out = asm(ag.randn(3, 4, requires_grad=True), ag.tensor([0, 5, 9]))
    assert type(out).__name__ == "_ASMoutput"  # torch rebuilds the output's own tuple type; a plain tuple before
    out.loss.backward()
    assert fired == [2]


def test_hooks_of_a_deep_copy_run_after_the_original_handles_are_removed():
    import copy
    calls = []
    m = nn.Linear(2, 2)
    handles = [m.register_forward_hook(lambda mod, args, out: calls.append("post")),
               m.register_forward_pre_hook(lambda mod, args, kwargs: calls.append("pre_kw"), with_kwargs=True)]
    clone = copy.deepcopy(m)
    for h in handles:
        h.remove()
    clone(ag.ones(1, 2))  # as torch; the copy's hooks were skipped (and with_kwargs forgotten) before
    assert calls == ["pre_kw", "post"]
    m(ag.ones(1, 2))
    assert calls == ["pre_kw", "post"]


def _assigned(lib, nn_lib):
    m = nn_lib.BatchNorm1d(2)
    m.weight.requires_grad_(False)
    old_weight, old_mean = m.weight, m.running_mean
    state = {k: lib.tensor(np.full(tuple(v.shape), 3.0)) for k, v in m.state_dict().items()}  # float64
    state["num_batches_tracked"] = lib.tensor(7)
    keys = m.load_state_dict(state, assign=True)
    state["running_mean"][0] = 5.0  # the module holds the state_dict's tensors: their memory and dtype
    return (tuple(keys), m.weight is old_weight, m.running_mean is old_mean, type(m.weight).__name__,
            m.weight.requires_grad, m.bias.requires_grad, str(m.weight.dtype).split(".")[-1],
            m.running_mean.detach().numpy().tolist(), int(m.num_batches_tracked))


def test_load_state_dict_assign_as_torch():
    torch = pytest.importorskip("torch")
    assert _assigned(ag, nn) == _assigned(torch, torch.nn)
    with pytest.raises(RuntimeError, match="size mismatch"):
        nn.Linear(2, 2).load_state_dict({"weight": ag.zeros(3, 2), "bias": ag.zeros(2)}, assign=True)
