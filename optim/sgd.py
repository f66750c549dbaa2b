"""Stochastic gradient descent, with momentum and Nesterov momentum."""
from .optimizer import Optimizer, add_scaled_, check, regularized_grad


class SGD(Optimizer):
    r"""Stochastic gradient descent (PyTorch's ``torch.optim.SGD``).

    With gradient :math:`g_t` of parameter :math:`\theta` at step :math:`t`:

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(weight\_decay } \lambda\text{, an L2 penalty)} \\
        b_t &= \begin{cases} g_t & t = 1 \\ \mu b_{t-1} + (1 - \tau) g_t & t > 1 \end{cases}
               \quad \text{(momentum } \mu\text{, dampening } \tau\text{)} \\
        g_t &\leftarrow \begin{cases} g_t + \mu b_t & \text{nesterov} \\ b_t & \text{otherwise} \end{cases}
               \quad \text{(only if } \mu \neq 0\text{)} \\
        \theta_t &= \theta_{t-1} - \gamma g_t \quad \text{(lr } \gamma\text{)}

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: learning rate (default 1e-3, as in current PyTorch).
        momentum: momentum factor (default 0).
        dampening: dampening for momentum (default 0).
        weight_decay: L2 penalty coefficient (default 0). For an L1 penalty add
            ``optim.l1_penalty(params, weight)`` to the loss.
        nesterov: Nesterov momentum; needs momentum > 0 and dampening = 0.
        maximize: maximize the objective instead of minimizing it.

    Example:
        >>> opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        check(group["momentum"] >= 0.0, "momentum value", group["momentum"])
        check(group["weight_decay"] >= 0.0, "weight_decay value", group["weight_decay"])
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening "
                             f"(got momentum={group['momentum']}, dampening={group['dampening']})")

    @staticmethod
    def update(param, grad, state, *, lr, momentum, dampening, weight_decay, nesterov, maximize):
        """One SGD step on raw arrays: changes ``param`` and ``state["momentum_buffer"]`` in place."""
        grad = regularized_grad(param, grad, weight_decay, maximize)
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = grad.copy()
            else:
                buf *= momentum
                if dampening == 0:
                    buf += grad
                else:
                    add_scaled_(buf, grad, 1 - dampening)
            grad = grad + momentum * buf if nesterov else buf
        add_scaled_(param, grad, -lr)
