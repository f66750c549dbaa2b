"""The global random generator behind rand/randn/randint, dropout and init, and the samplers that draw
from tensors of parameters (bernoulli, poisson, normal, multinomial) on those tensors' device."""
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


def normal_array(xp, shape, dtype):
    """Standard normal samples made by the array module ``xp`` (on the GPU for CuPy)."""
    if xp is np:
        return _rng.standard_normal(shape).astype(dtype, copy=False)
    return xp.random.standard_normal(shape, dtype=dtype)


# -- sampling from tensors of parameters: the input's device draws ------------------
def _params(op, x):
    from .tensor import Tensor
    if not isinstance(x, Tensor) or x.dtype.kind != "f":
        raise TypeError(f"{op}: expects a float tensor of parameters, got "
                        f"{x.dtype if isinstance(x, Tensor) else type(x).__name__}")
    return x._data


def _check_host(op, ok, what, data):
    """Checks of parameter values run on the CPU only (on a GPU they would wait for the data)."""
    if data.__class__ is np.ndarray and not ok.all():
        raise ValueError(f"{op}: {what}")


def _out(array):
    from .tensor import _new
    return _new(array, False, None)


def bernoulli(input, p=None, *, generator=None):
    """0/1 samples (input's dtype), 1 with probability ``input`` (or ``p`` everywhere when given). No gradient."""
    data = _params("bernoulli", input)
    from .backend import get_array_module
    xp = get_array_module(data)
    probs = data if p is None else xp.full(data.shape, p, data.dtype)
    _check_host("bernoulli", (probs >= 0) & (probs <= 1), "probabilities must lie in [0, 1]", probs)
    return _out((uniform_array(xp, data.shape, data.dtype) < probs).astype(data.dtype))


def poisson(input, generator=None):
    """Poisson samples (input's dtype) with rates ``input``. No gradient."""
    data = _params("poisson", input)
    from .backend import get_array_module
    xp = get_array_module(data)
    _check_host("poisson", data >= 0, "rates must be non-negative", data)
    draw = _rng.poisson if xp is np else xp.random.poisson
    return _out(xp.asarray(draw(data)).astype(data.dtype))


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Normal samples: ``mean + std * N(0, 1)`` with tensor ``mean`` and/or ``std`` (broadcast), or floats
    and a ``size``. No gradient flows to ``mean`` or ``std`` (PyTorch's is zero)."""
    from .tensor import Tensor
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal: with a float mean and std, give the output size")
        if std < 0:
            raise ValueError(f"normal: std must be non-negative, got {std}")
        from .creation import _dtype, _finish, _shape
        return _finish((_rng.standard_normal(_shape((size,))) * std + mean).astype(_dtype(dtype)), requires_grad,
                       device)
    ref = mean if isinstance(mean, Tensor) else std
    m = _params("normal", mean) if isinstance(mean, Tensor) else mean
    s = _params("normal", std) if isinstance(std, Tensor) else std
    from .backend import get_array_module
    xp = get_array_module(ref._data)
    s = xp.asarray(s, ref.dtype)
    _check_host("normal", s >= 0, "std must be non-negative", s)
    shape = np.broadcast_shapes(getattr(m, "shape", ()), s.shape)
    return _out((m + s * normal_array(xp, shape, ref.dtype)).astype(ref.dtype, copy=False))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """``num_samples`` category indices per row of non-negative weights ``input`` (1-D or 2-D; they need not
    sum to 1), with or without replacement; int64. Without replacement: the categories with the largest
    ``u ** (1 / p)`` for uniform ``u``, which is drawing one at a time (Efraimidis and Spirakis)."""
    data = _params("multinomial", input)
    from .backend import get_array_module
    from .ops.sorting import searchsorted_rows
    xp = get_array_module(data)
    if data.ndim not in (1, 2) or data.shape[-1] == 0:
        raise ValueError(f"multinomial: expects a 1-D or 2-D tensor of weights with categories, got shape "
                         f"{data.shape}")
    n, categories = int(num_samples), data.shape[-1]
    if n <= 0 or (not replacement and n > categories):
        raise ValueError(f"multinomial: can't draw {num_samples} samples from {categories} categories "
                         f"{'with' if replacement else 'without'} replacement")
    _check_host("multinomial", xp.isfinite(data) & (data >= 0), "weights must be finite and non-negative", data)
    _check_host("multinomial", data.sum(-1) > 0, "the weights of a row sum to 0", data)
    u = uniform_array(xp, data.shape[:-1] + (n if replacement else categories,), data.dtype)
    if replacement:
        cdf = xp.cumsum(data, axis=-1)
        found = searchsorted_rows(cdf, u * cdf[..., -1:], "right")
        return _out(xp.minimum(found, categories - 1).astype(np.int64))
    positive = data > 0
    keys = xp.where(positive, xp.log(u) / xp.where(positive, data, 1), -xp.inf)  # log(u ** (1 / p))
    return _out(xp.argsort(-keys, axis=-1, kind="stable")[..., :n].astype(np.int64))
