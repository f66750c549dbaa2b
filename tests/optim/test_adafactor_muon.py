"""Adafactor and Muon: trajectories against torch.optim (float64 and float32), state_dict resume, errors."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim
from autograd_core.optim.muon import newton_schulz
from tests.optim.trajectories import ours_tensor, start_flat, trajectory

STEPS = 12
FACTORED = [(3, 4), (5,), (2, 3, 4)]  # a matrix, a vector, a batch of matrices
MATRICES = [(3, 4), (5, 2)]  # wide and tall

ADAFACTOR = [dict(), dict(lr=0.05, weight_decay=0.1), dict(lr=0.5, beta2_decay=-0.5, eps=(1e-30, 1e-2), d=2.0),
             dict(lr=0.1, maximize=True), dict(lr=0.02, eps=(1e-3, 1e-3))]
MUON = [dict(lr=0.02), dict(lr=0.05, nesterov=False, momentum=0.8, weight_decay=0.0),
        dict(lr=0.02, adjust_lr_fn="match_rms_adamw", ns_steps=3), dict(lr=0.02, adjust_lr_fn="original", eps=1e-3),
        dict(lr=0.02, ns_coefficients=(2.0, -1.5, 0.5), momentum=0.0)]


def _torch_tensor(dtype):
    torch = pytest.importorskip("torch")
    return lambda a: torch.tensor(np.array(a, dtype=dtype), requires_grad=True)


def _ours(dtype):
    return lambda a: ag.tensor(np.array(a, dtype=dtype), requires_grad=True)


def _torch_newton_schulz(grad, ns_coefficients, ns_steps, eps):
    """torch's Newton–Schulz iteration kept in the input's dtype (torch's own runs in bfloat16)."""
    import torch
    a, b, c = ns_coefficients
    tall = grad.size(0) > grad.size(1)
    x = grad.T if tall else grad
    x = x / x.norm().clamp(min=eps)
    for _ in range(ns_steps):
        gram = x @ x.T
        x = torch.addmm(x, torch.addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
    return x.T if tall else x


CASES = [("Adafactor", kwargs, FACTORED) for kwargs in ADAFACTOR] + [("Muon", kwargs, MATRICES) for kwargs in MUON]


def _torch_muon_in_float(monkeypatch):
    """torch's Muon with its Newton–Schulz iteration in the parameter's dtype, as ours."""
    import torch.optim._muon as muon_module
    monkeypatch.setattr(muon_module, "_zeropower_via_newtonschulz", _torch_newton_schulz)


@pytest.mark.parametrize("name,kwargs,shapes", CASES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_matches_torch_float64(name, kwargs, shapes, monkeypatch):
    torch = pytest.importorskip("torch")
    _torch_muon_in_float(monkeypatch)
    ours, opt, params = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS, ours_tensor, shapes=shapes)
    theirs, topt, tparams = trajectory(lambda ps: getattr(torch.optim, name)(ps, **kwargs), STEPS,
                                       _torch_tensor(np.float64), shapes=shapes)
    assert np.abs(ours - start_flat(shapes)).max() > 1e-3
    np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-12)
    for p, tp in zip(params, tparams):
        state, tstate = opt.state[p], topt.state[tp]
        assert list(state) == list(tstate)
        for k in state:
            np.testing.assert_allclose(np.asarray(state[k], np.float64), tstate[k].detach().numpy(), rtol=1e-11,
                                       atol=1e-12, err_msg=k)


@pytest.mark.parametrize("name,kwargs,shapes", [("Adafactor", ADAFACTOR[1], FACTORED), ("Muon", MUON[0], MATRICES)])
def test_float32_matches_torch(name, kwargs, shapes, monkeypatch):
    torch = pytest.importorskip("torch")
    _torch_muon_in_float(monkeypatch)
    ours, opt, params = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), 5, _ours(np.float32),
                                   shapes=shapes)
    theirs, _, _ = trajectory(lambda ps: getattr(torch.optim, name)(ps, **kwargs), 5, _torch_tensor(np.float32),
                              shapes=shapes)
    assert ours.dtype == np.float32 and all(v.dtype == np.float32 for v in opt.state[params[0]].values()
                                            if hasattr(v, "dtype"))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,shapes", [("Adafactor", [(), (2, 2, 3, 4), (4,)]), ("Muon", MATRICES)])
def test_tensor_lr_and_an_added_group_match_torch(name, shapes, monkeypatch):
    torch = pytest.importorskip("torch")
    _torch_muon_in_float(monkeypatch)

    def maker(lib, lr):
        def make(params):
            opt = getattr(lib, name)(params[:1], lr=lr, weight_decay=0.2)
            opt.add_param_group({"params": params[1:], "lr": 0.1, "weight_decay": 0.0})
            return opt
        return make
    ours, _, _ = trajectory(maker(optim, ag.tensor(0.05, dtype=ag.float64)), STEPS, ours_tensor, shapes=shapes)
    theirs, _, _ = trajectory(maker(torch.optim, torch.tensor(0.05, dtype=torch.float64)), STEPS,
                              _torch_tensor(np.float64), shapes=shapes)
    np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-12)


