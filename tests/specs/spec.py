"""OpSpec: one record per op, from which the generic tests are generated."""
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np


@dataclass
class OpSpec:
    """How to test one op.

    name: unique id shown in test names.
    fn: our op, called with Tensors (and returns a Tensor or a tuple of them).
    ref: an independent NumPy reference, called with the same inputs as float64
        arrays; None only when no reference can be written (then say why in ``note``).
    shapes: one tuple of input shapes per sample; the second and later samples
        are where broadcasting cases go.
    low, high: the range inputs are drawn from (the op's valid domain).
    complex: draw complex128 inputs (real and imaginary parts each in [low, high]) instead of float64:
        the gradient checks then follow PyTorch's complex convention (complex_autograd.py).
    make: optional ``make(rng) -> list of input tuples`` replacing shapes/low/high,
        for inputs that need structure (int indices, distinct values, masks).
    diff: indices of the inputs to differentiate (default: every float input).
    grad / gradgrad: run gradcheck / gradgradcheck (False when not differentiable
        or not twice differentiable; say why in ``note``).
    cpu_only: why the GPU cases are skipped ("" runs them).
    gpu_ref: why the NumPy reference holds on the CPU only ("" checks it on the GPU too).
    syncs: why the op must copy device data to the host on a GPU ("" when it must not).
    """
    name: str
    fn: Callable
    ref: Optional[Callable]
    shapes: list = field(default_factory=lambda: [((3, 4),)])
    low: float = -2.0
    high: float = 2.0
    complex: bool = False
    make: Optional[Callable] = None
    diff: Optional[tuple] = None
    grad: bool = True
    gradgrad: bool = True
    atol: float = 1e-6
    rtol: float = 1e-5
    grad_atol: float = 1e-5
    grad_rtol: float = 1e-3
    note: str = ""
    cpu_only: str = ""
    gpu_ref: str = ""
    syncs: str = ""

    def samples(self, seed=0):
        rng = np.random.default_rng(seed)
        if self.make is not None:
            return [tuple(np.asarray(a) for a in sample) for sample in self.make(rng)]
        if self.complex:
            return [tuple(rng.uniform(self.low, self.high, size=s) + 1j * rng.uniform(self.low, self.high, size=s)
                          for s in shapes) for shapes in self.shapes]
        return [tuple(rng.uniform(self.low, self.high, size=s) for s in shapes) for shapes in self.shapes]


def away_from(kinks, shape, low=-3.0, high=3.0, gap=0.1):
    """``draw(rng)``: uniform values in [low, high], each at least ``gap`` from every kink (a point where
    the op is not smooth, so a finite difference across it would be wrong)."""
    def draw(rng):
        x = rng.uniform(low, high, shape)
        for k in kinks:
            near = np.abs(x - k) < gap
            x[near] = k + np.sign(x[near] - k + 1e-12) * gap * 2
        return x
    return draw
