"""ag.autograd.functional (vjp, jvp, jacobian, hessian, vhp, hvp) against torch.autograd.functional."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.autograd import functional as F

torch = pytest.importorskip("torch")

_W = np.random.default_rng(0).standard_normal((3, 4))


def _poly(x):
    return (x ** 3 * 2.0 - x ** 2 + x).sum()


def _mlp(x, w):
    return ((x @ w).tanh() * 1.5).tanh()


def _two_out(x, y):
    return (x * y).sin(), (x.exp() * y ** 2).sum()


def _scalar_two_in(x, y):
    return ((x @ y).tanh() ** 2).sum() + (x ** 3).sum()


# name -> (function, input shapes, does it return one scalar?)
CASES = {
    "poly": (_poly, [(4,)], True),
    "mlp": (_mlp, [(2, 3), (3, 4)], False),
    "two_out": (_two_out, [(3,), (3,)], False),
    "scalar_two_in": (_scalar_two_in, [(2, 3), (3,)], True),
}


def _inputs(shapes, single_as_tensor=True):
    rng = np.random.default_rng(len(shapes))
    arrays = [rng.standard_normal(s) * 0.7 for s in shapes]
    ours, theirs = tuple(ag.tensor(a) for a in arrays), tuple(torch.tensor(a) for a in arrays)
    if single_as_tensor and len(arrays) == 1:
        return ours[0], theirs[0]
    return ours, theirs


def _assert_nested_close(ours, theirs, requires_grad=False):
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, ag.Tensor), f"got {type(ours)} where torch gives a Tensor"
        assert ours.shape == tuple(theirs.shape)
        assert ours.requires_grad == requires_grad
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
        return
    assert isinstance(ours, tuple) and len(ours) == len(theirs), f"nesting differs: {type(ours)} vs {type(theirs)}"
    for a, b in zip(ours, theirs):
        _assert_nested_close(a, b, requires_grad)


def _like(value, rng):
    """A random direction shaped like ``value`` (nested), as (ours, torch's)."""
    if isinstance(value, torch.Tensor):
        a = rng.standard_normal(tuple(value.shape))
        return ag.tensor(a), torch.tensor(a)
    pairs = [_like(v, rng) for v in value]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


@pytest.mark.parametrize("name", CASES)
def test_vjp_jvp_jacobian_match_torch(name):
    func, shapes, _ = CASES[name]
    xs, txs = _inputs(shapes)
    v, tv = _like(func(*(txs if isinstance(txs, tuple) else (txs,))), np.random.default_rng(5))
    _assert_nested_close(F.vjp(func, xs, v), torch.autograd.functional.vjp(func, txs, tv))
    u, tu = _like(txs, np.random.default_rng(3))
    _assert_nested_close(F.jvp(func, xs, u), torch.autograd.functional.jvp(func, txs, tu))
    _assert_nested_close(F.jacobian(func, xs), torch.autograd.functional.jacobian(func, txs))
    _assert_nested_close(F.jacobian(func, xs, vectorize=True, strategy="forward-mode"),
                         torch.autograd.functional.jacobian(func, txs, vectorize=True, strategy="forward-mode"))


@pytest.mark.parametrize("name", [n for n, case in CASES.items() if case[2]])
def test_hessian_vhp_hvp_match_torch(name):
    func, shapes, _ = CASES[name]
    xs, txs = _inputs(shapes)
    u, tu = _like(txs, np.random.default_rng(4))
    _assert_nested_close(F.hessian(func, xs), torch.autograd.functional.hessian(func, txs))
    _assert_nested_close(F.hessian(func, xs, vectorize=True, outer_jacobian_strategy="forward-mode"),
                         torch.autograd.functional.hessian(func, txs, vectorize=True,
                                                           outer_jacobian_strategy="forward-mode"))
    _assert_nested_close(F.vhp(func, xs, u), torch.autograd.functional.vhp(func, txs, tu))
    _assert_nested_close(F.hvp(func, xs, u), torch.autograd.functional.hvp(func, txs, tu))


def test_tuple_of_one_input_keeps_the_tuple_nesting():
    xs, txs = _inputs([(4,)], single_as_tensor=False)
    _assert_nested_close(F.jacobian(_poly, xs), torch.autograd.functional.jacobian(_poly, txs))
    _assert_nested_close(F.hessian(_poly, xs), torch.autograd.functional.hessian(_poly, txs))
    _assert_nested_close(F.vjp(_poly, xs), torch.autograd.functional.vjp(_poly, txs))


@pytest.mark.parametrize("api", ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"])
def test_create_graph_results_differentiate_again_as_torch(api):
    """With create_graph=True the results keep their graph: differentiate their sum w.r.t. the inputs."""
    func = _scalar_two_in
    a, b = np.random.default_rng(7).standard_normal((2, 3)), np.random.default_rng(8).standard_normal(3)
    ours_in = (ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True))
    torch_in = (torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True))
    u = (np.ones((2, 3)) * 0.3, np.linspace(-1, 1, 3))
    extra = {"vjp": (1.0,), "jvp": (u,), "vhp": (u,), "hvp": (u,)}.get(api, ())

    def run(lib_api, inputs, tensor):
        args = tuple(tensor(e) if np.isscalar(e) else tuple(tensor(np.asarray(p)) for p in e) for e in extra)
        result = lib_api(func, inputs, *args, create_graph=True)
        flat = [r for r in _flatten(result) if r.requires_grad]
        return sum(r.sum() * (k + 1) for k, r in enumerate(flat))

    ours = run(getattr(F, api), ours_in, lambda p: ag.tensor(np.asarray(p, dtype=float)))
    theirs = run(getattr(torch.autograd.functional, api), torch_in, lambda p: torch.tensor(np.asarray(p, dtype=float)))
    assert ours.requires_grad
    for g, tg in zip(ag.grad(ours, ours_in, allow_unused=True), torch.autograd.grad(theirs, torch_in, allow_unused=True)):
        np.testing.assert_allclose(g.numpy(), tg.numpy(), rtol=1e-9, atol=1e-12)


