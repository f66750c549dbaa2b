"""ag.func (grad, vjp, jvp, linearize, jacrev, jacfwd, hessian, vmap, stack_module_state) against torch.func."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import func
from autograd_core.func._pytree import tree_flatten

_RNG = np.random.default_rng(0)
A = _RNG.standard_normal(3)
B = _RNG.standard_normal(3)
M = _RNG.standard_normal((2, 3))


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _ag(*arrays):
    return tuple(ag.tensor(a) for a in arrays)


def _th(torch, *arrays):
    return tuple(torch.tensor(a) for a in arrays)


def _close(ours, theirs, atol=1e-10):
    """Two pytrees (ours of ag Tensors, theirs of torch tensors) with the same structure and values."""
    (o_leaves, o_spec), (t_leaves, t_spec) = tree_flatten(ours), tree_flatten(theirs)
    assert repr(o_spec) == repr(t_spec)
    for o, t in zip(o_leaves, t_leaves):
        assert o.shape == tuple(t.shape)
        np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), atol=atol)


# -- grad -------------------------------------------------------------------------
_FNS = {  # name -> (function, argnums): the same code runs on our Tensors and on torch's
    "poly": (lambda x: (x ** 3 * 2.0 - x.sin()).sum(), 0),
    "two": (lambda x, y: (x * y.exp()).sum() + (x ** 2).sum(), (0, 1)),
    "neg": (lambda x, y: (x.tanh() * y).sum(), -1),
    "dict": (lambda d, y: (d["a"] * d["b"][0] * y).sum(), 0),
}


def _args(name, mod):
    if name == "dict":
        return {"a": mod(A), "b": [mod(B)]}, mod(A)
    return (mod(A),) if name == "poly" else (mod(A), mod(B))


@pytest.mark.parametrize("name", ["poly", "two", "neg", "dict"])
def test_grad_and_grad_and_value_match_torch(torch, name):
    f, argnums = _FNS[name]
    ours, theirs = _args(name, ag.tensor), _args(name, torch.tensor)
    _close(func.grad(f, argnums)(*ours), torch.func.grad(f, argnums)(*theirs))
    _close(func.grad_and_value(f, argnums)(*ours), torch.func.grad_and_value(f, argnums)(*theirs))


def test_grad_has_aux_and_kwargs(torch):
    def f(x, scale=1.0):
        return (x ** 2).sum() * scale, {"double": x * 2}
    _close(func.grad(f, has_aux=True)(ag.tensor(A), scale=3.0),
           torch.func.grad(f, has_aux=True)(torch.tensor(A), scale=3.0))
    _close(func.grad_and_value(f, has_aux=True)(ag.tensor(A)), torch.func.grad_and_value(f, has_aux=True)(
        torch.tensor(A)))


def test_grad_composes_to_third_derivative(torch):
    def f(x):
        return x.sin() * x ** 3
    ours = func.grad(func.grad(func.grad(f)))(ag.tensor(0.7))
    theirs = torch.func.grad(torch.func.grad(torch.func.grad(f)))(torch.tensor(0.7))
    _close(ours, theirs)
    assert not ours.requires_grad


def test_grad_of_inner_grad_over_a_captured_variable(torch):
    def outer(lib):
        return lambda x: (x * lib.func.grad(lambda y: (x * y ** 2).sum())(x)).sum()
    _close(func.grad(outer(ag))(ag.tensor(A)), torch.func.grad(outer(torch))(torch.tensor(A)))


def test_grad_unused_argument_gives_zeros():
    g = func.grad(lambda x, y: (x ** 2).sum(), argnums=1)(ag.tensor(A), ag.tensor(B))
    np.testing.assert_array_equal(g.numpy(), np.zeros(3))
    g = func.grad(lambda x: ag.tensor(1.0))(ag.tensor(A))
    np.testing.assert_array_equal(g.numpy(), np.zeros(3))


def test_grad_is_functional_but_keeps_the_outer_graph(torch):
    """Captured tensors are constants to grad, yet its result stays differentiable with respect to them,
    and to inputs the caller differentiates; nothing outside gives a detached result, as in torch."""
    for lib, tensor in ((ag, ag.tensor), (torch, torch.tensor)):
        w, x = tensor(B, requires_grad=True), tensor(A)
        g = lib.func.grad(lambda x: (x * w * x).sum())(x)
        assert g.requires_grad
        g.sum().backward()
        assert not lib.func.grad(lambda x: (x + w).sum())(x).requires_grad
        assert not lib.func.grad(lambda x: (x ** 3).sum())(x).requires_grad
        xr = tensor(A, requires_grad=True)
        gx = lib.func.grad(lambda x: (x ** 3).sum())(xr)
        assert gx.requires_grad
        gx.sum().backward()
        with lib.no_grad():
            assert not lib.func.grad(lambda x: (x ** 3).sum())(xr).requires_grad
    np.testing.assert_allclose(w.grad.numpy(), 2 * A)
    np.testing.assert_allclose(xr.grad.numpy(), 6 * A)


def test_grad_under_no_grad_still_differentiates():
    seen = []

    def f(x):
        seen.append((x.requires_grad, ag.is_grad_enabled()))
        return (x ** 2).sum()
    with ag.no_grad():
        g = func.grad(f)(ag.tensor(A))
    assert seen == [(True, True)]
    np.testing.assert_allclose(g.numpy(), 2 * A)


@pytest.mark.parametrize("call, error, match", [
    (lambda: func.grad(lambda x: x * 2)(ag.tensor(A)), RuntimeError, "scalar Tensor, got tensor with 1 dims"),
    (lambda: func.grad(lambda x: (x * 2).sum().reshape(1))(ag.tensor(A)), RuntimeError, "scalar Tensor"),
    (lambda: func.grad(lambda x: 3.0)(ag.tensor(A)), RuntimeError, "return a Tensor, got <class 'float'>"),
    (lambda: func.grad(lambda x: (x.sum(), x.sum()))(ag.tensor(A)), RuntimeError, "got <class 'tuple'>"),
    (lambda: func.grad(lambda x: x.sum(), has_aux=True)(ag.tensor(A)), RuntimeError, r"\(output, aux\)"),
    (lambda: func.grad(lambda x: (x.sum(), 1.5), has_aux=True)(ag.tensor(A)), RuntimeError,
     "Expected tensors, got unsupported type <class 'float'>"),
    (lambda: func.grad(lambda x, y: x.sum(), argnums=2)(*_ag(A, B)), RuntimeError, "argnum=2, but only 2"),
    (lambda: func.grad(lambda x, y: x.sum(), argnums=())(*_ag(A, B)), RuntimeError, "non-empty"),
    (lambda: func.grad(lambda x, y: x.sum(), argnums=(0, -2))(*_ag(A, B)), RuntimeError, "unique"),
    (lambda: func.grad(lambda x, y: x.sum(), argnums=0.5)(*_ag(A, B)), RuntimeError, "int or Tuple"),
    (lambda: func.grad(lambda x: x)(3.0), ValueError, "must be Tensor, got <class 'float'>"),
    (lambda: func.grad(lambda x: x.sum())(ag.tensor([1, 2])), RuntimeError, "floating point"),
])
def test_grad_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# -- vjp, jvp, linearize --------------------------------------------------------------
def _pytree_fn(x, d):
    return {"p": x * d["w"].sin(), "s": ((x ** 2).sum(), d["w"].exp())}


def test_vjp_matches_torch_with_pytrees_and_reuse(torch):
    ours, theirs = (ag.tensor(A), {"w": ag.tensor(B)}), (torch.tensor(A), {"w": torch.tensor(B)})
    (o_out, o_fn), (t_out, t_fn) = func.vjp(_pytree_fn, *ours), torch.func.vjp(_pytree_fn, *theirs)
    _close(o_out, t_out)
    for _ in range(2):  # vjp_fn may be called again
        _close(o_fn({"p": ag.tensor(A), "s": (ag.tensor(2.0), ag.tensor(B))}),
               t_fn({"p": torch.tensor(A), "s": (torch.tensor(2.0), torch.tensor(B))}))
    assert not o_out["p"].requires_grad


def test_vjp_has_aux_and_errors(torch):
    o_out, o_fn, o_aux = func.vjp(lambda x: (x.sin(), x.cos()), ag.tensor(A), has_aux=True)
    t_out, t_fn, t_aux = torch.func.vjp(lambda x: (x.sin(), x.cos()), torch.tensor(A), has_aux=True)
    _close((o_out, o_fn(ag.tensor(B)), o_aux), (t_out, t_fn(torch.tensor(B)), t_aux))
    _, fn = func.vjp(ag.sin, ag.tensor(A))
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of \(2,\)"):
        fn(ag.ones(2))
    with pytest.raises(RuntimeError, match="pytree structure of cotangents"):
        fn((ag.ones(3),))
    with pytest.raises(RuntimeError, match="return only tensors, got unsupported type <class 'float'>"):
        func.vjp(lambda x: 1.0, ag.tensor(A))


def test_vjp_inside_grad_is_differentiable(torch):
    def f(lib):
        return lambda x: lib.func.vjp(lambda y: y.sin() * y, x)[1](x)[0].sum()
    _close(func.grad(f(ag))(ag.tensor(A)), torch.func.grad(f(torch))(torch.tensor(A)))


def test_jvp_matches_torch(torch):
    ours = func.jvp(_pytree_fn, (ag.tensor(A), {"w": ag.tensor(B)}), (ag.tensor(B), {"w": ag.tensor(A)}))
    theirs = torch.func.jvp(_pytree_fn, (torch.tensor(A), {"w": torch.tensor(B)}),
                            (torch.tensor(B), {"w": torch.tensor(A)}))
    _close(ours, theirs)
    _close(func.jvp(lambda x: (x.exp(), x), (ag.tensor(A),), (ag.tensor(B),), has_aux=True),
           torch.func.jvp(lambda x: (x.exp(), x), (torch.tensor(A),), (torch.tensor(B),), has_aux=True))
    _close(func.jvp(lambda x: ag.ones(2), (ag.tensor(A),), (ag.tensor(B),)),
           torch.func.jvp(lambda x: torch.ones(2, dtype=torch.float64), (torch.tensor(A),), (torch.tensor(B),)))
    _close(func.jvp(lambda x: x, (ag.tensor(A),), (ag.tensor(B),), strict=True),
           torch.func.jvp(lambda x: x, (torch.tensor(A),), (torch.tensor(B),), strict=True))


def test_jvp_is_differentiable_in_its_tangent_and_primal(torch):
    for lib, tensor in ((ag, ag.tensor), (torch, torch.tensor)):
        x, t = tensor(A, requires_grad=True), tensor(B, requires_grad=True)
        out = lib.func.jvp(lambda x: (x.sin() * x).sum(), (x,), (t,))[1]
        assert out.requires_grad
        out.backward()
        if lib is ag:
            ours = (x.grad, t.grad)
    _close(ours, (x.grad, t.grad))


@pytest.mark.parametrize("call, match", [
    (lambda: func.jvp(ag.sin, ag.tensor(A), ag.tensor(A)), "Expected primals to be a tuple"),
    (lambda: func.jvp(ag.sin, (ag.tensor(A),), [ag.tensor(A)]), "Expected tangents to be a tuple"),
    (lambda: func.jvp(ag.sin, (ag.tensor(A),), (ag.tensor(A),) * 2), "same python structure"),
    (lambda: func.jvp(ag.sin, (ag.tensor(A),), (ag.ones(2),)), r"the given forward gradient is of size \[2\]"),
    (lambda: func.jvp(lambda: ag.ones(2), (), ()), "at least one Tensor"),
    (lambda: func.jvp(ag.sin, (1.0,), (1.0,)), "primals to only contain Tensors"),
    (lambda: func.jvp(ag.sin, (ag.tensor(A),), (1.0,)), "tangents to only contain Tensors"),
    (lambda: func.linearize(lambda x, y: x * y, *_ag(A, B))[1](ag.tensor(A)), "same argspec"),
    (lambda: func.jvp(lambda x: ag.ones(2), (ag.tensor(A),), (ag.tensor(A),), strict=True), "independent of the"),
    (lambda: func.jvp(lambda x: (x * 2, ag.ones(3, requires_grad=True) * 2), (ag.tensor(A),), (ag.tensor(A),),
                      strict=True), "strict=True"),
])
def test_jvp_and_linearize_errors(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


def test_linearize_matches_torch_and_runs_func_once(torch):
    calls = []

    def f(x, y):
        calls.append(type(x))
        return (x.sin() * y, x.exp())
    o_out, o_fn = func.linearize(f, *_ag(A, B))
    t_out, t_fn = torch.func.linearize(f, *_th(torch, A, B))
    _close(o_out, t_out)
    for tangents in ((A, B), (B, A)):
        _close(o_fn(*_ag(*tangents)), t_fn(*_th(torch, *tangents)))
    assert calls.count(ag.Tensor) == 1


# -- jacrev, jacfwd, hessian --------------------------------------------------------------
def _two_outputs(x, y):
    return x * y.sin(), (x ** 2 * y).sum()


@pytest.mark.parametrize("name", ["jacrev", "jacfwd"])
def test_jacobians_match_torch(torch, name):
    ours, theirs = getattr(func, name), getattr(torch.func, name)
    _close(ours(ag.sin)(ag.tensor(M)), theirs(torch.sin)(torch.tensor(M)))
    _close(ours(_two_outputs, argnums=(0, 1))(*_ag(A, B)), theirs(_two_outputs, argnums=(0, 1))(*_th(torch, A, B)))
    _close(ours(lambda d: {"o": d["a"] * 2})({"a": ag.tensor(A)}),
           theirs(lambda d: {"o": d["a"] * 2})({"a": torch.tensor(A)}))
    _close(ours(lambda x: (x.sin(), x), has_aux=True)(ag.tensor(A)),
           theirs(lambda x: (x.sin(), x), has_aux=True)(torch.tensor(A)))
    _close(ours(lambda x: x ** 2)(ag.tensor(3.0)), theirs(lambda x: x ** 2)(torch.tensor(3.0)))


def test_hessian_matches_torch(torch):
    def f(x, y):
        return (x ** 3 * y).sum() + (x * y.exp()).sum()
    _close(func.hessian(f)(*_ag(A, B)), torch.func.hessian(f)(*_th(torch, A, B)))
    _close(func.hessian(f, argnums=(0, 1))(*_ag(A, B)), torch.func.hessian(f, argnums=(0, 1))(*_th(torch, A, B)))


def test_jacobian_errors_and_randomness():
    with pytest.raises(ValueError, match="chunk_size` should be greater than 0"):
        func.jacrev(ag.sin, chunk_size=0)
    with pytest.raises(RuntimeError, match="randomness are 'error', 'different', or 'same'. Got foo"):
        func.jacfwd(ag.sin, randomness="foo")
    with pytest.raises(RuntimeError, match=r"vjp\(f, \*primals\): expected f\(\*primals\) to return only"):
        func.jacrev(lambda x: 1.0)(ag.tensor(A))
    with pytest.raises(RuntimeError, match="jvp.*return only tensors"):
        func.jacfwd(lambda x: 1.0)(ag.tensor(A))
    with pytest.raises(RuntimeError, match="randomness error mode"):
        func.jacfwd(lambda x: x * ag.rand(3))(ag.tensor(A))
    jac = func.jacfwd(lambda x: x * ag.rand(3, dtype=ag.float64), randomness="same")(ag.tensor(A))
    np.testing.assert_array_equal(jac.numpy(), np.diag(np.diag(jac.numpy())))


# -- vmap ---------------------------------------------------------------------------------
def _vmap_cases(lib):
    ones = lib.ones(3, dtype=lib.float64)
    return [
        (lambda r: r.sum(), {}, (M,)),
        (lambda r: r.sum(), {"in_dims": 1}, (M,)),
        (lambda r: r.sum(), {"in_dims": -1}, (M,)),
        (lambda r: r * 2, {"out_dims": 1}, (M,)),
        (lambda r: r * 2, {"out_dims": -1}, (M,)),
        (lambda a, b: a * b, {"in_dims": (0, None)}, (M, A)),
        (lambda a, s=1: a * s, {}, (M,)),
        (lambda r: (r, {"s": r.sum()}), {}, (M,)),
        (lambda r: (r, r.sum()), {"out_dims": (1, 0)}, (M,)),
        (lambda r: (r, ones), {"out_dims": (0, None)}, (M,)),
        (lambda r: r * ones, {}, (M,)),
    ]


@pytest.mark.parametrize("case", range(11))
def test_vmap_matches_torch(torch, case):
    f, kw, arrays = _vmap_cases(ag)[case]
    tf, _, _ = _vmap_cases(torch)[case]
    _close(func.vmap(f, **kw)(*_ag(*arrays)), torch.vmap(tf, **kw)(*_th(torch, *arrays)))


def test_vmap_pytree_inputs_nested_and_top_level_name(torch):
    def add(d):
        return d["a"] + d["b"]
    for in_dims in (0, ({"a": 0, "b": None},)):
        b = M if in_dims == 0 else A
        _close(ag.vmap(add, in_dims=in_dims)({"a": ag.tensor(M), "b": ag.tensor(b)}),
               torch.vmap(add, in_dims=in_dims)({"a": torch.tensor(M), "b": torch.tensor(b)}))
    _close(func.vmap(func.vmap(lambda a: a * 2))(ag.tensor(M)), torch.vmap(torch.vmap(lambda a: a * 2))(
        torch.tensor(M)))
    _close(func.vmap(lambda a, b: a @ b, in_dims=(None, 0))(ag.tensor(M), ag.tensor(np.stack([A, B]))),
           torch.vmap(lambda a, b: a @ b, in_dims=(None, 0))(torch.tensor(M), torch.tensor(np.stack([A, B]))))


def test_vmap_is_differentiable(torch):
    x, tx = ag.tensor(M, requires_grad=True), torch.tensor(M, requires_grad=True)
    (func.vmap(lambda r: (r ** 2).sum() * r)(x) * ag.tensor(M)).sum().backward()
    (torch.vmap(lambda r: (r ** 2).sum() * r)(tx) * torch.tensor(M)).sum().backward()
    _close(x.grad, tx.grad)


def test_per_sample_gradients_match_torch(torch):
    """The docstring's example: vmap(grad(loss)) over a batch, parameters shared."""
    rng = np.random.default_rng(1)
    w, b, xs, ys = rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((5, 3)), \
        rng.standard_normal((5, 2))

    def loss(params, x, y):
        return ((x @ params["w"] + params["b"] - y) ** 2).mean()
    ours = func.vmap(func.grad(loss), in_dims=(None, 0, 0))({"w": ag.tensor(w), "b": ag.tensor(b)}, *_ag(xs, ys))
    theirs = torch.func.vmap(torch.func.grad(loss), in_dims=(None, 0, 0))(
        {"w": torch.tensor(w), "b": torch.tensor(b)}, *_th(torch, xs, ys))
    _close(ours, theirs)
    assert ours["w"].shape == (5, 3, 2)


