"""Optimizer: the base class that holds parameter groups and per-parameter state.

A subclass gives its hyper-parameter ``defaults``, checks them in
``_check_group`` and names a plain update function in ``update``: a function
``update(param, grad, state, **hyper)`` that changes the raw arrays ``param``
and ``state`` in place (never ``grad``). ``step()`` gathers the parameters
that have a gradient and calls it once per parameter: no graph, no Tensor
wrappers, and the array module comes from the arrays, so the same code runs
on NumPy and CuPy.

Hooks as PyTorch's: per optimizer (``register_step_pre_hook`` ... ``register_load_state_dict_post_hook``)
and for every optimizer (``register_optimizer_step_pre_hook``, ``register_optimizer_step_post_hook``).
Until the first step hook is registered ``step`` is not wrapped at all (no cost); from then on the
``step`` of every optimizer class runs through ``_with_step_hooks``.
"""
import functools
from collections import OrderedDict, defaultdict

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core import backend, kernels
from autograd_core.grad_mode import enable_grad
from autograd_core.ops.inplace import mark_changed
from autograd_core.nn.module import _add_hook
from autograd_core.tensor import Tensor

_global_step_pre_hooks = OrderedDict()
_global_step_post_hooks = OrderedDict()
_step_hooks_enabled = False  # set by the first step hook registered: every class's step is wrapped from then on

_SET_MESSAGE = ("optimizer parameters need to be organized in ordered collections, but the ordering of tensors "
                "in sets will change between runs; use a list instead")


