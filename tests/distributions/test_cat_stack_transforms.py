"""CatTransform and StackTransform (and biject_to / transform_to of constraints.cat / stack) against torch:
the maps, their inverses, log-determinants (shapes by event_dim) and their gradients."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D
from torch_parity import compare

X = np.random.default_rng(2).standard_normal((4, 5, 6)) * 0.7


def _identity(m):
    return m.transforms.identity_transform


# name: (the transform from a distributions module, the input)
CASES = {
    "cat_dim0": (lambda m: m.CatTransform([m.ExpTransform(), _identity(m), m.SigmoidTransform()], 0, [1, 2, 1]), X),
    "cat_dim1_default_lengths": (lambda m: m.CatTransform([m.SoftplusTransform()] * 5, dim=1), X),
    "cat_last_dim_event": (lambda m: m.CatTransform([m.ExpTransform(), m.IndependentTransform(m.TanhTransform(), 1)],
                                                     -1, [2, 4]), X),
    "cat_batch_dim_event": (lambda m: m.CatTransform([m.TanhTransform(), m.AffineTransform(1.0, 2.0, event_dim=1)],
                                                       1, [3, 2]), X),
    "cat_nested": (lambda m: m.CatTransform([m.CatTransform([m.ExpTransform(), _identity(m)], 0, [1, 1]),
                                             m.TanhTransform()], 0, [2, 2]), X),
    "stack_dim0": (lambda m: m.StackTransform([m.ExpTransform(), _identity(m), m.SigmoidTransform(),
                                               m.SoftplusTransform()], 0), X),
    "stack_dim1": (lambda m: m.StackTransform([m.ExpTransform(), m.TanhTransform()] * 2 + [m.ExpTransform()], 1), X),
    "stack_last": (lambda m: m.StackTransform([m.ExpTransform(), m.TanhTransform()] * 3, -1), X),
    "stack_event": (lambda m: m.StackTransform([m.IndependentTransform(m.ExpTransform(), 1),
                                                m.AffineTransform(0.0, 3.0, 1)] * 2, 0), X),
}


@pytest.mark.parametrize("name", CASES)
def test_map_inverse_and_log_det_match_torch(name):
    torch = pytest.importorskip("torch")
    make, x = CASES[name]
    t, tt = make(D), make(torch.distributions)
    compare(lambda a: t(a), lambda a: tt(a), [x])
    y = tt(torch.tensor(x)).numpy()
    compare(lambda b: t.inv(b), lambda b: tt.inv(b), [y], atol=1e-9)
    compare(lambda a: t.log_abs_det_jacobian(a, t(a)), lambda a: tt.log_abs_det_jacobian(a, tt(a)), [x], atol=1e-9)
    assert t.bijective == tt.bijective
    assert (t.domain.event_dim, t.codomain.event_dim) == (tt.domain.event_dim, tt.codomain.event_dim)


@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
def test_registries_build_them_from_cat_and_stack_constraints(registry):
    torch = pytest.importorskip("torch")
    lo = np.array([0.5, -1.0])
    C, TC = D.constraints, torch.distributions.constraints
    cases = [(C.cat([C.positive, C.interval(-1.0, 2.0), C.real], 1, [2, 3, 1]),
              TC.cat([TC.positive, TC.interval(-1.0, 2.0), TC.real], 1, [2, 3, 1]), X[0]),
             (C.stack([C.greater_than(ag.tensor(lo)), C.unit_interval], -1),
              TC.stack([TC.greater_than(torch.tensor(lo)), TC.unit_interval], -1), X[:, :2, :2])]
    for c, tc, x in cases:
        t, tt = getattr(D, registry)(c), getattr(torch.distributions, registry)(tc)
        assert type(t).__name__ == type(tt).__name__
        compare(lambda a: t(a), lambda a: tt(a), [x])
        compare(lambda a: t.log_abs_det_jacobian(a, t(a)), lambda a: tt.log_abs_det_jacobian(a, tt(a)), [x])
        assert c.check(t(ag.tensor(x))).numpy().all()


def test_bad_arguments_say_what_was_wrong():
    with pytest.raises(TypeError, match="CatTransform: tseq must hold Transforms"):
        D.CatTransform([D.ExpTransform(), "exp"])
    with pytest.raises(ValueError, match=r"CatTransform: lengths \(1\) must match transforms \(2\)"):
        D.CatTransform([D.ExpTransform(), D.ExpTransform()], lengths=[3])
    with pytest.raises(ValueError, match=r"CatTransform: x.size\(0\) = 4 must equal 3"):
        D.CatTransform([D.ExpTransform(), D.ExpTransform()], lengths=[1, 2])(ag.tensor(X))
    with pytest.raises(IndexError, match="StackTransform: dim 3 out of range for y with 3 dimensions"):
        D.StackTransform([D.ExpTransform()], 3).inv(ag.tensor(X))
    with pytest.raises(ValueError, match=r"StackTransform: x.size\(1\) = 5 must equal 2"):
        D.StackTransform([D.ExpTransform()] * 2, 1)(ag.tensor(X))
