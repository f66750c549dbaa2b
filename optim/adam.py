"""Adam and AdamW: adaptive moment estimation, with L2 or decoupled weight decay."""
import math

from autograd_core.backend import get_array_module

from .optimizer import Optimizer, check, ema_, next_step, regularized_grad


class Adam(Optimizer):
    r"""Adam (PyTorch's ``torch.optim.Adam``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \gamma\lambda) \quad \text{if decoupled\_weight\_decay, else }
            g_t \leftarrow g_t + \lambda \theta_{t-1} \text{ (L2)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t) \quad \text{if amsgrad, else } \hat v_t = v_t \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} \,
            \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    with :math:`m_0 = v_0 = \hat v_0 = 0`, lr :math:`\gamma`, weight_decay :math:`\lambda`.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-3).
        betas: coefficients of the running averages of the gradient and its square (default (0.9, 0.999)).
        eps: added to the denominator for numerical stability (default 1e-8).
        weight_decay: weight decay coefficient (default 0): an L2 penalty added to
            the gradient, or decoupled (AdamW) with ``decoupled_weight_decay=True``.
        amsgrad: use the maximum of past second moments (AMSGrad).
        maximize: maximize the objective instead of minimizing it.
        decoupled_weight_decay: shrink the weights directly instead of adding L2 to the gradient.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 maximize=False, decoupled_weight_decay=False):
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_adam_group(group)

    @staticmethod
    def update(param, grad, state, *, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay):
        """One Adam step on raw arrays: changes ``param`` and its state arrays in place."""
        xp = get_array_module(param)
        step = next_step(state, param, "exp_avg", "exp_avg_sq", *(("max_exp_avg_sq",) if amsgrad else ()))
        beta1, beta2 = betas
        grad = regularized_grad(param, grad, weight_decay, maximize, lr if decoupled_weight_decay else None)
        exp_avg, exp_avg_sq = update_moments(state, grad, betas)
        if amsgrad:
            second = state["max_exp_avg_sq"]
            xp.maximum(second, exp_avg_sq, out=second)
        else:
            second = exp_avg_sq
        denom = xp.sqrt(second)
        denom /= math.sqrt(1 - beta2 ** step)
        denom += eps
        update = exp_avg / denom
        update *= lr / (1 - beta1 ** step)
        param -= update


def check_adam_group(group):
    """PyTorch's checks of the hyper-parameters the Adam family shares: lr, eps, betas, weight_decay."""
    beta1, beta2 = group["betas"]
    check(group["lr"] >= 0.0, "learning rate", group["lr"])
    check(group["eps"] >= 0.0, "epsilon value", group["eps"])
    check(0.0 <= beta1 < 1.0, "beta parameter at index 0", beta1)
    check(0.0 <= beta2 < 1.0, "beta parameter at index 1", beta2)
    check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])


def update_moments(state, grad, betas):
    """Update the running averages ``state["exp_avg"]`` of ``grad`` and ``state["exp_avg_sq"]`` of its square."""
    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
    ema_(exp_avg, grad, betas[0])
    ema_(exp_avg_sq, grad * grad, betas[1])
    return exp_avg, exp_avg_sq


class AdamW(Adam):
    r"""AdamW (PyTorch's ``torch.optim.AdamW``): Adam with decoupled weight decay.

    Each step first shrinks the weights, :math:`\theta \leftarrow \theta (1 - \gamma\lambda)`,
    then applies the Adam update to the plain gradient (no L2 term in it).
    Same arguments as ``Adam``; ``weight_decay`` defaults to 1e-2.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                         maximize=maximize, decoupled_weight_decay=True)
