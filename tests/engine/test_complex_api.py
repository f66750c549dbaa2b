"""The complex tensor API around the engine (ops/complex_parts.py, dtypes, creation): values and gradients
against PyTorch (skipped where torch is absent), views, errors, dtype rules, printing, save/load, optimizers."""
import itertools

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim


def _z(shape=(3, 4), seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def _x(shape=(3, 4), seed=1):
    return np.random.default_rng(seed).standard_normal(shape)


def _parity(ours, theirs, *arrays):
    """Values, dtype and the gradient of every input of ``ours`` against PyTorch's ``theirs``, for a random
    (complex, for a complex output) output gradient."""
    torch = pytest.importorskip("torch")
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    ty, y = theirs(*ts), ours(*xs)
    assert str(y.dtype) == str(ty.dtype).removeprefix("torch.")
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().resolve_conj().numpy(), atol=1e-12)
    g = _z(y.shape, 2) if y.dtype.kind == "c" else _x(y.shape, 2)
    ty.backward(torch.tensor(g))
    y.backward(ag.tensor(g))
    for k, (x, t) in enumerate(zip(xs, ts)):
        np.testing.assert_allclose(x.grad.numpy(), t.grad.resolve_conj().numpy(), atol=1e-12, err_msg=f"input {k}")


# -- ops against PyTorch ------------------------------------------------------------
@pytest.mark.parametrize("name", ["real", "imag", "conj", "conj_physical", "angle", "view_as_real"])
def test_unary_ops_match_torch_on_complex_input(name):
    torch = pytest.importorskip("torch")
    _parity(lambda z: getattr(ag, name)(z) * 1, lambda z: getattr(torch, name)(z) * 1, _z())


def test_tensor_methods_and_properties_match_torch():
    pytest.importorskip("torch")
    _parity(lambda z: z.real * z.imag + z.conj().angle(), lambda z: z.real * z.imag + z.conj().angle(), _z())
    _parity(lambda z: z.conj_physical().resolve_conj().resolve_neg() * 1,
            lambda z: z.conj_physical().resolve_conj().resolve_neg() * 1, _z())


def test_angle_at_zero_has_a_zero_gradient_as_torch():
    pytest.importorskip("torch")
    _parity(lambda z: z.angle(), lambda z: z.angle(), np.array([0j, 1 + 1j, -2 - 0.5j]))


def test_angle_of_a_real_tensor_is_0_or_pi_with_a_zero_gradient_as_torch():
    torch = pytest.importorskip("torch")
    x = np.array([-1.5, 2.0, np.inf, -np.inf, np.nan, 0.0, -0.0])
    _parity(ag.angle, torch.angle, x)
    ints = ag.angle(ag.tensor([1, -2]))
    assert ints.dtype == ag.float32
    np.testing.assert_allclose(ints.numpy(), [0, np.pi], rtol=1e-7)


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 1), (4,))])
def test_complex_and_polar_match_torch_with_broadcasting(shapes):
    torch = pytest.importorskip("torch")
    a, b = _x(shapes[0], 3), _x(shapes[1], 4)
    _parity(ag.complex, torch.complex, a, b)
    _parity(ag.polar, torch.polar, np.abs(a), b)


def test_view_as_complex_matches_torch():
    torch = pytest.importorskip("torch")
    _parity(ag.view_as_complex, torch.view_as_complex, _x((3, 4, 2)))
    _parity(lambda x: ag.view_as_complex(x[::2]), lambda x: torch.view_as_complex(x[::2]), _x((4, 2)))


def test_casts_to_complex_match_torch():
    torch = pytest.importorskip("torch")
    _parity(lambda x: x.to(ag.complex128) * (1 + 2j), lambda x: x.to(torch.complex128) * (1 + 2j), _x())
    _parity(lambda x: x.cdouble() * 1j, lambda x: x.cdouble() * 1j, _x())
    assert ag.tensor([1.0, 2.0]).cfloat().dtype == ag.complex64
    assert ag.tensor([1, 2]).cdouble().dtype == ag.complex128


def test_complex_results_in_torch_convention_compose_with_holomorphic_ops():
    """|polar(r, t)|^2 = r^2: the gradient in t is 0, in r is 2r."""
    r = ag.tensor(np.array([0.5, 2.0]), requires_grad=True)
    t = ag.tensor(np.array([0.3, -1.0]), requires_grad=True)
    z = ag.polar(r, t)
    (z * z.conj()).real.sum().backward()
    np.testing.assert_allclose(r.grad.numpy(), 2 * r.detach().numpy())
    np.testing.assert_allclose(t.grad.numpy(), 0, atol=1e-12)


