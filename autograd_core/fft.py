"""``autograd_core.fft``: discrete Fourier transforms under ``torch.fft``'s names (``ag.fft.rfft(x)`` ...).

Every transform takes torch's arguments: the size ``n`` (1-D) or ``s`` (n-D) to zero-pad or trim the input
to along the transformed dims (-1 in ``s``: keep that dim's size), the dims ``dim``, and ``norm``:
``"backward"`` (the default, ``None``: no scale forward, 1/n inverse), ``"ortho"`` (1/sqrt(n) both ways) or
``"forward"`` (1/n forward, none inverse). float32 (complex64) inputs give complex64 (float32) outputs, float64
(complex128) ones complex128 (float64); integers and bools count as the default float dtype. Gradients follow
PyTorch's complex convention; the Functions and their derivation live in ``autograd_core/ops/fft.py``.
"""
import operator

import numpy as np

from .creation import _dtype, _finish
from .ops.arithmetic import cast
from .ops.complex_parts import conj
from .ops.fft import C2C, C2R, R2C, SWAPPED_NORM, Resize
from .ops.shape import roll
from .ops._util import as_tensor, float_dtype, is_int, normalize_axes, normalize_axis, raw

_NORMS = {None: "backward", "backward": "backward", "ortho": "ortho", "forward": "forward"}


def fft(input, n=None, dim=-1, norm=None):
    """The 1-D discrete Fourier transform of ``input`` along ``dim``."""
    return _c2c("fft", input, *_one_dim("fft", n, dim), norm, True)


def ifft(input, n=None, dim=-1, norm=None):
    """The 1-D inverse discrete Fourier transform along ``dim``."""
    return _c2c("ifft", input, *_one_dim("ifft", n, dim), norm, False)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    """The 2-D discrete Fourier transform over ``dim`` (the last two by default)."""
    return _c2c("fft2", input, s, _ints("fft2", "dim", dim), norm, True)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """The 2-D inverse discrete Fourier transform over ``dim``."""
    return _c2c("ifft2", input, s, _ints("ifft2", "dim", dim), norm, False)


def fftn(input, s=None, dim=None, norm=None):
    """The N-D discrete Fourier transform over ``dim`` (all dims, or the last ``len(s)``, by default)."""
    return _c2c("fftn", input, s, dim, norm, True)


def ifftn(input, s=None, dim=None, norm=None):
    """The N-D inverse discrete Fourier transform over ``dim``."""
    return _c2c("ifftn", input, s, dim, norm, False)


def rfft(input, n=None, dim=-1, norm=None):
    """The 1-D transform of a real ``input``: the ``n // 2 + 1`` non-negative frequencies."""
    return _r2c("rfft", input, *_one_dim("rfft", n, dim), norm)


def irfft(input, n=None, dim=-1, norm=None):
    """The inverse of ``rfft``: a real signal of length ``n`` (default ``2 * (input.size(dim) - 1)``) from its
    half spectrum; the imaginary parts of the zero (and, n even, Nyquist) frequency are ignored."""
    return _c2r("irfft", input, *_one_dim("irfft", n, dim), norm)