def test_vmap_randomness():
    x = ag.zeros(4, 3)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        func.vmap(lambda r: r + ag.rand(3))(x)
    same = func.vmap(lambda r: r + ag.rand(3), randomness="same")(x).numpy()
    assert (same == same[0]).all()
    different = func.vmap(lambda r: r + ag.rand(3), randomness="different")(x).numpy()
    assert len({tuple(row) for row in different}) == 4
    with pytest.raises(RuntimeError, match="Got x"):
        func.vmap(ag.sin, randomness="x")


@pytest.mark.parametrize("call, match", [
    (lambda: func.vmap(lambda r: r.sum(), in_dims=2)(ag.tensor(M)), "satisfy -2 <= in_dim < 2"),
    (lambda: func.vmap(lambda a, b: a * b)(ag.tensor(M), ag.ones(3, 3)), r"got sizes \[2, 3\]"),
    (lambda: func.vmap(lambda a: a, in_dims=None)(ag.tensor(M)), "int or a \\(potentially nested\\) tuple"),
    (lambda: func.vmap(lambda a, b: a, in_dims=(None, None))(*_ag(M, M)), "at least one Tensor to vmap over"),
    (lambda: func.vmap(lambda a, b: a, in_dims=(0,))(*_ag(M, M)), "in_dims is not compatible"),
    (lambda: func.vmap(lambda a, b: a, in_dims=[0, None])(*_ag(M, M)), "got: <class 'list'>"),
    (lambda: func.vmap(lambda a, b: a * b)(ag.tensor(M), 2.0), "cannot vmap over non-Tensor arguments"),
    (lambda: func.vmap(lambda a: a, in_dims=(0.5,))(ag.tensor(M)), "integer dimension or None"),
    (lambda: func.vmap(lambda a: a)(ag.tensor(1.0)), "dimensionality 0"),
    (lambda: func.vmap(lambda r: (r, r), out_dims=(0, 1, 2))(ag.tensor(M)), "out_dims is not compatible"),
    (lambda: func.vmap(lambda r: 1.0)(ag.tensor(M)), "must only return Tensors, got type <class 'float'>"),
    (lambda: func.vmap(lambda r: r)(ag.ones(0, 3)), "size 0"),
    (lambda: func.vmap(lambda r: r, chunk_size=0), r"chunk_size should be None or greater than 0. \(got 0\)"),
    (lambda: func.vmap(lambda r: (r,) * int(r[0].item() + 1))(ag.tensor(np.eye(2))), "different structures"),
])
def test_vmap_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_vmap_out_dims_errors():
    with pytest.raises(IndexError, match=r"expected to be in range of \[-2, 1\], but got 3"):
        func.vmap(lambda r: r * 2, out_dims=3)(ag.tensor(M))
    for out_dims in ("a", (0.5,)):
        with pytest.raises(ValueError, match="`out_dims` must be an int, None or a python collection of ints"):
            func.vmap(lambda r: r * 2, out_dims=out_dims)(ag.tensor(M))


