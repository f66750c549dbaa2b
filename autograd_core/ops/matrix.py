"""Matrix ops: triangles (tril, triu), diagonals (diag, trace) and products (outer, dot, mv, addmm)."""
import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ._util import as_tensor
from .arithmetic import matmul
from .elementwise import ZerosLike
from .indexing import GetItemGrad, getitem
from .shape import reshape


class Triangle(Function):
    """The lower (tril) or upper (triu) triangle of the last two dims; linear, its own adjoint."""
    complex_autograd = "ready"

    def __init__(self, name, diagonal):
        self.name, self.diagonal = name, diagonal

    def forward(self, x):
        return getattr(get_array_module(x), self.name)(x, self.diagonal)

    def backward(self, gy):
        return dual(Triangle(self.name, self.diagonal), gy)


def _triangle(name, x, diagonal):
    x = as_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"{name}: expects a matrix or a batch of matrices, got shape {x.shape}")
    return Triangle(name, int(diagonal))(x)


def tril(x, diagonal=0):
    """Zero the elements above the ``diagonal``-th diagonal of the last two dims (0: the main one)."""
    return _triangle("tril", x, diagonal)


def triu(x, diagonal=0):
    """Zero the elements below the ``diagonal``-th diagonal of the last two dims (0: the main one)."""
    return _triangle("triu", x, diagonal)


def _diagonal_index(xp, length, diagonal):
    """(rows, cols) of the ``diagonal``-th diagonal, ``length`` entries long."""
    steps = xp.arange(length)
    return (steps - min(diagonal, 0), steps + max(diagonal, 0))


def diag(x, diagonal=0):
    """A 1-D tensor -> the square matrix with it on the ``diagonal``-th diagonal;
    a matrix -> its ``diagonal``-th diagonal (0: main, > 0 above, < 0 below), as a copy."""
    x = as_tensor(x)
    xp = get_array_module(x._data)
    diagonal = int(diagonal)
    if x.ndim == 1:
        n = x.shape[0] + abs(diagonal)
        return GetItemGrad(_diagonal_index(xp, x.shape[0], diagonal), True, (n, n))(x)
    if x.ndim != 2:
        raise ValueError(f"diag: expects a 1-D or 2-D tensor, got shape {x.shape}")
    rows, cols = x.shape
    length = max(0, min(rows + min(diagonal, 0), cols - max(diagonal, 0)))
    return getitem(x, _diagonal_index(xp, length, diagonal))


def trace(x):
    """Sum of the main diagonal of a matrix."""
    x = as_tensor(x)
    if x.ndim != 2:
        raise ValueError(f"trace: expects a matrix, got shape {x.shape}")
    return diag(x).sum()


def check_dims(op, *shapes_and_dims):
    """A ValueError naming ``op`` unless each (name, tensor, ndim) tensor has ``ndim`` dims."""
    for name, t, ndim in shapes_and_dims:
        if t.ndim != ndim:
            raise ValueError(f"{op}: {name} must be {ndim}-D, got shape {t.shape}")


def outer(input, vec2):
    """Outer product of two vectors: ``out[i, j] = input[i] * vec2[j]``."""
    input, vec2 = as_tensor(input), as_tensor(vec2)
    check_dims("outer", ("input", input, 1), ("vec2", vec2, 1))
    return reshape(input, (-1, 1)) * reshape(vec2, (1, -1))


def dot(input, other):
    """Inner product of two vectors of one length."""
    input, other = as_tensor(input), as_tensor(other)
    check_dims("dot", ("input", input, 1), ("other", other, 1))
    return matmul(input, other)


def mv(input, vec):
    """Matrix-vector product: (n, m) @ (m,) -> (n,)."""
    input, vec = as_tensor(input), as_tensor(vec)
    check_dims("mv", ("input", input, 2), ("vec", vec, 1))
    return matmul(input, vec)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)``; ``input`` broadcasts to the product's shape
    (with ``beta=0`` its values are ignored, NaN included, and its gradient is zeros, as PyTorch)."""
    mat1, mat2 = as_tensor(mat1), as_tensor(mat2)
    check_dims("addmm", ("mat1", mat1, 2), ("mat2", mat2, 2))
    return add_scaled("addmm", input, matmul(mat1, mat2), beta, alpha, f"mat1 {mat1.shape} @ mat2 {mat2.shape}")


def check_integer_scalars(op, dtype, **scalars):
    """A float (or complex) scale of a result of integer ``dtype`` is refused (PyTorch truncates it silently
    in addmm, refuses it in addr)."""
    if dtype.kind in "biu":
        for name, v in scalars.items():
            if isinstance(v, (float, complex, np.inexact)):
                raise TypeError(f"{op}: for integer tensors ({dtype}), {name} must not be a float or complex "
                                f"number, got {v}; convert the tensors to a float dtype first")


def add_scaled(op, input, product, beta, alpha, operands):
    """``beta * input + alpha * product`` for the add-a-product ops (addmm, addmv, baddbmm ...): ``input``
    must broadcast to the product's shape; with ``beta=0`` its values are ignored (NaN included) and its
    gradient is zeros, as PyTorch. ``operands`` describes the product for the error message."""
    check_integer_scalars(op, product.dtype, beta=beta, alpha=alpha)
    if alpha != 1:
        product = product * alpha
    shape = tuple(getattr(input, "shape", ()))
    try:
        fits = np.broadcast_shapes(shape, product.shape) == product.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{op}: input of shape {shape} does not broadcast to the product's shape "
                         f"{product.shape} ({operands})")
    if beta == 0:
        return product + ZerosLike()(as_tensor(input))
    return product + (input if beta == 1 else input * beta)
