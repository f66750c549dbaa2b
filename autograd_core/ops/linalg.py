"""Linear algebra as ``torch.linalg``: inverse, determinants, solve, the Cholesky, QR, symmetric eigen and
singular value decompositions, pseudo-inverse and matrix powers, all batched over leading dims.

Forwards call the input's array module (``numpy.linalg`` or ``cupy.linalg``); backwards are the standard
matrix-calculus formulas written with differentiable ops (matmul, solve, tril ...), so double backward works.
As in PyTorch, the gradients of ``eigh`` and ``svd`` (through U or Vh) are undefined where eigen- or
singular values repeat (they divide by their differences), and a loss of the singular/eigen vectors
should not depend on their sign (the only freedom for real matrices), or their phase for complex ones.

Complex matrices (complex_autograd.py): inv, det, solve and the LU factors are holomorphic (backward written
with transposes, the engine conjugates); slogdet, cholesky, qr, eigh, svd and pinv follow PyTorch's
convention as written (conjugate transposes, ``_mH``, which is ``mT`` on real matrices).
"""
from collections import namedtuple

import numpy as np

from ..backend import check, get_array_module, on_gpu
from ..complex_autograd import conj, is_complex_array
from ..function import Function, dual
from ..tensor import Tensor
from . import reductions
from ._util import as_tensor, normalize_axis, raw, result_dtype, zeros_as
from .arithmetic import cast
from .complex_parts import Imag
from .elementwise import ZerosLike, where
from .elementwise import abs as abs_
from .elementwise import log
from .matrix import Triangle
from .shape import Concatenate, Diagonal, DiagonalPlace, broadcast_to, mT, permute, reshape, squeeze, unsqueeze

SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])
EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"])
QRResult = namedtuple("QRResult", ["Q", "R"])
LegacySVDResult = namedtuple("LegacySVDResult", ["U", "S", "V"])


class LinAlgError(RuntimeError):
    """A matrix the factorisation cannot handle (singular, not positive-definite ...), as torch.linalg's."""


def _lapack(op, fn, *args, **kwargs):
    """``fn(*args)`` with NumPy's LinAlgError said as PyTorch's, naming the op as called ("linalg.inv")
    (CuPy does not check)."""
    try:
        return fn(*args, **kwargs)
    except np.linalg.LinAlgError as e:
        raise LinAlgError(f"{op}: {e}") from None


def _matrix(op, A, square=False):
    """``A`` as a Tensor of (batches of) floating-point or complex matrices, or a clear error."""
    A = as_tensor(A)
    if A.ndim < 2:
        raise ValueError(f"linalg.{op}: A must have at least 2 dimensions, got shape {A.shape}")
    if square and A.shape[-1] != A.shape[-2]:
        raise ValueError(f"linalg.{op}: A must be batches of square matrices, "
                         f"but they are {A.shape[-2]} by {A.shape[-1]} matrices (shape {A.shape})")
    if A.dtype.kind not in "fc":
        raise TypeError(f"linalg.{op}: expected a complex or floating point tensor, got {A.dtype} (shape {A.shape}); "
                        "use .double() or .float()")
    return A


def _mH(x):
    """The conjugate transpose of each matrix (array or Tensor): ``mT`` for real ones."""
    return conj(mT(x))


def _check_phase_free(op, vectors, excess):
    """PyTorch's error where a loss depends on the phase of complex eigen- or singular vectors: ``excess``
    (an array, > 0 where ``Im(diag(V^H gV))`` shows that it does) is checked on the device (backend.check)."""
    check((excess > 0).any(), lambda: RuntimeError(
        f"linalg.{op}: the {vectors} of a complex matrix are each unique only up to a phase e^(i phi), and the "
        "loss depends on that phase, so its gradient is undefined (as PyTorch); use a loss that does not, such "
        "as one of V * conj(V[..., :1, :]), |V| or V @ V^H"))


def _imag_diagonal(x):
    """``Im(diag(x))`` of each matrix of the array or Tensor ``x``, as an array (no graph)."""
    return raw(x).diagonal(axis1=-2, axis2=-1).imag


def _expand2(v):
    """``v[..., None, None]`` (array or Tensor): a batch of scalars against a batch of matrices."""
    return v[..., None, None]


