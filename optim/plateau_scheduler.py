"""ReduceLROnPlateau: lower the learning rate when a validation metric stops improving."""
import math

from .scheduler_base import LRScheduler, check_optimizer, per_group


class ReduceLROnPlateau(LRScheduler):
    r"""Reduce the lr by ``factor`` when a metric has stopped improving for ``patience`` epochs.

    Call ``step(metric)`` once per epoch with the validation loss (mode 'min')
    or accuracy (mode 'max').

    Args:
        optimizer: the optimizer.
        mode: 'min' (lower is better) or 'max'.
        factor: new_lr = lr * factor (must be < 1).
        patience: number of epochs without improvement tolerated before reducing.
        threshold: how much better counts as an improvement.
        threshold_mode: 'rel' (better than best * (1 -/+ threshold)) or 'abs' (best -/+ threshold).
        cooldown: epochs to wait after a reduction before counting bad epochs again.
        min_lr: lower bound on the lr, one number or one per parameter group.
        eps: reductions smaller than this are skipped.
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0, eps=1e-8):
        if factor >= 1.0:
            raise ValueError(f"Factor should be < 1.0, got {factor}")
        check_optimizer(optimizer)
        if mode not in ("min", "max"):
            raise ValueError(f"mode {mode!r} is unknown; use 'min' or 'max'")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"threshold mode {threshold_mode!r} is unknown; use 'rel' or 'abs'")
        self.optimizer = optimizer
        self.factor = factor
        self.min_lrs = per_group("min_lr", optimizer, min_lr, "expected {expected} min_lrs, got {got}")
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self.best = math.inf if mode == "min" else -math.inf
        self.cooldown_counter = 0
        self.num_bad_epochs = 0
        self._last_lr = self._group_lrs()

    def step(self, metrics, epoch=None):
        """Record one epoch's metric value and reduce the lr if it has plateaued."""
        current = float(metrics)
        self.last_epoch = self.last_epoch + 1 if epoch is None else epoch
        if self._is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
                old_lr = float(group["lr"])
                new_lr = max(old_lr * self.factor, min_lr)
                if old_lr - new_lr > self.eps:
                    group["lr"] = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._group_lrs()

    @property
    def in_cooldown(self):
        return self.cooldown_counter > 0

    def _is_better(self, current):
        best, threshold = self.best, self.threshold
        if self.mode == "min":
            return current < (best * (1 - threshold) if self.threshold_mode == "rel" else best - threshold)
        return current > (best * (1 + threshold) if self.threshold_mode == "rel" else best + threshold)
