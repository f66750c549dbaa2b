"""Pruning (``torch.nn.utils.prune``): zero entries or channels of a parameter through a mask.

Pruning ``module.weight`` moves the parameter to ``weight_orig``, adds the buffer ``weight_mask``
and makes ``weight`` a plain attribute ``weight_mask * weight_orig``, recomputed by a forward
pre-hook (the pruning method itself) before every call, so gradients reach ``weight_orig`` only
where the mask is 1. Pruning the same tensor again combines the masks (a ``PruningContainer``);
``remove`` makes the pruned values a plain parameter again. Masks are computed as torch computes
them: the smallest entries by ``topk`` (which of tied entries goes is not specified, in torch or here).
"""
import numbers
from abc import ABC, abstractmethod
from collections.abc import Iterable

from autograd_core.creation import ones_like, rand, rand_like, zeros_like
from autograd_core.grad_mode import no_grad
from autograd_core.ops.reductions import norm
from autograd_core.ops.sorting import kthvalue, topk

from .convert_parameters import parameters_to_vector

__all__ = ["BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured", "L1Unstructured",
           "RandomStructured", "LnStructured", "CustomFromMask", "identity", "random_unstructured",
           "l1_unstructured", "random_structured", "ln_structured", "global_unstructured", "custom_from_mask",
           "remove", "is_pruned"]


class BasePruningMethod(ABC):
    """A pruning method: subclasses set ``PRUNING_TYPE`` (``"unstructured"``, ``"structured"`` with a
    ``dim`` attribute, or ``"global"``) and implement ``compute_mask``. An applied method is the forward
    pre-hook that recomputes ``module.<name>`` from ``<name>_orig`` and ``<name>_mask``."""

    _tensor_name = None

    def __call__(self, module, inputs):
        setattr(module, self._tensor_name, self.apply_mask(module))

    @abstractmethod
    def compute_mask(self, t, default_mask):
        """The mask for ``t`` (importance scores), on top of ``default_mask`` (the mask so far)."""

    def apply_mask(self, module):
        """``<name>_mask * <name>_orig`` (differentiable in the original)."""
        if self._tensor_name is None:
            raise AssertionError(f"Module {type(module).__name__} has to be pruned")
        orig = getattr(module, self._tensor_name + "_orig")
        return getattr(module, self._tensor_name + "_mask").to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module, name, *args, importance_scores=None, **kwargs):
        """Prune ``module.<name>`` with ``cls(*args, **kwargs)``, ranking by ``importance_scores``
        (default: the tensor itself), on top of any earlier pruning of it. Returns the method (or the
        container that now holds it)."""
        method = _composite_method(cls, module, name, *args, **kwargs)
        orig = getattr(module, name)
        if importance_scores is None:
            importance_scores = orig
        elif importance_scores.shape != orig.shape:
            raise AssertionError(f"importance_scores should have the same shape as parameter {name} of "
                                 f"{type(module).__name__}, got {importance_scores.shape} vs {orig.shape}")
        first = not isinstance(method, PruningContainer)
        if first:
            module.register_parameter(name + "_orig", orig)
            del module._parameters[name]
            default_mask = ones_like(orig)
        else:
            default_mask = getattr(module, name + "_mask").detach().clone()
        try:
            with no_grad():
                mask = method.compute_mask(importance_scores, default_mask=default_mask)
            module.register_buffer(name + "_mask", mask)
            setattr(module, name, method.apply_mask(module))
            method._handle = module.register_forward_pre_hook(method)
        except Exception:
            if first:  # roll back
                module.register_parameter(name, getattr(module, name + "_orig"))
                del module._parameters[name + "_orig"]
            raise
        return method

    def prune(self, t, default_mask=None, importance_scores=None):
        """``t`` times the mask computed from ``importance_scores`` (default ``t``) and ``default_mask``."""
        if importance_scores is None:
            importance_scores = t
        elif importance_scores.shape != t.shape:
            raise AssertionError(f"importance_scores should have the same shape as tensor t, got "
                                 f"{importance_scores.shape} vs {t.shape}")
        with no_grad():
            mask = self.compute_mask(importance_scores, default_mask=ones_like(t) if default_mask is None
                                     else default_mask)
        return t * mask

    def remove(self, module):
        """Make ``module.<name>`` a plain parameter holding the pruned values (the hook stays: see
        the function ``remove``)."""
        if self._tensor_name is None:
            raise AssertionError(f"Module {type(module).__name__} has to be pruned before pruning can be removed")
        weight = self.apply_mask(module)
        if self._tensor_name in module.__dict__:
            delattr(module, self._tensor_name)
        orig = module._parameters.pop(self._tensor_name + "_orig")
        orig.data = weight.data
        del module._buffers[self._tensor_name + "_mask"]
        setattr(module, self._tensor_name, orig)


