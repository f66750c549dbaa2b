"""LBFGS against torch.optim.LBFGS on the Rosenbrock function, with and without the strong-Wolfe line search."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim

torch = pytest.importorskip("torch")

START = [np.array([-1.2, 1.0]), np.array([[-0.5, 1.3], [0.8, -0.3]])]  # one 6-d Rosenbrock problem in two tensors


def rosenbrock(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def run(lib, as_tensor, steps, **kwargs):
    """The parameters and the returned loss after each ``step(closure)``, and the optimizer."""
    params = [as_tensor(a) for a in START]
    opt = lib.optim.LBFGS(params, **kwargs)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(lib.cat([p.reshape(-1) for p in params]))
        loss.backward()
        return loss

    out = []
    for _ in range(steps):
        loss = opt.step(closure)
        out.append(np.concatenate([[loss.item()]] + [p.detach().numpy().ravel() for p in params]))
    return np.array(out), opt


def ours(a):
    return ag.tensor(a.copy(), requires_grad=True)


def theirs(a):
    return torch.tensor(a.copy(), requires_grad=True)


# (kwargs, steps): with lr=1 and no line search the iterates are chaotic on Rosenbrock, so the last-bit
# differences of the two autograds' gradients grow ~1000x per step() (40 iterations in): two steps only
CASES = [
    (dict(), 2),
    (dict(line_search_fn="strong_wolfe"), 6),
    (dict(lr=0.5, max_iter=7, history_size=3), 6),
    (dict(lr=0.8, max_iter=10, max_eval=12, history_size=4, line_search_fn="strong_wolfe"), 6),
    (dict(max_iter=30, tolerance_grad=1e-3, tolerance_change=1e-6, line_search_fn="strong_wolfe"), 6),
    (dict(lr=0.01, max_iter=5, history_size=2, tolerance_change=1e-3), 6),
]


@pytest.mark.parametrize("kwargs,steps", CASES, ids=[str(k) for k, _ in CASES])
def test_matches_torch_on_rosenbrock(kwargs, steps):
    got, opt = run(ag, ours, steps, **kwargs)
    want, topt = run(torch, theirs, steps, **kwargs)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-10)
    state, tstate = opt.state[opt._params[0]], topt.state[topt.param_groups[0]["params"][0]]
    assert (state["func_evals"], state["n_iter"]) == (tstate["func_evals"], tstate["n_iter"])
    assert len(state["old_dirs"]) == len(tstate["old_dirs"])
    assert float(state["t"]) == pytest.approx(float(tstate["t"]), rel=1e-9)


def test_line_search_keeps_torchs_tolerance_whatever_tolerance_change():
    # torch passes its own 1e-9, not tolerance_change, to the line search: with a large tolerance_change the zoom
    # must still run (it would otherwise stop at once and leave x where it was)
    def step(lib, tensor):
        x = tensor(np.array([-0.5]), requires_grad=True)
        opt = lib.LBFGS([x], lr=7.0, max_iter=1, max_eval=10, tolerance_change=10.0, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = (x ** 4 - 3 * x ** 2 + x).sum()
            loss.backward()
            return loss

        opt.step(closure)
        return x.detach().numpy()

    got, want = step(optim, ag.tensor), step(torch.optim, torch.tensor)
    assert abs(want[0] + 0.5) > 0.5  # torch's zoom moved x
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_strong_wolfe_reaches_the_minimum():
    got, _ = run(ag, ours, 5, line_search_fn="strong_wolfe", max_iter=50)
    np.testing.assert_allclose(got[-1, 1:], 1.0, atol=1e-5)  # stops once max|g| <= tolerance_grad


def test_state_dict_round_trip_continues_like_one_run(tmp_path):
    kwargs = dict(lr=0.5, max_iter=4, history_size=3, line_search_fn="strong_wolfe")
    want, _ = run(ag, ours, 4, **kwargs)
    first, opt = run(ag, ours, 2, **kwargs)
    ag.save({"params": [p.detach().numpy() for p in opt._params], "optim": opt.state_dict()}, tmp_path / "c.npz")
    ckpt = ag.load(tmp_path / "c.npz")
    params = [ours(a) for a in ckpt["params"]]
    opt2 = optim.LBFGS(params)
    opt2.load_state_dict(ckpt["optim"])

    def closure():
        opt2.zero_grad()
        loss = rosenbrock(ag.cat([p.reshape(-1) for p in params]))
        loss.backward()
        return loss

    for row in want[2:]:
        loss = opt2.step(closure)
        got = np.concatenate([[loss.item()]] + [p.detach().numpy().ravel() for p in params])
        np.testing.assert_allclose(got, row, rtol=1e-12)


def test_stops_at_once_when_the_gradient_is_small():
    p = ag.tensor(np.array([1.0, 1.0]), requires_grad=True)
    opt = optim.LBFGS([p])

    def closure():
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert opt.state[p] == {"func_evals": 1, "n_iter": 0}


def test_errors():
    p = ag.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        optim.LBFGS([p], lr=-1)
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        optim.LBFGS([{"params": [p]}, {"params": [ag.zeros(1, requires_grad=True)]}])
    with pytest.raises(ValueError, match="line_search_fn must be None or 'strong_wolfe', got 'armijo'"):
        optim.LBFGS([p], line_search_fn="armijo")
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        optim.LBFGS([p]).add_param_group({"params": [ag.zeros(1, requires_grad=True)]})


def test_defaults_are_torchs():
    got = optim.LBFGS([ag.zeros(1, requires_grad=True)], max_iter=8).defaults
    assert got == torch.optim.LBFGS([torch.zeros(1, requires_grad=True)], max_iter=8).defaults
