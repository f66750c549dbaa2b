"""Stochastic Weight Averaging and exponential moving averages of a model (PyTorch's ``torch.optim.swa_utils``):
AveragedModel, the averaging functions, the SWALR scheduler and update_bn.

    >>> swa_model = AveragedModel(model)
    >>> swa_sched = SWALR(opt, swa_lr=0.05)
    >>> for epoch in range(100):
    ...     train_one_epoch(model, opt)
    ...     if epoch >= 75:
    ...         swa_model.update_parameters(model)
    ...         swa_sched.step()
    >>> update_bn(loader, swa_model)
"""
import math
from copy import deepcopy

import numpy as np

from autograd_core import creation
from autograd_core.grad_mode import no_grad
from autograd_core.nn.module import Module
from autograd_core.nn.modules.normalization import _BatchNorm, _InstanceNorm

from .scheduler_base import LRScheduler, per_group

__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn", "get_ema_avg_fn",
           "get_swa_avg_fn"]


def _check_decay(decay):
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def get_ema_avg_fn(decay=0.999):
    r"""The EMA of one parameter, ``decay * ema + (1 - decay) * current``, as a function
    ``(ema_param, current_param, num_averaged) -> new ema_param`` for ``AveragedModel(avg_fn=...)``.

    Args:
        decay: the weight kept of the average at each update, in [0, 1] (default 0.999).
    """
    _check_decay(decay)

    @no_grad()
    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    """The equal-weight running average of one parameter, ``averaged + (current - averaged) / (n + 1)``, as a
    function ``(averaged_param, current_param, num_averaged) -> new averaged_param``."""

    @no_grad()
    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


def _in_place(avg_fn, weight):
    """A multi-tensor update from ``avg_fn``: floating tensors move toward the current ones by ``weight(n)``
    in place (``lerp_``); integer tensors (such as ``num_batches_tracked``) take ``avg_fn``'s value,
    truncated (PyTorch's foreach kernels refuse integer tensors in the SWA update; this is its CPU result)."""

    @no_grad()
    def update(averaged_param_list, current_param_list, num_averaged):
        w = weight(num_averaged)  # once per call, not once per tensor
        for averaged, current in zip(averaged_param_list, current_param_list, strict=True):
            if averaged.dtype.kind in "fc":
                averaged.lerp_(current, w)
            else:
                averaged.copy_(avg_fn(averaged, current, num_averaged))

    return update


def get_ema_multi_avg_fn(decay=0.999):
    r"""The EMA as an in-place update of lists of tensors, for ``AveragedModel(multi_avg_fn=...)``:

    .. math::
        W^{EMA}_0 = W^{model}_0, \qquad W^{EMA}_{t+1} = decay \, W^{EMA}_t + (1 - decay) \, W^{model}_{t+1}

    Args:
        decay: the weight kept of the average at each update, in [0, 1] (default 0.999).
    """
    return _in_place(get_ema_avg_fn(decay), lambda num_averaged: 1 - decay)


def get_swa_multi_avg_fn():
    """The equal-weight running average as an in-place update of lists of tensors (``multi_avg_fn``)."""
    return _in_place(get_swa_avg_fn(), lambda num_averaged: 1 / (num_averaged + 1))


def _averaged_tensors(module, use_buffers):
    return [*module.parameters(), *(module.buffers() if use_buffers else ())]


