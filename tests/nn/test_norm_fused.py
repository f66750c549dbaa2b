"""The normalisation layers written as one Function each.

Group and instance norm through the fused training-mode batch-norm Function: values, first and
second derivatives against PyTorch, the running statistics of instance norm, the size of the
recorded graph, and empty batches. Layer norm (``_LayerNorm``): against PyTorch (values, gradients,
double backward), its compiled kernels against its NumPy path, the op specs of tests/specs/norm_fused.py
through that NumPy path, dtypes, layouts and errors."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import kernels, nn
from specs.norm_fused import SPECS
from torch_parity import compare, compare_double_backward

RNG = np.random.default_rng(7)


def _graph_nodes(y):
    """The Functions recorded behind ``y``."""
    seen, todo = set(), [y.grad_fn]
    while todo:
        fn = todo.pop()
        if fn is None or isinstance(fn, ag.Tensor) or id(fn) in seen:
            continue
        seen.add(id(fn))
        todo.extend(fn.next_functions)
    return len(seen)


def _inputs(shape, dtype, affine):
    c = shape[1]
    arrays = [RNG.normal(size=shape) * 2 + 0.5] + ([RNG.normal(size=c), RNG.normal(size=c)] if affine else [])
    return [a.astype(dtype) for a in arrays]


CASES = [  # (name, ours, torch's (called with the torch module), shape, affine)
    ("group", lambda x, w=None, b=None: F.group_norm(x, 3, w, b),
     lambda t, x, w=None, b=None: t.nn.functional.group_norm(x, 3, w, b), (4, 6, 5), True),
    ("group_4d", lambda x, w=None, b=None: F.group_norm(x, 2, w, b),
     lambda t, x, w=None, b=None: t.nn.functional.group_norm(x, 2, w, b), (2, 6, 3, 4), True),
    ("group_no_affine", lambda x: F.group_norm(x, 6), lambda t, x: t.nn.functional.group_norm(x, 6),
     (3, 6, 2, 2), False),
    ("instance", lambda x, w=None, b=None: F.instance_norm(x, weight=w, bias=b),
     lambda t, x, w=None, b=None: t.nn.functional.instance_norm(x, weight=w, bias=b), (3, 4, 5), True),
    ("instance_4d", lambda x, w=None, b=None: F.instance_norm(x, weight=w, bias=b),
     lambda t, x, w=None, b=None: t.nn.functional.instance_norm(x, weight=w, bias=b), (2, 3, 4, 3), True),
    ("instance_no_affine", lambda x: F.instance_norm(x), lambda t, x: t.nn.functional.instance_norm(x),
     (2, 5, 3, 3), False),
]


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-9), (np.float32, 2e-4)])
@pytest.mark.parametrize("name,ours,theirs,shape,affine", CASES, ids=[c[0] for c in CASES])
def test_first_and_second_derivatives_match_torch(name, ours, theirs, shape, affine, dtype, tol):
    torch = pytest.importorskip("torch")
    arrays = _inputs(shape, dtype, affine)
    gy = RNG.normal(size=shape).astype(dtype)
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y, ty = ours(*xs), theirs(torch, *ts)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=tol, atol=tol)
    grads = ag.grad((y * ag.tensor(gy)).sum(), xs, create_graph=True)
    tgrads = torch.autograd.grad((ty * torch.tensor(gy)).sum(), ts, create_graph=True)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=tol, atol=tol)
    # second derivatives: of sum(gx**2) + sum(gw) with respect to every input
    total = (grads[0] * grads[0]).sum() + (grads[1].sum() if affine else 0)
    ttotal = (tgrads[0] * tgrads[0]).sum() + (tgrads[1].sum() if affine else 0)
    second = ag.grad(total, xs, allow_unused=True)
    tsecond = torch.autograd.grad(ttotal, ts, allow_unused=True)
    for g, tg in zip(second, tsecond):
        if tg is None:
            assert g is None or not np.any(g.numpy())
        else:
            np.testing.assert_allclose(g.numpy(), tg.numpy(), rtol=10 * tol, atol=10 * tol)


def test_gradgradcheck_with_weight_only_and_bias_only():
    x = ag.tensor(RNG.normal(size=(2, 4, 3)), requires_grad=True)
    w = ag.tensor(RNG.normal(size=4), requires_grad=True)
    for fn in (lambda x, w: F.group_norm(x, 2, weight=w), lambda x, b: F.group_norm(x, 2, bias=b),
               lambda x, w: F.instance_norm(x, weight=w), lambda x, b: F.instance_norm(x, bias=b)):
        assert ag.gradcheck(fn, (x, w))
        assert ag.gradgradcheck(fn, (x, w))


def test_instance_norm_running_statistics_follow_pytorchs_rule():
    """running = (1 - momentum) running + momentum * (the batch average of each instance's mean and
    unbiased variance)."""
    for dtype in (np.float64, np.float32):
        x = (RNG.normal(size=(5, 3, 4, 6)) * 2 + 3).astype(dtype)
        rm, rv = ag.tensor(np.full(3, 0.5, dtype)), ag.tensor(np.full(3, 2.0, dtype))
        F.instance_norm(ag.tensor(x), rm, rv, momentum=0.3)
        mean = x.mean(axis=(2, 3)).mean(0)
        var = x.var(axis=(2, 3), ddof=1).mean(0)
        tol = 1e-12 if dtype == np.float64 else 1e-6
        np.testing.assert_allclose(rm.numpy(), 0.7 * 0.5 + 0.3 * mean, rtol=tol)
        np.testing.assert_allclose(rv.numpy(), 0.7 * 2.0 + 0.3 * var, rtol=tol)
        assert rm.dtype == rv.dtype == dtype


def test_instance_norm_running_statistics_match_torch():
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=(4, 3, 7)) * 3 - 1
    rm, rv = ag.zeros(3, dtype=np.float64), ag.ones(3, dtype=np.float64)
    trm, trv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    for _ in range(3):
        F.instance_norm(ag.tensor(x), rm, rv, momentum=0.2)
        torch.nn.functional.instance_norm(torch.tensor(x), trm, trv, momentum=0.2)
    np.testing.assert_allclose(rm.numpy(), trm.numpy(), rtol=1e-12)
    np.testing.assert_allclose(rv.numpy(), trv.numpy(), rtol=1e-12)


def test_group_and_instance_norm_record_a_few_nodes():
    """One fused batch-norm node plus reshapes and the tiling of the parameters (instance norm: 5,
    was 17) or the per-channel affine (group norm: 9, was 19), not the composed formula."""
    x = ag.tensor(RNG.normal(size=(2, 4, 3, 3)), requires_grad=True)
    w, b = ag.ones(4, dtype=np.float64, requires_grad=True), ag.zeros(4, dtype=np.float64, requires_grad=True)
    assert _graph_nodes(F.instance_norm(x, weight=w, bias=b)) <= 5
    assert _graph_nodes(F.group_norm(x, 2, w, b)) <= 9


def test_empty_batch_gives_an_empty_output_and_zero_parameter_gradients():
    w = ag.ones(4, requires_grad=True)
    for fn in (lambda x: F.group_norm(x, 2, w, w), lambda x: F.instance_norm(x, weight=w, bias=w)):
        x = ag.zeros(0, 4, 3, requires_grad=True)
        y = fn(x)
        assert y.shape == (0, 4, 3)
        y.sum().backward()
        assert x.grad.shape == (0, 4, 3)
        assert w.grad.tolist() == [0.0] * 4
        w.grad = None


@pytest.mark.parametrize("x_dtype,p_dtype", [(np.float32, np.float64), (np.float64, np.float32)])
def test_mixed_dtypes_promote_and_each_gradient_keeps_its_inputs_dtype(x_dtype, p_dtype):
    for fn in (lambda x, w: F.group_norm(x, 2, w, w), lambda x, w: F.instance_norm(x, weight=w, bias=w),
               lambda x, w: F.instance_norm(x, bias=w), lambda x, w: F.batch_norm(x, None, None, w, w, True)):
        x = ag.tensor(RNG.normal(size=(2, 4, 3)).astype(x_dtype), requires_grad=True)
        w = ag.tensor(RNG.normal(size=4).astype(p_dtype), requires_grad=True)
        y = fn(x, w)
        assert y.dtype == np.float64
        y.sum().backward()
        assert (x.grad.dtype, w.grad.dtype) == (x_dtype, p_dtype)


AFFINE = [(True, True), (True, False), (False, True), (False, False)]


@pytest.fixture
def numpy_path(monkeypatch):
    monkeypatch.setattr(kernels, "_module", False)


def _layer_norm_args(shape, k, dtype, seed=0):
    """(x, w, b) arrays for a layer norm of ``shape`` over its last ``k`` dims."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(dtype) for s in (shape, shape[len(shape) - k:], shape[len(shape) - k:])]