def _diag_embed(v):
    """A batch of diagonal matrices from the last dim of ``v`` (array or Tensor): ``diag_embed``."""
    return dual(DiagonalPlace(v.shape + v.shape[-1:], 0, -2, -1), v)


def _tril(x, diagonal=0):
    return dual(Triangle("tril", diagonal), x)


def _triu(x, diagonal=0):
    return dual(Triangle("triu", diagonal), x)


def _solve(A, B):
    """``A^{-1} B`` for arrays or Tensors of matching batch dims (in backward formulas)."""
    return dual(Solve(), A, B)


def _inv(A):
    return dual(Inv(), A)


def _right_solve_t(X, R):
    """``X R^{-T}`` (that is, solve ``Y R^T = X``)."""
    return mT(_solve(R, mT(X)))


# -- inverse, determinants, solve ------------------------------------------------------------------
class Inv(Function):
    """``A^{-1}``; its gradient is ``-A^{-T} g A^{-T}``."""
    complex_autograd = "holomorphic"

    def forward(self, a):
        y = _lapack("linalg.inv", get_array_module(a).linalg.inv, a)
        self.save_for_backward(y)
        return y

    def backward(self, gy):
        y, = self.saved_tensors
        yt = mT(y)
        return -(yt @ gy @ yt)


class Det(Function):
    """``det(A)``; its gradient is ``g`` times the cofactor matrix (Cofactor)."""
    complex_autograd = "holomorphic"

    def forward(self, a):
        xp = get_array_module(a)
        d = xp.asarray(xp.linalg.det(a))
        self.save_for_backward(a, d)
        return d

    def backward(self, gy):
        a, d = self.saved_tensors
        return _expand2(gy) * dual(Cofactor(raw(d)), a)


class Cofactor(Function):
    """The cofactor matrix of ``A`` (``det(A) A^{-T}``) given ``det(A)``. For a batch holding a singular matrix
    (or, in its gradient, an ill-conditioned one; on the CPU only: a GPU never reads values to choose) it is
    ``det(U) det(Vh) conj(U) adj(S) conj(Vh)`` from the SVD (``A^{-T} = conj(U) diag(1 / s) conj(Vh)``,
    ``adj(S) = diag(prod_{j != i} s_j)``) and so is its gradient (``_adjugate_derivative``): exact at rank
    n-1 and below, where the formulas through ``A^{-1}`` divide by 0."""
    complex_autograd = "holomorphic"

    def __init__(self, det):
        self.det = det

    def forward(self, a):
        try:
            inv_t = mT(_lapack("linalg.det", get_array_module(a).linalg.inv, a))
        except LinAlgError:
            u, s, vh = SVD(False).forward(a)
            others = _ProdOthers().forward(s)
            c = _expand2(_det(u) * _det(vh)) * ((conj(u) * others[..., None, :]) @ conj(vh))
            self.save_for_backward(a, c)
            return c
        c = _expand2(self.det) * inv_t
        self.save_for_backward(a, c, inv_t)
        return c

    def backward(self, g):
        a, c, *inv_t = self.saved_tensors
        if inv_t:  # d C[E] = tr(A^{-1} E) C - C E^T A^{-T}
            # the forward's A^{-T}; under create_graph A^{-T} again, of A, for the higher derivatives
            graph = isinstance(a, Tensor)
            y = mT(_inv(a)) if graph else inv_t[0]
            if not _ill_conditioned(raw(a), raw(y), 1 / 3 if graph else 1 / 2):
                return (g * y).sum(axis=(-2, -1), keepdims=True) * c - c @ mT(g) @ y
        # A = U S V^H: d C[E] = c' conj(U) (d adj(S)[U^H E V])^T V^T with c' = det(U) det(V^H)
        u, s, vh = dual(SVD(False), a)
        adj = _adjugate_derivative(s, conj(vh) @ mT(g) @ conj(u))
        return _expand2(_det(u) * _det(vh)) * (conj(u) @ adj @ conj(vh))


def _det(a):
    return dual(Det(), a)


def _ill_conditioned(a, inv, power):
    """True (on the CPU) where a matrix's condition number ``|A|_F |A^{-1}|_F`` passes ``eps^(-power)``: Cofactor's
    gradient through ``A^{-1}`` loses about ``cond eps`` (relative) to cancellation, NaN where it overflows, and
    the derivative of that gradient (power 1/3) about ``cond^2 eps``."""
    if on_gpu(a):
        return False
    cond = np.linalg.norm(a, axis=(-2, -1)) * np.linalg.norm(inv, axis=(-2, -1))
    return not (cond <= np.finfo(a.dtype).eps ** -power).all()


