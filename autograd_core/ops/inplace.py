"""In-place ops (``x += y``, ``x.add_(y)``, ``x[i] = v``, ``zero_`` ...).

When no graph is recorded they change the array in place and bump the
tensor's version counter (shared with the tensor it views, for a view), so a
backward that saved the old values refuses to run. When a graph is recorded
they are computed out of place and the tensor is moved onto the result (the old
array, which backward may need, is untouched); its views move along, each
recorded as an index of the moved tensor (its ``detach()`` and ``data`` aliases
just look at the new array, which is laid out in memory as the old one was).
A view (slice, reshape, transpose ...) is changed through the tensor it views,
as PyTorch rebases it: the op records ``base[where the view lies] = result``.
"""
import weakref

import numpy as np

from ..backend import data_pointer, get_array_module
from ..function import Function
from ..grad_mode import _mode, enable_grad
from ..tensor import Tensor, _new, version_counter
from ._util import as_tensor, bool_mask
from .arithmetic import check_ordered


def apply_inplace(x, op, out_of_place, in_place, others=()):
    """Run an in-place op on Tensor ``x``; see the module docstring. ``out_of_place(t)`` records the
    result from ``t``, a stand-in for ``x`` as it is before the change; ``in_place(array)`` changes
    ``x``'s array when nothing is recorded (None: ``out_of_place``'s result is written into it)."""
    records = _mode.enabled and (x._rg or any(isinstance(o, Tensor) and o._rg for o in others))
    if not records:
        if in_place is None:
            values = _result(x, op, out_of_place)._data

            def in_place(data):
                data[...] = values
        try:
            in_place(x._data)
        except TypeError as e:  # NumPy refusing to cast, e.g. a float result into an integer tensor
            raise RuntimeError(f"{op}: the result can't be written into the tensor's dtype {x.dtype} ({e}); "
                               "use an out-of-place op") from None
        except ValueError:  # NumPy refusing to write into read-only memory
            if getattr(x._data.flags, "writeable", True):
                raise
            raise RuntimeError(f"{op}: the tensor's memory is read-only (an expanded view, in which several elements "
                               "share one memory location, or read-only data); clone() it first") from None
        mark_changed([x])
        return x
    if x._node is None and x._rg:
        raise RuntimeError(f"{op}: a leaf tensor that requires grad can't be changed in place while "
                           "recording a graph; do it under `with ag.no_grad():` or on a clone()")
    if x._base is not None:
        return _through_base(x, op, out_of_place)
    out = _result(x, op, out_of_place)
    _move(x, out._data, out._node)  # a new array: what backward saved of the old one is untouched
    return x


def _move(x, data, node):
    """Move ``x`` onto a new array and node (and a new version counter), remembering the old ones (the array
    by a weak reference) for the nodes that saved the old array as ``x``'s value, so a backward under
    create_graph=True finds its graph; the views of ``x`` move along, and ``retain_grad()`` moves to the
    new node (as PyTorch: ``.grad`` is then the gradient of the new value)."""
    old = x._data
    prior = _remembered(x)
    retained = [h for h in x._hooks or () if getattr(h, "retains", False)]
    for hook in retained:
        x._hooks.remove(hook)
        x._node[0]._hooks[x._node[1]].remove(hook)
    if x._views and data.strides != old.strides and _one_place_each(old):
        data = _like(data, old)  # the views' places in the old array are their places in the new one
    x._prior = prior
    x._data, x._node, x._rg, x._version = data, node, True, None
    if retained:
        x.retain_grad()
    if x._views:
        _move_views(x, old)


def _remembered(x):
    """``x._prior`` with ``x``'s array (a weak reference), node and requires_grad added, for ``x`` to move off them."""
    prior = [p for p in x._prior or () if p[0]() is not None]
    prior.append((weakref.ref(x._data), x._node, x._rg))
    return prior


