"""The Tensor: one array of the active backend plus what autograd needs to know.

Operators and most methods (``+``, ``exp``, ``sum``, ``reshape`` ...) are the
functional ops bound in ``autograd_core/methods.py``; this file holds the
attributes and the methods that are about the tensor itself.
"""
import weakref

import numpy as np

from . import backend
from .dtypes import DEFAULT_FLOAT, default_complex_dtype
from .grad_mode import _mode
from .settings import array2string_options


class Tensor:
    """A multi-dimensional array that can record the operations applied to it.

    Example:
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> (x * x).sum().backward()
        >>> x.grad
        tensor([2., 4.])
    """

    __slots__ = ("_data", "_rg", "_node", "__dict__", "__weakref__")
    grad = None        # these four are rarely set: class defaults keep creating a tensor cheap
    name = None
    _version = None    # [stamp of the last in-place change], made on first need
    _hooks = None
    _base = None       # for a view (slice, reshape ...): the tensor whose memory it views
    _prior = None      # [(weakref to an old array, its node, requires_grad)] from recorded in-place changes
    _views = None      # _Views: weak references to the views (and detach()/data aliases) of a base's memory
    _inference = False  # True for a tensor made inside inference_mode
    __array_ufunc__ = None  # NumPy defers to our reflected operators: np.ones(3) * t is a Tensor
    __array_priority__ = 1000

    def __init__(self, data, dtype=None, requires_grad=False, name=None):
        if isinstance(data, Tensor):
            data = data._data
        _init(self, to_array(data, dtype), False, None)
        self.name = name
        if requires_grad:
            self.requires_grad_(True)

    def __getstate__(self):
        """Pickle the tensor alone, as a leaf (as PyTorch): not the graph that made it, nor the tensor
        a view of it shares memory with."""
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("_base", "_version", "_prior", "_views", "_forward_ad")}
        return state, {"_data": self._data, "_rg": self._rg, "_node": None}

    def __setstate__(self, state):
        state, slots = state
        self.__dict__.update(state)
        for name, value in slots.items():
            setattr(self, name, value)
        _note_complex_leaf(self)

    def __deepcopy__(self, memo):
        """A copy of a leaf tensor (data, requires_grad, grad, name); as in PyTorch, a tensor made by
        an op can't be deep-copied (it would copy its whole graph)."""
        if self._node is not None:
            raise RuntimeError("deepcopy: only leaf tensors (made by the user, not by an op) can be deep-copied; "
                               "copy t.detach().clone() instead")
        import copy
        t = _object_new(type(self))
        memo[id(self)] = t
        _init(t, self._data.copy(), self._rg, None)
        t.__dict__.update(copy.deepcopy(self.__getstate__()[0], memo))
        return t

    # -- what the tensor holds -------------------------------------------------
    @property
    def data(self):
        """A tensor sharing this one's memory, outside the graph, as in PyTorch: changes made through
        it (``p.data.mul_(0.9)``, ``p.data[...] = w``) bypass autograd and its in-place checks."""
        t = _new(self._data, False, None)
        register_view(self if self._base is None else self._base, t)
        return t

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else value
        _note_complex_leaf(self)

    @property
    def shape(self):
        return self._data.shape

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def dtype(self):
        return self._data.dtype

    @property
    def device(self):
        return backend.device_of(self._data)

    @property
    def T(self):
        from .ops.shape import transpose
        return transpose(self)

    @property
    def mT(self):
        """The last two dims swapped (the transpose of each matrix in a batch), as PyTorch's ``x.mT``."""
        from .ops.shape import mT
        return mT(self)

    def dim(self):
        return self._data.ndim

    def size(self, dim=None):
        """The shape, or its length along ``dim``."""
        return self._data.shape if dim is None else self._data.shape[dim]

    def numel(self):
        return self._data.size

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise ValueError(f"item(): only one-element tensors can be converted, got shape {self.shape}")
        backend.raise_pending()
        return self._data.item()

    def tolist(self):
        backend.raise_pending()
        return self._data.tolist()

    def numpy(self):
        """The data as a NumPy array (copied to host if on a GPU)."""
        if self._rg:
            raise RuntimeError("numpy(): can't call numpy() on a tensor that requires grad; "
                               "use tensor.detach().numpy()")
        return backend.to_numpy(self._data)

    def __array__(self, dtype=None, copy=None):
        data = backend.to_numpy(self._data)
        return data if dtype is None else data.astype(dtype)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(f"the truth value of a tensor with {self._data.size} elements is ambiguous")
        backend.raise_pending()
        return bool(self._data)

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __complex__(self):
        """``complex(t)`` of a one-element tensor, as PyTorch (real ones give an imaginary part 0)."""
        return complex(self.item())

    def __format__(self, spec):
        """``f"{loss:.4f}"`` formats a 0-d tensor's value, as PyTorch; other tensors format as their repr."""
        if self._data.ndim == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec) if spec else repr(self)

    def __round__(self, ndigits=None):
        """``round(t)``: elementwise rounding (half to even), a tensor as PyTorch's."""
        from .ops import round as round_
        if ndigits is None:
            return round_(self)
        scale = 10.0 ** ndigits
        return round_(self * scale) / scale

    def __index__(self):
        if self._data.dtype.kind not in "iub":
            raise TypeError(f"only integer tensors can be used as an index, got {self.dtype}")
        return int(self.item())

    __hash__ = object.__hash__

    # -- autograd attributes ---------------------------------------------------
    @property
    def requires_grad(self):
        return self._rg

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        """Set whether autograd records operations on this leaf tensor (in place)."""
        if self._node is not None:
            if not requires_grad:
                raise RuntimeError("requires_grad_(False): only leaf tensors can stop requiring grad; "
                                   "use detach() for a non-leaf")
            return self
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError(f"only floating point tensors can require gradients, got dtype {self.dtype}; "
                               f"convert first, e.g. x.float()")
        self._rg = bool(requires_grad)
        _note_complex_leaf(self)
        return self

    def is_inference(self):
        """True for a tensor made inside ``ag.inference_mode``."""
        return self._inference

    @property
    def is_leaf(self):
        return self._node is None

    @property
    def grad_fn(self):
        """The Function that made this tensor, or None for a leaf."""
        return None if self._node is None else self._node[0]

    @property
    def retains_grad(self):
        return self._hooks is not None and any(getattr(h, "retains", False) for h in self._hooks)

    def detach(self):
        """A new leaf sharing this tensor's data (and in-place version counter), outside the graph."""
        t = _new(self._data, False, None)
        t._version = version_counter(self)  # shared: an in-place change through either is seen by both
        register_view(self if self._base is None else self._base, t)
        return t

    def detach_(self):
        self._node = None
        self._rg = False
        return self

    def retain_grad(self):
        """Keep ``.grad`` on this non-leaf tensor after backward."""
        if self._node is None:
            return
        if not self._rg:
            raise RuntimeError("retain_grad() on a tensor that does not require grad")
        if self.retains_grad:
            return
        import weakref
        ref = weakref.ref(self)

        def keep(grad):
            t = ref()
            if t is not None:
                t.grad = grad if t.grad is None else t.grad + grad
        keep.retains = True
        self.register_hook(keep)

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed.

        The hook may return a replacement gradient. Returns a handle whose
        ``remove()`` unregisters the hook.
        """
        if not self._rg:
            raise RuntimeError("register_hook() on a tensor that does not require grad")
        if self._node is None:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
        else:
            fn, index = self._node
            if fn._hooks is None:
                fn._hooks = {}
            hooks = fn._hooks.setdefault(index, [])
            if self._hooks is None:  # remembered too, so retains_grad can see it
                self._hooks = []
            self._hooks.append(hook)
        hooks.append(hook)
        return _HookHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """Call ``hook(self)`` once backward has accumulated this leaf's whole gradient into ``.grad``
        (not for ``autograd.grad``, which accumulates nothing): an optimizer step can run there.
        Returns a handle whose ``remove()`` unregisters the hook."""
        if self._node is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")

        def after(t):
            if hook(t) is not None:
                raise TypeError(f"post accumulate grad hook {hook!r} must return None")
        after.post_accumulate = True
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(after)
        return _HookHandle(self._hooks, after)

    # -- conversions -----------------------------------------------------------
    def astype(self, dtype):
        """A copy cast to ``dtype``; differentiable between float types."""
        from .ops.arithmetic import cast
        return cast(self, dtype)

    def to(self, *args, dtype=None, device=None, copy=False):
        """Cast to a dtype and/or move to a device: ``x.to(ag.float64)``, ``x.to('cpu')``."""
        for a in args:
            if isinstance(a, (str, backend.device)):
                device = a
            else:
                dtype = a
        out = self
        if dtype is not None:
            out = out.astype(dtype)
        if device is not None:
            from .ops.device import to_device
            out = to_device(out, device)
        if copy and out is self:
            out = self.clone()
        return out

    def cuda(self, device=None):
        """This tensor on a CUDA device (``cuda:0`` unless ``device``)."""
        return self.to(device if isinstance(device, (str, backend.device)) else backend.device("cuda", device))

    def cpu(self):
        """This tensor on the CPU (differentiable)."""
        return self.to("cpu")

    def float(self):
        return self.astype(np.float32)

    def double(self):
        return self.astype(np.float64)

    def long(self):
        return self.astype(np.int64)

    def int(self):
        return self.astype(np.int32)

    def bool(self):
        return self.astype(np.bool_)

    # -- display ---------------------------------------------------------------
    def _repr_html_(self):
        from .viz import _tensor_repr_html  # Jupyter: the values, then the graph that made them
        return _tensor_repr_html(self)

    def __repr__(self):
        data = backend.to_numpy(self._data)
        body = np.array2string(data, separator=", ", prefix="tensor(", **array2string_options(data))
        extras = []
        if data.dtype not in (np.float32, np.int64, np.bool_, np.complex64):
            extras.append(f"dtype={data.dtype}")
        if self.device.type != "cpu":
            extras.append(f"device='{self.device}'")
        if self._node is not None:
            extras.append(f"grad_fn=<{type(self._node[0]).__name__}Backward>")
        elif self._rg:
            extras.append("requires_grad=True")
        return "tensor(" + ", ".join([body] + extras) + ")"


class _HookHandle:
    __slots__ = ("hooks", "hook")

    def __init__(self, hooks, hook):
        self.hooks, self.hook = hooks, hook

    def remove(self):
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)


def _note_complex_leaf(t):
    """A complex tensor that requires grad, however it was made, turns on complex autograd's checked path."""
    if t._rg and t._data.dtype.kind == "c":
        from . import complex_autograd
        complex_autograd.enable()