# -- views -----------------------------------------------------------------------------
def test_view_as_real_and_view_as_complex_share_memory():
    z = ag.tensor(np.array([1 + 2j, 3 - 1j]))
    v = ag.view_as_real(z)
    v[0, 1] = 9.0
    assert z[0].item() == 1 + 9j
    x = ag.tensor(np.zeros((3, 2)))
    c = ag.view_as_complex(x)
    c[1] = 2 - 3j
    np.testing.assert_array_equal(x.numpy()[1], [2, -3])
    assert ag.view_as_real(ag.tensor(np.array(1 + 2j))).shape == (2,)
    assert ag.view_as_complex(ag.tensor(np.zeros(2))).shape == ()


def test_view_as_real_of_a_transposed_tensor():
    z = _z()
    np.testing.assert_array_equal(ag.view_as_real(ag.tensor(z).T).numpy(), np.stack([z.T.real, z.T.imag], -1))


def test_assigning_real_and_imag_writes_the_parts_as_torch():
    z = ag.tensor(np.array([1 + 1j, 2 + 2j]))
    z.real = ag.tensor(np.array([5.0, 6.0]))
    z.imag = 7
    np.testing.assert_array_equal(z.numpy(), [5 + 7j, 6 + 7j])
    x = ag.tensor([1.0, 2.0])
    x.real = ag.tensor([3.0, 4.0])
    np.testing.assert_array_equal(x.numpy(), [3, 4])
    with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex dtypes"):
        x.imag = ag.tensor([1.0, 1.0])
    leaf = ag.tensor(np.array([1 + 1j]), requires_grad=True)
    with pytest.raises(RuntimeError, match="view of a leaf tensor that requires grad"):
        leaf.real = ag.tensor(np.array([3.0]))


def test_real_conj_and_resolve_of_a_real_tensor_are_the_tensor_as_torch():
    x = ag.tensor([1.0, -2.0])
    for f in (ag.real, ag.conj, ag.conj_physical, ag.resolve_conj, ag.resolve_neg):
        assert f(x) is x
    assert x.real is x and x.conj() is x and x.resolve_conj() is x
    assert not x.is_conj() and not x.is_neg() and not ag.tensor([1j]).conj().is_conj()


# -- errors ------------------------------------------------------------------------------
@pytest.mark.parametrize("make, message", [
    (lambda: ag.zeros(3, 3), "last dimension of size 2, got shape \\(3, 3\\)"),
    (lambda: ag.zeros(2, 3).T, "last dimension with stride 1"),
    (lambda: ag.zeros(3, 3)[:, :2], "stride divisible by 2 for all but the last dimension"),
    (lambda: ag.zeros(6)[1:5].view(2, 2), "storage offset divisible by 2, got 1"),
    (lambda: ag.zeros(()), "one or more dimensions"),
    (lambda: ag.zeros(3, 2, dtype=ag.int64), "only supported for float and double tensors, got dtype int64"),
    (lambda: ag.zeros(3, 2, dtype=ag.float16), "NumPy has no complex32"),
])
def test_view_as_complex_refuses_what_torch_refuses(make, message):
    with pytest.raises(RuntimeError, match="view_as_complex.*" + message):
        ag.view_as_complex(make())


def test_view_as_real_refuses_a_real_tensor():
    with pytest.raises(RuntimeError, match="view_as_real is only supported for complex tensors, got dtype float32"):
        ag.view_as_real(ag.zeros(3))


@pytest.mark.parametrize("op", ["complex", "polar"])
def test_complex_and_polar_refuse_mixed_or_integer_dtypes_and_shapes_that_do_not_broadcast(op):
    f = getattr(ag, op)
    with pytest.raises(TypeError, match=f"{op}: .* must be float32 or float64 tensors of one dtype, got float32 and "
                                        "float64"):
        f(ag.ones(2), ag.ones(2, dtype=ag.float64))
    with pytest.raises(TypeError, match=f"{op}: .*got int64 and int64"):
        f(ag.tensor([1]), ag.tensor([1]))
    with pytest.raises(ValueError, match=f"{op}: the shapes of .* \\(2,\\) and .* \\(3,\\) can't be broadcast"):
        f(ag.ones(2), ag.ones(3))


# -- dtypes ------------------------------------------------------------------------------
def test_complex_dtype_names_are_torchs():
    assert ag.complex64 is ag.cfloat is np.complex64 and ag.complex128 is ag.cdouble is np.complex128


_DTYPES = ["bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64", "complex64", "complex128"]


