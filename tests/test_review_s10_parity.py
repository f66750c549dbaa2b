"""Review of the s10 parity work: the cases it missed (addcmul's result dtype, non-Python float scales,
chunk's and flip's argument checks)."""
import numpy as np
import pytest

import autograd_core as ag

M = np.array([[1, 2], [3, 4]])


def test_addcmul_float_value_with_a_float_input_and_integer_tensors():
    """The result is float (the input's dtype), so a float value is no truncation: PyTorch computes it."""
    out = ag.addcmul(ag.tensor(M * 1.0), ag.tensor(M), ag.tensor(M), value=0.5)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.numpy(), M + 0.5 * M * M)


@pytest.mark.parametrize("scale", [np.float32(0.5), 2 + 0j, np.complex64(1)], ids=repr)
def test_non_int_scales_of_integer_tensors_are_refused(scale):
    """NumPy floats and complex numbers too (they gave a float or complex result)."""
    with pytest.raises(TypeError, match="addmm: for integer tensors \\(int64\\), beta must not be a float"):
        ag.addmm(ag.tensor(M), ag.tensor(M), ag.tensor(M), beta=scale)
    with pytest.raises(TypeError, match="addcmul: for integer tensors \\(int64\\), value must not be a float"):
        ag.addcmul(ag.tensor(M), ag.tensor(M), ag.tensor(M), value=scale)
