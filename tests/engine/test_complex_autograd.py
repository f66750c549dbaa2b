"""The engine's complex autograd (complex_autograd.py): PyTorch's convention, refusals, real parts."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.grad_mode import _mode
from autograd_core.ops.complex_parts import complex, conj, imag, real


class _Unmarked(ag.Function):
    """An op that says nothing about complex gradients."""

    def forward(self, x):
        return x * 2

    def backward(self, gy):
        return gy * 2


class _Square(ag.Function):
    complex_autograd = "holomorphic"

    def forward(self, x):
        self.save_for_backward(x)
        return x * x

    def backward(self, gy):
        x, = self.saved_tensors
        return gy * 2 * x


def _z(shape=(3,), seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def test_an_op_without_a_complex_backward_refuses_complex_inputs():
    z = ag.tensor(_z(), requires_grad=True)
    with pytest.raises(NotImplementedError, match="Unmarked: autograd through complex tensors"):
        _Unmarked()(z)


def test_an_unmarked_op_refuses_a_complex_output_made_from_real_inputs():
    class _MakesComplex(_Unmarked):
        def forward(self, x):
            return x * 1j
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="MakesComplex"):
        _MakesComplex()(x)


def test_unmarked_ops_still_run_on_complex_tensors_that_need_no_grad():
    out = _Unmarked()(ag.tensor(_z()))
    np.testing.assert_allclose(out.numpy(), 2 * _z())


def test_a_complex_leaf_turns_on_the_checked_path_and_real_work_stays_on_the_hot_path():
    ag.tensor([1.0], requires_grad=True) * 2
    assert not _mode.complex
    ag.tensor(_z(), requires_grad=True)
    assert _mode.complex and _mode.instrumented


def test_holomorphic_backward_is_conjugated_by_the_engine():
    zn = _z()
    z = ag.tensor(zn, requires_grad=True)
    real(_Square()(z)).sum().backward()
    # L = sum Re(z^2) = sum x^2 - y^2: dL/dx + i dL/dy = 2x - 2iy = 2 conj(z)
    np.testing.assert_allclose(z.grad.numpy(), 2 * np.conj(zn))
    assert ag.gradcheck(lambda z: _Square()(z), [ag.tensor(zn, requires_grad=True)])
    assert ag.gradgradcheck(lambda z: _Square()(z), [ag.tensor(zn, requires_grad=True)])


def test_a_real_input_gets_the_real_part_of_its_gradient():
    x = ag.tensor([1.0, -2.0], dtype=ag.float64, requires_grad=True)
    y = ag.tensor([0.5 + 2j, 3 - 1j], requires_grad=True)
    out = imag(_Square()(complex(x, x * 0) + y))
    out.sum().backward()
    assert x.grad.dtype == np.float64
    # Im((x + y)^2) = 2 Re(x + y) Im(x + y) + ...: d/dx = 2 Im(x + y)
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.array([2.0, -1.0]))


def test_real_imag_conj_complex_gradients():
    a = ag.tensor(np.random.default_rng(1).standard_normal(4), requires_grad=True)
    b = ag.tensor(np.random.default_rng(2).standard_normal(4), requires_grad=True)
    assert ag.gradcheck(complex, [a, b]) and ag.gradgradcheck(lambda a, b: _Square()(complex(a, b)), [a, b])
    z = ag.tensor(_z(), requires_grad=True)
    for f in (real, imag, conj):
        assert ag.gradcheck(lambda z: _Square()(f(z)), [z])
        assert ag.gradgradcheck(lambda z: _Square()(f(z)), [z])


def test_gradcheck_catches_a_missing_conjugate():
    class _Wrong(_Square):
        complex_autograd = "ready"  # claims the convention but forgets conj(f'(z))
    z = ag.tensor(_z(), requires_grad=True)
    with pytest.raises(ag.GradcheckError if hasattr(ag, "GradcheckError") else AssertionError):
        ag.gradcheck(lambda z: _Wrong()(z), [z])


def test_backward_of_a_complex_output_needs_a_gradient():
    z = ag.tensor(np.array(1 + 2j), requires_grad=True)
    with pytest.raises(RuntimeError, match="real scalar outputs"):
        conj(z).backward()


def test_real_and_conj_of_a_real_tensor_are_the_tensor_and_imag_refuses():
    x = ag.tensor([1.0, 2.0])
    assert real(x) is x and conj(x) is x
    with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex dtypes"):
        imag(x)


def test_complex_refuses_mismatched_dtypes():
    with pytest.raises(TypeError, match="float32 or float64 tensors of one dtype"):
        complex(ag.tensor([1.0], dtype=ag.float32), ag.tensor([1.0], dtype=ag.float64))
    out = complex(ag.tensor([1.0], dtype=ag.float32), ag.tensor([2.0], dtype=ag.float32))
    assert out.dtype == np.complex64


def test_the_test_fixture_turns_complex_mode_off_between_tests():
    assert not _mode.complex and not _mode.instrumented


@pytest.mark.parametrize("out_dtype, grad_dtype", [(np.float32, np.complex64), (np.complex64, np.float32),
                                                   (np.float64, np.complex128)])
@pytest.mark.parametrize("create_graph", [False, True])
def test_a_gradient_whose_complexness_differs_from_the_outputs_is_refused_as_by_torch(out_dtype, grad_dtype,
                                                                                      create_graph):
    x = ag.tensor(np.array([1.0, 2.0], dtype=out_dtype), requires_grad=True)
    y = x * 2
    g = ag.tensor(np.array([1.0, 2.0], dtype=grad_dtype))
    with pytest.raises(RuntimeError, match="backward.*both grad_output and output are required to have the same"):
        y.backward(g, create_graph=create_graph)
    with pytest.raises(RuntimeError, match="grad.*both grad_output and output are required to have the same"):
        ag.autograd.grad(y.sum(), x, grad_outputs=ag.tensor(np.array(1, dtype=grad_dtype)))


def test_a_gradient_of_another_complex_precision_is_cast_as_by_torch():
    z = ag.tensor(np.array([1 + 1j, 2.0], dtype=np.complex64), requires_grad=True)
    (z * 2).backward(ag.tensor(np.array([1j, 1.0], dtype=np.complex128)))
    assert z.grad.dtype == np.complex64
    np.testing.assert_allclose(z.grad.numpy(), [2j, 2.0])



def test_a_hook_that_makes_a_real_gradient_complex_or_a_complex_one_real_is_refused_as_by_torch():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    x.register_hook(lambda g: g * (1 + 1j))
    with pytest.raises(RuntimeError, match="hook .* has changed the type of value"):
        (x * x).sum().backward()
    y = ag.tensor([1.0, 2.0], requires_grad=True) * 2
    y.register_hook(lambda g: g * 1j)
    with pytest.raises(RuntimeError, match="hook .* has changed the type of value"):
        (y * y).sum().backward()
    z = ag.tensor([1 + 1j, 2.0], requires_grad=True)
    w = z * 2
    w.register_hook(lambda g: real(g))
    with pytest.raises(RuntimeError, match="hook .* has changed the type of value"):
        w.abs().sum().backward()


def test_a_node_hook_that_makes_a_real_gradient_complex_is_refused_as_by_torch():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.grad_fn.register_prehook(lambda gys: (gys[0] * 1j,))
    with pytest.raises(RuntimeError, match="hook .* has changed the type of value"):
        y.sum().backward()
    y = x * 2
    y.grad_fn.register_hook(lambda gxs, gys: (gxs[0] * 1j,))
    with pytest.raises(RuntimeError, match="hook .* has changed the type of value"):
        y.sum().backward()


class _UnmarkedToReal(ag.Function):
    """An op with no complex backward whose output is real (|x|^2) even for a complex input."""

    def forward(self, x):
        return (x * x.conj()).real

    def backward(self, gy):
        return gy * 2


def _mode_off():
    """As in a fresh process, where complex autograd is still off."""
    _mode.complex = False
    _mode.refresh()


def test_an_unmarked_op_with_a_real_output_refuses_a_complex_input():
    with pytest.raises(NotImplementedError, match="UnmarkedToReal"):
        _UnmarkedToReal()(ag.tensor(_z(), requires_grad=True))


def test_an_unpickled_complex_leaf_that_requires_grad_turns_on_the_checked_path():
    import pickle
    blob = pickle.dumps(ag.tensor(_z(), requires_grad=True))
    _mode_off()
    z = pickle.loads(blob)
    with pytest.raises(NotImplementedError, match="UnmarkedToReal"):
        _UnmarkedToReal()(z)


def test_complex_data_set_on_a_leaf_that_requires_grad_turns_on_the_checked_path():
    x = ag.tensor([1.0, 2.0, 3.0], dtype=ag.float64, requires_grad=True)
    x.data = ag.tensor(_z())
    with pytest.raises(NotImplementedError, match="UnmarkedToReal"):
        _UnmarkedToReal()(x)


def test_a_module_cast_to_complex_turns_on_the_checked_path():
    from autograd_core import nn
    lin = nn.Linear(3, 2).to(ag.complex64)
    assert lin.weight.dtype == np.complex64 and lin.weight.requires_grad
    with pytest.raises(NotImplementedError, match="UnmarkedToReal"):
        _UnmarkedToReal()(lin.weight)


def _unpickled(array):
    """``array`` through pickle: NumPy gives it an equal dtype object that is not the canonical one (as an array
    from a DataLoader worker), and every array computed from it inherits that object."""
    import pickle
    out = pickle.loads(pickle.dumps(array))
    assert out.dtype == array.dtype and out.dtype is not np.dtype(array.dtype.type)
    return out


def test_complex_arrays_with_a_non_canonical_dtype_object_get_torchs_gradients():
    zn = _z()
    z = ag.tensor(_unpickled(zn), requires_grad=True)
    (z * z).abs().sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), 2 * zn)  # |z^2| = x^2 + y^2
    assert real(ag.tensor(_unpickled(zn))).dtype == np.float64
    with pytest.raises(NotImplementedError, match="UnmarkedToReal"):
        _UnmarkedToReal()(ag.tensor(_unpickled(zn), requires_grad=True))


def test_autograd_functional_jacobian_and_hessian_refuse_complex_outputs_as_torch():
    functional = ag.autograd.functional
    x = ag.tensor([0.5, 2.0], dtype=ag.float64)
    with pytest.raises(RuntimeError, match="jacobian: grad can be implicitly created only for real scalar outputs"):
        functional.jacobian(lambda x: x * (1 + 1j), x)  # its real part was taken: the identity
    with pytest.raises(RuntimeError, match="jacobian: grad can be implicitly created only for real scalar outputs"):
        functional.hessian(lambda z: z.abs().sum(), ag.tensor(_z(2)))
    z = ag.tensor(_z(2))  # a real output's Jacobian is torch's: the gradient of each output element
    np.testing.assert_allclose(functional.jacobian(lambda z: z.abs(), z).numpy(), np.diag(_z(2) / np.abs(_z(2))))


@pytest.mark.parametrize("transform", ["jacrev", "jacfwd", "hessian"])
def test_func_jacobians_refuse_complex_inputs_and_outputs_as_torch(transform):
    jac = getattr(ag.func, transform)
    with pytest.raises(RuntimeError, match=f"{'jacfwd' if transform == 'hessian' else transform}: Expected all "
                                           "inputs to be real but received complex tensor at flattened input idx: 0"):
        jac(lambda z: z.abs().sum())(ag.tensor(_z(2)))
    if transform != "hessian":
        with pytest.raises(RuntimeError, match=f"{transform}: Expected all outputs to be real but received "
                                               "complex tensor at flattened output idx: 1"):
            jac(lambda x: (x, x * 1j))(ag.tensor([0.5, 2.0], dtype=ag.float64))


def test_func_jvp_takes_complex_primals_and_tangents_as_torch():
    zn, vn = _z(3), _z(3, seed=1)
    out, tangent = ag.func.jvp(lambda z: z * z, (ag.tensor(zn),), (ag.tensor(vn),))
    np.testing.assert_allclose(out.numpy(), zn * zn)
    np.testing.assert_allclose(tangent.numpy(), 2 * zn * vn)
    _, tangent = ag.func.jvp(lambda z: z.abs(), (ag.tensor(zn),), (ag.tensor(vn),))
    np.testing.assert_allclose(tangent.numpy(), (np.conj(zn) * vn).real / np.abs(zn))  # d|z| = Re(conj(z) dz)/|z|
    with pytest.raises(ValueError, match="jvp.*a tangent must be complex where its primal is.*complex128 tangent"):
        ag.func.jvp(lambda x: x * 2, (ag.tensor([1.0, 2.0], dtype=ag.float64),), (ag.tensor(_z(2)),))


class _DetachesItsGradient(_Square):
    """A backward that cuts the graph to its incoming gradient: its double backward in that gradient is lost."""

    def backward(self, gy):
        x, = self.saved_tensors
        return (gy.detach() if isinstance(gy, ag.Tensor) else gy) * 2 * x


@pytest.mark.parametrize("data", [np.array([1.0, 2.0]), _z()])
def test_gradgradcheck_differentiates_in_the_output_gradient_too_as_torch(data):
    with pytest.raises(ag.GradcheckError if hasattr(ag, "GradcheckError") else AssertionError,
                       match="gradient of input 1"):  # input 1: the output gradient, after the op's input
        ag.gradgradcheck(lambda x: _DetachesItsGradient()(x), [ag.tensor(data, requires_grad=True)])
