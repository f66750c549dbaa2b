"""Op specs for nn.functional ops on complex tensors (PyTorch's convention, complex_autograd.py)."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec

SPECS = [
    OpSpec("complex.F.linear", F.linear, lambda x, w, b: x @ w.T + b, shapes=[((2, 3), (4, 3), (4,))],
           complex=True),
    OpSpec("complex.F.linear_no_bias_3d", F.linear, lambda x, w: x @ w.T, shapes=[((2, 5, 3), (4, 3))],
           complex=True),
    OpSpec("complex.F.linear_real_weight", lambda x, w: F.linear(x, w.real), lambda x, w: x @ w.real.T,
           shapes=[((2, 3), (4, 3))], complex=True, diff=(0,)),
]
