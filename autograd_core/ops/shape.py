"""Shape ops: reshape, transpose, broadcasting, joining, splitting, padding, tiling, flipping, rot90, diff,
diagonal and diag_embed (the stacking and grid helpers are in stacking.py).

``reshape``, ``broadcast_to``, ``sum_to`` and ``permute`` accept raw arrays as
well as Tensors, so backward formulas can use them in either mode.
"""
import math

import numpy as np

from ..backend import broadcast_array
from ..function import Function, ViewFunction, dual
from ..tensor import Tensor
from ._util import as_tensor, is_int, normalize_axes, normalize_axis, promoted, shape_arg


class Reshape(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        return x.reshape(self.shape)

    def backward(self, gy):
        return reshape(gy, self.in_shape)


class Permute(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, axes):
        self.axes = axes

    def forward(self, x):
        return x.transpose(self.axes)

    def backward(self, gy):
        return permute(gy, tuple(np.argsort(self.axes)))


class BroadcastTo(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        return broadcast_array(x, self.shape)

    def backward(self, gy):
        return sum_to(gy, self.in_shape)


class SumTo(Function):
    complex_autograd = "ready"

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        return _sum_to_array(x, self.shape)

    def backward(self, gy):
        return expand_to(gy, self.in_shape)


def _xp(x):
    from ..backend import get_array_module
    return get_array_module(x)


def _sum_to_array(x, shape):
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape) if n == 1 and x.shape[i + lead] != 1)
    y = x.sum(axis=axes, keepdims=True) if axes else x
    return y.reshape(shape) if lead else y


def reshape(x, *shape):
    """Same data, new shape (one dimension may be -1). Accepts arrays too (returns an array)."""
    shape = shape_arg(shape)
    if x.shape == shape:
        return x
    if not isinstance(x, Tensor):
        return x.reshape(shape)
    try:
        return Reshape(shape)(x)
    except ValueError:
        raise ValueError(f"reshape: can't reshape a tensor of shape {x.shape} ({x.numel()} elements) "
                         f"into shape {shape}") from None


def view(x, *shape):
    """Alias of ``reshape``."""
    return reshape(x, *shape)


def permute(x, *dims):
    """Reorder dimensions: ``x.permute(2, 0, 1)``. Accepts arrays too."""
    dims = shape_arg(dims)
    if len(dims) != x.ndim:
        raise ValueError(f"permute: got {len(dims)} dims {dims} for a tensor with {x.ndim} dimensions")
    dims = tuple(normalize_axis(d, x.ndim, "permute") for d in dims)
    if not isinstance(x, Tensor):
        return x.transpose(dims)
    return Permute(dims)(x)


def transpose(x, dim0=None, dim1=None):
    """``transpose(x, d0, d1)`` swaps two dims (PyTorch); ``transpose(x)`` reverses all (NumPy, ``.T``);
    ``transpose(x, axes)`` with a tuple permutes."""
    if dim0 is None:
        return permute(x, tuple(range(x.ndim))[::-1])
    if dim1 is None:
        return permute(x, tuple(dim0))
    return swapaxes(x, dim0, dim1)


def swapaxes(x, axis0, axis1):
    """Swap two dimensions."""
    dims = list(range(x.ndim))
    a, b = normalize_axis(axis0, x.ndim, "swapaxes"), normalize_axis(axis1, x.ndim, "swapaxes")
    if dims:  # a 0-d tensor's dim 0 (or -1) is the tensor itself
        dims[a], dims[b] = dims[b], dims[a]
    return permute(x, tuple(dims))


def mT(x):
    """Swap the last two dimensions (the matrix transpose of a batch)."""
    if not isinstance(x, Tensor):  # the backward of every matmul
        return x.swapaxes(-1, -2)
    return swapaxes(x, -1, -2)


def unsqueeze(x, dim):
    """Insert a dimension of size 1 at ``dim``."""
    dim = normalize_axis(dim, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def expand_dims(x, axis):
    """NumPy's name for ``unsqueeze``."""
    return unsqueeze(x, axis)


def squeeze(x, dim=None):
    """Remove dimensions of size 1 (all, or just ``dim`` if it has size 1)."""
    if dim is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    dims = (dim,) if isinstance(dim, int) else dim
    dims = {normalize_axis(d, x.ndim, "squeeze") for d in dims}
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in dims and n == 1)))


