"""LRScheduler, the base class of the learning-rate schedulers (see ``optim.lr_scheduler``)."""
from .optimizer import Optimizer


class LRScheduler:
    """Base class: subclasses give ``get_lr()`` (the rates for ``last_epoch`` from the current ones).

    Args:
        optimizer: the optimizer whose learning rates this changes.
        last_epoch: index of the last epoch when resuming; -1 starts afresh
            (and records each group's ``initial_lr``).
    """

    def __init__(self, optimizer, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{i}] when resuming a "
                                   f"scheduler with last_epoch={last_epoch}; load the optimizer's state_dict first")
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self):
        """The constructor's step, to the epoch-0 rates (SequentialLR repeats it when a scheduler takes over)."""
        self._step_count = 0
        self._is_initial = True
        self.step()
        self._is_initial = False

    def get_lr(self):
        """The learning rates for ``last_epoch``, one per parameter group."""
        raise NotImplementedError

    def get_last_lr(self):
        """The learning rates the last ``step()`` set, one per parameter group."""
        return self._last_lr

    def step(self, epoch=None):
        """Advance one epoch and set the new learning rates.

        ``epoch`` (deprecated in PyTorch) jumps to that epoch, using the closed
        form where the scheduler has one.
        """
        self._step_count += 1
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        """Move to the next epoch (or to ``epoch``) and set its learning rates."""
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            values = closed_form() if closed_form is not None else self.get_lr()
        self._set_lrs(values)

    def _set_lrs(self, values):
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = self._group_lrs()

    def state_dict(self):
        """Everything but the optimizer (save the optimizer's state_dict with it)."""
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restore what ``state_dict()`` returned."""
        self.__dict__.update(state_dict)

    def _group_lrs(self):
        return [group["lr"] for group in self.optimizer.param_groups]

    def _scaled_lrs(self, factor):
        """The current learning rates times ``factor`` (the recursive form of the decay schedulers)."""
        return [lr * factor for lr in self._group_lrs()]

    def _scaled_base_lrs(self, factor):
        """``base_lrs`` times ``factor`` (the closed form of the decay schedulers)."""
        return [base_lr * factor for base_lr in self.base_lrs]


def check_optimizer(optimizer):
    """A TypeError unless ``optimizer`` is an Optimizer (what every scheduler's constructor checks first)."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


_MISMATCH = ("{name} must have the same length as optimizer.param_groups. {name} has {got} values, "
             "param_groups has {expected}.")


def per_group(name, optimizer, value, mismatch=_MISMATCH):
    """``value`` once per parameter group: a list or tuple must have one entry per group, a number is repeated.

    ``mismatch`` is the ValueError's message for a list of the wrong length (a format string of ``name``,
    ``got`` and ``expected``), so that each scheduler keeps PyTorch's wording.
    """
    expected = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != expected:
            raise ValueError(mismatch.format(name=name, got=len(value), expected=expected))
        return list(value)
    return [value] * expected