@pytest.mark.parametrize("dtype,atol", [(np.float32, 1e-4), (np.float64, 1e-12)])  # float32: sums over 320 rows
@pytest.mark.parametrize("shape,k", [((128, 256), 1), ((16, 20, 64), 1), ((16, 20, 64), 2), ((2, 3, 4, 5), 3)])
@pytest.mark.parametrize("weight,bias", AFFINE)
def test_layer_norm_matches_torch(shape, k, weight, bias, dtype, atol):
    torch = pytest.importorskip("torch")
    x, w, b = _layer_norm_args(shape, k, dtype)
    ns = shape[len(shape) - k:]
    arrays = [x] + [w] * weight + [b] * bias

    def call(layer_norm):
        return lambda x, *p: layer_norm(x, ns, p[0] if weight else None, p[-1] if bias else None)
    compare(call(F.layer_norm), call(torch.nn.functional.layer_norm), arrays, atol=atol)


@pytest.mark.parametrize("dtype,atol", [(np.float32, 2e-5), (np.float64, 1e-12)])
def test_layer_norm_module_matches_torch(dtype, atol):
    torch = pytest.importorskip("torch")
    x, w, b = _layer_norm_args((6, 5, 8), 2, dtype)
    theirs = torch.nn.LayerNorm([5, 8], eps=1e-3, dtype=getattr(torch, np.dtype(dtype).name))
    ours = nn.LayerNorm([5, 8], eps=1e-3, dtype=dtype)
    theirs.load_state_dict({"weight": torch.tensor(w), "bias": torch.tensor(b)})
    ours.load_state_dict({"weight": ag.tensor(w), "bias": ag.tensor(b)})
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    ty, ay = theirs(tx), ours(ax)
    assert ay.dtype == dtype
    np.testing.assert_allclose(ay.detach().numpy(), ty.detach().numpy(), atol=atol)
    g = np.random.default_rng(1).standard_normal(x.shape).astype(dtype)
    ty.backward(torch.tensor(g))
    ay.backward(ag.tensor(g))
    for a, t in [(ax, tx), (ours.weight, theirs.weight), (ours.bias, theirs.bias)]:
        assert a.grad.dtype == dtype
        np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), atol=atol * 10)


