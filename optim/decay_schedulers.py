"""Schedulers that scale the learning rate by a factor per epoch: lambda, multiplicative, step, multi-step,
exponential, constant, linear and polynomial."""
from bisect import bisect_right
from collections import Counter

from .scheduler_base import LRScheduler, per_group


class _LambdaScheduler(LRScheduler):
    """Shared by LambdaLR and MultiplicativeLR: one function of the epoch per parameter group."""

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = per_group("lr_lambda", optimizer, lr_lambda, "Expected {expected} lr_lambdas, but got {got}")
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(f"lr_lambda should be a function, but got {type(fn).__name__}")
        super().__init__(optimizer, last_epoch)

    def state_dict(self):
        """Everything but the optimizer and the lambdas (functions are code, not state)."""
        return {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "lr_lambdas")}


class LambdaLR(_LambdaScheduler):
    r"""lr = base_lr * lr_lambda(epoch).

    Args:
        optimizer: the optimizer.
        lr_lambda: a function of the epoch index, or a list of them, one per parameter group.
        last_epoch: see ``LRScheduler``.

    Example:
        >>> sched = LambdaLR(opt, lambda epoch: 0.95 ** epoch)
    """

    def get_lr(self):
        return [base_lr * fn(self.last_epoch) for fn, base_lr in zip(self.lr_lambdas, self.base_lrs)]


class MultiplicativeLR(_LambdaScheduler):
    r"""Multiply the lr by ``lr_lambda(epoch)`` at every epoch after the first: lr_t = lr_{t-1} * lr_lambda(t).

    Args:
        optimizer: the optimizer.
        lr_lambda: a function of the epoch index, or a list of them, one per parameter group.
        last_epoch: see ``LRScheduler``.

    Example:
        >>> sched = MultiplicativeLR(opt, lambda epoch: 0.95)
    """

    def get_lr(self):
        if self._is_initial:
            return self._group_lrs()
        return [lr * fn(self.last_epoch) for fn, lr in zip(self.lr_lambdas, self._group_lrs())]


class StepLR(LRScheduler):
    r"""Multiply the lr by ``gamma`` every ``step_size`` epochs: lr = base_lr * gamma ** (epoch // step_size)."""

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._group_lrs()
        return self._scaled_lrs(self.gamma)

    def _get_closed_form_lr(self):
        return self._scaled_base_lrs(self.gamma ** (self.last_epoch // self.step_size))


class MultiStepLR(LRScheduler):
    r"""Multiply the lr by ``gamma`` at each epoch listed in ``milestones`` (by gamma**n if listed n times)."""

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch not in self.milestones:
            return self._group_lrs()
        factor = self.gamma ** self.milestones[self.last_epoch]
        return self._scaled_lrs(factor)

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        self.milestones = Counter(self.milestones)  # a plain dict after ag.save/ag.load

    def _get_closed_form_lr(self):
        milestones = sorted(self.milestones.elements())
        return self._scaled_base_lrs(self.gamma ** bisect_right(milestones, self.last_epoch))


class ExponentialLR(LRScheduler):
    r"""Multiply the lr by ``gamma`` every epoch: lr = base_lr * gamma ** epoch."""

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial:
            return self._group_lrs()
        return self._scaled_lrs(self.gamma)

    def _get_closed_form_lr(self):
        return self._scaled_base_lrs(self.gamma ** self.last_epoch)


class ConstantLR(LRScheduler):
    r"""lr = base_lr * ``factor`` for the first ``total_iters`` epochs, then base_lr.

    Args:
        optimizer: the optimizer.
        factor: the multiplier until ``total_iters``, in [0, 1] (default 1/3).
        total_iters: the number of epochs at the reduced rate (default 5).
        last_epoch: see ``LRScheduler``.
    """

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return self._scaled_lrs(self.factor)
        if self.last_epoch != self.total_iters:
            return self._group_lrs()
        return self._scaled_lrs(1.0 / self.factor)

    def _get_closed_form_lr(self):
        return self._scaled_base_lrs(self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))


class LinearLR(LRScheduler):
    r"""Change the lr linearly from base_lr * ``start_factor`` to base_lr * ``end_factor`` over ``total_iters``
    epochs (a warm-up when start_factor < end_factor), then keep it.

    .. math::
        \eta_t = \eta_{base} \left(s + (e - s) \frac{\min(t, T)}{T}\right)

    computed recursively from the current lr, as PyTorch does.

    Args:
        optimizer: the optimizer.
        start_factor: the multiplier at epoch 0, in (0, 1] (default 1/3).
        end_factor: the multiplier from epoch ``total_iters`` on, in [0, 1] (default 1).
        total_iters: the number of epochs of the change (default 5).
        last_epoch: see ``LRScheduler``.
    """

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return self._scaled_lrs(self.start_factor)
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._group_lrs()
        change = self.end_factor - self.start_factor
        factor = 1.0 + change / (self.total_iters * self.start_factor + (self.last_epoch - 1) * change)
        return self._scaled_lrs(factor)

    def _get_closed_form_lr(self):
        fraction = min(self.total_iters, self.last_epoch) / self.total_iters
        return self._scaled_base_lrs(self.start_factor + (self.end_factor - self.start_factor) * fraction)


class PolynomialLR(LRScheduler):
    r"""Decay the lr polynomially to 0 over ``total_iters`` epochs:
    lr = base_lr * (1 - min(t, total_iters) / total_iters) ** power.

    Args:
        optimizer: the optimizer.
        total_iters: the number of epochs of the decay (default 5).
        power: the power of the polynomial (default 1, linear).
        last_epoch: see ``LRScheduler``.
    """

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._group_lrs()
        t, total = self.last_epoch, self.total_iters
        factor = ((1.0 - t / total) / (1.0 - (t - 1) / total)) ** self.power
        return self._scaled_lrs(factor)

    def _get_closed_form_lr(self):
        return self._scaled_base_lrs((1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power)
