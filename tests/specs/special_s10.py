"""Op specs for session 10's special-function edge cases: the Hurwitz zeta at negative non-integer q (integer x),
against the direct sum (100,000 terms and the integral of the rest, valid for any q once q + k > 0)."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec


def _zeta_direct(x, q):
    k = np.arange(100_000.0)
    s = ((q[..., None] + k) ** -x[..., None]).sum(-1)
    end = q + k.size
    return s + end ** (1 - x) / (x - 1) + end ** -x / 2 + x * end ** (-x - 1) / 12


def _negative_q(rng, shape):
    """Integer x in 2..5 and q in (-4, 0) at least 0.2 from the poles (the integers)."""
    return rng.integers(2, 6, shape).astype(float), -rng.integers(0, 4, shape) - rng.uniform(0.2, 0.8, shape)


SPECS = [
    OpSpec("special_zeta_negative_q", ag.special.zeta, _zeta_direct,
           make=lambda rng: [_negative_q(rng, (3, 4)), (np.array([[2.0], [3.0]]), -np.array([0.5, 1.25, 7.5]))],
           diff=(1,), rtol=1e-9, note="differentiable in q (other) only, as PyTorch"),
]
