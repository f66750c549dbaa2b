"""Review of session 10's special functions and fft arguments against torch 2.13: the Hurwitz zeta at a q just
below a non-positive integer, fft's norm of a non-str type, fftfreq's complex spacing."""
import numpy as np
import pytest

import autograd_core as ag


@pytest.mark.parametrize("x,q", [(2.0, -1e-9), (3.0, -1e-9), (4.0, -3.0 - 1e-10), (2.0, -7.999999)])
def test_zeta_just_below_a_non_positive_integer_keeps_its_precision(x, q):
    """1 - frac(q) was computed from the rounded frac(q): off by 6e-8 of the value at q = -1e-9."""
    torch = pytest.importorskip("torch")
    theirs = torch.special.zeta(torch.tensor(x, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)).item()
    ours = ag.special.zeta(ag.tensor(x, dtype=ag.float64), ag.tensor(q, dtype=ag.float64)).item()
    assert ours == pytest.approx(theirs, rel=1e-13)


@pytest.mark.parametrize("op", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "rfftn", "hfftn"])
@pytest.mark.parametrize("norm", [1, 0.5, ("ortho",)])
def test_fft_norm_of_another_type_is_a_type_error(op, norm):
    torch = pytest.importorskip("torch")
    x = np.arange(12.0).reshape(3, 4)
    with pytest.raises(TypeError):
        getattr(torch.fft, op)(torch.tensor(x), norm=norm)
    with pytest.raises(TypeError, match=f"{op}: argument 'norm' must be str"):
        getattr(ag.fft, op)(ag.tensor(x), norm=norm)


@pytest.mark.parametrize("op", ["fftfreq", "rfftfreq"])
def test_fftfreq_refuses_a_complex_spacing(op):
    """It dropped the imaginary part of 1 / (n d); torch's d must be a real number."""
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        getattr(torch.fft, op)(4, 1j)
    with pytest.raises(TypeError, match=f"{op}: argument 'd' must be a real number"):
        getattr(ag.fft, op)(4, 1j)
    np.testing.assert_allclose(getattr(ag.fft, op)(4, ag.tensor(2.0)).numpy(), getattr(torch.fft, op)(4, 2.0).numpy())
