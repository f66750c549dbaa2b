"""Reverse-mode differentiation: the backward walk, ``backward`` and ``grad``.

The walk is iterative. Functions wait in a heap ordered by generation (a
Function's generation is one more than its newest input's), so a Function runs
only after every Function that consumes its outputs has run, and each runs
once. Pending gradients live in a dict local to the walk; only leaves (and
tensors that asked with ``retain_grad()``) get ``.grad``.
"""
from heapq import heappop, heappush, heappushpop
from itertools import count

import numpy as np


from .backend import asarray, get_array_module
from . import graph  # noqa: F401  (ag.autograd.graph: saved-tensor hooks, Node, as torch.autograd.graph)
from .function import _FREED, Function  # noqa: F401  (ag.autograd.Function, as torch.autograd.Function)
from .grad_mode import (_mode, detect_anomaly, enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                        is_inference_mode_enabled, no_grad, set_detect_anomaly, set_grad_enabled)  # torch.autograd's
from .tensor import Tensor, _new

Variable = Tensor  # torch.autograd.Variable: merged into Tensor, as in PyTorch


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the graph's leaves.

    ``inputs``, if given, limits the accumulation to those tensors.
    """
    roots, grads = _roots_and_grads(tensors, grad_tensors, create_graph, "backward")
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is None:
        _walk(roots, grads, retain_graph, create_graph, None)
        return
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    found = _walk(roots, grads, retain_graph, create_graph, _capture_keys(inputs, "backward"))
    for t, g in zip(inputs, found):
        if g is not None:
            _accumulate_grad(t, g, create_graph, set())


def tensor_backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the gradient of this tensor with respect to the graph's leaves (``Tensor.backward``).

    Gradients accumulate into ``.grad`` of leaves (and of tensors that called
    ``retain_grad()``). ``gradient`` is required unless the tensor has one element.
    """
    backward(self, gradient, retain_graph=retain_graph, create_graph=create_graph, inputs=inputs)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """Return the gradients of ``outputs`` with respect to ``inputs`` (a tuple), without touching ``.grad``.

    Example:
        >>> gx, = ag.grad(y, x, create_graph=True)   # differentiable: gx can be differentiated again
    """
    roots, grads = _roots_and_grads(outputs, grad_outputs, create_graph, "grad")
    if retain_graph is None:
        retain_graph = create_graph
    single = isinstance(inputs, Tensor)
    inputs = (inputs,) if single else tuple(inputs)
    found = _walk(roots, grads, retain_graph, create_graph, _capture_keys(inputs, "grad"))
    result = []
    for i, (t, g) in enumerate(zip(inputs, found)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(f"grad(): input {i} (shape {t.shape}) is not part of the graph of the "
                                   "outputs; pass allow_unused=True to get None for it")
            result.append(None)
        else:
            result.append(g if isinstance(g, Tensor) else _grad_tensor(g))
    return tuple(result)


def _capture_keys(inputs, where):
    keys = []
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor) or not t._rg:
            raise RuntimeError(f"{where}(): input {i} does not require grad")
        keys.append(t if t._node is None else t._node)
    return keys


def _roots_and_grads(tensors, grad_tensors, create_graph, where):
    if grad_tensors is None and tensors.__class__ is Tensor:  # the hot case: loss.backward()
        return (tensors,), [_seed(0, tensors, None, create_graph, where)]
    roots = (tensors,) if isinstance(tensors, Tensor) else tuple(tensors)
    if grad_tensors is None:
        grad_tensors = (None,) * len(roots)
    elif not isinstance(grad_tensors, (list, tuple)):
        grad_tensors = (grad_tensors,)
    if len(grad_tensors) != len(roots):
        raise RuntimeError(f"{where}(): got {len(grad_tensors)} gradients for {len(roots)} outputs")
    return roots, [_seed(i, t, g, create_graph, where) for i, (t, g) in enumerate(zip(roots, grad_tensors))]


def _seed(i, t, g, create_graph, where):
    """The gradient that starts the walk at output ``t`` (element ``i`` of the outputs): ``g``, or a one."""
    if not t._rg:
        raise RuntimeError(f"{where}(): element {i} of the outputs does not require grad and has no grad_fn; "
                           "did you compute it under no_grad() or from tensors without requires_grad=True?")
    data = t._data
    xp = get_array_module(data)
    if g is None:
        if data.size != 1:
            raise RuntimeError(f"{where}(): grad can be created implicitly only for one-element outputs, "
                               f"but the output has shape {t.shape}; pass gradient= of that shape")
        if data.dtype.kind == "c":
            raise RuntimeError(f"{where}(): grad can be created implicitly only for real scalar outputs, but the "
                               f"output is {data.dtype}; take a real loss (abs(), real ...) or pass gradient=")
        g = xp.array(1, data.dtype)
        if data.ndim:
            g = g.reshape(data.shape)
    else:
        g_data = g._data if isinstance(g, Tensor) else xp.asarray(g)
        if g_data.shape != data.shape:
            raise RuntimeError(f"{where}(): gradient has shape {g_data.shape} but the output has shape "
                               f"{data.shape}; they must match")
        if (g_data.dtype.kind == "c") != (data.dtype.kind == "c"):
            raise RuntimeError(f"{where}(): for complex tensors, both grad_output and output are required to have "
                               f"the same dtype; grad_output[{i}] is {g_data.dtype} but output[{i}] is {data.dtype}")
        if isinstance(g, Tensor) and create_graph:
            return g if g.dtype == t.dtype else g.astype(t.dtype)
        g = g_data.astype(data.dtype, copy=True)
    return _new(g, False, None) if create_graph else g


