"""Penalty terms to add to a loss: L1 (the optimizers' ``weight_decay`` is the L2 one)."""
from autograd_core.ops.elementwise import abs as _abs
from autograd_core.tensor import Tensor


def l1_penalty(params, weight):
    r"""The L1 penalty :math:`w \sum_i \sum_j |\theta_{ij}|` over ``params``, as a differentiable scalar.

    Add it to the loss before ``backward()``; its gradient is :math:`w \, \mathrm{sign}(\theta)`
    (0 at exactly 0), which pushes weights to exactly zero (sparse models).
    The optimizers' ``weight_decay`` is the L2 penalty; there is no L1 option
    on them, this helper is the one way.

    Args:
        params: an iterable of Tensors (e.g. ``model.parameters()``), or one Tensor.
        weight: the coefficient :math:`w \ge 0`.

    Example:
        >>> loss = F.cross_entropy(model(x), y) + optim.l1_penalty(model.parameters(), 1e-4)
        >>> loss.backward()
    """
    if weight < 0:
        raise ValueError(f"l1_penalty: weight must be >= 0, got {weight}")
    params = [params] if isinstance(params, Tensor) else list(params)
    if not params:
        raise ValueError("l1_penalty: got an empty parameter list")
    total = _abs(params[0]).sum()
    for p in params[1:]:
        total = total + _abs(p).sum()
    return total * weight
