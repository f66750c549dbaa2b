"""The legacy ``nn.utils.spectral_norm``: ``weight`` becomes the parameter ``weight_orig`` and the
buffers ``weight_u``, ``weight_v`` (power-iteration vectors), and a forward pre-hook recomputes the
plain attribute ``weight = weight_orig / sigma`` before every call, advancing the power iteration in
training mode. ``parametrizations.spectral_norm`` is the newer form."""
from autograd_core.grad_mode import no_grad

from ..modules.lazy import UninitializedParameter
from ..parameter import Parameter
from .parametrizations import _divided_by_sigma, _normalized_mv, _random_unit, _spectral_dim, _weight_matrix
from .weight_norm import _find, _remove

__all__ = ["SpectralNorm", "spectral_norm", "remove_spectral_norm"]


class SpectralNorm:
    """The forward pre-hook that recomputes ``module.<name>`` from ``<name>_orig``, ``_u`` and ``_v``."""

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        if n_power_iterations <= 0:
            raise ValueError(f"spectral_norm: n_power_iterations must be positive, got {n_power_iterations}")
        self.name = name
        self.dim = dim
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def compute_weight(self, module, do_power_iteration):
        """``<name>_orig / sigma``, first advancing the power iteration (in place in ``_u``, ``_v``) if asked."""
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        weight_mat = _weight_matrix(weight, self.dim)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(_normalized_mv(weight_mat.T, u, self.eps))
                    u.copy_(_normalized_mv(weight_mat, v, self.eps))
        return _divided_by_sigma(weight, weight_mat, u, v)

    @staticmethod
    def apply(module, name, n_power_iterations, dim, eps):
        """Move ``module.<name>`` to ``<name>_orig``, add the ``_u``/``_v`` buffers and the hook; returns it."""
        if _find(module, SpectralNorm, name) is not None:
            raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters.get(name)
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `SpectralNorm` can't have uninitialized parameters. "
                             "Make sure to run the dummy forward before applying spectral normalization")
        h, w = _weight_matrix(weight, dim).shape
        delattr(module, name)
        module.register_parameter(name + "_orig", weight)
        setattr(module, name, weight.data)  # a plain attribute until the first forward, as PyTorch
        module.register_buffer(name + "_u", _random_unit(h, weight, eps))
        module.register_buffer(name + "_v", _random_unit(w, weight, eps))
        fn.handle = module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        """Make ``module.<name>`` a Parameter again (the normalized weight) and drop the rest and the hook."""
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))
        self.handle.remove()

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide ``module.<name>`` by its spectral norm (rows along ``dim``: 1 for transposed convolutions,
    else 0), estimated by ``n_power_iterations`` power-iteration steps before each training-mode forward.
    Returns ``module``."""
    SpectralNorm.apply(module, name, n_power_iterations, _spectral_dim(module, dim), eps)
    return module


def remove_spectral_norm(module, name="weight"):
    """Undo ``spectral_norm``: ``module.<name>`` is a Parameter again, holding the normalized weight."""
    return _remove(module, SpectralNorm, name, "spectral_norm")
