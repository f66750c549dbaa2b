"""Schedulers that follow a curve over a cycle: cosine annealing (with warm restarts), cyclic and one-cycle."""
import math

from .scheduler_base import LRScheduler, check_optimizer, per_group


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing from base_lr down to ``eta_min`` over ``T_max`` epochs (and back up after, periodically).

    .. math::
        \eta_t = \eta_{min} + \tfrac12 (\eta_{base} - \eta_{min})
                 \left(1 + \cos\left(\pi \, t / T_{max}\right)\right)

    computed recursively from the current lr, as PyTorch does, so other
    changes to the lr carry through.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self._group_lrs()
        if self._step_count == 1 and t > 0:
            return self._get_closed_form_lr()
        if (t - 1 - T) % (2 * T) == 0:
            return [lr + (base_lr - eta_min) * (1 - math.cos(math.pi / T)) / 2
                    for base_lr, lr in zip(self.base_lrs, self._group_lrs())]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - eta_min) + eta_min for lr in self._group_lrs()]

    def _get_closed_form_lr(self):
        return [self.eta_min + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing from base_lr to ``eta_min`` over :math:`T_i` epochs, then a restart at base_lr
    (SGDR); each cycle is ``T_mult`` times longer than the one before.

    .. math::
        \eta_t = \eta_{min} + \tfrac12 (\eta_{base} - \eta_{min}) \left(1 + \cos\left(\pi \, T_{cur} / T_i\right)\right)

    ``step()`` may also be called with a fractional epoch (``step(epoch + i / iters)``) to anneal within an epoch.

    Args:
        optimizer: the optimizer.
        T_0: the length of the first cycle, in epochs (a positive integer).
        T_mult: the factor by which each cycle is longer than the last (an integer >= 1, default 1).
        eta_min: the lowest learning rate (default 0).
        last_epoch: see ``LRScheduler``.
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return [self.eta_min + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
                for base_lr in self.base_lrs]

    def step(self, epoch=None):
        """Advance one epoch, or go to ``epoch`` (which may be fractional), and set the learning rates."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        elif epoch < 0:
            raise ValueError(f"Expected non-negative epoch, but got {epoch}")
        elif epoch >= self.T_0:
            if self.T_mult == 1:
                self.T_cur = epoch % self.T_0
            else:  # cycles 0 .. n-1 take T_0 (T_mult^n - 1) / (T_mult - 1) epochs
                n = int(math.log((epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult))
                self.T_cur = epoch - self.T_0 * (self.T_mult ** n - 1) / (self.T_mult - 1)
                self.T_i = self.T_0 * self.T_mult ** n
        else:
            self.T_i = self.T_0
            self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        self._set_lrs(self.get_lr())


def _start_momentum_cycle(optimizer, base_momentum, max_momentum, last_epoch):
    """Check that ``optimizer`` has a momentum (or Adam's beta1) to cycle and, on a fresh start, set it
    to ``max_momentum`` and record both bounds in each group.

    Returns whether beta1 is the momentum, and the per-group base and max momenta.
    """
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    use_beta1 = "betas" in optimizer.defaults
    bases = per_group("base_momentum", optimizer, base_momentum)
    maxima = per_group("max_momentum", optimizer, max_momentum)
    if last_epoch == -1:
        for group, top, bottom in zip(optimizer.param_groups, maxima, bases):
            _set_momentum(group, use_beta1, top)
            group["max_momentum"] = top
            group["base_momentum"] = bottom
    return use_beta1, bases, maxima


def _set_momentum(group, use_beta1, momentum):
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


class CyclicLR(LRScheduler):
    r"""Cycle the lr between ``base_lr`` and ``max_lr`` (Smith's cyclical learning rates); step it after
    every batch, not every epoch.

    A cycle rises for ``step_size_up`` steps and falls for ``step_size_down``;
    its amplitude is scaled per cycle ('triangular': 1, 'triangular2': halved
    each cycle) or per step ('exp_range': ``gamma ** step``), or by ``scale_fn``.
    With ``cycle_momentum`` the momentum (beta1 for Adam-style optimizers)
    moves the opposite way, between ``max_momentum`` and ``base_momentum``.

    Args:
        optimizer: the optimizer.
        base_lr: the lower bound of the lr (one value, or one per group).
        max_lr: the upper bound of the lr (one value, or one per group).
        step_size_up: steps in the rising half of a cycle (default 2000).
        step_size_down: steps in the falling half (default: step_size_up).
        mode: 'triangular', 'triangular2' or 'exp_range' (ignored when scale_fn is given).
        gamma: the base of 'exp_range' (default 1).
        scale_fn: a function of the cycle (or the step, see scale_mode) to scale the amplitude by.
        scale_mode: 'cycle' or 'iterations': what scale_fn is a function of.
        cycle_momentum: cycle the momentum inversely to the lr (default True).
        base_momentum: the lower bound of the momentum (default 0.8).
        max_momentum: the upper bound of the momentum (default 0.9).
        last_epoch: the index of the last batch when resuming; see ``LRScheduler``.
    """

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                 max_momentum=0.9, last_epoch=-1):
        check_optimizer(optimizer)
        base_lrs = per_group("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = per_group("max_lr", optimizer, max_lr)
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode if scale_fn is not None else ("iterations" if mode == "exp_range" else "cycle")
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1, self.base_momentums, self.max_momentums = _start_momentum_cycle(
                optimizer, base_momentum, max_momentum, last_epoch)
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def scale_fn(self, x):
        """The amplitude's scale at cycle (or step) ``x``."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle  # the position in the cycle, in [0, 1)
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [base_lr + (max_lr - base_lr) * scale_factor * scale
               for base_lr, max_lr in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for group, bottom, top in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                _set_momentum(group, self.use_beta1, top - (top - bottom) * scale_factor * scale)
        return lrs

    def state_dict(self):
        """Everything but the optimizer and a custom scale_fn (functions are code, not state)."""
        return {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "_scale_fn_custom")}


class OneCycleLR(LRScheduler):
    r"""The one-cycle policy: the lr rises from ``max_lr / div_factor`` to ``max_lr``, then anneals to
    ``max_lr / (div_factor * final_div_factor)``; step it after every batch, ``total_steps`` times in all.

    The rise takes ``pct_start`` of the steps. With ``three_phase`` the lr
    first falls back to the initial lr symmetrically and only then anneals to
    the minimum. ``anneal_strategy`` is 'cos' or 'linear'. With
    ``cycle_momentum`` the momentum (beta1 for Adam-style optimizers) moves
    inversely, between ``max_momentum`` and ``base_momentum``.

    Args:
        optimizer: the optimizer.
        max_lr: the peak learning rate (one value, or one per group).
        total_steps: the number of steps of the cycle; or give ``epochs`` and ``steps_per_epoch``.
        epochs: the number of epochs (with steps_per_epoch).
        steps_per_epoch: the number of steps per epoch (with epochs).
        pct_start: the fraction of the steps spent rising (default 0.3).
        anneal_strategy: 'cos' (default) or 'linear'.
        cycle_momentum: cycle the momentum inversely to the lr (default True).
        base_momentum: the momentum at the peak lr (default 0.85).
        max_momentum: the momentum at the start and the end (default 0.95).
        div_factor: initial_lr = max_lr / div_factor (default 25).
        final_div_factor: min_lr = initial_lr / final_div_factor (default 1e4).
        three_phase: go back down to initial_lr before annealing to min_lr (default False).
        last_epoch: the index of the last step when resuming; see ``LRScheduler``.
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0,
                 final_div_factor=1e4, three_phase=False, last_epoch=-1):
        check_optimizer(optimizer)
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        rise_end = float(pct_start * self.total_steps) - 1
        # each phase: (last step, lr key at its start, at its end, momentum key at its start, at its end)
        if three_phase:
            self._schedule_phases = [
                (rise_end, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                (self.total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
        else:
            self._schedule_phases = [
                (rise_end, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (self.total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")]
        self._anneal_func_type = anneal_strategy
        if last_epoch == -1:
            for group, top in zip(optimizer.param_groups, per_group("max_lr", optimizer, max_lr)):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _start_momentum_cycle(optimizer, base_momentum, max_momentum, last_epoch)[0]
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start, end, pct):
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total steps is "
                             f"{self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, (end_step, start_lr, end_lr, start_momentum, end_momentum) in enumerate(self._schedule_phases):
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lrs.append(self._anneal(group[start_lr], group[end_lr], pct))
                    if self.cycle_momentum:
                        _set_momentum(group, self.use_beta1,
                                      self._anneal(group[start_momentum], group[end_momentum], pct))
                    break
                start_step = end_step
        return lrs