def _composite_method(cls, module, name, *args, **kwargs):
    """``cls(*args, **kwargs)`` for ``module.<name>``, joined with the pruning already applied to it
    (whose hook is removed: the caller registers the result's)."""
    old = [hook for hook in module._forward_pre_hooks.values()
           if isinstance(hook, BasePruningMethod) and hook._tensor_name == name]
    if len(old) > 1:
        raise AssertionError(f"Avoid adding multiple pruning hooks to the same tensor {name} of module "
                             f"{type(module).__name__}. Use a PruningContainer.")
    method = cls(*args, **kwargs)
    method._tensor_name = name
    if not old:
        return method
    old = old[0]
    old._handle.remove()
    if not isinstance(old, PruningContainer):
        old = PruningContainer(old)
    old.add_pruning_method(method)
    return old


class PruningContainer(BasePruningMethod):
    """The sequence of pruning methods applied to one tensor: each new one acts on what the earlier
    ones left (unpruned entries, or channels not yet all zero)."""

    def __init__(self, *args):
        self._pruning_methods = ()
        if len(args) == 1:
            self._tensor_name = args[0]._tensor_name
        for method in args:
            self.add_pruning_method(method)

    def add_pruning_method(self, method):
        """Append ``method`` (a BasePruningMethod acting on the same tensor)."""
        if not isinstance(method, BasePruningMethod) and method is not None:
            raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and self._tensor_name != method._tensor_name:
            raise ValueError(f"Can only add pruning methods acting on the parameter named '{self._tensor_name}' "
                             f"to PruningContainer {self}. Found '{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self):
        return len(self._pruning_methods)

    def __iter__(self):
        return iter(self._pruning_methods)

    def __getitem__(self, idx):
        return self._pruning_methods[idx]

    def compute_mask(self, t, default_mask):
        """The last method's mask, computed on the part of ``t`` the earlier masks left, merged in."""
        method = self._pruning_methods[-1]
        new_mask = default_mask.to(dtype=t.dtype).clone()
        if method.PRUNING_TYPE == "unstructured":
            slc = default_mask == 1
        elif method.PRUNING_TYPE == "structured":
            if not hasattr(method, "dim"):
                raise AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the attribute '
                                     "`dim` defined.")
            dim = method.dim + t.ndim if method.dim < 0 else method.dim
            if dim < 0:
                raise IndexError(f"Index is out of bounds for tensor with dimensions {t.ndim}")
            slc = [slice(None)] * t.ndim
            slc[dim] = default_mask.sum(dim=[d for d in range(t.ndim) if d != dim]) != 0  # channels left
            slc = tuple(slc)
        elif method.PRUNING_TYPE == "global":
            slc = (slice(None),) * t.ndim
        else:
            raise ValueError(f"Unrecognized PRUNING_TYPE {method.PRUNING_TYPE}")
        new_mask[slc] = method.compute_mask(t[slc], default_mask=default_mask[slc]).to(dtype=new_mask.dtype)
        return new_mask


