"""Complex random draws are pairs of real draws (one helper for rand, randn, uniform_ and normal_), and one
dtype check refuses integer and bool draws for rand, randn, the in-place fills and nn.init."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn


def _pairs(seed, shape):
    """NumPy's own float64 draws of PCG64(seed), two per element, as complex128."""
    u = np.random.Generator(np.random.PCG64(seed)).random(shape + (2,))
    return u[..., 0] + 1j * u[..., 1]


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_rand_reads_float64_pairs_as_real_and_imaginary_parts(dtype):
    ag.manual_seed(11)
    out = ag.rand(3, 4, dtype=dtype)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out.numpy(), _pairs(11, (3, 4)).astype(dtype))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_uniform_fill_scales_and_shifts_both_parts(dtype):
    ag.manual_seed(4)
    out = ag.zeros(5, dtype=dtype).uniform_(-2.0, 3.0).numpy()
    u = _pairs(4, (5,))
    np.testing.assert_array_equal(out.real, (u.real * 5.0 - 2.0).astype(out.real.dtype))
    np.testing.assert_array_equal(out.imag, (u.imag * 5.0 - 2.0).astype(out.imag.dtype))


def test_complex_randn_parts_are_scaled_pairs_of_normal_draws():
    ag.manual_seed(8)
    out = ag.randn(6, dtype=np.complex128).numpy()
    z = np.random.Generator(np.random.PCG64(8)).standard_normal((6, 2)) * 0.5 ** 0.5
    np.testing.assert_array_equal(np.stack([out.real, out.imag], -1), z)


@pytest.mark.parametrize("draw", [lambda dt: ag.rand(2, dtype=dt), lambda dt: ag.randn(2, dtype=dt)])
def test_rand_and_randn_name_themselves_and_the_dtype(draw):
    with pytest.raises(TypeError, match=r"^randn?: expects a floating point or complex dtype, got int32"):
        draw(np.int32)


@pytest.mark.parametrize("fill", ["uniform_", "normal_"])
def test_fills_and_init_refuse_integer_tensors_with_one_message(fill):
    with pytest.raises(TypeError, match=f"^{fill}: expects a floating point tensor, got dtype bool"):
        getattr(ag.zeros(2, dtype=np.bool_), fill)()
    with pytest.raises(TypeError, match="^trunc_normal_: expects a floating point tensor, got dtype int16"):
        nn.init.trunc_normal_(ag.zeros(2, dtype=np.int16))
