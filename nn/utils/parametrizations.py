"""Weight and spectral normalization as parametrizations (``torch.nn.utils.parametrizations``).

``weight_norm(m)`` stores ``m.weight`` as a magnitude ``g`` and a direction ``v``
(state_dict keys ``parametrizations.weight.original0`` and ``original1``) and reads
``weight = g * v / ||v||``. ``spectral_norm(m)`` reads ``weight = W / sigma(W)``, with the largest
singular value ``sigma`` estimated by power iteration whose vectors ``_u``, ``_v`` are buffers
(``parametrizations.weight.0._u``) advanced on every read in training mode only.
"""
from autograd_core.creation import randn
from autograd_core.grad_mode import no_grad
from autograd_core.ops._util import normalize_axis
from autograd_core.ops.matrix import mv
from autograd_core.ops.vector_math import vdot
from autograd_core.tensor import Tensor

from ..functional.distance import normalize
from ..module import Module
from ..modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from . import parametrize

__all__ = ["weight_norm", "spectral_norm"]


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
