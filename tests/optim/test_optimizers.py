"""Optimizers: hand-computed steps, PyTorch as an oracle, groups, frozen params, state_dict, errors."""
import math

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim
from autograd_core.serialization import load, save

SHAPES = [(3, 4), (4,), (2, 2, 2)]


def make_params(dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return [ag.tensor(rng.standard_normal(s).astype(dtype), requires_grad=True) for s in SHAPES]


def grad_sequence(steps, dtype=np.float64, seed=1):
    rng = np.random.default_rng(seed)
    return [[rng.standard_normal(s).astype(dtype) for s in SHAPES] for _ in range(steps)]


def run(opt, params, grads):
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = ag.tensor(g.copy())
        opt.step()


def const_grad_steps(opt, p, g, steps):
    """Run ``steps`` steps with gradient ``g`` each time; return the parameter after each."""
    out = []
    for _ in range(steps):
        p.grad = ag.tensor(np.array(g))
        opt.step()
        out.append(p.detach().numpy().copy())
    return out


# -- hand-computed steps ------------------------------------------------------------
def test_sgd_plain_step():
    # theta_t = theta_{t-1} - lr * g
    p = ag.tensor([1.0, -2.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.SGD([p], lr=0.1), p, [0.5, 1.0], 2)
    np.testing.assert_allclose(got[0], [0.95, -2.1])
    np.testing.assert_allclose(got[1], [0.90, -2.2])


def test_sgd_momentum_dampening_weight_decay_by_hand():
    # g' = g + wd*theta; b1 = g'; b_t = mu*b + (1-damp)*g'; theta -= lr*b
    p = ag.tensor([1.0], dtype=np.float64, requires_grad=True)
    opt = optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.1)
    got = const_grad_steps(opt, p, [1.0], 3)
    theta, b = 1.0, None
    for t in range(3):
        g = 1.0 + 0.1 * theta
        b = g if b is None else 0.9 * b + 0.5 * g
        theta -= 0.1 * b
        assert got[t][0] == pytest.approx(theta, abs=1e-15)


def test_sgd_nesterov_by_hand():
    # b1 = g = 1, update = g + mu*b1 = 1.9; b2 = 0.9*1 + 1 = 1.9, update = 1 + 0.9*1.9 = 2.71
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True), p, [1.0], 2)
    assert got[0][0] == pytest.approx(-0.19)
    assert got[1][0] == pytest.approx(-0.19 - 0.271)


def test_sgd_maximize_goes_uphill():
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    assert const_grad_steps(optim.SGD([p], lr=0.1, maximize=True), p, [2.0], 1)[0][0] == pytest.approx(0.2)


