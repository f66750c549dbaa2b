"""Session 11's mends: shared argument helpers, one complex normal draw, softmax's dtype check, the zeta
series, instrumented calls, unpack_dual, ctx_function's saved tensors, nn.init's complex refusals, and
rand/randn's dtypes."""
import contextlib

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, profiler
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


def test_int_arguments_take_integer_tensors():
    assert ag.hann_window(ag.tensor(5)).shape == (5,)
    np.testing.assert_allclose(ag.hann_window(np.int64(5)).numpy(), 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(5) / 5),
                               atol=1e-6)


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


@pytest.mark.parametrize("fill", [nn.init.normal_, lambda t, mean, std: t.normal_(mean, std)])
def test_init_normal_adds_the_mean_to_both_parts_as_torch(fill):
    z = fill(ag.empty(200_000, dtype=np.complex128), mean=3.0, std=2.0).numpy()
    np.testing.assert_allclose([z.real.mean(), z.imag.mean(), z.real.std(), z.imag.std()],
                               [3.0, 3.0, 2 ** 0.5, 2 ** 0.5], rtol=0.02)


def test_init_normal_of_a_real_tensor_is_the_generators_normal():
    ag.manual_seed(3)
    ours = nn.init.normal_(ag.empty(5, dtype=np.float64), mean=1.0, std=2.0).numpy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(ours, ag.random.get_rng().normal(1.0, 2.0, size=5))


def test_init_uniform_is_the_tensors_uniform_():
    ag.manual_seed(3)
    ours = nn.init.uniform_(ag.empty(3, 4, dtype=np.complex64), -2.0, 5.0).numpy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(ours, ag.empty(3, 4, dtype=np.complex64).uniform_(-2.0, 5.0).numpy())


RANDOM_INITS = {"normal_": "normal_", "uniform_": "uniform_", "sparse_": "normal_", "xavier_normal_": "normal_",
                "xavier_uniform_": "uniform_", "kaiming_normal_": "normal_", "kaiming_uniform_": "uniform_",
                "trunc_normal_": "trunc_normal_", "orthogonal_": "orthogonal_"}  # each init, and the draw that refuses


@pytest.mark.parametrize("name, draw", RANDOM_INITS.items())
def test_random_inits_refuse_integer_tensors(name, draw):
    t = ag.zeros(4, 6, dtype=np.int64)
    with pytest.raises(TypeError, match=f"^{draw}: expects a floating point tensor, got dtype int64"):
        getattr(nn.init, name)(t, *((0.5,) if name == "sparse_" else ()))
    assert not t.numpy().any()


@pytest.mark.parametrize("name", RANDOM_INITS)
def test_random_inits_refuse_integer_tensors_as_torch(name):
    torch = pytest.importorskip("torch")
    with pytest.raises(NotImplementedError):  # a TypeError here, as every dtype refusal
        getattr(torch.nn.init, name)(torch.zeros(4, 6, dtype=torch.int64), *((0.5,) if name == "sparse_" else ()))


def test_init_sparse_zeroes_the_same_count_in_every_column():
    t = nn.init.sparse_(ag.empty(10, 7, dtype=np.float64), 0.25, std=2.0).numpy()
    assert ((t == 0).sum(axis=0) == 3).all() and (t != 0).sum() == 7 * 7


def test_check_ordered_is_check_not_complex_with_the_order_message():
    from autograd_core.ops.arithmetic import check_not_complex, check_ordered
    z = np.zeros(2, np.complex64)
    with pytest.raises(TypeError, match=r"^sort: complex tensors \(complex64\) have no order; use x.real"):
        check_ordered("sort", z)
    with pytest.raises(TypeError, match=r"^sort: complex tensors \(complex64\) have no order"):
        check_not_complex("sort", z.dtype, ordered=True)
    with pytest.raises(TypeError, match=r"^xlogy: complex dtype complex64 is not supported, as in PyTorch"):
        check_not_complex("xlogy", z.dtype)
    check_ordered("sort", np.zeros(2))
    check_not_complex("xlogy", np.dtype(np.float32))


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_checks_the_dim_before_the_dtype(op):
    z = ag.ones(3, dtype=np.complex64)
    with pytest.raises(TypeError, match=f"^{op}: complex dtype complex64 is not supported"):
        getattr(nn.functional, op)(z, 0)
    with pytest.raises(IndexError, match="out of range"):
        getattr(nn.functional, op)(z, 5)
    for f in (getattr(z, op), lambda d: getattr(ag.special, op)(z, d)):
        with pytest.raises(TypeError, match=f"^{op}: complex dtype"):
            f(0)
    empty = getattr(nn.functional, op)(ag.ones(0, dtype=np.int64), 0)
    assert empty.dtype == np.int64 and empty.shape == (0,)


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_checks_the_dim_before_the_dtype_as_torch(op):
    torch = pytest.importorskip("torch")
    with pytest.raises(IndexError):
        getattr(torch, op)(torch.ones(3, dtype=torch.complex64), 5)


