"""ag.func and ag.autograd.functional: cases a review found wrong, each against torch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import func


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


# -- a transform's copies are constants to the transforms that don't enclose it ----------------
_INNER = {  # name -> f(lib, w): a function of w that runs a transform at a constant point inside
    "grad": lambda lib, w: lib.func.grad(lambda x: (x ** 3 * w).sum())(lib.tensor([1.0, 2.0])).sum(),
    "vjp": lambda lib, w: lib.func.vjp(lambda x: x ** 3, lib.tensor([1.0, 2.0]))[1](w)[0].sum(),
    "jvp": lambda lib, w: lib.func.jvp(lambda x: x ** 3, (lib.tensor([1.0, 2.0]),), (w,))[1].sum(),
    "jacrev": lambda lib, w: lib.func.jacrev(lambda x: x ** 3 * w)(lib.tensor([1.0, 2.0])).sum(),
    "vmap_grad": lambda lib, w: lib.func.vmap(lib.func.grad(lambda x: (x ** 3 * w).sum()))(
        lib.tensor([1.0, 2.0])).sum(),
}


@pytest.mark.parametrize("name", sorted(_INNER))
def test_outer_grad_of_an_inner_transform_is_a_plain_tensor(torch, name):
    f = _INNER[name]
    theirs = torch.func.grad(lambda w: f(torch, w))(torch.ones(2))
    ours = func.grad(lambda w: f(ag, w))(ag.ones(2))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())
    assert not theirs.requires_grad
    assert not ours.requires_grad and ours.grad_fn is None


def test_vjp_fn_made_outside_called_inside_grad(torch):
    _, theirs_fn = torch.func.vjp(lambda x: x ** 3, torch.tensor([1.0, 2.0]))
    _, ours_fn = func.vjp(lambda x: x ** 3, ag.tensor([1.0, 2.0]))
    theirs = torch.func.grad(lambda v: theirs_fn(v)[0].sum())(torch.ones(2))
    ours = func.grad(lambda v: ours_fn(v)[0].sum())(ag.ones(2))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())
    assert not ours.requires_grad
    # ... and the vjp_fn still keeps the graph to a cotangent the caller differentiates
    v = ag.ones(2, requires_grad=True)
    ours_fn(v)[0].sum().backward()
    np.testing.assert_allclose(v.grad.numpy(), [3.0, 12.0])


# -- ag.autograd.functional ------------------------------------------------------------------------
def _functional_close(ours, theirs):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            _functional_close(o, t)
        return
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy())


_NO_HESSIAN_BLOCK = {  # an input the gradient doesn't depend on, a gradient that is None
    "unused_input": (lambda x, y: (x ** 2).sum(), 2),
    "constant": (lambda x: (x.detach() * 0 + 1).sum(), 1),
}


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("name", sorted(_NO_HESSIAN_BLOCK))
@pytest.mark.parametrize("fn", ["hvp", "vhp"])
def test_hessian_products_with_a_missing_block_give_zeros(torch, fn, name, create_graph):
    f, n = _NO_HESSIAN_BLOCK[name]
    inputs = [np.array([1.0, 2.0]), np.array([3.0, 4.0])][:n]
    v = [np.array([1.0, -1.0]), np.array([0.5, 2.0])][:n]
    pack = (lambda mod, arrays: tuple(map(mod, arrays)) if n > 1 else mod(arrays[0]))
    theirs = getattr(torch.autograd.functional, fn)(f, pack(torch.tensor, inputs), pack(torch.tensor, v),
                                                     create_graph=create_graph)
    ours = getattr(ag.autograd.functional, fn)(f, pack(ag.tensor, inputs), pack(ag.tensor, v),
                                                create_graph=create_graph)
    _functional_close(ours, theirs)


def _error(call):
    with pytest.raises(Exception) as info:
        call()
    return type(info.value), str(info.value)


_STRICT_CASES = {  # name -> call(functional module, tensor maker)
    "jvp_unused": lambda F, t: F.jvp(lambda x, y: x * 2, (t([1.0, 2.0]), t([3.0, 4.0])),
                                     (t([1.0, 1.0]), t([1.0, 1.0])), strict=True),
    "vhp_unused": lambda F, t: F.vhp(lambda x, y: (x ** 2).sum(), (t([1.0, 2.0]), t([3.0, 4.0])),
                                     (t([1.0, 1.0]), t([1.0, 1.0])), strict=True),
    "hvp_unused": lambda F, t: F.hvp(lambda x, y: (x ** 2).sum(), (t([1.0, 2.0]), t([3.0, 4.0])),
                                     (t([1.0, 1.0]), t([1.0, 1.0])), strict=True),
    "jacobian_forward_strict": lambda F, t: F.jacobian(lambda x: x ** 2, t([1.0, 2.0]), strict=True,
                                                       strategy="forward-mode"),
    "jacobian_forward_strict_vectorize": lambda F, t: F.jacobian(lambda x: x ** 2, t([1.0, 2.0]), strict=True,
                                                                 vectorize=True, strategy="forward-mode"),
    "jacobian_constant_strict_vectorize": lambda F, t: F.jacobian(lambda x: x.detach() * 2, t([1.0, 2.0]),
                                                                  strict=True, vectorize=True),
    "hessian_linear_strict_vectorize": lambda F, t: F.hessian(lambda x: (3 * x).sum(), t([1.0, 2.0]),
                                                              strict=True, vectorize=True),
}


@pytest.mark.parametrize("name", sorted(_STRICT_CASES))
def test_strict_errors_as_torch(torch, name):
    """The same error as torch's, found in the same order (an input the outputs don't reach; strict with
    forward mode before vectorize; strict with vectorize only once the outputs passed their checks)."""
    call = _STRICT_CASES[name]
    theirs = _error(lambda: call(torch.autograd.functional, torch.tensor))
    ours = _error(lambda: call(ag.autograd.functional, ag.tensor))
    assert ours[0] is theirs[0]
    assert ours[1] == theirs[1].replace("torch.autograd.functional.", "")


# -- vmap ----------------------------------------------------------------------------------------
def test_vmap_out_dims_none_refuses_an_output_that_varies(torch):
    x = np.arange(6.0).reshape(2, 3)
    with pytest.raises(ValueError, match="can not return a BatchedTensor when out_dim is None"):
        torch.vmap(lambda t: t * 2, out_dims=None)(torch.tensor(x))
    with pytest.raises(ValueError, match="can not return a BatchedTensor when out_dim is None"):
        func.vmap(lambda t: t * 2, out_dims=None)(ag.tensor(x))
    # an output that is the same for every slice is returned once, as torch's
    w = np.array([1.0, 2.0])
    theirs = torch.vmap(lambda t: (t.sum(), torch.tensor(w)), out_dims=(0, None))(torch.tensor(x))
    ours = func.vmap(lambda t: (t.sum(), ag.tensor(w)), out_dims=(0, None))(ag.tensor(x))
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o.numpy(), t.numpy())


# -- forward mode refuses integer primals and tangents (ValueError, as torch.func) ----------------
_INT_FORWARD = {
    "jvp_primal": lambda F, t, i: F.jvp(lambda x: x * 2, (t([1, 2], dtype=i),), (t([1.0, 1.0]),)),
    "jvp_tangent": lambda F, t, i: F.jvp(lambda x: x * 2, (t([1.0, 2.0]),), (t([1, 1], dtype=i),)),
    "linearize_primal": lambda F, t, i: F.linearize(lambda x: x * 2, t([1, 2], dtype=i)),
    "jacfwd_primal": lambda F, t, i: F.jacfwd(lambda x: x * 2)(t([1, 2], dtype=i)),
}


@pytest.mark.parametrize("name", sorted(_INT_FORWARD))
def test_forward_mode_refuses_integer_tensors(torch, name):
    call = _INT_FORWARD[name]
    theirs = _error(lambda: call(torch.func, torch.tensor, torch.int64))
    ours = _error(lambda: call(func, ag.tensor, ag.int64))
    assert ours[0] is theirs[0] is ValueError
    assert ours[1] == theirs[1].replace("torch.", "")


_BAD_TANGENT = {  # torch.func's checks of a tangent against its primal
    "jvp_shape": lambda F, t: F.jvp(lambda x: x * 2, (t([1.0, 2.0]),), (t([1.0, 1.0, 1.0]),)),
    "linearize_shape": lambda F, t: F.linearize(lambda x: x * 2, t([1.0, 2.0]))[1](t([1.0, 1.0, 1.0])),
    "linearize_int": lambda F, t: F.linearize(lambda x: x * 2, t([1.0, 2.0]))[1](t([1, 1])),
    "linearize_float64": lambda F, t: F.linearize(lambda x: x * 2, t([1.0, 2.0]))[1](t([1.0, 1.0]).double()),
}


@pytest.mark.parametrize("name", sorted(_BAD_TANGENT))
def test_tangents_checked_as_torch(torch, name):
    call = _BAD_TANGENT[name]
    theirs = _error(lambda: call(torch.func, torch.tensor))
    ours = _error(lambda: call(func, ag.tensor))
    assert ours[0] is theirs[0]
    assert ours[1] == theirs[1].replace("torch.Size([", "(").replace("])", ",)").replace("torch.", "")


def test_vmap_without_positional_inputs(torch):
    """Keyword arguments are never mapped: without positional inputs torch says so."""
    theirs = _error(lambda: torch.vmap(lambda x: x)(x=torch.ones(2)))
    ours = _error(lambda: func.vmap(lambda x: x)(x=ag.ones(2)))
    assert ours == theirs
