"""Learning-rate schedulers (PyTorch's ``torch.optim.lr_scheduler``).

A scheduler changes ``group["lr"]`` of its optimizer's parameter groups each
time its ``step()`` is called (once per epoch, after ``optimizer.step()``;
CyclicLR and OneCycleLR once per batch). ``last_epoch`` counts those calls;
the constructor makes the first one, so right after construction the groups
hold the epoch-0 learning rate.

    >>> sched = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=len(loader) * epochs)
"""
from .chained_schedulers import ChainedScheduler, SequentialLR
from .cyclic_schedulers import CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR
from .decay_schedulers import (ConstantLR, ExponentialLR, LambdaLR, LinearLR, MultiplicativeLR, MultiStepLR,
                               PolynomialLR, StepLR)
from .plateau_scheduler import ReduceLROnPlateau
from .scheduler_base import LRScheduler

__all__ = ["LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
           "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR",
           "OneCycleLR", "SequentialLR", "ChainedScheduler", "ReduceLROnPlateau"]
