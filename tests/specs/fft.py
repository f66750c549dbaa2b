"""Op specs for ``ag.fft`` (references: NumPy's pocketfft). Complex inputs (complex=True) perturb real and
imaginary parts in the gradient checks; rfft, ihfft and their n-D forms take real inputs. Several sizes (n/s
padding and trimming, odd and even), dims and norms each."""
import numpy as np

import autograd_core as ag
import autograd_core.fft as F

from .spec import OpSpec

SWAP = {None: "forward", "ortho": "ortho", "forward": "backward"}


def _np_hfftn(x, s, dim, norm):
    """NumPy has only the 1-D hfft: the n-D one is irfftn of the conjugate with the norm's direction swapped."""
    return np.fft.irfftn(np.conj(x), s, dim, SWAP[norm])


def _np_ihfftn(x, s, dim, norm):
    return np.conj(np.fft.rfftn(x, s, dim, SWAP[norm]))


def _one_d(name, ref_name, cases, shape, complex):
    """One spec per (n, dim, norm) of a 1-D transform."""
    return [OpSpec(f"fft.{name}-n{n}-dim{dim}-{norm}" + ("" if complex else "-real"),
                   lambda x, n=n, dim=dim, norm=norm: getattr(F, name)(x, n, dim, norm),
                   lambda x, n=n, dim=dim, norm=norm: getattr(np.fft, ref_name)(x, n, dim, norm),
                   shapes=[(shape,)], complex=complex) for n, dim, norm in cases]


def _n_d(name, ref, cases, shape, complex):
    """One spec per (s, dim, norm) of an n-D transform (``ref``: NumPy's function of that name by default;
    NumPy wants the dims spelled out where s is given: the last len(s) ones, as torch's default)."""
    ref = ref or getattr(np.fft, name)
    return [OpSpec(f"fft.{name}-s{s}-dim{dim}-{norm}",
                   lambda x, s=s, dim=dim, norm=norm: getattr(F, name)(x, s, dim, norm),
                   lambda x, s=s, dim=dim, norm=norm: ref(x, s, tuple(range(-len(s), 0)) if dim is None and s else dim,
                                                          norm),
                   shapes=[(shape,)], complex=complex) for s, dim, norm in cases]


ONE_D = [(None, -1, None), (5, 0, "ortho"), (11, -1, "forward")]
HALF = [(None, -1, None), (7, -1, "ortho"), (4, 0, "forward"), (20, 1, None)]  # odd n, trimmed, padded
TWO_D = [(None, (-2, -1), None), ((4, 6), (0, 2), "ortho"), ((2, 5), (2, 1), "forward")]
N_D = [(None, None, None), ((4, 6), None, "ortho"), ((3, 2, 5), (2, 0, 1), "forward")]
C3 = (3, 4, 5)

SPECS = (
    _one_d("fft", "fft", ONE_D, (3, 8), True) + _one_d("ifft", "ifft", ONE_D, (3, 8), True)
    + _one_d("fft", "fft", ONE_D[1:], (3, 7), False)  # a real input gets the real part of its gradient
    + _one_d("rfft", "rfft", ONE_D + [(None, 0, "forward")], (3, 7), False)
    + _one_d("irfft", "irfft", HALF, (3, 5), True)
    + _one_d("hfft", "hfft", HALF[:2], (3, 5), True)
    + _one_d("ihfft", "ihfft", ONE_D, (3, 7), False)
    + _n_d("fft2", None, TWO_D, C3, True) + _n_d("ifft2", None, TWO_D[:2], C3, True)
    + _n_d("fftn", None, N_D, C3, True) + _n_d("ifftn", None, N_D[1:], C3, True)
    + _n_d("rfft2", None, TWO_D, C3, False) + _n_d("rfftn", None, N_D, C3, False)
    + _n_d("irfft2", None, TWO_D, C3, True) + _n_d("irfftn", None, N_D, C3, True)
    + _n_d("hfft2", _np_hfftn, TWO_D[:2], C3, True) + _n_d("hfftn", _np_hfftn, N_D[::2], C3, True)
    + _n_d("ihfft2", _np_ihfftn, TWO_D[:2], C3, False) + _n_d("ihfftn", _np_ihfftn, N_D[::2], C3, False)
    + [OpSpec(f"fft.{name}-{dim}", lambda x, name=name, dim=dim: getattr(F, name)(x, dim),
              lambda x, name=name, dim=dim: getattr(np.fft, name)(x, dim), shapes=[((3, 5),)], complex=True)
       for name in ("fftshift", "ifftshift") for dim in (None, 1, (0, 1))]
    + [OpSpec("fft.irfft-rfft-roundtrip", lambda x: F.irfft(F.rfft(x), 7), lambda x: x, shapes=[((3, 7),)])]
)