def _move_views(base, old):
    """Point the live views of ``base``'s old array ``old`` at the same places of its new one (laid out
    alike), each taken from the base by a recorded index, so its gradient flows there (PyTorch rebases
    views so); a ``detach()`` or ``data`` alias just looks at the new array."""
    from .complex_parts import view_as_complex, view_as_real
    from .indexing import GetItem
    views = [v for v in (r() for r in base._views) if v is not None]
    base._views[:] = map(weakref.ref, views)
    if not views or not _one_place_each(old):
        return
    layouts = {}  # the positions in the old memory and the new memory, read as the base's dtype or its pairs
    for v in views:
        view, source = _same_kind(v._data, old)
        pairs = source is not old
        if pairs not in layouts:
            layouts[pairs] = _positions(source), _memory(_pairs(base._data) if pairs else base._data)
        positions, new = layouts[pairs]
        start = _start(view, source)
        if start is None:
            continue
        data = _strided(new, start, view)
        data = data if view is v._data else data.view(v.dtype)[..., 0]
        if v._base is None:  # an alias, outside the graph
            v._data = data
            if v._version is not None:
                v._version = version_counter(base)
            continue
        index = tuple(get_array_module(old).unravel_index(_strided(positions, start, view), source.shape))
        taken = GetItem(index, True)(view_as_real(base) if pairs else base)
        _move(v, data, (taken if view is v._data else view_as_complex(taken))._node)
        v._version = version_counter(base)


def _result(x, op, out_of_place):
    """The recorded out-of-place result, checked to fit ``x`` (shape) and cast to its dtype.

    It is computed from a stand-in for ``x`` (same array, node and version counter), so the nodes that
    saved the old value still find it, and its graph, once ``x`` is moved onto the result: a double
    backward through the in-place op differentiates through the old value too."""
    before = _new(x._data, x._rg, x._node)
    before._version = x._version
    out = out_of_place(before)
    if out.shape != x.shape:
        raise RuntimeError(f"{op}: the result has shape {out.shape}, but the tensor changed in place has shape "
                           f"{x.shape}; an in-place op can't broadcast the tensor it changes")
    if out.dtype != x.dtype:
        if not np.can_cast(out.dtype, x.dtype, "same_kind"):
            raise RuntimeError(f"{op}: the result has dtype {out.dtype}, which can't be cast to the dtype "
                               f"{x.dtype} of the tensor changed in place; use an out-of-place op")
        from .arithmetic import cast
        out = cast(out, x.dtype)  # in place keeps the tensor's dtype, as PyTorch
    return out


def _through_base(x, op, out_of_place):
    """A recorded in-place op on a view ``x`` of ``base`` (a slice, reshape, transpose ...): records
    ``base[where x lies] = result`` on the base, as PyTorch rebases it; the base's views, ``x`` among
    them, then look at the base's new values, and their gradients flow to it."""
    from .complex_parts import view_as_complex, view_as_real
    from .indexing import SetItem, setitem
    base = x._base
    if base._node is None and base._rg:
        raise RuntimeError(f"{op}: the tensor is a view of a leaf tensor that requires grad, which can't be "
                           "changed in place while recording a graph; do it under `with ag.no_grad():` "
                           "or on a clone()")
    if not _one_place_each(x._data):
        raise RuntimeError(f"{op}: the tensor is an expanded view in which several elements share one memory "
                           "location; clone() it before changing it in place")
    view, memory = _same_kind(x._data, base._data)
    start = _start(view, memory)
    if start is None:
        raise RuntimeError(f"{op}: the tensor is a view of a tensor that has since moved to new memory, so a "
                           "change would not reach it; take the view again after that change")
    xp = get_array_module(base._data)
    index = tuple(xp.unravel_index(_strided(_positions(memory), start, view), memory.shape))
    result = _result(x, op, out_of_place)
    if memory is not base._data:  # a real view (.real, .imag, view_as_real) of a complex base: write its pairs
        apply_inplace(base, op, lambda t: view_as_complex(SetItem(index, True)(view_as_real(t), result)), None,
                      others=(result,))
    else:  # moves the base, and x with it
        setitem(base, index, result if view is x._data else view_as_real(result))
    return x


def _same_kind(view, memory):
    """Arrays ``view`` and ``memory`` read with one dtype: a complex one as its real pairs where the other
    is real (a view by view_as_complex, .real, .imag or view_as_real)."""
    if view.dtype.kind == "c" and memory.dtype.kind != "c":
        return _pairs(view), memory
    if memory.dtype.kind == "c" and view.dtype.kind != "c":
        return view, _pairs(memory)
    return view, memory


def _pairs(array):
    """A complex array's memory read as its real and imaginary parts: a real view of shape (..., 2)."""
    re = array.real
    return get_array_module(array).lib.stride_tricks.as_strided(re, re.shape + (2,), re.strides + (re.itemsize,))


