"""Rprop: per-coordinate step sizes that grow while the gradient keeps its sign and shrink when it flips."""
from autograd_core.backend import get_array_module

from .optimizer import Optimizer, check, next_step


class Rprop(Optimizer):
    r"""Resilient backpropagation (PyTorch's ``torch.optim.Rprop``); meant for full-batch training.

    Only the sign of the gradient is used. Each coordinate has its own step
    size :math:`\Delta`, starting at lr:

    .. math::
        g_t &\leftarrow -g_t \quad \text{if maximize} \\
        \Delta_t &= \operatorname{clip}\left(\Delta_{t-1} \cdot \begin{cases}
            \eta_+ & g_t g_{t-1} > 0 \\ \eta_- & g_t g_{t-1} < 0 \\ 1 & \text{otherwise} \end{cases},
            \ \Delta_{min}, \Delta_{max}\right) \\
        g_t &\leftarrow 0 \quad \text{where } g_t g_{t-1} < 0 \text{ (so the next step does not shrink again)} \\
        \theta_t &= \theta_{t-1} - \operatorname{sign}(g_t) \, \Delta_t

    with :math:`g_0 = 0`. As in PyTorch, later changes of lr (schedulers) do not
    reach the step sizes, and there is no weight decay.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: the initial step size (default 1e-2).
        etas: the factors :math:`(\eta_-, \eta_+)` that shrink and grow the step
            size, with :math:`0 < \eta_- < 1 < \eta_+` (default (0.5, 1.2)).
        step_sizes: the bounds :math:`(\Delta_{min}, \Delta_{max})` of the step size (default (1e-6, 50)).
        maximize: maximize the objective instead of minimizing it.
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, maximize=False):
        defaults = dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes), maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        etaminus, etaplus = group["etas"]
        if not 0.0 < etaminus < 1.0 < etaplus:
            raise ValueError(f"Invalid eta values: {etaminus}, {etaplus}")

    @staticmethod
    def update(param, grad, state, *, lr, etas, step_sizes, maximize):
        """One Rprop step on raw arrays: changes ``param``, ``state["prev"]`` and ``state["step_size"]`` in place."""
        xp = get_array_module(param)
        if next_step(state, param, "prev") == 1:
            state["step_size"] = xp.full_like(param, lr)
        if maximize:
            grad = -grad
        etaminus, etaplus = etas
        prev, step_size = state["prev"], state["step_size"]
        agreement = grad * prev
        flipped = agreement < 0
        step_size *= xp.where(agreement > 0, etaplus, xp.where(flipped, etaminus, 1.0))
        xp.clip(step_size, step_sizes[0], step_sizes[1], out=step_size)
        prev[...] = xp.where(flipped, 0, grad)
        param -= xp.sign(prev) * step_size
