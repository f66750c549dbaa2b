"""The optional compiled kernels (autograd_core/kernels.py) against the NumPy path they replace.

The kernels run with ``MIN_SIZE`` 0, so small inputs use them too. The op-spec table's relu and
conv samples check ReLU's gradient and col2im by reference, gradcheck and gradgradcheck; pooling
and im2col take only batches of 8 or more laid out as conv outputs are ((C, H, W, N) memory),
which the specs' samples are not, so the tests below build such inputs (``_batch_last_leaf``) and
compare each kernel with the NumPy path bit for bit.
"""
import os
import re
import subprocess
import sys
import threading

import numpy as np
import pytest

pytest.importorskip("numba")

import autograd_core as ag  # noqa: E402
import autograd_core.nn.functional as F  # noqa: E402
from autograd_core import kernels  # noqa: E402
from specs import all_specs  # noqa: E402

KERNEL_SPECS = [s for s in all_specs()
                if re.fullmatch(r"relu_?|max_pool2d.*|conv[12]d.*|conv_transpose[12]d.*|torch\.conv.*|where.*|clamp.*"
                                r"|F\.(leaky_relu|elu|selu|celu|hardtanh|threshold|hardshrink|softshrink|prelu)_?"
                                r"|getitem.*|index_select|index_add_?|take|F\.embedding.*", s.name)]


@pytest.fixture
def kernels_on(monkeypatch):
    monkeypatch.setattr(kernels, "MIN_SIZE", 0)


def test_the_specs_cover_relu_and_max_pool():
    assert {"relu", "max_pool2d", "conv2d_stride_pad", "conv_transpose2d", "where", "where_scalar_other",
            "F.leaky_relu", "F.hardtanh", "getitem_int_array_repeats", "F.embedding", "index_add"} <= {
        s.name for s in KERNEL_SPECS}


@pytest.mark.parametrize("spec", KERNEL_SPECS, ids=lambda s: s.name)
def test_op_specs_through_the_kernels(spec, kernels_on):
    for sample in spec.samples():
        inputs = [ag.tensor(a, requires_grad=a.dtype.kind == "f" and (spec.diff is None or k in spec.diff))
                  for k, a in enumerate(sample)]
        out = spec.fn(*inputs)
        out = out[0] if isinstance(out, tuple) else out
        expected = spec.ref(*[a.copy() for a in sample])
        expected = expected[0] if isinstance(expected, tuple) else expected
        np.testing.assert_allclose(out.detach().numpy(), expected, atol=spec.atol, rtol=spec.rtol)
        if not spec.grad:
            continue
        assert ag.gradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)
        if spec.gradgrad:
            assert ag.gradgradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)


def _conv_layout(a):
    """``a`` (N, C, H, W) as a view of (C, H, W, N) memory, the layout conv outputs have."""
    return np.ascontiguousarray(a.transpose(1, 2, 3, 0)).transpose(3, 0, 1, 2)


def test_the_kernels_run_where_they_apply(kernels_on):
    x = _conv_layout(np.ones((8, 3, 4, 4), np.float32))
    assert kernels.relu_grad(x, x) is not None
    y, tap = kernels.max_pool_tiles(x, (2, 2))
    assert y.shape == tap.shape == (8, 3, 2, 2) and tap.dtype == np.uint8
    assert kernels.max_pool_tiles_grad(np.ones_like(y), tap, (2, 2)) is not None
    assert kernels.relu_grad(x.astype(np.int64), x.astype(np.int64)) is None  # not a float
    assert kernels.relu_grad(x[..., ::2], x[..., ::2]) is None  # gaps in memory
    assert kernels.relu_grad(np.ascontiguousarray(x), x) is None  # different layouts
    assert kernels.max_pool_tiles(x[0], (2, 2)) is None  # not 4-D
    assert kernels.max_pool_tiles(np.ascontiguousarray(x), (2, 2)) is None  # (N, C, H, W) memory: NumPy's
    assert kernels.max_pool_tiles(x[:4], (2, 2)) is None  # a batch too short for the inner loop


def _batch_last_leaf(a):
    """A leaf holding ``a`` (N, C, H, W) as (C, H, W, N) memory, and the (N, C, H, W) view of it that
    ops see (``ag.tensor`` of a transposed array would copy it to (N, C, H, W) memory)."""
    leaf = ag.tensor(np.ascontiguousarray(a.transpose(1, 2, 3, 0)), requires_grad=True)
    return leaf, (lambda t: t.permute(3, 0, 1, 2))


@pytest.mark.parametrize("kernel", [2, (1, 3)])
def test_max_pool_kernel_gradients(kernel, kernels_on):
    a = np.random.default_rng(3).permutation(8 * 2 * 4 * 6).reshape(8, 2, 4, 6) / 10.0  # no ties
    leaf, view = _batch_last_leaf(a)
    assert kernels.max_pool_tiles(view(leaf).detach().numpy(), (2, 2) if kernel == 2 else kernel) is not None
    assert ag.gradcheck(lambda t: F.max_pool2d(view(t), kernel), [leaf])
    assert ag.gradgradcheck(lambda t: F.max_pool2d(view(t), kernel), [leaf])


