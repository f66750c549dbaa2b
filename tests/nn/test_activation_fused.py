"""elu, selu and celu as one Function (``Elu``): values, gradients and double backward against PyTorch
(float32 and float64, edge values 0, -0.0, NaN and large |x| included), the compiled kernels against the
NumPy path, the op specs of tests/specs/activation_fused.py through both, one graph node, and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import kernels
from specs.activation_fused import SPECS
from torch_parity import compare, compare_double_backward

EDGES = np.array([0.0, -0.0, 1e4, -1e4, 80.0, -80.0, 1e-30, -1e-30])  # NaN: test_signs_of_zero_and_nan_match_torch
CASES = [  # (name, ours, torch's (called with torch.nn.functional))
    ("elu", F.elu, lambda tf, x: tf.elu(x)),
    ("elu_0.7", lambda x: F.elu(x, 0.7), lambda tf, x: tf.elu(x, 0.7)),
    ("elu_alpha0", lambda x: F.elu(x, 0.0), lambda tf, x: tf.elu(x, 0.0)),
    ("elu_negative_alpha", lambda x: F.elu(x, -1.5), lambda tf, x: tf.elu(x, -1.5)),
    ("selu", F.selu, lambda tf, x: tf.selu(x)),
    ("celu_1.5", lambda x: F.celu(x, 1.5), lambda tf, x: tf.celu(x, 1.5)),
    ("celu_negative_alpha", lambda x: F.celu(x, -2.0), lambda tf, x: tf.celu(x, -2.0)),
]
IDS = [c[0] for c in CASES]


def _inputs(dtype, edges=True):
    x = np.random.default_rng(3).normal(size=(6, 7)) * 3
    if edges:
        x.flat[:EDGES.size] = EDGES
    return x.astype(dtype)


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("name,ours,theirs", CASES, ids=IDS)
def test_values_and_gradients_match_torch(name, ours, theirs, dtype, tol):
    torch = pytest.importorskip("torch")
    x = _inputs(dtype, edges=name != "celu_negative_alpha")  # there torch's exp overflows to inf, ours too
    compare(ours, lambda t: theirs(torch.nn.functional, t), [x], atol=tol * 1e4 if "celu" in name else tol)


@pytest.mark.parametrize("name,ours,theirs", CASES, ids=IDS)
def test_signs_of_zero_and_nan_match_torch(name, ours, theirs):
    """NaN's gradient is the slope of x > 0, as PyTorch's elementwise formula (its vectorised loop, on longer
    contiguous inputs, gives NaN instead)."""
    torch = pytest.importorskip("torch")
    x = np.array([0.0, -0.0, np.nan])
    t = torch.tensor(x, requires_grad=True)
    a = ag.tensor(x, requires_grad=True)
    ty, y = theirs(torch.nn.functional, t), ours(a)
    np.testing.assert_array_equal(np.signbit(y.detach().numpy()), np.signbit(ty.detach().numpy()))
    ty.sum().backward()
    y.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), t.grad.numpy())


@pytest.mark.parametrize("name,ours,theirs", CASES, ids=IDS)
def test_double_backward_matches_torch(name, ours, theirs):
    torch = pytest.importorskip("torch")
    compare_double_backward(ours, lambda t: theirs(torch.nn.functional, t), _inputs(np.float64, edges=False))


@pytest.mark.parametrize("layout", ["c", "transposed"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,ours,theirs", CASES, ids=IDS)
def test_kernels_equal_the_numpy_path(name, ours, theirs, dtype, layout, monkeypatch):
    if not kernels._kernels():
        pytest.skip("needs numba")
    x = np.random.default_rng(5).normal(size=(130, 140)) * 3
    x.flat[:EDGES.size + 1] = np.append(EDGES, np.nan)
    x = x.astype(dtype) if layout == "c" else x.astype(dtype).T
    results = []
    for module in (kernels._kernels(), False):
        monkeypatch.setattr(kernels, "_module", module)
        a = ag.tensor(x, requires_grad=True)
        with np.errstate(over="ignore"):
            y = ours(a)
        (y * 1.5).sum().backward()  # a gradient laid out otherwise than x, for one layout
        results.append((y.detach().numpy(), a.grad.numpy()))
    for on, off in zip(*results):
        assert on.dtype == dtype
        np.testing.assert_allclose(on, off, rtol=2e-7 if dtype == np.float32 else 1e-15, atol=0)


@pytest.mark.parametrize("path", ["kernels", "numpy"])
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_specs_through_both_paths(spec, path, monkeypatch):
    if path == "kernels":
        if not kernels._kernels():
            pytest.skip("needs numba")
        monkeypatch.setattr(kernels, "MIN_SIZE", 0)
    else:
        monkeypatch.setattr(kernels, "_module", False)
    for sample in spec.samples():
        inputs = [ag.tensor(a, requires_grad=True) for a in sample]
        np.testing.assert_allclose(spec.fn(*inputs).detach().numpy(), spec.ref(*sample), atol=spec.atol)
        if spec.grad:
            assert ag.gradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)
            assert ag.gradgradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)


@pytest.mark.parametrize("fn", [F.elu, F.selu, lambda x: F.celu(x, 0.5)])
def test_one_graph_node(fn):
    x = ag.tensor(_inputs(np.float32), requires_grad=True)
    y = fn(x)
    assert y.grad_fn.name() == "EluBackward0" and y.grad_fn.next_functions == (x,)


def test_inplace_equals_out_of_place_through_the_kernels(monkeypatch):
    if kernels._kernels():
        monkeypatch.setattr(kernels, "MIN_SIZE", 0)
    x = _inputs(np.float64)
    for fn, fn_ in [(F.elu, F.elu_), (F.selu, F.selu_), (F.celu, F.celu_)]:
        a, b = ag.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
        y = fn(a)
        z = fn_(b * 1.0)
        np.testing.assert_array_equal(z.detach().numpy(), y.detach().numpy())
        y.sum().backward()
        z.sum().backward()
        np.testing.assert_array_equal(b.grad.numpy(), a.grad.numpy())


def test_errors_and_dtypes():
    with pytest.raises(RuntimeError, match="celu: alpha cannot be 0"):
        F.celu(ag.tensor([1.0, -1.0]), alpha=0.0)
    for fn, op in [(F.elu, "elu"), (F.selu, "elu"), (F.celu, "celu")]:
        with pytest.raises(TypeError, match=op):
            fn(ag.tensor(np.array([1 + 1j])))
        assert fn(ag.tensor([1, -2])).dtype == np.float32  # PyTorch refuses integers; ours takes them as float32
        assert fn(ag.tensor(np.float64(-0.5))).shape == ()
