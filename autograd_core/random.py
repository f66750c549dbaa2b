"""The global random generator behind rand/randn/randint, dropout and init."""
import numpy as np

_rng = np.random.default_rng()


def manual_seed(seed):
    """Seed every random number the framework draws (CPU, and the GPU once CuPy is in use)."""
    global _rng
    _rng = np.random.default_rng(seed)
    import sys
    cupy = sys.modules.get("cupy")
    if cupy is not None:
        cupy.random.seed(seed)


def get_rng():
    """The NumPy Generator in use."""
    return _rng
