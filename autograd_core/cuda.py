"""``ag.cuda``: is a CUDA GPU usable through CuPy?"""
from . import backend


def is_available():
    """True when CuPy loads and sees at least one CUDA device."""
    return backend.cuda_device_count() > 0


def device_count():
    """Number of CUDA devices (0 without CuPy or a GPU)."""
    return backend.cuda_device_count()


def synchronize():
    """Wait for all queued GPU work (no-op without CuPy)."""
    if is_available():
        backend.cupy_module().cuda.Device().synchronize()
        backend.raise_pending()