# -- modules ----------------------------------------------------------------------------
def test_stack_module_state_and_functional_call_ensemble():
    from autograd_core import nn
    models = [nn.Linear(3, 2) for _ in range(4)]
    params, buffers = func.stack_module_state(models)
    assert params["weight"].shape == (4, 2, 3) and params["weight"].is_leaf and params["weight"].requires_grad
    assert buffers == {}
    x = ag.tensor(A.astype(np.float32))

    def call(p, b, x):
        return func.functional_call(models[0], (p, b), (x,))
    out = func.vmap(call, in_dims=(0, 0, None))(params, buffers, x)
    np.testing.assert_allclose(out.detach().numpy(), np.stack([m(x).detach().numpy() for m in models]), rtol=1e-6)
    out.sum().backward()
    assert params["weight"].grad.shape == (4, 2, 3)


def test_stack_module_state_errors():
    from autograd_core import nn
    with pytest.raises(RuntimeError, match="at least one model"):
        func.stack_module_state([])
    with pytest.raises(RuntimeError, match="same class"):
        func.stack_module_state([nn.Linear(2, 2), nn.Tanh()])
    with pytest.raises(RuntimeError, match="training/eval mode"):
        func.stack_module_state([nn.Linear(2, 2), nn.Linear(2, 2).eval()])
    frozen = nn.Linear(2, 2)
    frozen.weight.requires_grad_(False)
    with pytest.raises(RuntimeError, match="weight from each model to have the same .requires_grad"):
        func.stack_module_state([nn.Linear(2, 2), frozen])


