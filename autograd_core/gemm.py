"""Matrix products of 2-D host arrays: NumPy's BLAS, or Intel MKL's GEMM when the optional ``mkl``
package is installed (``pip install "autograd-core[mkl]"``).

NumPy's wheels ship OpenBLAS; on AVX-512 CPUs MKL (what PyTorch's CPU build uses) runs the float32
GEMMs of an MLP step about 20% faster. MKL has no Python API, so its ``cblas_?gemm`` is called
through ctypes, on C- or Fortran-ordered float32/float64 operands large enough to repay the call;
everything else goes to ``ndarray.dot``. MKL's threads are its GNU OpenMP layer (libgomp), whose
idle threads stop spinning soon after a call. ``AUTOGRAD_CORE_GEMM=numpy`` turns MKL off.
"""
import ctypes
import os

import numpy as np

_MIN_FLOPS = 1 << 18     # m*n*k below this: ndarray.dot's lower call overhead wins
_ROW_MAJOR, _NO_TRANS, _TRANS, _GNU_THREADS = 101, 111, 112, 3


def _load_mkl():
    """``{dtype: cblas_?gemm}`` from the installed ``mkl`` package, and a line saying which GEMM is used."""
    if os.environ.get("AUTOGRAD_CORE_GEMM", "").lower() == "numpy":
        return {}, "numpy (AUTOGRAD_CORE_GEMM=numpy)"
    from importlib import metadata
    try:
        path = next((f.locate() for f in metadata.files("mkl") or () if f.name.startswith("libmkl_rt.so")), None)
    except metadata.PackageNotFoundError:
        return {}, "numpy (the mkl package is not installed)"
    try:
        lib = ctypes.CDLL(str(path))
        if lib.MKL_Set_Threading_Layer(_GNU_THREADS) != _GNU_THREADS:
            raise OSError("MKL refused its GNU OpenMP threading layer")
    except (OSError, TypeError) as e:
        return {}, f"numpy (MKL at {path} could not be loaded: {e})"
    gemms = {}
    for dtype, name, scalar in ((np.float32, "cblas_sgemm", ctypes.c_float), (np.float64, "cblas_dgemm", ctypes.c_double)):
        fn = getattr(lib, name)
        fn.argtypes = [ctypes.c_int] * 6 + [scalar, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                                            scalar, ctypes.c_void_p, ctypes.c_int]
        fn.restype = None
        gemms[np.dtype(dtype)] = fn
    return gemms, f"mkl {metadata.version('mkl')} ({lib.MKL_Get_Max_Threads()} threads)"


_GEMMS, BACKEND = _load_mkl()


def _operand(a):
    """(transpose flag, leading dimension) for a row-major GEMM, or None if ``a`` is strided otherwise."""
    if a.flags.c_contiguous:
        return _NO_TRANS, max(a.shape[1], 1)
    if a.flags.f_contiguous:
        return _TRANS, max(a.shape[0], 1)
    return None


def dot(a, b):
    """``a @ b`` for 2-D NumPy arrays."""
    gemm = _GEMMS.get(a.dtype) if a.dtype is b.dtype else None
    m, k = a.shape
    n = b.shape[1]
    if gemm is not None and m * n * k >= _MIN_FLOPS:
        ta, tb = _operand(a), _operand(b)
        if ta is not None and tb is not None:
            c = np.empty((m, n), a.dtype)
            gemm(_ROW_MAJOR, ta[0], tb[0], m, n, k, 1.0, a.ctypes.data, ta[1], b.ctypes.data, tb[1], 0.0,
                 c.ctypes.data, n)
            return c
    if n > m and b.flags.f_contiguous and not b.flags.c_contiguous:
        # x @ w.T with more features than rows: OpenBLAS runs it up to 2x slower than w @ x.T, and a
        # C-ordered copy of the result costs less than F-ordered activations downstream
        return np.ascontiguousarray(b.T.dot(a.T).T)
    return a.dot(b)
