"""The differentiable ops, by family."""
from .aliases import (absolute, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, concat, div, divide,
                      fill, fix, greater, greater_equal, less, less_equal, moveaxis, multiply, negative, not_equal,
                      positive, sub, subtract, swapdims, trapz)
from .bessel import i0
from .broadcasting import broadcast_shapes, broadcast_tensors
from .arithmetic import (bmm, cast, clone, eq, floor_divide, fmod, ge, gt, le, logical_and, logical_not, logical_or,
                         logical_xor, lt, matmul, mm, mul, ne, neg, pow, reciprocal, remainder, square)
from .comparison import allclose, equal, isclose, isin
from .complex_parts import (angle, complex, conj, conj_physical, imag, polar, real, view_as_complex,
                            view_as_real)
from .contraction import addbmm, addcdiv, addcmul, addmv, baddbmm, cdist, cross, einsum, inner, kron, tensordot
from .elementwise import (abs, acos, asin, atan, atan2, ceil, clamp, clamp_max, clamp_min, clip, cos, cosh, exp, expm1,
                          floor, hypot, isfinite, isinf, isnan, lerp, log, log10, log1p, log2, masked_fill, maximum,
                          minimum, relu, round, rsqrt, sigmoid, sign, sin, sinh, sqrt, tan, tanh, where)
from .indexing import getitem, index_select
from .inverse_hyperbolic import acosh, asinh, atanh
from .linalg import cholesky, det, inverse, logdet, matrix_power, pinverse, slogdet
from .linalg import legacy_qr as qr, legacy_svd as svd  # torch.qr, torch.svd (torch.linalg has the new ones)
from .linalg_functions import matrix_exp
from .linalg_householder import geqrf, orgqr, ormqr
from .linalg_lobpcg import lobpcg
from .linalg_lowrank import pca_lowrank, svd_lowrank
from .linalg_lu import lu_unpack
from .linalg_solve import cholesky_inverse, cholesky_solve, triangular_solve
from .matrix import addmm, diag, dot, mv, outer, trace, tril, triu
from .numeric import (bitwise_and, bitwise_left_shift, bitwise_not, bitwise_or, bitwise_right_shift,
                      bitwise_xor, copysign, exp2, float_power, fmax, fmin, frexp, gcd, isneginf, isposinf,
                      isreal, lcm, ldexp, logaddexp2, mvlgamma, nextafter)
from .reductions import (all, amax, amin, aminmax, any, argmax, argmin, count_nonzero, cumprod, cumsum, gather,
                         logsumexp, max, mean, min, nanmean, nansum, norm, numel, prod, std, std_mean, sum, var,
                         var_mean)
from .scatter_views import (diagonal_scatter, index_copy, index_fill, index_put, masked_scatter, put,
                            select_scatter, slice_scatter, take)
from .scattering import index_add, masked_select, scatter, scatter_add, scatter_reduce, take_along_dim
from .shape import (broadcast_to, cat, chunk, concatenate, diag_embed, diagonal, diff, expand, expand_as, expand_dims,
                    flatten, flip, fliplr, flipud, movedim, narrow, pad, permute, ravel, repeat, repeat_interleave,
                    reshape, roll, rot90, split, squeeze, stack, sum_to, swapaxes, t, tile, transpose, unbind,
                    unsqueeze, view, view_as)
from .split_views import dsplit, hsplit, select, tensor_split, unflatten, vsplit
from .sorting import (argsort, argwhere, bucketize, cummax, cummin, kthvalue, logcumsumexp, median, mode, msort,
                      nanmedian, nanquantile, nonzero, quantile, searchsorted, sort, topk, unique, unique_consecutive)
from .special import (deg2rad, digamma, erf, erfc, erfinv, frac, heaviside, lgamma, logaddexp, logit, nan_to_num,
                      polygamma, rad2deg, sgn, signbit, sinc, true_divide, trunc, xlogy)
from .special import igamma, igammac
from .statistics import (bincount, corrcoef, cov, cumulative_trapezoid, histc, histogram,
                         trapezoid)
from .stacking import (atleast_1d, atleast_2d, atleast_3d, block_diag, cartesian_prod, column_stack, combinations,
                       dstack, hstack, meshgrid, row_stack, vstack)
from .vector_math import addr, dist, ger, renorm, vdot
from .copies import *  # noqa: F401,F403  (permute_copy, split_with_sizes ...)
from .strided import as_strided, as_strided_scatter, empty_strided
from .gradient import gradient
from .top_level import (chain_matmul, diagflat, frobenius_norm, histogramdd, index_reduce, nonzero_static,
                        nuclear_norm, rsub, scalar_tensor, unravel_index, vander)

__all__ = [name for name in dir() if not name.startswith("_") and name not in {
    "aliases", "arithmetic", "bessel", "broadcasting", "contraction", "inverse_hyperbolic", "elementwise", "indexing", "linalg", "linalg_functions", "linalg_householder", "linalg_lobpcg", "linalg_lowrank", "linalg_lu", "linalg_solve", "matrix", "reductions", "scattering", "shape",
    "sorting", "special", "stacking", "scatter_views", "split_views", "vector_math",
    "comparison", "complex_parts", "statistics", "numeric", "copies", "top_level", "strided"}]