def test_zeta_runs_the_extra_series_on_the_negative_q_only(monkeypatch):
    from autograd_core.ops import special
    sizes, series = [], special._zeta_sum
    monkeypatch.setattr(special, "_zeta_sum", lambda xp, x, q: sizes.append(np.size(q)) or series(xp, x, q))
    special._zeta_array(np.full(6, 3.0), np.array([0.5, 1.0, 2.0, -1.5, 4.0, -0.25]))
    assert sizes == [6, 2, 2]


@pytest.mark.parametrize("x, q", [(3.0, -2.5), (2.0, 1.0), ([2.0, 3.0, 4.0, 2.5], [-1.5, 0.5, -0.25, 2.0]),
                                  ([[2.0], [5.0]], [-3.5, -1e-3, 1.0])])
def test_zeta_matches_torch(x, q):
    torch = pytest.importorskip("torch")
    ours = ag.special.zeta(ag.tensor(x, dtype=np.float64), ag.tensor(q, dtype=np.float64)).numpy()
    theirs = torch.special.zeta(torch.tensor(x, dtype=torch.float64), torch.tensor(q, dtype=torch.float64))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10)  # q < 0 cancels a few digits


@pytest.mark.filterwarnings("ignore:Anomaly Detection has been enabled")
@pytest.mark.parametrize("profiled", [False, True])
def test_instrumented_call_packs_saved_tensors_with_or_without_a_profiler(profiled):
    x = ag.randn(3, 4, dtype=np.float64, requires_grad=True)
    packed = []
    with (profiler.profile() if profiled else contextlib.nullcontext()) as prof, ag.autograd.detect_anomaly(), \
            ag.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t.shape) or t, lambda t: t):
        y = x.tanh()
    assert packed == [(3, 4)] and y.grad_fn._forward_trace
    if profiled:
        assert prof.to_dict()["ops"]["Tanh"]["calls"] == 1
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 1 - np.tanh(x.detach().numpy()) ** 2)


def test_unpack_dual_walks_the_graph_once(monkeypatch):
    from autograd_core import forward_ad as fwAD
    from autograd_core.func import _transform
    walks, walk = [], _transform.walk_graph
    x, u = ag.randn(3, dtype=np.float64), ag.randn(3, dtype=np.float64)
    tx, tu = ag.randn(3, dtype=np.float64, requires_grad=True), ag.randn(3, dtype=np.float64, requires_grad=True)
    w = ag.randn(3, dtype=np.float64, requires_grad=True)
    with fwAD.dual_level():
        dx, du = fwAD.make_dual(x, tx), fwAD.make_dual(u, tu)
        y = (dx.sin() * du + w).sum()
        for module in (fwAD, _transform):  # the old code walked once here and once more through depends_on
            monkeypatch.setattr(module, "walk_graph", lambda *a: walks.append(1) or walk(*a))
        primal, tangent = fwAD.unpack_dual(y)
    assert len(walks) == 1
    assert primal.requires_grad and tangent.requires_grad  # w requires grad, and so do the tangents
    expected = (np.cos(x.numpy()) * tx.detach().numpy() * u.numpy() + np.sin(x.numpy()) * tu.detach().numpy()).sum()
    np.testing.assert_allclose(tangent.item(), expected)
    tangent.backward()
    np.testing.assert_allclose(tu.grad.numpy(), np.sin(x.numpy()))


def test_unpack_dual_of_a_result_without_duals_or_outside_leaves():
    from autograd_core import forward_ad as fwAD
    with fwAD.dual_level():
        d = fwAD.make_dual(ag.ones(2), ag.ones(2))
        y = d * 2
        free = ag.ones(2, requires_grad=True) * 3
        assert fwAD.unpack_dual(free).tangent is None
        primal, tangent = fwAD.unpack_dual(y)
        assert not primal.requires_grad and not tangent.requires_grad
        np.testing.assert_allclose(tangent.numpy(), [2.0, 2.0])
        assert fwAD.unpack_dual(y).tangent is tangent  # noted once per result


_INITS = ["constant_", "dirac_", "eye_", "kaiming_normal_", "kaiming_uniform_", "normal_", "ones_", "orthogonal_",
          "sparse_", "trunc_normal_", "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_"]


_COMPLEX_REFUSERS = ("orthogonal_", "trunc_normal_")  # torch 2.13 raises NotImplementedError; the others fill


def _init_call(name):
    """The shape of the tensor ``nn.init.<name>`` fills, and its other arguments."""
    return (4, 6, 3, 3) if name == "dirac_" else (4, 6), {"constant_": (1.0,), "sparse_": (0.5,)}.get(name, ())


@pytest.mark.parametrize("name", _INITS)
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_init_on_a_complex_tensor_fills_or_refuses(name, dtype):
    shape, args = _init_call(name)
    t = ag.zeros(*shape, dtype=getattr(ag, dtype))
    if name not in _COMPLEX_REFUSERS:
        assert getattr(nn.init, name)(t, *args).dtype == np.dtype(dtype)
        return
    with pytest.raises(NotImplementedError, match=f"^{name}: complex tensors are not supported .{dtype}."):
        getattr(nn.init, name)(t, *args)
    assert not t.numpy().any()  # refused before anything was written