class Optimizer:
    """Base class of all optimizers (PyTorch's ``torch.optim.Optimizer``).

    Args:
        params: an iterable of Tensors, of ``(name, Tensor)`` pairs (as from
            ``model.named_parameters()``), or of dicts, each a parameter group
            ``{"params": [...], "lr": ...}`` whose keys override ``defaults``.
        defaults: the hyper-parameters of a group that does not set them.

    Attributes:
        param_groups: list of dicts, one per group: ``"params"`` plus every
            hyper-parameter (schedulers change ``group["lr"]``).
        state: per-parameter state, a dict keyed by the parameter Tensor
            (momentum buffers, running averages, ``"step"``), holding raw arrays.
    """

    update = None  # the subclass's plain update function, see the module docstring
    complex_params = True  # steps a complex parameter as its view_as_real (False: refuses it, as PyTorch)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if _step_hooks_enabled:
            _wrap_step(cls)

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        for name in _HOOK_DICTS:
            setattr(self, name, OrderedDict())
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got a Tensor of shape {params.shape}; pass [tensor] or model.parameters()")
        if isinstance(params, (set, frozenset)):
            raise TypeError(_SET_MESSAGE)
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters (a dict with ``"params"`` and optional hyper-parameters).

        Useful for fine-tuning: unfreeze layers and hand them to the optimizer
        with their own learning rate.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"add_param_group: expected a dict, got {type(param_group).__name__}")
        group = dict(param_group)
        params = group.get("params")
        if params is None:
            raise ValueError("add_param_group: the group has no 'params' entry")
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError(_SET_MESSAGE)
        else:
            params = list(params)
        if params and isinstance(params[0], tuple):
            group["param_names"] = [name for name, _ in params]
            params = [p for _, p in params]
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError(f"can't optimize a non-leaf Tensor (shape {p.shape}, made by "
                                 f"{type(p.grad_fn).__name__}); optimize the leaf it was computed from")
        group["params"] = params
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        if isinstance(group.get("lr"), Tensor):  # PyTorch takes a 1-element Tensor lr; the group keeps its number
            if group["lr"].numel() != 1:
                raise ValueError(f"Tensor lr must be 1-element, got shape {group['lr'].shape}")
            group["lr"] = group["lr"].item()
        self._check_group(group)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params) or len({id(p) for p in params}) != len(params):
            raise ValueError("some parameters appear more than once in the parameter groups; "
                             "give each parameter to one group, once")
        self.param_groups.append(group)

    def _check_group(self, group):
        """Raise ValueError for a bad hyper-parameter of ``group`` (subclasses)."""

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all optimized parameters: to None (default) or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad._data.fill(0)

    # -- hooks -------------------------------------------------------------------
    def register_step_pre_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` before each ``step``; it may return ``(new_args, new_kwargs)``.
        Returns a handle whose ``remove()`` unregisters it."""
        return _add_step_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` after each ``step``. Returns a handle (``remove()``)."""
        return _add_step_hook(self._optimizer_step_post_hooks, hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """Call ``hook(optimizer)`` before ``state_dict`` builds the dict (first with ``prepend``)."""
        return _add_hook(self._optimizer_state_dict_pre_hooks, hook, prepend, counted=False)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """Call ``hook(optimizer, state_dict)`` on the dict ``state_dict`` built; it may return a new one."""
        return _add_hook(self._optimizer_state_dict_post_hooks, hook, prepend, counted=False)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """Call ``hook(optimizer, state_dict)`` on a shallow copy of the dict given to ``load_state_dict``;
        it may change it in place or return the dict to load instead."""
        return _add_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend, counted=False)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """Call ``hook(optimizer)`` after ``load_state_dict`` has loaded the state."""
        return _add_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend, counted=False)

    def step(self, closure=None):
        """Update every parameter that has a gradient; parameters whose ``.grad`` is None are skipped.

        Args:
            closure: optional callable that re-evaluates the model and returns
                the loss; it runs with gradient recording on.

        Returns:
            The closure's loss, or None.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        update = type(self).update
        if update is None:
            raise NotImplementedError(f"{type(self).__name__}: define update(param, grad, state, **hyper) "
                                      "or override step()")
        changed = []
        for group in self.param_groups:
            hyper = {name: group[name] for name in self.defaults}
            for p in group["params"]:
                if p.grad is not None:
                    state = self.state[p]
                    data, grad = p._data, p.grad._data
                    if data.dtype.kind == "c":  # stepped as its view_as_real, as PyTorch: each part on its own
                        if not self.complex_params:
                            raise RuntimeError(f"{type(self).__name__} does not support complex parameters")
                        data, grad = as_real(data), as_real(get_array_module(grad).ascontiguousarray(grad))
                    if state:
                        _follow(state, data)
                    update(data, grad, state, **hyper)
                    changed.append(p)
        if changed:
            mark_changed(changed)
        return loss

    # -- checkpoints -----------------------------------------------------------
    def state_dict(self):
        """The optimizer's state in PyTorch's layout.

        ``{"state": {index: {...}}, "param_groups": [{..., "params": [index, ...]}]}``
        where parameters are numbered in group order. Like PyTorch, the state
        arrays are references, not copies; ``ag.save`` it to keep a snapshot.
        """
        for hook in self._optimizer_state_dict_pre_hooks.values():
            hook(self)
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: dict(s) for p, s in self.state.items() if id(p) in index and s}
        state_dict = {"state": state, "param_groups": groups}
        for hook in self._optimizer_state_dict_post_hooks.values():
            state_dict = _or(hook(self, state_dict), state_dict)
        return state_dict

    def load_state_dict(self, state_dict):
        """Load a ``state_dict()`` (from this optimizer class, for the same parameters in the same order).

        Hyper-parameters of the groups are taken from ``state_dict``; state
        arrays (or Tensors) are copied and cast to each parameter's dtype and
        array module.
        """
        state_dict = dict(state_dict)
        for hook in self._optimizer_load_state_dict_pre_hooks.values():
            state_dict = _or(hook(self, state_dict), state_dict)
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"load_state_dict: the state dict has {len(saved_groups)} parameter groups, "
                             f"this optimizer has {len(self.param_groups)}")
        by_index = {}
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(f"load_state_dict: parameter group {i} has {len(saved['params'])} parameters in "
                                 f"the state dict but {len(group['params'])} in this optimizer")
            by_index.update(zip(saved["params"], group["params"]))
        state = defaultdict(dict)
        for key, values in state_dict["state"].items():
            key = int(key)
            if key not in by_index:
                raise ValueError(f"load_state_dict: state for parameter {key}, which no parameter group lists")
            p = by_index[key]
            state[p] = {name: self._load_state_entry(value, p, name, key) for name, value in values.items()}
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            new = {k: v for k, v in saved.items() if k != "params"}
            new["params"] = group["params"]
            if "param_names" in group and "param_names" not in new:
                new["param_names"] = group["param_names"]
            new_groups.append(new)
        self.state = state
        self.param_groups = new_groups
        for hook in self._optimizer_load_state_dict_post_hooks.values():
            hook(self)

    def _load_state_entry(self, value, param, name, index):
        """One saved state entry as this optimizer keeps it (subclasses with other state layouts override)."""
        return cast_state(value, param, name, index)

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {group[k]}" for k in sorted(group) if k not in ("params", "param_names")]
        return "\n".join(lines) + "\n)"


