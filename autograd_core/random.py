"""The random generators: the global one behind rand/randn/randint, dropout and init, ``Generator`` objects
that a sampler takes as ``generator=``, their seeds and states, and the samplers that draw from tensors of
parameters (bernoulli, poisson, normal, multinomial) on those tensors' device."""
import contextlib
import operator
import secrets

import numpy as np

_STATE_BYTES = 37  # PCG64's 128-bit state and increment, and its buffered 32-bit half: has_uint32, uinteger


class Generator:
    """A random number generator (NumPy's PCG64) to pass as ``generator=`` to the samplers, as torch.Generator.

    Only CPU draws take one: on a GPU, CuPy's global generator draws (``ag.manual_seed`` seeds it).
    """

    def __init__(self, device="cpu"):
        if str(device) != "cpu":
            raise ValueError(f"Generator: only CPU generators exist here, got device {device!r} (CuPy's global "
                             "generator draws on the GPU; ag.manual_seed seeds it)")
        self.device = "cpu"
        self._rng = np.random.default_rng()
        self.seed()

    def manual_seed(self, seed):
        """Seed the generator (an int; taken modulo 2**64 as torch); returns the generator."""
        seed = int(seed)
        if not -2 ** 63 <= seed < 2 ** 64:
            raise ValueError(f"manual_seed: seed {seed} doesn't fit in 64 bits")
        self._seed = seed % 2 ** 64
        self._rng.bit_generator.state = np.random.PCG64(self._seed).state  # in place: the object stays the same
        return self

    def seed(self):
        """Seed the generator from the operating system's entropy; returns that seed."""
        self.manual_seed(secrets.randbits(64))
        return self._seed

    def initial_seed(self):
        """The seed the generator was last seeded with."""
        return self._seed

    def get_state(self):
        """The generator's state as a uint8 tensor (for ``set_state``; not interchangeable with torch's)."""
        from .tensor import _new
        state = self._rng.bit_generator.state
        raw = b"".join(int(v).to_bytes(16, "little") for v in (state["state"]["state"], state["state"]["inc"]))
        raw += bytes([state["has_uint32"]]) + int(state["uinteger"]).to_bytes(4, "little")
        return _new(np.frombuffer(raw, np.uint8).copy(), False, None)

    def set_state(self, new_state):
        """Restore a state from ``get_state``; returns the generator."""
        from .tensor import Tensor
        if not isinstance(new_state, Tensor) or new_state.dtype != np.uint8:
            raise TypeError(f"set_state: expects the uint8 tensor get_state returned, got "
                            f"{new_state.dtype if isinstance(new_state, Tensor) else type(new_state).__name__}")
        if new_state.shape != (_STATE_BYTES,):
            raise ValueError(f"set_state: expects a state of {_STATE_BYTES} bytes, got shape {new_state.shape}")
        raw = bytes(np.ascontiguousarray(new_state.numpy()))
        self._rng.bit_generator.state = {
            "bit_generator": "PCG64", "has_uint32": raw[32], "uinteger": int.from_bytes(raw[33:], "little"),
            "state": {"state": int.from_bytes(raw[:16], "little"), "inc": int.from_bytes(raw[16:32], "little")}}
        return self


default_generator = Generator()
_rng = default_generator._rng  # the NumPy Generator of every default draw; reseeding keeps the object


def _seed_gpu(seed):
    import sys
    cupy = sys.modules.get("cupy")
    if cupy is not None:
        cupy.random.seed(seed)


def manual_seed(seed):
    """Seed every random number the framework draws (CPU, and the GPU once CuPy is in use); returns the
    default generator."""
    default_generator.manual_seed(seed)
    _seed_gpu(default_generator.initial_seed())
    return default_generator


def seed():
    """Seed the global generators from the operating system's entropy; returns that seed."""
    return manual_seed(secrets.randbits(64)).initial_seed()