def test_relu_and_conv_kernel_gradients(kernels_on):
    a = np.random.default_rng(4).standard_normal((8, 2, 5, 4))
    a[np.abs(a) < 0.05] = 0.3  # away from ReLU's kink
    leaf, view = _batch_last_leaf(a)
    w = ag.tensor(np.random.default_rng(5).standard_normal((3, 2, 3, 3)), requires_grad=True)
    y = view(leaf).detach().numpy()
    assert kernels.relu_grad(y, y) is not None
    assert kernels.im2col(leaf.detach().numpy(), _window()) is not None
    f = lambda t, w: F.conv2d(ag.relu(view(t)), w, padding=1, stride=(2, 1))  # noqa: E731
    assert ag.gradcheck(f, [leaf, w])
    assert ag.gradgradcheck(f, [leaf, w])


def _window():
    from autograd_core.nn.functional._windows import Window
    return Window((3, 3), (2, 1), ((1, 1), (1, 1)), (1, 1), (5, 4), (3, 4))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", ["nchw", "conv"])
@pytest.mark.parametrize("kernel", [2, 3, (2, 3)])
def test_relu_and_max_pool_equal_the_numpy_path(dtype, layout, kernel, monkeypatch):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((8, 3, 12, 12)).astype(dtype)
    a[0, 0, :3, :3] = 0.5  # ties: the first maximum wins in both paths
    gy = None
    results = []
    for on in (True, False):
        monkeypatch.setattr(kernels, "MIN_SIZE", 0 if on else 1 << 62)
        x, view = _batch_last_leaf(a) if layout == "conv" else (ag.tensor(a, requires_grad=True), lambda t: t)
        y, idx = F.max_pool2d(ag.relu(view(x)), kernel, return_indices=True)
        if gy is None:
            gy = rng.standard_normal(y.shape).astype(dtype)
        y.backward(ag.tensor(gy))
        results.append((y.detach().numpy(), idx.numpy(), x.grad.numpy(), y.detach().numpy().strides))
    for on, off in zip(*results):
        np.testing.assert_array_equal(on, off)


def test_nan_and_infinite_gradients_follow_pytorch(kernels_on):
    x = ag.tensor([[[[np.nan, -1.0], [2.0, 0.0]]]], requires_grad=True)
    y = ag.relu(x)
    y.backward(ag.tensor([[[[1.0, np.inf], [3.0, -np.inf]]]]))
    np.testing.assert_array_equal(y.detach().numpy().ravel(), [np.nan, 0, 2, 0])
    np.testing.assert_array_equal(x.grad.numpy().ravel(), [1.0, 0, 3, 0])
    a = np.zeros((8, 1, 2, 2))
    a[0, 0] = [[1.0, np.nan], [np.nan, 5.0]]
    leaf, view = _batch_last_leaf(a)
    y, idx = F.max_pool2d(view(leaf), 2, return_indices=True)
    y.backward(ag.ones_like(y))
    assert np.isnan(y[0].item()) and idx[0].item() == 2  # the last NaN, as PyTorch's CPU kernel
    np.testing.assert_array_equal(view(leaf.grad)[0].numpy().ravel(), [0, 0, 1, 0])