def _adjugate_derivative(s, h):
    """``d adj(S)[H]`` at ``S = diag(s)`` (arrays or Tensors): ``diag(P diag(H)) - P * H`` with
    ``P = _others_but_two(s)`` (exact where singular values are 0)."""
    p = _others_but_two(s)
    return _diag_embed((p @ dual(Diagonal(0, -2, -1), h)[..., None])[..., 0]) - p * h


def _others_but_two(s):
    """``P_ij = prod_{l != i, j} s_l`` off the diagonal, 0 on it (array or Tensor): products without division."""
    eye = get_array_module(raw(s)).eye(s.shape[-1], dtype=bool)
    return where(eye, 0, dual(_ProdOthers(), where(eye, 1, s[..., None, :])))


class _ProdOthers(reductions.ProdOthers):
    """ProdOthers along the last dim with a gradient without division, ``P g`` for ``P = _others_but_two(s)``
    (O(n^2)), and so are its higher derivatives: ProdOthers' ``r / s_j (t - g_j / s_j)`` cancels where an s_j
    is tiny but not 0 (the singular values of a numerically singular matrix)."""

    def __init__(self):
        super().__init__((-1,))

    def backward(self, g):
        s, = self.saved_tensors
        return (_others_but_two(s) @ g[..., None])[..., 0]


class Slogdet(Function):
    """``(sign, log|det A|)``; a real sign is piecewise constant, ``log|det|`` has gradient ``g A^{-T}``.

    For a complex A, ``sign = e^{i theta}`` and ``log det = log|det| + i theta`` is holomorphic with
    derivative ``A^{-T}``, so the gradient is ``(g_logabsdet + i g_theta) conj(A^{-T})`` with
    ``g_theta = Im(conj(sign) g_sign)`` (PyTorch's slogdet_backward)."""
    complex_autograd = "ready"

    def forward(self, a):
        xp = get_array_module(a)
        sign, logabsdet = xp.linalg.slogdet(a)
        sign = xp.asarray(sign)
        self.save_for_backward(a, sign)
        return sign, xp.asarray(logabsdet)

    def backward(self, gsign, glogabsdet):
        a, sign = self.saved_tensors
        if not is_complex_array(raw(a)):
            return zeros_as(a) if glogabsdet is None else _expand2(glogabsdet) * mT(_inv(a))
        g = 0.0 if glogabsdet is None else _expand2(glogabsdet)
        if gsign is not None:
            g = g + 1j * dual(Imag(), conj(_expand2(sign)) * _expand2(gsign))
        return g * _mH(_inv(a))


class Solve(Function):
    """``X = A^{-1} B`` for ``A`` (..., n, n) and ``B`` (..., n, k) with the same batch dims; ``op`` names
    the public op in a singular-matrix error."""
    complex_autograd = "holomorphic"

    def __init__(self, op="solve"):
        self.op = op

    def forward(self, a, b):
        x = _lapack(f"linalg.{self.op}", get_array_module(a).linalg.solve, a, b)
        self.save_for_backward(a, x)
        return x

    def backward(self, gx):
        a, x = self.saved_tensors
        gb = _solve(mT(a), gx)
        return (-(gb @ mT(x)) if self.needs_input_grad[0] else None), gb


def inv(A):
    """The inverse of a square matrix (or of each in a batch)."""
    return Inv()(_matrix("inv", A, square=True))


def det(A):
    """The determinant of a square matrix (or of each in a batch)."""
    return Det()(_matrix("det", A, square=True))


def slogdet(A):
    """``(sign, logabsdet)`` of the determinant: ``det(A) = sign * exp(logabsdet)``, without overflow. For a
    complex A the sign is complex, ``det / |det|`` (0 for a singular A), and logabsdet real."""
    return SlogdetResult(*Slogdet()(_matrix("slogdet", A, square=True)))


def logdet(A):
    """``log(det(A))``: NaN where a real determinant is negative, -inf where it is 0 (as PyTorch); for a
    complex A the principal ``log|det| + i arg(det)``."""
    sign, logabsdet = slogdet(A)
    if sign.dtype.kind == "c":
        return logabsdet + log(sign)
    return where(sign < 0, float("nan"), logabsdet)


