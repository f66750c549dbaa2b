"""Weight and spectral normalization as parametrizations (``torch.nn.utils.parametrizations``).

``weight_norm(m)`` stores ``m.weight`` as a magnitude ``g`` and a direction ``v``
(state_dict keys ``parametrizations.weight.original0`` and ``original1``) and reads
``weight = g * v / ||v||``. ``spectral_norm(m)`` reads ``weight = W / sigma(W)``, with the largest
singular value ``sigma`` estimated by power iteration whose vectors ``_u``, ``_v`` are buffers
(``parametrizations.weight.0._u``) advanced on every read in training mode only. ``orthogonal(m)``
reads a weight with orthonormal columns (or rows, when wide) from an unconstrained ``original``.
"""
from autograd_core.backend import get_array_module
from autograd_core.creation import eye, randn, zeros_like
from autograd_core.dtypes import finfo
from autograd_core.grad_mode import no_grad
from autograd_core.linalg import matrix_exp, qr, solve
from autograd_core.ops._util import normalize_axis
from autograd_core.ops.comparison import allclose
from autograd_core.ops.matrix import mv
from autograd_core.ops.shape import cat
from autograd_core.ops.vector_math import vdot
from autograd_core.tensor import Tensor

from ..functional.distance import normalize
from ..module import Module
from ..modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from . import parametrize

__all__ = ["orthogonal", "weight_norm", "spectral_norm"]


def _norm_except_dim(v, dim):
    """torch.norm_except_dim(v, 2, dim): the 2-norm over every dimension but ``dim`` (kept; the others
    are size 1), or over the whole tensor (a 0-d result) when ``dim`` is -1."""
    if dim == -1:
        return v.norm()
    dim = normalize_axis(dim, v.ndim, "weight_norm")
    shape = [1] * v.ndim
    shape[dim] = v.shape[dim]
    return v.transpose(0, dim).reshape(v.shape[dim], -1).norm(dim=1).reshape(shape)


def _weight_norm(v, g, dim):
    """torch._weight_norm: ``v`` rescaled to the norm ``g`` along ``dim`` (see ``_norm_except_dim``)."""
    return v * (g / _norm_except_dim(v, dim))


def _weight_matrix(weight, dim):
    """``weight`` as a matrix whose rows run along ``dim``."""
    if dim:
        weight = weight.permute(dim, *(d for d in range(weight.ndim) if d != dim))
    return weight.reshape(weight.shape[0], -1)


def _normalized_mv(matrix, vector, eps):
    """One half-step of the power iteration: ``matrix @ vector`` scaled to unit length."""
    return normalize(mv(matrix, vector), dim=0, eps=eps)


def _random_unit(n, like, eps):
    """A random unit vector of length ``n`` with the dtype and device of ``like`` (a power iteration's start)."""
    with no_grad():
        return normalize(randn(n, dtype=like.dtype, device=like.device), dim=0, eps=eps)


def _divided_by_sigma(weight, weight_mat, u, v):
    """``weight / (u . weight_mat v)``, the spectral-norm estimate held by the singular vectors ``u``, ``v``."""
    # clones: a later in-place update of the buffers must not touch what this graph saved
    return weight / vdot(u.clone(), mv(weight_mat, v.clone()))


