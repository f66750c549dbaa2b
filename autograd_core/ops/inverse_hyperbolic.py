"""The inverse hyperbolic functions asinh, acosh and atanh, each forward beside its derivative."""
from ..backend import get_array_module
from ..function import Function, dual
from .arithmetic import safe_grad
from .elementwise import Rsqrt, _unary


class Asinh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arcsinh(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * dual(Rsqrt(), x * x + 1)


class Acosh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arccosh(x)

    def backward(self, gy):
        x, = self.saved_tensors
        if x.dtype.kind == "c":  # sqrt(z * z - 1) is not sqrt(z - 1) * sqrt(z + 1) off the positive reals
            return safe_grad(gy * dual(Rsqrt(), x - 1) * dual(Rsqrt(), x + 1), gy)
        return safe_grad(gy * dual(Rsqrt(), x * x - 1), gy)  # infinite at x = 1


class Atanh(Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return get_array_module(x).arctanh(x)

    def backward(self, gy):
        x, = self.saved_tensors
        return safe_grad(gy / (1 - x * x), gy)  # infinite at x = -1 and 1


asinh = _unary(Asinh, "asinh", "Elementwise inverse hyperbolic sine.")
acosh = _unary(Acosh, "acosh", "Elementwise inverse hyperbolic cosine (inputs >= 1).")
atanh = _unary(Atanh, "atanh", "Elementwise inverse hyperbolic tangent (inputs in [-1, 1]).")
