"""The differentiable ops, by family."""
from .arithmetic import (add, bmm, cast, clone, div, mm, reciprocal, square, eq, ge, gt, le, logical_and, logical_not, logical_or, logical_xor,
                         lt, matmul, mul, ne, neg, pow, sub)
from .elementwise import (abs, ceil, clamp, clamp_max, clamp_min, clip, cos, exp, expm1, floor, isfinite,
                          isinf, isnan, log, log1p, masked_fill, maximum, minimum, relu, round, rsqrt, sigmoid,
                          sign, sin, sqrt, tan, tanh, where)
from .indexing import getitem, index_select, take
from .reductions import (all, amax, amin, any, argmax, argmin, cumsum, gather, logsumexp, max, mean, min, norm,
                         prod, std, sum, var)
from .shape import (broadcast_to, cat, chunk, concatenate, expand, expand_dims, flatten, flip, pad, permute,
                    repeat, repeat_interleave, reshape, split, squeeze, stack, sum_to, swapaxes, t, tile,
                    transpose, unbind, unsqueeze, expand_as, view, view_as)

__all__ = [name for name in dir() if not name.startswith("_") and name not in {
    "arithmetic", "elementwise", "indexing", "reductions", "shape"}]
