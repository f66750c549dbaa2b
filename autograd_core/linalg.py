"""``autograd_core.linalg``: linear algebra under ``torch.linalg``'s names (``ag.linalg.inv(a)`` ...).

The ops live in ``autograd_core/ops/linalg.py``; see its docstring for the gradients and their limits.
"""
from .ops.arithmetic import matmul
from .ops.linalg import (EighResult, LinAlgError, QRResult, SlogdetResult, SVDResult, cholesky, det, eigh, eigvalsh,
                         inv, matrix_norm, matrix_power, norm, pinv, qr, slogdet, solve, svd, svdvals, vector_norm)

__all__ = ["EighResult", "LinAlgError", "QRResult", "SVDResult", "SlogdetResult", "cholesky", "det", "eigh",
           "eigvalsh", "inv", "matmul", "matrix_norm", "matrix_power", "norm", "pinv", "qr", "slogdet", "solve",
           "svd", "svdvals", "vector_norm"]