def test_adam_by_hand():
    # constant g: m_t = (1-b1^t) g, v_t = (1-b2^t) g^2, so each step is lr * g / (|g| + eps)
    lr, eps = 0.01, 1e-8
    p = ag.tensor([1.0, 1.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.Adam([p], lr=lr, eps=eps), p, [0.5, -2.0], 3)
    for t in range(3):
        step = np.array([lr * 0.5 / (0.5 + eps), lr * -2.0 / (2.0 + eps)])
        np.testing.assert_allclose(got[t], 1.0 - (t + 1) * step, rtol=1e-12)


def test_adamw_by_hand():
    # theta <- theta*(1 - lr*wd), then the Adam step lr*g/(|g|+eps) (weight decay not in the gradient)
    lr, wd = 0.1, 0.5
    p = ag.tensor([2.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.AdamW([p], lr=lr, weight_decay=wd), p, [1.0], 2)
    theta = 2.0
    for t in range(2):
        theta = theta * (1 - lr * wd) - lr * 1.0 / (1.0 + 1e-8)
        assert got[t][0] == pytest.approx(theta, rel=1e-12)


def test_adam_l2_weight_decay_goes_into_gradient():
    # step 1: g' = g + wd*theta = 1 + 0.5*2 = 2, and the step is lr*g'/(|g'|+eps)
    p = ag.tensor([2.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.Adam([p], lr=0.1, weight_decay=0.5), p, [1.0], 1)
    assert got[0][0] == pytest.approx(2.0 - 0.1 * 2.0 / (2.0 + 1e-8), rel=1e-12)


def test_adagrad_by_hand():
    # s_t = s0 + t g^2; lr_t = lr / (1 + (t-1) lr_decay); theta -= lr_t g / (sqrt(s_t) + eps)
    lr, decay, s0 = 0.1, 0.5, 0.25
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.Adagrad([p], lr=lr, lr_decay=decay, initial_accumulator_value=s0), p, [2.0], 3)
    theta = 0.0
    for t in range(1, 4):
        theta -= lr / (1 + (t - 1) * decay) * 2.0 / (math.sqrt(s0 + 4.0 * t) + 1e-10)
        assert got[t - 1][0] == pytest.approx(theta, rel=1e-12)


def test_rmsprop_by_hand():
    # v_t = a v + (1-a) g^2; theta -= lr g / (sqrt(v_t) + eps)
    lr, a, eps = 0.01, 0.9, 1e-8
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.RMSprop([p], lr=lr, alpha=a), p, [3.0], 3)
    theta, v = 0.0, 0.0
    for t in range(3):
        v = a * v + (1 - a) * 9.0
        theta -= lr * 3.0 / (math.sqrt(v) + eps)
        assert got[t][0] == pytest.approx(theta, rel=1e-12)


def test_rmsprop_centered_momentum_by_hand():
    # gbar_t = a gbar + (1-a) g; avg = sqrt(v - gbar^2) + eps; b = mu b + g/avg; theta -= lr b
    lr, a, mu, eps = 0.01, 0.5, 0.9, 1e-8
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    grads = [1.0, 3.0]
    opt = optim.RMSprop([p], lr=lr, alpha=a, momentum=mu, centered=True)
    theta, v, gbar, b = 0.0, 0.0, 0.0, 0.0
    for g in grads:
        p.grad = ag.tensor(np.array([g]))
        opt.step()
        v = a * v + (1 - a) * g * g
        gbar = a * gbar + (1 - a) * g
        b = mu * b + g / (math.sqrt(v - gbar * gbar) + eps)
        theta -= lr * b
        assert p.detach().numpy()[0] == pytest.approx(theta, rel=1e-12)


def test_adadelta_by_hand():
    # v = r v + (1-r) g^2; dx = sqrt(u + eps)/sqrt(v + eps) g; u = r u + (1-r) dx^2; theta -= lr dx
    lr, r, eps = 1.0, 0.9, 1e-6
    p = ag.tensor([0.0], dtype=np.float64, requires_grad=True)
    got = const_grad_steps(optim.Adadelta([p]), p, [2.0], 3)
    theta, v, u = 0.0, 0.0, 0.0
    for t in range(3):
        v = r * v + (1 - r) * 4.0
        dx = math.sqrt(u + eps) / math.sqrt(v + eps) * 2.0
        u = r * u + (1 - r) * dx * dx
        theta -= lr * dx
        assert got[t][0] == pytest.approx(theta, rel=1e-12)


# -- PyTorch as the oracle ----------------------------------------------------------
ORACLE_CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.5, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.8, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.1)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
]


@pytest.mark.parametrize("name,kwargs", ORACLE_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ORACLE_CASES)])
def test_matches_torch(name, kwargs):
    torch = pytest.importorskip("torch")
    params = make_params()
    grads = grad_sequence(5)
    run(getattr(optim, name)(params, **kwargs), params, grads)
    tparams = _torch_run(torch, lambda tp: getattr(torch.optim, name)(tp, **kwargs), make_params(), grads)
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-10, atol=1e-12)


def _torch_run(torch, make_optimizer, params, grads):
    """torch twins of ``params`` after torch's optimizer took the same steps with ``grads``."""
    tparams = [torch.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    topt = make_optimizer(tparams)
    for step_grads in grads:
        for tp, g in zip(tparams, step_grads):
            tp.grad = torch.tensor(g)
        topt.step()
    return tparams


def test_matches_torch_float32():
    torch = pytest.importorskip("torch")
    params = make_params(np.float32)
    grads = grad_sequence(5, np.float32)
    opt = optim.Adam(params, lr=0.01)
    run(opt, params, grads)
    tparams = _torch_run(torch, lambda tp: torch.optim.Adam(tp, lr=0.01), make_params(np.float32), grads)
    for p, tp in zip(params, tparams):
        assert p.dtype == np.float32 and opt.state[p]["exp_avg"].dtype == np.float32
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-5, atol=1e-6)


# -- groups, frozen parameters, zero_grad, closure -----------------------------------
def test_frozen_params_are_skipped():
    params = make_params()
    before = params[1].detach().numpy().copy()
    opt = optim.Adam(params, lr=0.1)
    for p in (params[0], params[2]):
        p.grad = ag.ones_like(p)
    opt.step()
    np.testing.assert_array_equal(params[1].detach().numpy(), before)
    assert params[1] not in opt.state
    assert set(opt.state_dict()["state"]) == {0, 2}


def test_param_groups_have_their_own_lr():
    a = ag.tensor([1.0], dtype=np.float64, requires_grad=True)
    b = ag.tensor([1.0], dtype=np.float64, requires_grad=True)
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.0)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["momentum"] == 0.0
    a.grad, b.grad = ag.ones_like(a), ag.ones_like(b)
    opt.step()
    assert a.detach().numpy()[0] == pytest.approx(0.9) and b.detach().numpy()[0] == pytest.approx(0.5)