_HOOK_DICTS = ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks", "_optimizer_state_dict_pre_hooks",
               "_optimizer_state_dict_post_hooks", "_optimizer_load_state_dict_pre_hooks",
               "_optimizer_load_state_dict_post_hooks")


def _with_step_hooks(step):
    """``step`` running the global and the optimizer's step hooks around it (PyTorch's order: global pre
    hooks, then the optimizer's; after the step the optimizer's post hooks, then the global ones)."""
    @functools.wraps(step)
    def hooked_step(self, *args, **kwargs):
        try:
            pre, post = self._optimizer_step_pre_hooks, self._optimizer_step_post_hooks
        except AttributeError:  # a subclass that skips Optimizer.__init__: no hooks, as torch
            return step(self, *args, **kwargs)
        if not (pre or post or _global_step_pre_hooks or _global_step_post_hooks) or type(self).step is not hooked_step:
            return step(self, *args, **kwargs)  # no hooks, or a super().step() call
        for hook in (*_global_step_pre_hooks.values(), *pre.values()):
            result = hook(self, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(f"{type(self).__name__}.step pre-hook {hook!r} must return None or a tuple "
                                       f"of (new_args, new_kwargs), but got {result!r}")
                args, kwargs = result
        out = step(self, *args, **kwargs)
        for hook in (*post.values(), *_global_step_post_hooks.values()):
            hook(self, args, kwargs)
        return out
    hooked_step.runs_step_hooks = True
    return hooked_step


def _wrap_step(cls):
    step = cls.__dict__.get("step")
    if step is not None and not getattr(step, "runs_step_hooks", False):
        cls.step = _with_step_hooks(step)


def _add_step_hook(hooks, hook):
    """File a step hook, first wrapping the ``step`` of every optimizer class (once)."""
    global _step_hooks_enabled
    if not _step_hooks_enabled:
        _step_hooks_enabled = True
        classes = [Optimizer]
        while classes:
            cls = classes.pop()
            _wrap_step(cls)
            classes += cls.__subclasses__()
    return _add_hook(hooks, hook, counted=False)


def _or(result, value):
    """A hook's replacement ``result``, or ``value`` when it returned None."""
    return value if result is None else result


def register_optimizer_step_pre_hook(hook):
    """Call ``hook(optimizer, args, kwargs)`` before the ``step`` of every optimizer (before its own pre hooks);
    it may return ``(new_args, new_kwargs)``. Returns a handle whose ``remove()`` unregisters it."""
    return _add_step_hook(_global_step_pre_hooks, hook)


def register_optimizer_step_post_hook(hook):
    """Call ``hook(optimizer, args, kwargs)`` after the ``step`` of every optimizer (after its own post hooks).
    Returns a handle whose ``remove()`` unregisters it."""
    return _add_step_hook(_global_step_post_hooks, hook)


def cast_state(value, param, name, index, shape=None):
    """A copy of one saved state entry, as an array like ``param``'s (``step`` and numbers stay as they are).

    An array must have ``shape`` (default: the parameter's).
    """
    if isinstance(value, Tensor):
        value = value._data
    if not hasattr(value, "shape") or name == "step":
        return value.item() if hasattr(value, "item") and getattr(value, "ndim", 1) == 0 else value
    p = as_real(param._data)
    shape = p.shape if shape is None else shape
    if value.shape != shape:
        raise ValueError(f"load_state_dict: state {name!r} of parameter {index} has shape {tuple(value.shape)} "
                         f"but {shape} was expected; is it the state of another model?")
    dtype = p.dtype if value.dtype.kind == "f" else value.dtype
    return get_array_module(p).array(value, dtype=dtype)  # a copy, on the parameter's device


def as_real(array):
    """The real array an optimizer steps: a complex one's memory as real (..., 2) pairs (a view, as PyTorch's
    ``view_as_real``: the state of a complex parameter is real), a real one as it is."""
    return array[..., None].view(array.real.dtype) if array.dtype.kind == "c" else array


_CHUNK = 1 << 15  # elements per chunk: a float32 chunk (128 KiB) and its temporary stay in L2 cache


def add_scaled_(out, x, alpha):
    """``out += alpha * x`` in place, without a temporary the size of ``out``.

    Large NumPy arrays go through the compiled kernel (kernels.py) when numba is there, else in
    cache-sized chunks: half the memory traffic of ``out += alpha * x``, which matters for SGD
    on big weight matrices.
    """
    n = out.size
    if n >= kernels.MIN_SIZE and kernels.add_scaled_(out, x, alpha):
        return
    if out.__class__ is not np.ndarray or n <= _CHUNK or x.shape != out.shape or not (
            out.flags.c_contiguous and x.flags.c_contiguous):
        out += alpha * x
        return
    flat_out, flat_x = out.reshape(-1), x.reshape(-1)
    tmp = np.empty(_CHUNK, dtype=out.dtype)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        scaled = np.multiply(flat_x[start:stop], alpha, out=tmp[:stop - start])
        flat_out[start:stop] += scaled


def next_step(state, param, *arrays, **scalars):
    """Count one more step in ``state`` and return the step number (1 on the first step).

    An empty ``state`` is first filled: ``"step"``, the initial ``scalars``,
    then one zero array like ``param`` for each name in ``arrays``.
    """
    if not state:
        xp = get_array_module(param)
        state["step"] = 0
        state.update(scalars)
        for name in arrays:
            state[name] = xp.zeros_like(param)
    state["step"] += 1
    return state["step"]


def regularized_grad(param, grad, weight_decay, maximize, decoupled_lr=None):
    """The gradient to step with: negated if ``maximize``, plus the L2 term ``weight_decay * param``.

    With ``decoupled_lr`` (AdamW-style decay) no L2 term is added; the weights
    shrink in place instead, ``param *= 1 - decoupled_lr * weight_decay``.
    ``grad`` itself is never changed.
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        if decoupled_lr is None:
            grad = grad + weight_decay * param
        else:
            param *= 1 - decoupled_lr * weight_decay
    return grad


def ema_(average, x, beta):
    """``average = beta * average + (1 - beta) * x`` in place (a running average), with no temporary the size
    of ``average`` for large NumPy arrays (see ``add_scaled_``)."""
    average *= beta
    add_scaled_(average, x, 1 - beta)


def check(ok, what, value):
    """Raise ``ValueError("Invalid {what}: {value}")`` unless ``ok`` (PyTorch's messages)."""
    if not ok:
        raise ValueError(f"Invalid {what}: {value}")


def _follow(state, data):
    """Keep a parameter's state arrays on its device and in its dtype (after ``Module.to``)."""
    for key, value in state.items():
        if getattr(value, "ndim", 0) and (value.__class__ is not data.__class__ or value.dtype != data.dtype):
            state[key] = backend.transfer(value, backend.device_of(data)).astype(data.dtype)
