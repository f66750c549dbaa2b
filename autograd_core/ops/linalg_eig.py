"""The eigendecomposition of a general (non-symmetric) matrix, ``torch.linalg.eig`` and ``eigvals``:
complex eigenvalues and eigenvectors (each of norm 1), for real or complex matrices.

The gradient is PyTorch's linalg_eig_backward. For ``A = V diag(L) V^{-1}``,
``gA = V^{-H} (diag(gL) + (V^H gV - V^H V diag(Re(diag(V^H gV)))) / conj(E)) V^H`` with ``E_ij = L_j - L_i``
off the diagonal: the second term projects gV onto the directions that keep each column's norm 1. An
eigenvector is unique only up to its phase (``v -> v e^{i phi}``), so the gradient through V is that of
a loss that does not depend on the phase (one that does raises, as PyTorch), and it is undefined where
eigenvalues repeat. A real A gets the real part of gA.
"""
from collections import namedtuple

import numpy as np

from ..backend import get_array_module
from ..complex_autograd import conj, real
from ..function import Function, dual
from .linalg import _check_phase_free, _diag_embed, _gaps, _imag_diagonal, _lapack, _matrix, _mH, _solve
from .shape import Diagonal

EigResult = namedtuple("EigResult", ["eigenvalues", "eigenvectors"])


class Eig(Function):
    complex_autograd = "ready"

    def forward(self, a):
        xp = get_array_module(a)
        if not hasattr(xp.linalg, "eig"):
            raise NotImplementedError("linalg.eig: this CuPy has no general eigensolver (CuPy 14 has); "
                                      "compute it on the CPU: A.cpu()")
        w, v = _lapack("linalg.eig", xp.linalg.eig, a)
        dtype = np.result_type(a.dtype, np.complex64)  # NumPy gives real ones where all eigenvalues are real
        w, v = w.astype(dtype, copy=False), v.astype(dtype, copy=False)
        self.save_for_backward(w, v)
        return w, v

    def backward(self, gw, gv):
        w, v = self.saved_tensors
        vh = _mH(v)
        inner = 0.0 if gw is None else _diag_embed(gw)
        if gv is not None:
            vhgv = vh @ gv
            _check_phase_free("eig", "eigenvectors", abs(_imag_diagonal(vhgv)) - 1e-2)
            norms = real(dual(Diagonal(0, -2, -1), vhgv))
            inner = inner + (vhgv - vh @ (v * norms[..., None, :])) / conj(_gaps(w))
        return _solve(vh, inner @ vh)


def eig(A):
    """``(eigenvalues, eigenvectors)`` of a square matrix (or of each in a batch): complex, ``A V = V
    diag(L)``, each eigenvector (column of V) of norm 1 and unique only up to its phase. The gradient
    through V is defined for losses that do not depend on that phase."""
    return EigResult(*Eig()(_matrix("eig", A, square=True)))


def eigvals(A):
    """The (complex) eigenvalues of a square matrix (or of each in a batch), in LAPACK's order."""
    return eig(A).eigenvalues
