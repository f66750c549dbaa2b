"""Writing along a dim and selecting by index or mask: scatter, scatter_add, scatter_reduce,
index_add, take_along_dim, masked_select (``gather`` lives with the reductions).

The scatters are graph ops of the indexing primitives: ``scatter`` is SetItem (x's
gradient is zeroed where it was overwritten, src's is gathered), ``scatter_add`` and
``index_add`` add a GetItemGrad (a scatter-add into zeros, whose adjoint is indexing).
``scatter_reduce`` builds "sum" and "mean" from those; "prod", "amax" and "amin" are
one Function, ``_ScatterReduce``.
"""
import numpy as np

from ..backend import get_array_module, index_add as _index_add, on_gpu
from ..function import Function, dual
from ..tensor import Tensor, _new
from ._util import array_on, as_tensor, bool_mask, normalize_axis, raw
from .arithmetic import check_fill, check_ordered, floor_divide
from .elementwise import masked_fill, where
from .indexing import GetItemGrad, SetItem, along_dim_index, dim_index, getitem
from .reductions import gather
from .shape import broadcast_to, flatten


def _scatter_args(op, input, dim, index, src):
    """The advanced index for ``index`` along ``dim``, and ``src`` as a Tensor of ``input``'s dtype cut to
    ``index``'s shape (PyTorch reads only that corner); a number ``src`` fills that shape."""
    if not isinstance(src, Tensor) and np.ndim(src) == 0:  # PyTorch's scatter(dim, index, value)
        check_fill(op, src, input)
        dim, grid = along_dim_index(op, input, dim, index)
        return grid, _new(get_array_module(input._data).full(np.shape(index), src, input.dtype), False, None)
    src = as_tensor(src)
    if src.dtype != input.dtype:
        raise TypeError(f"{op}: src has dtype {src.dtype} but the tensor has dtype {input.dtype}; "
                        f"convert one, e.g. src.to(input.dtype)")
    dim, grid = along_dim_index(op, input, dim, index, src)
    shape = np.shape(index)
    return grid, (src if src.shape == shape else getitem(src, tuple(slice(n) for n in shape)))


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``out[..., index[i, j, k], ...] = src[i, j, k]`` (``index`` in place of
    coordinate ``dim``); ``src`` may be a number, or give ``value=`` instead. Where an index repeats,
    one of the writes wins. PyTorch's deprecated ``reduce="add"`` or ``"multiply"`` combines instead
    (``scatter_reduce`` with "sum" or "prod"; unlike PyTorch, differentiable)."""
    if (src is None) == (value is None):
        raise TypeError("scatter: give exactly one of src (a tensor or a number) and value= (a number)")
    src = value if src is None else src
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise ValueError(f"scatter: reduce must be 'add' or 'multiply', got {reduce!r}; "
                             "scatter_reduce has more reductions")
        return scatter_reduce(input, dim, index, src, "sum" if reduce == "add" else "prod")
    input = as_tensor(input)
    grid, src = _scatter_args("scatter", input, dim, index, src)
    return SetItem(grid, True)(input, src)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src[i, j, k]`` added at ``out[..., index[i, j, k], ...]``
    (``index`` in place of coordinate ``dim``); repeated indices add up."""
    input = as_tensor(input)
    grid, src = _scatter_args("scatter_add", input, dim, index, src)
    return input + GetItemGrad(grid, True, input.shape)(src)