@pytest.mark.parametrize("weight,bias", AFFINE)
def test_layer_norm_double_backward_matches_torch(weight, bias):
    torch = pytest.importorskip("torch")
    _, w, b = _layer_norm_args((3, 4, 5), 2, np.float64)
    x = np.random.default_rng(2).standard_normal((3, 4, 5))

    def call(layer_norm, tensor):
        return lambda x: layer_norm(x, (4, 5), tensor(w) if weight else None, tensor(b) if bias else None)
    compare_double_backward(call(F.layer_norm, ag.tensor), call(torch.nn.functional.layer_norm, torch.tensor), x)


def test_layer_norm_is_one_node_run_by_the_kernels():
    x, w, b = (ag.tensor(a, requires_grad=True) for a in _layer_norm_args((4, 6), 1, np.float32))
    y = F.layer_norm(x, (6,), w, b)
    assert type(y.grad_fn).__name__ == "_LayerNorm"
    assert all(isinstance(f, ag.Tensor) for f in y.grad_fn.next_functions)  # the leaves: no casts between
    rows = x.detach().numpy().reshape(2, 2, 6)  # (q, p, n): rows [a, r] take the parameters' row r
    if kernels._kernels():
        out = kernels.layer_norm(rows, None, None, 1e-5)
        assert out is not None and kernels.layer_norm_grad(rows, rows, out[1], out[2], None) is not None
    assert kernels.layer_norm(rows[..., ::2], None, None, 1e-5) is None  # gaps in memory
    assert kernels.layer_norm(rows, np.ones((2, 6)), None, 1e-5) is None  # another dtype
    assert kernels.layer_norm(rows[:0], None, None, 1e-5) is None  # nothing to do


