"""Op specs for session 10's edge cases: the Hurwitz zeta at negative non-integer q (integer x), against the direct
sum (100,000 terms and the integral of the rest, valid for any q once q + k > 0); complex logcumsumexp on long
dims with imaginary parts that leave (-pi, pi], against PyTorch's sequential steps."""
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


def _logcumsumexp_steps(x, dim):
    """PyTorch's steps along ``dim``: y_k = hi + log1p(exp(lo - hi)) from y_(-1) = -inf, hi the one of x_k and
    y_(k-1) of larger real part (x_k at a tie)."""
    x = np.moveaxis(x, dim, -1)
    y, run = np.empty_like(x), np.full(x.shape[:-1], -np.inf + 0j)
    for k in range(x.shape[-1]):
        term = x[..., k]
        new_high = ~(term.real < run.real)
        hi, lo = np.where(new_high, term, run), np.where(new_high, run, term)
        run = y[..., k] = hi + np.log1p(np.exp(lo - hi))
    return np.moveaxis(y, -1, dim)


def _wide_phases(rng, shape):
    return rng.uniform(-3, 3, shape) + 1j * rng.uniform(-12, 12, shape)


SPECS += [
    OpSpec(f"logcumsumexp_complex_long_dim{dim}", lambda x, dim=dim: ag.logcumsumexp(x, dim),
           lambda x, dim=dim: _logcumsumexp_steps(x, dim),
           make=lambda rng, dim=dim: [(_wide_phases(rng, (3, 40) if dim else (40, 3)),), (_wide_phases(rng, (65,)),)],
           rtol=1e-9, atol=1e-9, note="holomorphic; imaginary parts on PyTorch's branch, outside (-pi, pi]")
    for dim in (0, -1)
]
