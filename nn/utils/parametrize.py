"""Parametrizations: a parameter or buffer recomputed from another tensor on every read (PyTorch's design).

``register_parametrization(m, "weight", P())`` moves ``m.weight`` to
``m.parametrizations.weight.original`` (state_dict key ``parametrizations.weight.original``) and
makes ``m.weight`` read ``P()(original)``: the module's class is swapped for a subclass with a
``weight`` property (its setter runs ``P.right_inverse`` and stores the result in ``original``).
Gradients reach ``original``. Inside ``with cached():`` each parametrized tensor is computed once.
Only parametrizations with one ``original`` are supported (a ``right_inverse`` returning a sequence
of tensors is refused).
"""
from contextlib import contextmanager

from autograd_core.grad_mode import no_grad
from autograd_core.tensor import Tensor

from ..containers import ModuleDict, ModuleList
from ..parameter import Parameter

__all__ = ["ParametrizationList", "cached", "is_parametrized", "register_parametrization",
           "remove_parametrizations", "type_before_parametrizations"]

_cache = {"depth": 0, "values": {}}


@contextmanager
def cached():
    """Within the block, each parametrized tensor is computed on its first read and reused after."""
    _cache["depth"] += 1
    try:
        yield
    finally:
        _cache["depth"] -= 1
        if not _cache["depth"]:
            _cache["values"].clear()


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order to ``original`` (a Parameter or buffer)."""

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        with no_grad():
            value = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    value = module.right_inverse(value)
        if not isinstance(value, Tensor):
            raise ValueError(f"register_parametrization: right_inverse must return a Tensor, got "
                             f"{type(value).__name__} (parametrizations with several originals are not supported)")
        saved = original.data
        original.data = value
        if isinstance(original, Parameter):
            self.original = original
        else:
            self.register_buffer("original", original)
        if not unsafe:
            try:
                self._check(saved.shape, saved.dtype)
            except ValueError:
                original.data = saved
                raise

    def right_inverse(self, value):
        """Store in ``original`` the tensor that the parametrizations map to ``value``."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(f"parametrization {type(module).__name__} does not implement right_inverse, "
                                       "so the parametrized tensor cannot be assigned")
                value = module.right_inverse(value)
        self.original.data = value

    def _check(self, shape, dtype):
        """A ValueError unless the parametrized tensor has ``shape`` and ``dtype`` (what ``unsafe`` skips)."""
        with no_grad():
            value = self()
        if not isinstance(value, Tensor) or value.shape != shape or value.dtype != dtype:
            raise ValueError(f"register_parametrization: a parametrization may not change the shape or dtype of the "
                             f"tensor ({shape}, {dtype}) unless unsafe=True; got "
                             f"{getattr(value, 'shape', type(value).__name__)}, {getattr(value, 'dtype', '')}")

    def forward(self):
        x = self.original
        for module in self:
            x = module(x)
        return x


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has a parametrization (on ``tensor_name``, if given)."""
    parametrizations = module.__dict__.get("_modules", {}).get("parametrizations")
    if not isinstance(parametrizations, ModuleDict):
        return False
    return len(parametrizations) > 0 if tensor_name is None else tensor_name in parametrizations


def type_before_parametrizations(module):
    """The class ``module`` had before its parametrizations were registered."""
    return type(module).__bases__[0] if is_parametrized(module) else type(module)


def _parametrized_class(cls):
    def __setattr__(self, name, value):
        if isinstance(getattr(type(self), name, None), property):
            object.__setattr__(self, name, value)  # the property's setter: right_inverse
        else:
            cls.__setattr__(self, name, value)
    return type(f"Parametrized{cls.__name__}", (cls,), {"__setattr__": __setattr__})


def _read(tensor_name):
    def get(self):
        parametrization = self.parametrizations[tensor_name]
        if not _cache["depth"]:
            return parametrization()
        key = (id(self), tensor_name)
        if key not in _cache["values"]:
            _cache["values"][key] = parametrization()
        return _cache["values"][key]

    def set(self, value):
        self.parametrizations[tensor_name].right_inverse(value)
    return property(get, set)


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make ``module.<tensor_name>`` read ``parametrization(original)``; a second registration on the
    same tensor applies after the first. Unless ``unsafe``, the parametrized tensor must keep the
    original's shape and dtype. Returns ``module``."""
    if is_parametrized(module, tensor_name):
        plist = module.parametrizations[tensor_name]
        shape, dtype = plist.original.shape, plist.original.dtype
        plist.append(parametrization)
        if not (unsafe or plist.unsafe):
            try:
                plist._check(shape, dtype)
            except ValueError:
                del plist[len(plist) - 1]
                raise
        return module
    if tensor_name not in module._parameters and tensor_name not in module._buffers:
        raise ValueError(f"register_parametrization: module {type(module).__name__} does not have a parameter, "
                         f"a buffer, or a parametrized element with name {tensor_name!r}")
    plist = ParametrizationList([parametrization], getattr(module, tensor_name), unsafe)
    delattr(module, tensor_name)
    if not is_parametrized(module):
        module.__class__ = _parametrized_class(type(module))
        module.parametrizations = ModuleDict()
    module.parametrizations[tensor_name] = plist
    setattr(type(module), tensor_name, _read(tensor_name))
    return module


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Undo the parametrizations of ``tensor_name``: it becomes a plain parameter (or buffer) again,
    holding the parametrized value (``leave_parametrized``) or the original. Returns ``module``."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"remove_parametrizations: module {type(module).__name__} has no parametrization on "
                         f"{tensor_name!r}")
    original = module.parametrizations[tensor_name].original
    if leave_parametrized:
        with no_grad():
            original.data = getattr(module, tensor_name)
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    if isinstance(original, Parameter):
        module.register_parameter(tensor_name, original)
    else:
        module.register_buffer(tensor_name, original)
    if not is_parametrized(module):
        del module.parametrizations
        module.__class__ = type(module).__bases__[0]
    return module
