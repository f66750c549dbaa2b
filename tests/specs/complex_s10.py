"""Op specs of the complex API's later additions: logaddexp on complex tensors (PyTorch's branch of the
logarithm), the copying forms view_as_real_copy and view_as_complex_copy, and the in-place conj_physical_
(PyTorch's convention for complex gradients, complex_autograd.py)."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

S = (3, 4)
BINARY_SHAPES = [(S, S), (S, (4,)), ((3, 1), (1, 4))]


def _logaddexp_ref(a, b):
    """The principal log(exp(a) + exp(b)), moved by a multiple of 2 pi i to within pi of the imaginary part of
    the operand with the larger real part (``a`` at a tie), which is the branch PyTorch's formula lands on."""
    a, b = np.broadcast_arrays(a, b)
    y = np.log(np.exp(a) + np.exp(b))
    hi = np.where(a.real >= b.real, a, b).imag
    return y + 2j * np.pi * np.round((hi - y.imag) / (2 * np.pi))


def _mixed(rng):
    """A complex and a real operand: the real one's gradient is the real part."""
    return [(rng.uniform(-2, 2, S) + 1j * rng.uniform(-2, 2, S), rng.uniform(-2, 2, S))]


def _near_pi(rng):
    """Imaginary parts near pi, where the principal logarithm is often on another branch than PyTorch's."""
    return [(rng.uniform(-2, 2, S) + 1j * rng.uniform(2.5, 4, S), rng.uniform(-2, 2, S) + 1j * rng.uniform(2.5, 4, S))]


def _pairs(rng):
    """A real tensor whose last dim holds (real, imag) pairs."""
    return [(rng.standard_normal(S + (2,)),), (rng.standard_normal((2,)),)]


def _conj_physical_in_place(z):
    y = z * 1  # a leaf that requires grad can't change in place
    return y.conj_physical_()


def _conj_physical_through_view(z):
    y = z * 1
    y[1:].conj_physical_()  # written through the view into y
    return y


def _conj_rows(z):
    z = z.copy()
    z[1:] = np.conj(z[1:])
    return z


SPECS = [
    OpSpec("complex_s10.logaddexp", ag.logaddexp, _logaddexp_ref, shapes=BINARY_SHAPES, complex=True),
    OpSpec("complex_s10.logaddexp_near_pi", ag.logaddexp, _logaddexp_ref, make=_near_pi),
    OpSpec("complex_s10.logaddexp_real_other", ag.logaddexp, _logaddexp_ref, make=_mixed),
    OpSpec("complex_s10.view_as_real_copy", ag.view_as_real_copy, lambda z: np.stack([z.real, z.imag], -1),
           complex=True, shapes=[(S,), ((),)]),
    OpSpec("complex_s10.view_as_complex_copy", ag.view_as_complex_copy, lambda x: x[..., 0] + 1j * x[..., 1],
           make=_pairs),
    OpSpec("complex_s10.conj_physical_", _conj_physical_in_place, np.conj, complex=True),
    OpSpec("complex_s10.conj_physical_view", _conj_physical_through_view, _conj_rows, complex=True),
]
