"""ag.fft against torch.fft: values, dtypes, gradients in PyTorch's complex convention, and errors."""
import contextlib

import numpy as np
import pytest

import autograd_core as ag
from autograd_core.ops.complex_parts import real
from torch_parity import compare_complex

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 6))
Z = X + 1j * RNG.standard_normal((3, 6))
Z3 = RNG.standard_normal((3, 4, 5)) + 1j * RNG.standard_normal((3, 4, 5))


def _numpy(t):
    return t.detach().resolve_conj().numpy()


def _parity(name, a, *args, **kw):
    """Values and the input gradient of ``ag.fft.<name>`` against ``torch.fft.<name>``."""
    torch = pytest.importorskip("torch")
    compare_complex(lambda x: getattr(ag.fft, name)(x, *args, **kw), lambda t: getattr(torch.fft, name)(t, *args, **kw),
                    [a])


ONE_D = [(), (4,), (9, 0), (None, -1, "ortho"), (11, 1, "forward"), (3, 0, "backward")]


@pytest.mark.parametrize("args", ONE_D)
@pytest.mark.parametrize("name", ["fft", "ifft", "irfft", "hfft"])
def test_complex_input_1d(name, args):
    _parity(name, Z, *args)


@pytest.mark.parametrize("args", ONE_D)
@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "ihfft", "irfft", "hfft"])
def test_real_input_1d(name, args):
    _parity(name, X, *args)


N_D = [(), ((4, 6),), ((2, -1), (0, 2)), (None, (2, 0), "ortho"), ((3, 4, 7), None, "forward")]


@pytest.mark.parametrize("args", N_D)
@pytest.mark.parametrize("name", ["fftn", "ifftn", "irfftn", "hfftn"])
def test_complex_input_nd(name, args):
    _parity(name, Z3, *args)


@pytest.mark.parametrize("args", N_D)
@pytest.mark.parametrize("name", ["fftn", "rfftn", "ihfftn"])
def test_real_input_nd(name, args):
    _parity(name, Z3.real.copy(), *args)


@pytest.mark.parametrize("name", ["fft2", "ifft2", "irfft2", "hfft2", "rfft2", "ihfft2"])
def test_2d(name):
    a = Z3.real.copy() if name in ("rfft2", "ihfft2") else Z3
    _parity(name, a)
    _parity(name, a, (5, 3), (0, 2), "ortho")


def test_fftn_over_no_dims_is_the_input_as_complex():
    _parity("fftn", Z3, None, ())
    _parity("fftn", Z3.real.copy(), None, ())


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 2)])
def test_shifts(name, dim):
    _parity(name, Z3, dim)
    _parity(name, Z3.real.copy(), dim=dim)


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
def test_shifts_refuse_no_dims_as_torch(name):
    """A 0-d input or dim=() has nothing to roll: torch raises (the result was the input itself, an alias)."""
    for x, dim in ((ag.tensor(1.0), None), (ag.tensor(X), ())):
        with pytest.raises(RuntimeError, match=f"{name}: expected at least one dim to shift"):
            getattr(ag.fft, name)(x, dim)


def test_dtypes_follow_torch():
    torch = pytest.importorskip("torch")
    for dtype in (np.float32, np.float64, np.complex64, np.complex128, np.int64, np.bool_):
        a = (Z if np.dtype(dtype).kind == "c" else X > 0 if dtype is np.bool_ else X).astype(dtype)
        for name in ("fft", "ifft", "irfft", "hfft") + (() if np.dtype(dtype).kind == "c" else ("rfft", "ihfft")):
            ours, theirs = getattr(ag.fft, name)(ag.tensor(a)), getattr(torch.fft, name)(torch.tensor(a))
            assert str(ours.dtype) == str(theirs.dtype).replace("torch.", ""), (name, dtype)
            np.testing.assert_allclose(ours.numpy(), _numpy(theirs), rtol=1e-5, atol=1e-5)


def test_complex64_gradients_stay_single_precision():
    x = ag.tensor(Z.astype(np.complex64), requires_grad=True)
    real(ag.fft.irfft(ag.fft.fft(x))).sum().backward()
    assert x.grad.dtype == np.complex64


def test_double_backward_matches_torch():
    """The gradient of a gradient-based penalty through rfft and irfft."""
    torch = pytest.importorskip("torch")
    x, tx = ag.tensor(X, requires_grad=True), torch.tensor(X, requires_grad=True)

    def penalty(fft, x):
        y = fft.irfft(fft.rfft(x) * fft.rfft(x), 9, norm="ortho")
        return (y * y).sum()
    g, = ag.grad(penalty(ag.fft, x), x, create_graph=True)
    tg, = torch.autograd.grad(penalty(torch.fft, tx), tx, create_graph=True)
    (g * g).sum().backward()
    (tg * tg).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
