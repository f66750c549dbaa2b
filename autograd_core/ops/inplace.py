"""In-place ops (``x += y``, ``x.add_(y)``, ``x[i] = v``, ``zero_`` ...).

When no graph is recorded they change the array in place and bump the
tensor's version counter (shared with the tensor it views, for a view), so a
backward that saved the old values refuses to run. When a graph is recorded
they are computed out of place and the tensor is moved onto the result (the old
array, which backward may need, is untouched). An indexing view of a graph
tensor (``h[0]`` in ``h[0] += 1``) is changed through its base: the op records
``base[index] = result``, as PyTorch does; other recorded views (reshape,
permute) raise. A view (slice, reshape ...) of a tensor outside the graph can't
be changed with values that require grad: the tensor it views could not join
the graph, so that raises.
"""
import numpy as np

from ..backend import get_array_module
from ..grad_mode import _mode
from ..tensor import Tensor, version_counter
from ._util import as_tensor, bool_mask


def apply_inplace(x, op, out_of_place, in_place, others=()):
    """Run an in-place op on Tensor ``x``; see the module docstring."""
    records = _mode.enabled and (x._rg or any(isinstance(o, Tensor) and o._rg for o in others))
    if not records:
        try:
            in_place(x._data)
        except TypeError as e:  # NumPy refusing to cast, e.g. a float result into an integer tensor
            raise RuntimeError(f"{op}: the result can't be written into the tensor's dtype {x.dtype} ({e}); "
                               "use an out-of-place op") from None
        mark_changed([x])
        return x
    if x._node is None and x._rg:
        raise RuntimeError(f"{op}: a leaf tensor that requires grad can't be changed in place while "
                           "recording a graph; do it under `with ag.no_grad():` or on a clone()")
    if x._node is not None and x._node[0].returns_view and x._base is not None:
        if _indexes_its_base(x):
            return _through_base(x, op, out_of_place)
        raise RuntimeError(f"{op}: the tensor is a view made by {type(x._node[0]).__name__} of another tensor in the graph; "
                           "changing it in place would not reach the tensor it views. Change the base "
                           "(base[index] = value) or use an out-of-place op")
    if x._node is None and x._base is not None:
        raise RuntimeError(f"{op}: the tensor is a view (slice, reshape ...) of a tensor outside the graph, and a "
                           "change with values that require grad would not reach the tensor it views. Change "
                           "that tensor (base[index] = value), or clone() the view first")
    out = _result(x, op, out_of_place)
    x._data, x._node, x._rg = out._data, out._node, True
    x._version = None  # a new array: what backward saved of the old one is untouched
    return x


def _result(x, op, out_of_place):
    """The recorded out-of-place result, checked to fit ``x`` (shape) and cast to its dtype."""
    out = out_of_place()
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


def _indexes_its_base(x):
    """Is ``x`` the recorded ``base[basic index]`` of its base, as that base is now (``h[0]`` in ``h[0] += 1``)?"""
    from ..tensor import views
    from .indexing import GetItem
    fn, base = x._node[0], x._base
    if type(fn) is not GetItem or fn.advanced or not views(x._data, base._data):
        return False
    edge = fn._edges[0]
    return edge is base if base._node is None else edge == base._node


def _through_base(x, op, out_of_place):
    """An in-place op on ``x = base[index]`` while recording: ``base[index] = result`` (recorded on the
    base, as PyTorch rebases it), then ``x`` is made ``base[index]`` again, a view of the new values."""
    from .indexing import GetItem, setitem
    out = _result(x, op, out_of_place)
    base, index = x._base, x._node[0].index
    setitem(base, index, out)
    view = GetItem(index, False)(base)
    x._data, x._node, x._rg, x._base, x._version = view._data, view._node, True, view._base, view._version
    return x


def mark_changed(tensors):
    """Record that the arrays of ``tensors`` were changed in place (optimizers call this), so a
    backward that saved their old values refuses to run instead of using the new ones."""
    _mode.stamp += 1
    for t in tensors:
        version_counter(t)[0] = _mode.stamp


