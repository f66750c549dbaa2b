"""Window functions for spectral analysis, as torch's: hann, hamming, blackman, bartlett and kaiser.

Each takes ``window_length`` and ``periodic`` (True: the window of length ``window_length + 1`` without
its last point, for use with an FFT; False: the symmetric window), and the creation keywords ``dtype``
(a float dtype; the default float dtype by default), ``device`` and ``requires_grad``.
"""
import math
import operator

import numpy as np

from .creation import _dtype, _finish
from .ops._util import is_int


def _window(op, window_length, periodic, dtype, device, requires_grad, values):
    """The window ``values(n, m)`` for positions ``n = 0 .. m - 1`` of the symmetric window of length ``m``."""
    if not is_int(window_length):
        raise TypeError(f"{op}: window_length must be an int, got {type(window_length).__name__}")
    window_length = operator.index(window_length)
    if window_length < 0:
        raise ValueError(f"{op} requires non-negative window_length, got window_length={window_length}")
    dtype = _dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"{op} expects a floating point dtype, got {dtype}")
    if window_length <= 1:
        return _finish(np.ones(window_length, dtype), requires_grad, device)
    m = window_length + 1 if periodic else window_length
    n = np.arange(window_length, dtype=np.float64)
    return _finish(values(n, m).astype(dtype), requires_grad, device)


def _cosine_sum(*coeffs):
    """The generalised cosine window ``a0 - a1 cos(t) + a2 cos(2 t) ...`` with ``t = 2 pi n / (N - 1)``."""
    def values(n, m):
        theta = 2 * math.pi * n / (m - 1)
        return sum((-1) ** k * a * np.cos(k * theta) for k, a in enumerate(coeffs))
    return values


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, device=None,
                   requires_grad=False):
    """The Hamming window ``alpha - beta * cos(2 pi n / (N - 1))``."""
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   _cosine_sum(alpha, beta))


def hann_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The Hann window ``0.5 - 0.5 * cos(2 pi n / (N - 1))``."""
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   _cosine_sum(0.5, 0.5))


def blackman_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The Blackman window ``0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))``."""
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad,
                   _cosine_sum(0.42, 0.5, 0.08))


def bartlett_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The triangular Bartlett window ``1 - |2 n / (N - 1) - 1|``."""
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad,
                   lambda n, m: 1.0 - np.abs(2.0 * n / (m - 1) - 1.0))


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, device=None, requires_grad=False):
    """The Kaiser window ``I0(beta sqrt(1 - ((n - a) / a)**2)) / I0(beta)`` with ``a = (N - 1) / 2``."""
    def values(n, m):
        a = (m - 1) / 2
        return np.i0(beta * np.sqrt(np.maximum(1.0 - ((n - a) / a) ** 2, 0.0))) / np.i0(beta)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad, values)
