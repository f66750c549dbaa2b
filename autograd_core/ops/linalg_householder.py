"""Orthogonal matrices kept as Householder reflectors, LAPACK's compact form: ``geqrf`` makes it,
``householder_product`` (``orgqr``) turns it into the matrix Q, and ``ormqr`` multiplies by Q without
forming it.

Reflector ``i`` is ``H_i = I - tau_i v_i v_i^H``, where ``v_i`` is column ``i`` of the compact matrix
below the diagonal with a 1 on it, and ``Q = H_1 H_2 ... H_k``. Q is applied one reflector at a time,
each a rank-1 update written with differentiable ops, so gradients (and gradients of gradients) come
from composition. ``geqrf`` itself has no gradient, as in PyTorch.
"""
from collections import namedtuple

from ..backend import get_array_module
from ..tensor import _new
from ._util import as_tensor
from .complex_parts import conj
from .linalg import _matrix, _mH, _tril, mT

GeqrfResult = namedtuple("GeqrfResult", ["a", "tau"])


def geqrf(input):
    """The QR factorization in LAPACK's compact form ``(a, tau)``: R on and above the diagonal of ``a``,
    the Householder vectors below it, their scales in ``tau``. Not differentiable (as in PyTorch)."""
    A = _matrix("geqrf", input)
    xp = get_array_module(A._data)
    if A.size == 0:
        k = min(A.shape[-2:])
        return GeqrfResult(_new(A._data.copy(), False, None), _new(xp.zeros(A.shape[:-2] + (k,), A.dtype), False, None))
    h, tau = xp.linalg.qr(A._data, mode="raw")  # h is the transposed (Fortran-order) compact matrix
    return GeqrfResult(_new(xp.ascontiguousarray(mT(h)), False, None), _new(tau, False, None))


def _reflectors(op, input, tau):
    """The Householder vectors as the columns of ``V`` (m, k) and ``tau`` (k,), checked."""
    A, tau = _matrix(op, input), as_tensor(tau)
    if tau.dtype != A.dtype:
        raise TypeError(f"{op}: tau dtype {tau.dtype} does not match input dtype {A.dtype}")
    if tau.shape[:-1] != A.shape[:-2]:
        raise ValueError(f"{op}: the batch dims of tau {tau.shape} must equal input.shape[:-2] {A.shape[:-2]}")
    k = tau.shape[-1]
    if k > A.shape[-1] or k > A.shape[-2]:
        raise ValueError(f"{op}: tau has {k} scales but input {A.shape} holds at most {min(A.shape[-2:])} "
                         "Householder vectors")
    xp = get_array_module(A._data)
    V = _tril(A[..., :k], -1) + xp.eye(A.shape[-2], k, dtype=A.dtype)
    return V, tau


def _apply(V, tau, C, left, transpose):
    """``op(Q) C`` (``left``) or ``C op(Q)``, where ``op`` is the conjugate transpose when ``transpose``
    (``H_i^H`` has the scale ``conj(tau_i)``)."""
    k = tau.shape[-1]
    if transpose:
        tau = conj(tau)
    # Q C applies H_k first; Q^T C applies H_1 first; C Q applies H_1 first; C Q^T applies H_k first
    order = range(k) if left == transpose else range(k - 1, -1, -1)
    for i in order:
        v, t = V[..., i:i + 1], tau[..., i:i + 1, None]
        C = C - t * (v @ (_mH(v) @ C)) if left else C - t * ((C @ v) @ _mH(v))
    return C


def householder_product(A, tau):
    """The first ``n`` columns of ``H_1 ... H_k`` for the (m, n) compact matrix ``A`` (m >= n) and
    ``tau`` (k,), k <= n: the Q of ``geqrf``'s factorization."""
    A = _matrix("householder_product", A)
    m, n = A.shape[-2:]
    if m < n:
        raise ValueError(f"linalg.householder_product: input.shape[-2] ({m}) must be at least "
                         f"input.shape[-1] ({n})")
    V, tau = _reflectors("linalg.householder_product", A, tau)
    xp = get_array_module(A._data)
    eye = _new(xp.broadcast_to(xp.eye(m, n, dtype=A.dtype), A.shape), False, None)
    return _apply(V, tau, eye, True, False)


def ormqr(input, tau, other, left=True, transpose=False):
    """``Q @ other`` (``left=False``: ``other @ Q``; ``transpose``: with ``Q^H``), Q the (m, m) product of
    the Householder reflectors held in ``input`` and ``tau`` (as from ``geqrf``), without forming Q."""
    V, tau = _reflectors("ormqr", input, tau)
    C = _matrix("ormqr", other)
    if C.dtype != V.dtype:
        raise TypeError(f"ormqr: other dtype {C.dtype} does not match input dtype {V.dtype}")
    m = V.shape[-2]
    if (C.shape[-2] if left else C.shape[-1]) != m:
        side = "other.shape[-2]" if left else "other.shape[-1]"
        raise ValueError(f"ormqr: {side} must equal input.shape[-2] ({m}); other has shape {C.shape}")
    return _apply(V, tau, C, bool(left), bool(transpose))


orgqr = householder_product
