"""Op specs of the complex tensor API around the engine's parts: angle, polar, conj_physical, the views
between complex and real pairs, and the cast of a real tensor to complex (PyTorch's convention; gradient
checks perturb the real and imaginary parts of every complex input)."""
import numpy as np

import autograd_core as ag
from autograd_core.ops.complex_parts import angle, conj_physical, polar, view_as_complex, view_as_real

from .spec import OpSpec, away_from

S = (3, 4)


def _pairs(rng):
    """A real tensor whose last dim holds (real, imag) pairs."""
    return [(rng.standard_normal(S + (2,)),), (rng.standard_normal((2,)),)]


def _pairs_ref(x):
    return x[..., 0] + 1j * x[..., 1]


def _to_complex(x):
    """A real tensor cast to the complex dtype of its precision (float32 -> complex64)."""
    return x.to(ag.promote_types(x.dtype, ag.complex64))


SPECS = [
    OpSpec("complex.angle", angle, np.angle, complex=True),
    OpSpec("complex.angle_of_real", angle, np.angle, make=lambda rng: [(away_from([0.0], S)(rng),)],
           note="piecewise constant (pi below 0, else 0): a zero gradient, as PyTorch"),
    OpSpec("complex.polar", polar, lambda r, t: r * np.exp(1j * t), low=0.5,
           shapes=[(S, S), (S, (4,)), ((3, 1), (1, 4))]),
    OpSpec("complex.conj_physical", conj_physical, np.conj, complex=True),
    OpSpec("complex.view_as_real", view_as_real, lambda z: np.stack([z.real, z.imag], -1), complex=True,
           shapes=[(S,), ((),)]),
    OpSpec("complex.view_as_complex", view_as_complex, _pairs_ref, make=_pairs),
    OpSpec("complex.view_round_trip", lambda z: view_as_complex(view_as_real(z) * 2), lambda z: 2 * z,
           complex=True),
    OpSpec("complex.cast_from_real", _to_complex, lambda x: x + 0j),
]