def test_frequencies(name):
    torch = pytest.importorskip("torch")
    for n, d in ((5, 1.0), (8, 0.25), (1, 2.0), (0, 1.0)):
        ours, theirs = getattr(ag.fft, name)(n, d), getattr(torch.fft, name)(n, d)
        assert ours.dtype == np.float32 and ours.shape == tuple(theirs.shape)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)  # rfftfreq(0): [nan], as torch
    out = getattr(ag.fft, name)(4, dtype=ag.float64, requires_grad=True)
    assert out.dtype == np.float64 and out.requires_grad and out.is_leaf
    with pytest.raises(RuntimeError, match=f"{name} requires a floating point or complex dtype"):  # as torch
        getattr(ag.fft, name)(4, dtype=ag.int64)
    with pytest.raises(RuntimeError, match=f"{name}: n must be non-negative"):
        getattr(ag.fft, name)(-1)


@pytest.mark.parametrize("call, error, message", [
    (lambda: ag.fft.fft(ag.tensor(X), norm="foo"), RuntimeError, 'fft: invalid normalization mode "foo"'),
    (lambda: ag.fft.ifft(ag.tensor(X), n=0), RuntimeError, r"ifft: invalid number of data points \(0\)"),
    (lambda: ag.fft.irfft(ag.tensor(Z[:, :1])), RuntimeError, r"irfft: invalid number of data points \(0\)"),
    (lambda: ag.fft.fft(ag.tensor(X), dim=2), IndexError, "fft: dimension 2 is out of range"),
    (lambda: ag.fft.fft(ag.tensor(1.0)), IndexError, "fft: dimension -1 is out of range"),
    (lambda: ag.fft.fftn(ag.tensor(X), dim=(0, -2)), RuntimeError, "fftn: dim 0 appears multiple times in the list of dims"),
    (lambda: ag.fft.fftn(ag.tensor(X), s=(2,), dim=(0, 1)), RuntimeError, "fftn: when given, dim and s must"),
    (lambda: ag.fft.rfftn(ag.tensor(X), s=(2, 3, 4)), RuntimeError, "rfftn: got s with 3 values"),
    (lambda: ag.fft.rfft(ag.tensor(Z)), RuntimeError, "rfft expects a real input tensor, but got complex128"),
    (lambda: ag.fft.ihfft2(ag.tensor(Z)), RuntimeError, "ihfft2 expects a real input tensor"),
    (lambda: ag.fft.fft(ag.tensor(X, dtype=ag.float16)), RuntimeError, "fft: unsupported dtype float16"),
    (lambda: ag.fft.irfftn(ag.tensor(Z), dim=()), RuntimeError, "irfftn must transform at least one dim"),
    (lambda: ag.fft.rfftn(ag.tensor(X), dim=()), RuntimeError, "rfftn must transform at least one dim"),
])
def test_errors_name_the_op(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fft_is_a_namespace_module():
    import autograd_core.fft
    assert ag.fft is autograd_core.fft and "rfft" in ag.fft.__all__


# -- stft / istft -------------------------------------------------------------------------------------------
SIGNAL = RNG.standard_normal((2, 40))
STFT_CASES = [dict(n_fft=8), dict(n_fft=8, hop_length=3, center=False), dict(n_fft=10, win_length=7, normalized=True),
              dict(n_fft=9, hop_length=2, pad_mode="constant", onesided=False), dict(n_fft=8, pad_mode="replicate"),
              dict(n_fft=8, win_length=5, center=False, align_to_window=True), dict(n_fft=8, pad_mode="circular")]


@pytest.mark.parametrize("kw", STFT_CASES)
@pytest.mark.parametrize("batched", [True, False])
def test_stft_matches_torch_in_the_signal_and_the_window(kw, batched):
    torch = pytest.importorskip("torch")
    window = np.random.default_rng(2).uniform(0.5, 1.5, kw.get("win_length", kw["n_fft"]))
    compare_complex(lambda s, w: ag.stft(s, window=w, return_complex=True, **kw),
                    lambda s, w: torch.stft(s, window=w, return_complex=True, **kw),
                    [SIGNAL if batched else SIGNAL[0], window])


def test_stft_of_a_complex_signal_is_two_sided():
    torch = pytest.importorskip("torch")
    z = SIGNAL + 1j * RNG.standard_normal(SIGNAL.shape)
    compare_complex(lambda s, w: ag.stft(s, 8, window=w), lambda s, w: torch.stft(s, 8, window=w, return_complex=True),
                    [z, np.hanning(8)])


def test_complex_windows_match_torch():
    """A complex window makes stft two-sided and istft's output complex; gradients in the window too."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    window = rng.uniform(0.5, 1.5, 6) + 1j * rng.uniform(0.5, 1.5, 6)
    compare_complex(lambda s, w: ag.stft(s, 8, 3, 6, window=w, return_complex=True),
                    lambda s, w: torch.stft(s, 8, 3, 6, window=w, return_complex=True), [SIGNAL, window])
    spec = rng.standard_normal((2, 8, 9)) + 1j * rng.standard_normal((2, 8, 9))
    compare_complex(lambda z, w: ag.istft(z, 8, 2, 6, window=w, return_complex=True),
                    lambda z, w: torch.istft(z, 8, 2, 6, window=w, return_complex=True), [spec, window])


ISTFT_CASES = [dict(n_fft=8), dict(n_fft=8, hop_length=3, center=False), dict(n_fft=10, win_length=7, normalized=True),
               dict(n_fft=8, length=30), dict(n_fft=8, length=50), dict(n_fft=9, hop_length=2, onesided=False)]


@pytest.mark.parametrize("kw", ISTFT_CASES)
@pytest.mark.parametrize("batched", [True, False])
def test_istft_matches_torch_in_the_spectrogram_and_the_window(kw, batched):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    n_fft = kw["n_fft"]
    window = rng.uniform(0.5, 1.5, kw.get("win_length", n_fft))
    stft_kw = {k: v for k, v in kw.items() if k not in ("length",)}
    spec = torch.stft(torch.tensor(SIGNAL), window=torch.tensor(window), return_complex=True, **stft_kw).numpy()
    spec = spec + 0.1 * (rng.standard_normal(spec.shape) + 1j * rng.standard_normal(spec.shape))
    spec = spec if batched else spec[0]
    with pytest.warns(UserWarning, match="padded with zeros") if kw.get("length") == 50 else contextlib.nullcontext():
        compare_complex(lambda z, w: ag.istft(z, window=w, **kw), lambda z, w: torch.istft(z, window=w, **kw),
                        [spec, window])
    if kw.get("onesided") is False:
        compare_complex(lambda z, w: ag.istft(z, window=w, return_complex=True, **kw),
                        lambda z, w: torch.istft(z, window=w, return_complex=True, **kw), [spec, window])


def test_istft_inverts_stft_and_the_methods_are_bound():
    x = ag.tensor(SIGNAL, requires_grad=True)
    window = ag.hann_window(16, dtype=ag.float64)
    back = x.stft(16, 4, window=window, return_complex=True).istft(16, 4, window=window, length=40)
    np.testing.assert_allclose(back.detach().numpy(), SIGNAL, atol=1e-12)
    back.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.ones_like(SIGNAL), atol=1e-12)


def test_a_missing_window_is_rectangular_with_torch_s_warning():
    with pytest.warns(UserWarning, match="stft: a window was not provided"):
        out = ag.stft(ag.tensor(SIGNAL), 8, return_complex=True)
    with pytest.warns(UserWarning, match="istft: a window was not provided"):
        ag.istft(out, 8)


@pytest.mark.parametrize("call, message", [
    (lambda x, w: ag.stft(x, 8, window=w), "stft requires the return_complex parameter be given for real inputs"),
    (lambda x, w: ag.stft(x, 8, window=w, return_complex=False), "return_complex=False .* is not supported"),
    (lambda x, w: ag.stft(x.reshape(1, 2, 20), 8, window=w, return_complex=True), "expected a 1D or 2D tensor"),
    (lambda x, w: ag.stft(x.long(), 8, window=w, return_complex=True), "floating point or complex values, got int64"),
    (lambda x, w: ag.stft(x, 0, return_complex=True), "expected n_fft > 0"),
    (lambda x, w: ag.stft(x, 30, window=ag.ones(30), center=False, return_complex=True), r"0 < n_fft <= 20"),
    (lambda x, w: ag.stft(x, 8, 0, window=w, return_complex=True), "expected hop_length > 0"),
    (lambda x, w: ag.stft(x, 8, win_length=9, return_complex=True), "0 < win_length <= n_fft=8"),
    (lambda x, w: ag.stft(x, 8, window=ag.ones(5), return_complex=True), "size equal to win_length=8"),
    (lambda x, w: ag.stft(x, 8, window=w, align_to_window=True, return_complex=True), "only be set when center=False"),
    (lambda x, w: ag.stft(x * 1j, 8, window=w, onesided=True), "cannot have onesided output"),
    (lambda x, w: ag.istft(x, 8, window=w), "istft requires a complex-valued input"),
    (lambda x, w: ag.istft(ag.stft(x, 8, window=w, return_complex=True), 10, window=ag.ones(10)),
     "expected the frequency dimension .* to have size 6"),
    (lambda x, w: ag.istft(ag.stft(x, 8, window=w, return_complex=True), 8, window=w, return_complex=True),
     "cannot have onesided output"),
    (lambda x, w: ag.istft(ag.stft(x, 8, 8, window=w, return_complex=True), 8, 8, window=ag.hann_window(8),
                           center=False), "window overlap-add is zero"),
    (lambda x, w: ag.istft(ag.tensor(np.zeros((5, 0), complex)), 8, window=w), "istft: input tensor cannot be empty"),
    (lambda x, w: ag.istft(ag.tensor(np.ones((5, 1), complex)), 8, 9, window=ag.ones(8)),
     "istft: expected 0 < hop_length <= win_length=8, got hop_length=9"),
])
def test_stft_errors_name_the_op(call, message):
    with pytest.raises(RuntimeError, match=message):
        call(ag.tensor(SIGNAL[:, :20]), ag.hann_window(8, dtype=ag.float64))