def _binary_inplace(name, fn, dunder, scaled=False):
    def method(self, other, *, alpha=None):
        if alpha is not None:  # PyTorch's x.add_(y, alpha=a): x += a * y
            if not scaled:
                raise TypeError(f"{name}() got an unexpected keyword argument 'alpha'")
            other = other * alpha

        def in_place(data):
            getattr(data, dunder)(other._data if isinstance(other, Tensor) else other)
        return apply_inplace(self, name, lambda: fn(self, other), in_place, others=(other,))
    method.__name__ = name
    method.__doc__ = f"In-place ``{fn.__name__}``: ``x.{name}(y)`` is ``x {dunder[3:-2]}= y``" + (
        " (``alpha=a`` scales y first)." if scaled else ".")
    return method


def inplace_methods():
    """Tensor methods ``add_ sub_ mul_ div_``, the augmented operators ``+= -= *= /=``, and
    ``clamp_ pow_ sqrt_ exp_ abs_ neg_``."""
    from . import arithmetic as A
    from . import elementwise as E
    methods = {}
    for name, fn, dunder in (("add_", A.add, "__iadd__"), ("sub_", A.sub, "__isub__"),
                             ("mul_", A.mul, "__imul__"), ("div_", A.div, "__itruediv__")):
        methods[name] = methods[dunder] = _binary_inplace(name, fn, dunder, scaled=name in ("add_", "sub_"))
    methods["clamp_"] = _unary_inplace("clamp_", E.clamp, "clip", ("min", "max"))
    methods["pow_"] = _unary_inplace("pow_", A.pow, "power", ("exponent",))
    for name, fn, ufunc, float_only in (("sqrt_", E.sqrt, "sqrt", True), ("exp_", E.exp, "exp", True),
                                        ("abs_", E.abs, "abs", False), ("neg_", A.neg, "negative", False)):
        methods[name] = _unary_inplace(name, fn, ufunc, float_only=float_only)
    return methods


def masked_fill_(x, mask, value):
    """Fill with ``value`` in place where the bool ``mask`` is True (broadcast to ``x``)."""
    from .elementwise import masked_fill
    mask_data = bool_mask("masked_fill_", mask, x)

    def in_place(data):
        data[get_array_module(data).broadcast_to(mask_data, data.shape)] = value
    return apply_inplace(x, "masked_fill_", lambda: masked_fill(x, mask_data, value), in_place)


def zero_(x):
    """Fill with zeros in place."""
    return fill_(x, 0)


def fill_(x, value):
    """Fill with ``value`` in place."""
    return _overwrite(x, "fill_", value)


def _overwrite(x, op, values):
    """Set ``x`` to ``values`` (a number, or an array of its shape) in place; recorded, the result
    depends on ``x`` with derivative 0."""
    from .elementwise import ZerosLike
    from ..tensor import _new

    def in_place(data):
        data[...] = values

    def filled():
        return ZerosLike()(x) + _new(get_array_module(x._data).full_like(x._data, values), False, None)
    return apply_inplace(x, op, filled, in_place)


def _random_fill(x, op, draw):
    """Fill float tensor ``x`` in place with ``draw(generator, shape)`` (float64 samples drawn on the host
    by the framework's generator, as ``randn``/``rand``, so ``manual_seed`` makes them reproducible)."""
    from ..backend import transfer
    from ..random import get_rng
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expects a floating point tensor, got dtype {x.dtype}; convert with x.float() first")
    return _overwrite(x, op, transfer(draw(get_rng(), x.shape).astype(x.dtype), x.device))


def normal_(x, mean=0.0, std=1.0):
    """Fill in place with samples from a normal distribution N(mean, std**2)."""
    return _random_fill(x, "normal_", lambda rng, shape: rng.standard_normal(shape) * std + mean)


def uniform_(x, a=0.0, b=1.0):
    """Fill in place with samples drawn uniformly from [a, b)."""
    return _random_fill(x, "uniform_", lambda rng, shape: rng.random(shape) * (b - a) + a)


def _unary_inplace(name, fn, ufunc, params=(), float_only=False):
    """Tensor method ``name(*params)``: ``fn(x, *params)`` written into ``x`` (in place:
    ``xp.ufunc(data, *params, out=data)``)."""
    def method(self, *args, **kwargs):
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
        return apply_inplace(self, name, lambda: fn(self, *args), in_place, others=args)
    method.__name__ = name
    method.__doc__ = f"In-place ``{fn.__name__}``."
    return method


def copy_(x, src):
    """Copy ``src``'s values into ``x`` in place (broadcasting ``src``)."""
    from .indexing import setitem
    setitem(x, Ellipsis, as_tensor(src))
    return x