def _flatten(value):
    if isinstance(value, (ag.Tensor, torch.Tensor)):
        return [value]
    return [leaf for v in value for leaf in _flatten(v)]


def test_results_are_detached_without_create_graph_and_inputs_untouched():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    out, g = F.vjp(lambda t: (t ** 2).sum(), x)
    assert not out.requires_grad and not g.requires_grad and x.grad is None
    np.testing.assert_allclose(g.numpy(), [2.0, 4.0])


def test_independent_input_gives_zeros_or_strict_error_as_torch():
    f = lambda x, y: x ** 2  # noqa: E731
    x, y = ag.tensor([1.0, 2.0]), ag.tensor([3.0])
    jac = F.jacobian(f, (x, y))
    np.testing.assert_array_equal(jac[1].numpy(), np.zeros((2, 1)))
    for call, message in [
        (lambda: F.jacobian(f, (x, y), strict=True), "Output 0 of the user-provided function is independent of input 1"),
        (lambda: F.vjp(f, (x, y), ag.ones(2), strict=True), "independent of input 1. This is not allowed in strict mode"),
        (lambda: F.jvp(lambda t: t.detach(), x, ag.ones(2), strict=True), "Output 0 of the user-provided function does not require gradients"),
    ]:
        with pytest.raises(RuntimeError, match=message):
            call()


def test_bad_arguments_raise_torch_errors():
    x = ag.tensor([1.0, 2.0])
    cube = lambda t: t ** 3  # noqa: E731
    cases = [
        (lambda: F.vjp(cube, [x], ag.ones(2)), TypeError, "inputs given to vjp must be either a Tensor or a tuple"),
        (lambda: F.vjp(cube, x), RuntimeError, "v can only be None if the user-provided function returns a single"),
        (lambda: F.vjp(cube, x, ag.ones(3)), RuntimeError, r"v has invalid size: should be \(2,\) but got \(3,\)"),
        (lambda: F.jvp(cube, (x,), (ag.ones(2), ag.ones(2))), RuntimeError, "v is a tuple of invalid length: should be 1 but got 2"),
        (lambda: F.hessian(cube, x), RuntimeError, "hessian should contain a single element"),
        (lambda: F.hessian(lambda t: (t, t), x), RuntimeError, "hessian should return a single Tensor"),
        (lambda: F.vhp(cube, x, ag.ones(2)), RuntimeError, "vhp should contain a single element"),
        (lambda: F.jacobian(cube, x, strategy="sideways"), AssertionError, "forward-mode"),
        (lambda: F.jacobian(cube, x, strategy="forward-mode"), NotImplementedError, "vectorize=True"),
        (lambda: F.jacobian(cube, x, strict=True, vectorize=True), RuntimeError, "strict=True` and `vectorized=True"),
        (lambda: F.jvp(lambda t: 3, x, ag.ones(2)), TypeError, "outputs of the user-provided function given to jvp"),
    ]
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()


def test_autograd_namespace_exposes_grad_backward_and_functional():
    assert ag.autograd.grad is ag.grad and ag.autograd.backward is ag.backward
    assert ag.autograd.functional.hessian is F.hessian and ag.autograd.Function is ag.Function
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ag.autograd.nope  # noqa: B018