def solve(A, B, *, left=True):
    """The solution ``X`` of ``A X = B`` (``X A = B`` with ``left=False``), batch dims broadcast.

    ``B`` is a (batch of) vector(s) when it is 1-D or has shape ``A.shape[:-1]`` (only with ``left=True``).
    """
    A, B, vector = system("solve", A, B, left)
    return solved(Solve()(A, B), left, vector)


def system(op, A, B, left, vectors=True):
    """``(A, B, vector)``: the square ``A`` and ``B`` of ``A X = B`` (``X A = B`` with ``left=False``) cast to
    one float dtype, transposed to a left system and broadcast to one batch shape, or a clear error. With
    ``vectors``, a 1-D ``B`` or one of shape ``A.shape[:-1]`` is a (batch of) vector(s), made a column."""
    A = _matrix(op, A, square=True)
    B = as_tensor(B)
    if B.dtype.kind not in "fc":
        raise TypeError(f"linalg.{op}: expected a complex or floating point B, got {B.dtype} (shape {B.shape})")
    dtype = result_dtype(A._data, B._data)
    A, B = cast(A, dtype), cast(B, dtype)
    vector = vectors and (B.ndim == 1 or (B.ndim == A.ndim - 1 and B.shape == A.shape[:-1]))
    if vector and not left:
        raise ValueError(f"linalg.{op}: a vector B (shape {B.shape}) is not supported with left=False, as in "
                         "PyTorch; pass it as a row, B.unsqueeze(-2)")
    batch = system_batch(op, A, B, left, vector)
    if vector:
        B = unsqueeze(B, -1)
    if not left:
        A, B = mT(A), mT(B)
    return broadcast_to(A, batch + A.shape[-2:]), broadcast_to(B, batch + B.shape[-2:]), vector


def system_batch(op, A, B, left=True, vector=False):
    """The batch shape of ``A X = B`` (``X A = B`` with ``left=False``) for square matrices ``A``, ``B``
    (a batch of) matrices or, with ``vector``, of vectors; or a clear error where B's shape does not fit."""
    if B.ndim < 2 and not vector:
        raise ValueError(f"linalg.{op}: B must have at least 2 dimensions, got shape {B.shape}")
    if B.shape[-1 if vector or not left else -2] != A.shape[-1]:
        raise ValueError(f"linalg.{op}: incompatible shapes of A {A.shape} and B {B.shape}: "
                         f"B must have {A.shape[-1]} {'rows' if left else 'columns'}")
    try:
        return np.broadcast_shapes(A.shape[:-2], B.shape[:-1] if vector else B.shape[:-2])
    except ValueError:
        raise ValueError(f"linalg.{op}: batch dims of A {A.shape} and B {B.shape} can't be broadcast") from None


def solved(X, left, vector):
    """The solution ``X`` of the left system that ``system`` made, in the caller's form."""
    if not left:
        X = mT(X)
    return squeeze(X, -1) if vector else X


# -- Cholesky and QR ---------------------------------------------------------------------------------
class Cholesky(Function):
    """Lower Cholesky factor L of a Hermitian (symmetric) positive-definite A = L L^H (its lower triangle is
    read).

    Gradient (Murray 2016): ``L^{-H} Phi(L^H g) L^{-1}``, with ``Phi`` the lower triangle plus the
    conjugate transpose of its strict part, halved, as PyTorch's.
    """
    complex_autograd = "ready"

    def forward(self, a):
        L = _lapack("linalg.cholesky", get_array_module(a).linalg.cholesky, a)
        self.save_for_backward(L)
        return L

    def backward(self, gL):
        L, = self.saved_tensors
        Lh = _mH(L)
        P = _tril(Lh @ gL)
        P = 0.5 * (P + _mH(_tril(P, -1)))
        return _mH(_solve(Lh, _mH(_solve(Lh, P))))


def cholesky(A, upper=False):
    """The Cholesky factor of a Hermitian (symmetric) positive-definite matrix: lower L with ``A = L L^H``,
    or ``U = L^H`` with ``upper=True``. Raises LinAlgError (on the CPU) if A is not positive-definite."""
    L = Cholesky()(_matrix("cholesky", A, square=True))
    return _mH(L) if upper else L