def test_turned_off_by_the_environment():
    code = "import numpy as np; from autograd_core import kernels; a = np.ones(1 << 16); print(kernels.relu_grad(a, a))"
    env = dict(os.environ, AUTOGRAD_CORE_KERNELS="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"


def test_threads_and_forked_children_can_call_the_kernels(kernels_on):
    x = np.random.default_rng(0).standard_normal((8, 4, 16, 16))
    y = np.maximum(x, 0)
    expected = x * (y > 0)
    errors = []

    def work():
        for _ in range(50):
            if not np.array_equal(kernels.relu_grad(x, y), expected):
                errors.append("wrong result")

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    pid = os.fork()  # as a DataLoader worker: the child must run the kernels, not hang or abort
    if pid == 0:
        os._exit(0 if np.array_equal(kernels.relu_grad(x, y), expected) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.parametrize("layout", ["nchw", "conv"])
@pytest.mark.parametrize("stride,padding,dilation,groups", [(1, 1, 1, 1), (2, 0, 1, 1), (2, 2, 2, 2), (1, "same", 2, 1)])
def test_conv2d_equals_the_numpy_path(layout, stride, padding, dilation, groups, monkeypatch):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((8, 4, 11, 9))
    w = rng.standard_normal((6, 4 // groups, 3, 2))
    results = []
    for on in (True, False):
        monkeypatch.setattr(kernels, "MIN_SIZE", 0 if on else 1 << 62)
        x, view = _batch_last_leaf(a) if layout == "conv" else (ag.tensor(a, requires_grad=True), lambda t: t)
        wt = ag.tensor(w, requires_grad=True)
        y = F.conv2d(view(x), wt, stride=stride, padding=padding, dilation=dilation, groups=groups)
        (y * ag.tensor(np.arange(y.numel()).reshape(y.shape) % 7)).sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), wt.grad.numpy()))
    for on, off in zip(*results):
        np.testing.assert_array_equal(on, off)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_scaled_equals_numpy(dtype, kernels_on):
    from autograd_core.optim.optimizer import add_scaled_
    rng = np.random.default_rng(2)
    out, x = rng.standard_normal((300, 200)).astype(dtype), rng.standard_normal((300, 200)).astype(dtype)
    expected = out + dtype(-0.37) * x
    add_scaled_(out, x, -0.37)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_recurrent_kernels_apply_to_numpy_floats_of_one_dtype(name):
    rule, f32 = getattr(kernels, name), np.zeros((2, 8), np.float32)
    assert rule(f32, f32) is not None
    assert rule(f32, f32.astype(np.float64)) is None
    assert rule(f32.astype(np.float16)) is None


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
@pytest.mark.parametrize("batch_first,bidirectional,bias", [(True, False, True), (False, True, False)])
def test_recurrent_kernels_equal_the_numpy_path(kind, batch_first, bidirectional, bias, monkeypatch):
    """nn.LSTM's and nn.GRU's sequence nodes with their step kernels and without: the same outputs and gradients."""
    from autograd_core import nn
    x = np.random.default_rng(3).standard_normal((5, 4, 3)).astype(np.float32)
    results = []
    for on in (True, False):
        if not on:
            monkeypatch.setattr(kernels, kind.lower(), lambda *arrays: None)
        ag.manual_seed(0)
        layer = getattr(nn, kind)(3, 6, num_layers=2, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
        xt = ag.tensor(x, requires_grad=True)
        out, states = layer(xt)
        states = states if kind == "LSTM" else (states,)
        (out * out).sum().backward(retain_graph=True)
        sum((s * s).sum() for s in states).backward()  # the last states' gradients meet the outputs' in the first step
        results.append([out, *states, xt.grad] + [p.grad for p in layer.parameters()])
    for on, off in zip(*results):
        np.testing.assert_allclose(on.detach().numpy(), off.detach().numpy(), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", ["c", "conv"])
def test_where_equals_numpy(dtype, layout, kernels_on):
    x = np.random.default_rng(4).standard_normal((8, 3, 5, 4)).astype(dtype)
    x[0, 0, 0, :3] = [np.nan, np.inf, -0.0]
    x = _conv_layout(x) if layout == "conv" else x
    y, cond = x * dtype(0.3), x > 0
    for a, b in [(x, y), (y, x), (x, 0.0), (0.0, x), (x, 2), (x, np.asarray(0.5, dtype)), (np.asarray(-1, dtype), x)]:
        out, expected = kernels.where(cond, a, b), np.where(cond, a, b)
        assert out is not None and out.dtype == expected.dtype and out.strides == expected.strides
        np.testing.assert_array_equal(out, expected)
        assert np.array_equal(np.signbit(out), np.signbit(expected))
    # NumPy scalars keep their dtype, broadcasting and mixed dtypes or layouts are left to NumPy
    for a, b in [(x, np.float64(0.5)), (x, y[:1]), (x, y.astype(np.float16)), (x, np.ascontiguousarray(x) if layout ==
                 "conv" else _conv_layout(x)), (0.0, 1.0)]:
        assert kernels.where(cond, a, b) is None


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_index_add_rows_equals_add_at(dtype, kernels_on):
    rng = np.random.default_rng(5)
    target = rng.standard_normal((7, 3, 2)).astype(dtype)
    index = rng.integers(-7, 7, (4, 5))  # repeats and negative rows
    for values in (rng.standard_normal((4, 5, 3, 2)).astype(dtype), rng.standard_normal((3, 2)).astype(dtype)):
        expected = target.copy()
        np.add.at(expected, index, values)
        out = target.copy()
        assert kernels.index_add_rows(out, index, values)
        np.testing.assert_array_equal(out, expected)  # the same additions in the same order
    for unsigned in (np.uint8, np.uint64):  # uint64 rows meet the kernel as intp
        expected, out = target.copy(), target.copy()
        np.add.at(expected, index.astype(unsigned) % 7, values)
        assert kernels.index_add_rows(out, index.astype(unsigned) % 7, values)
        np.testing.assert_array_equal(out, expected)
    for args in [(target[:, :1], index, values[:1]), (target, (index, index), values), (target, index.astype(float), values),
                 (target, index, values.astype(np.float16)), (target[:, 0, 0], index, 1.0)]:
        assert not kernels.index_add_rows(*args)
