"""Indexing: ``x[...]`` with ints, slices, None, Ellipsis, integer arrays and masks;
``take`` along an axis; ``x[...] = v``. Repeated indices accumulate in backward."""
import numpy as np

from .. import backend
from ..function import Function, ViewFunction, dual
from ..tensor import Tensor, _new
from ._util import array_on, check_index_shape, normalize_axis
from .arithmetic import check_fill
from .shape import broadcast_to, movedim, sum_to


def _plain_index(index, x):
    """Tensors and lists in an index become arrays on ``x``'s device; returns (index, is_advanced).

    A host index for a GPU tensor is range-checked on the host, then copied over once
    (CuPy would wrap an out-of-range index silently)."""
    items = index if isinstance(index, tuple) else (index,)
    xp = backend.get_array_module(x)
    out, advanced, axis = [], False, 0
    for k in items:
        if isinstance(k, Tensor):
            k = k._data
        elif isinstance(k, list) or (isinstance(k, tuple) and isinstance(index, tuple)):
            k = np.asarray(k) if len(k) else np.zeros(0, np.int64)  # [] selects nothing (NumPy makes it float)
        elif isinstance(k, bool):  # a 0-d mask: an index array, whose dims _torch_layout may move
            k = np.asarray(k)
        if hasattr(k, "ndim") and hasattr(k, "dtype"):
            if k.dtype.kind not in "iub":
                raise IndexError(f"getitem: index arrays must be integer or bool, got dtype {k.dtype}")
            advanced = True
            if xp is not np and not backend.on_gpu(k):
                k = _host_index_to_device(k, xp, x, axis)
        out.append(k)
        known = axis is not None and k is not None and k is not Ellipsis and getattr(k, "dtype", None) != bool
        axis = axis + 1 if known else None  # the axis the next item indexes, while that is known
    if not advanced and len(out) == x.ndim and all(isinstance(k, (int, np.integer)) for k in out):
        out.append(Ellipsis)  # integers on every dim: a 0-d view, not NumPy's scalar copy, as in PyTorch
    return (tuple(out) if isinstance(index, tuple) or len(out) != 1 else out[0]), advanced


def _host_index_to_device(k, xp, x, axis):
    """A host index array for a GPU tensor, range-checked here (CuPy would wrap it silently), then copied over."""
    if k.dtype.kind != "b" and k.size and axis is not None and axis < x.ndim:
        n, lo, hi = x.shape[axis], k.min(), k.max()
        if lo < -n or hi >= n:
            raise IndexError(f"index {lo if lo < -n else hi} is out of bounds for axis {axis} with size {n}")
    return xp.asarray(k)


class GetItem(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, index, advanced):
        self.index, self.advanced = index, advanced
        self.returns_view = not advanced  # basic indexing gives a view of the input

    def forward(self, x):
        self.in_shape, self.dtype = x.shape, x.dtype
        xp = backend.get_array_module(x)
        if self.advanced:
            take = _take_args(self.index)
            if take is not None:  # NumPy's take reads whole slices about 3x faster than advanced indexing
                return xp.take(x, *take)
        return xp.asarray(x[self.index])

    def backward(self, gy):
        return dual(GetItemGrad(self.index, self.advanced, self.in_shape), gy)


class GetItemGrad(Function):
    """Scatter ``gy`` into zeros of the input's shape (adding at repeated indices)."""
    complex_autograd = "ready"

    def __init__(self, index, advanced, in_shape):
        self.index, self.advanced, self.in_shape = index, advanced, in_shape

    def forward(self, gy):
        gx = backend.get_array_module(gy).zeros(self.in_shape, gy.dtype)
        if self.advanced:
            backend.index_add(gx, self.index, gy)
        else:
            gx[self.index] = gy
        return gx

    def backward(self, ggx):
        return dual(GetItem(self.index, self.advanced), ggx)


_ALL, _BOOL = slice(None), np.dtype(np.bool_)


def _take_args(index):
    """``(idx, a)`` when ``index`` is one integer array ``idx`` along axis ``a`` (``idx`` or ``(:, ..., :, idx)``),
    else None."""
    if index.__class__ is not tuple:
        return (index, 0) if getattr(index, "dtype", _BOOL).kind in "iu" else None
    last = index[-1]
    if getattr(last, "dtype", _BOOL).kind in "iu" and all(k.__class__ is slice and k == _ALL for k in index[:-1]):
        return last, len(index) - 1
    return None