class QR(Function):
    """``A = Q R`` in mode 'reduced' or 'complete'. The gradient follows the square/deep-matrix formula
    (Walter & Lehmann; TensorFlow's and PyTorch's), and for wide A it splits ``A = [X | Y]``. For complex A,
    R's diagonal is real (LAPACK's), which fixes the phase of each column of Q."""
    complex_autograd = "ready"

    def __init__(self, mode):
        self.mode = mode

    def forward(self, a):
        q, r = get_array_module(a).linalg.qr(a, mode=self.mode)
        self.save_for_backward(q, r)
        return q, r

    def backward(self, gq, gr):
        q, r = self.saved_tensors
        m, n = q.shape[-2], r.shape[-1]
        if q.shape[-1] > n:
            raise RuntimeError("linalg.qr: the QR decomposition is not differentiable when mode='complete' "
                               f"and nrows > ncols (A has {m} rows, {n} columns)")
        gq = zeros_as(q) if gq is None else gq
        gr = zeros_as(r) if gr is None else gr
        if m >= n:
            return _qr_grad(q, r, gq, gr)
        gu, gv = gr[..., :m], gr[..., m:]
        gx = _qr_grad(q, r[..., :m], gq + (q @ r[..., m:]) @ _mH(gv), gu)
        return dual(Concatenate(-1), gx, q @ gv)


def _qr_grad(q, r, gq, gr):
    """Gradient for ``A = Q R`` with R square: ``(Q (X + M) + gQ) R^{-H}`` for ``X = gR R^H - Q^H gQ`` and
    ``M = tril(X^H - X)``, whose diagonal for complex A is halved (it is then ``-i Im(diag X)``)."""
    x = gr @ _mH(r) - _mH(q) @ gq
    m = _tril(_mH(x) - x)
    if is_complex_array(raw(m)):
        m = m - 0.5 * _diag_embed(dual(Diagonal(0, -2, -1), m))
    return _mH(_solve(r, _mH(q @ (x + m) + gq)))


def qr(A, mode="reduced"):
    """``(Q, R)`` with ``A = Q R``, Q with orthonormal columns and R upper triangular.

    mode 'reduced': Q (m, k), R (k, n) with k = min(m, n); 'complete': Q (m, m), R (m, n);
    'r': R only (Q is an empty tensor).
    """
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"linalg.qr: mode must be 'reduced', 'complete' or 'r', got {mode!r}")
    A = _matrix("qr", A)
    q, r = QR("reduced" if mode == "r" else mode)(A)
    if mode == "r":
        q = as_tensor(get_array_module(A._data).zeros((0,), dtype=A.dtype))
    return QRResult(q, r)


