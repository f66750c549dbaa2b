"""Op specs for elu, selu and celu, one Function (``Elu``) each: inputs from -40 to 40 away from the kink at
0, and edge values (0, -0.0, NaN, +-1e4) forward only. tests/nn/test_activation_fused.py runs these through
the compiled kernels and through the NumPy path, and compares the gradients at the edge values with PyTorch's."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec

_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
_EDGES = np.array([0.0, -0.0, np.nan, 1e4, -1e4, -1e-300, 1e-300, -0.5, 0.5])


def _ref(alpha, scale=1.0, input_scale=1.0):
    """scale * x for x >= 0 or NaN, alpha * scale * (exp(input_scale * x) - 1) below 0, in NumPy."""
    def ref(x):
        with np.errstate(over="ignore"):
            negative = alpha * scale * (np.exp(input_scale * x) - 1)
        return np.where(x < 0, negative, scale * x)
    return ref


def _wide(rng):
    """Values from -40 to 40, none within 0.1 of 0, in two layouts (C order and transposed)."""
    x = rng.uniform(0.1, 40.0, (4, 5)) * rng.choice([-1.0, 1.0], (4, 5))
    return [(x,), (x.T,)]


def _edges(rng):
    return [(_EDGES,)]


_EDGE_NOTE = "0, -0.0 and NaN: no finite difference there; tests/nn/test_activation_fused.py compares with PyTorch"

SPECS = [
    OpSpec("F.elu_fused", lambda x: F.elu(x, 0.7), _ref(0.7), make=_wide),
    OpSpec("F.elu_fused_alpha0", lambda x: F.elu(x, 0.0), _ref(0.0), make=_wide),
    OpSpec("F.elu_fused_negative_alpha", lambda x: F.elu(x, -1.5), _ref(-1.5), make=_wide),
    OpSpec("F.selu_fused", F.selu, _ref(_SELU_ALPHA, _SELU_SCALE), make=_wide),
    OpSpec("F.celu_fused", lambda x: F.celu(x, 2.5), _ref(2.5, input_scale=1 / 2.5), make=_wide),
    OpSpec("F.celu_fused_negative_alpha", lambda x: F.celu(x, -2.0), _ref(-2.0, input_scale=-0.5),
           make=lambda rng: [(rng.uniform(-0.2, 3.0, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4)) + 0.1,)]),
    OpSpec("F.elu_fused_edges", F.elu, _ref(1.0), make=_edges, grad=False, gradgrad=False, note=_EDGE_NOTE),
    OpSpec("F.selu_fused_edges", F.selu, _ref(_SELU_ALPHA, _SELU_SCALE), make=_edges, grad=False,
           gradgrad=False, note=_EDGE_NOTE),
    OpSpec("F.celu_fused_edges", lambda x: F.celu(x, 0.5), _ref(0.5, input_scale=2.0), make=_edges, grad=False,
           gradgrad=False, note=_EDGE_NOTE),
]
