"""PyTorch's ``*_copy`` functions (``permute_copy``, ``diagonal_copy`` ...): the view op's result, copied into
memory of its own (differentiable as the view op), made from one table; and the split forms ``split_with_sizes``,
``unsafe_split``, ``unsafe_split_with_sizes``, ``unsafe_chunk`` and ``narrow_copy``."""
from .arithmetic import clone
from .complex_parts import view_as_complex, view_as_real
from .shape import (chunk, diagonal, expand, narrow, permute, split, squeeze, t, transpose, unbind, unsqueeze,
                    view)
from .split_views import select, unfold
from .strided import as_strided


def split_with_sizes(input, split_sizes, dim=0):
    """``input`` split along ``dim`` into pieces of the given sizes, which must sum to its size there."""
    if isinstance(split_sizes, int):
        raise TypeError(f"split_with_sizes: split_sizes must be a list of sizes, got the int {split_sizes}; use split")
    return split(input, list(split_sizes), dim)


def _slice(input, dim=0, start=None, end=None, step=1):
    """``input[..., start:end:step, ...]`` along ``dim``."""
    return input[(slice(None),) * (dim % input.ndim) + (slice(start, end, step),)]


def _copy_of(name, view_op):
    """``name(...)``: ``view_op(...)``'s result (each of them, for a split) cloned into memory of its own."""
    def copy(*args, **kwargs):
        out = view_op(*args, **kwargs)
        return type(out)(map(clone, out)) if isinstance(out, (tuple, list)) else clone(out)
    copy.__name__ = copy.__qualname__ = name
    copy.__doc__ = f"``{view_op.__name__.lstrip('_')}``'s result, copied (not a view)."
    return copy


def _expand(input, size, *, implicit=False):
    """``expand(input, size)`` (``implicit`` is PyTorch's tracing flag and changes nothing)."""
    return expand(input, size)


def _alias(input):
    """``input`` as it is."""
    return input


def _detach(input):
    """``input.detach()``."""
    return input.detach()


_VIEWS = {"alias": _alias, "as_strided": as_strided, "detach": _detach, "diagonal": diagonal, "expand": _expand,
          "permute": permute, "select": select, "slice": _slice, "split": split, "split_with_sizes": split_with_sizes,
          "squeeze": squeeze, "t": t, "transpose": transpose, "unbind": unbind, "unfold": unfold,
          "unsqueeze": unsqueeze, "view": view, "view_as_complex": view_as_complex, "view_as_real": view_as_real}
COPIES = {f"{name}_copy": _copy_of(f"{name}_copy", op) for name, op in _VIEWS.items()}
COPIES["narrow_copy"] = _copy_of("narrow_copy", narrow)
# PyTorch's unsafe_ forms skip its view-tracking checks; here they are the plain ops
unsafe_split, unsafe_chunk, unsafe_split_with_sizes = split, chunk, split_with_sizes
globals().update(COPIES)

__all__ = sorted(COPIES) + ["split_with_sizes", "unsafe_split", "unsafe_chunk", "unsafe_split_with_sizes"]
