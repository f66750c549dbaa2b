"""Op specs of the elementwise math ops on complex tensors (PyTorch's convention, complex_autograd.py):
division and powers (tensor and Python-scalar operands, complex with real), exp, log, roots, trigonometric
and hyperbolic functions and their inverses, sigmoid, abs, sgn and where. Complex inputs have real and
imaginary parts in [-2, 2]: away from the branch points, poles and cuts (on the axes) in practice."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

S = (3, 4)
BINARY_SHAPES = [(S, S), (S, (4,)), ((3, 1), (1, 4))]


def _z(rng, shape=S):
    return rng.uniform(-2, 2, shape) + 1j * rng.uniform(-2, 2, shape)


def _complex_real(rng):
    """A complex and a real input (the real one's gradient is the real part), broadcast once."""
    return [(_z(rng), rng.uniform(-2, 2, S)), (_z(rng), rng.uniform(-2, 2, (4,)))]


def _real_complex(rng):
    """A positive real input and a complex one (a negative real base would sit on log's branch cut)."""
    return [(rng.uniform(0.5, 2, S), _z(rng)), (rng.uniform(0.5, 2, (4,)), _z(rng))]


def _sgn(z):
    r = np.abs(z)
    return np.where(r == 0, 0, z / np.where(r == 0, 1, r))


# ag.<name> and its NumPy reference
UNARY = [("exp", np.exp), ("log", np.log), ("log1p", np.log1p), ("expm1", np.expm1), ("log2", np.log2),
         ("log10", np.log10), ("sqrt", np.sqrt), ("rsqrt", lambda z: 1 / np.sqrt(z)), ("sin", np.sin), ("cos", np.cos),
         ("tan", np.tan), ("sinh", np.sinh), ("cosh", np.cosh), ("tanh", np.tanh),
         ("sigmoid", lambda z: 1 / (1 + np.exp(-z))), ("asin", np.arcsin), ("acos", np.arccos), ("atan", np.arctan),
         ("asinh", np.arcsinh), ("acosh", np.arccosh), ("atanh", np.arctanh), ("square", lambda z: z * z),
         ("reciprocal", lambda z: 1 / z), ("clone", np.copy), ("abs", np.abs), ("sgn", _sgn)]


def _unary(name, fn, ref):
    return OpSpec(f"complex.{name}", fn, ref, complex=True)


SPECS = [_unary(name, getattr(ag, name), ref) for name, ref in UNARY] + [
    _unary("div_scalar", lambda z: z / (2 - 1j), lambda z: z / (2 - 1j)),
    _unary("rsub_scalar", lambda z: (2 - 1j) - z, lambda z: (2 - 1j) - z),
    _unary("rdiv_scalar", lambda z: (2 - 1j) / z, lambda z: (2 - 1j) / z),
    _unary("pow_scalar", lambda z: z ** 2.5, lambda z: z ** 2.5),
    _unary("pow_int", lambda z: z ** 3, lambda z: z * z * z),
    _unary("pow_negative", lambda z: z ** -1.5, lambda z: z ** -1.5),
    _unary("pow_complex_scalar", lambda z: z ** (0.5 + 1j), lambda z: np.exp((0.5 + 1j) * np.log(z))),
    _unary("rpow_scalar", lambda z: 2.0 ** z, lambda z: np.exp(z * np.log(2.0))),
    _unary("rpow_complex_scalar", lambda z: (1 + 1j) ** z, lambda z: np.exp(z * np.log(1 + 1j))),
    _unary("rpow_negative_base", lambda z: (-2.0) ** z, lambda z: np.exp(z * np.log(-2 + 0j))),
    OpSpec("complex.real_times_i", lambda x: x * 1j, lambda x: x * 1j, note="a real tensor with a Python complex"),
    OpSpec("complex.real_over_complex_scalar", lambda x: x / (2 - 1j), lambda x: x / (2 - 1j)),
    OpSpec("complex.complex_scalar_over_real", lambda x: 1j / x, lambda x: 1j / x, low=0.5, high=2),
    OpSpec("complex.complex_scalar_minus_real", lambda x: (2 - 1j) - x, lambda x: (2 - 1j) - x),
    OpSpec("complex.real_pow_complex_scalar", lambda x: x ** (0.5 + 1j), lambda x: np.exp((0.5 + 1j) * np.log(x)),
           low=0.5, high=2),
    OpSpec("complex.complex_scalar_pow_real", lambda x: (1 + 1j) ** x, lambda x: np.exp(x * np.log(1 + 1j))),
    OpSpec("complex.div", lambda a, b: a / b, np.divide, shapes=BINARY_SHAPES, complex=True),
    OpSpec("complex.div_real", lambda a, b: a / b, np.divide, make=_complex_real),
    OpSpec("complex.pow", lambda a, b: a ** b, lambda a, b: np.exp(b * np.log(a)), shapes=BINARY_SHAPES,
           complex=True),
    OpSpec("complex.pow_real_exponent", lambda a, b: a ** b, lambda a, b: np.exp(b * np.log(a)),
           make=_complex_real),
    OpSpec("complex.pow_real_base", lambda a, b: a ** b, lambda a, b: np.exp(b * np.log(a)), make=_real_complex),
    OpSpec("complex.where", lambda c, a, b: ag.where(c, a, b), np.where,
           make=lambda rng: [(rng.uniform(size=S) > 0.5, _z(rng), _z(rng, (4,)))]),
    OpSpec("complex.where_real", lambda c, a, b: ag.where(c, a, b), np.where,
           make=lambda rng: [(rng.uniform(size=S) > 0.5, _z(rng), rng.uniform(-2, 2, S))]),
    OpSpec("complex.lerp", lambda a, b: ag.lerp(a, b, 0.3), lambda a, b: a + 0.3 * (b - a), shapes=BINARY_SHAPES,
           complex=True),
]
