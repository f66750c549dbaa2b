"""The parts of a complex tensor: ``real``, ``imag``, ``conj``, ``angle``, ``complex(real, imag)``,
``polar(abs, angle)``, and the views between a complex tensor and its real pairs (``view_as_real``,
``view_as_complex``).

Gradients follow PyTorch's convention (see complex_autograd.py): the gradient of
a real loss with respect to z = x + iy is dL/dx + i dL/dy. So ``real``'s backward
turns g into g + 0i, ``imag``'s into 0 + ig, and ``conj``'s conjugates g. On a
real tensor ``real`` and ``conj`` return it unchanged, as PyTorch (``imag`` is
an error there).
"""
import math

import numpy as np

from .. import tensor_queries
from ..backend import get_array_module
from ..complex_autograd import is_complex_array
from ..function import Function, ViewFunction, dual
from ._util import as_tensor, float_dtype, zeros_as
from .elementwise import atan2, cos, sin
from .inplace import inplace_form
from .shape import sum_to


class Real(ViewFunction):
    """The real part of a complex array (a view); the gradient goes back as g * unit (g + 0i)."""
    complex_autograd = "ready"
    unit = 1

    def forward(self, x):
        self.dtype = x.dtype
        return x.real if self.unit == 1 else x.imag

    def backward(self, gy):
        return dual(_AsComplex(self.dtype, self.unit), gy)


class Imag(Real):
    """The imaginary part (a view); the gradient goes back as 0 + ig."""
    unit = 1j


class _AsComplex(Function):
    """``g * unit`` as a complex array (unit 1 or 1j): the gradient ``real`` and ``imag`` send back."""
    complex_autograd = "ready"

    def __init__(self, dtype, unit):
        self.dtype, self.unit = dtype, unit

    def forward(self, g):
        out = g.astype(self.dtype)
        return out if self.unit == 1 else out * self.dtype.type(self.unit)

    def backward(self, gy):
        return dual(Real() if self.unit == 1 else Imag(), gy)


class Conj(Function):
    complex_autograd = "ready"

    def forward(self, x):
        return x.conj()

    def backward(self, gy):
        return dual(Conj(), gy)


class Complex(Function):
    complex_autograd = "ready"

    def forward(self, re, im):
        self.shapes = re.shape, im.shape
        return re + im * 1j  # NumPy keeps the precision: float32 parts give complex64

    def backward(self, gy):
        return sum_to(dual(Real(), gy), self.shapes[0]), sum_to(dual(Imag(), gy), self.shapes[1])


class ViewAsReal(ViewFunction):
    """complex (...) -> real (..., 2), sharing memory."""
    complex_autograd = "ready"

    def forward(self, z):
        return _view_dtype(z[..., None], z.real.dtype)

    def backward(self, gy):
        return dual(ViewAsComplex(), gy)


class ViewAsComplex(ViewFunction):
    """real (..., 2) -> complex (...), sharing memory (a copy where the pairs are not adjacent, as in a
    gradient that backward broadcast)."""
    complex_autograd = "ready"

    def forward(self, x):
        return _view_dtype(x, np.result_type(x.dtype, np.complex64))[..., 0]

    def backward(self, gy):
        return dual(ViewAsReal(), gy)


class Angle(Function):
    """The angle of a real tensor: pi below 0, else 0 (NaN stays NaN), with a zero gradient (a complex
    tensor's angle is ``atan2(imag, real)``)."""

    def forward(self, x):
        xp = get_array_module(x)
        kind = x.dtype.type
        return xp.where(x < 0, kind(math.pi), xp.where(xp.isnan(x), x, kind(0)))

    def backward(self, gy):
        return zeros_as(gy)


def _view_dtype(a, dtype):
    """``a``'s memory read as ``dtype`` of another size (a view), or a copy of ``a`` read so where the array
    module can't view it (NumPy: a last axis that is not contiguous; CuPy: any array that is not C-contiguous)."""
    try:
        return a.view(dtype)
    except ValueError:
        return get_array_module(a).ascontiguousarray(a).view(dtype)


def real(input):
    """The real part of a complex tensor (a view, as PyTorch); a real tensor itself."""
    input = as_tensor(input)
    return Real()(input) if is_complex_array(input._data) else input


def imag(input):
    """The imaginary part of a complex tensor (a view, as PyTorch)."""
    input = as_tensor(input)
    if not is_complex_array(input._data):
        raise RuntimeError(f"imag is not implemented for tensors with non-complex dtypes ({input.dtype})")
    return Imag()(input)


