"""Adamax: Adam with the infinity norm of past gradients in place of their root mean square."""
from autograd_core.backend import get_array_module

from .adam import check_adam_group
from .optimizer import Optimizer, ema_, next_step, regularized_grad


class Adamax(Optimizer):
    r"""Adamax (PyTorch's ``torch.optim.Adamax``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, L2)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        u_t &= \max(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} \, \frac{m_t}{u_t}

    with :math:`m_0 = u_0 = 0`.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 2e-3).
        betas: coefficients of the running average of the gradient and of the
            decay of the infinity norm (default (0.9, 0.999)).
        eps: added to ``|g|`` for numerical stability (default 1e-8).
        weight_decay: L2 penalty coefficient (default 0).
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, *, maximize=False):
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_adam_group(group)

    @staticmethod
    def update(param, grad, state, *, lr, betas, eps, weight_decay, maximize):
        """One Adamax step on raw arrays: changes ``param``, ``state["exp_avg"]`` and ``state["exp_inf"]`` in place."""
        xp = get_array_module(param)
        step = next_step(state, param, "exp_avg", "exp_inf")
        beta1, beta2 = betas
        grad = regularized_grad(param, grad, weight_decay, maximize)
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        ema_(exp_avg, grad, beta1)
        exp_inf *= beta2
        bound = xp.abs(grad)
        bound += eps
        xp.maximum(exp_inf, bound, out=exp_inf)
        update = exp_avg / exp_inf
        update *= lr / (1 - beta1 ** step)
        param -= update