def initial_seed():
    """The seed the default generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default (CPU) generator's state as a uint8 tensor."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restore the default (CPU) generator's state from ``get_rng_state``."""
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True):
    """Context manager that restores the default CPU generator's state on exit (the GPU's is not forked)."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


def get_rng(generator=None):
    """The NumPy Generator that draws: ``generator``'s, or the default one."""
    if generator is None:
        return _rng
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be an ag.Generator, got {type(generator).__name__}")
    return generator._rng


def _device_random(xp, generator):
    """CuPy's global random module, for a draw on the GPU (a Generator draws on the CPU only)."""
    if generator is not None:
        raise ValueError("generator: an ag.Generator draws on the CPU only; on the GPU CuPy's global generator "
                         "draws (seed it with ag.manual_seed)")
    return xp.random


def check_random_dtype(op, dtype, tensor=False):
    """A TypeError naming ``op`` unless ``dtype`` is a float or complex dtype: PyTorch draws no random integers
    or bools from rand and randn, nor into a tensor in place (``tensor``: ``dtype`` is that tensor's)."""
    if dtype.kind not in "fc":
        if tensor:
            raise TypeError(f"{op}: expects a floating point tensor, got dtype {dtype}; convert with x.float() first")
        raise TypeError(f"{op}: expects a floating point or complex dtype, got {dtype}; use randint for integers")


def _complex_draw(draw, xp, shape, dtype, generator):
    """Samples of complex ``dtype`` whose real and imaginary parts are ``draw``'s real samples, two per element."""
    return draw(xp, shape + (2,), np.finfo(dtype).dtype, generator).view(dtype)[..., 0]


def uniform_array(xp, shape, dtype, generator=None):
    """Uniform samples in [0, 1) made by the array module ``xp`` itself, so a GPU's are drawn on the GPU; a
    complex dtype's real and imaginary parts each, as PyTorch's."""
    if np.dtype(dtype).kind == "c":
        return _complex_draw(uniform_array, xp, shape, dtype, generator)
    if xp is np:
        return get_rng(generator).random(shape, dtype=dtype)
    return _device_random(xp, generator).random(shape, dtype=dtype)


def normal_array(xp, shape, dtype, generator=None):
    """Standard normal samples of ``dtype`` made by the array module ``xp`` (on the GPU for CuPy); a complex
    dtype's real and imaginary parts each N(0, 1/2) (so E|z|^2 = 1), as PyTorch's."""
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return _complex_draw(normal_array, xp, shape, dtype, generator) * np.finfo(dtype).dtype.type(0.5 ** 0.5)
    if xp is np:
        return get_rng(generator).standard_normal(shape).astype(dtype, copy=False)
    return _device_random(xp, generator).standard_normal(shape, dtype=dtype)