class Identity(BasePruningMethod):
    """Prunes nothing (a mask of ones)."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        """Apply identity pruning to ``module.<name>``."""
        return super().apply(module, name)


class _Unstructured(BasePruningMethod):
    """Prunes ``amount`` (a count, or a fraction of the entries) entries, those ``_to_prune`` picks."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_pruning_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        nparams_toprune = _nparams_toprune(self.amount, t.numel())
        mask = default_mask.clone()
        if nparams_toprune == 0:
            return mask
        mask = mask.reshape(-1)
        mask[self._to_prune(t.reshape(-1), nparams_toprune)] = 0
        return mask.reshape(default_mask.shape)


class RandomUnstructured(_Unstructured):
    """Prunes ``amount`` (a count, or a fraction of the entries) entries chosen at random."""

    def _to_prune(self, t, k):
        return topk(rand_like(t), k=k).indices

    @classmethod
    def apply(cls, module, name, amount):
        """Prune ``amount`` random entries of ``module.<name>``."""
        return super().apply(module, name, amount=amount)


class L1Unstructured(_Unstructured):
    """Prunes the ``amount`` (a count, or a fraction of the entries) entries of smallest magnitude."""

    def _to_prune(self, t, k):
        return topk(t.abs(), k=k, largest=False).indices

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        """Prune the ``amount`` entries of ``module.<name>`` (or ``importance_scores``) of smallest magnitude."""
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class _Structured(BasePruningMethod):
    """Prunes ``amount`` (a count, or a fraction) whole channels along ``dim``: all but those
    ``_to_keep`` picks (a bool mask or indices of channels)."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        _validate_pruning_amount_init(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t, default_mask):
        if t.ndim <= 1:
            raise ValueError(f"Structured pruning can only be applied to multidimensional tensors. Found tensor "
                             f"of shape {tuple(t.shape)} with {t.ndim} dims")
        if self.dim >= t.ndim:
            raise IndexError(f"Invalid index {self.dim} for tensor of size {tuple(t.shape)}")
        nchannels = t.shape[self.dim]
        nparams_toprune = _nparams_toprune(self.amount, nchannels)
        if nparams_toprune == 0:
            return default_mask
        mask = zeros_like(t)
        slc = [slice(None)] * t.ndim
        slc[self.dim] = self._to_keep(t, nchannels, nparams_toprune)
        mask[tuple(slc)] = 1
        return mask * default_mask.to(dtype=mask.dtype)


class RandomStructured(_Structured):
    """Prunes ``amount`` (a count, or a fraction) whole channels along ``dim``, chosen at random."""

    def _to_keep(self, t, nchannels, nparams_toprune):
        prob = rand(nchannels, device=t.device)
        return prob > kthvalue(prob, nparams_toprune).values

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        """Prune ``amount`` random channels of ``module.<name>`` along ``dim``."""
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(_Structured):
    """Prunes the ``amount`` (a count, or a fraction) channels along ``dim`` of smallest L``n`` norm."""

    def __init__(self, amount, n, dim=-1):
        super().__init__(amount, dim)
        self.n = n

    def _to_keep(self, t, nchannels, nparams_toprune):
        dims = list(range(t.ndim))
        dims.remove(dims[self.dim])
        return topk(norm(t, p=self.n, dim=dims), k=nchannels - nparams_toprune, largest=True).indices

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        """Prune the ``amount`` channels of ``module.<name>`` along ``dim`` of smallest L``n`` norm."""
        return super().apply(module, name, amount=amount, n=n, dim=dim, importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prunes where the given ``mask`` is 0."""

    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if default_mask.shape != self.mask.shape:
            raise AssertionError(f"default_mask shape {default_mask.shape} must match self.mask shape "
                                 f"{self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        """Prune ``module.<name>`` where ``mask`` is 0."""
        return super().apply(module, name, mask=mask)


def identity(module, name):
    """Reparametrize ``module.<name>`` as pruned with a mask of ones. Returns ``module``."""
    Identity.apply(module, name)
    return module


def random_unstructured(module, name, amount):
    """Prune ``amount`` (int: a count; float in [0, 1]: a fraction) random entries of ``module.<name>``.
    Returns ``module``."""
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module, name, amount, importance_scores=None):
    """Prune the ``amount`` (int: a count; float in [0, 1]: a fraction) entries of ``module.<name>`` of
    smallest absolute value (of ``importance_scores``, if given). Returns ``module``."""
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module, name, amount, dim):
    """Prune ``amount`` random channels of ``module.<name>`` along ``dim``. Returns ``module``."""
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module, name, amount, n, dim, importance_scores=None):
    """Prune the ``amount`` channels of ``module.<name>`` along ``dim`` with the smallest L``n`` norm
    (``n`` as ``p`` of ``norm``: a number, ``inf``, ``-inf`` or ``"fro"``). Returns ``module``."""
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def global_unstructured(parameters, pruning_method, importance_scores=None, **kwargs):
    """Prune the ``(module, name)`` tensors in ``parameters`` together, as one flat tensor, with
    ``pruning_method(**kwargs)`` (an unstructured method class, e.g. ``L1Unstructured``, ``amount=20``)."""
    if not isinstance(parameters, Iterable):
        raise TypeError("global_unstructured(): parameters is not an Iterable")
    parameters = list(parameters)
    importance_scores = importance_scores if importance_scores is not None else {}
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be of type dict")
    method = pruning_method(**kwargs)
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError(f'Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method '
                        f"{pruning_method} of type {method.PRUNING_TYPE}")
    with no_grad():
        scores = parameters_to_vector([importance_scores.get((module, name), getattr(module, name))
                                       for module, name in parameters])
        default_mask = parameters_to_vector([getattr(module, name + "_mask", ones_like(getattr(module, name)))
                                             for module, name in parameters])
        method._tensor_name = "temp"
        container = PruningContainer(method)
        final_mask = container.compute_mask(scores, default_mask)
    pointer = 0
    for module, name in parameters:
        param = getattr(module, name)
        custom_from_mask(module, name, mask=final_mask[pointer:pointer + param.numel()].reshape(param.shape))
        pointer += param.numel()


def custom_from_mask(module, name, mask):
    """Prune ``module.<name>`` where ``mask`` is 0. Returns ``module``."""
    CustomFromMask.apply(module, name, mask)
    return module


def remove(module, name):
    """Make the pruning of ``module.<name>`` permanent: it becomes a plain parameter holding the pruned
    values, and ``<name>_orig``, ``<name>_mask`` and the hook go. Returns ``module``."""
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, BasePruningMethod) and hook._tensor_name == name:
            hook.remove(module)
            hook._handle.remove()
            return module
    raise ValueError(f"Parameter '{name}' of module {type(module).__name__} has to be pruned before pruning can "
                     "be removed")


def is_pruned(module):
    """Whether ``module`` or a submodule has a pruning hook."""
    return any(isinstance(hook, BasePruningMethod)
               for _, submodule in module.named_modules() for hook in submodule._forward_pre_hooks.values())


def _validate_pruning_amount_init(amount):
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if (isinstance(amount, numbers.Integral) and amount < 0) or (
            not isinstance(amount, numbers.Integral) and not 0.0 <= float(amount) <= 1.0):
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a non-negative integer")


def _nparams_toprune(amount, tensor_size):
    """``amount`` as a count of units out of ``tensor_size`` (a float is a fraction, rounded)."""
    nparams = amount if isinstance(amount, numbers.Integral) else round(amount * tensor_size)
    if nparams > tensor_size:
        raise ValueError(f"amount={amount} should be smaller than the number of parameters to prune={tensor_size}")
    return nparams
