"""Parameter trajectories of an optimizer (ours or torch's) under a fixed gradient sequence, for parity tests
(a helper module: no torch import, so test modules that skip without torch can share it)."""
import numpy as np

import autograd_core as ag

SHAPES = [(3, 4), (5,)]


def gradient(x, t):
    """A gradient that depends on the parameter (so errors compound), with noise that flips signs."""
    noise = np.random.default_rng(100 + t).standard_normal(x.shape)
    return 2.0 * (x - 0.5) + 0.3 * np.cos(3.0 * x) + 0.5 * noise


def start(shapes=SHAPES):
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s) for s in shapes]


def trajectory(make_opt, steps, as_tensor, params=None, opt=None, first=0, shapes=SHAPES):
    """The parameters after each step (numpy arrays), and the optimizer and parameters at the end."""
    params = params if params is not None else [as_tensor(a) for a in start(shapes)]
    opt = opt if opt is not None else make_opt(params)
    out = []
    for t in range(first, first + steps):
        for p in params:
            p.grad = as_tensor(gradient(p.detach().numpy(), t))
        opt.step()
        out.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    return np.array(out), opt, params


def ours_tensor(a):
    return ag.tensor(np.array(a, dtype=np.float64), requires_grad=True)


def start_flat(shapes=SHAPES):
    return np.concatenate([a.ravel() for a in start(shapes)])