def _spectral_dim(module, dim):
    """``dim``, or spectral_norm's default: 1 for transposed convolutions (their output channels), else 0."""
    if dim is not None:
        return dim
    return 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return _norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Split ``module.<name>`` into a magnitude (``original0``, the norm along ``dim``) and a direction
    (``original1``), read back as ``g * v / ||v||``; ``dim=None`` takes the norm of the whole tensor.
    Returns ``module``."""
    return parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)


class _SpectralNorm(Module):
    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        self.dim = normalize_axis(dim, weight.ndim, "spectral_norm")
        if n_power_iterations <= 0:
            raise ValueError(f"spectral_norm: n_power_iterations must be positive, got {n_power_iterations}")
        self.eps = eps
        if weight.ndim > 1:  # a vector is normalized exactly, with no estimate to keep
            self.n_power_iterations = n_power_iterations
            weight_mat = _weight_matrix(weight, self.dim)
            h, w = weight_mat.shape
            self.register_buffer("_u", _random_unit(h, weight, eps))
            self.register_buffer("_v", _random_unit(w, weight, eps))
            self._power_method(weight_mat, 15)

    def _power_method(self, weight_mat, n_power_iterations):
        """Advance the estimates of the top singular vectors, in place in the buffers."""
        with no_grad():
            for _ in range(n_power_iterations):
                self._u.copy_(_normalized_mv(weight_mat, self._v, self.eps))
                self._v.copy_(_normalized_mv(weight_mat.T, self._u, self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return normalize(weight, dim=0, eps=self.eps)
        weight_mat = _weight_matrix(weight, self.dim)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        return _divided_by_sigma(weight, weight_mat, self._u, self._v)

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Read ``module.<name>`` divided by its spectral norm (largest singular value of the tensor seen
    as a matrix with rows along ``dim``: 1 for transposed convolutions, else 0), estimated by
    ``n_power_iterations`` steps of power iteration on each read in training mode. Returns ``module``."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"spectral_norm: module {type(module).__name__} has no parameter or buffer with name "
                         f"{name!r}")
    spectral = _SpectralNorm(weight, n_power_iterations, _spectral_dim(module, dim), eps)
    return parametrize.register_parametrization(module, name, spectral)


def _is_orthogonal(Q):
    """Whether the columns of the tall matrices ``Q`` are orthonormal, up to ``10 n eps``."""
    n, k = Q.shape[-2:]
    return allclose(Q.mT @ Q, eye(k, dtype=Q.dtype, device=Q.device), atol=10.0 * n * finfo(Q.dtype).eps)


def _make_orthogonal(A):
    """The Q factor of ``A = QR`` (``A`` tall), its columns signed so that ``diag(R) >= 0``."""
    Q, R = qr(A)
    return Q * R.diagonal(dim1=-2, dim2=-1).sgn().unsqueeze(-2)


def _householder_product(A, tau):
    """torch.linalg.householder_product: the first k columns of ``H_1 ... H_k``, where
    ``H_i = I - tau_i v_i v_i^T`` and ``v_i`` is column i of ``A`` below the diagonal, with a 1 on it.
    Composed of differentiable ops (so it is twice differentiable)."""
    n, k = A.shape[-2:]
    identity = eye(n, k, dtype=A.dtype, device=A.device)
    V = A.tril(-1) + identity
    Q = identity
    for i in reversed(range(k)):
        v = V[..., i:i + 1]
        Q = Q - (tau[..., i:i + 1].unsqueeze(-1) * v) @ (v.mT @ Q)
    return Q


def _geqrf(A):
    """LAPACK's geqrf of the tall matrices ``A``: the reflectors below the diagonal with R on and above
    it, and their scales ``tau``. Arrays of ``A``'s array module (this is not differentiable)."""
    h, tau = get_array_module(A.data).linalg.qr(A.data, mode="raw")
    return h.swapaxes(-1, -2), tau


_ORTHOGONAL_MAPS = ("matrix_exp", "cayley", "householder")


