"""Session 11's mends: shared argument helpers, one complex normal draw, softmax's dtype check, the zeta
series, instrumented calls, unpack_dual, ctx_function's saved tensors and nn.init's complex refusals."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.ops._util import is_int


@pytest.mark.parametrize("value, expected", [(3, True), (np.int64(3), True), (ag.tensor(3), True),
                                             (True, False), (np.True_, False), (3.0, False), ("3", False)])
def test_is_int(value, expected):
    assert is_int(value) is expected


@pytest.mark.parametrize("call", [
    lambda v: ag.hann_window(v), lambda v: ag.fft.fft(ag.ones(4), n=v), lambda v: ag.cov(ag.ones(2, 4), correction=v),
    lambda v: ag.multinomial(ag.ones(4), v)])
def test_int_arguments_refuse_bools_and_floats(call):
    for bad in (True, 2.0):
        with pytest.raises(TypeError, match="int"):
            call(bad)
    call(np.int64(2))


def test_int_arguments_take_integer_tensors_as_torch():
    torch = pytest.importorskip("torch")
    assert ag.hann_window(ag.tensor(5)).shape == tuple(torch.hann_window(torch.tensor(5)).shape)
    np.testing.assert_allclose(ag.hann_window(np.int64(5)).numpy(), torch.hann_window(np.int64(5)).numpy(), atol=1e-6)


def test_thread_counts_take_numpy_ints_and_refuse_bools():
    before = ag.get_num_interop_threads()
    try:
        ag.set_num_interop_threads(np.int64(2))
        assert ag.get_num_interop_threads() == 2 and type(ag.get_num_interop_threads()) is int
        with pytest.raises(ValueError, match="positive integer"):
            ag.set_num_interop_threads(True)
    finally:
        ag.set_num_interop_threads(before)


@pytest.mark.parametrize("draw", [
    lambda: ag.randn(200_000, dtype=np.complex64),
    lambda: ag.normal(ag.zeros(200_000, dtype=np.complex64), 1.0),
    lambda: nn.init.normal_(ag.empty(200_000, dtype=np.complex64))])
def test_complex_normal_draws_have_parts_of_variance_one_half(draw):
    ag.manual_seed(0)
    z = draw().numpy()
    assert z.dtype == np.complex64
    np.testing.assert_allclose([z.real.var(), z.imag.var(), np.mean(abs(z) ** 2)], [0.5, 0.5, 1.0], rtol=0.02)


def test_init_normal_adds_the_mean_to_both_parts_as_torch():
    z = nn.init.normal_(ag.empty(200_000, dtype=np.complex128), mean=3.0, std=2.0).numpy()
    np.testing.assert_allclose([z.real.mean(), z.imag.mean(), z.real.std(), z.imag.std()],
                               [3.0, 3.0, 2 ** 0.5, 2 ** 0.5], rtol=0.02)


def test_init_normal_of_a_real_tensor_is_the_generators_normal():
    ag.manual_seed(3)
    ours = nn.init.normal_(ag.empty(5, dtype=np.float64), mean=1.0, std=2.0).numpy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(ours, ag.random.get_rng().normal(1.0, 2.0, size=5))
