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


def uniform_array(xp, shape, dtype):
    """Uniform samples in [0, 1) made by the array module ``xp`` itself, so a GPU's are drawn on the GPU."""
    if xp is np:
        return _rng.random(shape, dtype=dtype)
    return xp.random.random(shape, dtype=dtype)
