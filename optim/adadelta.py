"""Adadelta: step sizes from running averages of squared gradients and squared updates."""
from autograd_core.backend import get_array_module

from .optimizer import Optimizer, check, ema_, next_step, regularized_grad


class Adadelta(Optimizer):
    r"""Adadelta (PyTorch's ``torch.optim.Adadelta``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, L2)} \\
        v_t &= \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta x_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} \, g_t \\
        u_t &= \rho u_{t-1} + (1 - \rho) \Delta x_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma \Delta x_t

    with :math:`v_0 = u_0 = 0`.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: coefficient that scales the update (default 1.0).
        rho: coefficient of the running averages (default 0.9).
        eps: added inside the square roots for numerical stability (default 1e-6).
        weight_decay: L2 penalty coefficient (default 0).
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False):
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        check(0.0 <= group["rho"] <= 1.0, "rho value", group["rho"])
        check(group["eps"] >= 0.0, "epsilon value", group["eps"])
        check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])

    @staticmethod
    def update(param, grad, state, *, lr, rho, eps, weight_decay, maximize):
        """One Adadelta step on raw arrays: changes ``param`` and its state arrays in place."""
        xp = get_array_module(param)
        next_step(state, param, "square_avg", "acc_delta")
        grad = regularized_grad(param, grad, weight_decay, maximize)
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        ema_(square_avg, grad * grad, rho)
        delta = xp.sqrt(acc_delta + eps)
        delta /= xp.sqrt(square_avg + eps)
        delta *= grad
        ema_(acc_delta, delta * delta, rho)
        delta *= lr
        param -= delta