# -- symmetric eigendecomposition and SVD ----------------------------------------------------------
class Eigh(Function):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors of a Hermitian (symmetric) matrix.

    Gradient: ``V (diag(gL) + skew(V^H gV) / E) V^H``, ``E_ij = L_j - L_i``, ``skew(X) = (X - X^H) / 2``;
    for complex A only for losses that do not depend on the phase of each eigenvector (others raise, as
    PyTorch).
    """
    complex_autograd = "ready"

    def __init__(self, uplo):
        self.uplo = uplo

    def forward(self, a):
        w, v = _lapack("linalg.eigh", get_array_module(a).linalg.eigh, a, UPLO=self.uplo)
        self.save_for_backward(w, v)
        return w, v

    def backward(self, gw, gv):
        w, v = self.saved_tensors
        return _eigh_grad(w, v, gw, None if gv is None else _mH(v) @ gv)


def _eigh_grad(w, v, gw, vgv):
    """``V (diag(gw) + skew(vgv) / E) V^H`` for eigenpairs ``(w, V)`` of a Hermitian A and ``vgv = V^H gV``
    (None where gV is): eigh's gradient, and lobpcg's part inside span(V) where V holds only some pairs."""
    inner = 0.0 if gw is None else _diag_embed(gw)
    if vgv is not None:
        if is_complex_array(raw(vgv)):
            _check_phase_free("eigh", "eigenvectors", abs(_imag_diagonal(vgv)) - 1e-2)
        inner = inner + 0.5 * (vgv - _mH(vgv)) / _gaps(w)
    return v @ inner @ _mH(v)


def _gaps(w):
    """``E_ij = w_j - w_i`` off the diagonal, 1 on it (array or Tensor; real or complex)."""
    data = raw(w)
    return w[..., None, :] - w[..., :, None] + get_array_module(data).eye(w.shape[-1], dtype=data.dtype)


def eigh(A, UPLO="L"):
    """``(eigenvalues, eigenvectors)`` of a Hermitian (symmetric) matrix, eigenvalues real and ascending;
    only the ``UPLO`` ('L' or 'U') triangle is read. Eigenvectors are the columns, each up to its sign
    (its phase, complex)."""
    if UPLO not in ("L", "U"):
        raise ValueError(f"linalg.eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    return EighResult(*Eigh(UPLO)(_matrix("eigh", A, square=True)))


def eigvalsh(A, UPLO="L"):
    """The (real) eigenvalues of a Hermitian (symmetric) matrix, ascending."""
    return eigh(A, UPLO).eigenvalues


class SVD(Function):
    """``A = U diag(S) Vh``, S descending (real). Gradient as PyTorch's svd_backward (only the first
    min(m, n) singular vectors matter: the rest of full_matrices' U or Vh is not unique); for complex A
    only for losses invariant under ``U -> U D``, ``Vh -> D^H Vh`` (D diagonal of unit phases: others raise,
    as PyTorch)."""
    complex_autograd = "ready"

    def __init__(self, full_matrices):
        self.full_matrices = full_matrices

    def forward(self, a):
        u, s, vh = _lapack("linalg.svd", get_array_module(a).linalg.svd, a, full_matrices=self.full_matrices)
        self.save_for_backward(u, s, vh)
        return u, s, vh

    def backward(self, gu, gs, gvh):
        u, s, vh = self.saved_tensors
        k = s.shape[-1]
        if self.full_matrices:
            u, vh = u[..., :k], vh[..., :k, :]
            gu = None if gu is None else gu[..., :k]
            gvh = None if gvh is None else gvh[..., :k, :]
        return _svd_grad(u, s, vh, gu, gs, gvh)


def _svd_grad(u, s, vh, gu, gs, gvh):
    m, n = u.shape[-2], vh.shape[-1]
    if gu is None and gvh is None:
        return (u * gs[..., None, :]) @ vh
    s2 = s * s
    inner = 0.0
    if gu is not None:
        ugu = _mH(u) @ gu
        inner = (ugu - _mH(ugu)) * s[..., None, :]
    if gvh is not None:
        vgv = vh @ _mH(gvh)
        inner = inner + s[..., :, None] * (vgv - _mH(vgv))
    inner = inner / _gaps(s2)
    if gs is not None:
        inner = inner + _diag_embed(gs)
    if is_complex_array(raw(u)):  # PyTorch's check, with its tolerance: Im(diag(U^H gU)) = -Im(diag(Vh gVh^H))
        im_u = 0.0 if gu is None else _imag_diagonal(ugu)
        im_v = 0.0 if gvh is None else _imag_diagonal(vgv)
        _check_phase_free("svd", "singular vectors", abs(im_u + im_v) - 1e-2 - 1e-2 * abs(im_v))
    if gu is not None and is_complex_array(raw(ugu)):  # the phase U's columns take: i Im(diag(U^H gU)) / S
        inner = inner + _diag_embed(1j * dual(Imag(), dual(Diagonal(0, -2, -1), ugu)) / s)
    if m > n and gu is not None:
        gus = gu / s[..., None, :]
        return (u @ inner + gus - u @ (_mH(u) @ gus)) @ vh
    if m < n and gvh is not None:
        sgvh = gvh / s[..., :, None]
        return u @ (inner @ vh + sgvh - (sgvh @ _mH(vh)) @ vh)
    return u @ inner @ vh


def svd(A, full_matrices=True):
    """``(U, S, Vh)`` with ``A = U diag(S) Vh``, S descending and real. ``full_matrices=False``: U (m, k), Vh
    (k, n) with k = min(m, n); True: U (m, m), Vh (n, n). Each singular vector pair is unique up to its
    sign (a common phase, complex)."""
    return SVDResult(*SVD(bool(full_matrices))(_matrix("svd", A)))


def svdvals(A):
    """The singular values of a matrix, descending."""
    return svd(A, full_matrices=False).S


# -- pseudo-inverse and powers -----------------------------------------------------------------------
class Pinv(Function):
    """Moore-Penrose pseudo-inverse, singular (or, hermitian, absolute eigen-) values at or below
    ``max(atol, rtol * largest)`` taken as zero. Gradient as PyTorch's pinv_backward (constant rank)."""
    complex_autograd = "ready"

    def __init__(self, atol, rtol, hermitian):
        self.atol, self.rtol, self.hermitian = atol, rtol, hermitian

    def forward(self, a):
        xp = get_array_module(a)
        if self.hermitian:
            s, u = _lapack("linalg.pinv", xp.linalg.eigh, a)
            vh = _mH(u)
            big = xp.abs(s)
        else:
            u, s, vh = _lapack("linalg.pinv", xp.linalg.svd, a, full_matrices=False)
            big = s
        self.values = big  # lstsq reads the singular values here rather than computing them again
        keep = significant(big, self.atol, self.rtol)
        s = xp.where(keep, 1 / xp.where(keep, s, 1), 0)
        y = (_mH(vh) * s[..., None, :]) @ _mH(u)
        self.save_for_backward(a, y)
        return y

    def backward(self, gy):
        a, y = self.saved_tensors
        yt, gt = _mH(y), _mH(gy)
        if a.shape[-2] <= a.shape[-1]:
            k = gt @ y
            kyt = k @ yt
            return -_mH(y @ k) + kyt - (a @ y) @ kyt + (yt @ y) @ (gt - k @ a)
        k = y @ gt
        ytk = yt @ k
        return -_mH(k @ y) + (gt - a @ k) @ y @ yt + ytk - ytk @ y @ a


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The pseudo-inverse. Singular values ``<= max(atol, rtol * largest)`` count as zero; the default
    rtol is ``eps * max(m, n)`` (0 when only atol > 0 is given). ``hermitian=True`` uses eigh."""
    A = _matrix("pinv", A, square=hermitian)
    return Pinv(*tolerances(A, atol, rtol), bool(hermitian))(A)


def tolerances(A, atol, rtol):
    """``(atol, rtol)`` as floats, PyTorch's defaults filled in: atol 0, rtol ``eps * max(m, n)``, or 0
    when only atol > 0 is given."""
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else np.finfo(A.dtype).eps * max(A.shape[-2:])
    return 0.0 if atol is None else float(atol), float(rtol)


def significant(values, atol, rtol):
    """Which of the (absolute singular or eigen) ``values`` along the last dim exceed
    ``max(atol, rtol * largest)``: those a pseudo-inverse inverts and a rank counts."""
    if not values.shape[-1]:  # an empty matrix has no largest value
        return values > 0
    return values > get_array_module(values).maximum(atol, rtol * values.max(axis=-1, keepdims=True))


def matrix_power(A, n):
    """``A`` to the integer power ``n`` by repeated squaring; ``n < 0`` powers the inverse, ``n = 0``
    gives the identity (with a zero gradient)."""
    A = as_tensor(A)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise ValueError(f"linalg.matrix_power: A must be batches of square matrices, got shape {A.shape}")
    n = int(n)
    if n == 0:
        return ZerosLike()(A) + get_array_module(A._data).eye(A.shape[-1], dtype=A.dtype)
    if n < 0:
        A, n = inv(_matrix("matrix_power", A)), -n
    result = None
    while True:
        if n & 1:
            result = A if result is None else result @ A
        n >>= 1
        if not n:
            return result
        A = A @ A


# -- norms -------------------------------------------------------------------------------------------
_INF = float("inf")


def _float_input(op, x, dtype):
    x = as_tensor(x)
    if x.dtype.kind not in "fc":
        raise TypeError(f"linalg.{op}: expected a complex or floating point tensor, got {x.dtype} (shape "
                        f"{x.shape}); use .double() or .float(), or pass dtype=")
    if dtype is None:
        return x
    dtype = np.dtype(dtype)
    if (dtype.kind == "c") != (x.dtype.kind == "c") or np.promote_types(x.dtype, dtype) != dtype:
        kind = "complex" if x.dtype.kind == "c" else "real"
        raise TypeError(f"linalg.{op}: dtype must be {kind} for a {x.dtype} input and hold it without narrowing "
                        f"(as PyTorch), got {dtype}")
    return cast(x, dtype)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """``(sum |x|^ord)^(1/ord)`` over ``dim`` (all elements if None); ord may be any real number, inf
    (max |x|), -inf (min |x|) or 0 (the count of non-zeros). The gradient at 0 is 0, as PyTorch. A complex
    x gives a real norm."""
    x = _float_input("vector_norm", x, dtype)
    if isinstance(ord, str) or not isinstance(ord, (int, float, np.number)):
        raise TypeError(f"linalg.vector_norm: ord must be a number, got {ord!r}; use matrix_norm for 'fro', 'nuc'")
    return reductions.norm(x, float(ord), dim, keepdim)  # float: a NumPy integer ord is a number too


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """A matrix norm over the two dims ``dim``: 'fro', 'nuc' (sum of singular values), 2 / -2 (largest /
    smallest singular value), 1 / -1 (max / min column sum of |A|), inf / -inf (max / min row sum). A
    complex A gives a real norm."""
    A = _float_input("matrix_norm", A, dtype)
    if A.ndim < 2:
        raise ValueError(f"linalg.matrix_norm: A must have at least 2 dimensions, got shape {A.shape}")
    dims = tuple(normalize_axis(d, A.ndim, "linalg.matrix_norm") for d in dim)
    if len(dims) != 2 or dims[0] == dims[1]:
        raise ValueError(f"linalg.matrix_norm: dim must be 2 different dims, got {dim}")
    if ord == "fro":
        return vector_norm(A, 2, dims, keepdim)
    if ord == "nuc" or ord in (2, -2):
        rest = [d for d in range(A.ndim) if d not in dims]
        s = svdvals(permute(A, rest + list(dims)))
        out = reductions.sum(s, -1) if ord == "nuc" else (_largest if ord == 2 else reductions.amin)(s, -1)
        return reshape(out, [1 if d in dims else n for d, n in enumerate(A.shape)]) if keepdim else out
    if ord in (1, -1, _INF, -_INF):
        summed, other = dims if ord in (1, -1) else dims[::-1]
        out = (_largest if ord > 0 else reductions.amin)(reductions.sum(abs_(A), summed, keepdim=True), other, True)
        return out if keepdim else squeeze(out, dims)
    raise ValueError(f"linalg.matrix_norm: order {ord!r} not supported; use 'fro', 'nuc', 2, -2, 1, -1, inf or -inf")


def _largest(v, dim, keepdim=False):
    """``amax`` over ``dim``, or 0 over an empty one (the parts of a norm are >= 0), as PyTorch's norms."""
    return reductions.amax(v, dim, keepdim) if v.shape[dim] else reductions.sum(v, dim, keepdim)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (``dim`` one dim, or all of a 1-D A) or a matrix norm (``dim`` two dims, or a 2-D A
    with ``ord`` given); with neither ``ord`` nor ``dim``, the 2-norm of all elements."""
    A = as_tensor(A)
    if dim is not None:
        dim = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    elif ord is not None:
        if A.ndim not in (1, 2):
            raise ValueError(f"linalg.norm: if dim is not given but ord is, A must be 1-D or 2-D, got shape {A.shape}")
        dim = tuple(range(A.ndim))
    if dim is not None and len(dim) == 2:
        return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
    if dim is not None and len(dim) != 1:
        raise ValueError(f"linalg.norm: dim must be one dim (a vector norm) or two (a matrix norm), got {dim}")
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


# -- the classic top-level names (torch.inverse, torch.svd ...) --------------------------------------
def inverse(input):
    """Alias of ``linalg.inv``."""
    return inv(input)


def pinverse(input, rcond=1e-15):
    """``linalg.pinv`` with ``rtol=rcond``."""
    return pinv(input, rtol=rcond)


def legacy_svd(input, some=True, compute_uv=True):
    """torch.svd: ``(U, S, V)`` with ``input = U diag(S) V^H`` (V, not Vh); ``some=False`` gives the full
    U and V. With ``compute_uv=False``, U and V are zero matrices of the full shapes."""
    if not compute_uv:
        A = as_tensor(input)
        S = svdvals(A)
        xp, (m, n) = get_array_module(S._data), A.shape[-2:]
        zeros = [as_tensor(xp.zeros(A.shape[:-2] + (k, k), dtype=A.dtype)) for k in (m, n)]
        return LegacySVDResult(zeros[0], S, zeros[1])
    U, S, Vh = svd(input, full_matrices=not some)
    return LegacySVDResult(U, S, _mH(Vh))


def legacy_qr(input, some=True):
    """torch.qr: ``linalg.qr`` in mode 'reduced' (``some=True``) or 'complete'."""
    return qr(input, "reduced" if some else "complete")