def _assert_kernels_equal_the_numpy_path(fn, arrays, monkeypatch):
    """``fn(*tensors)`` and the gradients of its inputs with the kernels and through the NumPy path agree."""
    dtype = arrays[0].dtype
    g = np.random.default_rng(4).standard_normal(arrays[0].shape).astype(dtype)
    results = []
    for module in (kernels._kernels(), False):
        monkeypatch.setattr(kernels, "_module", module)
        xs = [ag.tensor(a, requires_grad=True) for a in arrays]
        y = fn(*xs)
        node = y.grad_fn
        while type(node).__name__ == "Reshape":  # group norm's output: a reshape of the Function's
            node = node.next_functions[0]
        assert type(node).__name__ == "_LayerNorm"
        y.backward(ag.tensor(g))
        results.append([y.detach().numpy()] + [t.grad.numpy() for t in xs])
    tol = 1e-4 if dtype == np.float32 else 1e-11
    for ours, numpy_path in zip(*results):
        assert ours.dtype == dtype
        np.testing.assert_allclose(ours, numpy_path, atol=tol, rtol=tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weight,bias", AFFINE)
def test_kernels_equal_the_numpy_path(weight, bias, dtype, monkeypatch):
    x, w, b = _layer_norm_args((33, 70), 1, dtype, seed=3)
    x += 100  # a large mean: the centred values must not lose their digits
    _assert_kernels_equal_the_numpy_path(
        lambda x, *p: F.layer_norm(x, (70,), p[0] if weight else None, p[-1] if bias else None),
        [x] + [w] * weight + [b] * bias, monkeypatch)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weight,bias", AFFINE)
def test_group_norm_kernels_equal_the_numpy_path(weight, bias, dtype, monkeypatch):
    rng = np.random.default_rng(7)
    x, w, b = (rng.standard_normal(s).astype(dtype) for s in ((5, 6, 4, 3), (6,), (6,)))
    _assert_kernels_equal_the_numpy_path(
        lambda x, *p: F.group_norm(x, 3, p[0] if weight else None, p[-1] if bias else None),
        [x - 50] + [w] * weight + [b] * bias, monkeypatch)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_specs_through_the_numpy_path(spec, numpy_path):
    for sample in spec.samples():
        inputs = [ag.tensor(a, requires_grad=True) for a in sample]
        np.testing.assert_allclose(spec.fn(*inputs).detach().numpy(), spec.ref(*sample), atol=spec.atol)
        assert ag.gradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)
        assert ag.gradgradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)


def test_layer_norm_gradient_of_one_input_only():
    x, w, b = _layer_norm_args((5, 4), 1, np.float64)
    full = [ag.tensor(a, requires_grad=True) for a in (x, w, b)]
    F.layer_norm(full[0], (4,), full[1], full[2]).sum().backward()
    for k in range(3):
        inputs = [ag.tensor(a, requires_grad=j == k) for j, a in enumerate((x, w, b))]
        F.layer_norm(inputs[0], (4,), inputs[1], inputs[2]).sum().backward()
        assert [t.grad is not None for t in inputs] == [j == k for j in range(3)]
        np.testing.assert_allclose(inputs[k].grad.numpy(), full[k].grad.numpy(), atol=1e-12)


def test_layer_norm_of_a_transposed_input():
    torch = pytest.importorskip("torch")
    x, w, b = _layer_norm_args((6, 5), 1, np.float32)
    compare(lambda x, w, b: F.layer_norm(x.T, (6,), w[:1].expand(6), b[:1].expand(6)),
            lambda x, w, b: torch.nn.functional.layer_norm(x.T, (6,), w[:1].expand(6), b[:1].expand(6)),
            [x, w, b], atol=2e-5)