def _torch_layout(index, ndim):
    """``(n, p)`` when PyTorch and NumPy place the ``n`` dims of an index's arrays differently: NumPy puts them
    first, PyTorch at ``p``; else None. PyTorch applies ints (and 0-d integer tensors) first, as selects, so in
    ``x[0, :, idx]`` the array ``idx`` is alone and its dims stay in place; NumPy counts the 0 as an advanced
    index, which the slice separates from ``idx``, so the dims go first. Likewise an Ellipsis that stands for
    no dims separates index arrays in NumPy, not in PyTorch."""
    if index.__class__ is not tuple:
        return None
    select = basic = False  # quick exit unless an int or an Ellipsis comes with the arrays and a basic index
    for k in index:
        select = select or k is Ellipsis or k.__class__ is int or getattr(k, "ndim", 1) == 0
        basic = basic or k is None or k is Ellipsis or k.__class__ is slice
    if not (select and basic):  # ints and arrays alone: both put the arrays' dims first
        return None
    kinds = [_index_kind(k) for k in index]
    if "array" not in kinds:
        return None
    consumed = _consumed(index)
    numpy_adv = [i for i, k in enumerate(kinds) if k != "basic"]
    torch_kinds = [kind for k, kind in zip(index, kinds)  # an Ellipsis of no dims separates nothing in PyTorch
                   if kind != "int" and not (k is Ellipsis and consumed == ndim)]
    torch_adv = [i for i, k in enumerate(torch_kinds) if k == "array"]
    if numpy_adv[-1] - numpy_adv[0] < len(numpy_adv) or torch_adv[-1] - torch_adv[0] >= len(torch_adv):
        return None  # NumPy keeps the dims in place, or both put them first
    n = max(1 if _is_bool(k) else np.ndim(k) for k, kind in zip(index, kinds) if kind == "array")
    p = 0
    for k, kind in zip(index, kinds):
        if kind == "array":
            return n, p
        p += (ndim - consumed) if k is Ellipsis else int(kind == "basic")


def _consumed(index):
    """How many dims of the tensor a tuple ``index`` selects from (an n-d mask takes n, None and Ellipsis none)."""
    return sum(np.ndim(k) if _is_bool(k) else int(k is not None and k is not Ellipsis) for k in index)


def _selection_shape(shape, index, op):
    """The shape of ``x[index]`` for ``x`` of ``shape`` and a tuple ``index`` whose arrays NumPy puts first
    (see _torch_layout; else a permutation of it), from the index alone: no gather (a mask's size is that of
    its nonzero positions). Index arrays that do not broadcast raise an IndexError naming ``op``."""
    rest = len(shape) - _consumed(index)
    arrays, kept, d = [], [], 0
    for k in index:
        if k is None:
            kept.append(1)
        elif k is Ellipsis:
            kept += shape[d:d + rest]
            d += rest
        elif k.__class__ is slice:
            kept.append(len(range(*k.indices(shape[d]))))
            d += 1
        else:
            arrays.append(backend.get_array_module(k).flatnonzero(k).shape if _is_bool(k) else np.shape(k))
            d += np.ndim(k) if _is_bool(k) else 1
    try:
        return np.broadcast_shapes(*arrays) + tuple(kept) + shape[d:]
    except ValueError:
        raise IndexError(f"{op}: shape mismatch: index arrays of shapes {arrays} cannot be broadcast "
                         "together") from None


def _is_bool(k):
    return getattr(k, "dtype", None) == np.bool_


def _index_kind(k):
    """'int' (an int or 0-d integer array: a select in PyTorch), 'array' (an index array or bool), or 'basic'."""
    if k is None or k is Ellipsis or isinstance(k, slice):
        return "basic"
    if _is_bool(k):
        return "array"
    return "int" if np.ndim(k) == 0 else "array"


def getitem(x, index):
    """``x[index]`` with NumPy's basic and advanced indexing; an int among index arrays is a select, as in
    PyTorch (``x[0, :, idx]`` has shape ``(x.shape[1], len(idx))``)."""
    index, advanced = _plain_index(index, x)
    y = _getitem(x, index, advanced)
    layout = advanced and _torch_layout(index, x.ndim)
    return movedim(y, tuple(range(layout[0])), tuple(range(layout[1], sum(layout)))) if layout else y


def _getitem(x, index, advanced):
    """``x[index]`` for a plain index, in NumPy's layout."""
    try:
        return _read(x, index, advanced)
    except IndexError as e:
        zeroed = advanced and _zeroed_if_empty(x.shape, index)
        if zeroed:  # PyTorch checks no index array's range when nothing is selected; NumPy does
            try:
                return _read(x, zeroed, advanced)
            except IndexError:
                pass
        raise IndexError(f"getitem: index {index!r} is invalid for a tensor of shape {x.shape}: {e}") from None


def _read(x, index, advanced):
    return GetItem(index, advanced)(x) if isinstance(x, Tensor) else x[index]


def _zeroed_if_empty(shape, index):
    """``index`` as a tuple with its index arrays (not masks) zeroed when it selects nothing, else None."""
    items = index if index.__class__ is tuple else (index,)
    try:
        empty = 0 in _selection_shape(shape, items, "getitem")
    except IndexError:  # more indices than dims, index arrays that do not broadcast ...
        return None
    return tuple(k * 0 if np.ndim(k) and not _is_bool(k) else k for k in items) if empty else None


