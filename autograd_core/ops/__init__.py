"""The differentiable ops, by family."""
from .arithmetic import (add, bmm, cast, clone, div, eq, floor_divide, fmod, ge, gt, le, logical_and, logical_not,
                         logical_or, logical_xor, lt, matmul, mm, mul, ne, neg, pow, reciprocal, remainder, square, sub)
from .elementwise import (abs, acos, asin, atan, atan2, ceil, clamp, clamp_max, clamp_min, clip, cos, cosh, exp,
                          expm1, floor, hypot, isfinite, isinf, isnan, lerp, log, log10, log1p, log2, masked_fill,
                          maximum, minimum, relu, round, rsqrt, sigmoid, sign, sin, sinh, sqrt, tan, tanh, where)
from .indexing import getitem, index_select, take
from .matrix import addmm, diag, dot, mv, outer, trace, tril, triu
from .linalg import cholesky, det, inverse, logdet, matrix_power, pinverse, slogdet
from .linalg import legacy_qr as qr, legacy_svd as svd  # torch.qr, torch.svd (torch.linalg has the new ones)
from .reductions import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, gather, logsumexp, max, mean, min, norm,
                         prod, std, sum, var)
from .scattering import index_add, masked_select, scatter, scatter_add, scatter_reduce, take_along_dim
from .shape import (broadcast_to, cat, chunk, concatenate, expand, expand_dims, flatten, flip, movedim, narrow, pad,
                    permute, repeat, repeat_interleave, reshape, roll, split, squeeze, stack, sum_to, swapaxes, t,
                    tile, transpose, unbind, unsqueeze, expand_as, view, view_as)
from .sorting import argsort, sort, topk
from .reductions import aminmax, count_nonzero, nanmean, nansum, numel, std_mean, var_mean
from .shape import (atleast_1d, atleast_2d, atleast_3d, block_diag, cartesian_prod, column_stack, combinations,
                    diag_embed, diagonal, diff, dstack, fliplr, flipud, hstack, meshgrid, ravel, rot90, row_stack,
                    vstack)
from .sorting import (argwhere, bucketize, cummax, cummin, kthvalue, logcumsumexp, median, mode, msort, nanmedian,
                      nanquantile, nonzero, quantile, searchsorted, unique, unique_consecutive)
from .special import (deg2rad, digamma, erf, erfc, erfinv, frac, heaviside, lgamma, logaddexp, logit, nan_to_num,
                      polygamma, rad2deg, sgn, signbit, sinc, trunc, true_divide, xlogy)
from .contraction import addbmm, addcdiv, addcmul, addmv, baddbmm, cdist, cross, einsum, inner, kron, tensordot

__all__ = [name for name in dir() if not name.startswith("_") and name not in {
    "arithmetic", "contraction", "elementwise", "indexing", "linalg", "matrix", "reductions", "scattering", "shape",
    "sorting", "special"}]
