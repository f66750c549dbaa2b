"""Adagrad: per-coordinate learning rates from the sum of squared gradients."""
from autograd_core.backend import get_array_module

from .optimizer import Optimizer, check, next_step, regularized_grad


class Adagrad(Optimizer):
    r"""Adagrad (PyTorch's ``torch.optim.Adagrad``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, L2)} \\
        \tilde\gamma &= \gamma / (1 + (t - 1)\,\eta) \quad \text{(lr } \gamma\text{, lr\_decay } \eta\text{)} \\
        s_t &= s_{t-1} + g_t^2, \qquad s_0 = \text{initial\_accumulator\_value} \\
        \theta_t &= \theta_{t-1} - \tilde\gamma \, g_t / (\sqrt{s_t} + \epsilon)

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-2).
        lr_decay: learning rate decay (default 0).
        weight_decay: L2 penalty coefficient (default 0).
        initial_accumulator_value: starting value of the sum of squares (default 0).
        eps: added to the denominator for numerical stability (default 1e-10).
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, *,
                 maximize=False):
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        check(group["lr_decay"] >= 0.0, "lr_decay value", group["lr_decay"])
        check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])
        check(group["initial_accumulator_value"] >= 0.0, "initial_accumulator_value value",
              group["initial_accumulator_value"])
        check(group["eps"] >= 0.0, "epsilon value", group["eps"])

    @staticmethod
    def update(param, grad, state, *, lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize):
        """One Adagrad step on raw arrays: changes ``param`` and ``state["sum"]`` in place."""
        xp = get_array_module(param)
        step = next_step(state, param)
        if step == 1:
            state["sum"] = xp.full_like(param, initial_accumulator_value)
        grad = regularized_grad(param, grad, weight_decay, maximize)
        clr = lr / (1 + (step - 1) * lr_decay)
        total = state["sum"]
        total += grad * grad
        std = xp.sqrt(total)
        std += eps
        update = grad / std
        update *= clr
        param -= update