_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of ``input`` with each ``src[i, j, k]`` reduced into ``out[..., index[i, j, k], ...]``
    (``index`` in place of coordinate ``dim``) by ``reduce``: "sum", "prod", "mean", "amax" or "amin".

    With ``include_self=False`` the places ``index`` points at start from ``src``'s values alone,
    forgetting ``input``'s; other places keep ``input``. Integer "mean" rounds down, as PyTorch.
    Gradients are PyTorch's: "mean" divides by the count, "amax"/"amin" split the gradient evenly
    among the values tied for the extreme, and "prod" is exact with zeros among the factors (its
    second derivative too, except at a place with two or more zeros, which PyTorch refuses).

    Example:
        >>> ag.tensor([0., 0.]).scatter_reduce(0, ag.tensor([0, 0, 1]), ag.tensor([1., 3., 2.]), "amax")
        tensor([3., 2.])
    """
    input = as_tensor(input)
    if reduce not in _REDUCTIONS:
        raise ValueError(f"scatter_reduce: reduce must be one of {', '.join(map(repr, _REDUCTIONS))}, "
                         f"got {reduce!r}")
    if reduce in ("amax", "amin"):
        check_ordered("scatter_reduce", input._data)
    grid, src = _scatter_args("scatter_reduce", input, dim, index, src)
    xp = get_array_module(input._data)
    hit = None
    if not include_self:  # the places some src value goes to
        hit = xp.zeros(input.shape, bool)
        hit[grid] = True
    if reduce in ("prod", "amax", "amin"):
        return _ScatterReduce(grid, reduce, hit)(input, src)
    total = (input if hit is None else masked_fill(input, hit, 0)) + GetItemGrad(grid, True, input.shape)(src)
    if reduce == "sum":
        return total
    count = xp.zeros(input.shape, input.dtype)
    _index_add(count, grid, xp.ones(src.shape, input.dtype))
    count = _new(xp.maximum(count + include_self, 1), False, None)  # a place nothing reaches keeps input / 1
    return total / count if input.dtype.kind in "fc" else floor_divide(total, count)


_UFUNCS = {"prod": "multiply", "amax": "maximum", "amin": "minimum"}


def _identity(reduce, dtype):
    """What a place holds before the first factor or candidate arrives."""
    if reduce == "prod":
        return 1
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    return np.iinfo(dtype).min if reduce == "amax" else np.iinfo(dtype).max


def _reduce_at(reduce, out, grid, values):
    """``out[grid] = reduce(out[grid], values)`` in place, combining every value sent to a place: NumPy's
    ``ufunc.at``. CuPy has no ``multiply.at``, so on a GPU the values are sorted by flat place, each place's
    values forming a run; a scan within runs leaves the run's result at its last entry, which every entry of
    the run then writes (no boolean mask, whose size would make the host wait)."""
    xp = get_array_module(out)
    ufunc = getattr(xp, _UFUNCS[reduce])
    if not on_gpu(out):
        ufunc.at(out, grid, values)
        return
    places = xp.arange(out.size).reshape(out.shape)[grid].reshape(-1)
    order = xp.argsort(places)
    places, values = places[order], values.reshape(-1)[order]
    upto = _run_scan(ufunc, _identity(reduce, out.dtype), places, values)
    flat = out.reshape(-1)
    flat[places] = ufunc(flat[places], upto[xp.searchsorted(places, places, side="right") - 1])


def _run_scan(ufunc, identity, places, values):
    """Inclusive scan of ``values`` within runs of equal (sorted) ``places``: log2(n) doubling steps."""
    xp = get_array_module(values)
    values, step = values.copy(), 1
    while step < values.size:
        values[step:] = ufunc(values[step:], xp.where(places[step:] == places[:-step], values[:-step], identity))
        step *= 2
    return values


class _ScatterReduce(Function):
    """``scatter_reduce`` with "prod", "amax" or "amin"; ``hit`` (None with include_self) marks the
    places whose ``input`` value is dropped."""

    def __init__(self, grid, reduce, hit):
        self.grid, self.reduce, self.hit = grid, reduce, hit

    def forward(self, x, src):
        if self.hit is None:
            y = x.copy()
        else:
            xp = get_array_module(x)
            y = xp.where(self.hit, xp.asarray(_identity(self.reduce, x.dtype), x.dtype), x)
        _reduce_at(self.reduce, y, self.grid, src)
        self.save_for_backward(x, src, y)
        return y

    def backward(self, gy):
        x, src, y = self.saved_tensors
        return self._prod_grads(gy, x, src, y) if self.reduce == "prod" else self._extreme_grads(gy, x, src, y)

    def _extreme_grads(self, gy, x, src, y):
        """Each place's gradient shared evenly among the values equal to its extreme (the masks are
        constant, so the same formula serves create_graph)."""
        x, src, y = raw(x), raw(src), raw(y)
        xp = get_array_module(y)
        at_x = x == y if self.hit is None else (x == y) & ~self.hit
        at_src = (src == y[self.grid]).astype(y.dtype)
        count = at_x.astype(y.dtype)
        _index_add(count, self.grid, at_src)
        share = gy / xp.maximum(count, 1)  # 0 winners: y is NaN there, and no value gets a gradient
        return share * at_x.astype(y.dtype), getitem(share, self.grid) * at_src

    def _prod_grads(self, gy, x, src, y):
        """Each factor's gradient is the product of the others: for ``x``, the product of the src values
        sent to its place; for a src value, ``y`` divided by it, recomputed where that would divide by zero."""
        xp = get_array_module(raw(y))
        gx = gsrc = None
        if self.needs_input_grad[0]:
            gx = gy * dual(_ScatterReduce(self.grid, "prod", None), xp.ones(y.shape, raw(y).dtype), src)
            if self.hit is not None:
                gx = where(self.hit, 0, gx)
        if self.needs_input_grad[1]:
            zero = raw(src) == 0
            zeros = xp.zeros(y.shape, raw(y).dtype)
            _index_add(zeros, self.grid, zero.astype(zeros.dtype))
            lone = zero & (zeros[self.grid] == 1)  # the only zero factor of its place
            others = dual(_ScatterReduce(self.grid, "prod", self.hit), x, where(lone, 1, src))
            gsrc = where(lone, getitem(gy * others, self.grid), getitem(gy * y, self.grid) / where(zero, 1, src))
        return gx, gsrc


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source`` added at the positions ``index`` (1-D) along ``dim``;
    repeated indices add up."""
    input, source = as_tensor(input), as_tensor(source)
    dim, index = dim_index("index_add", input, dim, index)
    expected = input.shape[:dim] + (len(index),) + input.shape[dim + 1:]
    if source.shape != expected:
        raise ValueError(f"index_add: expects a 1-D integer index and a source of shape {expected} along dim {dim} "
                         f"of a tensor of shape {input.shape}; got index of shape {index.shape} ({index.dtype}) "
                         f"and source of shape {source.shape}")
    if source.dtype != input.dtype:
        raise TypeError(f"index_add: source has dtype {source.dtype} but the tensor has dtype {input.dtype}")
    added = GetItemGrad((slice(None),) * dim + (index,), True, input.shape)(source)
    return input + (added if alpha == 1 else added * alpha)


