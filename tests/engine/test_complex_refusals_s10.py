"""Ops PyTorch refuses on complex tensors refuse them here too: a TypeError naming the op (PyTorch raises
RuntimeError or its subclass NotImplementedError), or a RuntimeError for an in-place op whose result would
change the tensor's dtype."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.nn import functional as F

Z = np.array([1 + 2j, -0.5 + 0.3j, 0.25 - 1j])

# (name in the error, our call, PyTorch's call): each refuses a complex input
REFUSED = [
    ("heaviside", lambda m, z: m.heaviside(z, z)),
    ("xlogy", lambda m, z: m.xlogy(z, z)),
    ("logit", lambda m, z: m.logit(z)),
    ("logaddexp2", lambda m, z: m.logaddexp2(z, z)),
    ("softmax", lambda m, z: m.softmax(z, 0)),
    ("log_softmax", lambda m, z: m.log_softmax(z, 0)),
    ("softmax", lambda m, z: z.softmax(0)),
    ("floor_divide", lambda m, z: z // z),
    ("remainder", lambda m, z: z % 2),
    ("fmod", lambda m, z: m.fmod(z, z)),
    ("atan2", lambda m, z: m.atan2(z, z)),
    ("hypot", lambda m, z: m.hypot(z, z)),
    ("arange", lambda m, z: m.arange(0, 3, dtype=m.complex64)),
    ("randint", lambda m, z: m.randint(0, 5, (2,), dtype=m.complex64)),
    ("randint", lambda m, z: m.randint_like(z, 5)),
    ("randperm", lambda m, z: m.randperm(3, dtype=m.complex128)),
    ("erf", lambda m, z: m.erf(z)),
    ("deg2rad", lambda m, z: m.deg2rad(z)),
    ("rad2deg", lambda m, z: m.rad2deg(z)),
    ("signbit", lambda m, z: m.signbit(z)),
    ("copysign", lambda m, z: m.copysign(z, z)),
]
# the same for ops whose refusal says that complex numbers have no order
UNORDERED = [
    ("trunc", lambda m, z: m.trunc(z)),
    ("frac", lambda m, z: m.frac(z)),
    ("fmax", lambda m, z: m.fmax(z, z)),
    ("fmin", lambda m, z: m.fmin(z, z)),
]


@pytest.mark.parametrize("name,call", REFUSED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(REFUSED)])
def test_ops_pytorch_refuses_on_complex_refuse_naming_the_op(name, call):
    with pytest.raises(TypeError, match=f"^{name}: complex dtype complex(64|128) is not supported, as in PyTorch"):
        call(ag, ag.tensor(Z))


@pytest.mark.parametrize("name,call", REFUSED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(REFUSED)])
def test_pytorch_refuses_them_too(name, call):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):  # its NotImplementedError is a RuntimeError too
        call(torch, torch.tensor(Z))


# (name in the error, a call of nn.functional, ours or PyTorch's): activations PyTorch defines on reals only
ACTIVATIONS = [
    ("gelu", lambda F, z: F.gelu(z)),
    ("gelu", lambda F, z: F.gelu(z, approximate="tanh")),
    ("softplus", lambda F, z: F.softplus(z)),
    ("logsigmoid", lambda F, z: F.logsigmoid(z)),
    ("mish", lambda F, z: F.mish(z)),
    ("hardshrink", lambda F, z: F.hardshrink(z)),
    ("glu", lambda F, z: F.glu(z.repeat(2))),
]


@pytest.mark.parametrize("name,call", ACTIVATIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ACTIVATIONS)])
def test_activations_pytorch_refuses_on_complex_refuse_naming_the_op(name, call):
    with pytest.raises(TypeError, match=f"^{name}: complex dtype complex128 is not supported, as in PyTorch"):
        call(F, ag.tensor(Z))
    assert call(F, ag.tensor(Z.real)).dtype == np.float64


@pytest.mark.parametrize("name,call", ACTIVATIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ACTIVATIONS)])
def test_pytorch_refuses_those_activations_too(name, call):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        call(torch.nn.functional, torch.tensor(Z))


@pytest.mark.parametrize("name,call", UNORDERED, ids=[n for n, _ in UNORDERED])
def test_unordered_ops_refuse_complex_naming_the_op(name, call):
    with pytest.raises(TypeError, match=f"^{name}: complex tensors \\(complex128\\) have no order"):
        call(ag, ag.tensor(Z))
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        call(torch, torch.tensor(Z))


def test_functional_softmax_family_refuses_complex():
    z = ag.tensor(Z)
    for name, call in (("softmax", F.softmax), ("log_softmax", F.log_softmax), ("softmax", F.softmin)):
        with pytest.raises(TypeError, match=f"{name}: complex dtype complex128"):
            call(z, 0)
    assert F.softmax(ag.tensor(Z.real), 0).shape == (3,)


@pytest.mark.parametrize("method", ["abs_", "absolute_"])
def test_in_place_abs_refuses_complex_as_pytorch(method):
    z = ag.tensor(Z)
    with pytest.raises(RuntimeError, match=f"{method}: abs of a complex tensor \\(complex128\\) is real"):
        getattr(z, method)()
    np.testing.assert_array_equal(z.numpy(), Z)  # untouched
    x = ag.tensor([-1.5, 2.0])
    assert x.abs_() is x and x.numpy().tolist() == [1.5, 2.0]


def test_arange_refuses_complex_bounds():
    with pytest.raises(TypeError, match="arange: start, end and step must be real numbers"):
        ag.arange(0, 1 + 1j)


@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge"])
def test_ordered_comparisons_refuse_complex_with_a_type_error(op):
    z = ag.tensor(Z)
    with pytest.raises(TypeError, match=f"^{op}: complex numbers have no order"):
        getattr(ag, op)(z, z)
