"""ASGD: stochastic gradient descent with a decaying step and a running average of the iterates."""
from .optimizer import Optimizer, check, next_step, regularized_grad


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent (PyTorch's ``torch.optim.ASGD``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, L2)} \\
        \theta_t &= \theta_{t-1} (1 - \lambda_d \eta_{t-1}) - \eta_{t-1} g_t \quad \text{(lambd } \lambda_d\text{)} \\
        \bar\theta_t &= \bar\theta_{t-1} + \mu_{t-1} (\theta_t - \bar\theta_{t-1}) \\
        \eta_t &= \gamma / (1 + \lambda_d \gamma t)^\alpha, \qquad \mu_t = 1 / \max(1, t - t_0)

    with :math:`\eta_0 = \gamma` (lr), :math:`\mu_0 = 1`. The average
    :math:`\bar\theta` is ``state["ax"]``: evaluate with it, not with the
    parameter, once averaging has started (after step :math:`t_0`).

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-2).
        lambd: decay term (default 1e-4).
        alpha: power of the step-size decay (default 0.75).
        t0: the step after which averaging starts (default 1e6).
        weight_decay: L2 penalty coefficient (default 0).
        maximize: maximize the objective instead of minimizing it (keyword-only
            here: PyTorch's positional ``foreach`` before it has no use here).
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, *, maximize=False):
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])

    @staticmethod
    def update(param, grad, state, *, lr, lambd, alpha, t0, weight_decay, maximize):
        """One ASGD step on raw arrays: changes ``param``, ``state["ax"]`` and the scalars ``eta``, ``mu``."""
        step = next_step(state, param, "ax", eta=lr, mu=1.0)
        grad = regularized_grad(param, grad, weight_decay, maximize)
        eta, mu, ax = state["eta"], state["mu"], state["ax"]
        param *= 1 - lambd * eta
        param -= eta * grad
        if mu != 1:
            ax += mu * (param - ax)
        else:
            ax[...] = param
        state["eta"] = lr / (1 + lambd * lr * step) ** alpha
        state["mu"] = 1 / max(1, step - t0)
