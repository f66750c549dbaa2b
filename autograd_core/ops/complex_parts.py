"""The parts of a complex tensor: ``real``, ``imag``, ``conj``, and ``complex(real, imag)``.

Gradients follow PyTorch's convention (see complex_autograd.py): the gradient of
a real loss with respect to z = x + iy is dL/dx + i dL/dy. So ``real``'s backward
turns g into g + 0i, ``imag``'s into 0 + ig, and ``conj``'s conjugates g. On a
real tensor ``real`` and ``conj`` return it unchanged, as PyTorch (``imag`` is
an error there).
"""
from ..complex_autograd import is_complex_array
from ..function import Function, ViewFunction, dual
from ._util import as_tensor
from .shape import sum_to


class Real(ViewFunction):
    complex_autograd = "ready"

    def forward(self, x):
        self.dtype = x.dtype
        return x.real

    def backward(self, gy):
        return dual(_AsComplex(self.dtype, 1), gy)


class Imag(ViewFunction):
    complex_autograd = "ready"

    def forward(self, x):
        self.dtype = x.dtype
        return x.imag

    def backward(self, gy):
        return dual(_AsComplex(self.dtype, 1j), gy)


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
        if re.dtype != im.dtype or re.dtype.kind != "f" or re.dtype.itemsize < 4:
            raise TypeError(f"complex: real and imag must be float32 or float64 tensors of one dtype, got "
                            f"{re.dtype} and {im.dtype}")
        self.shapes = re.shape, im.shape
        return re + im * 1j  # NumPy keeps the precision: float32 parts give complex64

    def backward(self, gy):
        return sum_to(dual(Real(), gy), self.shapes[0]), sum_to(dual(Imag(), gy), self.shapes[1])


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


def complex(real, imag):
    """The complex tensor ``real + i imag`` (complex64 from float32 parts, complex128 from float64)."""
    return Complex()(as_tensor(real), as_tensor(imag))