def take(x, indices, axis):
    """Select ``indices`` (an int array) along ``axis``: PyTorch's ``index_select``."""
    axis = normalize_axis(axis, x.ndim, "take")
    return getitem(x, (slice(None),) * axis + (np.asarray(indices) if isinstance(indices, list) else indices,))


def along_dim_index(op, x, dim, index, src=None):
    """``(dim, advanced index)`` for gather/scatter: the index that picks ``x[..., index[i, j, k], ...]``
    (``index`` in place of coordinate ``dim``) for every position of ``index``, after checking
    its dtype, shape (PyTorch's rules) and range."""
    index = _integer_index(op, index, x)
    dim = normalize_axis(dim, x.ndim, op)
    check_index_shape(op, x, dim, index, src)
    backend.check_index_range(index, x.shape[dim] if x.ndim else 1, op, "index")
    if not index.ndim:
        return dim, ()
    grids = list(backend.get_array_module(index).ogrid[tuple(slice(n) for n in index.shape)])
    grids[dim] = index
    return dim, tuple(grids)


def _integer_index(op, index, x):
    """``index``'s array on ``x``'s device, or a TypeError naming ``op`` unless its dtype is an integer one."""
    index = array_on(index, x)
    if index.dtype.kind not in "iu":
        raise TypeError(f"{op}: index must be an integer tensor, got dtype {index.dtype} (shape {index.shape})")
    return index


def dim_index(op, x, dim, index):
    """``(dim, index)`` for index_select and index_add: ``index`` as a 1-D integer array on ``x``'s device
    (a 0-d one is one entry, as PyTorch) whose entries lie in [0, size of ``dim``) (no negative indices)."""
    dim = normalize_axis(dim, x.ndim, op)
    index = _integer_index(op, index, x)
    if index.ndim != 1:
        if index.ndim:
            raise IndexError(f"{op}: index must be 1-D (a vector), got shape {index.shape}")
        index = index.reshape(1)
    backend.check_index_range(index, x.shape[dim] if x.ndim else 1, op, "index")
    return dim, index


def index_select(x, dim, index):
    """PyTorch's name: rows ``index`` (1-D) of ``x`` along ``dim`` (unlike NumPy's take, no negative indices)."""
    dim, index = dim_index("index_select", x, dim, index)
    return getitem(x, (slice(None),) * dim + (index,))


class SetItem(Function):
    """``y = x.copy(); y[index] = v`` as a graph op (what ``x[index] = v`` records)."""
    complex_autograd = "ready"

    def __init__(self, index, advanced):
        self.index, self.advanced = index, advanced

    def forward(self, x, v):
        self.v_shape = v.shape
        y = x.copy()
        y[self.index] = v
        return y

    def backward(self, gy):
        gx = dual(_ZeroAt(self.index), gy)
        gv = sum_to(_getitem(gy, self.index, self.advanced), self.v_shape)
        return gx, gv


class _ZeroAt(Function):
    """``gy`` with the indexed entries set to zero; linear and its own adjoint."""
    complex_autograd = "ready"

    def __init__(self, index):
        self.index = index

    def forward(self, gy):
        gx = gy.copy()
        gx[self.index] = 0
        return gx

    def backward(self, g):
        return dual(_ZeroAt(self.index), g)


def setitem(x, index, value):
    """``x[index] = value``: in place on the array when no graph is recorded, else
    recorded as a SetItem node that ``x`` is moved onto (PyTorch's in-place rebase)."""
    from .inplace import apply_inplace
    index, advanced = _plain_index(index, x)
    if not isinstance(value, Tensor):  # a scalar or host data: made on x's device
        check_fill("setitem", value, x)
        value = _new(backend.get_array_module(x._data).asarray(value), False, None)
    elif value._data.__class__ is not x._data.__class__:
        raise RuntimeError(f"setitem: value is on {value.device} but the tensor is on {x.device}")
    if value.dtype != x.dtype:
        value = value.astype(x.dtype)
    layout = advanced and _torch_layout(index, x.ndim)
    if layout:  # the value broadcasts to PyTorch's layout of the selection; NumPy writes its own
        n, p = layout
        shape = _selection_shape(x.shape, index, "setitem")
        value = movedim(broadcast_to(value, shape[n:n + p] + shape[:n] + shape[n + p:]), tuple(range(p, p + n)),
                        tuple(range(n)))

    def in_place(data):
        data[index] = value._data
    try:
        apply_inplace(x, "setitem", lambda t: SetItem(index, advanced)(t, value), in_place, others=(value,))
    except (IndexError, ValueError) as e:  # NumPy's, which name no op
        if str(e).startswith("setitem"):
            raise
        raise type(e)(f"setitem: index {index!r} with a value of shape {tuple(value.shape)} does not fit a tensor "
                      f"of shape {tuple(x.shape)}: {e}") from None