def flatten(x, start_dim=0, end_dim=-1):
    """Merge dimensions ``start_dim`` to ``end_dim`` into one."""
    s = normalize_axis(start_dim, x.ndim, "flatten")
    e = normalize_axis(end_dim, x.ndim, "flatten")
    if x.ndim == 0:
        return reshape(x, (1,))
    if s > e:
        raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} (tensor shape {x.shape})")
    return reshape(x, x.shape[:s] + (math.prod(x.shape[s:e + 1]),) + x.shape[e + 1:])  # -1 fails on 0 elements


def broadcast_to(x, *shape):
    """Broadcast to ``shape`` as NumPy does (a read-only view). Accepts arrays too."""
    shape = shape_arg(shape)
    if any(n < 0 for n in shape):
        raise ValueError(f"broadcast_to: negative size in shape {shape} (tensor shape {x.shape})")
    try:
        return expand_to(x, shape)
    except ValueError:
        raise ValueError(f"broadcast_to: can't broadcast shape {x.shape} to {shape}") from None


def expand_to(x, shape):
    """``broadcast_to`` a shape known to be valid (in backward formulas: the shape of an input)."""
    if x.shape == shape:
        return x
    if not isinstance(x, Tensor):
        return broadcast_array(x, shape)
    return BroadcastTo(shape)(x)


def expand(x, *sizes):
    """PyTorch's broadcast: ``x.expand(3, -1)``; -1 keeps a dimension."""
    sizes = shape_arg(sizes)
    lead = len(sizes) - x.ndim
    if lead < 0:
        raise ValueError(f"expand: {len(sizes)} sizes {sizes} for a tensor with {x.ndim} dimensions")
    if any(n == -1 for n in sizes[:lead]):
        raise ValueError(f"expand: -1 is not allowed for the new leading dims in {sizes} (tensor shape {x.shape})")
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
    return broadcast_to(x, shape)


def sum_to(x, *shape):
    """Sum ``x`` down to ``shape``: the reverse of broadcasting. Accepts arrays too."""
    shape = shape_arg(shape)
    if x.shape == shape:
        return x
    if not isinstance(x, Tensor):
        return _sum_to_array(x, shape)
    return SumTo(shape)(x)


class Concatenate(Function):
    complex_autograd = "ready"

    def __init__(self, axis):
        self.axis = axis

    def forward(self, *xs):
        self.sizes = [x.shape[self.axis] for x in xs]
        return _xp(xs[0]).concatenate(xs, axis=self.axis)

    def backward(self, gy):
        return tuple(split(gy, self.sizes, self.axis))