def _walk(roots, grads, retain_graph, create_graph, capture):
    """Run backward from ``roots``. With ``capture`` (a list of leaf tensors or
    (fn, index) nodes), return their gradients instead of accumulating ``.grad``."""
    pending = {}
    heap = []
    tiebreak = count()
    handed = set()  # arrays already given to a .grad: never give one to two tensors
    captured = {}
    summed = {}  # leaves whose gradient must be complete first: they have hooks, or grad() wants them
    wanted = None if capture is None else {id(k) if isinstance(k, Tensor) else k for k in capture}

    for root, g in zip(roots, grads):
        node = root._node
        if node is None:
            _leaf_grad(root, g, create_graph, handed, wanted, summed)
            continue
        fn, index = node
        slots = pending.get(fn)
        if slots is None:
            slots = pending[fn] = [None] * fn._n_out
            heappush(heap, (-fn.generation, next(tiebreak), fn))
        slots[index] = g if slots[index] is None else slots[index] + g

    prev = _mode.enabled, _mode.backward_on_tensors
    _mode.enabled = _mode.backward_on_tensors = create_graph
    instrumented = _mode.instrumented
    fn = heappop(heap)[2] if heap else None
    gys = None
    try:
        while fn is not None:
            if gys is None:
                gys = pending.pop(fn)
            hooks = fn._hooks
            if hooks is not None:
                gys = _run_output_hooks(fn, list(gys), create_graph)
            if wanted is not None:
                for i, g in enumerate(gys):
                    if (fn, i) in wanted:
                        captured[(fn, i)] = g
            if instrumented:
                from .instrument import instrumented_backward
                gxs = instrumented_backward(fn, gys)
            else:
                gxs = fn.backward(*gys)
            if hooks is not None and "post" in hooks:
                gxs = _run_post_hooks(hooks["post"], gxs, gys, create_graph)
            if not retain_graph and fn._saved:
                fn._saved = _FREED
                fn._inputs = fn._outs = None
            if type(gxs) is not tuple:
                edge = fn._edges[0]
                if not heap and type(edge) is tuple and gxs is not None and edge[0]._n_out == 1:
                    # a chain: nothing else is pending, so go straight on to the parent
                    fn, gys = edge[0], (gxs,)
                    continue
                gxs = (gxs,)
            gys = None
            new = None  # the first Function this one made pending: skips the heap on a chain
            for edge, gx in zip(fn._edges, gxs):
                if gx is None or edge is None:
                    continue
                if type(edge) is tuple:
                    parent, index = edge
                    slots = pending.get(parent)
                    if slots is None:
                        slots = pending[parent] = [None] * parent._n_out
                        slots[index] = gx
                        if new is None:
                            new = parent
                        else:
                            heappush(heap, (-parent.generation, next(tiebreak), parent))
                    else:
                        old = slots[index]
                        slots[index] = gx if old is None else old + gx
                else:
                    _leaf_grad(edge, gx, create_graph, handed, wanted, summed)
            if new is None:
                fn = heappop(heap)[2] if heap else None
            elif heap:
                fn = heappushpop(heap, (-new.generation, next(tiebreak), new))[2]
            else:
                fn = new
        for leaf, g in summed.values():  # hooks see the whole gradient of a leaf, once
            if leaf._hooks:
                g = _call_hooks(leaf._hooks, g, create_graph)
            if wanted is None:
                _accumulate_grad(leaf, g, create_graph, handed)
                for hook in list(leaf._hooks):
                    if getattr(hook, "post_accumulate", False):
                        hook(leaf)
            else:
                captured[id(leaf)] = g
    finally:
        _mode.enabled, _mode.backward_on_tensors = prev
    if capture is not None:
        return [captured.get(id(k) if isinstance(k, Tensor) else k) for k in capture]
    return None


def _leaf_grad(leaf, gx, create_graph, handed, wanted, summed):
    """Accumulate a leaf's gradient now, or sum it for the end of the walk."""
    if wanted is None and not leaf._hooks:
        _accumulate_grad(leaf, gx, create_graph, handed)
        return
    if wanted is not None and id(leaf) not in wanted:
        return
    entry = summed.get(id(leaf))
    if entry is None:
        summed[id(leaf)] = [leaf, gx]
    else:
        entry[1] = entry[1] + gx


