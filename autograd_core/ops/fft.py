"""The discrete Fourier transforms behind ``ag.fft`` (autograd_core/fft.py): complex-to-complex, real-to-complex
(the half spectrum) and complex-to-real, over any dims, with torch's ``norm`` modes, and the zero-padding or
trimming to a size that comes before them.

Gradients follow PyTorch's complex convention (complex_autograd.py). Every DFT matrix is symmetric, so:

- ``C2C`` is complex-linear ("holomorphic"): its transpose is itself, so backward is the same transform.
- ``R2C`` (rfftn) is the full transform F followed by keeping the first ``n // 2 + 1`` entries of the last dim:
  its transpose zero-pads the gradient back to ``n`` and applies F ("holomorphic"; the engine keeps the real
  part for the real input). The dropped bins get no gradient: the loss sees only the kept ones.
- ``C2R`` (irfftn; 1-D here, the other dims are an inverse C2C) is ``y = c Re(sum_k w_k X_k e^(2 pi i k t / n))``
  over the half spectrum X, with scale c (1/n for norm "backward") and weight ``w_k = 2`` for the bins whose
  mirror image was dropped, 1 for DC and (n even) Nyquist (their imaginary parts are ignored). Not
  complex-linear: dL/dRe X_k + i dL/dIm X_k = c w_k sum_t g_t e^(-2 pi i k t / n), so in PyTorch's convention
  ``grad_X = w * rfftn(g)`` with rfftn under the swapped norm (whose scale is c) ("ready").
"""
import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from .arithmetic import complex_dtype

SWAPPED_NORM = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


class Resize(Function):
    """Zero-pad or trim the end of each of ``axes`` to ``sizes`` (the ``n``/``s`` of the transforms)."""
    complex_autograd = "ready"  # moves values: real coefficients

    def __init__(self, axes, sizes):
        self.axes, self.sizes = axes, sizes

    def forward(self, x):
        self.in_sizes = tuple(x.shape[a] for a in self.axes)
        shape = list(x.shape)
        common = [slice(None)] * x.ndim
        for a, n in zip(self.axes, self.sizes):
            shape[a], common[a] = n, slice(0, min(n, x.shape[a]))
        out = get_array_module(x).zeros(tuple(shape), x.dtype)
        out[tuple(common)] = x[tuple(common)]
        return out

    def backward(self, gy):
        return dual(Resize(self.axes, self.in_sizes), gy)  # padding and trimming are each other's transpose


class C2C(Function):
    """``fftn`` (``forward``) or ``ifftn`` over ``axes``."""
    complex_autograd = "holomorphic"

    def __init__(self, axes, norm, forward):
        self.axes, self.norm, self.forward_ = axes, norm, forward

    def forward(self, x):
        xp = get_array_module(x)
        y = (xp.fft.fftn if self.forward_ else xp.fft.ifftn)(x, axes=self.axes, norm=self.norm)
        return y.astype(complex_dtype(x.dtype), copy=False)  # NumPy < 2 gives complex128 for float32

    def backward(self, gy):
        return dual(C2C(self.axes, self.norm, self.forward_), gy)


class R2C(Function):
    """``rfftn`` over ``axes`` (the last one halved) of a real array."""
    complex_autograd = "holomorphic"

    def __init__(self, axes, norm):
        self.axes, self.norm = axes, norm

    def forward(self, x):
        self.n = x.shape[self.axes[-1]]
        y = get_array_module(x).fft.rfftn(x, axes=self.axes, norm=self.norm)
        return y.astype(complex_dtype(x.dtype), copy=False)

    def backward(self, gy):
        full = dual(Resize((self.axes[-1],), (self.n,)), gy)
        return dual(C2C(self.axes, self.norm, True), full)


class C2R(Function):
    """``irfftn`` over ``axes`` to length ``n`` in the last one, from exactly ``n // 2 + 1`` bins there."""
    complex_autograd = "ready"

    def __init__(self, axes, n, norm):
        self.axes, self.n, self.norm = axes, n, norm

    def forward(self, x):
        s = tuple(x.shape[a] for a in self.axes[:-1]) + (self.n,)
        y = get_array_module(x).fft.irfftn(x, s=s, axes=self.axes, norm=self.norm)
        return y.astype(np.finfo(x.dtype).dtype, copy=False)

    def backward(self, gy):
        gx = dual(R2C(self.axes, SWAPPED_NORM[self.norm]), gy)
        last = self.axes[-1]
        w = get_array_module(gy).ones(gx.shape[last], gy.dtype)
        w[1:self.n - gx.shape[last] + 1] = 2  # the bins whose mirror image the half spectrum leaves out
        return gx * w.reshape(w.shape + (1,) * (gy.ndim - 1 - last))