def conj(input):
    """The complex conjugate (a copy; PyTorch's lazy conjugate bit is not modelled); a real tensor itself."""
    input = as_tensor(input)
    return Conj()(input) if is_complex_array(input._data) else input


def conj_physical(input):
    """The complex conjugate, computed now (as ``conj`` here); a real tensor itself."""
    return conj(input)


def angle(input):
    """The angle of each element in radians, ``atan2(imag, real)`` (a real tensor); for real input pi below 0,
    else 0, with a zero gradient. At 0 the gradient is 0, as PyTorch.

    Example:
        >>> ag.angle(ag.tensor([1j, -1.0 + 0j]))
        tensor([1.5708, 3.1416])
    """
    input = as_tensor(input)
    if is_complex_array(input._data):
        return atan2(Imag()(input), Real()(input))
    if input.dtype.kind in "biu":
        input = input.to(float_dtype(input.dtype))
    return Angle()(input)


def complex(real, imag):
    """The complex tensor ``real + i imag`` (complex64 from float32 parts, complex128 from float64).

    Example:
        >>> ag.complex(ag.tensor([1.0]), ag.tensor([2.0]))
        tensor([1.+2.j])
    """
    real, imag = _float_parts("complex", "real", real, "imag", imag)
    return Complex()(real, imag)


def polar(abs, angle):
    """The complex tensor with absolute value ``abs`` and angle ``angle``: ``abs * (cos(angle) + i sin(angle))``."""
    abs, angle = _float_parts("polar", "abs", abs, "angle", angle)
    return Complex()(abs * cos(angle), abs * sin(angle))


def _float_parts(op, name_a, a, name_b, b):
    """Two Tensors of one float dtype (float32 or float64) whose shapes broadcast, or a clear error."""
    a, b = as_tensor(a), as_tensor(b)
    if a.dtype != b.dtype or a.dtype.kind != "f" or a.dtype.itemsize < 4:
        raise TypeError(f"{op}: {name_a} and {name_b} must be float32 or float64 tensors of one dtype, got "
                        f"{a.dtype} and {b.dtype}")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{op}: the shapes of {name_a} {a.shape} and {name_b} {b.shape} can't be broadcast "
                         "together") from None
    return a, b


def view_as_real(input):
    """A real view of a complex tensor: shape (..., 2), the real and imaginary parts in the last dim.

    Example:
        >>> ag.view_as_real(ag.tensor([1 + 2j]))
        tensor([[1., 2.]])
    """
    input = as_tensor(input)
    if not is_complex_array(input._data):
        raise RuntimeError(f"view_as_real is only supported for complex tensors, got dtype {input.dtype}")
    return ViewAsReal()(input)


def view_as_complex(input):
    """A complex view of a real tensor of shape (..., 2) whose last dim has stride 1 (the real and imaginary
    parts side by side): shape (...). float32 gives complex64, float64 complex128."""
    input = as_tensor(input)
    x = input._data
    if input.dtype not in (np.float32, np.float64):
        raise RuntimeError(f"view_as_complex is only supported for float and double tensors, got dtype {x.dtype}"
                           + (" (NumPy has no complex32)" if x.dtype == np.float16 else ""))
    if x.ndim == 0:
        raise RuntimeError("view_as_complex: input tensor must have one or more dimensions")
    if x.shape[-1] != 2:
        raise RuntimeError(f"view_as_complex: tensor must have a last dimension of size 2, got shape {x.shape}")
    stride = input.stride()
    if stride[-1] != 1:
        raise RuntimeError(f"view_as_complex: tensor must have a last dimension with stride 1, got strides {stride}")
    if any(s % 2 for s in stride[:-1]):
        raise RuntimeError(f"view_as_complex: tensor must have a stride divisible by 2 for all but the last "
                           f"dimension, got strides {stride}")
    if input.storage_offset() % 2:
        raise RuntimeError(f"view_as_complex: tensor must have a storage offset divisible by 2, got "
                           f"{input.storage_offset()}")
    return ViewAsComplex()(input)


def _part_property(part, doc):
    def write(self, value):
        part(self).copy_(value)
    return property(part, write, doc=doc)


TENSOR_METHODS = {
    "real": _part_property(real, "The real part (a view; a real tensor itself); assigning to it writes the real part."),
    "imag": _part_property(imag, "The imaginary part of a complex tensor (a view); assigning to it writes it."),
    "conj": conj, "conj_physical": conj_physical, "conj_physical_": inplace_form("conj_physical_", conj_physical),
    "angle": angle,
    "resolve_conj": tensor_queries.resolve_conj, "resolve_neg": tensor_queries.resolve_neg,
    "is_conj": tensor_queries.is_conj, "is_neg": tensor_queries.is_neg,
}