def _accumulate_grad(t, gx, create_graph, handed):
    """Add ``gx`` into ``t.grad``."""
    g = t.grad
    if create_graph:
        if not isinstance(gx, Tensor):
            gx = _grad_tensor(gx)
        t.grad = gx if g is None else g + gx
        return
    if isinstance(gx, Tensor):
        gx = gx._data
    if isinstance(gx, np.generic):  # NumPy makes a 0-d result a scalar; .grad holds an array
        gx = np.asarray(gx)
    if g is None:
        owner = gx if gx.base is None else gx.base
        if id(owner) in handed or not getattr(gx.flags, "writeable", True) or (0 in gx.strides and gx.size > 1):
            # shared with another .grad, or a broadcast view (read-only in NumPy, writable in CuPy)
            gx = gx.copy()
        else:
            handed.add(id(owner))
        t.grad = _new(gx, False, None)
    else:
        total = g._data + gx
        g._data = np.asarray(total) if isinstance(total, np.generic) else total


def _grad_tensor(g):
    """A gradient array as a Tensor: NumPy makes 0-d results scalars, which a Tensor never holds."""
    return _new(np.asarray(g) if isinstance(g, np.generic) else g, False, None)


def _call_hooks(hooks, g, create_graph):
    for hook in list(hooks):
        if getattr(hook, "retains", False) or getattr(hook, "post_accumulate", False):
            continue
        out = hook(g if isinstance(g, Tensor) else _grad_tensor(g))
        if out is not None:
            out = out if create_graph else (out._data if isinstance(out, Tensor) else asarray(out))
            _check_hook_dtype(hook, g, out)
            g = out
    for hook in hooks:  # retain_grad() sees the gradient after the other hooks, as in PyTorch
        if getattr(hook, "retains", False):
            hook(g if isinstance(g, Tensor) else _grad_tensor(g.copy()))
    return g


def _run_output_hooks(fn, gys, create_graph):
    """The hooks of the node's output tensors, then its own pre-hooks (``grad_fn.register_prehook``)."""
    for index, hooks in fn._hooks.items():
        if index.__class__ is int and gys[index] is not None and hooks:
            gys[index] = _call_hooks(hooks, gys[index], create_graph)
    for hook in list(fn._hooks.get("pre", ())):
        out = hook(_as_tensors(gys))
        if out is not None:
            gys = list(_replacement(hook, out, gys, create_graph))
    return gys


def _run_post_hooks(hooks, gxs, gys, create_graph):
    """A node's ``register_hook`` hooks: ``hook(grad_inputs, grad_outputs)``, which may replace grad_inputs."""
    single = type(gxs) is not tuple
    grads = (gxs,) if single else gxs
    for hook in list(hooks):
        out = hook(_as_tensors(grads), _as_tensors(gys))
        if out is not None:
            grads = _replacement(hook, out, grads, create_graph)
    return grads[0] if single else grads


def _as_tensors(grads):
    return tuple(g if g is None or isinstance(g, Tensor) else _grad_tensor(g) for g in grads)


def _replacement(hook, out, grads, create_graph):
    """A node hook's replacements for ``grads``: as many, as Tensors under create_graph, else arrays."""
    out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    if len(out) != len(grads):
        raise RuntimeError(f"hook {hook!r} returned {len(out)} gradients; the node has {len(grads)}")
    for g, new in zip(grads, out):
        _check_hook_dtype(hook, g, new)
    return out if create_graph else tuple(g._data if isinstance(g, Tensor) else g for g in out)


def _check_hook_dtype(hook, g, new):
    """Refuse a hook's gradient that makes a real gradient complex or a complex one real, as PyTorch."""
    if g is not None and new is not None and (g.dtype.kind == "c") != (new.dtype.kind == "c"):
        raise RuntimeError(f"hook {hook!r} has changed the type of value (was {g.dtype} got {new.dtype})")


def __getattr__(name):
    """``ag.autograd.functional`` (torch.autograd.functional: jacobian, hessian, vjp ...), from
    autograd_functional.py, ``ag.autograd.forward_ad`` (dual tensors) and ``gradcheck``/``gradgradcheck``,
    imported on first use (they import this module)."""
    if name == "functional":
        from . import autograd_functional
        return autograd_functional
    if name == "forward_ad":
        from . import forward_ad
        return forward_ad
    if name in ("gradcheck", "gradgradcheck"):
        import importlib  # the package's ``gradcheck`` attribute is the function, not the module
        return getattr(importlib.import_module(".gradcheck", __package__), name)
    raise AttributeError(f"module 'autograd_core.autograd' has no attribute {name!r}")
