"""Muon: momentum whose update matrix is orthogonalised by a Newton–Schulz iteration."""
import math

from autograd_core.backend import get_array_module

from .optimizer import Optimizer, add_scaled_, ema_

_ADJUST_LR = ("original", "match_rms_adamw")


class Muon(Optimizer):
    r"""Muon (PyTorch's ``torch.optim.Muon``), for the 2-D weights of hidden layers.

    .. math::
        B_t &= \mu B_{t-1} + (1 - \mu) g_t, \quad
        \tilde B_t = \begin{cases} g_t + \mu (B_t - g_t) & \text{if nesterov} \\ B_t & \text{else} \end{cases} \\
        O_t &= \mathrm{NS}^{(a,b,c)}_k(\tilde B_t; \varepsilon) \\
        \theta_t &= \theta_{t-1} (1 - \gamma\lambda) - \gamma \, s(A, B) \, O_t

    :math:`\mathrm{NS}` scales :math:`X = \tilde B_t` (transposed when it has more rows than columns) to
    Frobenius norm 1 (at least :math:`\varepsilon` in the divisor), then repeats :math:`k` times
    :math:`X \leftarrow aX + (bXX^\top + c(XX^\top)^2)X`, which pushes its singular values towards 1.
    For an :math:`A \times B` parameter, :math:`s = \sqrt{\max(1, A/B)}` (``adjust_lr_fn="original"``,
    the default) or :math:`0.2\sqrt{\max(A, B)}` (``"match_rms_adamw"``).

    Biases, embeddings and other parameters that are not 2-D matrices raise ValueError: give them to
    another optimizer (AdamW).

    Args:
        params: 2-D parameters or parameter groups (see ``Optimizer``).
        lr: learning rate :math:`\gamma` (default 1e-3).
        weight_decay: decoupled weight decay :math:`\lambda` (default 0.1).
        momentum: :math:`\mu` (default 0.95).
        nesterov: use the Nesterov form of momentum (default True).
        ns_coefficients: :math:`(a, b, c)` of the Newton–Schulz polynomial (default (3.4445, -4.775, 2.0315)).
        eps: :math:`\varepsilon` (default 1e-7).
        ns_steps: :math:`k`, fewer than 100 (default 5).
        adjust_lr_fn: None or ``"original"``, or ``"match_rms_adamw"``.

    PyTorch runs the iteration in bfloat16; here it runs in the parameter's dtype (NumPy has no
    bfloat16), so the steps are the same up to bfloat16 rounding.

    Example:
        >>> hidden = [p for p in model.parameters() if p.ndim == 2]
        >>> opt = optim.Muon(hidden, lr=0.02)
    """
    complex_params = False

    def __init__(self, params, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=(3.4445, -4.775, 2.0315), eps=1e-7, ns_steps=5, adjust_lr_fn=None):
        defaults = dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                        ns_coefficients=tuple(ns_coefficients), eps=eps, ns_steps=ns_steps, adjust_lr_fn=adjust_lr_fn)
        super().__init__(params, defaults)

    def _check_group(self, group):
        for ok, message in (
                (0.0 <= group["lr"], f"Learning rate should be >= 0 but is: {group['lr']}"),
                (0.0 <= group["momentum"], f"momentum should be >= 0 but is: {group['momentum']}"),
                (0.0 <= group["weight_decay"], f"weight decay should be >= 0 but is: {group['weight_decay']}"),
                (group["adjust_lr_fn"] in (None, *_ADJUST_LR),
                 f"Adjust learning rate function {group['adjust_lr_fn']} is not supported"),
                (group["ns_steps"] < 100, "Number of steps must be less than 100 for computational efficiency"),
                (len(group["ns_coefficients"]) == 3, "Coefficients must be a tuple of exactly 3 values")):
            if not ok:
                raise ValueError(message)
        for p in group["params"]:
            if p.ndim != 2:
                raise ValueError(f"Muon only supports 2D parameters whereas we found a parameter with size: "
                                 f"{tuple(p.shape)}; optimize biases and other non-matrix parameters with "
                                 f"another optimizer (AdamW)")

    @staticmethod
    def update(param, grad, state, *, lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps,
               adjust_lr_fn):
        """One Muon step on raw arrays: changes ``param`` and ``state["momentum_buffer"]`` in place."""
        xp = get_array_module(param)
        if not state:
            state["momentum_buffer"] = xp.zeros_like(param)
        buf = state["momentum_buffer"]
        ema_(buf, grad, momentum)
        direction = grad + momentum * (buf - grad) if nesterov else buf
        ortho = newton_schulz(direction, ns_coefficients, ns_steps, eps)
        rows, cols = param.shape
        scale = 0.2 * math.sqrt(max(rows, cols)) if adjust_lr_fn == "match_rms_adamw" else math.sqrt(
            max(1, rows / cols))
        param *= 1 - lr * weight_decay
        add_scaled_(param, ortho, -lr * scale)


def newton_schulz(matrix, coefficients, steps, eps):
    """The orthogonalised ``matrix`` of Muon: ``steps`` quintic Newton–Schulz iterations, in its dtype."""
    xp = get_array_module(matrix)
    a, b, c = coefficients
    tall = matrix.shape[0] > matrix.shape[1]
    x = matrix.T if tall else matrix
    x = x / xp.maximum(xp.linalg.norm(x), eps)
    for _ in range(steps):
        gram = x @ x.T
        x = a * x + (b * gram + c * (gram @ gram)) @ x
    return x.T if tall else x
