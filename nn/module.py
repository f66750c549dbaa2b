"""Module: the base class of every layer and model.

Assigning a Parameter, a Module or (through ``register_buffer``) a buffer
Tensor as an attribute files it in an ordered registry; one walker over the
module tree serves ``named_parameters``, ``named_buffers`` and
``named_modules``, and ``state_dict``/``load_state_dict`` use PyTorch's key
names (``fc1.weight``, ``0.bias``, ``bn.running_mean``).
"""
import warnings
from collections import OrderedDict, namedtuple

import numpy as np

from autograd_core import backend, creation
from autograd_core.grad_mode import no_grad
from autograd_core.tensor import Tensor

from .hooks import BackwardHook
from .parameter import Buffer, Parameter, UninitializedTensorMixin



class IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the keys the module has and the state_dict lacks, and the reverse."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


# Hooks anywhere (on any module, or global) make __call__ take the slow path;
# the count lets the common no-hook call pay one check.
_hooks = {"count": 0}
_global_forward_pre_hooks = OrderedDict()
_global_forward_hooks = OrderedDict()
_global_backward_pre_hooks = OrderedDict()
_global_backward_hooks = OrderedDict()
# the ids (unique over all handles, never reused) of the forward hooks registered with_kwargs / always_call; kept
# after remove(), as a module's copy holds the same ids
_with_kwargs, _always_call = set(), set()
_EXTRA_STATE = "_extra_state"  # the state_dict key suffix of get_extra_state()
_CALL_HOOK_DICTS = ("_forward_pre_hooks", "_forward_hooks", "_backward_pre_hooks", "_backward_hooks")  # counted
_HOOK_DICTS = (*_CALL_HOOK_DICTS, "_state_dict_pre_hooks", "_state_dict_hooks", "_load_state_dict_pre_hooks",
               "_load_state_dict_post_hooks")


class RemovableHandle:
    """Returned by the ``register_*_hook`` methods; ``remove()`` unregisters the hook."""

    _next_id = 0

    def __init__(self, hooks, counted=True):
        self.hooks, self.counted = hooks, counted
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        if self.hooks.pop(self.id, None) is not None and self.counted:
            _hooks["count"] -= 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(hooks, hook, prepend=False, counted=True, with_kwargs=False, always_call=False):
    """File ``hook`` in ``hooks`` (first with ``prepend``); ``counted``: a hook that ``__call__`` runs."""
    handle = RemovableHandle(hooks, counted)
    hooks[handle.id] = hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    if counted:
        _hooks["count"] += 1
    if with_kwargs:
        _with_kwargs.add(handle.id)
    if always_call:
        _always_call.add(handle.id)
    return handle


