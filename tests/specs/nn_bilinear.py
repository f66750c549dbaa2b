"""Op specs for F.bilinear and nn.Bilinear; the reference is NumPy's einsum of the definition."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec


def bilinear_ref(x1, x2, w, b=None):
    y = np.einsum("...i,oij,...j->...o", x1, w, x2)
    return y if b is None else y + b


SPECS = [
    OpSpec("bilinear", F.bilinear, bilinear_ref,
           shapes=[((4, 3), (4, 2), (5, 3, 2), (5,)), ((2, 3, 3), (2, 3, 4), (2, 3, 4), (2,))]),
    OpSpec("bilinear_no_bias_1d", F.bilinear, bilinear_ref, shapes=[((3,), (2,), (4, 3, 2))]),
]
