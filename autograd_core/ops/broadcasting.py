"""Broadcasting several shapes or tensors to one shape, as ``torch.broadcast_shapes`` and
``torch.broadcast_tensors``."""
import numpy as np

from ._util import as_tensor
from .shape import expand_to


def broadcast_shapes(*shapes):
    """The shape that tensors of ``shapes`` broadcast to (an int counts as a 1-d shape)."""
    return _common_shape("broadcast_shapes", [(s,) if isinstance(s, (int, np.integer)) else tuple(s) for s in shapes])


def broadcast_tensors(*tensors):
    """The tensors expanded to their common broadcast shape (differentiable views, as ``expand``)."""
    tensors = [as_tensor(t) for t in tensors]
    shape = _common_shape("broadcast_tensors", [t.shape for t in tensors])
    return tuple(expand_to(t, shape) for t in tensors)


def _common_shape(op, shapes):
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        raise ValueError(f"{op}: shapes {', '.join(map(str, shapes))} can't be broadcast together") from None