def test_layer_norm_dtypes():
    x, w, b = _layer_norm_args((3, 4), 1, np.float32)
    xs = [ag.tensor(x, requires_grad=True), ag.tensor(w.astype(np.float64), requires_grad=True),
          ag.tensor(b, requires_grad=True)]
    y = F.layer_norm(xs[0], (4,), xs[1], xs[2])  # mixed precisions promote, as binary ops (PyTorch refuses)
    assert y.dtype == np.float64
    y.sum().backward()
    assert [t.grad.dtype for t in xs] == [np.float32, np.float64, np.float32]
    z = np.array([[1 + 2j, 3 - 1j, -2j]])  # complex input keeps its composite: the variance of d is mean(d * d)
    d = z - z.mean()
    np.testing.assert_allclose(F.layer_norm(ag.tensor(z), (3,)).numpy(), d / np.sqrt((d * d).mean() + 1e-5))


@pytest.mark.parametrize("call,err,match", [
    (lambda: F.layer_norm(ag.randn(2, 3), (3,), ag.ones(4)), ValueError,
     r"layer_norm: weight of shape \(4,\) should have normalized_shape \(3,\)"),
    (lambda: F.layer_norm(ag.randn(2, 3), (3,), None, ag.ones(1)), ValueError, r"bias of shape \(1,\)"),
    (lambda: F.layer_norm(ag.randn(2, 3), (2,)), ValueError, r"normalized_shape \(2,\) does not match"),
    (lambda: F.layer_norm(ag.ones(2, 3).long(), (3,)), TypeError, "layer_norm: expected a floating-point input"),
])
def test_layer_norm_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()


@pytest.mark.parametrize("dtype,atol", [(np.float32, 1e-4), (np.float64, 1e-12)])
@pytest.mark.parametrize("shape,k", [((128, 256), 1), ((16, 20, 64), 2)])
@pytest.mark.parametrize("weight", [True, False])
def test_rms_norm_matches_torch(shape, k, weight, dtype, atol):
    torch = pytest.importorskip("torch")
    x, w, _ = _layer_norm_args(shape, k, dtype)
    ns = shape[len(shape) - k:]

    def call(rms_norm):
        return lambda x, *w: rms_norm(x, ns, w[0] if weight else None)
    compare(call(F.rms_norm), call(torch.nn.functional.rms_norm), [x] + [w] * weight, atol=atol)


@pytest.mark.parametrize("weight", [True, False])
def test_rms_norm_double_backward_matches_torch(weight):
    torch = pytest.importorskip("torch")
    _, w, _ = _layer_norm_args((3, 4, 5), 1, np.float64)

    def call(rms_norm, tensor):
        return lambda x: rms_norm(x, (5,), tensor(w) if weight else None, 1e-4)
    compare_double_backward(call(F.rms_norm, ag.tensor), call(torch.nn.functional.rms_norm, torch.tensor),
                            np.random.default_rng(2).standard_normal((3, 4, 5)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weight", [True, False])
def test_rms_norm_kernels_equal_the_numpy_path(weight, dtype, monkeypatch):
    x, w, _ = _layer_norm_args((33, 70), 1, dtype, seed=5)
    _assert_kernels_equal_the_numpy_path(lambda x, *w: F.rms_norm(x, (70,), w[0] if weight else None),
                                         [x] + [w] * weight, monkeypatch)


def test_rms_norm_mixed_dtypes_promote():
    xs = [ag.tensor(np.ones((2, 3), np.float32), requires_grad=True), ag.tensor(np.ones(3), requires_grad=True)]
    y = F.rms_norm(xs[0], (3,), xs[1])
    assert y.dtype == np.float64
    y.sum().backward()
    assert [t.grad.dtype for t in xs] == [np.float32, np.float64]


def test_float32_statistics_stay_float32():
    """A float32 row with a huge element: its variance overflows in float32, as PyTorch's (kernel and NumPy path
    alike), rather than being computed in float64."""
    x = ag.tensor(np.array([[1e30, 1, 2, 3, 4, 5, 6, 7]], np.float32))
    np.testing.assert_array_equal(F.rms_norm(x, (8,)).numpy(), np.zeros((1, 8), np.float32))
