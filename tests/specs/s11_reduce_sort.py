"""Op specs for session 11's reductions and sorting work: where with broadcast and constant operands."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

SPECS = [
    OpSpec("where_scalar_other", lambda c, a: ag.where(c > 0, a, 0.0), lambda c, a: np.where(c > 0, a, 0.0),
           shapes=[((3, 4), (3, 4)), ((3, 1), (4,))], diff=(1,)),
    OpSpec("where_scalar_input", lambda c, b: ag.where(c > 0, -1.5, b), lambda c, b: np.where(c > 0, -1.5, b),
           shapes=[((3, 4), (3, 4)), ((2, 3, 1), (3, 4))], diff=(1,)),
    OpSpec("where_broadcast_both", lambda c, a, b: ag.where(c > 0, a, b), lambda c, a, b: np.where(c > 0, a, b),
           shapes=[((3, 1), (1, 4), (3, 4)), ((4,), (2, 1, 1), (3, 1))], diff=(1, 2)),
]
