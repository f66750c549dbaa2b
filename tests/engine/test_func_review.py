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
