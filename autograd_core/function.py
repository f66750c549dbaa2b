"""Function: the base class of every differentiable op, and the way to write a new one.

A Function's ``forward`` runs on raw arrays; its ``backward`` receives the
gradient of each output and returns the gradient of each input. Backward
formulas are written once: in an ordinary backward pass they run on raw
arrays, and under ``create_graph=True`` the same formulas run on Tensors, so
the backward pass is itself recorded and can be differentiated again. For that
to work a formula uses operators and the helpers that accept either kind
(``dual``, ``sum_to``, ``reshape``, ``where`` ...).

Example:
    >>> class Square(ag.Function):
    ...     def forward(self, x):
    ...         self.save_for_backward(x)
    ...         return x * x
    ...     def backward(self, gy):
    ...         x, = self.saved_tensors
    ...         return 2 * x * gy
    >>> y = Square.apply(x)

A graph node keeps its edges (the producing Function and output index of each
input, or the leaf tensor itself), never its output tensors, so intermediate
tensors die as soon as nothing else holds them.
"""
import inspect
import operator

import numpy as np

from . import complex_autograd as _complex_autograd
from .backend import ARRAY_TYPES
from .grad_mode import _mode
from .instrument import instrumented_call
from .tensor import Tensor, _new, register_view, version_counter

_FREED = "freed"
_object_new = object.__new__
_ndarray = np.ndarray
_get_data, _get_rg = operator.attrgetter("_data"), operator.attrgetter("_rg")
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


