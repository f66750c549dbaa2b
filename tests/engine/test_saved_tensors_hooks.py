"""ag.autograd.graph's saved-tensor hooks (saved_tensors_hooks, save_on_cpu, disable_saved_tensors_hooks)
against PyTorch's semantics; the parity tests skip where torch is not installed."""
import warnings

import numpy as np
import pytest

import autograd_core as ag
from autograd_core.grad_mode import _mode

graph = ag.autograd.graph
A = np.array([[0.3, -1.2, 0.5], [2.0, 0.7, -0.4]])
B = np.array([[1.1, 0.2], [-0.6, 0.9], [0.4, -1.3]])


def _logging_hooks(log, inputs=(), lib=ag):
    """Hooks that log each call (and whether pack got one of ``inputs`` itself, and ``lib``'s grad mode)
    and pass tensors through unchanged."""
    def pack(t):
        log.append(("pack", tuple(t.shape), next((i for i, x in enumerate(inputs) if t is x), -1),
                    lib.is_grad_enabled()))
        return t

    def unpack(t):
        log.append(("unpack", tuple(t.shape)))
        return t
    return pack, unpack


def test_pack_gets_the_saved_tensors_under_no_grad_and_unpack_feeds_backward():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log, [x])):
        y = (x * x).sum()
    assert log == [("pack", (2, 3), 0, False)] * 2
    log.clear()
    y.backward()
    assert log == [("unpack", (2, 3))] * 2
    np.testing.assert_allclose(x.grad.numpy(), 2 * A)


def test_pack_gets_a_saved_output_itself():
    x = ag.tensor(A, requires_grad=True)
    seen = []
    with graph.saved_tensors_hooks(lambda t: seen.append(t) or t, lambda t: t):
        y = x.exp()
    assert len(seen) == 1 and seen[0] is y


def test_unpacked_values_are_what_backward_uses():
    x = ag.tensor(A, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):
        y = (x * x).sum()
    y.backward()  # each saved x is 2x: the gradient x + x becomes 4x
    np.testing.assert_allclose(x.grad.numpy(), 4 * A)


def test_a_packed_value_need_not_be_a_tensor():
    x = ag.tensor(A, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t.detach().numpy().copy(), ag.tensor):
        y = (x.sin() * x).sum()
    assert all(isinstance(v, np.ndarray) for v in y.grad_fn.next_functions[0]._saved)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.cos(A) * A + np.sin(A))


def test_innermost_hooks_apply_and_each_unpack_pairs_with_its_pack():
    x = ag.tensor(A, requires_grad=True)
    log = []

    def hooks(n):
        return (lambda t: log.append(("p", n)) or t), (lambda t: log.append(("u", n)) or t)
    with graph.saved_tensors_hooks(*hooks(1)):
        a = x * x
        with graph.saved_tensors_hooks(*hooks(2)):
            b = a.exp()
        c = b.sin()
    assert log == [("p", 1), ("p", 1), ("p", 2), ("p", 1)]
    log.clear()
    c.sum().backward()
    assert log == [("u", 1), ("u", 2), ("u", 1), ("u", 1)]


def test_nothing_is_packed_where_nothing_is_recorded():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log)):
        with ag.no_grad():
            x.exp()
        ag.tensor(A).exp()  # no input requires grad
        (x + x).sum()  # saves nothing
    assert log == []


def test_retain_graph_unpacks_on_each_backward_and_packs_once():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = x.exp().tanh().sum()
    assert [e[0] for e in log] == ["pack"] * 2
    log.clear()
    y.backward(retain_graph=True)
    y.backward()
    assert [e[0] for e in log] == ["unpack"] * 4
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_create_graph_puts_the_unpacked_values_where_the_saved_tensors_stood():
    x = ag.tensor(A, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):
        y = (x * x).sum()
    g, = ag.grad(y, x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 4 * A)
    gg, = ag.grad(g.sum(), x)  # the unpacked 2x stands for x in the graph, as PyTorch's: d(2 * sum x)/dx
    np.testing.assert_allclose(gg.numpy(), np.full_like(A, 2.0))


def test_create_graph_reaches_saved_outputs_and_non_leaf_inputs():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = (x * 3).exp().sum()  # exp saves its output; then x * 3 is a non-leaf input
    g, = ag.grad(y, x, create_graph=True)
    assert [e[0] for e in log] == ["pack", "unpack"]
    gg, = ag.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 9 * np.exp(3 * A))


def test_hooks_open_during_a_create_graph_backward_pack_its_saved_values():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = x.exp().sum()
        g, = ag.grad(y, x, create_graph=True)
        assert log[:2] == [("pack", (2, 3), -1, False), ("unpack", (2, 3))] and len(log) > 2
        assert all(e[0] == "pack" for e in log[2:])  # the backward's own graph saved values
        log.clear()
        g.sum().backward()
    assert log and all(e[0] == "unpack" for e in log)
    np.testing.assert_allclose(x.grad.numpy(), np.exp(A))


