"""Stacking and grids, as PyTorch: atleast_1d/2d/3d, hstack, vstack (row_stack), dstack, column_stack,
block_diag; meshgrid, cartesian_prod, combinations. All are compositions of the shape ops."""
import numpy as np

from ._util import as_tensor, promoted
from .shape import cat, expand_to, flatten, pad, reshape, stack


# -- stacking helpers: atleast_nd, hstack, vstack, dstack, column_stack, block_diag ------
def _atleast(tensors, ndim):
    """``atleast_nd``'s calling forms: one tensor gives one, several (or a sequence) give a tuple."""
    single = len(tensors) == 1 and not isinstance(tensors[0], (list, tuple))
    if len(tensors) == 1 and not single:
        tensors = tensors[0]
    out = []
    for t in map(as_tensor, tensors):
        if t.ndim < ndim:  # (n,) -> (1, n) -> (1, n, 1), as NumPy and PyTorch
            t = reshape(t, {0: (1, 1, 1), 1: (1, t.numel(), 1), 2: t.shape + (1,)}[t.ndim][:ndim])
        out.append(t)
    return out[0] if single else tuple(out)


def atleast_1d(*tensors):
    """Tensors with at least one dimension (0-d ones become shape (1,))."""
    return _atleast(tensors, 1)


def atleast_2d(*tensors):
    """Tensors with at least two dimensions: (n,) becomes (1, n)."""
    return _atleast(tensors, 2)


def atleast_3d(*tensors):
    """Tensors with at least three dimensions: (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1)."""
    return _atleast(tensors, 3)


def _sequence(tensors, name):
    if not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{name}: expected a non-empty list or tuple of tensors, got {type(tensors).__name__}")
    return list(tensors)


def hstack(tensors):
    """Join along the columns: ``cat`` along dim 1, or dim 0 for 1-D tensors."""
    tensors = [atleast_1d(t) for t in _sequence(tensors, "hstack")]
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Join along the rows: ``cat`` along dim 0 after ``atleast_2d``."""
    return cat([atleast_2d(t) for t in _sequence(tensors, "vstack")], 0)


row_stack = vstack


def dstack(tensors):
    """Join along the depth: ``cat`` along dim 2 after ``atleast_3d``."""
    return cat([atleast_3d(t) for t in _sequence(tensors, "dstack")], 2)


def column_stack(tensors):
    """Join as columns: 0-d and 1-d tensors become (n, 1) columns, then ``cat`` along dim 1."""
    tensors = [as_tensor(t) for t in _sequence(tensors, "column_stack")]
    return cat([reshape(t, (t.numel(), 1)) if t.ndim < 2 else t for t in tensors], 1)


def block_diag(*tensors):
    """A matrix with the given tensors (0-d, 1-d as one row, or 2-d) on its diagonal, zeros elsewhere."""
    blocks = []
    for i, t in enumerate(map(as_tensor, tensors)):
        if t.ndim > 2:
            raise ValueError(f"block_diag: tensor {i} has {t.ndim} dimensions (shape {t.shape}); at most 2 allowed")
        blocks.append(atleast_2d(t))
    if not blocks:
        return as_tensor(np.zeros((1, 0), np.float32))  # PyTorch's shape for no blocks
    blocks = promoted(*blocks)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        rows.append(pad(b, (left, width - left - b.shape[1])))
        left += b.shape[1]
    return cat(rows, 0)


# -- grids: meshgrid, cartesian_prod, combinations ------------------------------
def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids from 1-D tensors: with ``indexing='ij'`` output ``i`` varies along dim ``i``;
    ``'xy'`` swaps the first two dims (NumPy's default). Accepts one list of tensors too."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    if not tensors:
        raise ValueError("meshgrid: expects at least one tensor")
    tensors = [as_tensor(t) for t in tensors]
    for i, t in enumerate(tensors):
        if t.ndim > 1 or t.dtype != tensors[0].dtype:
            raise ValueError(f"meshgrid: expects 0-d or 1-d tensors of one dtype, got tensor {i} of shape {t.shape} "
                             f"and dtype {t.dtype} (tensor 0: {tensors[0].dtype})")
    shape = [t.numel() for t in tensors]
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) > 1:
        axes[0], axes[1] = 1, 0
        shape[0], shape[1] = shape[1], shape[0]
    out = []
    for t, axis in zip(tensors, axes):
        single = [1] * len(tensors)
        single[axis] = t.numel()
        out.append(expand_to(reshape(t, tuple(single)), tuple(shape)))
    return tuple(out)


def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, as rows (a single tensor comes back as is)."""
    tensors = [as_tensor(t) for t in tensors]
    for i, t in enumerate(tensors):
        if t.ndim != 1:
            raise ValueError(f"cartesian_prod: expects 1-D tensors, got tensor {i} of shape {t.shape}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([flatten(g) for g in grids], 1)


def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of the elements of a 1-D tensor, as rows (itertools' order)."""
    from .indexing import take
    x = as_tensor(input)
    if x.ndim != 1:
        raise ValueError(f"combinations: expects a 1-D tensor, got shape {x.shape}")
    if r < 0:
        raise ValueError(f"combinations: r must be non-negative, got {r}")
    if r == 0:
        return take(x, np.zeros(0, np.int64), 0)
    idx = _combination_indices(x.shape[0], r, with_replacement)
    return reshape(take(x, idx.reshape(-1), 0), idx.shape)


def _combination_indices(n, r, with_replacement):
    """The (count, r) index rows of the length-``r`` combinations of ``range(n)`` in itertools' order, built a
    column at a time: each row is repeated once for every value its next column can take."""
    idx = np.arange(n, dtype=np.int64)[:, None]
    for _ in range(r - 1):
        first = idx[:, -1] + (0 if with_replacement else 1)  # the smallest value the next column can take
        counts = np.maximum(n - first, 0)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        idx = np.concatenate([np.repeat(idx, counts, axis=0), (np.repeat(first, counts) + offsets)[:, None]], 1)
    return idx
