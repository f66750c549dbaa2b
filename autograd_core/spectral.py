"""Short-time Fourier transforms, as ``torch.stft`` and ``torch.istft``.

Both are composed of differentiable ops (padding, framing with ``unfold``, windowing, ``ag.fft``'s transforms,
overlap-add with unfold's adjoint), so their gradients, and gradients of gradients, in the signal, the
spectrogram and the window come from those ops.
"""
import warnings

import numpy as np

from .backend import get_array_module
from .fft import fft, ifft, irfft, rfft
from .ops._util import as_tensor
from .ops.indexing import getitem
from .ops.shape import broadcast_to, pad, transpose
from .ops.split_views import UnfoldGrad, unfold


def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None, align_to_window=None):
    """The short-time Fourier transform of a signal ``(L,)`` or batch of signals ``(B, L)``: shape
    ``(B?, n_fft // 2 + 1 (onesided) or n_fft, n_frames)``, complex.

    Frames of ``n_fft`` samples, ``hop_length`` apart (default ``n_fft // 4``), are multiplied by ``window`` (of
    ``win_length`` samples, default ``n_fft``, zero-padded on both sides to ``n_fft``; default all ones) and
    transformed (``norm="ortho"`` when ``normalized``). ``center`` pads the signal by ``n_fft // 2`` on both
    sides with ``pad_mode`` first; without it, ``align_to_window`` starts the first frame where the window
    starts. ``onesided`` (default: True for a real signal and window) keeps the non-negative frequencies.
    ``return_complex`` must be True for real signals (torch 2's deprecated False, a real view, is refused).
    """
    x = as_tensor(input)
    if x.ndim not in (1, 2):
        raise RuntimeError(f"stft: expected a 1D or 2D tensor (a signal or a batch of them), got shape {x.shape}")
    if x.dtype.kind not in "fc":
        raise RuntimeError(f"stft: expected a tensor of floating point or complex values, got {x.dtype}")
    if center and align_to_window is not None:
        raise RuntimeError("stft: align_to_window should only be set when center=False")
    is_complex = x.dtype.kind == "c" or (window is not None and as_tensor(window).dtype.kind == "c")
    if return_complex is None and not is_complex:
        raise RuntimeError("stft requires the return_complex parameter be given for real inputs (return_complex=True)")
    if return_complex is False:
        raise RuntimeError("stft: return_complex=False (deprecated in torch 2) is not supported; pass "
                           "return_complex=True and use ag.view_as_real on the result for the old real layout")
    if n_fft <= 0:
        raise RuntimeError(f"stft: expected n_fft > 0, got n_fft={n_fft}")
    hop_length, win_length, window = _frame_args("stft", x, n_fft, hop_length, win_length, window)
    if center:
        x = pad(x, (n_fft // 2, n_fft // 2), pad_mode)
    elif align_to_window:
        left = (n_fft - win_length) // 2
        x = pad(x, (left, n_fft - win_length - left))
    if n_fft > x.shape[-1]:
        raise RuntimeError(f"stft: expected 0 < n_fft <= {x.shape[-1]} (the signal's length"
                           f"{', padded' if center else ''}), got n_fft={n_fft}")
    frames = unfold(x, -1, n_fft, hop_length) * window
    norm = "ortho" if normalized else "backward"
    if onesided is None:
        onesided = not is_complex
    if onesided and is_complex:
        raise RuntimeError("stft: cannot have onesided output if window or input is complex")
    spectrum = rfft(frames, norm=norm) if onesided else fft(frames, norm=norm)
    return transpose(spectrum, -1, -2)


def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False,
          onesided=None, length=None, return_complex=False):
    """The inverse of ``stft``: the signal ``(B?, L)`` of a complex spectrogram ``(B?, n_freq, n_frames)``,
    by inverse transforms, windowing and overlap-add divided by the summed squared window (which must not
    vanish anywhere in the output, as torch checks). The arguments are ``stft``'s; ``onesided`` defaults to
    ``n_freq != n_fft``; ``length`` trims or zero-pads the output; ``return_complex`` gives a complex signal
    (from a two-sided spectrogram).
    """
    x = as_tensor(input)
    if x.dtype.kind != "c":
        raise RuntimeError(f"istft requires a complex-valued input tensor matching the output from stft with "
                           f"return_complex=True, got {x.dtype}")
    if x.ndim not in (2, 3):
        raise RuntimeError(f"istft: expected a 2D or 3D tensor (B?, n_freq, n_frames), got shape {x.shape}")
    if 0 in x.shape:
        raise RuntimeError(f"istft: input tensor cannot be empty, got shape {x.shape}")
    if n_fft <= 0:
        raise RuntimeError(f"istft: expected n_fft > 0, got n_fft={n_fft}")
    hop_length, win_length, window = _frame_args("istft", x, n_fft, hop_length, win_length, window)
    if hop_length > win_length:  # frames would leave gaps: torch refuses even where length stops before them
        raise RuntimeError(f"istft: expected 0 < hop_length <= win_length={win_length}, got hop_length={hop_length}")
    n_freq, n_frames = x.shape[-2:]
    onesided = n_freq != n_fft if onesided is None else onesided
    expected = n_fft // 2 + 1 if onesided else n_fft
    if n_freq != expected:
        raise RuntimeError(f"istft: expected the frequency dimension (2nd to last) of the input to have size "
                           f"{expected} ({'one' if onesided else 'two'}-sided, n_fft={n_fft}), got shape {x.shape}")
    if return_complex and onesided:
        raise RuntimeError("istft: cannot have onesided output if window or input is complex (return_complex=True)")
    if not return_complex and window.dtype.kind == "c":
        raise RuntimeError("istft: complex windows are incompatible with return_complex=False")
    norm = "ortho" if normalized else "backward"
    frames = transpose(x, -1, -2)
    frames = (ifft(frames, n_fft, norm=norm) if return_complex else irfft(frames, n_fft, norm=norm)) * window
    total = n_fft + hop_length * (n_frames - 1)
    y = UnfoldGrad(frames.shape[:-2] + (total,), frames.ndim - 2, n_fft, hop_length)(frames)  # overlap-add
    envelope = UnfoldGrad((total,), 0, n_fft, hop_length)(broadcast_to(window * window, (n_frames, n_fft)))
    start = n_fft // 2 if center else 0
    end = start + length if length is not None else total - start
    y, envelope = getitem(y, (..., slice(start, end))), getitem(envelope, slice(start, end))
    if bool((abs(envelope._data) < 1e-11).any()):  # a host sync, as torch's check
        raise RuntimeError(f"istft: the window overlap-add is zero (below 1e-11) somewhere in the output "
                           f"(n_fft={n_fft}, hop_length={hop_length}, win_length={win_length}, center={center}); "
                           "use a window and hop whose overlap covers every sample")
    y = y / envelope
    if end > total:
        warnings.warn("istft: the signal is shorter than length; it is padded with zeros at the end "
                      "(check center and hop_length)", stacklevel=2)
        y = pad(y, (0, end - total))
    return y


def _frame_args(op, x, n_fft, hop_length, win_length, window):
    """The hop (default ``n_fft // 4``), the window length (default ``n_fft``) and the window as a Tensor of
    ``n_fft`` samples (zero-padded on both sides; all ones where none is given, as torch, with its warning)."""
    hop_length = n_fft // 4 if hop_length is None else hop_length
    win_length = n_fft if win_length is None else win_length
    if hop_length <= 0:
        raise RuntimeError(f"{op}: expected hop_length > 0, got hop_length={hop_length}")
    if not 0 < win_length <= n_fft:
        raise RuntimeError(f"{op}: expected 0 < win_length <= n_fft={n_fft}, got win_length={win_length}")
    if window is None:
        warnings.warn(f"{op}: a window was not provided; a rectangular window is applied (pass "
                      f"window=ag.ones({n_fft}) to say so, or use ag.hann_window)", stacklevel=3)
        window = as_tensor(get_array_module(x._data).ones(win_length, np.finfo(x.dtype).dtype))
    window = as_tensor(window)
    if window.shape != (win_length,):
        raise RuntimeError(f"{op}: expected a 1D window tensor of size equal to win_length={win_length}, got a "
                           f"window of shape {window.shape}")
    left = (n_fft - win_length) // 2
    return hop_length, win_length, pad(window, (left, n_fft - win_length - left)) if win_length < n_fft else window