def test_add_param_group_for_fine_tuning():
    a = ag.tensor([1.0], requires_grad=True)
    b = ag.tensor([1.0], requires_grad=True)
    opt = optim.SGD([a], lr=0.1)
    opt.add_param_group({"params": b, "lr": 0.01})
    assert opt.param_groups[1]["params"] == [b] and opt.param_groups[1]["lr"] == 0.01
    with pytest.raises(ValueError, match="more than once"):
        opt.add_param_group({"params": [a]})


def test_named_parameters_are_accepted():
    a = ag.tensor([1.0], requires_grad=True)
    opt = optim.SGD([("w", a)], lr=0.1)
    assert opt.param_groups[0]["params"] == [a] and opt.param_groups[0]["param_names"] == ["w"]


def test_zero_grad():
    p = ag.tensor([1.0, 2.0], requires_grad=True)
    opt = optim.SGD([p])
    p.grad = ag.ones_like(p)
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(p.grad.numpy(), [0.0, 0.0])
    opt.zero_grad()
    assert p.grad is None


def test_step_with_closure_returns_loss_and_records_grad():
    p = ag.tensor([3.0], dtype=np.float64, requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with ag.no_grad():
        loss = opt.step(closure)
    assert loss.item() == pytest.approx(9.0)
    assert p.detach().numpy()[0] == pytest.approx(3.0 - 0.1 * 6.0)


def test_step_leaves_grad_untouched():
    p = ag.tensor([1.0, -1.0], dtype=np.float64, requires_grad=True)
    g = np.array([0.5, 0.25])
    for opt in (optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.1, maximize=True),
                optim.Adam([p], weight_decay=0.1), optim.RMSprop([p], centered=True)):
        p.grad = ag.tensor(g.copy())
        opt.step()
        opt.step()
        np.testing.assert_array_equal(p.grad.numpy(), g)


def test_step_invalidates_graphs_that_saved_the_parameter():
    p = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (p * p).sum()
    opt = optim.SGD([p], lr=0.1)
    p.grad = ag.ones_like(p)
    opt.step()
    with pytest.raises(RuntimeError, match="in-place"):
        loss.backward()


def test_trains_a_linear_regression():
    rng = np.random.default_rng(0)
    x = ag.tensor(rng.standard_normal((64, 3)))
    true_w = np.array([[1.5], [-2.0], [0.5]], dtype=np.float32)
    y = x @ ag.tensor(true_w)
    w = ag.zeros(3, 1, requires_grad=True)
    opt = optim.Adam([w], lr=0.1)
    for _ in range(200):
        opt.zero_grad()
        ((x @ w - y) ** 2).mean().backward()
        opt.step()
    np.testing.assert_allclose(w.detach().numpy(), true_w, atol=1e-2)


def test_works_with_nn_module_parameters():
    nn = pytest.importorskip("autograd_core.nn")
    if not hasattr(nn, "Linear"):
        pytest.skip("nn.Linear not available yet")
    model = nn.Linear(3, 2)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    before = [p.detach().numpy().copy() for p in model.parameters()]
    model(ag.ones(4, 3)).sum().backward()
    opt.step()
    assert all(not np.array_equal(b, p.detach().numpy()) for b, p in zip(before, model.parameters()))


# -- state_dict ------------------------------------------------------------------------
ROUND_TRIP = [("SGD", dict(lr=0.1, momentum=0.9)), ("Adagrad", dict()), ("RMSprop", dict(centered=True, momentum=0.5)),
              ("Adadelta", dict()), ("Adam", dict(amsgrad=True)), ("AdamW", dict()), ("Adafactor", dict(weight_decay=0.1))]


@pytest.mark.parametrize("name,kwargs", ROUND_TRIP, ids=[n for n, _ in ROUND_TRIP])
def test_state_dict_round_trip_through_a_file(tmp_path, name, kwargs):
    grads = grad_sequence(6)
    params = make_params()
    opt = getattr(optim, name)(params, **kwargs)
    run(opt, params, grads[:3])
    save({"params": [p.detach().numpy() for p in params], "optim": opt.state_dict()}, tmp_path / "ckpt.npz")

    ckpt = load(tmp_path / "ckpt.npz")
    resumed = [ag.tensor(a, requires_grad=True) for a in ckpt["params"]]
    opt2 = getattr(optim, name)(resumed, lr=123.0)  # the hyper-parameters come from the state dict
    opt2.load_state_dict(ckpt["optim"])
    assert opt2.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    run(opt, params, grads[3:])
    run(opt2, resumed, grads[3:])
    for p, q in zip(params, resumed):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_state_dict_layout_is_pytorchs():
    params = make_params()
    opt = optim.SGD([{"params": params[:2]}, {"params": params[2:], "lr": 0.5}], lr=0.1, momentum=0.9)
    run(opt, params, grad_sequence(1))
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert sd["param_groups"][1]["lr"] == 0.5
    assert set(sd["state"]) == {0, 1, 2} and set(sd["state"][2]) == {"momentum_buffer"}


