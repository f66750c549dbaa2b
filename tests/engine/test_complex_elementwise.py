"""The elementwise math ops on complex tensors: Python complex scalars keep the tensor's precision, values and
gradients match PyTorch's (its convention: complex_autograd.py), and the ops PyTorch refuses on complex refuse."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core.ops.complex_parts import conj, imag, real
from torch_parity import compare_complex

S = (3, 4)
UNARY = ["exp", "log", "log1p", "expm1", "log2", "log10", "sqrt", "rsqrt", "sin", "cos", "tan", "sinh", "cosh",
         "tanh", "sigmoid", "asin", "acos", "atan", "asinh", "acosh", "atanh", "square", "reciprocal", "abs", "sgn",
         "clone"]
SCALAR_OPS = {
    "x * 1j": lambda x: x * 1j, "1j * x": lambda x: 1j * x, "x + (2-3j)": lambda x: x + (2 - 3j),
    "x - 1j": lambda x: x - 1j, "(2-3j) - x": lambda x: (2 - 3j) - x, "x / 1j": lambda x: x / 1j,
    "1j / x": lambda x: 1j / x, "x ** (0.5+1j)": lambda x: x ** (0.5 + 1j), "(1+1j) ** x": lambda x: (1 + 1j) ** x,
    "x ** 2.5": lambda x: x ** 2.5, "x ** 2": lambda x: x ** 2, "x ** 0": lambda x: x ** 0,
    "2.0 ** x": lambda x: 2.0 ** x, "(-2.0) ** x": lambda x: (-2.0) ** x, "(2-1j) / x": lambda x: (2 - 1j) / x,
}
SINGLE = {np.dtype(np.complex128): np.complex64, np.dtype(np.float64): np.float32}


def _z(shape=S, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.5, 1.5, shape) + 1j * rng.uniform(-1.5, 1.5, shape)


def _real(shape=S, seed=1, low=0.5, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, shape)


def _precisions(arrays):
    """The arrays as given (double precision) and in single precision, with a matching tolerance."""
    yield arrays, 1e-10
    yield [a.astype(SINGLE[a.dtype]) if a.dtype in SINGLE else a for a in arrays], 1e-4


@pytest.mark.parametrize("op", [
    lambda x: x * 1j, lambda x: 1j * x, lambda x: x + (2 - 3j), lambda x: (2 - 3j) - x, lambda x: x - 1j,
    lambda x: x / 1j, lambda x: 1j / x, lambda x: x ** (0.5 + 1j), lambda x: (1 + 1j) ** x])
def test_a_python_complex_scalar_keeps_the_tensors_precision(op):
    assert op(ag.tensor([1.0, 2.0])).dtype == np.complex64
    assert op(ag.tensor([1.0, 2.0], dtype=ag.float64)).dtype == np.complex128
    assert op(ag.tensor([1, 2])).dtype == np.complex64  # PyTorch's default float precision, as for 1.5
    assert op(ag.tensor(np.array([1 + 1j], dtype=np.complex64))).dtype == np.complex64
    assert op(ag.tensor(np.array([1 + 1j]))).dtype == np.complex128


def test_where_with_a_python_complex_scalar_gives_the_tensors_complex_precision():
    cond = ag.tensor([True, False])
    assert ag.where(cond, 1j, ag.tensor([1.0, 2.0])).dtype == np.complex64
    assert ag.where(cond, ag.tensor([1.0, 2.0], dtype=ag.float64), 1j).dtype == np.complex128
    np.testing.assert_array_equal(ag.where(cond, ag.tensor([1, 2]), 1j).numpy(), [1, 1j])


def test_masked_fill_of_a_real_tensor_refuses_a_complex_value():
    mask = ag.tensor([True, False])
    with pytest.raises(TypeError, match="masked_fill: a complex value"):
        ag.masked_fill(ag.tensor([1.0, 2.0]), mask, 1j)
    z = ag.masked_fill(ag.tensor(np.array([1j, 2], dtype=np.complex64)), mask, 1 - 1j)
    assert z.dtype == np.complex64 and z.numpy()[0] == 1 - 1j


def test_a_real_tensor_times_i_gets_the_real_part_of_the_gradient():
    x = ag.tensor([1.0, -2.0], requires_grad=True)
    imag(x * (2 - 3j)).sum().backward()  # Im((2 - 3i) x) = -3x
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy(), [-3.0, -3.0])


@pytest.mark.parametrize("name", UNARY)
def test_unary_ops_match_torch(name):
    torch = pytest.importorskip("torch")
    for arrays, atol in _precisions([_z()]):
        compare_complex(getattr(ag, name), getattr(torch, name), arrays, atol=atol)


@pytest.mark.parametrize("name", list(SCALAR_OPS))
def test_ops_with_a_python_scalar_match_torch_on_complex_and_real_tensors(name):
    op = SCALAR_OPS[name]
    xs = [_z(), _real(low=-1.5, high=1.5) if "**" not in name else _real()]
    for x in xs[:1] if name == "(-2.0) ** x" else xs:  # a negative base to a real power is NaN
        for arrays, atol in _precisions([x]):
            compare_complex(op, op, arrays, atol=atol)


@pytest.mark.parametrize("op", [lambda a, b: a / b, lambda a, b: a ** b], ids=["div", "pow"])
@pytest.mark.parametrize("kinds", ["complex-complex", "complex-real", "real-complex"])
def test_binary_ops_match_torch(op, kinds):
    a = _z() if kinds.startswith("complex") else _real()
    b = _z((4,), seed=2) if kinds.endswith("complex") else _real((4,), seed=3)
    for arrays, atol in _precisions([a, b]):
        compare_complex(op, op, arrays, atol=atol)


def test_where_and_lerp_match_torch():
    torch = pytest.importorskip("torch")
    cond = np.random.default_rng(4).uniform(size=S) > 0.5
    compare_complex(lambda a, b: ag.where(ag.tensor(cond), a, b), lambda a, b: torch.where(torch.tensor(cond), a, b),
                    [_z(), _z((4,), seed=2)])  # PyTorch's backward fails with a real b (the spec checks that case)
    compare_complex(lambda a, b: ag.lerp(a, b, 0.3), lambda a, b: torch.lerp(a, b, 0.3), [_z(), _z(seed=5)])


def test_abs_and_sgn_of_complex_zero_have_zero_gradient_as_torch():
    torch = pytest.importorskip("torch")
    z = np.array([0j, 3 + 4j, -1e-300 + 0j, 0.5j])
    for name in ("abs", "sgn"):
        compare_complex(getattr(ag, name), getattr(torch, name), [z])
    out = ag.abs(ag.tensor(z))
    assert out.dtype == np.float64
    np.testing.assert_allclose(ag.sgn(ag.tensor(z)).numpy(), [0, 0.6 + 0.8j, -1, 1j])


def test_double_backward_of_abs_sgn_and_acosh_matches_torch():
    torch = pytest.importorskip("torch")
    zn = _z()
    for name in ("abs", "sgn", "acosh", "sigmoid"):
        z, tz = ag.tensor(zn, requires_grad=True), torch.tensor(zn, requires_grad=True)
        g, = ag.grad(real(getattr(ag, name)(z)).sum(), [z], create_graph=True)
        tg, = torch.autograd.grad(getattr(torch, name)(tz).real.sum(), [tz], create_graph=True)
        real(g * conj(g)).sum().backward()
        (tg * tg.conj()).real.sum().backward()
        np.testing.assert_allclose(z.grad.numpy(), tz.grad.numpy(), atol=1e-10, err_msg=name)


@pytest.mark.parametrize("op", [F.relu, F.leaky_relu], ids=["relu", "leaky_relu"])
def test_ops_torch_refuses_on_complex_refuse_complex_inputs_that_require_grad(op):
    with pytest.raises((NotImplementedError, TypeError), match="complex"):  # autograd's refusal, or gt's
        op(ag.tensor(_z(), requires_grad=True))


@pytest.mark.parametrize("name,op", [
    ("clamp", lambda z: z.clamp(0, 1)), ("clamp", lambda z: z.clamp_min(0)), ("clamp", lambda z: ag.clamp(z, z, z)),
    ("maximum", lambda z: ag.maximum(z, z)), ("minimum", lambda z: ag.minimum(z, 1)), ("sign", ag.sign),
    ("round", ag.round), ("floor", ag.floor), ("ceil", ag.ceil), ("clamp_", lambda z: (z * 1).clamp_(0, 1)),
    ("clip_", lambda z: (z * 1).clip_(max=1))])
@pytest.mark.parametrize("requires_grad", [False, True])
def test_ops_that_need_an_order_refuse_complex_tensors_with_or_without_grad(name, op, requires_grad):
    # NumPy would order complex numbers lexicographically (clamp, maximum) or round each part: a silent value
    with pytest.raises(TypeError, match=f"{name}: complex tensors \\(complex128\\) have no order"):
        op(ag.tensor(_z(), requires_grad=requires_grad))


@pytest.mark.parametrize("name,op", [("atan2", lambda z: ag.atan2(z, z)), ("hypot", lambda z: ag.hypot(z, z)),
                                     ("remainder", lambda z: z % 2)])
def test_ops_numpy_has_no_complex_loop_for_refuse_complex_inputs(name, op):
    with pytest.raises(TypeError, match=f"{name}: complex dtype complex128 is not supported"):
        op(ag.tensor(_z(), requires_grad=True))


def test_ordered_comparisons_refuse_complex_and_equality_works():
    z = ag.tensor(_z())
    for compare in (lambda: z < 1, lambda: ag.ge(z, z), lambda: ag.tensor([1.0]) > 1j, lambda: ag.le(z, 0)):
        with pytest.raises(TypeError, match="complex numbers have no order"):
            compare()
    assert ag.eq(z, z).numpy().all() and not ag.ne(z, z).numpy().any()