def test_promote_types_and_result_type_with_complex_match_torch():
    torch = pytest.importorskip("torch")
    for a, b in itertools.product(_DTYPES, _DTYPES):
        ta, tb = getattr(torch, a), getattr(torch, b)
        if torch.complex32 in (torch.promote_types(ta, tb),):
            continue  # float16 with a complex dtype: torch's complex32, which NumPy lacks (we give complex64)
        assert str(ag.promote_types(np.dtype(a), np.dtype(b))) == str(torch.promote_types(ta, tb))[6:], (a, b)
        for sa, sb in [((2,), ()), ((), (2,)), ((), ())]:
            ours = ag.result_type(ag.zeros(sa, dtype=np.dtype(a)), ag.zeros(sb, dtype=np.dtype(b)))
            theirs = torch.result_type(torch.zeros(sa, dtype=ta), torch.zeros(sb, dtype=tb))
            if theirs != torch.complex32:
                assert str(ours) == str(theirs)[6:], (a, sa, b, sb)
        for v in (1j, 1.5, 2):
            theirs = torch.result_type(torch.zeros(2, dtype=ta), v)
            if theirs != torch.complex32:
                assert str(ag.result_type(ag.zeros(2, dtype=np.dtype(a)), v)) == str(theirs)[6:], (a, v)


def test_python_complex_numbers_give_the_default_complex_dtype():
    assert ag.tensor([1 + 2j]).dtype == ag.complex64 and ag.tensor(1j).dtype == ag.complex64
    assert ag.tensor([1, 2j]).dtype == ag.complex64 and ag.full((2,), 1 + 1j).dtype == ag.complex64
    assert ag.tensor(np.array([1j])).dtype == ag.complex128  # a NumPy dtype is kept
    assert (ag.ones(2) * 1j).dtype == ag.complex64 and (ag.tensor([1, 2]) * 1j).dtype == ag.complex64
    assert (ag.ones(2, dtype=ag.float64) * 1j).dtype == ag.complex128
    ag.set_default_dtype(ag.float64)
    try:
        assert ag.tensor([1j]).dtype == ag.complex128
    finally:
        ag.set_default_dtype(ag.float32)


def test_repr_of_a_complex_tensor_names_only_a_dtype_other_than_complex64():
    assert repr(ag.tensor([1 + 2j, 3 - 1j])) == "tensor([1.+2.j, 3.-1.j])"
    assert repr(ag.tensor(1 + 2j)) == "tensor(1.+2.j)"
    assert repr(ag.tensor([1 + 2j], dtype=ag.complex128)) == "tensor([1.+2.j], dtype=complex128)"


@pytest.mark.parametrize("args", [("z", 2), ("z", "x"), ("x", "z"), ("x", 1j), (2.0, "z")])
def test_float_power_of_complex_operands_is_complex128_as_torch(args):
    torch = pytest.importorskip("torch")  # it was float64, the imaginary parts dropped
    data = {"z": _z((3,), 2), "x": np.abs(_x((3,), 3)) + 0.5}

    def call(op):
        def f(*tensors):
            given = iter(tensors)
            return op(*[next(given) if isinstance(a, str) else a for a in args])
        return f
    _parity(call(ag.float_power), call(torch.float_power), *[data[a] for a in args if isinstance(a, str)])


def test_gradient_of_a_complex_tensor_is_complex_as_torch():
    torch = pytest.importorskip("torch")  # its imaginary part was dropped
    zn = _z((4, 3), 5)
    z, tz = ag.tensor(zn, requires_grad=True), torch.tensor(zn, requires_grad=True)
    for ours, theirs in zip(ag.gradient(z), torch.gradient(tz)):
        assert ours.dtype == ag.complex128
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy())
    w = _z((4, 3), 6)
    sum((g * ag.tensor(w)).real.sum() for g in ag.gradient(z)).backward()
    sum((g * torch.tensor(w)).real.sum() for g in torch.gradient(tz)).backward()
    np.testing.assert_allclose(z.grad.numpy(), tz.grad.numpy())


# -- creation ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [ag.complex64, ag.complex128])
def test_creation_with_complex_dtypes(dtype):
    for t in (ag.zeros(2, 3, dtype=dtype), ag.ones(2, dtype=dtype), ag.empty(2, dtype=dtype),
              ag.eye(2, dtype=dtype), ag.full((2,), 1 - 1j, dtype=dtype), ag.rand(2, dtype=dtype),
              ag.randn(2, dtype=dtype), ag.randn_like(ag.zeros(2, dtype=dtype)), ag.rand_like(ag.zeros(2, dtype=dtype)),
              ag.zeros_like(ag.zeros(2, dtype=dtype)), ag.ones(2).to(dtype)):
        assert t.dtype == dtype
    np.testing.assert_array_equal(ag.eye(2, dtype=dtype).numpy(), np.eye(2))
    assert ag.randn(2, dtype=dtype, requires_grad=True).requires_grad