class _Orthogonal(Module):
    """Maps a matrix (or a batch) to one with orthonormal columns (rows when wide); with
    ``use_trivialization`` the result is multiplied by the buffer ``base``, set by ``right_inverse``."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.shape[-2:]
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map == "householder":
            A = X.tril(-1)
            Q = _householder_product(A, 2.0 / (1.0 + (A * A).sum(dim=-2)))
            # the signs on X's diagonal (+-1; truncated, as torch's .int(), and not differentiated)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).detach().trunc().unsqueeze(-2)
        else:
            X = X.tril()
            if n != k:  # embed into a square matrix
                X = cat([X, zeros_like(X[..., :1]).expand(*X.shape[:-1], n - k)], dim=-1)
            A = X - X.mT  # skew-symmetric
            if self.orthogonal_map == "matrix_exp":
                Q = matrix_exp(A)
            else:  # the Cayley map (I + A/2)(I - A/2)^-1
                identity = eye(n, dtype=A.dtype, device=A.device)
                Q = solve(identity - 0.5 * A, identity + 0.5 * A)
            Q = Q[..., :k]
        if "base" in self._buffers:
            Q = self.base @ Q
        return Q.mT if transposed else Q

    def right_inverse(self, Q):
        """An ``original`` that maps to ``Q`` (orthogonalized if it is not orthogonal): with
        trivialization, ``base`` takes ``Q`` (completed to a square orthogonal matrix) and the original
        is ``-I``; without it (householder only) the original holds ``Q``'s Householder reflectors."""
        if Q.shape != self.shape:
            raise ValueError(f"orthogonal: expected a matrix or batch of matrices of shape {self.shape}, "
                             f"got a tensor of shape {Q.shape}")
        with no_grad():
            Q_init = Q
            transpose = Q.shape[-2] < Q.shape[-1]
            if transpose:
                Q = Q.mT
            n, k = Q.shape[-2:]
            if "base" not in self._buffers:
                if self.orthogonal_map != "householder":
                    raise NotImplementedError("It is not possible to assign to the matrix exponential or the "
                                              "Cayley parametrizations when use_trivialization=False.")
                A, tau = _geqrf(Q)
                xp = get_array_module(A)
                i = xp.arange(k)
                # R's diagonal signs, flipped where LAPACK used no reflection (tau == 0)
                A[..., i, i] = xp.where(tau == 0.0, -1.0, 1.0) * xp.sign(A[..., i, i])
                A = Tensor(A)
                return A.mT if transpose else A
            if n == k:
                Q = Q.clone() if _is_orthogonal(Q) else _make_orthogonal(Q)
            else:  # complete Q to a square orthogonal matrix
                Q = _make_orthogonal(cat([Q, randn(*Q.shape[:-1], n - k, dtype=Q.dtype, device=Q.device)], dim=-1))
            self.base = Q
            # -I: the householder map sends zeros with a -1 diagonal to -I, the others send it to I
            return zeros_like(Q_init) - eye(*Q_init.shape[-2:], dtype=Q_init.dtype, device=Q_init.device)


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """Read ``module.<name>`` (a matrix or a batch of them, ``(..., m, n)``) as an orthogonal matrix:
    orthonormal columns when ``m >= n``, orthonormal rows otherwise, whatever the optimizer does to
    the unconstrained ``original``. ``orthogonal_map``: ``"matrix_exp"`` (default for square
    matrices), ``"cayley"`` or ``"householder"`` (default otherwise). With ``use_trivialization``
    (default) the buffer ``parametrizations.<name>.0.base`` holds the initial value (orthogonalized by
    QR if needed) and the map is applied around it. Real tensors only. Returns ``module``.

    Example::

        >>> m = orthogonal(nn.Linear(20, 40))
        >>> ag.dist(m.weight.T @ m.weight, ag.eye(20)) < 1e-5
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"orthogonal: module {type(module).__name__} has no parameter or buffer with name {name!r}")
    if weight.ndim < 2:
        raise ValueError(f"orthogonal: expected a matrix or batch of matrices, got a tensor of {weight.ndim} "
                         "dimensions")
    if weight.is_complex():
        raise ValueError(f"orthogonal: complex (unitary) weights are not supported, got {weight.dtype}")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] else "householder"
    if orthogonal_map not in _ORTHOGONAL_MAPS:
        raise ValueError(f'orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
                         f"Got: {orthogonal_map}")
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    return parametrize.register_parametrization(module, name, orth, unsafe=True)