class Function:
    """Base class for differentiable operations. See the module docstring."""

    _saved = ()        # arrays kept by save_for_backward
    _inputs = None     # input tensors, kept only while something is saved
    _outs = None       # raw output array(s), to recognise saved outputs
    _hooks = None      # {output index: [hook, ...]} from register_hook on outputs
    _n_out = 1
    _stamp = 0         # _mode.stamp when recorded: no in-place op since means nothing to check (-1: packed)
    _watched = ()      # ((output index, version counter), ...) of outputs that have a counter
    returns_view = False  # True where the output's array is a view of the input's (reshape, slicing ...)
    complex_autograd = None  # how backward treats complex gradients: "holomorphic", "ready" (complex_autograd.py)
    _complex = None    # indices of the real inputs, once a recorded call involved complex values

    @classmethod
    def apply(cls, *inputs, **kwargs):
        """Run the op on Tensors (PyTorch's spelling of ``cls(**kwargs)(*inputs)``).

        A subclass written PyTorch's way, with staticmethods ``forward(ctx, ...)`` and
        ``backward(ctx, ...)``, runs through ``autograd_core/ctx_function.py``.
        """
        if isinstance(inspect.getattr_static(cls, "forward"), staticmethod):
            from . import ctx_function
            return ctx_function.run(cls, _CtxNode, inputs)
        return cls(**kwargs)(*[x if isinstance(x, Tensor) else Tensor(x) for x in inputs])

    def forward(self, *arrays):
        raise NotImplementedError(f"{type(self).__name__}.forward")

    def backward(self, *grads):
        raise NotImplementedError(f"{type(self).__name__} is not differentiable")

    def save_for_backward(self, *arrays):
        """Keep arrays for backward. Inputs and outputs among them come back as
        Tensors of the graph under ``create_graph=True``; others as constants."""
        self._saved = arrays

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(
                f"{type(self).__name__}Backward: trying to backward through the graph a second time, "
                "but its saved arrays were freed by the first backward; "
                "pass retain_graph=True to the first backward() if you need to")
        if self._stamp != _mode.stamp:  # an in-place change since the call, or values packed (stamp -1)
            if saved.__class__ is not tuple:  # packed by saved_tensors_hooks (saved_hooks.py)
                return saved.unpack(self)
            _check_versions(self)
        if _mode.backward_on_tensors:
            return tuple(_graph_tensor(self, a) for a in saved)
        return saved

    @property
    def needs_input_grad(self):
        """One bool per input: does backward need to compute that gradient?"""
        return tuple(e is not None for e in self._edges)

    @property
    def next_functions(self):
        """Where each input came from: its Function, the leaf tensor, or None."""
        return tuple(e if e is None or isinstance(e, Tensor) else e[0] for e in self._edges)

    def name(self):
        """The node's name as PyTorch prints it (``MulBackward0`` ...)."""
        return f"{type(self).__name__}Backward0"

    @property
    def metadata(self):
        """A dict the user may fill (kept with the node, as PyTorch's ``grad_fn.metadata``)."""
        return self.__dict__.setdefault("_metadata", {})

    def register_prehook(self, hook):
        """Call ``hook(grad_outputs)`` before this node's backward (after the hooks of its output tensors);
        it may return replacement gradients. Returns a handle whose ``remove()`` unregisters it."""
        return self._node_hook("pre", hook)

    def register_hook(self, hook):
        """Call ``hook(grad_inputs, grad_outputs)`` after this node's backward; it may return replacement
        gradients for the inputs. Returns a handle whose ``remove()`` unregisters it."""
        return self._node_hook("post", hook)

    def _node_hook(self, kind, hook):
        from .tensor import _HookHandle
        if self._hooks is None:
            self._hooks = {}
        hooks = self._hooks.setdefault(kind, [])
        hooks.append(hook)
        return _HookHandle(hooks, hook)

    def __call__(self, *inputs):
        if _mode.instrumented:
            return instrumented_call(self, inputs)
        n = len(inputs)
        if n == 1:
            x = inputs[0]
            y = self.forward(x._data)
            record = x._rg and _mode.enabled
        elif n == 2:
            a, b = inputs
            try:
                y = self.forward(a._data, b._data)
            except Exception as e:  # CuPy refuses NumPy operands: say which op and devices
                _raise_if_devices_differ(self, inputs, e)
                raise
            record = (a._rg or b._rg) and _mode.enabled
        else:
            try:
                y = self.forward(*map(_get_data, inputs))
            except Exception as e:
                _raise_if_devices_differ(self, inputs, e)
                raise
            return self._wrap(inputs, y, _mode.enabled and any(map(_get_rg, inputs)))
        if not record or y.__class__ is not _ndarray:
            return self._wrap(inputs, y, record)
        dtype = y.dtype
        # The first complex value in a graph (complex_autograd.py); by kind, as an equal dtype object may be
        # another (an unpickled array's), after the cheap tests for the usual floats.
        if dtype is not _F32 and dtype is not _F64 and dtype.kind == "c":
            return self._wrap(inputs, y, record)
        # The hot cases, inlined: one or two inputs, one NumPy output, recorded (what _wrap does for them).
        if n == 1:
            node = x._node
            if node is None:
                self._edges = inputs
                self.generation = 1
            else:
                self._edges = (node,)
                self.generation = node[0].generation + 1
        else:
            node, other = a._node, b._node
            gen = 0 if node is None else node[0].generation
            if other is not None and other[0].generation > gen:
                gen = other[0].generation
            self._edges = (node or (a if a._rg else None), other or (b if b._rg else None))
            self.generation = gen + 1
        out = _object_new(Tensor)
        out._data = y
        out._rg = True
        out._node = (self, 0)
        if self._saved:
            self._inputs = inputs
            self._outs = y
            self._stamp = _mode.stamp
        return out

    def _wrap(self, inputs, ys, record):
        """Wrap the outputs in Tensors and, when ``record``, link this call into the graph."""
        if not record:
            if type(ys) is tuple:
                return tuple(_new(y if isinstance(y, ARRAY_TYPES) else _asarray(y), False, None) for y in ys)
            return _new(ys if isinstance(ys, ARRAY_TYPES) else _asarray(ys), False, None)
        edges = []
        gen = 0
        for x in inputs:
            node = x._node
            if node is None:
                edges.append(x if x._rg else None)
            else:
                edges.append(node)
                if node[0].generation > gen:
                    gen = node[0].generation
        if not _mode.complex and _complex_autograd.involves_complex(inputs, ys):
            _complex_autograd.check(self, inputs, ys)
        self._edges = edges
        self.generation = gen + 1
        if type(ys) is tuple:
            ys = tuple(y if isinstance(y, ARRAY_TYPES) else self._as_saved_array(y) for y in ys)
            self._n_out = len(ys)
            outs = tuple(_new(y, True, (self, i)) for i, y in enumerate(ys))
        else:
            if not isinstance(ys, ARRAY_TYPES):
                ys = self._as_saved_array(ys)
            outs = _new(ys, True, (self, 0))
        if self._saved:
            self._inputs = inputs
            self._outs = ys
            self._stamp = _mode.stamp
        return outs

    def _as_saved_array(self, y):
        """A NumPy scalar output (ufuncs return those for 0-d input) -> a 0-d array,
        also where forward saved it, so backward still knows it is an output."""
        array = _asarray(y)
        if self._saved:
            self._saved = tuple(array if a is y else a for a in self._saved)
        return array