@pytest.mark.parametrize("op, args", [("linspace", (0, 1 + 2j, 5)), ("linspace", (-1j, 3.0, 4)),
                                      ("logspace", (0, 1j, 3)), ("logspace", (1j, 2.0, 4))])
def test_linspace_and_logspace_with_complex_ends_are_complex_as_torch(op, args):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(ag, op)(*args), getattr(torch, op)(*args)  # the imaginary parts were dropped
    assert ours.dtype == ag.complex64 and theirs.dtype == torch.complex64
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, atol=1e-6)
    assert getattr(ag, op)(*args, dtype=ag.complex128).dtype == ag.complex128
    with pytest.raises(TypeError, match=f"{op}: a complex start or end can't be cast to float32"):
        getattr(ag, op)(*args, dtype=ag.float32)


def test_randn_complex_parts_each_have_variance_one_half_and_rand_parts_are_uniform():
    z = ag.randn(200000, dtype=ag.complex128).numpy()
    for part in (z.real, z.imag):
        assert abs(part.mean()) < 0.01 and abs(part.var() - 0.5) < 0.01
    assert abs(np.corrcoef(z.real, z.imag)[0, 1]) < 0.01
    u = ag.rand(200000, dtype=ag.complex64).numpy()
    for part in (u.real, u.imag):
        assert part.min() >= 0 and part.max() < 1 and abs(part.mean() - 0.5) < 0.01


def test_normal_and_uniform_methods_fill_both_parts_of_a_complex_tensor_as_torch():
    z = ag.empty(200000, dtype=ag.complex128).normal_(2.0, 3.0)  # they refused complex tensors
    for part in (z.real.numpy(), z.imag.numpy()):  # each part N(mean, std^2 / 2), as torch
        assert abs(part.mean() - 2.0) < 0.03 and abs(part.std() - 3.0 / np.sqrt(2)) < 0.03
    z = ag.empty(1000, dtype=ag.complex64).uniform_(2.0, 3.0)
    assert z.dtype == ag.complex64
    for part in (z.real.numpy(), z.imag.numpy()):
        assert 2.0 <= part.min() < 2.01 and 2.99 < part.max() < 3.0


def test_complex_draws_follow_the_seed():
    ag.manual_seed(3)
    a = ag.randn(4, dtype=ag.complex64)
    ag.manual_seed(3)
    np.testing.assert_array_equal(a.numpy(), ag.randn(4, dtype=ag.complex64).numpy())
    b, c = (ag.rand(3, dtype=ag.complex128, generator=ag.Generator().manual_seed(5)) for _ in range(2))
    np.testing.assert_array_equal(b.numpy(), c.numpy())


# -- save/load, parameters, optimizers --------------------------------------------------
def test_complex_tensors_survive_save_and_load(tmp_path):
    state = {"a": ag.tensor([1 + 2j, 3 - 1j]), "b": ag.tensor(_z(), dtype=ag.complex128)}
    ag.save(state, tmp_path / "c.npz")
    back = ag.load(tmp_path / "c.npz")
    for k, v in state.items():
        assert back[k].dtype == v.dtype
        np.testing.assert_array_equal(back[k].numpy(), v.numpy())


def test_complex64_tensors_survive_safetensors_and_complex128_is_refused_as_by_the_format(tmp_path):
    z = ag.tensor([1 + 2j, 3 - 1j])
    ag.save({"z": z}, tmp_path / "c.safetensors")
    back = ag.load(tmp_path / "c.safetensors")["z"]
    assert back.dtype == ag.complex64
    np.testing.assert_array_equal(back.numpy(), z.numpy())
    with pytest.raises(TypeError, match="safetensors has no dtype for complex128"):
        ag.save({"z": z.cdouble()}, tmp_path / "d.safetensors")


def test_complex64_safetensors_files_are_torchs():
    pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        ag.save({"z": ag.tensor([1 + 2j])}, f"{d}/ours.safetensors")
        np.testing.assert_array_equal(st.load_file(f"{d}/ours.safetensors")["z"].numpy(), [1 + 2j])


