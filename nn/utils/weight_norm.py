"""The legacy ``nn.utils.weight_norm`` (deprecated, as in PyTorch, for ``parametrizations.weight_norm``):
``weight`` becomes the parameters ``weight_g`` (magnitude) and ``weight_v`` (direction), and a forward
pre-hook recomputes the plain attribute ``weight = g * v / ||v||`` before every call."""
import warnings

from ..modules.lazy import UninitializedParameter
from ..parameter import Parameter
from .parametrizations import _norm_except_dim, _weight_norm

__all__ = ["WeightNorm", "weight_norm", "remove_weight_norm"]


class WeightNorm:
    """The forward pre-hook that recomputes ``module.<name>`` from ``<name>_g`` and ``<name>_v``."""

    def __init__(self, name, dim):
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module):
        """``g * v / ||v||`` from the module's ``<name>_g`` and ``<name>_v``."""
        return _weight_norm(getattr(module, self.name + "_v"), getattr(module, self.name + "_g"), self.dim)

    @staticmethod
    def apply(module, name, dim):
        """Split ``module.<name>`` into ``<name>_g`` and ``<name>_v`` and register the hook; returns it."""
        warnings.warn("`nn.utils.weight_norm` is deprecated in favor of `nn.utils.parametrizations.weight_norm`.",
                      FutureWarning, stacklevel=3)
        if _find(module, WeightNorm, name) is not None:
            raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `WeightNorm` can't have uninitialized parameters. "
                             "Make sure to run the dummy forward before applying weight normalization")
        g = Parameter(_norm_except_dim(weight, fn.dim).data)
        del module._parameters[name]
        module.register_parameter(name + "_g", g)
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        fn.handle = module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        """Make ``module.<name>`` a Parameter again (the current weight) and drop ``_g``, ``_v`` and the hook."""
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))
        self.handle.remove()

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def _find(module, kind, name):
    """The ``kind`` forward pre-hook of ``module`` that manages ``name``, or None."""
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, kind) and hook.name == name:
            return hook
    return None


def weight_norm(module, name="weight", dim=0):
    """Deprecated: replace ``module.<name>`` by ``<name>_g`` (its norm along ``dim``; ``None`` for the
    whole tensor) and ``<name>_v``, recombined before every forward. Returns ``module``."""
    WeightNorm.apply(module, name, dim)
    return module


def _remove(module, kind, name, what):
    """Remove the ``kind`` hook managing ``name`` (``what`` names it in the error). Returns ``module``."""
    hook = _find(module, kind, name)
    if hook is None:
        raise ValueError(f"{what} of '{name}' not found in {module}")
    hook.remove(module)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo ``weight_norm``: ``module.<name>`` is a Parameter again, holding the current weight."""
    return _remove(module, WeightNorm, name, "weight_norm")
