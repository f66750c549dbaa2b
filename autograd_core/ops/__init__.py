"""The differentiable ops, by family."""
from .arithmetic import (add, cast, div, eq, ge, gt, le, logical_and, logical_not, logical_or, logical_xor,
                         lt, matmul, mul, ne, neg, pow, sub)
from .elementwise import (abs, clamp, clip, cos, exp, expm1, log, log1p, maximum, minimum, relu, rsqrt,
                          sigmoid, sign, sin, sqrt, tan, tanh, where)
from .indexing import getitem, index_select, take
from .reductions import (amax, amin, argmax, argmin, gather, logsumexp, max, mean, min, norm, prod, std, sum,
                         var)
from .shape import (broadcast_to, cat, chunk, concatenate, expand, expand_dims, flatten, flip, pad, permute,
                    repeat, repeat_interleave, reshape, split, squeeze, stack, sum_to, swapaxes, tile,
                    transpose, unsqueeze, view)

__all__ = [name for name in dir() if not name.startswith("_") and name not in {
    "arithmetic", "elementwise", "indexing", "reductions", "shape"}]