class AveragedModel(Module):
    """A copy of ``model`` whose parameters are the running average (SWA) or exponential moving average (EMA)
    of ``model``'s, updated by ``update_parameters(model)``; calling it runs the copy.

    Args:
        model: the module to average (deep-copied).
        device: where to keep the copy (default: where ``model`` is).
        avg_fn: ``(averaged_param, current_param, num_averaged) -> new value``, applied per tensor
            (e.g. ``get_ema_avg_fn(0.999)``); default the equal-weight average.
        multi_avg_fn: ``(averaged_list, current_list, num_averaged)`` updating the averaged tensors in place,
            called once per (device, dtype) group (e.g. ``get_ema_multi_avg_fn(0.999)``).
        use_buffers: average the buffers too (batch-norm statistics); if False they are copied from ``model``.

    The first ``update_parameters`` copies ``model``'s values; ``n_averaged`` (a buffer, saved in
    ``state_dict``) counts the updates. ``avg_fn`` and ``multi_avg_fn`` are not saved.

    Example:
        >>> ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.999), use_buffers=True)
        >>> ema.update_parameters(model)  # after each optimizer step
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        if not isinstance(model, Module):
            raise TypeError(f"AveragedModel: model must be an nn.Module, got {type(model).__name__}")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", creation.tensor(0, dtype=np.int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    @no_grad()
    def update_parameters(self, model):
        """Fold ``model``'s current parameters (and buffers, with ``use_buffers``) into the average."""
        averaged = [t.detach() for t in _averaged_tensors(self.module, self.use_buffers)]
        current = _averaged_tensors(model, self.use_buffers)
        if len(current) != len(averaged):
            what = "parameters and buffers" if self.use_buffers else "parameters"
            raise ValueError(f"AveragedModel.update_parameters: model has {len(current)} {what}, the averaged "
                             f"copy has {len(averaged)}; pass a model of the same architecture")
        current = [c.detach().to(a.device) for a, c in zip(averaged, current)]
        if self.n_averaged.item() == 0:
            for a, c in zip(averaged, current):
                a.copy_(c)
        elif self.multi_avg_fn is not None:
            groups = {}
            for a, c in zip(averaged, current):
                pair = groups.setdefault((a.device, a.dtype), ([], []))
                pair[0].append(a)
                pair[1].append(c)
            for averaged_list, current_list in groups.values():
                self.multi_avg_fn(averaged_list, current_list, self.n_averaged.to(averaged_list[0].device))
        else:
            avg_fn = self.avg_fn or get_swa_avg_fn()
            for a, c in zip(averaged, current):
                a.copy_(avg_fn(a, c, self.n_averaged.to(a.device)))
        if not self.use_buffers:  # keep the buffers in step with the model's
            for b_averaged, b_model in zip(self.module.buffers(), model.buffers(), strict=True):
                b_averaged.copy_(b_model.detach().to(b_averaged.device))
        self.n_averaged += 1


def _is_batch_norm(module):
    # PyTorch's InstanceNorm is no _BatchNorm; ours shares the class for its code
    return isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm)


@no_grad()
def update_bn(loader, model, device=None):
    """Recompute the running mean and variance of every BatchNorm layer of ``model`` in one pass over ``loader``.

    The statistics are reset and accumulated as an equal-weight average over the batches (momentum None);
    the layers' momenta and the model's training mode are restored afterwards.

    Args:
        loader: an iterable of batches, each a Tensor or a list/tuple whose first element is the input.
        model: the model (e.g. an ``AveragedModel``).
        device: if given, each input is moved there first.
    """
    momenta = {m: m.momentum for m in model.modules() if _is_batch_norm(m)}
    if not momenta:
        return
    for module in momenta:
        module.reset_running_stats()
        module.momentum = None
    was_training = model.training
    model.train()
    try:
        for input in loader:
            if isinstance(input, (list, tuple)):
                input = input[0]
            if device is not None:
                input = input.to(device)
            model(input)
    finally:
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    r"""Anneal each group's learning rate to ``swa_lr`` over ``anneal_epochs`` epochs, then keep it there.

    Each step moves from the current lr toward ``swa_lr`` along the annealing curve
    :math:`\alpha(t)` (cosine :math:`(1 - \cos \pi t) / 2` or linear :math:`t`), ``t = step / anneal_epochs``,
    so it can take over from another scheduler mid-training.

    Args:
        optimizer: the optimizer.
        swa_lr: the final learning rate, one number or one per parameter group (stored as ``group["swa_lr"]``).
        anneal_epochs: the number of epochs of the annealing, an int >= 0 (default 10).
        anneal_strategy: ``"cos"`` (default) or ``"linear"``.
        last_epoch: see ``LRScheduler``.

    Example:
        >>> swa_sched = SWALR(opt, swa_lr=0.05, anneal_epochs=5, anneal_strategy="linear")
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        for lr, group in zip(per_group("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self._anneal_strategy = anneal_strategy
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def anneal_func(self, t):
        """The fraction of the way to ``swa_lr`` at ``t`` in [0, 1] of the annealing."""
        return (1 - math.cos(math.pi * t)) / 2 if self._anneal_strategy == "cos" else t

    def get_lr(self):
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        lrs = []
        for group in self.optimizer.param_groups:
            # the lr this annealing started from, recovered from the current one
            start = group["swa_lr"] if prev_alpha == 1 else (group["lr"] - prev_alpha * group["swa_lr"]) / (
                1 - prev_alpha)
            lrs.append(group["swa_lr"] * alpha + start * (1 - alpha))
        return lrs