class ViewFunction(Function):
    """Base of the ops whose outputs can be views of their input's memory (reshape, permute, basic
    indexing, split ...). The output remembers the tensor it views (``_base``) and shares its in-place
    version counter, so a change through either one is seen by every backward that saved the other."""

    returns_view = True

    def __call__(self, x):
        out = Function.__call__(self, x)
        if self.returns_view:
            if type(out) is tuple:  # split and chunk give several views
                for piece in out:
                    link_view(piece, x)
            else:
                link_view(out, x)
        return out


def link_view(view, x):
    """If ``view``'s array views ``x``'s memory (NumPy and CuPy point a view's ``base`` at the array that
    owns the memory; a reshape that had to copy has another), make ``view`` remember the tensor that owns
    that memory (``x``'s own base if ``x`` is a view: chains of views stay one step deep), share its
    counter, and be one of its views, which a recorded in-place op moves along with it (ops/inplace.py)."""
    owner, memory = view._data.base, x._data
    if owner is None or owner is not memory and owner is not memory.base:
        return
    base = x._base
    if base is None:
        base = x
    view._base = base
    counter = x._version
    view._version = version_counter(x) if counter is None else counter
    register_view(base, view)


def _raise_if_devices_differ(fn, inputs, error):
    devices = list(dict.fromkeys(str(x.device) for x in inputs))
    if len(devices) > 1:
        from .viz import op_name
        raise RuntimeError(f"{op_name(fn)}: inputs are on different devices ({' and '.join(devices)}); "
                           "move them to one with .to(device)") from error


def _asarray(y):
    from .backend import get_array_module
    return get_array_module(y).asarray(y)


def _check_versions(fn):
    """Refuse to run backward on saved arrays that an in-place op has changed since."""
    stamp = fn._stamp
    for i, x in enumerate(fn._inputs or ()):
        v = x._version
        if v is not None and v[0] > stamp and any(a is x._data for a in fn._saved):
            raise RuntimeError(
                f"{type(fn).__name__}Backward: input {i} (shape {x.shape}) that backward needs was modified "
                "by an in-place operation after it was used; use an out-of-place op "
                "(x = x + 1 instead of x += 1) or clone() it first")
    outs = fn._outs if type(fn._outs) is tuple else (fn._outs,)
    for index, v in fn._watched:
        if v[0] > stamp and any(a is outs[index] for a in fn._saved):
            raise RuntimeError(
                f"{type(fn).__name__}Backward: output {index} that backward needs was modified by an in-place "
                "operation; use an out-of-place op or clone() it first")


def _graph_tensor(fn, array):
    """Saved array -> Tensor of the graph, for backward under create_graph=True. An input that a recorded
    in-place op has since moved onto a new array is found by the old array it remembers."""
    for x in fn._inputs:
        if array is x._data:
            return x
        for old, node, requires_grad in x._prior or ():
            if old() is array:
                return _new(array, requires_grad, node)
    outs = fn._outs if type(fn._outs) is tuple else (fn._outs,)
    for j, y in enumerate(outs):
        if array is y:
            return _new(array, True, (fn, j))
    return _new(_asarray(array), False, None)


class _CtxNode(Function):
    """The graph node of a PyTorch-style Function (see ctx_function.py)."""
    complex_autograd = "ready"  # the user's backward is taken as written, as PyTorch

    def forward(self, *arrays):
        from .ctx_function import forward
        return forward(self, *arrays)

    def backward(self, *grads):
        from .ctx_function import backward
        return backward(self, *grads)


def dual(fn, *args):
    """Apply Function instance ``fn`` to Tensors (recorded), or run its forward on raw arrays.

    Backward formulas call ops through this so one formula serves both the
    plain backward pass (arrays) and ``create_graph=True`` (Tensors).
    """
    for a in args:
        if isinstance(a, Tensor):
            return fn(*[b if isinstance(b, Tensor) else _new(b, False, None) for b in args])
    return fn.forward(*args)