@pytest.mark.parametrize("name", _INITS)
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_init_on_a_complex_tensor_fills_or_refuses_as_torch(name, dtype):
    torch = pytest.importorskip("torch")
    shape, args = _init_call(name)
    try:
        getattr(torch.nn.init, name)(torch.empty(shape, dtype=getattr(torch, dtype)), *args)
        theirs = None
    except Exception as e:  # noqa: BLE001 (the class is what is compared)
        theirs = type(e)
    assert theirs is (NotImplementedError if name in _COMPLEX_REFUSERS else None)


class _Square(ag.Function):
    """PyTorch-style: saves its input, a None and an intermediate."""

    @staticmethod
    def forward(ctx, x):
        twice = x * 2
        ctx.save_for_backward(None, x, twice)
        return x * x

    @staticmethod
    def backward(ctx, gy):
        none, x, twice = ctx.saved_tensors
        assert none is None and isinstance(x, ag.Tensor)
        return gy * twice


def test_ctx_saved_tensors_come_back_with_their_nones():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    _Square.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0, 6.0])


def test_ctx_saved_tensors_are_freed_as_torch_and_kept_through_in_place_ops_as_an_ops():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = _Square.apply(x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()
    y = _Square.apply(x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 12.0])
    for square in (_Square.apply, lambda t: t * t):  # an in-place op after the call leaves what it saw
        x.grad = None
        a = x * 1
        y = square(a).sum()
        a.mul_(2)
        y.backward()
        np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])


def test_ctx_save_for_backward_refuses_what_is_not_a_tensor_as_torch():
    class SavesAnInt(ag.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3)
            return x * 2

        @staticmethod
        def backward(ctx, gy):
            return gy * 2

    with pytest.raises(TypeError, match="save_for_backward can only save tensors .or None., but argument 1 is of "
                                        "type int"):
        SavesAnInt.apply(ag.ones(2, requires_grad=True))


def test_ctx_saved_tensors_are_packed_as_an_ops_with_the_input_itself():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    packed, unpacked = [], []
    with ag.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t) or t.detach().numpy().copy(),
                                               lambda p: unpacked.append(p) or ag.tensor(p)):
        y = _Square.apply(x).sum()
    assert len(packed) == 2 and packed[0] is x and not packed[1].requires_grad
    y.backward()
    assert len(unpacked) == 2
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])


RANDOM_MAKERS = [lambda lib, dtype: lib.rand(2, dtype=dtype), lambda lib, dtype: lib.randn(2, dtype=dtype),
                 lambda lib, dtype: lib.rand_like(lib.zeros(2, dtype=dtype)),
                 lambda lib, dtype: lib.randn_like(lib.zeros(2, dtype=dtype))]


@pytest.mark.parametrize("make", RANDOM_MAKERS)
def test_rand_and_randn_refuse_integer_and_bool_dtypes(make):
    for dtype in ("int64", "uint8", "bool"):
        with pytest.raises(TypeError, match=f"expects a floating point or complex dtype, got {dtype}"):
            make(ag, getattr(np, dtype + ("_" if dtype == "bool" else "")))
    for dtype in ("float16", "float32", "float64", "complex64", "complex128"):
        assert make(ag, getattr(np, dtype)).dtype == np.dtype(dtype)


@pytest.mark.parametrize("make", RANDOM_MAKERS)
def test_rand_and_randn_refuse_integer_and_bool_dtypes_as_torch(make):
    torch = pytest.importorskip("torch")
    for dtype in ("int64", "uint8", "bool"):
        with pytest.raises(NotImplementedError):  # a TypeError here, as every dtype refusal
            make(torch, getattr(torch, dtype))


def test_random_fills_of_a_float_tensor_hold_one_float64_draw_at_most():
    """uniform_/normal_ draw float64 samples on the host and write them in: no further full-size copies."""
    import tracemalloc

    from autograd_core.nn import init
    t = ag.zeros(500, 500)  # float32: 1 MB; its float64 draw: 2 MB
    for fill in (lambda: t.uniform_(-1, 1), lambda: t.normal_(0, 2), lambda: init.kaiming_uniform_(t)):
        tracemalloc.start()
        fill()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 2_000_000 * 1.5, peak  # a second float64 copy would make it 4 MB


def test_is_int_takes_integers_and_refuses_floats_bools_and_arrays_of_them():
    from autograd_core.ops._util import is_int
    assert all(is_int(v) for v in (3, np.int64(3), np.array(3), ag.tensor(3)))
    assert not any(is_int(v) for v in (True, np.True_, ag.tensor(True), 3.0, np.array(2.0), ag.tensor(1.5),
                                       np.array([1, 2]), ag.tensor([1, 2])))
    with pytest.raises(TypeError, match="hann_window"):
        ag.hann_window(np.array(5.0))
