"""Op specs on complex tensors (PyTorch's convention, complex_autograd.py): the engine's own parts
(real, imag, conj, complex) and the core ops marked first. Each gradient check perturbs the real and
imaginary parts of every complex input."""
import numpy as np

import autograd_core as ag
from autograd_core.ops.complex_parts import complex, conj, imag, real

from .spec import OpSpec

S = (3, 4)
BINARY_SHAPES = [(S, S), (S, (4,)), ((3, 1), (1, 4))]


def _mixed(rng):
    """A complex and a real input: the real one's gradient is the real part."""
    return [(rng.standard_normal(S) + 1j * rng.standard_normal(S), rng.standard_normal(S))]


SPECS = [
    OpSpec("complex.real", real, np.real, complex=True),
    OpSpec("complex.imag", imag, np.imag, complex=True),
    OpSpec("complex.conj", conj, np.conj, complex=True),
    OpSpec("complex.complex", complex, lambda a, b: a + 1j * b, shapes=BINARY_SHAPES),
    OpSpec("complex.add", lambda a, b: a + b, np.add, shapes=BINARY_SHAPES, complex=True),
    OpSpec("complex.sub", lambda a, b: a - b, np.subtract, shapes=BINARY_SHAPES, complex=True),
    OpSpec("complex.neg", lambda a: -a, np.negative, complex=True),
    OpSpec("complex.mul", lambda a, b: a * b, np.multiply, shapes=BINARY_SHAPES, complex=True),
    OpSpec("complex.mul_real", lambda a, b: a * b, np.multiply, make=_mixed),
    OpSpec("complex.mul_scalar", lambda a: a * (2 - 3j), lambda a: a * (2 - 3j), complex=True),
    OpSpec("complex.real_times_scalar", lambda a: a * (2 - 3j), lambda a: a * (2 - 3j)),
    OpSpec("complex.add_scalar", lambda a: a + 1j, lambda a: a + 1j, complex=True),
    OpSpec("complex.matmul", lambda a, b: a @ b, np.matmul, shapes=[((3, 4), (4, 2)), ((2, 3, 4), (4, 2))],
           complex=True),
    OpSpec("complex.sum", lambda a: a.sum(dim=1), lambda a: a.sum(axis=1), complex=True),
    OpSpec("complex.reshape_permute", lambda a: a.reshape(4, 3).T, lambda a: a.reshape(4, 3).T, complex=True),
    OpSpec("complex.broadcast_to", lambda a: ag.broadcast_to(a, (2, 3, 4)),
           lambda a: np.broadcast_to(a, (2, 3, 4)), complex=True),
]
