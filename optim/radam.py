"""RAdam: Adam whose adaptive step is switched on gradually, as the variance of its estimate allows."""
import math

from autograd_core.backend import get_array_module

from .adam import check_adam_group, update_moments
from .optimizer import Optimizer, next_step, regularized_grad


class RAdam(Optimizer):
    r"""RAdam, rectified Adam (PyTorch's ``torch.optim.RAdam``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \gamma\lambda) \quad \text{if decoupled\_weight\_decay, else }
            g_t \leftarrow g_t + \lambda \theta_{t-1} \text{ (L2)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \rho_\infty &= \frac{2}{1 - \beta_2} - 1, \qquad
            \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1 - \beta_2^t} \\
        \theta_t &= \theta_{t-1} - \frac{\gamma \, m_t}{1 - \beta_1^t} \cdot \begin{cases}
            r_t \, \dfrac{\sqrt{1 - \beta_2^t}}{\sqrt{v_t} + \epsilon} & \rho_t > 5 \\ 1 & \text{otherwise}
            \end{cases}, \quad
            r_t = \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\rho_t}}

    with :math:`m_0 = v_0 = 0`.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-3).
        betas: coefficients of the running averages of the gradient and its square (default (0.9, 0.999)).
        eps: added to the denominator for numerical stability (default 1e-8).
        weight_decay: weight decay coefficient (default 0), an L2 penalty unless decoupled.
        decoupled_weight_decay: shrink the weights directly (as AdamW) instead of adding L2 to the gradient.
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, maximize=False):
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_adam_group(group)

    @staticmethod
    def update(param, grad, state, *, lr, betas, eps, weight_decay, decoupled_weight_decay, maximize):
        """One RAdam step on raw arrays: changes ``param`` and its state arrays in place."""
        xp = get_array_module(param)
        step = next_step(state, param, "exp_avg", "exp_avg_sq")
        beta1, beta2 = betas
        grad = regularized_grad(param, grad, weight_decay, maximize, lr if decoupled_weight_decay else None)
        exp_avg, exp_avg_sq = update_moments(state, grad, betas)
        bias_correction2 = 1 - beta2 ** step
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * beta2 ** step / bias_correction2
        update = exp_avg * (lr / (1 - beta1 ** step))
        if rho_t > 5.0:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            denom = xp.sqrt(exp_avg_sq)
            denom += eps
            update *= rect * math.sqrt(bias_correction2)
            update /= denom
        param -= update