def _init(t, data, requires_grad, node):
    t._data = data
    t._rg = requires_grad
    t._node = node
    if _mode.inference:
        t._inference = True


_object_new = object.__new__


def _new(data, requires_grad, node):
    """Wrap a raw array without checks: the engine's fast constructor."""
    t = _object_new(Tensor)
    t._data = data
    t._rg = requires_grad
    t._node = node
    if _mode.inference:
        t._inference = True
    return t


class _Views(list):
    """A base's weak references to the tensors that view its memory; the dead ones are dropped whenever
    the list has doubled since the last time (``limit``), so keeping many views alive stays linear."""
    __slots__ = ("limit",)


_ref = weakref.ref


def register_view(base, t):
    """Add ``t``, a view (or ``detach()``/``data`` alias) of ``base``'s memory, to ``base``'s views, which a
    recorded in-place op moves along with ``base`` (ops/inplace.py); a leaf that requires grad is never
    moved so, and keeps none."""
    if base._node is not None or not base._rg:
        views = base._views
        if views is None:
            views = base._views = _Views()
            views.limit = 64
        views.append(_ref(t))
        if len(views) > views.limit:
            views[:] = [r for r in views if r() is not None]
            views.limit = max(64, 2 * len(views))


def version_counter(t):
    """``t``'s in-place version counter ([stamp of its last in-place change]), made on first need.

    The Function that produced ``t`` watches the counter, so its backward sees an in-place
    change made through any alias of ``t``: ``t.detach()`` and views (slices, reshapes ...)
    share the counter of the tensor they view, as in PyTorch.
    """
    v = t._version
    if v is None:
        v = t._version = [0]
        if t._node is not None:
            fn, index = t._node
            fn._watched = fn._watched + ((index, v),)
    return v


_PYTHON_DATA = (int, float, bool, complex, list, tuple)


def to_array(data, dtype=None, xp=None):
    """Turn user data into an array: Python floats become the default float dtype (float32) and Python complex
    numbers the matching complex dtype (complex64), NumPy dtypes are kept.
    A CuPy array stays a CuPy array unless ``xp`` says otherwise."""
    if isinstance(data, Tensor):
        data = data._data
    if xp is None:
        xp = backend.get_array_module(data)
    if dtype is not None:
        dtype = np.dtype(dtype) if not isinstance(dtype, np.dtype) else dtype
        return xp.asarray(data, dtype=dtype)
    arr = xp.asarray(data)
    if arr.dtype == np.float64 and isinstance(data, _PYTHON_DATA):
        arr = arr.astype(DEFAULT_FLOAT[0], copy=False)
    elif arr.dtype == np.complex128 and isinstance(data, _PYTHON_DATA):
        arr = arr.astype(default_complex_dtype(), copy=False)
    elif arr.dtype.kind == "O":
        raise TypeError(f"tensor(): can't make a tensor from {type(data).__name__} data")
    return arr
