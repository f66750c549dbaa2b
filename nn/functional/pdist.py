"""``F.pdist``: the distances between all pairs of rows of a matrix."""
import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops import getitem, norm
from autograd_core.ops._util import as_tensor

__all__ = ["pdist"]


def pdist(input, p=2):
    """The p-norm distance between rows i < j of an (N, M) input, for every pair in row-major order
    (the upper triangle of ``cdist(input, input)`` without its diagonal): N (N - 1) / 2 values."""
    input = as_tensor(input)
    if input.ndim != 2:
        raise ValueError(f"pdist: expected a 2-D input (N, M), got shape {input.shape}")
    if input.dtype.kind != "f":
        raise TypeError(f"pdist: expected a floating-point input, got dtype {input.dtype}")
    if p < 0:
        raise ValueError(f"pdist: p must be non-negative, got {p}")
    xp = get_array_module(input._data)
    rows, cols = (xp.asarray(i) for i in np.triu_indices(input.shape[0], 1))
    return norm(getitem(input, rows) - getitem(input, cols), p, 1)