class _Cube(ag.Function):
    """PyTorch-style: its tensors are saved with ctx.save_for_backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x, None)
        return x ** 3

    @staticmethod
    def backward(ctx, gy):
        x, none = ctx.saved_tensors
        assert none is None
        return 3 * x * x * gy


def test_tensors_saved_by_a_pytorch_style_function_go_through_the_hooks():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log, [x])):
        with ag.no_grad():
            _Cube.apply(x)  # not recorded: nothing packed
        y = _Cube.apply(x)
    assert log == [("pack", (2, 3), 0, False)]
    log.clear()
    y.sum().backward()
    assert log == [("unpack", (2, 3))]
    x.grad = None
    with graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):
        y = _Cube.apply(x)
    y.sum().backward()  # as PyTorch: backward sees the packed 2x
    np.testing.assert_allclose(x.grad.numpy(), 12 * A * A)


def test_unpack_must_return_a_tensor():
    x = ag.tensor(A, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: 5, lambda t: t):
        y = (x * x).sum()
    with pytest.raises(TypeError, match="unpack hook must return a Tensor, but it returned int.*MulBackward0"):
        y.backward()


def test_ops_with_a_name_attribute_are_packed_and_named_in_errors():
    # remainder, fmod, floor ... keep an attribute `name`, which hides Function.name()
    x, y = ag.tensor(A, requires_grad=True), ag.tensor(A + 3, requires_grad=True)
    with graph.save_on_cpu():
        r = x % y
    r.sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), -np.floor(A / (A + 3)))
    with graph.saved_tensors_hooks(lambda t: t, lambda t: 5):
        r = ag.fmod(x, y)
    with pytest.raises(TypeError, match="unpack hook must return a Tensor, but it returned int.*_Division"):
        r.sum().backward()


def test_pack_must_not_change_its_input_in_place():
    x = ag.tensor(A, requires_grad=True)
    with pytest.raises(RuntimeError, match="pack hook changed its input.*ExpBackward0.*in place"), \
            graph.saved_tensors_hooks(lambda t: t.mul_(2), lambda t: t):
        (x * 1.0).exp()
    assert _mode.saved_hooks == []  # the block's hooks are gone after the error


def test_pack_may_write_other_tensors_in_place():
    x = ag.tensor(A, requires_grad=True)
    buffer = ag.zeros(2, 3, dtype=ag.float64)
    with graph.saved_tensors_hooks(lambda t: buffer.copy_(t), lambda t: t):
        y = x.sin().sum()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.cos(A))


def test_saved_values_changed_in_place_are_not_checked_with_hooks():
    # as PyTorch: the version check is the hooks' business; unpack gives what the packed tensor holds now
    x = ag.tensor(A, requires_grad=True)
    z = ag.tensor(A.copy())
    with graph.saved_tensors_hooks(lambda t: z, lambda t: t):
        y = (x * x).sum()
    z.add_(1)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * (A + 1))


def test_disable_saved_tensors_hooks():
    hooks = graph.saved_tensors_hooks(lambda t: t, lambda t: t)
    with graph.disable_saved_tensors_hooks("no hooks here"):
        with pytest.raises(RuntimeError, match="^no hooks here$"), graph.save_on_cpu():
            pass
        with graph.disable_saved_tensors_hooks("inner"), pytest.raises(RuntimeError, match="^inner$"):
            hooks.__enter__()
        with pytest.raises(RuntimeError, match="^no hooks here$"):  # the outer message is back
            hooks.__enter__()
    with hooks, pytest.raises(RuntimeError, match="^busy$"), graph.disable_saved_tensors_hooks("busy"):
        pass  # allowed again, but disabling is refused while hooks are open
    assert _mode.saved_hooks == []


def test_disabled_hooks_still_unpack_what_was_packed_before():
    x = ag.tensor(A, requires_grad=True)
    log = []
    with graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = (x * x).sum()
    with graph.disable_saved_tensors_hooks("off"):
        y.backward()
    assert [e[0] for e in log] == ["pack", "pack", "unpack", "unpack"]


def test_save_on_cpu_is_an_identity_round_trip_on_the_cpu():
    x = ag.tensor(A, requires_grad=True)
    w = ag.tensor(B, requires_grad=True)
    for pin_memory in (False, True):
        with graph.save_on_cpu(pin_memory=pin_memory):
            h = (x @ w).tanh()
        assert h.grad_fn.saved_tensors[0] is h._data  # no copy on the CPU
        x.grad = w.grad = None
        h.sum().backward()
        gh = 1 - np.tanh(A @ B) ** 2
        np.testing.assert_allclose(x.grad.numpy(), gh @ B.T)
        np.testing.assert_allclose(w.grad.numpy(), A.T @ gh)


@pytest.mark.gpu
@pytest.mark.skipif(not ag.cuda.is_available(), reason="needs CuPy and a CUDA GPU (or tests/fakegpu)")
def test_save_on_cpu_keeps_gpu_values_in_host_memory_and_moves_them_back():
    x = ag.tensor(A, device="cuda", requires_grad=True)
    w = ag.tensor(B, device="cuda", requires_grad=True)
    with graph.save_on_cpu():
        h = (x @ w).tanh()
    assert all(device == "cuda" and packed.device == "cpu" for device, packed in h.grad_fn._saved)
    h.sum().backward()
    assert x.grad.device == "cuda" and w.grad.device == "cuda"
    gh = 1 - np.tanh(A @ B) ** 2
    np.testing.assert_allclose(x.grad.cpu().numpy(), gh @ B.T)
    np.testing.assert_allclose(w.grad.cpu().numpy(), A.T @ gh)


def test_hooks_leave_the_fast_path_when_the_block_ends():
    before = _mode.instrumented
    with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        assert _mode.instrumented
    assert _mode.instrumented == before and _mode.saved_hooks == []


def test_hooks_under_anomaly_mode_and_with_complex_tensors():
    x = ag.tensor(A, requires_grad=True)
    z = ag.tensor(A + 1j * A[::-1], requires_grad=True)
    log = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with ag.autograd.detect_anomaly(), graph.saved_tensors_hooks(*_logging_hooks(log)):
            y = (x.exp() * x).sum()
    with graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):
        c = (z * z).abs().sum()
    y.backward()
    c.backward()
    assert [e[0] for e in log] == ["pack"] * 3 + ["unpack"] * 3
    np.testing.assert_allclose(x.grad.numpy(), np.exp(A) * (A + 1))
    zz = z.detach().numpy()
    np.testing.assert_allclose(z.grad.numpy(), 4 * zz * np.abs(zz) ** 2 / np.abs(zz * zz))


def test_graph_namespace_node_and_shown_saved_values():
    x = ag.tensor(A, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t.detach(), lambda t: t):
        y = x.exp()
    assert isinstance(y.grad_fn, graph.Node)
    assert "saved: (2, 3)" in ag.viz.to_dot(y, show_saved=True).source


# -- parity with PyTorch ------------------------------------------------------------------------------

def _hook_log(lib, f, arrays):
    """The pack and unpack calls (with shapes, and which input pack got) for forward and backward of ``f``."""
    log = []
    xs = [lib.tensor(a, requires_grad=True) for a in arrays]
    with lib.autograd.graph.saved_tensors_hooks(*_logging_hooks(log, xs, lib)):
        y = f(*xs)
    y.sum().backward()
    return log


@pytest.mark.parametrize("f, arrays, ordered", [
    (lambda x: x.exp().sin().tanh(), [A], True),
    (lambda x: x.sigmoid().log().relu(), [A], True),
    (lambda x: (x * x + 1).sqrt() ** 3, [A], True),
    (lambda x: x.softmax(-1), [A], True),
    (lambda x, y: x * y, [A, A + 1], False),  # PyTorch saves other, then self
    (lambda x, y: x / y, [A, A + 3], False),
    (lambda x, y: x @ y, [A, B], False),
])
def test_pack_and_unpack_calls_match_pytorch(f, arrays, ordered):
    torch = pytest.importorskip("torch")
    ours, theirs = _hook_log(ag, f, arrays), _hook_log(torch, f, arrays)
    assert ours == theirs if ordered else sorted(ours) == sorted(theirs)


@pytest.mark.parametrize("create_graph", [False, True])
def test_doubling_hooks_match_pytorch(create_graph):
    torch = pytest.importorskip("torch")

    def grads(lib):
        x, w = lib.tensor(A, requires_grad=True), lib.tensor(B, requires_grad=True)
        with lib.autograd.graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):
            y = ((x @ w).tanh() * x.sum()).sum()
        gx, gw = lib.autograd.grad(y, (x, w), create_graph=create_graph)
        if create_graph:
            gx, gw = lib.autograd.grad((gx * gx).sum() + gw.sum(), (x, w))
        return [g.detach().numpy() for g in (gx, gw)]
    for ours, theirs in zip(grads(ag), grads(torch)):
        np.testing.assert_allclose(ours, theirs, atol=1e-10)


def test_save_on_cpu_matches_pytorch():
    torch = pytest.importorskip("torch")

    def grads(lib):
        x, w = lib.tensor(A, requires_grad=True), lib.tensor(B, requires_grad=True)
        with lib.autograd.graph.save_on_cpu():
            y = (x @ w).sigmoid().log().sum()
        y.backward()
        return x.grad.numpy(), w.grad.numpy()
    for ours, theirs in zip(grads(ag), grads(torch)):
        np.testing.assert_allclose(ours, theirs, atol=1e-10)
