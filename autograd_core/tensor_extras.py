"""More of torch.Tensor's methods, about the tensor itself rather than an op: its memory (``data_ptr``,
``storage``, ``resize_``, ``new_empty_strided``, ``dim_order``), questions (``is_signed``, ``is_same_size`` ...),
the matrix adjoints (``H``, ``mH``, ``adjoint``), elementwise Python callables (``apply_``, ``map_``, ``map2_``)
and methods that forward to nn.functional and linalg (``hardshrink``, ``prelu``, ``lu``, ``lu_solve``). Bound as
Tensor methods.

Tensors here are real, so the adjoints are transposes; pinned and shared memory are not modelled:
``pin_memory()`` and ``share_memory_()`` return the tensor itself and ``is_pinned()`` is False."""
import math

import numpy as np

from . import tensor_queries
from .backend import data_pointer, device_of, get_array_module
from .ops.inplace import _memory, _overwrite, broadcasts_onto, mark_changed
from .ops.complex_parts import conj
from .ops.shape import mT, transpose
from .tensor import Tensor


# -- adjoints (the conjugate transposes; transposes for real tensors) ------------------------------------
def _H(self):
    """The conjugate transpose of a matrix (2-D tensor; a 0-d tensor is conjugated), as PyTorch's ``x.H``."""
    if self.ndim not in (0, 2):
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors), got shape {self.shape}; "
                           "for batches of matrices use tensor.mH")
    return conj(transpose(self) if self.ndim == 2 else self)


def adjoint(self):
    """The conjugate transpose of each matrix of a batch (the last two dims; a 0-d tensor is conjugated)."""
    if self.ndim == 1:
        raise RuntimeError(f"adjoint: only matrices or batches of matrices have one, got shape {self.shape}")
    return conj(mT(self) if self.ndim else self)


# -- memory -------------------------------------------------------------------------------------------------
def data_ptr(self):
    """The address of the first element in memory (an int, stable while the tensor keeps its memory)."""
    return data_pointer(self._data)


class TypedStorage:
    """The memory a tensor views, as a flat sequence of its elements from the lowest address of the tensor it
    views (PyTorch's ``TypedStorage``; ``untyped()`` is its bytes). It shares the tensor's memory."""

    def __init__(self, memory):
        self._memory = memory

    dtype = property(lambda self: self._memory.dtype, doc="The elements' dtype.")
    device = property(lambda self: device_of(self._memory), doc="The device holding the memory.")

    def size(self):
        """The number of elements."""
        return self._memory.size

    __len__ = size

    def element_size(self):
        """Bytes per element."""
        return self._memory.itemsize

    def nbytes(self):
        return self._memory.nbytes

    def data_ptr(self):
        """The address of the first element."""
        return data_pointer(self._memory)

    def __getitem__(self, i):
        return self._memory[i].item()

    def __setitem__(self, i, value):
        self._memory[i] = value

    def tolist(self):
        return Tensor(self._memory).tolist()

    def untyped(self):
        """The same memory as bytes."""
        return UntypedStorage(self._memory.view(np.uint8))

    def __repr__(self):
        return f"{type(self).__name__}({self.tolist()}, dtype={self.dtype}, device={self.device})"


class UntypedStorage(TypedStorage):
    """The bytes of the memory a tensor views (PyTorch's ``UntypedStorage``)."""


def storage(self):
    """The memory this tensor views (its base's, for a view), as a ``TypedStorage`` sharing it."""
    return TypedStorage(_memory((self if self._base is None else self._base)._data))


def untyped_storage(self):
    """The bytes of the memory this tensor views, as an ``UntypedStorage`` sharing it."""
    return storage(self).untyped()


def new_empty_strided(self, size, stride, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of ``size`` whose elements lie ``stride`` elements apart, with this tensor's
    dtype and device (unless given)."""
    from .methods import new_empty
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride) or any(n < 0 for n in size) or any(s < 0 for s in stride):
        raise ValueError(f"new_empty_strided: expects as many non-negative strides as sizes, got size {size} "
                         f"and stride {stride}")
    span = 1 + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else 0
    memory = new_empty(self, span, dtype=dtype, device=device)._data
    data = get_array_module(memory).lib.stride_tricks.as_strided(memory, size,
                                                                  tuple(s * memory.itemsize for s in stride))
    return Tensor(data, requires_grad=requires_grad)


def resize_(self, *sizes):
    """Give the tensor shape ``sizes`` in place, over its memory from its first element (as PyTorch: the
    leading elements are kept, in memory order; growing moves it to new memory, whose new elements are
    uninitialised; its own shape leaves it as it is). A tensor that requires grad can't be resized."""
    shape = tuple(sizes[0]) if len(sizes) == 1 and not isinstance(sizes[0], int) else sizes
    if self._rg:
        raise RuntimeError("resize_: can't resize a tensor that requires grad; resize t.detach() instead")
    if any(not isinstance(n, (int, np.integer)) or n < 0 for n in shape):
        raise ValueError(f"resize_: expects non-negative int sizes, got {shape}")
    if shape == self.shape:  # as PyTorch: nothing changes, its layout in memory included
        return self
    n, memory = math.prod(shape), _memory(self._data)
    if n > memory.size:
        grown = get_array_module(memory).empty(n, memory.dtype)
        grown[:memory.size] = memory
        memory = grown
        self._base = None  # it no longer shares the memory of the tensor it viewed
    self._data = memory[:n].reshape(shape)
    mark_changed([self])
    return self


def resize_as_(self, other):
    """``resize_`` to ``other``'s shape."""
    return resize_(self, other.shape)


def dim_order(self, *, ambiguity_check=False):
    """The dims from the outermost in memory to the innermost (``(0, 1, ..., n-1)`` for a contiguous tensor).
    With ``ambiguity_check=True``, a tensor whose order is not unique (a dim of size 1, or equal strides) is
    an error, as PyTorch (its lists of memory formats are not modelled)."""
    if not isinstance(ambiguity_check, bool):
        raise TypeError(f"dim_order: ambiguity_check must be a bool, got {type(ambiguity_check).__name__}")
    strides = self.stride()
    if ambiguity_check and (1 in self.shape or len(set(strides)) < len(strides)):
        raise RuntimeError(f"dim_order: the tensor of shape {self.shape} and strides {strides} does not have a "
                           "unique dim order")
    return tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))