def register_module_forward_pre_hook(hook):
    """Call ``hook(module, args)`` before every module's forward (and its own pre-hooks); it may return new
    args."""
    return _add_hook(_global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """Call ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` ``with_kwargs``) after
    every module's forward (before its own hooks); it may return a new output. ``always_call``: also when
    forward raises (``output`` is then None)."""
    return _add_hook(_global_forward_hooks, hook, with_kwargs=with_kwargs, always_call=always_call)


def register_module_full_backward_pre_hook(hook):
    """``Module.register_full_backward_pre_hook`` for every module (run before the module's own)."""
    return _add_hook(_global_backward_pre_hooks, hook)


def register_module_full_backward_hook(hook):
    """``Module.register_full_backward_hook`` for every module (run before the module's own)."""
    return _add_hook(_global_backward_hooks, hook)


def _run_forward_hook(module, hook_id, hook, args, kwargs, output):
    result = hook(module, args, kwargs, output) if hook_id in _with_kwargs else hook(module, args, output)
    return output if result is None else result


class Module:
    """Base class for layers and models: subclass it, assign layers and
    Parameters in ``__init__`` (after ``super().__init__()``), write ``forward``.

    Example:
        >>> class Net(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = nn.Linear(4, 8)
        ...         self.fc2 = nn.Linear(8, 2)
        ...     def forward(self, x):
        ...         return self.fc2(F.relu(self.fc1(x)))
        >>> list(Net().state_dict())
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    """

    call_super_init = False  # True: pass __init__'s arguments on to the next class in the MRO (mixins)
    dump_patches = False  # PyTorch's flag for pickled modules; nothing here reads it
    _version = 1  # the ``version`` in the metadata handed to state_dict hooks

    def __init__(self, *args, **kwargs):
        if (args or kwargs) and not self.call_super_init:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments; "
                            "Module.__init__ takes none (unless the class sets call_super_init = True)")
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = OrderedDict()
        d["_buffers"] = OrderedDict()
        d["_non_persistent_buffers"] = set()
        d["_modules"] = OrderedDict()
        for hooks in _HOOK_DICTS:
            d[hooks] = OrderedDict()
        d["_is_full_backward_hook"] = None
        if self.call_super_init:
            super().__init__(*args, **kwargs)

    def __setstate__(self, state):
        """A copy (``copy.deepcopy``, unpickling) holds the hooks too: count them, so that ``__call__`` runs them
        after the original's handles are removed."""
        self.__dict__.update(state)
        _hooks["count"] += sum(len(state.get(hooks, ())) for hooks in _CALL_HOOK_DICTS)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} has no forward(); define forward(self, ...) in it")

    def __call__(self, *args, **kwargs):
        if _hooks["count"]:
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_with_hooks(self, args, kwargs):
        forward_hooks = (*_global_forward_hooks.items(), *self._forward_hooks.items())
        output, called = None, set()
        try:
            for hook_id, hook in (*_global_forward_pre_hooks.items(), *self._forward_pre_hooks.items()):
                if hook_id in _with_kwargs:
                    result = hook(self, args, kwargs)
                    if result is not None:
                        if not (isinstance(result, tuple) and len(result) == 2):
                            raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, "
                                               f"new_kwargs), but got {result}.")
                        args, kwargs = result
                else:
                    result = hook(self, args)
                    if result is not None:
                        args = result if isinstance(result, tuple) else (result,)
            backward_hook = None
            hooks = [*_global_backward_hooks.values(), *self._backward_hooks.values()]
            pre_hooks = [*_global_backward_pre_hooks.values(), *self._backward_pre_hooks.values()]
            if hooks or pre_hooks:
                backward_hook = BackwardHook(self, hooks, pre_hooks)
                args = backward_hook.setup_input_hook(args)
            output = self.forward(*args, **kwargs)
            for hook_id, hook in forward_hooks:
                called.add(hook_id)
                output = _run_forward_hook(self, hook_id, hook, args, kwargs, output)
            if backward_hook is not None:
                output = backward_hook.setup_output_hook(output)
            return output
        except Exception:
            for hook_id, hook in forward_hooks:  # the always_call hooks not run yet, then the error
                if hook_id in _always_call and hook_id not in called:
                    try:
                        output = _run_forward_hook(self, hook_id, hook, args, kwargs, output)
                    except Exception as e:
                        warnings.warn("module forward hook with ``always_call=True`` raised an exception that was "
                                      f"silenced as another error was raised in forward: {e}", stacklevel=2)
            raise

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call ``hook(module, args)`` before forward; it may return replacement args. ``with_kwargs``:
        ``hook(module, args, kwargs)``, which may return ``(args, kwargs)``. ``prepend``: run before the
        others."""
        return _add_hook(self._forward_pre_hooks, hook, prepend, with_kwargs=with_kwargs)

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Call ``hook(module, args, output)`` after forward; it may return a replacement output.
        ``with_kwargs``: ``hook(module, args, kwargs, output)``; ``always_call``: also when forward raises
        (``output`` is then None); ``prepend``: run before the others."""
        return _add_hook(self._forward_hooks, hook, prepend, with_kwargs=with_kwargs, always_call=always_call)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_output)`` when the gradients of the outputs are known; it may return a
        replacement ``grad_output`` (a tuple of the same length). ``prepend``: run before the others."""
        return _add_hook(self._backward_pre_hooks, hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_input, grad_output)`` once the gradients of the module's inputs are
        computed; it may return a replacement ``grad_input`` (a tuple of the same length).

        ``grad_input`` has one entry per positional argument (keyword arguments are not seen): None for
        a non-tensor, zeros for a tensor that does not require grad (as PyTorch). When no input requires
        grad the hook fires with the output gradients, all of ``grad_input`` None, and must return None.
        """
        self._check_backward_hook_kind(True)
        return _add_hook(self._backward_hooks, hook, prepend)

    def register_backward_hook(self, hook):
        """Deprecated (as in PyTorch): use ``register_full_backward_hook``. Here it registers ``hook`` as a
        full backward hook, so it gets every input's gradient, where PyTorch's legacy hook sees only
        those of the last autograd node of forward."""
        warnings.warn("register_backward_hook is deprecated; it is registered here as a full backward hook "
                      "(use register_full_backward_hook)", FutureWarning, stacklevel=2)
        self._check_backward_hook_kind(False)
        return _add_hook(self._backward_hooks, hook)

    def _check_backward_hook_kind(self, full):
        if self._is_full_backward_hook is not None and self._is_full_backward_hook != full:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single "
                               "Module. Please use only one of them.")
        self._is_full_backward_hook = full

    # -- registration ----------------------------------------------------------
    def __setattr__(self, name, value):
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError(f"cannot assign parameter {name!r} before {type(self).__name__}"
                                     ".__init__() called super().__init__()")
            self._forget(name, "_parameters")
            params[name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as parameter {name!r} of "
                                f"{type(self).__name__} (nn.Parameter or None expected)")
            params[name] = None
        elif isinstance(value, Module):
            if "_modules" not in d:
                raise AttributeError(f"cannot assign module {name!r} before {type(self).__name__}"
                                     ".__init__() called super().__init__()")
            self._forget(name, "_modules")
            d["_modules"][name] = value
        elif "_modules" in d and name in d["_modules"]:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as child module {name!r} of "
                                f"{type(self).__name__} (nn.Module or None expected)")
            d["_modules"][name] = None
        elif isinstance(value, Buffer):
            self.register_buffer(name, value, value.persistent)
        elif "_buffers" in d and name in d["_buffers"]:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign {type(value).__name__} as buffer {name!r} of "
                                f"{type(self).__name__} (Tensor or None expected)")
            d["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name, keep):
        """Drop ``name`` from the other registries (keeping its place in ``keep``, as PyTorch)."""
        d = self.__dict__
        d.pop(name, None)
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry != keep:
                d[registry].pop(name, None)
        d["_non_persistent_buffers"].discard(name)

    def __getattr__(self, name):
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry in d and name in d[registry]:
                return d[registry][name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __delattr__(self, name):
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if name in d.get(registry, ()):
                del d[registry][name]
                d["_non_persistent_buffers"].discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules))

    def _check_new_name(self, name, what):
        if not isinstance(name, str) or not name or "." in name:
            raise KeyError(f"{what} name must be a non-empty string without '.', got {name!r}")
        if hasattr(self, name) and name not in self.__dict__[f"_{what}s"]:
            raise KeyError(f"attribute {name!r} already exists on {type(self).__name__}")

    def register_parameter(self, name, param):
        """Add a Parameter (or None, a placeholder that is skipped) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        if name not in self._parameters:
            self._check_new_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter: {name!r} must be an nn.Parameter or None, "
                            f"got {type(param).__name__}")
        self._forget(name, "_parameters")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a buffer: state that is not learned (running statistics), saved in
        ``state_dict`` unless ``persistent=False``, and moved by ``to()``."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if name not in self._buffers:
            self._check_new_name(name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"register_buffer: {name!r} must be a Tensor or None, got {type(tensor).__name__}")
        self._forget(name, "_buffers")
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers.add(name)

    def add_module(self, name, module):
        """Add a child module under ``name`` (PyTorch's name for ``setattr``)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {name!r} must be an nn.Module or None, got {type(module).__name__}")
        if not isinstance(name, str) or "." in name or not name:
            raise KeyError(f"module name must be a non-empty string without '.', got {name!r}")
        self._forget(name, "_modules")
        self._modules[name] = module

    register_module = add_module

    # -- the walker ------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Yield ``(name, module)`` for this module and every descendant, depth first."""
        if memo is None:
            memo = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in memo:
                    continue
                memo.add(id(module))
            yield name, module
            children = [(f"{name}.{k}" if name else k, m) for k, m in module._modules.items() if m is not None]
            stack.extend(reversed(children))

    def _named_members(self, members, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(qualified name, value)`` from ``members(module)`` over the tree."""
        walk = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        seen = set()
        for module_prefix, module in walk:
            for k, v in members(module):
                if v is None:
                    continue
                if remove_duplicate:
                    if id(v) in seen:
                        continue
                    seen.add(id(v))
                yield (f"{module_prefix}.{k}" if module_prefix else k), v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(name, Parameter)``; a parameter shared by two layers comes once."""
        return self._named_members(lambda m: m._parameters.items(), prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """Yield every Parameter (each once)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(name, buffer)``."""
        return self._named_members(lambda m: m._buffers.items(), prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def named_children(self):
        """Yield ``(name, module)`` for the direct children (each once)."""
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        for _, m in self.named_children():
            yield m

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def get_submodule(self, target):
        """The descendant at dotted path ``target`` ('' is this module)."""
        module = self
        for part in target.split(".") if target else ():
            if part not in module._modules:
                raise AttributeError(f"get_submodule: {type(module).__name__} has no submodule {part!r} "
                                     f"(looking up {target!r})")
            module = module._modules[part]
        return module

    def get_parameter(self, target):
        """The Parameter at dotted path ``target`` (e.g. 'fc1.weight')."""
        return self._get_member(target, "parameter")

    def get_buffer(self, target):
        """The buffer at dotted path ``target`` (e.g. 'bn.running_mean')."""
        return self._get_member(target, "buffer")

    def _get_member(self, target, kind):
        path, _, name = target.rpartition(".")
        module = self.get_submodule(path)
        registry = module.__dict__[f"_{kind}s"]
        if name not in registry:
            raise AttributeError(f"get_{kind}: {type(module).__name__} has no {kind} {name!r} (looking up {target!r})")
        return registry[name]

    def set_submodule(self, target, module, strict=False):
        """Put ``module`` at dotted path ``target``, whose parent must exist; with ``strict`` only an existing
        submodule is replaced."""
        if target == "":
            raise ValueError("set_submodule: cannot set the submodule without a target name")
        if not isinstance(module, Module):
            raise ValueError(f"set_submodule: module must be an nn.Module, got {type(module).__name__}")
        path, _, name = target.rpartition(".")
        parent = self.get_submodule(path)
        if hasattr(parent, name):
            if not isinstance(getattr(parent, name), Module):
                raise AttributeError(f"set_submodule: {name!r} of {type(parent).__name__} is not an nn.Module")
        elif strict:
            raise AttributeError(f"set_submodule: {type(parent).__name__} has no attribute {name!r} (strict=True "
                                 "replaces existing submodules only)")
        setattr(parent, name, module)

    # -- modes and gradients ---------------------------------------------------
    def train(self, mode=True):
        """Set training mode (dropout active, batch norm updating its statistics) here and below."""
        if not isinstance(mode, bool):
            raise ValueError(f"train(mode): mode must be a bool, got {mode!r}")
        for m in self.modules():
            m.training = mode
        return self

    def eval(self):
        """Evaluation mode: ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` on every parameter (freeze with False)."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters (to None by default, as PyTorch)."""
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad._data[...] = 0

    def apply(self, fn):
        """Call ``fn(module)`` on every child (recursively), then on this module."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # -- dtype and device ------------------------------------------------------
    def _apply(self, fn, recurse=True):
        """Replace every parameter's and buffer's data by ``fn(tensor)`` (in place for
        parameters, so optimizers holding them still see them)."""
        for m in self.children() if recurse else ():
            m._apply(fn)
        with no_grad():
            for name, p in self._parameters.items():
                if p is not None:
                    p.data = fn(p)
                    if p.grad is not None:
                        p.grad = fn(p.grad)
            for name, b in self._buffers.items():
                if isinstance(b, UninitializedTensorMixin):  # stays lazy: moved or cast in place
                    b._data = fn(b)._data
                elif b is not None:
                    self._buffers[name] = fn(b)
        return self

    def to(self, *args, dtype=None, device=None):
        """Cast floating parameters and buffers to ``dtype`` and/or move everything to ``device``:
        ``model.to(ag.float64)``, ``model.to('cpu')``."""
        for a in args:
            if isinstance(a, (str, backend.device)):
                device = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
            else:
                dtype = a
        if dtype is not None:
            dtype = np.dtype(dtype)
            if dtype.kind not in "fc":
                raise TypeError(f"Module.to: only floating point dtypes are accepted, got {dtype}")

        def convert(t):
            data = t._data
            if dtype is not None and data.dtype.kind in "fc" and data.dtype != dtype:
                data = data.astype(dtype)
            if device is not None:
                data = backend.transfer(data, device)
            return t if data is t._data else Tensor(data)
        return self._apply(convert)

    def cpu(self):
        """Move every parameter and buffer to the CPU."""
        return self.to("cpu")

    def cuda(self, device=None):
        """Move every parameter and buffer to a CUDA device (``cuda:0`` unless ``device``)."""
        return self.to(backend.device("cuda", device))

    def float(self):
        return self.to(np.float32)

    def double(self):
        return self.to(np.float64)

    def half(self):
        return self.to(np.float16)

    def bfloat16(self):
        """Refused: NumPy (and so this library) has no bfloat16 dtype; use ``half()`` or ``float()``."""
        raise TypeError("Module.bfloat16: bfloat16 is not supported (NumPy has no bfloat16 dtype); "
                        "use half() (float16) or float() (float32)")

    def type(self, dst_type):
        """Cast every parameter and buffer, integer ones included (unlike ``to``), to ``dst_type``."""
        dtype = np.dtype(dst_type)
        return self._apply(lambda t: t if t.dtype == dtype else Tensor(t._data.astype(dtype)))

    def to_empty(self, *, device, recurse=True):
        """Give every parameter and buffer fresh uninitialised memory on ``device`` (same shape and dtype);
        then initialise it (``reset_parameters``, ``load_state_dict``)."""
        return self._apply(lambda t: creation.empty(*t.shape, dtype=t.dtype, device=device), recurse)

    def share_memory(self):
        """A no-op returning ``self``: there is no multiprocessing shared memory to move tensors to
        (NumPy arrays live in this process)."""
        return self

    # -- state_dict ------------------------------------------------------------
    def _state_items(self):
        """``(name, tensor)`` of what this module itself saves: parameters, then persistent buffers."""
        for k, p in self._parameters.items():
            if p is not None:
                yield k, p
        for k, b in self._buffers.items():
            if b is not None and k not in self._non_persistent_buffers:
                yield k, b

    def get_extra_state(self):
        """Override, with ``set_extra_state``, to save state beyond parameters and buffers: ``state_dict``
        files what this returns under ``<prefix>_extra_state``. ``ag.save`` stores it if it is made of
        Tensors, arrays, numbers, strings, None and dicts/lists/tuples of them (nothing is pickled)."""
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never be called: "
                           "override get_extra_state() and set_extra_state() together")

    def set_extra_state(self, state):
        """Override, with ``get_extra_state``: ``load_state_dict`` calls it with the saved extra state."""
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never be called: "
                           "override get_extra_state() and set_extra_state() together")

    def _overrides(self, method):
        return getattr(type(self), method) is not getattr(Module, method)

    def register_state_dict_pre_hook(self, hook):
        """Call ``hook(module, prefix, keep_vars)`` before ``state_dict`` saves this module."""
        return _add_hook(self._state_dict_pre_hooks, hook, counted=False)

    def register_state_dict_post_hook(self, hook):
        """Call ``hook(module, state_dict, prefix, local_metadata)`` once this module and its children are in
        ``state_dict``; it may change ``state_dict`` in place and must return None."""
        return _add_hook(self._state_dict_hooks, hook, counted=False)

    def register_load_state_dict_pre_hook(self, hook):
        """Call ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs)`` before this module's entries are read (``state_dict`` holds those under ``prefix``, a
        copy the hook may change; ``strict`` is always True here, as PyTorch)."""
        return _add_hook(self._load_state_dict_pre_hooks, hook, counted=False)

    def register_load_state_dict_post_hook(self, hook):
        """Call ``hook(module, incompatible_keys)`` after this module and its children are loaded; it may
        change ``incompatible_keys.missing_keys`` / ``unexpected_keys`` in place (before strict checks
        them) and must return None."""
        return _add_hook(self._load_state_dict_post_hooks, hook, counted=False)

    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An OrderedDict of parameters and persistent buffers (and any ``get_extra_state()``) under
        PyTorch's key names: ``prefix`` + the dotted path.

        Values share memory with the module (detached unless ``keep_vars``). As PyTorch's, it carries
        ``_metadata``: each module's ``{"version": module._version}`` under its dotted path, which the load
        hooks of a later ``load_state_dict`` see.
        """
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        out, metadata = destination, {"version": self._version}
        if hasattr(out, "_metadata"):
            out._metadata[prefix[:-1]] = metadata
        for hook in self._state_dict_pre_hooks.values():
            hook(self, prefix, keep_vars)
        for key, t in self._state_items():
            out[prefix + key] = t if keep_vars else t.detach()
        if self._overrides("get_extra_state"):
            out[prefix + _EXTRA_STATE] = self.get_extra_state()
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(destination=out, prefix=f"{prefix}{name}.", keep_vars=keep_vars)
        for hook in self._state_dict_hooks.values():
            if hook(self, out, prefix, metadata) is not None:
                raise RuntimeError("state_dict post-hook must return None")
        return out

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy values from ``state_dict`` into parameters and buffers, in place; with ``assign``, make the
        state_dict's tensors the module's (their dtype and memory; a parameter keeps its ``requires_grad``).

        Returns ``(missing_keys, unexpected_keys)``. With ``strict`` either list being non-empty (after
        the load post-hooks, which may edit them) raises. A shape mismatch always raises, before anything
        is copied (a lazy layer's uninitialized tensors take the checkpoint's shapes, as PyTorch). Values
        may be Tensors or arrays; unless ``assign``, they are cast to each parameter's dtype.
        """
        if not hasattr(state_dict, "keys"):
            raise TypeError(f"load_state_dict: expected a dict, got {type(state_dict).__name__}")
        keys = IncompatibleKeys([], [])
        errors, pending, walked = [], [], []
        metadata = getattr(state_dict, "_metadata", None) or {}  # the checkpoint's versions ({}: none known)

        def read(module, local, prefix):
            module._read_state(local, prefix, metadata.get(prefix[:-1], {}), keys, errors, pending)
            for name, child in module._modules.items():
                if child is not None:
                    child_prefix = f"{prefix}{name}."
                    read(child, {k: v for k, v in local.items() if k.startswith(child_prefix)}, child_prefix)
            walked.append(module)  # children first: the order of the post-hooks

        read(self, OrderedDict(state_dict), "")
        if errors:
            self._raise_load_errors(strict, keys, errors)
        with no_grad():
            for module, name, value in pending:
                if name is None:
                    module.set_extra_state(value)
                else:
                    module._load_tensor(name, value, assign)
        for module in walked:
            for hook in module._load_state_dict_post_hooks.values():
                if hook(module, keys) is not None:
                    raise RuntimeError("Hooks registered with register_load_state_dict_post_hook are not expected "
                                       "to return new values; modify incompatible_keys in place")
        if strict and (keys.missing_keys or keys.unexpected_keys):
            self._raise_load_errors(strict, keys, errors)
        return keys

    def _read_state(self, state_dict, prefix, metadata, keys, errors, pending):
        """Check this module's own entries of ``state_dict`` (keys under ``prefix``): note missing and
        unexpected keys and shape errors, and queue ``(self, name, array)`` in ``pending`` (name None: extra
        state)."""
        for hook in self._load_state_dict_pre_hooks.values():
            hook(self, state_dict, prefix, metadata, True, keys.missing_keys, keys.unexpected_keys, errors)
        own = dict(self._state_items())
        for name, target in own.items():
            key = prefix + name
            if key not in state_dict:
                keys.missing_keys.append(key)
                continue
            value = state_dict[key]
            array = value._data if isinstance(value, Tensor) else value
            if not isinstance(array, backend.ARRAY_TYPES):
                array = np.asarray(array)  # numbers, lists, and other libraries' tensors (e.g. PyTorch's)
            shape = tuple(array.shape)
            if shape != target.shape and not isinstance(target, UninitializedTensorMixin):
                errors.append(f"size mismatch for {key}: copying a param with shape {shape} from checkpoint, "
                              f"the shape in current model is {target.shape}")
            else:
                pending.append((self, name, backend.transfer(array, target.device)))
        extra_key = prefix + _EXTRA_STATE
        if self._overrides("set_extra_state"):
            if extra_key in state_dict:
                pending.append((self, None, state_dict[extra_key]))
            else:
                keys.missing_keys.append(extra_key)
        elif extra_key in state_dict:
            keys.unexpected_keys.append(extra_key)
        for key in state_dict:
            if key.startswith(prefix) and key != extra_key:
                name, *rest = key[len(prefix):].split(".", 1)
                if name not in (self._modules if rest else own):
                    keys.unexpected_keys.append(key)

    def _load_tensor(self, name, array, assign):
        """Load a checkpoint's ``array`` into this module's parameter or buffer ``name``."""
        registry = self._parameters if name in self._parameters else self._buffers
        target = registry[name]
        if assign:
            registry[name] = Parameter(array, target.requires_grad) if isinstance(target, Parameter) else Tensor(array)
        elif isinstance(target, UninitializedTensorMixin):  # a lazy layer's tensor takes the checkpoint's shape
            target.materialize(array.astype(target.dtype))
        else:
            target.copy_(Tensor(array.astype(target.dtype, copy=False)))

    def _raise_load_errors(self, strict, keys, errors):
        if strict and keys.unexpected_keys:
            errors = ["Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in keys.unexpected_keys),
                      *errors]
        if strict and keys.missing_keys:
            errors = ["Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in keys.missing_keys), *errors]
        raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors))

    # -- display ---------------------------------------------------------------
    def extra_repr(self):
        """The text inside this module's parentheses in its repr (override in layers)."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        lines = [line for line in self.extra_repr().split("\n") if line]
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        if len(lines) == 1 and not self._modules:
            return f"{self._get_name()}({lines[0]})"
        if not lines:
            return f"{self._get_name()}()"
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"
