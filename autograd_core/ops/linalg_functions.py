"""Matrix functions and products of ``torch.linalg``: ``matrix_exp``, ``matrix_rank``, ``cond``,
``multi_dot``, ``vecdot`` and ``vander``.

``matrix_exp`` is a Function of its own (scaling and squaring with the degree-13 Pade approximant,
Higham 2005); its gradient is the upper-right block of the exponential of ``[[A^T, G], [0, A^T]]``,
computed by the same Function, so gradients of every order come from it. The rest are compositions.
"""
import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ._util import as_tensor, zeros_as
from .complex_parts import conj
from .arithmetic import matmul
from .elementwise import where
from .linalg import _INF, _matrix, matrix_norm, mT, significant, svdvals, tolerances
from .linalg_lu import inv_ex
from .reductions import cumprod
from .reductions import sum as sum_
from .shape import Concatenate, broadcast_to, unsqueeze

# b_0 ... b_13 of the [13/13] Pade approximant of exp, and the 1-norm up to which it is exact in float64
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0,
           960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _expm(a):
    """``exp(a)`` of a batch of square arrays: each scaled by ``2^-s`` to a 1-norm <= theta_13, the Pade
    approximant, then squared ``s`` times (the number of squarings is read on the host)."""
    xp = get_array_module(a)
    n = a.shape[-1]
    if a.size == 0:
        return a.copy()
    norm = xp.abs(a).sum(axis=-2).max(axis=-1)
    s = xp.ceil(xp.log2(xp.maximum(norm / _THETA13, 1))).astype(np.int64)
    a = a * xp.exp2(-s.astype(norm.dtype))[..., None, None]
    b = _PADE13
    eye = xp.eye(n, dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    y = xp.linalg.solve(v - u, v + u)
    for step in range(int(s.max())):
        y = xp.where((step < s)[..., None, None], y @ y, y)
    return y


class MatrixExp(Function):
    """``exp(A)``; the gradient for ``G`` is the top-right block of ``exp([[A^T, G], [0, A^T]])``."""
    complex_autograd = "holomorphic"

    def forward(self, a):
        self.save_for_backward(a)
        return _expm(a)

    def backward(self, gy):
        a, = self.saved_tensors
        n = a.shape[-1]
        at = mT(a)
        block = dual(Concatenate(-2), dual(Concatenate(-1), at, gy), dual(Concatenate(-1), zeros_as(at), at))
        return dual(MatrixExp(), block)[..., :n, n:]


def matrix_exp(A):
    """The matrix exponential ``sum_k A^k / k!`` of a square matrix (or of each in a batch)."""
    return MatrixExp()(_matrix("matrix_exp", A, square=True))


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """The number of singular values (absolute eigenvalues with ``hermitian``) above
    ``max(atol, rtol * largest)`` (int64); the default rtol is ``eps * max(m, n)``, 0 when only atol > 0."""
    A = _matrix("matrix_rank", A, square=hermitian)
    xp, a = get_array_module(A._data), A._data
    values = xp.abs(xp.linalg.eigvalsh(a)) if hermitian else xp.linalg.svd(a, compute_uv=False)
    return as_tensor(significant(values, *tolerances(A, atol, rtol)).sum(axis=-1).astype(np.int64))


_COND_ORDERS = (None, 2, -2, "fro", "nuc", 1, -1, _INF, -_INF)


def cond(A, p=None):
    """The condition number ``||A||_p ||A^{-1}||_p``: for p None or 2 the ratio of the largest to the
    smallest singular value (-2: its inverse), any shape; for 'fro', 'nuc', 1, -1, inf, -inf square
    matrices only, and inf for a singular one (as PyTorch)."""
    if p not in _COND_ORDERS:
        raise ValueError(f"linalg.cond: p must be one of {_COND_ORDERS}, got {p!r}")
    A = _matrix("cond", A, square=p not in (None, 2, -2))
    if p in (None, 2, -2):
        s = svdvals(A)
        ratio = s[..., 0] / s[..., -1]
        return 1 / ratio if p == -2 else ratio
    inverse, info = inv_ex(A)
    value = matrix_norm(A, p) * matrix_norm(where(unsqueeze(unsqueeze(info, -1), -1) == 0, inverse, 0.0), p)
    return where(info == 0, value, _INF)


def multi_dot(tensors):
    """The product of matrices ``tensors[0] @ tensors[1] @ ...`` in the order of fewest multiplications
    (the first may be a vector taken as a row, the last a vector taken as a column)."""
    if len(tensors) < 2:
        raise ValueError(f"linalg.multi_dot: expected at least 2 tensors, got {len(tensors)}")
    ts = [as_tensor(t) for t in tensors]
    for k, t in enumerate(ts):
        allowed = (1, 2) if k in (0, len(ts) - 1) else (2,)
        if t.ndim not in allowed:
            where_ = "the first" if k == 0 else "the last" if k == len(ts) - 1 else f"tensor {k}"
            raise ValueError(f"linalg.multi_dot: {where_} must be {' or '.join(f'{d}-D' for d in allowed)}, "
                             f"got shape {t.shape}")
        if t.dtype != ts[0].dtype:
            raise TypeError(f"linalg.multi_dot: all tensors must have one dtype, but tensor 0 is {ts[0].dtype} "
                            f"and tensor {k} {t.dtype}")
    first, last = ts[0].ndim == 1, ts[-1].ndim == 1
    if first:
        ts[0] = unsqueeze(ts[0], 0)
    if last:
        ts[-1] = unsqueeze(ts[-1], -1)
    for k in range(len(ts) - 1):
        if ts[k].shape[1] != ts[k + 1].shape[0]:
            raise ValueError(f"linalg.multi_dot: tensors {k} and {k + 1} with shapes {tuple(tensors[k].shape)} "
                             f"and {tuple(tensors[k + 1].shape)} cannot be multiplied")
    out = _chain(ts, _order([t.shape[0] for t in ts] + [ts[-1].shape[1]]), 0, len(ts) - 1)
    if first:
        out = out[0]
    return out[..., 0] if last else out


def _order(dims):
    """``split[i][j]``: where the cheapest product of matrices i..j splits, for matrix k of shape
    ``(dims[k], dims[k + 1])`` (the textbook dynamic programme)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j], split[i][j] = min((cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1], k)
                                          for k in range(i, j))
    return split


def _chain(ts, split, i, j):
    if i == j:
        return ts[i]
    k = split[i][j]
    return matmul(_chain(ts, split, i, k), _chain(ts, split, k + 1, j))


def vecdot(x, y, *, dim=-1):
    """The dot product of vectors along ``dim`` (after broadcasting the two): ``sum(conj(x) * y)``."""
    x, y = as_tensor(x), as_tensor(y)
    if x.dtype != y.dtype:
        raise TypeError(f"linalg.vecdot: x and y must have one dtype, got {x.dtype} and {y.dtype}")
    if x.dtype.kind not in "fc":
        raise TypeError(f"linalg.vecdot: expected complex or floating point tensors, got {x.dtype}")
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"linalg.vecdot: shapes {x.shape} and {y.shape} can't be broadcast") from None
    return sum_(conj(x) * y, dim)


def vander(x, *, N=None):
    """The Vandermonde matrix of the last dim of ``x``: column ``j`` holds ``x ** j``, for j < N
    (default ``x.shape[-1]``), powers increasing."""
    x = as_tensor(x)
    if x.ndim < 1:
        raise ValueError(f"linalg.vander: x must have at least 1 dimension, got shape {x.shape}")
    N = x.shape[-1] if N is None else int(N)
    if N < 2:
        raise ValueError(f"linalg.vander: N must be greater than 1, got {N}")
    ones = as_tensor(get_array_module(x._data).ones(x.shape + (1,), dtype=x.dtype))
    return cumprod(Concatenate(-1)(ones, broadcast_to(unsqueeze(x, -1), x.shape + (N - 1,))), -1)
