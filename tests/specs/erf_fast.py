"""Op specs for erf and erfc over both regions of their polynomials (|x| below and above 1/2, into the tails) and for
F.gelu's node (``Gelu``). References: Python's math.erf and math.erfc elementwise."""
import math

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F

from .spec import OpSpec

_erf = np.vectorize(math.erf)
_erfc = np.vectorize(math.erfc)

SPECS = [
    OpSpec("erf_both_regions", ag.erf, _erf, shapes=[((6, 7),)], low=-6.0, high=6.0),
    OpSpec("erfc_both_regions", ag.erfc, _erfc, shapes=[((6, 7),)], low=-6.0, high=6.0),
    OpSpec("erfc_tail", ag.erfc, _erfc, shapes=[((10,),)], low=2.0, high=9.0, rtol=1e-13, atol=0.0,
           note="relative accuracy where erfc is tiny (1 - erf would round to 0)"),
    OpSpec("F.gelu_node", F.gelu, lambda x: x * 0.5 * _erfc(-x / math.sqrt(2)), shapes=[((4, 5, 3),)], low=-6.0,
           high=6.0),
]
