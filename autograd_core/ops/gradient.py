"""``gradient``: the derivative of sampled values along each dim by finite differences (NumPy's and
PyTorch's): central differences inside, one-sided differences of first or second order (``edge_order``) at the
ends, on a uniform grid or at given coordinates. Composed from slices and arithmetic, so it is differentiable
(in the values and in the coordinates) to any order."""
import numbers

from ..dtypes import get_default_dtype
from ..tensor import Tensor
from ._util import as_tensor, normalize_axes
from .shape import cat, diff, narrow, reshape


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """One tensor per dim in ``dim`` (default: every dim) holding the derivative of ``input`` along it.

    ``spacing`` is the grid step (a number for every dim, or one number per dim) or, as a list of 1-D tensors
    (one per dim), the coordinates of the samples. Each dim needs at least ``edge_order + 1`` samples.

    Example:
        >>> ag.gradient(ag.tensor([1.0, 2.0, 4.0, 8.0]))
        (tensor([1.0000, 1.5000, 3.0000, 4.0000]),)
    """
    input = as_tensor(input)
    if input.dtype.kind not in "fc":
        input = input.astype(get_default_dtype())
    if edge_order not in (1, 2):
        raise ValueError(f"gradient: only edge_order=1 and edge_order=2 are supported, got {edge_order}")
    if input.ndim == 0 and dim not in (None, (), []):  # dim 0 of a 0-d input is refused here, as torch
        raise IndexError(f"gradient: dim {dim} is out of range for a tensor with no dimensions")
    dims = normalize_axes(range(input.ndim) if dim is None else dim, input.ndim, "gradient", ordered=True)
    steps = [spacing] * len(dims) if isinstance(spacing, (numbers.Number, Tensor)) and not (
        isinstance(spacing, Tensor) and spacing.ndim) else list(spacing)
    if len(steps) != len(dims):
        raise ValueError(f"gradient: expected a spacing for each of the {len(dims)} dims {dims}, got {len(steps)}")
    return tuple(_along(input, d, step, edge_order) for d, step in zip(dims, steps))


def _along(f, dim, step, edge_order):
    n = f.shape[dim]
    if n < edge_order + 1:
        raise ValueError(f"gradient: dim {dim} of input shape {f.shape} has {n} samples, but edge_order="
                         f"{edge_order} needs at least {edge_order + 1}")
    uneven = isinstance(step, Tensor) and step.ndim
    if uneven:  # coordinates: the steps between them
        if step.shape != (n,):
            raise ValueError(f"gradient: the coordinates for dim {dim} have shape {step.shape}, expected ({n},)")
        h = reshape(diff(step), (n - 1,) + (1,) * (f.ndim - dim - 1))
        h0, h1 = narrow(h, 0, 0, 1), narrow(h, 0, 1, 1) if n > 2 else None  # the first two steps
        hz, hy = narrow(h, 0, n - 2, 1), narrow(h, 0, n - 3, 1) if n > 2 else None  # the last two
        left, right = narrow(h, 0, 0, n - 2), narrow(h, 0, 1, n - 2)
    else:
        h0 = h1 = hz = hy = step

    def at(start, length=1):
        return narrow(f, dim, start, length)
    pieces = [(at(1) - at(0)) / h0]
    if edge_order == 2:  # the parabola through the first (last) three samples
        pieces = [at(0) * (-(2 * h0 + h1) / (h0 * (h0 + h1))) + at(1) * ((h0 + h1) / (h0 * h1))
                  - at(2) * (h0 / (h1 * (h0 + h1)))]
    if n > 2 and uneven:  # central differences, weighted for unequal steps
        pieces.append((at(2, n - 2) * (left * left) - at(0, n - 2) * (right * right)
                       + at(1, n - 2) * (right * right - left * left)) / (left * right * (left + right)))
    elif n > 2:  # on a uniform grid the middle sample has weight 0: an inf there must not give NaN (inf * 0)
        pieces.append((at(2, n - 2) - at(0, n - 2)) / (2 * step))
    if edge_order == 2:
        pieces.append(at(n - 3) * (hz / (hy * (hy + hz))) - at(n - 2) * ((hy + hz) / (hy * hz))
                      + at(n - 1) * ((2 * hz + hy) / (hz * (hy + hz))))
    else:
        pieces.append((at(n - 1) - at(n - 2)) / hz)
    return cat(pieces, dim)
