"""Parametrizations: a parameter or buffer recomputed from another tensor on every read (PyTorch's design).

``register_parametrization(m, "weight", P())`` moves ``m.weight`` to
``m.parametrizations.weight.original`` (state_dict key ``parametrizations.weight.original``) and
makes ``m.weight`` read ``P()(original)``: the module's class is swapped for a subclass with a
``weight`` property (its setter runs ``P.right_inverse`` and stores the result in ``original``).
Gradients reach ``original``. Inside ``with cached():`` each parametrized tensor is computed once.
When the first parametrization's ``right_inverse`` returns a sequence of tensors, they are stored as
``original0``, ``original1`` ... and its ``forward`` takes them all (``weight_norm``'s ``g`` and ``v``).
"""
from collections.abc import Sequence
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
    """The parametrizations of one tensor, applied in order to ``original`` (a Parameter or buffer),
    or to ``original0``, ``original1`` ... when ``right_inverse`` split it into several tensors."""

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        shape, dtype = original.shape, original.dtype
        with no_grad():
            value = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    value = module.right_inverse(value)
        self.is_tensor = isinstance(value, Tensor)
        self.ntensors = 1 if self.is_tensor else _ntensors(value)
        if self.is_tensor:
            _check_dtype(value, dtype)
            saved = original.data
            original.data = value
            self._register("original", original, original)
        else:
            for i, tensor in enumerate(value):
                self._register(f"original{i}", original, tensor.detach())
        if not unsafe:
            try:
                with no_grad():
                    _check_same(self(), shape, dtype, "a parametrization")
            except ValueError:
                if self.is_tensor:
                    original.data = saved
                raise

    def _register(self, name, original, tensor):
        """File ``tensor`` under ``name`` as a Parameter if ``original`` was one, else as a buffer."""
        if isinstance(original, Parameter):
            setattr(self, name, tensor if isinstance(tensor, Parameter) else Parameter(tensor, original.requires_grad))
        else:
            tensor.requires_grad_(original.requires_grad)
            self.register_buffer(name, tensor)

    def originals(self):
        """The stored tensors, in the order the first parametrization's ``forward`` takes them."""
        if self.is_tensor:
            return (self.original,)
        return tuple(getattr(self, f"original{i}") for i in range(self.ntensors))

    def right_inverse(self, value):
        """Store in the originals the tensor(s) that the parametrizations map to ``value``."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(f"parametrization {type(module).__name__} does not implement right_inverse, "
                                       "so the parametrized tensor cannot be assigned")
                value = module.right_inverse(value)
            values = (value,) if isinstance(value, Tensor) else value
            if isinstance(value, Tensor) != self.is_tensor or _ntensors(values) != self.ntensors:
                raise ValueError(f"right_inverse returned {type(value).__name__}, but the parametrization stores "
                                 f"{self.ntensors} tensor(s)")
            for original, new in zip(self.originals(), values):
                _check_dtype(new, original.dtype)
                original.data = new

    def forward(self):
        x = self[0](*self.originals())
        for module in list(self)[1:]:
            x = module(x)
        return x


def _ntensors(value):
    """The length of ``value``, a sequence of Tensors (what a multi-tensor ``right_inverse`` returns)."""
    if not isinstance(value, Sequence) or not all(isinstance(t, Tensor) for t in value):
        raise ValueError(f"right_inverse must return a Tensor or a sequence of Tensors, got {type(value).__name__}")
    return len(value)


def _check_dtype(value, dtype):
    if value.dtype != dtype:
        raise ValueError(f"right_inverse may not change the dtype of the tensor: got {value.dtype}, expected {dtype}")


def _check_same(value, shape, dtype, what):
    """A ValueError unless ``value`` is a Tensor with ``shape`` and ``dtype`` (what ``unsafe`` skips)."""
    if not isinstance(value, Tensor) or value.shape != shape or value.dtype != dtype:
        raise ValueError(f"register_parametrization: {what} may not change the shape or dtype of the tensor "
                         f"({shape}, {dtype}) unless unsafe=True; got "
                         f"{getattr(value, 'shape', type(value).__name__)}, {getattr(value, 'dtype', '')}")


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
        if tensor_name in self.__dict__:  # functional_call's stand-in: the value as given, no parametrization
            return self.__dict__[tensor_name]
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
        if not unsafe:
            with no_grad():
                value = getattr(module, tensor_name)
                new = parametrization(value)
                _check_same(new, value.shape, value.dtype, "a parametrization")
                if hasattr(parametrization, "right_inverse"):
                    _check_same(parametrization.right_inverse(new), value.shape, value.dtype, "a right_inverse")
        plist = module.parametrizations[tensor_name]
        plist.append(parametrization)
        plist.unsafe |= unsafe
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
    plist = module.parametrizations[tensor_name]
    if plist.is_tensor:
        original = plist.original
        if leave_parametrized:
            with no_grad():
                original.data = getattr(module, tensor_name)
    elif leave_parametrized:
        value = getattr(module, tensor_name)  # with grad mode on: whether an original requires grad
        original = Parameter(value.detach(), True) if value.requires_grad else value.detach()
    else:
        raise ValueError(f"remove_parametrizations: cannot leave {tensor_name!r} unparametrized "
                         "(leave_parametrized=False): it is parametrized by a sequence of tensors")
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