def take_along_dim(input, indices, dim=None):
    """Pick ``input``'s values at ``indices`` along ``dim``; the other dims broadcast (NumPy's
    ``take_along_axis``). With ``dim=None`` both are flattened first."""
    input = as_tensor(input)
    data = array_on(indices, input)
    if dim is None:
        return gather(flatten(input), 0, data.reshape(-1))
    dim = normalize_axis(dim, input.ndim, "take_along_dim")
    if data.ndim != input.ndim:
        raise ValueError(f"take_along_dim: indices (shape {data.shape}) must have as many dims as the tensor "
                         f"(shape {input.shape})")
    try:
        shape = np.broadcast_shapes(input.shape[:dim] + (1,) + input.shape[dim + 1:],
                                    data.shape[:dim] + (1,) + data.shape[dim + 1:])
    except ValueError:
        raise ValueError(f"take_along_dim: the tensor (shape {input.shape}) and indices (shape {data.shape}) "
                         f"don't broadcast outside dim {dim}") from None
    xp = get_array_module(data)
    data = xp.broadcast_to(data, shape[:dim] + (data.shape[dim],) + shape[dim + 1:])
    return gather(broadcast_to(input, shape[:dim] + (input.shape[dim],) + shape[dim + 1:]), dim, data)


def masked_select(input, mask):
    """The 1-D tensor of ``input``'s values where the bool ``mask`` is True (the two broadcast)."""
    input = as_tensor(input)
    mask = bool_mask("masked_select", mask, input)
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise ValueError(f"masked_select: the tensor (shape {input.shape}) and mask (shape {mask.shape}) "
                         "don't broadcast") from None
    return getitem(broadcast_to(input, shape), get_array_module(mask).broadcast_to(mask, shape))