def test_a_complex_parameter_requires_grad():
    p = nn.Parameter(ag.tensor([1 + 2j]))
    assert p.requires_grad and p.dtype == ag.complex64


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.1}), ("Adam", {"lr": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.1}), ("RMSprop", {"lr": 0.01, "centered": True}), ("Adagrad", {"lr": 0.1}),
    ("Adadelta", {}), ("Adamax", {"lr": 0.1}), ("NAdam", {"lr": 0.1}), ("RAdam", {"lr": 0.1}), ("Rprop", {"lr": 0.1}),
])
def test_optimizers_step_a_complex_parameter_as_torch(name, kwargs):
    """PyTorch steps a complex parameter as its view_as_real: each part has its own second moment."""
    torch = pytest.importorskip("torch")
    start = _z((3,), 7)
    p, tp = nn.Parameter(ag.tensor(start)), torch.nn.Parameter(torch.tensor(start))
    opt, topt = getattr(optim, name)([p], **kwargs), getattr(torch.optim, name)([tp], **kwargs)
    target = _z((3,), 8)
    for _ in range(3):
        for o, q, t, lib in ((opt, p, ag.tensor(target), ag), (topt, tp, torch.tensor(target), torch)):
            o.zero_grad()
            d = q - t
            loss = (d.real ** 4 + d.imag ** 2).sum()
            loss.backward()
            o.step()
    np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["Adafactor", "Muon"])
def test_optimizers_that_torch_keeps_from_complex_parameters_refuse_them(name):
    p = nn.Parameter(ag.tensor(_z((3, 3), 4)))  # Adafactor stepped its real pairs; Muon failed inside matmul
    opt = getattr(optim, name)([p])
    p.grad = ag.ones_like(p)
    with pytest.raises(RuntimeError, match=f"{name} does not support complex parameters"):
        opt.step()


def test_the_state_of_a_complex_parameter_reloads():
    def run(opt, p, steps):
        for _ in range(steps):
            opt.zero_grad()
            (p * p.conj()).real.sum().backward()
            opt.step()
    p = nn.Parameter(ag.tensor(_z((2,), 9)))
    opt = optim.Adam([p], lr=0.1)
    run(opt, p, 2)
    q = nn.Parameter(p.detach().clone())
    reloaded = optim.Adam([q], lr=0.1)
    reloaded.load_state_dict(opt.state_dict())
    run(opt, p, 2)
    run(reloaded, q, 2)
    np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def _lbfgs_steps(param, target, part, line_search_fn):
    """Three LBFGS steps on sum(part(d, 0) ** 4 + part(d, 1) ** 2), d = param - target."""
    opt = optim.LBFGS([param], lr=0.5, line_search_fn=line_search_fn)

    def closure():
        opt.zero_grad()
        d = param - target
        loss = (part(d, 0) ** 4 + part(d, 1) ** 2).sum()
        loss.backward()
        return loss
    for _ in range(3):
        opt.step(closure)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_steps_a_complex_parameter_as_its_real_pairs_as_torch(line_search_fn):
    z, target = _z((3,), 10), _z((3,), 11)
    p = nn.Parameter(ag.tensor(z))
    q = nn.Parameter(ag.tensor(np.stack([z.real, z.imag], -1)))
    _lbfgs_steps(p, ag.tensor(target), lambda d, k: d.imag if k else d.real, line_search_fn)
    _lbfgs_steps(q, ag.tensor(np.stack([target.real, target.imag], -1)), lambda d, k: d[:, k], line_search_fn)
    np.testing.assert_allclose(ag.view_as_real(p.detach()).numpy(), q.detach().numpy(), rtol=1e-12, atol=1e-14)


def test_checkpoint_of_complex_tensors_matches_torch_with_double_backward():
    torch = pytest.importorskip("torch")  # it refused complex inputs (NotImplementedError)
    from autograd_core.utils.checkpoint import checkpoint
    from torch.utils.checkpoint import checkpoint as torch_checkpoint
    zn, xn, wn = _z((3,), 1), _x((3,), 2), _z((3,), 3)
    results = []
    for lib, run in ((ag, checkpoint), (torch, torch_checkpoint)):
        z, x = lib.tensor(zn, requires_grad=True), lib.tensor(xn, requires_grad=True)
        out = run(lambda a, b: (a * b).sin() * a, z, x, use_reentrant=False)
        loss = (out * lib.tensor(wn).conj()).real.sum()
        gz, gx = lib.autograd.grad(loss, (z, x), create_graph=True)
        (gz.abs() ** 2).sum().backward()
        results.append([t.detach().numpy() for t in (out, gz, gx, z.grad, x.grad)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)