def cat(tensors, dim=0):
    """Join tensors along an existing dimension. A 1-D empty tensor joins any others, as in PyTorch (so
    ``out = cat([out, row])`` can start from ``out = tensor([])``)."""
    tensors = [as_tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("cat: expected a non-empty sequence of tensors")
    if any(t.shape == (0,) for t in tensors):
        tensors, dim = _shape_legacy_empties(tensors, dim)
    else:
        dim = normalize_axis(dim, tensors[0].ndim, "cat")
    ndim = tensors[0].ndim
    for i, t in enumerate(tensors):
        if t.ndim != ndim or t.shape[:dim] + t.shape[dim + 1:] != tensors[0].shape[:dim] + tensors[0].shape[dim + 1:]:
            raise ValueError(f"cat: tensor {i} has shape {t.shape}, tensor 0 has shape {tensors[0].shape}; "
                             f"all dimensions but {dim} must match")
    tensors = promoted(*tensors)
    return Concatenate(dim)(*tensors)


def _shape_legacy_empties(tensors, dim):
    """``(tensors, dim)`` with each 1-D empty tensor reshaped to the first other's shape with size 0 along
    ``dim``, and ``dim`` normalized; when all are such, ``dim`` is 0 (PyTorch checks no dim then)."""
    ref = next((t for t in tensors if t.shape != (0,)), None)
    if ref is None:
        return tensors, 0
    dim = normalize_axis(dim, ref.ndim, "cat")
    return [reshape(t, ref.shape[:dim] + (0,) + ref.shape[dim + 1:]) if t.shape == (0,) else t for t in tensors], dim


def concatenate(tensors, axis=0):
    """NumPy's name for ``cat``."""
    return cat(tensors, axis)


def stack(tensors, dim=0):
    """Join tensors of one shape along a new dimension."""
    tensors = [as_tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("stack: expected a non-empty sequence of tensors")
    for i, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise ValueError(f"stack: tensor {i} has shape {t.shape}, tensor 0 has shape {tensors[0].shape}")
    return cat([unsqueeze(t, dim) for t in tensors], dim)


class Split(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, sizes, axis):
        self.sizes, self.axis = sizes, axis

    def forward(self, x):
        self.dtype = x.dtype
        self.shape = x.shape
        self.xp = _xp(x)
        cuts = np.cumsum(self.sizes)[:-1].tolist()
        return tuple(self.xp.split(x, cuts, axis=self.axis))

    def backward(self, *gys):
        parts = []
        for g, n in zip(gys, self.sizes):
            if g is None:
                shape = list(self.shape)
                shape[self.axis] = n
                g = self.xp.zeros(shape, self.dtype)
            parts.append(g)
        if any(isinstance(g, Tensor) for g in parts):
            return cat(parts, self.axis)
        return self.xp.concatenate(parts, axis=self.axis)


def split(x, split_size_or_sections, dim=0):
    """Split into pieces of ``split_size`` along ``dim`` (the last may be smaller),
    or into pieces of the listed sizes (PyTorch's semantics). Accepts arrays too."""
    dim = normalize_axis(dim, x.ndim, "split")
    n = x.shape[dim]
    if is_int(split_size_or_sections):
        step = int(split_size_or_sections)
        if step < 0 or (step == 0 and n):
            raise ValueError(f"split: split_size must be positive (or 0 for a size-0 dim), got {step} for "
                             f"dimension {dim} of size {n}")
        sizes = [step] * (n // step) + ([n % step] if n % step else []) if n else [0]  # a size-0 dim: one piece
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise ValueError(f"split: sections {sizes} sum to {sum(sizes)}, but dimension {dim} has size {n}")
    if not isinstance(x, Tensor):
        return _xp(x).split(x, np.cumsum(sizes)[:-1].tolist(), axis=dim)
    out = Split(sizes, dim)(x)
    return list(out)


def chunk(x, chunks, dim=0):
    """Split into ``chunks`` pieces of (nearly) equal size along ``dim`` (``chunks`` empty ones of a size-0 dim)."""
    if x.ndim == 0:
        raise ValueError("chunk: expects a tensor of at least 1 dimension, got a 0-d one")
    if not is_int(chunks):
        raise TypeError(f"chunk: chunks must be an int, got {chunks!r}")
    n = x.shape[normalize_axis(dim, x.ndim, "chunk")]
    if chunks <= 0:
        raise ValueError(f"chunk: chunks must be positive, got {chunks}")
    return split(x, [0] * chunks if n == 0 else max(1, -(-n // chunks)), dim)


class PadConstant(Function):
    complex_autograd = "ready"

    def __init__(self, widths, value):
        self.widths, self.value = widths, value

    def forward(self, x):
        return _xp(x).pad(x, self.widths, mode="constant", constant_values=self.value)

    def backward(self, gy):
        from .indexing import getitem
        index = tuple(slice(lo, gy.shape[i] - hi) for i, (lo, hi) in enumerate(self.widths))
        return getitem(gy, index)


_PAD_MODES = {"constant", "reflect", "replicate", "circular"}


def pad(x, pad, mode="constant", value=0.0):
    """Pad with PyTorch's ``F.pad`` convention: ``pad`` lists (left, right) pairs
    starting from the last dimension. Modes: constant, reflect, replicate, circular."""
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode must be one of {sorted(_PAD_MODES)}, got {mode!r}")
    if isinstance(value, complex):
        raise TypeError(f"pad: value must be a real number, got {value!r} (as PyTorch)")
    if len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise ValueError(f"pad: expected an even number of widths for at most {x.ndim} dims, got {tuple(pad)}")
    widths = [(0, 0)] * x.ndim
    for k in range(len(pad) // 2):
        widths[x.ndim - 1 - k] = (int(pad[2 * k]), int(pad[2 * k + 1]))
    if mode == "constant":
        if any(lo < 0 or hi < 0 for lo, hi in widths):  # a negative width crops, as in PyTorch
            if any(n + min(lo, 0) + min(hi, 0) < 0 for n, (lo, hi) in zip(x.shape, widths)):
                raise ValueError(f"pad: widths {tuple(pad)} crop more than the input's shape {x.shape} holds")
            from .indexing import getitem
            x = getitem(x, tuple(slice(-min(lo, 0), n + min(hi, 0)) for n, (lo, hi) in zip(x.shape, widths)))
            widths = [(max(lo, 0), max(hi, 0)) for lo, hi in widths]
        return PadConstant(tuple(widths), value)(x)
    from .indexing import take
    for axis, (lo, hi) in enumerate(widths):
        if lo or hi:
            x = take(x, _pad_positions(mode, x.shape[axis], lo, hi, axis), axis)
    return x


_NUMPY_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _pad_positions(mode, n, lo, hi, axis):
    """The input positions along one axis of ``n`` that ``mode`` padding by ``lo`` before and ``hi`` after
    picks; a negative width crops (circular padding crops first, reflect and replicate pad first, as PyTorch)."""
    crop_lo, crop_hi, pad_lo, pad_hi = max(-lo, 0), max(-hi, 0), max(lo, 0), max(hi, 0)
    kept = n - crop_lo - crop_hi if mode == "circular" else n
    if mode == "reflect" and max(pad_lo, pad_hi) >= n:
        raise ValueError(f"pad: reflect padding {lo, hi} must be smaller than dimension {axis} of size {n}")
    if kept < 0:
        raise ValueError(f"pad: circular padding {lo, hi} crops more than dimension {axis} of size {n} holds")
    if mode == "circular" and max(pad_lo, pad_hi) > kept:
        raise ValueError(f"pad: circular padding {lo, hi} wraps around more than once in dimension {axis} of size {n}")
    positions = np.pad(np.arange(kept), (pad_lo, pad_hi), mode=_NUMPY_PAD_MODES[mode])
    return positions + crop_lo if mode == "circular" else positions[crop_lo:positions.size - crop_hi]


class Tile(Function):
    complex_autograd = "ready"

    def __init__(self, reps):
        self.reps = reps

    def forward(self, x):
        self.in_shape = x.shape
        return _xp(x).tile(x, self.reps)

    def backward(self, gy):
        split_shape = []
        for r, n in zip(self.reps, self.in_shape):
            split_shape += [r, n]
        g = reshape(gy, tuple(split_shape))
        return dual(_SumAxes(tuple(range(0, len(split_shape), 2))), g)


class _SumAxes(Function):
    """Sum over ``axes`` without keepdims (the backward of tiling)."""
    complex_autograd = "ready"

    def __init__(self, axes):
        self.axes = axes

    def forward(self, x):
        self.in_shape = x.shape
        return x.sum(axis=self.axes)

    def backward(self, gy):
        shape = list(self.in_shape)
        for a in self.axes:
            shape[a] = 1
        return expand_to(reshape(gy, tuple(shape)), self.in_shape)


def tile(x, *reps):
    """Repeat the whole tensor ``reps[i]`` times along each dimension (NumPy's tile)."""
    reps = shape_arg(reps)
    if len(reps) < x.ndim:
        reps = (1,) * (x.ndim - len(reps)) + reps
    if len(reps) > x.ndim:
        x = reshape(x, (1,) * (len(reps) - x.ndim) + x.shape)
    return Tile(reps)(x)


def repeat(x, *sizes):
    """PyTorch's ``repeat``: tile the tensor (NumPy's ``repeat`` is ``repeat_interleave``)."""
    sizes = shape_arg(sizes)
    if len(sizes) < x.ndim:
        raise ValueError(f"repeat: {len(sizes)} sizes for a tensor with {x.ndim} dimensions; give at least {x.ndim}")
    return tile(x, sizes)


def repeat_interleave(x, repeats, dim=None):
    """Repeat each element ``repeats`` times along ``dim`` (NumPy's ``repeat``)."""
    from .indexing import take
    if dim is None:
        x, dim = flatten(x), 0
    dim = normalize_axis(dim, x.ndim, "repeat_interleave")
    return take(x, np.repeat(np.arange(x.shape[dim]), repeats), dim)


class Flip(Function):
    complex_autograd = "ready"

    def __init__(self, dims):
        self.dims = dims

    def forward(self, x):
        return _xp(x).flip(x, self.dims)

    def backward(self, gy):
        return dual(Flip(self.dims), gy)


def flip(x, dims):
    """Reverse the order of elements along ``dims``."""
    if dims is None:
        raise TypeError("flip: dims must be an int or a sequence of ints, got None")
    return Flip(normalize_axes(dims, x.ndim, "flip"))(x)


def view_as(x, other):
    """``x`` reshaped to ``other``'s shape."""
    return reshape(x, other.shape)


def expand_as(x, other):
    """``x`` broadcast to ``other``'s shape."""
    return broadcast_to(x, other.shape)


def t(x):
    """Transpose of a matrix (0-d and 1-d tensors come back unchanged), as ``torch.t``."""
    if x.ndim > 2:
        raise ValueError(f"t: expects a tensor with at most 2 dimensions, got shape {x.shape}; use transpose(d0, d1)")
    return transpose(x) if x.ndim == 2 else x


def unbind(x, dim=0):
    """The slices of ``x`` along ``dim``, as a tuple (each without that dimension; none for a size-0 dim)."""
    if x.ndim == 0:
        raise IndexError("unbind: a 0-d tensor has no dimension to unbind")
    if x.shape[normalize_axis(dim, x.ndim, "unbind")] == 0:
        return ()
    return tuple(squeeze(piece, dim) for piece in split(x, 1, dim))


class Roll(Function):
    complex_autograd = "ready"

    def __init__(self, shifts, axes):
        self.shifts, self.axes = shifts, axes

    def forward(self, x):
        return _xp(x).roll(x, self.shifts, self.axes)

    def backward(self, gy):
        return dual(Roll(tuple(-s for s in self.shifts), self.axes), gy)


def roll(x, shifts, dims=None):
    """Shift elements circularly by ``shifts`` along ``dims`` (an int or tuples of equal length);
    with ``dims=None`` the flattened tensor is rolled and the shape restored, as PyTorch."""
    if dims is None:
        if not isinstance(shifts, (int, np.integer)) and len(shifts) != 1:
            raise ValueError(f"roll: without dims, shifts must be one int, got {shifts!r}")
        return reshape(roll(flatten(x), shifts, 0), x.shape)
    shifts = (int(shifts),) if isinstance(shifts, (int, np.integer)) else tuple(int(s) for s in shifts)
    dims = (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
    if len(shifts) != len(dims):
        raise ValueError(f"roll: shifts {shifts} and dims {dims} must have the same length")
    return Roll(shifts, tuple(normalize_axis(d, x.ndim, "roll") for d in dims))(as_tensor(x))


def narrow(x, dim, start, length):
    """The slice ``start:start + length`` along ``dim`` (a view; ``start`` may be negative)."""
    from .indexing import getitem
    dim = normalize_axis(dim, x.ndim, "narrow")
    n = x.shape[dim]
    start, length = int(start), int(length)
    if not -n <= start <= n:
        raise IndexError(f"narrow: start {start} is out of range for dimension {dim} of size {n} "
                         f"(tensor shape {x.shape})")
    start %= n if n else 1
    if length < 0 or start + length > n:
        raise ValueError(f"narrow: start {start} + length {length} exceeds dimension {dim} of size {n} "
                         f"(tensor shape {x.shape})")
    return getitem(x, (slice(None),) * dim + (slice(start, start + length),))


def movedim(x, source, destination):
    """Move dims ``source`` to positions ``destination`` (ints or sequences), keeping the others' order."""
    src = (source,) if isinstance(source, (int, np.integer)) else tuple(source)
    dst = (destination,) if isinstance(destination, (int, np.integer)) else tuple(destination)
    if len(src) != len(dst):
        raise ValueError(f"movedim: source {src} and destination {dst} must have the same length")
    src = normalize_axes(src, x.ndim, "movedim source", ordered=True)
    dst = normalize_axes(dst, x.ndim, "movedim destination", ordered=True)
    rest = iter(d for d in range(x.ndim) if d not in src)
    placed = dict(zip(dst, src))
    return permute(x, tuple(placed[i] if i in placed else next(rest) for i in range(x.ndim)))


# -- turning and differencing: rot90, flipud, fliplr, ravel, diff -----------------
def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first dim towards the second."""
    x = as_tensor(input)
    if len(dims) != 2 or x.ndim < 2:
        raise ValueError(f"rot90: expects two dims and a tensor of at least 2 dimensions, got dims {tuple(dims)} "
                         f"and shape {x.shape}")
    d0, d1 = (normalize_axis(d, x.ndim, "rot90") for d in dims)
    if d0 == d1:
        raise ValueError(f"rot90: the two dims must differ, got {tuple(dims)}")
    k %= 4
    if k == 1:
        return swapaxes(flip(x, d1), d0, d1)
    if k == 2:
        return flip(x, (d0, d1))
    if k == 3:
        return swapaxes(flip(x, d0), d0, d1)
    return x


def flipud(input):
    """Reverse the order of rows (dim 0)."""
    return flip(input, 0)


def fliplr(input):
    """Reverse the order of columns (dim 1); needs at least 2 dimensions."""
    input = as_tensor(input)
    if input.ndim < 2:
        raise ValueError(f"fliplr: expects a tensor of at least 2 dimensions, got shape {input.shape}")
    return flip(input, 1)


def ravel(input):
    """The elements as one dimension (``flatten``)."""
    return reshape(input, (-1,))


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (``x[i+1] - x[i]``; ``!=`` for bool), after joining
    ``prepend`` and ``append`` (with the input's number of dims) to the ends."""
    from .arithmetic import ne
    x = as_tensor(input)
    if x.ndim == 0:
        raise ValueError("diff: expects a tensor of at least 1 dimension, got a 0-d one")
    if int(n) < 0:
        raise ValueError(f"diff: the order n must be non-negative, got {n}")
    dim = normalize_axis(dim, x.ndim, "diff")
    parts = [as_tensor(p) for p in (prepend, x, append) if p is not None]
    for p in parts:
        if p.ndim != x.ndim:
            raise ValueError(f"diff: prepend and append must have the input's {x.ndim} dims, got shape {p.shape}")
    if len(parts) > 1 and n:  # n=0 gives the input itself, as PyTorch
        x = cat(parts, dim)
    for _ in range(int(n)):
        m = x.shape[dim]
        if m == 0:
            break
        after, before = narrow(x, dim, 1, m - 1), narrow(x, dim, 0, m - 1)
        x = ne(after, before) if x.dtype == np.bool_ else after - before
    return x


# -- diagonals: diagonal (a view), diag_embed ----------------------------------------
def _diagonal_view(x, offset, dim1, dim2):
    """``x``'s diagonal as a view that can be written where ``x`` can (NumPy's is read-only; PyTorch's isn't)."""
    d = _xp(x).diagonal(x, offset, dim1, dim2)
    if isinstance(d, np.ndarray) and x.flags.writeable:
        d.flags.writeable = True
    return d


class Diagonal(ViewFunction):
    complex_autograd = "ready"

    def __init__(self, offset, dim1, dim2):
        self.offset, self.dim1, self.dim2 = offset, dim1, dim2

    def forward(self, x):
        self.in_shape = x.shape
        return _diagonal_view(x, self.offset, self.dim1, self.dim2)

    def backward(self, gy):
        return dual(DiagonalPlace(self.in_shape, self.offset, self.dim1, self.dim2), gy)


class DiagonalPlace(Function):
    """Zeros of ``shape`` with the input as their diagonal: ``diag_embed``, and ``diagonal``'s gradient."""
    complex_autograd = "ready"

    def __init__(self, shape, offset, dim1, dim2):
        self.shape, self.offset, self.dim1, self.dim2 = shape, offset, dim1, dim2

    def forward(self, v):
        out = _xp(v).zeros(self.shape, v.dtype)
        _diagonal_view(out, self.offset, self.dim1, self.dim2)[...] = v
        return out

    def backward(self, gy):
        return dual(Diagonal(self.offset, self.dim1, self.dim2), gy)


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal ``offset`` (above the main one if positive) of the matrices over ``dim1`` and ``dim2``, as
    the last dim: a view, as PyTorch's."""
    x = as_tensor(input)
    d1, d2 = normalize_axis(dim1, x.ndim, "diagonal"), normalize_axis(dim2, x.ndim, "diagonal")
    if d1 == d2 or x.ndim < 2:
        raise ValueError(f"diagonal: dim1 and dim2 must be two different dims, got {dim1} and {dim2} "
                         f"(tensor shape {x.shape})")
    return Diagonal(int(offset), d1, d2)(x)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Tensors whose diagonals ``offset`` over the new dims ``dim1`` and ``dim2`` hold the last dim of
    ``input``, zeros elsewhere (the inverse of ``diagonal``)."""
    x = as_tensor(input)
    ndim = x.ndim + 1
    d1, d2 = normalize_axis(dim1, ndim, "diag_embed"), normalize_axis(dim2, ndim, "diag_embed")
    if d1 == d2:
        raise ValueError(f"diag_embed: dim1 and dim2 must differ, got {dim1} and {dim2}")
    size = (x.shape[-1] if x.ndim else 1) + abs(int(offset))
    rest = iter(x.shape[:-1])
    shape = tuple(size if i in (d1, d2) else next(rest) for i in range(ndim))
    return DiagonalPlace(shape, int(offset), d1, d2)(reshape(x, (1,)) if x.ndim == 0 else x)