def rfft2(input, s=None, dim=(-2, -1), norm=None):
    """The 2-D transform of a real ``input``, the last of ``dim`` halved."""
    return _r2c("rfft2", input, s, _ints("rfft2", "dim", dim), norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    """The inverse of ``rfft2``."""
    return _c2r("irfft2", input, s, _ints("irfft2", "dim", dim), norm)


def rfftn(input, s=None, dim=None, norm=None):
    """The N-D transform of a real ``input``, the last of ``dim`` halved."""
    return _r2c("rfftn", input, s, dim, norm)


def irfftn(input, s=None, dim=None, norm=None):
    """The inverse of ``rfftn``."""
    return _c2r("irfftn", input, s, dim, norm)


def hfft(input, n=None, dim=-1, norm=None):
    """The transform of a Hermitian-symmetric signal given by its first half: a real spectrum of length ``n``
    (default ``2 * (input.size(dim) - 1)``); ``irfft`` of the conjugate, with the norm's direction swapped."""
    return _c2r("hfft", conj(as_tensor(input)), *_one_dim("hfft", n, dim), _swapped("hfft", norm))


def ihfft(input, n=None, dim=-1, norm=None):
    """The inverse of ``hfft`` for a real ``input``: the conjugate of ``rfft``, with the norm's direction swapped."""
    return conj(_r2c("ihfft", input, *_one_dim("ihfft", n, dim), _swapped("ihfft", norm)))


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    """The 2-D ``hfft``: the last of ``dim`` holds the half of a Hermitian-symmetric signal."""
    return _c2r("hfft2", conj(as_tensor(input)), s, _ints("hfft2", "dim", dim), _swapped("hfft2", norm))


def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    """The inverse of ``hfft2`` for a real ``input``."""
    return conj(_r2c("ihfft2", input, s, _ints("ihfft2", "dim", dim), _swapped("ihfft2", norm)))


def hfftn(input, s=None, dim=None, norm=None):
    """The N-D ``hfft``."""
    return _c2r("hfftn", conj(as_tensor(input)), s, dim, _swapped("hfftn", norm))


def ihfftn(input, s=None, dim=None, norm=None):
    """The inverse of ``hfftn`` for a real ``input``."""
    return conj(_r2c("ihfftn", input, s, dim, _swapped("ihfftn", norm)))


def fftfreq(n, d=1.0, *, dtype=None, device=None, requires_grad=False):
    """The sample frequencies of an ``fft`` of length ``n`` with sample spacing ``d``:
    ``[0, 1, ..., (n - 1) // 2, -(n // 2), ..., -1] / (d * n)``."""
    return _freq("fftfreq", lambda n: np.r_[:(n + 1) // 2, -(n // 2):0], n, d, dtype, device, requires_grad)


def rfftfreq(n, d=1.0, *, dtype=None, device=None, requires_grad=False):
    """The sample frequencies of an ``rfft`` of length ``n``: ``[0, 1, ..., n // 2] / (d * n)``."""
    return _freq("rfftfreq", lambda n: np.arange(n // 2 + 1), n, d, dtype, device, requires_grad)


def fftshift(input, dim=None):
    """Move the zero frequency to the middle of each of ``dim`` (all dims by default): a roll by ``size // 2``."""
    return _shift("fftshift", input, dim, lambda n: n // 2)


def ifftshift(input, dim=None):
    """The inverse of ``fftshift``: a roll by ``-(size // 2)``."""
    return _shift("ifftshift", input, dim, lambda n: -(n // 2))


def _one_dim(op, n, dim):
    """The ``s`` and ``dim`` of a 1-D transform's ``n`` (None: the input's size) and ``dim``, both ints."""
    dim = (_int(op, "dim", dim),)
    if n is None:
        return None, dim
    n = _int(op, "n", n)
    if n < 1:  # in s, -1 would keep the input's size
        raise _size_error(op, n)
    return (n,), dim


def _int(op, name, value):
    """``value`` as an int (a Python or NumPy integer, an integer 0-d tensor), else torch's TypeError."""
    if not is_int(value):
        raise TypeError(f"{op}: argument '{name}' must be int, not {type(value).__name__}")
    return operator.index(value)


def _ints(op, name, value):
    """``value``, an int or a sequence of them, as a tuple of ints, else torch's TypeError."""
    items = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if not all(map(is_int, items)):
        raise TypeError(f"{op}: argument '{name}' must be a tuple of ints, not {type(value).__name__} ({value!r})")
    return tuple(map(operator.index, items))


def _size_error(op, n, shape=None):
    where = "" if shape is None else f" (input shape {shape})"
    return RuntimeError(f"{op}: invalid number of data points ({n}) specified{where}")


def _swapped(op, norm):
    return SWAPPED_NORM[_norm(op, norm)]


def _norm(op, norm):
    if norm is not None and not isinstance(norm, str):
        raise TypeError(f"{op}: argument 'norm' must be str, not {type(norm).__name__}")
    if norm not in _NORMS:
        raise RuntimeError(f'{op}: invalid normalization mode "{norm}"; use None, "backward", "ortho" or "forward"')
    return _NORMS[norm]


def _input(op, input, real):
    """``input`` as a float or complex Tensor (integers and bools: the default float dtype)."""
    x = as_tensor(input)
    if x.dtype == np.float16:
        raise RuntimeError(f"{op}: unsupported dtype float16; use float32 or float64")
    if real and x.dtype.kind == "c":
        raise RuntimeError(f"{op} expects a real input tensor, but got {x.dtype}")
    return cast(x, float_dtype(x.dtype))


def _axes_and_sizes(op, x, s, dim, half=None):
    """The transformed dims (in the order given) and each one's signal size. ``half`` ("r2c" or "c2r"): the
    last dim holds a half spectrum, so there must be one; for "c2r" its default size is ``2 * (m - 1)`` for
    ``m`` bins there."""
    s = None if s is None else _ints(op, "s", s)
    if dim is None:
        n_dims = x.ndim if s is None else len(s)
        if n_dims > x.ndim:
            raise RuntimeError(f"{op}: got s with {n_dims} values but the input has only {x.ndim} dimensions")
        axes = tuple(range(x.ndim - n_dims, x.ndim))
    else:
        dims = _ints(op, "dim", dim)
        if x.ndim == 0 and dims:
            raise IndexError(f"{op}: dimension {dims[0]} is out of range for a tensor with no dimensions")
        axes = normalize_axes(dims, x.ndim, op, ordered=True)
        if s is not None and len(s) != len(axes):
            raise RuntimeError(f"{op}: when given, dim and s must have the same length, got dim={dim} and s={s}")
    if half and not axes:
        raise RuntimeError(f"{op} must transform at least one dim")
    sizes = [x.shape[a] if s is None or s[i] == -1 else s[i] for i, a in enumerate(axes)]
    if half == "c2r" and (s is None or s[-1] == -1):
        sizes[-1] = 2 * (x.shape[axes[-1]] - 1)
    for n in sizes:
        if n < 1:
            raise _size_error(op, n, x.shape)
    return axes, tuple(sizes)


def _resized(x, axes, sizes):
    changed = [(a, n) for a, n in zip(axes, sizes) if x.shape[a] != n]
    return Resize(*zip(*changed))(x) if changed else x


def _c2c(op, input, s, dim, norm, forward):
    x = _input(op, input, False)
    axes, sizes = _axes_and_sizes(op, x, s, dim)
    return C2C(axes, _norm(op, norm), forward)(_resized(x, axes, sizes))


def _r2c(op, input, s, dim, norm):
    x = _input(op, input, True)
    axes, sizes = _axes_and_sizes(op, x, s, dim, "r2c")
    return R2C(axes, _norm(op, norm))(_resized(x, axes, sizes))


def _c2r(op, input, s, dim, norm):
    x = _input(op, input, False)
    x = cast(x, np.result_type(x.dtype, np.complex64))  # a real input is a spectrum with zero imaginary parts
    axes, sizes = _axes_and_sizes(op, x, s, dim, "c2r")
    x = _resized(x, axes, sizes[:-1] + (sizes[-1] // 2 + 1,))
    return C2R(axes, sizes[-1], _norm(op, norm))(x)


def _freq(op, bins, n, d, dtype, device, requires_grad):
    """``bins(n) / (n * d)`` (as torch: rfftfreq(0) is [nan])."""
    n, dtype = _int(op, "n", n), _dtype(dtype)
    if dtype.kind == "c":
        raise NotImplementedError(f"{op}: a complex dtype ({dtype}) is not supported, as in PyTorch on the CPU")
    if dtype.kind != "f":
        raise RuntimeError(f"{op} requires a floating point or complex dtype, got {dtype}")
    if n < 0:
        raise RuntimeError(f"{op}: n must be non-negative, got {n}")
    if np.iscomplexobj(raw(d)):
        raise TypeError(f"{op}: argument 'd' must be a real number, not {d!r}")
    with np.errstate(invalid="ignore"):
        values = bins(n) / (n * d)
    return _finish(values.astype(dtype), requires_grad, device)


def _shift(op, input, dim, shift):
    x = as_tensor(input)
    dims = tuple(range(x.ndim)) if dim is None else _ints(op, "dim", dim)
    if not dims:
        raise RuntimeError(f"{op}: expected at least one dim to shift, got dim={dim} for an input of shape {x.shape}")
    return roll(x, tuple(shift(x.shape[normalize_axis(d, x.ndim, op)]) for d in dims), dims)


__all__ = ["fft", "fft2", "fftfreq", "fftn", "fftshift", "hfft", "hfft2", "hfftn", "ifft", "ifft2", "ifftn",
           "ifftshift", "ihfft", "ihfft2", "ihfftn", "irfft", "irfft2", "irfftn", "rfft", "rfft2", "rfftfreq",
           "rfftn"]
