"""ag.fft's argument errors against torch 2.13 (session 10): the same error classes as torch, messages naming
the op."""
import numpy as np
import pytest

import autograd_core as ag

X = np.arange(12.0).reshape(3, 4)

CALLS = [
    ("fft", lambda m, t: m.fft.fft(t, n=4.0), "argument 'n' must be int"),
    ("fft", lambda m, t: m.fft.fft(t, n=True), "argument 'n' must be int"),
    ("fft", lambda m, t: m.fft.fft(t, n=-1), r"invalid number of data points \(-1\)"),
    ("ifft", lambda m, t: m.fft.ifft(t, dim=1.0), "argument 'dim' must be int"),
    ("fft", lambda m, t: m.fft.fft(t, dim=None), "argument 'dim' must be int"),
    ("rfft", lambda m, t: m.fft.rfft(t, n=4.0), "argument 'n' must be int"),
    ("irfft", lambda m, t: m.fft.irfft(t, n=4.0), "argument 'n' must be int"),
    ("hfft", lambda m, t: m.fft.hfft(t, n=4.0), "argument 'n' must be int"),
    ("ihfft", lambda m, t: m.fft.ihfft(t, n=4.0), "argument 'n' must be int"),
    ("fft2", lambda m, t: m.fft.fft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("ifft2", lambda m, t: m.fft.ifft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("rfft2", lambda m, t: m.fft.rfft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("irfft2", lambda m, t: m.fft.irfft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("hfft2", lambda m, t: m.fft.hfft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("ihfft2", lambda m, t: m.fft.ihfft2(t, dim=None), "argument 'dim' must be a tuple of ints"),
    ("fft2", lambda m, t: m.fft.fft2(t, s=(4.0, 4)), "argument 's' must be a tuple of ints"),
    ("fftn", lambda m, t: m.fft.fftn(t, dim=(0.0,)), "argument 'dim' must be a tuple of ints"),
    ("fftshift", lambda m, t: m.fft.fftshift(t, dim=1.0), "argument 'dim' must be a tuple of ints"),
    ("fftfreq", lambda m, t: m.fft.fftfreq(4.0), "argument 'n' must be int"),
    ("fftfreq", lambda m, t: m.fft.fftfreq(-1), "n must be non-negative"),
    ("fftfreq", lambda m, t: m.fft.fftfreq(4, dtype=m.int64), "requires a floating point or complex dtype"),
    ("rfftfreq", lambda m, t: m.fft.rfftfreq(4, dtype=m.bool), "requires a floating point or complex dtype"),
    ("fftfreq", lambda m, t: m.fft.fftfreq(4, dtype=m.complex64), "a complex dtype"),
]


@pytest.mark.parametrize("op,call,message", CALLS)
def test_error_class_matches_torch_and_names_the_op(op, call, message):
    torch = pytest.importorskip("torch")
    with pytest.raises(Exception) as theirs:
        call(torch, torch.tensor(X))
    with pytest.raises(theirs.type, match=f"{op}: {message}|{op} {message}"):
        call(ag, ag.tensor(X))


@pytest.mark.parametrize("call", [lambda m, t: m.fft.fft(t, n=np.int64(6), dim=np.int64(0)),
                                  lambda m, t: m.fft.fft(t, n=m.tensor(5)), lambda m, t: m.fft.fftn(t, s=4),
                                  lambda m, t: m.fft.fft2(t, dim=[1, 0]), lambda m, t: m.fft.fftn(t, s=(-1, 3)),
                                  lambda m, t: m.fft.fftshift(t, dim=[0]), lambda m, t: m.fft.rfftfreq(m.tensor(5))])
def test_integer_kinds_torch_accepts(call):
    torch = pytest.importorskip("torch")
    theirs, ours = call(torch, torch.tensor(X)), call(ag, ag.tensor(X))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, atol=1e-12)