def _output_nr(self):
    """Which output of the op that made it this tensor is (0 for a leaf)."""
    return 0 if self._node is None else self._node[1]


# -- Python callables, element by element (CPU, no graph) -------------------------------------------------------
def _elementwise(op, callable, self, *others):
    """``callable`` on the elements of ``self`` and ``others`` (broadcast to it) written into ``self``."""
    tensors = (self,) + others
    if any(t._rg for t in tensors):
        raise RuntimeError(f"{op}: can't call it on a tensor that requires grad; use t.detach().{op}() instead")
    for t in tensors:
        if t.device.type != "cpu":
            raise RuntimeError(f"{op}: only CPU tensors run Python callables, got one on {t.device}")
        if t.dtype != self.dtype:
            raise TypeError(f"{op}: the other tensors must have the tensor's dtype {self.dtype}, got {t.dtype}")
        if not broadcasts_onto(t.shape, self.shape):
            raise RuntimeError(f"{op}: a tensor of shape {t.shape} doesn't broadcast to the tensor's shape "
                               f"{self.shape}")
    values = np.frompyfunc(callable, len(tensors), 1)(*(t._data for t in tensors))
    return _overwrite(self, op, np.asarray(values).astype(self.dtype))


def apply_(self, callable):
    """Replace each element ``x`` with ``callable(x)`` in place (CPU; slow: a Python call per element)."""
    return _elementwise("apply_", callable, self)


def map_(self, tensor, callable):
    """Replace each element ``x`` with ``callable(x, y)``, ``y`` from ``tensor`` broadcast to this one (CPU)."""
    return _elementwise("map_", callable, self, tensor)


def map2_(self, x, y, callable):
    """Replace each element ``s`` with ``callable(s, a, b)``, ``a`` and ``b`` from ``x`` and ``y`` (CPU)."""
    return _elementwise("map2_", callable, self, x, y)


# -- forwarding -----------------------------------------------------------------------------------------------
def hardshrink(self, lambd=0.5):
    """``F.hardshrink(self, lambd)``."""
    from .nn.functional import hardshrink as hardshrink_
    return hardshrink_(self, lambd)


def prelu(self, weight):
    """``F.prelu(self, weight)``."""
    from .nn.functional import prelu as prelu_
    return prelu_(self, weight)


def lu(self, pivot=True, get_infos=False):
    """``(LU, pivots)``, or ``(LU, pivots, infos)`` with ``get_infos``: PyTorch's older ``Tensor.lu``, which is
    ``linalg.lu_factor_ex`` (int32 1-based pivots; a singular matrix is no error, its info is not 0)."""
    from .ops.linalg_lu import lu_factor_ex
    LU, pivots, infos = lu_factor_ex(self, pivot=pivot)
    return (LU, pivots, infos) if get_infos else (LU, pivots)


def lu_solve(self, LU_data, LU_pivots):
    """The solution ``X`` of ``A X = self`` from ``A.lu()``'s ``(LU_data, LU_pivots)``."""
    from .ops.linalg_lu import lu_solve as lu_solve_
    return lu_solve_(LU_data, LU_pivots, self)


def polygamma(self, n):
    """``polygamma(n, self)``: the ``n``-th derivative of digamma."""
    from .ops.special import polygamma as polygamma_
    return polygamma_(n, self)


def pin_memory(self):
    """The tensor itself: pinned host memory is not modelled."""
    return self


def share_memory_(self):
    """The tensor itself: shared memory between processes is not modelled."""
    return self


TENSOR_METHODS = {
    "H": property(_H), "mH": property(adjoint, doc=adjoint.__doc__), "adjoint": adjoint,
    "is_signed": tensor_queries.is_signed, "is_nonzero": tensor_queries.is_nonzero,
    "is_same_size": tensor_queries.is_same_size, "dim_order": dim_order, "data_ptr": data_ptr,
    "output_nr": property(_output_nr, doc=_output_nr.__doc__), "storage": storage, "untyped_storage": untyped_storage,
    "new_empty_strided": new_empty_strided, "resize_": resize_, "resize_as_": resize_as_,
    "apply_": apply_, "map_": map_, "map2_": map2_, "hardshrink": hardshrink, "prelu": prelu, "lu": lu,
    "lu_solve": lu_solve, "polygamma": polygamma, "pin_memory": pin_memory,
    "is_pinned": lambda self: False, "share_memory_": share_memory_,
}
