"""Op specs for the overloads a PyTorch parity sweep added: norm(p='nuc') and reductions over dim=()."""
import numpy as np

import autograd_core as ag

from .spec import OpSpec

SPECS = [
    OpSpec("norm_nuc", lambda x: ag.norm(x, "nuc"), lambda a: np.linalg.norm(a, "nuc"), shapes=[((3, 4),), ((4, 2),)]),
    OpSpec("norm_nuc_dims_keepdim", lambda x: ag.norm(x, "nuc", (0, 2), True),
           lambda a: np.linalg.norm(np.moveaxis(a, 1, 0), "nuc", axis=(1, 2))[:, None, None].transpose(1, 0, 2),
           shapes=[((3, 2, 4),)]),
    OpSpec("sum_dim_empty_tuple", lambda x: ag.sum(x, dim=()), lambda a: np.sum(a), shapes=[((3, 4),), ((2, 3, 2),)]),
    OpSpec("var_dim_empty_tuple_keepdim", lambda x: ag.var(x, dim=(), keepdim=True),
           lambda a: np.var(a, ddof=1, keepdims=True), shapes=[((3, 4),)]),
]