def test_load_state_dict_checks_sizes():
    params = make_params()
    opt = optim.Adam(params)
    run(opt, params, grad_sequence(1))
    with pytest.raises(ValueError, match="parameter group 0 has 3 parameters"):
        optim.Adam(params[:2]).load_state_dict(opt.state_dict())
    swapped = [ag.zeros(*shape, requires_grad=True) for shape in reversed(SHAPES)]
    with pytest.raises(ValueError, match="shape"):
        optim.Adam(swapped).load_state_dict(opt.state_dict())


# -- errors -----------------------------------------------------------------------------
BAD = [
    (optim.SGD, dict(lr=-1), "Invalid learning rate: -1"),
    (optim.SGD, dict(momentum=-0.1), "Invalid momentum value: -0.1"),
    (optim.SGD, dict(weight_decay=-1), "Invalid weight_decay value: -1"),
    (optim.SGD, dict(nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (optim.SGD, dict(nesterov=True, momentum=0.9, dampening=0.1), "Nesterov"),
    (optim.Adam, dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (optim.Adam, dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    (optim.Adam, dict(eps=-1e-8), "Invalid epsilon value"),
    (optim.AdamW, dict(lr=-0.1), "Invalid learning rate: -0.1"),
    (optim.Adagrad, dict(lr_decay=-1), "Invalid lr_decay value: -1"),
    (optim.Adagrad, dict(initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    (optim.RMSprop, dict(alpha=-1), "Invalid alpha value: -1"),
    (optim.Adadelta, dict(rho=1.5), "Invalid rho value: 1.5"),
]


@pytest.mark.parametrize("cls,kwargs,message", BAD, ids=[m for _, _, m in BAD])
def test_bad_hyper_parameters_raise(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls([ag.zeros(2, requires_grad=True)], **kwargs)


def test_bad_group_hyper_parameter_raises():
    with pytest.raises(ValueError, match="Invalid learning rate: -0.5"):
        optim.SGD([{"params": [ag.zeros(2, requires_grad=True)], "lr": -0.5}])


def test_bad_params_raise():
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([])
    with pytest.raises(TypeError, match="iterable of Tensors"):
        optim.SGD(ag.zeros(2, requires_grad=True))
    with pytest.raises(TypeError, match="ordered collections"):
        optim.SGD({ag.zeros(2, requires_grad=True)})
    x = ag.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([x * 2])
    with pytest.raises(ValueError, match="more than once"):
        optim.SGD([x, x])


# -- L1 ----------------------------------------------------------------------------------
def test_l1_penalty_value_and_gradient():
    a = ag.tensor([1.0, -2.0, 0.0], dtype=np.float64, requires_grad=True)
    b = ag.tensor([[3.0]], dtype=np.float64, requires_grad=True)
    penalty = optim.l1_penalty([a, b], 0.1)
    assert penalty.item() == pytest.approx(0.6)
    penalty.backward()
    np.testing.assert_allclose(a.grad.numpy(), [0.1, -0.1, 0.0])
    np.testing.assert_allclose(b.grad.numpy(), [[0.1]])
    with pytest.raises(ValueError, match="weight must be >= 0"):
        optim.l1_penalty([a], -1.0)


def test_l1_penalty_gradcheck():
    a = ag.tensor([[0.5, -1.5], [2.0, -0.25]], dtype=np.float64, requires_grad=True)
    b = ag.tensor([0.75, -3.0], dtype=np.float64, requires_grad=True)
    assert ag.gradcheck(lambda x, y: optim.l1_penalty([x, y], 0.3), (a, b))


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW"])
def test_defaults_are_pytorchs(name):
    torch = pytest.importorskip("torch")
    ours = getattr(optim, name)([ag.zeros(1, requires_grad=True)]).defaults
    theirs = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)]).defaults
    assert {k: theirs[k] for k in ours} == ours


def test_state_follows_its_parameter_after_module_to():
    from autograd_core import nn
    model = nn.Linear(3, 2)
    opt = optim.Adam(model.parameters(), lr=0.1)
    model(ag.randn(4, 3)).sum().backward()
    opt.step()
    model.to(ag.float64)
    opt.zero_grad()
    model(ag.randn(4, 3, dtype=ag.float64)).sum().backward()
    opt.step()
    assert opt.state[model.weight]["exp_avg"].dtype == np.float64 and model.weight.dtype == np.float64