def _np_stft(x, w, n_fft, hop, center, onesided):
    """Frames of the (reflect-padded) signal times the window (zero-padded to n_fft), transformed."""
    left = (n_fft - w.size) // 2
    w = np.pad(w, (left, n_fft - w.size - left))
    if center:
        x = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(n_fft // 2, n_fft // 2)], mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(x, n_fft, axis=-1)[..., ::hop, :] * w
    return np.swapaxes((np.fft.rfft if onesided else np.fft.fft)(frames), -1, -2)


def _np_istft(spec, w, n_fft, hop, center):
    """Inverse transforms of the frames, windowed, overlap-added and divided by the summed squared window."""
    frames = np.fft.irfft(np.swapaxes(spec, -1, -2), n_fft) * w
    total = n_fft + hop * (frames.shape[-2] - 1)
    y, envelope = np.zeros(frames.shape[:-2] + (total,)), np.zeros(total)
    for t in range(frames.shape[-2]):
        y[..., t * hop:t * hop + n_fft] += frames[..., t, :]
        envelope[t * hop:t * hop + n_fft] += w * w
    start = n_fft // 2 if center else 0
    return (y / envelope)[..., start:total - start]


def _signal_and_window(shape, win_length, complex=False):
    def make(rng):
        x = rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if complex else 0)
        return [(x, rng.uniform(0.5, 1.5, win_length))]
    return make


STFT = [((2, 24), 8, 3, 8, True, True), ((19,), 8, 2, 6, False, True), ((2, 16), 6, 4, 6, True, False)]
ISTFT = [((2, 5, 7), 8, 2, True), ((4, 6), 6, 3, False)]

SPECS += (
    [OpSpec(f"fft.stft-{shape}-n_fft{n_fft}-hop{hop}-win{win}-center{center}-onesided{onesided}",
            lambda x, w, n_fft=n_fft, hop=hop, center=center, onesided=onesided: ag.stft(
                x, n_fft, hop, w.shape[0], w, center, onesided=onesided, return_complex=True),
            lambda x, w, n_fft=n_fft, hop=hop, center=center, onesided=onesided: _np_stft(
                x, w, n_fft, hop, center, onesided),
            make=_signal_and_window(shape, win)) for shape, n_fft, hop, win, center, onesided in STFT]
    + [OpSpec("fft.stft-complex", lambda x, w: ag.stft(x, 6, 2, window=w, return_complex=True),
              lambda x, w: _np_stft(x, w, 6, 2, True, False), make=_signal_and_window((15,), 6, True))]
    + [OpSpec(f"fft.istft-{shape}-n_fft{n_fft}-hop{hop}-center{center}",
              lambda z, w, n_fft=n_fft, hop=hop, center=center: ag.istft(z, n_fft, hop, window=w, center=center),
              lambda z, w, n_fft=n_fft, hop=hop, center=center: _np_istft(z, w, n_fft, hop, center),
              make=_signal_and_window(shape, n_fft, True),
              syncs="istft checks that the window overlap-add does not vanish, as torch's")
       for shape, n_fft, hop, center in ISTFT]
)
