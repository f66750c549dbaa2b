"""NAdam: Adam with Nesterov momentum and a momentum schedule."""
from autograd_core.backend import get_array_module

from .adam import check_adam_group, update_moments
from .optimizer import Optimizer, check, next_step, regularized_grad


class NAdam(Optimizer):
    r"""NAdam (PyTorch's ``torch.optim.NAdam``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \gamma\lambda) \quad \text{if decoupled\_weight\_decay, else }
            g_t \leftarrow g_t + \lambda \theta_{t-1} \text{ (L2)} \\
        \mu_t &= \beta_1 \left(1 - \tfrac12 \, 0.96^{t \psi}\right) \quad \text{(momentum\_decay } \psi\text{)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma \left( \frac{(1 - \mu_t) \, g_t}{1 - \prod_{i \le t} \mu_i}
            + \frac{\mu_{t+1} m_t}{1 - \prod_{i \le t+1} \mu_i} \right)
            \Big/ \left( \sqrt{v_t / (1 - \beta_2^t)} + \epsilon \right)

    with :math:`m_0 = v_0 = 0`; :math:`\prod_{i \le t} \mu_i` is kept in ``state["mu_product"]``.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 2e-3).
        betas: coefficients of the running averages of the gradient and its square (default (0.9, 0.999)).
        eps: added to the denominator for numerical stability (default 1e-8).
        weight_decay: weight decay coefficient (default 0), an L2 penalty unless decoupled.
        momentum_decay: how fast the momentum schedule :math:`\mu_t` rises to :math:`\beta_1` (default 4e-3).
        decoupled_weight_decay: shrink the weights directly (NAdamW) instead of adding L2 to the gradient.
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, maximize=False):
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_adam_group(group)
        check(group["momentum_decay"] >= 0.0, "momentum_decay value", group["momentum_decay"])

    @staticmethod
    def update(param, grad, state, *, lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay,
               maximize):
        """One NAdam step on raw arrays: changes ``param`` and its state in place."""
        xp = get_array_module(param)
        step = next_step(state, param, "exp_avg", "exp_avg_sq", mu_product=1.0)
        beta1, beta2 = betas
        grad = regularized_grad(param, grad, weight_decay, maximize, lr if decoupled_weight_decay else None)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
        state["mu_product"] *= mu
        mu_product = state["mu_product"]
        exp_avg, exp_avg_sq = update_moments(state, grad, betas)
        denom = xp.sqrt(exp_avg_sq / (1 - beta2 ** step))
        denom += eps
        update = grad * (lr * (1.0 - mu) / (1.0 - mu_product))
        update += exp_avg * (lr * mu_next / (1.0 - mu_product * mu_next))
        update /= denom
        param -= update
