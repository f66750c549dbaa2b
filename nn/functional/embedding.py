"""Embedding lookups: ``F.embedding``, rows of a table picked by index, and ``F.embedding_bag``, the sums,
means or maxima of bags of such rows."""
import numpy as np

from autograd_core import backend
from autograd_core.backend import get_array_module
from autograd_core.function import Function
from autograd_core.grad_mode import _mode
from autograd_core.ops import index_add, scatter_reduce, where
from autograd_core.ops._util import array_on, as_tensor
from autograd_core.ops.indexing import getitem
from autograd_core.tensor import Tensor

from .linear import _check_indices

__all__ = ["embedding", "embedding_bag"]


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` picked by the integer tensor ``input``: output shape ``input.shape + (dim,)``.

    Positions equal to ``padding_idx`` pass no gradient to that row. ``max_norm`` first rescales, in
    place, each picked row whose ``norm_type``-norm exceeds it; ``scale_grad_by_freq`` divides each
    row's gradient by how often the row appears in ``input``. As PyTorch; the gradient is dense
    whatever ``sparse`` says.
    """
    idx = input._data if isinstance(input, Tensor) else backend.asarray(input)
    _check_indices(idx, weight.shape[0], "embedding")
    if max_norm is not None:
        _renorm_rows_(weight, idx, max_norm, norm_type)
    out = getitem(weight, idx)
    if scale_grad_by_freq and _mode.enabled and weight.requires_grad:
        xp = get_array_module(idx)
        _, inverse, counts = xp.unique(idx, return_inverse=True, return_counts=True)
        out = _ScaleGrad((1.0 / counts[inverse.reshape(idx.shape)]).astype(weight.dtype)[..., None])(out)
    if padding_idx is None or not (_mode.enabled and weight.requires_grad):
        return out
    if padding_idx < 0:
        padding_idx += weight.shape[0]
    pad = (idx == padding_idx)[..., None]
    return where(pad, getitem(weight.detach(), idx), out)


def _renorm_rows_(weight, idx, max_norm, norm_type):
    """Scale the rows ``idx`` of ``weight`` in place to norm at most ``max_norm`` (PyTorch's embedding_renorm_)."""
    from autograd_core.ops.inplace import mark_changed
    xp = get_array_module(weight._data)
    rows = xp.unique(idx)
    picked = weight._data[rows]
    if norm_type == float("inf"):
        norms = xp.abs(picked).max(axis=1)
    else:
        norms = (xp.abs(picked) ** norm_type).sum(axis=1) ** (1.0 / norm_type)
    scale = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(weight.dtype)
    weight._data[rows] = picked * scale[:, None]
    mark_changed([weight])


class _ScaleGrad(Function):
    """The identity whose gradient is scaled by a constant array."""

    def __init__(self, scale):
        self.scale = scale

    def forward(self, x):
        return x.copy()

    def backward(self, gy):
        return gy * self.scale


_MODES = ("sum", "mean", "max")


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Reduce bags of rows of ``weight`` by ``mode`` ('sum', 'mean' or 'max'), one output row per bag, without
    making the (bag, length, dim) array of ``embedding``. ``input`` is (B, L), a bag per row, or 1-D with
    ``offsets`` giving where each bag starts (with ``include_last_offset``, one more entry that starts none).
    Entries equal to ``padding_idx`` are left out; an empty bag gives zeros; ``per_sample_weights`` (the
    shape of ``input``, mode 'sum' only) scales each row first. As PyTorch; the gradient is dense."""
    if mode not in _MODES:
        raise ValueError(f"embedding_bag: mode must be one of {_MODES}, got {mode!r}")
    if scale_grad_by_freq and mode == "max":
        raise ValueError("embedding_bag: mode='max' does not support scale_grad_by_freq=True")
    if per_sample_weights is not None and mode != "sum":
        raise ValueError(f"embedding_bag: per_sample_weights is only supported for mode='sum', got mode={mode!r}")
    weight = as_tensor(weight)
    idx = array_on(input, weight)
    xp = get_array_module(idx)
    bag, bags = _bag_of_each_entry(idx, offsets, include_last_offset, xp)
    flat = idx.reshape(-1)
    # padding_idx is applied here, not by embedding: the entries it names are left out of their bags below
    rows = embedding(flat, weight, None, max_norm, norm_type, scale_grad_by_freq)  # (M, D)
    keep = None if padding_idx is None else flat != padding_idx % weight.shape[0]
    dim = weight.shape[1]
    zeros = Tensor(xp.zeros((bags, dim), weight.dtype))
    if mode == "max":
        rows = rows if keep is None else where(keep[:, None], rows, -np.inf)
        out = scatter_reduce(zeros, 0, xp.broadcast_to(bag[:, None], rows.shape), rows, "amax", include_self=False)
        return where(_counts(bag, keep, bags, xp)[:, None] > 0, out, 0.0)
    if per_sample_weights is not None:
        weights = as_tensor(per_sample_weights)
        if weights.shape != idx.shape:
            raise ValueError(f"embedding_bag: per_sample_weights must have the input's shape {idx.shape}, got "
                             f"{weights.shape}")
        rows = rows * weights.reshape(-1, 1)
    out = index_add(zeros, 0, bag, rows if keep is None else where(keep[:, None], rows, 0.0))
    if mode == "mean":
        out = out / Tensor(xp.maximum(_counts(bag, keep, bags, xp), 1).astype(weight.dtype)[:, None])
    return out


def _bag_of_each_entry(idx, offsets, include_last_offset, xp):
    """(the bag of each entry of ``idx`` flattened, the number of bags)."""
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError("embedding_bag: offsets must be None when input is 2-D (each row is a bag)")
        return xp.repeat(xp.arange(idx.shape[0]), idx.shape[1]), idx.shape[0]
    if idx.ndim != 1:
        raise ValueError(f"embedding_bag: input must be 1-D (with offsets) or 2-D, got shape {idx.shape}")
    if offsets is None:
        raise ValueError("embedding_bag: a 1-D input needs offsets (where each bag starts)")
    offsets = xp.asarray(offsets._data if isinstance(offsets, Tensor) else offsets)
    if offsets.ndim != 1 or offsets.size == 0 or offsets.dtype.kind not in "iu":
        raise ValueError(f"embedding_bag: offsets must be a non-empty 1-D integer tensor, got shape {offsets.shape} "
                         f"and dtype {offsets.dtype}")
    backend.check((offsets[0] != 0) | (offsets[1:] < offsets[:-1]).any() | (offsets[-1] > idx.size), lambda: ValueError(
        f"embedding_bag: offsets must start at 0, never decrease and not pass the input's length {idx.size}"))
    starts = offsets[:-1] if include_last_offset else offsets  # the last bag runs to the end, as in PyTorch
    return xp.searchsorted(starts, xp.arange(idx.size), side="right") - 1, starts.size


def _counts(bag, keep, bags, xp):
    """How many kept entries (all where ``keep`` is None) each bag has."""
    return xp.bincount(bag, weights=keep, minlength=bags) if bags else xp.zeros(0)
