"""Every optimizer against torch.optim: the parameter trajectory over 20 steps in float64 for each option,
resuming from a state_dict, PyTorch's defaults and its error messages."""
import contextlib

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim
from tests.optim.trajectories import ours_tensor, start, start_flat, trajectory

torch = pytest.importorskip("torch")

STEPS = 20


@contextlib.contextmanager
def torch_float64_scalars():
    """torch keeps some scalar state (ASGD's eta and mu, NAdam's mu_product) in the default dtype, float32
    unless changed; we keep it in Python floats, so the oracle runs with a float64 default."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def torch_tensor(a):
    return torch.tensor(np.array(a, dtype=np.float64), requires_grad=True)


CASES = [
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.1)),
    ("Adamax", dict(lr=0.05, maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.05, betas=(0.8, 0.95), momentum_decay=0.1, weight_decay=0.1)),
    ("NAdam", dict(lr=0.05, weight_decay=0.2, decoupled_weight_decay=True, maximize=True)),
    ("NAdam", dict(lr=0.05, eps=1e-2, momentum_decay=0.0)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=0.05, betas=(0.9, 0.6), weight_decay=0.1)),  # beta2 = 0.6: rho_inf = 4, never rectified
    ("RAdam", dict(lr=0.05, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.2, decoupled_weight_decay=True)),
    ("RAdam", dict(lr=0.05, maximize=True)),  # rho_t <= 5 for 5 steps, rectified from step 6
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(0.01, 0.08))),
    ("Rprop", dict(lr=0.05, maximize=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.05, lambd=0.1, alpha=0.5, t0=5, weight_decay=0.1)),
    ("ASGD", dict(lr=0.05, lambd=0.01, t0=0, maximize=True)),
    ("ASGD", dict(lr=0.05, lambd=0.01, t0=3, weight_decay=0.1, maximize=True)),  # L2 added after negating
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.5, dampening=0.2, maximize=True)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.8, centered=True, weight_decay=0.1)),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("AdamW", dict(lr=0.05, amsgrad=True)),
]
IDS = [f"{name}-{i}" for i, (name, _) in enumerate(CASES)]


@pytest.mark.parametrize("name,kwargs", CASES, ids=IDS)
def test_trajectory_matches_torch(name, kwargs):
    ours, opt, params = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS, ours_tensor)
    with torch_float64_scalars():
        theirs, topt, tparams = trajectory(lambda ps: getattr(torch.optim, name)(ps, **kwargs), STEPS, torch_tensor)
    assert np.abs(ours - start_flat()).max() > 1e-3  # the parameters did move
    np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-12)
    # the state too: some of it (ASGD's average ax) never feeds back into the parameters
    for p, tp in zip(params, tparams):
        state, tstate = opt.state[p], topt.state[tp]
        shared = [k for k in state if k in tstate]
        assert any(getattr(state[k], "ndim", 0) for k in shared), (list(state), list(tstate))
        for k in shared:
            want = tstate[k].detach().numpy() if torch.is_tensor(tstate[k]) else tstate[k]
            np.testing.assert_allclose(np.asarray(state[k], dtype=np.float64), want, rtol=1e-11, atol=1e-12,
                                       err_msg=f"{name} state {k!r}")


@pytest.mark.parametrize("name", ["ASGD", "NAdam"])
def test_torch_float32_scalar_state_is_the_only_difference(name):
    # with torch's default float32 scalars its trajectory is within float32 rounding of ours
    kwargs = dict(lr=0.05, t0=3, lambd=0.1) if name == "ASGD" else dict(lr=0.05)
    ours, _, _ = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS, ours_tensor)
    theirs, _, _ = trajectory(lambda ps: getattr(torch.optim, name)(ps, **kwargs), STEPS, torch_tensor)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", CASES[:18], ids=IDS[:18])
def test_resumed_from_state_dict_matches_torch(tmp_path, name, kwargs):
    first, opt, params = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS // 2, ours_tensor)
    ag.save({"params": [p.detach().numpy() for p in params], "optim": opt.state_dict()}, tmp_path / "ckpt.npz")
    ckpt = ag.load(tmp_path / "ckpt.npz")
    resumed = [ours_tensor(a) for a in ckpt["params"]]
    opt2 = getattr(optim, name)(resumed, lr=123.0)  # the hyper-parameters come from the state dict
    opt2.load_state_dict(ckpt["optim"])
    assert list(opt2.state[resumed[0]]) == list(opt.state[params[0]])
    rest, _, _ = trajectory(None, STEPS - STEPS // 2, ours_tensor, resumed, opt2, first=STEPS // 2)
    with torch_float64_scalars():
        theirs, topt, _ = trajectory(lambda ps: getattr(torch.optim, name)(ps, **kwargs), STEPS, torch_tensor)
    np.testing.assert_allclose(np.concatenate([first, rest]), theirs, rtol=1e-11, atol=1e-12)
    assert list(opt.state[params[0]]) == list(topt.state_dict()["state"][0])  # torch's state names, in order


NEW = ["Adamax", "NAdam", "RAdam", "Rprop", "ASGD"]


@pytest.mark.parametrize("name", NEW)
def test_defaults_are_torchs(name):
    ours = getattr(optim, name)([ag.zeros(1, requires_grad=True)]).defaults
    theirs = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)]).defaults
    assert {k: theirs[k] for k in ours} == ours
    assert set(theirs) - set(ours) <= {"foreach", "capturable", "differentiable"}


BAD = [
    ("Adamax", dict(lr=-0.1)), ("Adamax", dict(eps=-1.0)), ("Adamax", dict(betas=(1.0, 0.9))),
    ("Adamax", dict(betas=(0.9, -0.5))), ("Adamax", dict(weight_decay=-1)),
    ("NAdam", dict(lr=-0.1)), ("NAdam", dict(betas=(0.9, 1.0))), ("NAdam", dict(momentum_decay=-1e-3)),
    ("NAdam", dict(weight_decay=-0.5)), ("RAdam", dict(lr=-1)), ("RAdam", dict(eps=-1e-8)),
    ("RAdam", dict(betas=(-0.1, 0.9))), ("RAdam", dict(weight_decay=-2)),
    ("Rprop", dict(lr=-0.5)), ("Rprop", dict(etas=(1.5, 2.0))), ("Rprop", dict(etas=(0.5, 0.9))),
    ("Rprop", dict(etas=(0.0, 1.2))), ("ASGD", dict(lr=-0.01)), ("ASGD", dict(weight_decay=-0.1)),
]


@pytest.mark.parametrize("name,kwargs", BAD, ids=[f"{n}-{k}" for n, k in BAD])
def test_bad_hyper_parameters_raise_torchs_message(name, kwargs):
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(optim, name)([ag.zeros(1, requires_grad=True)], **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_rprop_ignores_later_lr_changes_like_torch():
    def run(make, as_tensor):
        params = [as_tensor(a) for a in start()]
        opt = make(params)
        trajectory(None, 3, as_tensor, params, opt)
        opt.param_groups[0]["lr"] = 10.0
        return trajectory(None, 3, as_tensor, params, opt, first=3)[0]

    np.testing.assert_allclose(run(lambda ps: optim.Rprop(ps), ours_tensor),
                               run(lambda ps: torch.optim.Rprop(ps), torch_tensor), rtol=1e-12)
