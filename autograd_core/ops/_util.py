"""Small argument helpers shared by the ops."""
import operator

import numpy as np

from ..backend import get_array_module
from ..dtypes import DEFAULT_FLOAT
from ..tensor import Tensor, _new, to_array


def zeros_as(a):
    """Zeros shaped like ``a`` (an array, or a Tensor that gets a constant one): the gradient of
    an op that is constant in its input, which ``gy * 0`` would make NaN where ``gy`` is inf."""
    if isinstance(a, Tensor):
        return _new(get_array_module(a._data).zeros_like(a._data), False, None)
    return get_array_module(a).zeros_like(a)


def as_tensor(x):
    """``x`` if it is a Tensor, else a constant Tensor wrapping it."""
    return x if isinstance(x, Tensor) else _new(to_array(x), False, None)


def raw(v):
    """The array of a Tensor (what backward formulas get under create_graph), or ``v`` itself."""
    return v._data if isinstance(v, Tensor) else v


def array_on(v, x):
    """``v``'s array: a Tensor's own, else ``v`` (host data, a list ...) made an array on Tensor ``x``'s device."""
    return v._data if isinstance(v, Tensor) else get_array_module(x._data).asarray(v)


def bool_mask(op, mask, x):
    """``mask``'s array on Tensor ``x``'s device, or a TypeError unless it is bool (as PyTorch's masked ops)."""
    mask = array_on(mask, x)
    if mask.dtype != np.bool_:
        raise TypeError(f"{op}: the mask must be a bool tensor, got dtype {mask.dtype} (shape {mask.shape}); "
                        "use mask.bool() or a comparison such as mask > 0")
    return mask


def in_layout_of(template, a):
    """``a`` in the memory order of ``template`` (same shape). Elementwise loops over operands in
    different orders run on the short last axis and are several times slower than this one copy."""
    if a.strides == template.strides and a.dtype == template.dtype:
        return a
    out = get_array_module(a).empty_like(template, dtype=a.dtype)
    if out.strides == a.strides:
        return a
    out[...] = a
    return out


def is_int(value):
    """Whether ``value`` is an integer (a Python or NumPy int, an integer 0-d tensor) but not a bool, as
    PyTorch's int arguments."""
    if isinstance(value, (bool, np.bool_)) or getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return False
    try:
        operator.index(value)  # refuses floats, float arrays and tensors, and arrays of more than one element
    except (TypeError, ValueError):
        return False
    return True


def normalize_axis(axis, ndim, op):
    """A non-negative axis, or a clear IndexError naming the op."""
    axis = int(axis)
    if not -max(ndim, 1) <= axis < max(ndim, 1):  # a 0-d tensor takes dim 0 or -1, as in PyTorch
        raise IndexError(f"{op}: dimension {axis} is out of range for a tensor with {ndim} dimensions")
    return axis % ndim if ndim else 0


class RepeatedDimError(ValueError, RuntimeError):
    """A dim listed twice (PyTorch raises RuntimeError; ValueError, as NumPy's 'duplicate value in axis')."""


def normalize_axes(axis, ndim, op, ordered=False):
    """None, or a tuple of non-negative axes, sorted (in the order given with ``ordered``); RepeatedDimError if
    one repeats (``(0, -2)`` of a 2-D one). A 0-d tensor takes dim 0 or -1, as PyTorch, and gives ``()``."""
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        axis = normalize_axis(axis, ndim, op)
        return (axis,) if ndim else ()
    given = [normalize_axis(a, ndim, op) for a in axis]
    if len(set(given)) != len(given):
        repeated = min(a for a in given if given.count(a) > 1)
        raise RepeatedDimError(f"{op}: dim {repeated} appears multiple times in the list of dims")
    return tuple(given if ordered else sorted(given)) if ndim else ()


def shape_arg(shape):
    """Accept f(2, 3) and f((2, 3)) alike; return a tuple of ints."""
    if len(shape) == 1 and shape[0].__class__ is tuple:  # f((2, 3)) from a .shape: the common case
        shape = shape[0]
        if all(n.__class__ is int for n in shape):
            return shape
    elif len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = shape[0]
    return tuple(int(n) for n in shape)


_INT64 = np.dtype(np.int64)


def float_dtype(dtype):
    """The dtype of a float-valued op (exp, true division, a float scalar ...) on ``dtype``: the default
    float dtype (float32) for bool and integers, where NumPy would give float64; other dtypes stay."""
    return DEFAULT_FLOAT[0] if dtype.kind in "biu" else dtype


def accumulate_dtype(dtype):
    """The dtype sums and products of ``dtype`` give: int64 for bool and integers, as PyTorch (NumPy
    keeps unsigned integers as uint64); other dtypes stay."""
    return _INT64 if dtype.kind in "biu" else dtype


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def promoted(*tensors):
    """``tensors`` brought to their ``result_dtype`` by recorded casts, so each gradient comes back in its input's
    dtype; None entries stay None."""
    dtype = result_dtype(*[t._data for t in tensors if t is not None])
    return [t if t is None or t.dtype == dtype else t.astype(dtype) for t in tensors]


def result_dtype(*arrays):
    """The dtype PyTorch gives an op on these arrays (NumPy's rules would turn float32 with an int64
    tensor, or with a 0-d float64 one, into float64). The highest category (bool < integer < float <
    complex) wins, promoted among its own members only (and floats' precision among complex ones:
    float64 with complex64 gives complex128); 0-d arrays give way to dimensioned ones unless their
    category is higher (a 0-d complex with dimensioned floats takes the floats' precision)."""
    def top(group):
        k = max(_CATEGORY[a.dtype.kind] for a in group)
        low = 2 if k == 3 else k
        return k, np.result_type(*[a.dtype for a in group if _CATEGORY[a.dtype.kind] >= low])
    dims = [a for a in arrays if a.ndim]
    zeros = [a for a in arrays if not a.ndim]
    if not dims or not zeros:
        return top(dims or zeros)[1]
    (kd, td), (kz, tz) = top(dims), top(zeros)
    if kz == 3 and kd == 2:
        return np.result_type(td, np.complex64)
    return tz if kz > kd else td


def check_index_shape(op, x, dim, index, src=None):
    """PyTorch's shape rules for gather/scatter: ``index`` has ``x``'s number of dims and is no larger
    than ``x`` in every dim but ``dim`` (nor than ``src`` in any dim)."""
    if index.ndim != x.ndim or (src is not None and src.ndim != x.ndim):
        shapes = f"index {tuple(index.shape)}" + ("" if src is None else f", src {tuple(src.shape)}")
        raise ValueError(f"{op}: the tensor (shape {tuple(x.shape)}), {shapes} must have the same number of dims")
    for d, n in enumerate(index.shape):
        if (d != dim and n > x.shape[d]) or (src is not None and n > src.shape[d]):
            limit = f"src's {src.shape[d]}" if src is not None and n > src.shape[d] else f"the tensor's {x.shape[d]}"
            raise ValueError(f"{op}: index (shape {tuple(index.shape)}) has size {n} in dim {d}, larger than "
                             f"{limit} (tensor shape {tuple(x.shape)}); index may exceed the tensor only in dim {dim}")
