"""Adafactor: Adam-like steps whose second moment of a matrix is kept as a row and a column factor."""
import math

from autograd_core.backend import get_array_module

from .optimizer import Optimizer, cast_state, ema_, regularized_grad


class Adafactor(Optimizer):
    r"""Adafactor (PyTorch's ``torch.optim.Adafactor``), with a relative step size and update clipping.

    .. math::
        G_t &\leftarrow -G_t \quad \text{if maximize} \\
        \hat\beta_{2,t} &= 1 - t^{\tau}, \quad \rho_t = \min(\gamma, 1 / \sqrt t), \quad
            \alpha_t = \max(\epsilon_2, \mathrm{RMS}(\theta_{t-1})) \, \rho_t \\
        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \gamma\lambda) \\
        R_t &= \hat\beta_{2,t} R_{t-1} + (1 - \hat\beta_{2,t}) \operatorname{mean}_{-1}(G_t^2), \quad
        C_t = \hat\beta_{2,t} C_{t-1} + (1 - \hat\beta_{2,t}) \operatorname{mean}_{-2}(G_t^2) \\
        \hat V_t &= R_t C_t / \max(\operatorname{mean}_{-2}(R_t), \epsilon_1)
            \quad \text{(a vector keeps } \hat V_t = \hat\beta_{2,t} \hat V_{t-1} + (1 - \hat\beta_{2,t}) G_t^2
            \text{)} \\
        U_t &= G_t / \sqrt{\max(\hat V_t, \epsilon_1^2)}, \quad
        \theta_t = \theta_{t-1} - \frac{\alpha_t}{\max(1, \mathrm{RMS}(U_t) / d)} U_t

    A parameter of two or more dimensions keeps ``row_var`` and ``col_var`` (its last two axes factored);
    a vector keeps ``variance``.

    Args:
        params: parameters or parameter groups (see ``Optimizer``).
        lr: the largest relative step size :math:`\rho_t`, and the factor of the decoupled weight decay
            (default 1e-2).
        beta2_decay: :math:`\tau`, the decay rate of :math:`\beta_2` (default -0.8).
        eps: :math:`(\epsilon_1, \epsilon_2)`: the floor of the second moment's root (None: the machine
            epsilon of the parameter's dtype) and of the parameter's RMS (default (None, 1e-3)).
        d: the clipping threshold of the update's RMS (default 1.0).
        weight_decay: decoupled weight decay coefficient :math:`\lambda` (default 0).
        foreach: accepted for PyTorch compatibility; every parameter steps on its own.
        maximize: maximize the objective instead of minimizing it.
    """
    complex_params = False

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=tuple(eps), d=d, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        eps1, eps2 = group["eps"]
        for ok, message in ((0.0 <= group["lr"], f"Learning rate should be >= 0 but is: {group['lr']}"),
                            (0.0 >= group["beta2_decay"], f"beta2_decay should be <= 0 but is: {group['beta2_decay']}"),
                            (eps1 is None or 0.0 <= eps1, f"epsilon1 should be >= 0 but is: {eps1}"),
                            (0.0 <= eps2, f"epsilon2 should be >= 0 but is: {eps2}"),
                            (1.0 <= group["d"], f"Clipping threshold d should be >= 1 but is: {group['d']}"),
                            (0.0 <= group["weight_decay"], f"weight_decay should be >= 0 but is: "
                                                           f"{group['weight_decay']}")):
            if not ok:
                raise ValueError(message)

    @staticmethod
    def update(param, grad, state, *, lr, beta2_decay, eps, d, weight_decay, foreach, maximize):
        """One Adafactor step on raw arrays: changes ``param`` and its state arrays in place."""
        xp = get_array_module(param)
        if not state:
            state["step"] = 0.0
            state.update((name, xp.zeros(shape, param.dtype)) for name, shape in _state_shapes(param.shape))
        state["step"] += 1
        step = state["step"]
        eps1 = xp.finfo(param.dtype).eps if eps[0] is None else eps[0]
        new_weight = step ** beta2_decay  # 1 - beta2_t
        alpha = xp.maximum(eps[1], _rms(xp, param)) * min(lr, 1 / math.sqrt(step))
        grad = regularized_grad(param, grad, weight_decay, maximize, decoupled_lr=lr)
        square = grad * grad
        if "variance" in state:
            ema_(state["variance"], square, 1 - new_weight)
            variance = state["variance"]
        else:
            row, col = state["row_var"], state["col_var"]
            ema_(row, square.mean(-1, keepdims=True), 1 - new_weight)
            ema_(col, square.mean(-2, keepdims=True), 1 - new_weight)
            variance = row @ col
            variance /= xp.maximum(row.mean(-2, keepdims=True), eps1)
        update = grad / xp.sqrt(xp.maximum(variance, eps1 * eps1))
        update *= alpha / xp.maximum(1.0, _rms(xp, update) / d)
        param -= update

    def _load_state_entry(self, value, param, name, index):
        return cast_state(value, param, name, index, shape=dict(_state_shapes(param.shape)).get(name))


def _state_shapes(shape):
    """The state arrays of a parameter of ``shape``: a row and a column factor for a matrix (or a batch of
    them), else one ``variance`` like the parameter."""
    if len(shape) > 1:
        return [("row_var", shape[:-1] + (1,)), ("col_var", shape[:-2] + (1, shape[-1]))]
    return [("variance", shape)]


def _rms(xp, x):
    """The root mean square of ``x`` as a 0-d array on ``x``'s device (no copy to the host)."""
    return xp.linalg.norm(x.reshape(-1)) / math.sqrt(max(x.size, 1))