def test_backward_through_every_transform_matches_torch(torch):
    """Results stay differentiable with respect to inputs (and cotangents) the caller differentiates."""
    def f(x):
        return (x.sin() * x ** 2).sum()
    grads = []
    for lib, tensor in ((ag, ag.tensor), (torch, torch.tensor)):
        F, x, v = lib.func, tensor(A, requires_grad=True), tensor(B, requires_grad=True)
        losses = [lambda: F.grad(lambda y: F.grad(f)(y).sum())(x).sum(),
                  lambda: (F.vjp(lambda y: y.exp() * y, x)[1](v)[0] ** 2).sum(),
                  lambda: F.jacrev(lambda y: y.sin() * y.sum())(x).pow(2).sum(),
                  lambda: F.jacfwd(lambda y: y.sin() * y.sum())(x).pow(2).sum(),
                  lambda: F.hessian(f)(x).sum(),
                  lambda: lib.vmap(F.hessian(lambda y: (y ** 3).sum()))(x.reshape(3, 1)).sum()]
        grads.append([lib.autograd.grad(loss(), (x, v), allow_unused=True) for loss in losses])
    for ours, theirs in zip(*grads):
        for o, t in zip(ours, theirs):
            assert (o is None) == (t is None)
            if o is not None:
                _close(o, t)