def _memory(array):
    """A 1-D view of the memory ``array`` spans, from its lowest address (its elements and any gaps)."""
    low = array[(...,) + tuple(slice(None, None, -1 if s < 0 else 1) for s in array.strides)]
    span = 1 + sum((n - 1) * s for n, s in zip(low.shape, low.strides)) // low.itemsize if low.size else 0
    return get_array_module(array).lib.stride_tricks.as_strided(low, (span,), (low.itemsize,))


def _like(values, layout):
    """A new array holding ``values`` (of ``layout``'s shape), laid out in memory as ``layout`` is."""
    start = _start(layout, layout)
    memory = get_array_module(layout).empty(_memory(layout).size, values.dtype)
    out = _strided(memory, start, layout)
    out[...] = values
    return out


def _positions(array):
    """The memory (as ``_memory``) of the C-order position of each element of ``array`` laid out as
    ``array`` is: read at a view's start and strides, it gives the view's positions in ``array``."""
    return _memory(_like(get_array_module(array).arange(array.size).reshape(array.shape), array))


def _one_place_each(array):
    """Has every element of ``array`` a place in memory of its own (it is neither empty nor broadcast)?"""
    return array.size > 0 and all(s != 0 or n == 1 for s, n in zip(array.strides, array.shape))


def _start(view, array):
    """Where ``view`` starts in the memory ``array`` spans, in elements from its lowest address; None if it
    lies elsewhere."""
    memory = _memory(array)
    start = (data_pointer(view) - data_pointer(memory)) // array.itemsize
    return start if 0 <= start < memory.size else None


