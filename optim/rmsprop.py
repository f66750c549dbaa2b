"""RMSprop: gradients scaled by a running root mean square, optionally centered and with momentum."""
from autograd_core.backend import get_array_module

from .optimizer import Optimizer, check, ema_, next_step, regularized_grad


class RMSprop(Optimizer):
    r"""RMSprop (PyTorch's ``torch.optim.RMSprop``).

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, L2)} \\
        v_t &= \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t &= \alpha \bar g_{t-1} + (1 - \alpha) g_t, \quad
            \tilde v_t = v_t - \bar g_t^2 \quad \text{if centered, else } \tilde v_t = v_t \\
        b_t &= \mu b_{t-1} + g_t / (\sqrt{\tilde v_t} + \epsilon), \quad
            \theta_t = \theta_{t-1} - \gamma b_t \quad \text{if momentum } \mu > 0 \\
        \theta_t &= \theta_{t-1} - \gamma g_t / (\sqrt{\tilde v_t} + \epsilon) \quad \text{otherwise}

    with :math:`v_0 = \bar g_0 = b_0 = 0`.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-2).
        alpha: smoothing constant (default 0.99).
        eps: added to the denominator for numerical stability (default 1e-8).
        weight_decay: L2 penalty coefficient (default 0).
        momentum: momentum factor (default 0).
        centered: normalize by an estimate of the gradient's variance instead of its second moment.
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, *,
                 maximize=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        check(group["eps"] >= 0.0, "epsilon value", group["eps"])
        check(group["momentum"] >= 0.0, "momentum value", group["momentum"])
        check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])
        check(group["alpha"] >= 0.0, "alpha value", group["alpha"])

    @staticmethod
    def update(param, grad, state, *, lr, alpha, eps, weight_decay, momentum, centered, maximize):
        """One RMSprop step on raw arrays: changes ``param`` and its state arrays in place."""
        xp = get_array_module(param)
        next_step(state, param, "square_avg", *(("momentum_buffer",) if momentum > 0 else ()),
                  *(("grad_avg",) if centered else ()))
        grad = regularized_grad(param, grad, weight_decay, maximize)
        square_avg = state["square_avg"]
        ema_(square_avg, grad * grad, alpha)
        if centered:
            grad_avg = state["grad_avg"]
            ema_(grad_avg, grad, alpha)
            avg = xp.sqrt(square_avg - grad_avg * grad_avg)
        else:
            avg = xp.sqrt(square_avg)
        avg += eps
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf *= momentum
            buf += grad / avg
            param -= lr * buf
        else:
            step = grad / avg
            step *= lr
            param -= step