# -- sampling from tensors of parameters: the input's device draws ------------------
def _params(op, x, complex_ok=False):
    from .tensor import Tensor
    if not isinstance(x, Tensor) or x.dtype.kind not in ("fc" if complex_ok else "f"):
        raise TypeError(f"{op}: expects a {'float or complex' if complex_ok else 'float'} tensor of parameters, got "
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
    return _out((uniform_array(xp, data.shape, data.dtype, generator) < probs).astype(data.dtype))


def poisson(input, generator=None):
    """Poisson samples (input's dtype) with rates ``input``. No gradient."""
    data = _params("poisson", input)
    from .backend import get_array_module
    xp = get_array_module(data)
    _check_host("poisson", data >= 0, "rates must be non-negative", data)
    draw = get_rng(generator).poisson if xp is np else _device_random(xp, generator).poisson
    return _out(xp.asarray(draw(data)).astype(data.dtype))


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Normal samples: ``mean + std * N(0, 1)`` with tensor ``mean`` and/or ``std`` (broadcast), or numbers
    and a ``size``. Complex samples (a complex ``mean`` tensor, or ``dtype``) have real and imaginary parts each
    of variance std**2 / 2, as PyTorch's (which adds a number ``mean`` to both parts). No gradient flows to
    ``mean`` or ``std`` (PyTorch's is zero)."""
    from .tensor import Tensor
    for name, value in (("mean", mean), ("std", std)):
        if not isinstance(value, Tensor) and np.iscomplexobj(value):
            raise TypeError(f"normal: {name} must be a real number or a tensor, got {value}")
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal: with a float mean and std, give the output size")
        if std < 0:
            raise ValueError(f"normal: std must be non-negative, got {std}")
        from .creation import empty
        out = empty(size, dtype=dtype, device=device).normal_(mean, std, generator=generator)
        return out.requires_grad_() if requires_grad else out
    ref = mean if isinstance(mean, Tensor) else std
    m = _params("normal", mean, complex_ok=True) if isinstance(mean, Tensor) else mean
    s = _params("normal", std) if isinstance(std, Tensor) else std
    from .backend import get_array_module
    xp = get_array_module(ref._data)
    real = ref._data.real.dtype
    s = xp.asarray(s, real)
    _check_host("normal", s >= 0, "std must be non-negative", s)
    try:
        shape = np.broadcast_shapes(getattr(m, "shape", ()), s.shape)
    except ValueError:
        raise ValueError(f"normal: the shapes of mean {getattr(m, 'shape', ())} and std {s.shape} can't be "
                         "broadcast together") from None
    noise = normal_array(xp, shape, ref.dtype, generator)
    return _out((m + s * noise).astype(ref.dtype, copy=False))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """``num_samples`` category indices per row of non-negative weights ``input`` (1-D or 2-D; they need not
    sum to 1), with or without replacement; int64. Without replacement (each row needs ``num_samples`` non-zero
    weights): the categories with the largest ``u ** (1 / p)`` for uniform ``u``, which is drawing one at a time
    (Efraimidis and Spirakis)."""
    data = _params("multinomial", input)
    from .backend import get_array_module
    from .ops._util import is_int
    from .ops.sorting import searchsorted_rows
    xp = get_array_module(data)
    if data.ndim not in (1, 2) or data.shape[-1] == 0:
        raise ValueError(f"multinomial: expects a 1-D or 2-D tensor of weights with categories, got shape "
                         f"{data.shape}")
    if not is_int(num_samples):
        raise TypeError(f"multinomial: num_samples must be an int, got {type(num_samples).__name__}")
    if not isinstance(replacement, (bool, np.bool_)):
        raise TypeError(f"multinomial: replacement must be a bool, got {type(replacement).__name__}")
    n, categories = operator.index(num_samples), data.shape[-1]
    if n <= 0 or (not replacement and n > categories):
        raise ValueError(f"multinomial: can't draw {num_samples} samples from {categories} categories "
                         f"{'with' if replacement else 'without'} replacement")
    _check_host("multinomial", xp.isfinite(data) & (data >= 0), "weights must be finite and non-negative", data)
    _check_host("multinomial", data.sum(-1) > 0, "the weights of a row sum to 0", data)
    if not replacement:  # torch documents this; its CPU kernel would hand out zero-weight categories
        _check_host("multinomial", (data > 0).sum(-1) >= n, f"can't draw {n} samples without replacement from a row "
                    f"with fewer than {n} non-zero weights", data)
    u = uniform_array(xp, data.shape[:-1] + (n if replacement else categories,), data.dtype, generator)
    if replacement:
        cdf = xp.cumsum(data, axis=-1)
        found = searchsorted_rows(cdf, u * cdf[..., -1:], "right")
        return _out(xp.minimum(found, categories - 1).astype(np.int64))
    positive = data > 0
    keys = xp.where(positive, xp.log(u) / xp.where(positive, data, 1), -xp.inf)  # log(u ** (1 / p))
    return _out(xp.argsort(-keys, axis=-1, kind="stable")[..., :n].astype(np.int64))