def _strided(memory, start, like):
    """The view of 1-D ``memory`` laid out as ``like`` (shape and strides, counted in elements of ``like``)
    from element ``start``."""
    strides = tuple(s // like.itemsize * memory.itemsize for s in like.strides)
    return get_array_module(memory).lib.stride_tricks.as_strided(memory[start:], like.shape, strides)


def mark_changed(tensors):
    """Record that the arrays of ``tensors`` were changed in place (optimizers call this), so a
    backward that saved their old values refuses to run instead of using the new ones."""
    _mode.stamp += 1
    for t in tensors:
        version_counter(t)[0] = _mode.stamp


def _binary_inplace(name, fn, dunder, scaled=False, rounded=None):
    """Tensor method ``name``: ``fn(x, other)`` written into ``x`` (NumPy's ``dunder`` when nothing is recorded);
    ``scaled`` takes ``alpha``, and ``rounded`` (the in-place form of ``div``) serves ``rounding_mode``."""
    def method(self, other, *, alpha=None, rounding_mode=None):
        if rounding_mode is not None:
            if rounded is None:
                raise TypeError(f"{name}() got an unexpected keyword argument 'rounding_mode'")
            return rounded(self, other, rounding_mode=rounding_mode)
        if alpha is not None:  # PyTorch's x.add_(y, alpha=a): x += a * y
            if not scaled:
                raise TypeError(f"{name}() got an unexpected keyword argument 'alpha'")
            other = other * alpha

        def in_place(data):
            getattr(data, dunder)(other._data if isinstance(other, Tensor) else other)
        return apply_inplace(self, name, lambda t: fn(t, other), in_place, others=(other,))
    method.__name__ = name
    method.__doc__ = f"In-place ``{fn.__name__}``: ``x.{name}(y)`` is ``x {dunder[3:-2]}= y``" + (
        " (``alpha=a`` scales y first)." if scaled else ".")
    return method


def inplace_form(name, fn):
    """The in-place form ``name(x, *args, **kwargs)`` of op ``fn``: ``fn(x, *args, **kwargs)`` written into
    ``x``, which keeps its shape and dtype (as PyTorch, a result whose dtype can't be cast to ``x``'s, such
    as sigmoid's float on an int64 ``x``, is refused)."""
    def method(self, *args, **kwargs):
        inputs = args + tuple(kwargs.values())
        return apply_inplace(self, name, lambda t: _zero_gradient(fn(t, *args, **kwargs), (t,) + inputs), None,
                             others=inputs)
    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"In-place ``{name[:-1]}``."
    return method


def view_inplace_form(name, view):
    """The in-place form ``name(x, *args)`` of view op ``view`` (``squeeze_``, ``t_`` ...): ``x`` becomes
    ``view(x, *args)``, the same memory with a new shape, and its version moves on (as PyTorch: a
    backward that saved ``x`` then refuses to run). While recording, ``x`` takes the view's graph node,
    and a leaf that requires grad (or a view of one) is refused, as PyTorch."""
    def method(self, *args, **kwargs):
        base = self if self._base is None else self._base
        if _mode.enabled and self._rg and base._node is None and base._rg:
            raise RuntimeError(f"{name}: a leaf tensor that requires grad (or a view of one) can't be changed in "
                               "place while recording a graph; do it under `with ag.no_grad():` or use the "
                               f"out-of-place {name[:-1]}()")
        out = view(self, *args, **kwargs)
        version_counter(self)  # made now if need be, so the node that made the old ``self`` watches it
        if out._node is None and self._node is not None and out.shape != self.shape:  # under no_grad
            with enable_grad():
                out = _Untracked(name, out._data)(_new(self._data, self._rg, self._node))
        if out._node is not None:
            self._prior = _remembered(self)  # a backward under create_graph=True finds the old array's graph
            self._node = out._node
        self._data = out._data
        mark_changed([self])
        return self
    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"In-place ``{name[:-1]}``: the tensor itself takes the new shape."
    return method


class _Untracked(Function):
    """The node of a tensor in a graph whose shape a view op (``name``) changed in place under no_grad: as in
    PyTorch, the gradient of the new shape goes to the old node unchanged, summed to the old shape where that
    broadcasts to the new one, and is refused otherwise."""
    complex_autograd = "ready"

    def __init__(self, name, data):
        self.name, self.data = name, data

    def forward(self, x):
        self.shape = x.shape
        data, self.data = self.data, None
        return data

    def backward(self, gy):
        from .shape import sum_to
        if not broadcasts_onto(self.shape, gy.shape):
            raise RuntimeError(f"{self.name}: the tensor's shape changed from {self.shape} to {tuple(gy.shape)} under "
                               "no_grad, so its gradient doesn't fit the graph that made it; change its shape "
                               f"while recording, or use the out-of-place {self.name[:-1]}()")
        return sum_to(gy, self.shape)


def broadcasts_onto(shape, target):
    """Does ``shape`` broadcast to ``target`` itself (the shape of a tensor changed in place)?"""
    return len(shape) <= len(target) and all(n in (1, m) for n, m in zip(shape[::-1], target[::-1]))


def _float_power(x, exponent):
    if x.dtype != np.float64:
        raise RuntimeError(f"float_power_: the result is float64, which can't be stored in place in a tensor of "
                           f"dtype {x.dtype}; use the out-of-place float_power() or convert with .double() first")
    from .numeric import float_power
    return float_power(x, exponent)


def _polygamma(x, n):  # x.polygamma_(n) is polygamma(n, x)
    from .special import polygamma
    return polygamma(n, x)


def _in_own_dtype(op, fn):
    """``fn(x, dim, dtype=None)`` (cumsum, cumprod) for its in-place form, which refuses a ``dtype``
    other than ``x``'s, as PyTorch."""
    def checked(x, dim, dtype=None):
        if dtype is not None and np.dtype(dtype) != x.dtype:
            raise RuntimeError(f"{op}: dtype={np.dtype(dtype)} differs from the tensor's dtype {x.dtype}; an "
                               f"in-place op keeps the tensor's dtype (use the out-of-place {op[:-1]}())")
        return fn(x, dim, dtype=dtype)
    return checked


# the Tensor methods name_ that write op name's result in place (comparisons keep the tensor's dtype)
_WRITTEN = ("sigmoid", "tanh", "relu", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan", "log", "log2",
            "log10", "log1p", "expm1", "rsqrt", "reciprocal", "square", "sign", "sgn", "floor", "ceil", "round",
            "trunc", "frac", "erf", "erfc", "erfinv", "lgamma", "digamma", "logit", "sinc", "nan_to_num", "deg2rad",
            "rad2deg", "clamp_min", "clamp_max", "fmod", "remainder", "floor_divide", "atan2", "hypot", "lerp",
            "xlogy", "addcmul", "addcdiv", "tril", "triu", "eq", "ne", "lt", "le", "gt", "ge", "asinh", "acosh",
            "atanh", "fix", "arccos", "arcsin", "arctan", "arccosh", "arcsinh", "arctanh", "arctan2", "greater",
            "greater_equal", "less", "less_equal", "not_equal", "divide")
# and more of them, taking other arguments (tests/engine/test_tensor_methods2.py checks them against PyTorch)
_WRITTEN_MORE = ("addbmm", "addmm", "addmv", "addr", "baddbmm", "index_add", "scatter", "scatter_add",
                 "scatter_reduce", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
                 "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift", "bitwise_right_shift", "copysign",
                 "exp2", "gcd", "lcm", "heaviside", "i0", "igamma", "igammac", "ldexp", "mvlgamma", "nextafter",
                 "renorm")
# the view ops whose in-place forms name_ reshape the tensor itself (and transpose_, swapdims_: ops.swapdims)
_VIEWS = ("squeeze", "unsqueeze", "t", "swapaxes")


def inplace_methods():
    """Tensor methods ``add_ sub_ mul_ div_`` (and ``subtract_ multiply_ true_divide_``), the augmented operators
    ``+= -= *= /=``, ``clamp_ clip_ pow_ sqrt_ exp_ abs_ absolute_ neg_ negative_ float_power_ polygamma_
    cumsum_ cumprod_``, ``name_`` for each op name in ``_WRITTEN`` and ``_WRITTEN_MORE``, and each view op in
    ``_VIEWS`` and ``transpose_ swapdims_``."""
    from .. import ops
    from . import arithmetic as A
    from . import elementwise as E
    methods = {name + "_": inplace_form(name + "_", getattr(ops, name)) for name in _WRITTEN + _WRITTEN_MORE}
    methods.update({name + "_": view_inplace_form(name + "_", getattr(ops, name)) for name in _VIEWS})
    methods.update({name + "_": view_inplace_form(name + "_", ops.swapdims) for name in ("transpose", "swapdims")})
    for name, fn in (("float_power_", _float_power), ("polygamma_", _polygamma),
                     ("cumsum_", _in_own_dtype("cumsum_", ops.cumsum)),
                     ("cumprod_", _in_own_dtype("cumprod_", ops.cumprod))):
        methods[name] = inplace_form(name, fn)
    for names, fn, dunder in ((("add_",), A.add, "__iadd__"), (("subtract_", "sub_"), A.sub, "__isub__"),
                              (("multiply_", "mul_"), A.mul, "__imul__"),
                              (("true_divide_", "div_"), A.div, "__itruediv__")):
        for name in names:  # the dunder takes the last, PyTorch's own name
            methods[name] = methods[dunder] = _binary_inplace(name, fn, dunder, scaled=fn in (A.add, A.sub),
                                                              rounded=methods["divide_"] if name == "div_" else None)
    for name in ("clamp_", "clip_"):
        methods[name] = _unary_inplace(name, E.clamp, "clip", ("min", "max"), ordered=True)
    methods["pow_"] = _unary_inplace("pow_", A.pow, "power", ("exponent",))
    for name, fn, ufunc, float_only in (("sqrt_", E.sqrt, "sqrt", True), ("exp_", E.exp, "exp", True),
                                        ("abs_", E.abs, "abs", False), ("absolute_", E.abs, "abs", False),
                                        ("neg_", A.neg, "negative", False), ("negative_", A.neg, "negative", False)):
        methods[name] = _unary_inplace(name, fn, ufunc, float_only=float_only, real_valued=fn is E.abs)
    return methods


def masked_fill_(x, mask, value):
    """Fill with ``value`` in place where the bool ``mask`` is True (broadcast to ``x``)."""
    return fill_where(x, "masked_fill_", bool_mask("masked_fill_", mask, x), value)


def fill_where(x, op, mask_data, value):
    """Op ``op``: fill ``x`` with ``value`` in place where the bool array ``mask_data`` is True."""
    from .elementwise import masked_fill

    def in_place(data):
        data[get_array_module(data).broadcast_to(mask_data, data.shape)] = value
    return apply_inplace(x, op, lambda t: masked_fill(t, mask_data, value), in_place)


def zero_(x):
    """Fill with zeros in place."""
    return fill_(x, 0)


def fill_(x, value):
    """Fill with ``value`` in place."""
    return _overwrite(x, "fill_", value)


def _overwrite(x, op, values, others=()):
    """Set ``x`` to ``values`` (a number, or an array of its shape) in place; recorded, the result
    depends on ``x`` (and the tensors ``others`` it was drawn from) with derivative 0."""
    def in_place(data):
        data[...] = values

    def filled(t):
        return _zero_gradient(_new(get_array_module(t._data).full_like(t._data, values), False, None),
                              (t,) + others)
    return apply_inplace(x, op, filled, in_place, others)


def _zero_gradient(out, inputs):
    """``out``, made to depend with derivative 0 on those ``inputs`` that require grad when it does not
    (a fill, a comparison): the tensor changed in place stays in the graph, as in PyTorch."""
    from .elementwise import ZerosLike
    if out._rg or not _mode.enabled:  # under no_grad nothing is recorded: the zeros would be wasted work
        return out
    for a in inputs:
        if isinstance(a, Tensor) and a._rg:
            out = ZerosLike()(a) + out
    return out


def _random_fill(x, op, sample, scale, shift, generator):
    """Fill float or complex tensor ``x`` in place with ``sample(np, shape, dtype, generator) * scale + shift``
    (a complex ``x``'s parts each shifted): float64 samples (complex128 for a complex ``x``) drawn on the host by
    the framework's generator (or the op's ``generator``), as ``randn`` and ``rand``, so ``manual_seed`` makes
    them reproducible on every device."""
    from ..backend import transfer
    from ..random import check_random_dtype
    check_random_dtype(op, x.dtype, tensor=True)
    if x.dtype.kind == "c":
        shift = complex(shift, shift)
    values = sample(np, x.shape, np.result_type(x.dtype, np.float64), generator) * scale + shift
    return _overwrite(x, op, transfer(values, x.device))


def normal_(x, mean=0.0, std=1.0, *, generator=None):
    """Fill in place with samples from a normal distribution N(mean, std**2); a complex tensor's parts each
    get mean ``mean`` and variance std**2 / 2, as PyTorch."""
    from ..random import normal_array
    if np.iscomplexobj(mean) or np.iscomplexobj(std):
        raise TypeError(f"normal_: mean and std must be real numbers, got {mean} and {std}")
    return _random_fill(x, "normal_", normal_array, std, mean, generator)


def uniform_(x, a=0.0, b=1.0, *, generator=None):
    """Fill in place with samples drawn uniformly from [a, b) (a complex tensor's parts each, as PyTorch)."""
    from ..random import uniform_array
    return _random_fill(x, "uniform_", uniform_array, b - a, a, generator)


def _unary_inplace(name, fn, ufunc, params=(), float_only=False, ordered=False, real_valued=False):
    """Tensor method ``name(*params)``: ``fn(x, *params)`` written into ``x`` (in place:
    ``xp.ufunc(data, *params, out=data)``); ``ordered`` refuses complex tensors, which have no order, and
    ``real_valued`` (abs) those whose result would be real, as PyTorch."""
    def method(self, *args, **kwargs):
        if ordered:
            check_ordered(name, self._data)
        if real_valued and self.dtype.kind == "c":
            raise RuntimeError(f"{name}: {fn.__name__} of a complex tensor ({self.dtype}) is real and can't be "
                               f"stored in place, as in PyTorch; use the out-of-place {fn.__name__}()")
        args += tuple(kwargs.pop(p, None) for p in params[len(args):])
        if kwargs or len(args) > len(params):
            raise TypeError(f"{name}() takes the arguments ({', '.join(params)}), got {len(args)} and {sorted(kwargs)}")
        if params and all(a is None for a in args):
            raise TypeError(f"{name}: give at least one of ({', '.join(params)})")
        if float_only and self.dtype.kind not in "fc":
            raise TypeError(f"{name}: the result is floating point and can't be stored in place in a tensor of "
                            f"dtype {self.dtype}; use the out-of-place {fn.__name__}() or convert with .float() first")

        def in_place(data):
            getattr(get_array_module(data), ufunc)(data, *[a._data if isinstance(a, Tensor) else a for a in args],
                                                   out=data)
        return apply_inplace(self, name, lambda t: fn(t, *args), in_place, others=args)
    method.__name__ = name
    method.__doc__ = f"In-place ``{fn.__name__}``."
    return method


def copy_(x, src):
    """Copy ``src``'s values into ``x`` in place (broadcasting ``src``)."""
    from .indexing import setitem
    setitem(x, Ellipsis, as_tensor(src))
    return x