def test_muon_is_within_bfloat16_rounding_of_torchs_own():
    torch = pytest.importorskip("torch")
    ours, _, _ = trajectory(lambda ps: optim.Muon(ps, lr=0.02), STEPS, ours_tensor, shapes=MATRICES)
    theirs, _, _ = trajectory(lambda ps: torch.optim.Muon(ps, lr=0.02), STEPS, _torch_tensor(np.float64),
                              shapes=MATRICES)
    moved = np.abs(theirs - start_flat(MATRICES)).max()
    assert np.abs(ours - theirs).max() < 0.02 * moved


@pytest.mark.parametrize("name,kwargs,shapes", [("Adafactor", ADAFACTOR[1], FACTORED), ("Muon", MUON[1], MATRICES)])
def test_resume_from_state_dict(tmp_path, name, kwargs, shapes):
    whole, _, _ = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS, ours_tensor, shapes=shapes)
    first, opt, params = trajectory(lambda ps: getattr(optim, name)(ps, **kwargs), STEPS // 2, ours_tensor,
                                    shapes=shapes)
    ag.save({"params": [p.detach().numpy() for p in params], "optim": opt.state_dict()}, tmp_path / "ckpt.npz")
    ckpt = ag.load(tmp_path / "ckpt.npz")
    resumed = [ours_tensor(a) for a in ckpt["params"]]
    opt2 = getattr(optim, name)(resumed, lr=123.0)
    opt2.load_state_dict(ckpt["optim"])
    rest, _, _ = trajectory(None, STEPS - STEPS // 2, ours_tensor, resumed, opt2, first=STEPS // 2)
    np.testing.assert_array_equal(np.concatenate([first, rest]), whole)


def test_adafactor_state_shapes_and_load_check():
    w, b = ag.zeros((2, 3, 4), requires_grad=True), ag.zeros(4, requires_grad=True)
    opt = optim.Adafactor([w, b])
    w.grad, b.grad = ag.ones((2, 3, 4)), ag.ones(4)
    opt.step()
    assert opt.state[w]["row_var"].shape == (2, 3, 1) and opt.state[w]["col_var"].shape == (2, 1, 4)
    assert opt.state[b]["variance"].shape == (4,) and opt.state[w]["step"] == 1.0
    sd = opt.state_dict()
    sd["state"][0]["row_var"] = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match=r"'row_var' of parameter 0 has shape \(2, 3, 4\) but \(2, 3, 1\)"):
        optim.Adafactor([w, b]).load_state_dict(sd)


def test_newton_schulz_pushes_singular_values_towards_one():
    m = np.random.default_rng(0).standard_normal((6, 3)) @ np.diag([10.0, 1.0, 0.1]) @ np.eye(3)
    s = np.linalg.svd(newton_schulz(m, (3.4445, -4.775, 2.0315), 5, 1e-7), compute_uv=False)
    assert s.shape == (3,) and np.all((s > 0.5) & (s < 1.3))


def test_muon_refuses_parameters_that_are_not_matrices():
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .* size: \(3,\)"):
        optim.Muon([ag.zeros((2, 2), requires_grad=True), ag.zeros(3, requires_grad=True)])
    opt = optim.Muon([ag.zeros((2, 2), requires_grad=True)])
    with pytest.raises(ValueError, match="Muon only supports 2D"):
        opt.add_param_group({"params": [ag.zeros((1, 2, 2), requires_grad=True)]})


BAD = [("Adafactor", dict(lr=-0.1)), ("Adafactor", dict(beta2_decay=0.5)), ("Adafactor", dict(eps=(-1.0, 1e-3))),
       ("Adafactor", dict(eps=(None, -1e-3))), ("Adafactor", dict(d=0.5)), ("Adafactor", dict(weight_decay=-1.0)),
       ("Muon", dict(lr=-1.0)), ("Muon", dict(momentum=-0.1)), ("Muon", dict(weight_decay=-0.1)),
       ("Muon", dict(adjust_lr_fn="other"))]


@pytest.mark.parametrize("name,kwargs", BAD, ids=[f"{n}-{k}" for n, k in BAD])
def test_bad_hyper_parameters_raise_torchs_message(name, kwargs):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim, name)([torch.zeros(2, 2, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(optim, name)([ag.zeros((2, 2), requires_grad=True)], **kwargs)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("kwargs,message", [(dict(ns_steps=100), "less than 100"),
                                            (dict(ns_coefficients=(1.0, 2.0)), "exactly 3 values")])
def test_muon_iteration_settings_are_checked_up_front(kwargs, message):
    with pytest.raises(ValueError, match=message):  # torch raises the same at the first step
        optim.Muon([ag.zeros((2, 2), requires_grad=True)], **kwargs)


@pytest.mark.parametrize("name", ["Adafactor", "Muon"])
def test_defaults_are_torchs(name):
    torch = pytest.importorskip("torch")
    ours = getattr(optim, name)([ag.zeros((2, 2), requires_grad=True)]).defaults
    theirs = getattr(torch.optim, name)([torch.zeros(2, 2, requires_grad=True)]).defaults
    assert {k: theirs[k] for k in ours} == ours and set(theirs) <= set(ours) | {"differentiable"}
