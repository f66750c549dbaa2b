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


def test_chunk_refuses_a_0d_tensor_and_a_non_int_chunks():
    with pytest.raises(ValueError, match="chunk: expects a tensor of at least 1 dimension"):
        ag.chunk(ag.tensor(1.0), 2)
    with pytest.raises(TypeError, match="chunk: chunks must be an int, got 2.0"):
        ag.chunk(ag.zeros(4), 2.0)


@pytest.mark.parametrize("shape, dims", [((), (0, -1)), ((2, 3), (0, 0)), ((2, 3), (1, -1))])
def test_flip_refuses_a_repeated_dim(shape, dims):
    """As PyTorch (NumPy's 'repeated axis' named no op; a 0-d tensor passed)."""
    with pytest.raises(RuntimeError, match=r"flip: dim \d appears multiple times in the list of dims"):
        ag.flip(ag.zeros(*shape), dims)


def test_split_size_zero_of_a_size_zero_dim():
    """PyTorch allows split_size 0 where the dim has size 0 (one empty piece) and refuses it elsewhere."""
    pieces = ag.split(ag.zeros(2, 0), 0, 1)
    assert [p.shape for p in pieces] == [(2, 0)]
    with pytest.raises(ValueError, match="split: split_size must be positive \\(or 0 for a size-0 dim\\), got 0"):
        ag.split(ag.zeros(4), 0)
