"""Transforms and TransformedDistribution against torch.distributions: the maps, their inverses and
log-determinants (values and gradients), the properties, shapes, cdf/icdf and errors."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D

torch = pytest.importorskip("torch")  # before test_parity, which skips its module without torch

from .test_parity import compare  # noqa: E402
TD = torch.distributions
rng = np.random.default_rng(2)
X = rng.standard_normal((4, 3))
POS = rng.uniform(0.5, 2, (4, 3))
LOC, SCALE = rng.standard_normal(3), rng.uniform(0.5, 2, (3,)) * [1, -1, 1]

def _kind(constraint):
    return type(constraint).__name__.replace("Constraint", "")


# name: (how to build it from (module, *params), the parameters, inputs in its domain)
TRANSFORMS = {
    "exp": (lambda m: m.ExpTransform(), (), X),
    "sigmoid": (lambda m: m.SigmoidTransform(), (), X),
    "tanh": (lambda m: m.TanhTransform(), (), X),
    "power": (lambda m, e: m.PowerTransform(e), (np.array([0.5, 2.0, -1.5]),), POS),
    "affine": (lambda m, a, b: m.AffineTransform(a, b), (LOC, SCALE), X),
    "affine_event": (lambda m, a, b: m.AffineTransform(a, b, event_dim=1), (LOC, SCALE), X),
    "affine_numbers": (lambda m: m.AffineTransform(1.5, -2.0), (), X),
    "compose": (lambda m, a, b: m.ComposeTransform([m.AffineTransform(a, b, event_dim=1), m.TanhTransform(),
                                                    m.AffineTransform(0.5, 2.0)]), (LOC, SCALE), X),
    "compose_inv": (lambda m: m.ComposeTransform([m.ExpTransform().inv, m.SigmoidTransform()]), (), POS),
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_forward_inverse_and_log_abs_det_jacobian(name):
    make, params, x = TRANSFORMS[name]
    n = len(params)
    compare(lambda *a: make(D, *a[:n])(a[n]), lambda *a: make(TD, *a[:n])(a[n]), [*params, x])
    compare(lambda *a: make(D, *a[:n]).log_abs_det_jacobian(a[n], make(D, *a[:n])(a[n])),
            lambda *a: make(TD, *a[:n]).log_abs_det_jacobian(a[n], make(TD, *a[:n])(a[n])), [*params, x])
    y = make(TD, *map(torch.tensor, params))(torch.tensor(x)).numpy()
    compare(lambda *a: make(D, *a[:n]).inv(a[n]), lambda *a: make(TD, *a[:n]).inv(a[n]), [*params, y], atol=1e-8)
    compare(lambda *a: make(D, *a[:n]).inv.log_abs_det_jacobian(a[n], make(D, *a[:n]).inv(a[n])),
            lambda *a: make(TD, *a[:n]).inv.log_abs_det_jacobian(a[n], make(TD, *a[:n]).inv(a[n])), [*params, y],
            atol=1e-8)


@pytest.mark.parametrize("name", TRANSFORMS)
def test_properties_match_torch(name):
    make, params, _ = TRANSFORMS[name]
    ours, theirs = make(D, *map(ag.tensor, params)), make(TD, *map(torch.tensor, params))
    for t, u in [(ours, theirs), (ours.inv, theirs.inv)]:
        assert t.bijective == u.bijective
        assert (t.domain.event_dim, t.codomain.event_dim) == (u.domain.event_dim, u.codomain.event_dim)
        assert _kind(t.codomain) == _kind(u.codomain)
        sign = t.sign
        np.testing.assert_array_equal(sign.numpy() if isinstance(sign, ag.Tensor) else sign,
                                      u.sign.numpy() if isinstance(u.sign, torch.Tensor) else u.sign)
    assert ours.inv.inv is ours or name.startswith("compose")
    assert ours.forward_shape((5, 4, 3)) == tuple(theirs.forward_shape((5, 4, 3)))


def test_softmax_transform_is_not_bijective():
    x = ag.tensor(X)
    t = D.SoftmaxTransform()
    np.testing.assert_allclose(t(x).numpy(), torch.softmax(torch.tensor(X), -1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(t(t.inv(t(x))).numpy(), t(x).numpy(), rtol=1e-12)
    assert not t.bijective and t.domain.event_dim == t.codomain.event_dim == 1 and t.event_dim == 1
    with pytest.raises(NotImplementedError, match="SoftmaxTransform does not implement log_abs_det_jacobian"):
        t.log_abs_det_jacobian(x, t(x))
    with pytest.raises(NotImplementedError, match="does not implement sign"):
        _ = t.sign


# name: (how to build it from (module, *params), the parameters, a value in the support)
TRANSFORMED = {
    "lognormal": (lambda m, a, b: m.TransformedDistribution(m.Normal(a, b), m.ExpTransform()), (LOC, np.abs(SCALE)),
                  POS),
    "tanh_normal": (lambda m, a, b: m.TransformedDistribution(
        m.Normal(a, b), [m.AffineTransform(0.5, -2.0), m.TanhTransform()]), (LOC, np.abs(SCALE)), np.tanh(X)),
    "event_affine": (lambda m, a, b: m.TransformedDistribution(
        m.Normal(a, 1.0), m.AffineTransform(1.0, b, event_dim=1)), (LOC, SCALE), X),
    "mvn_sigmoid": (lambda m, a, b: m.TransformedDistribution(
        m.MultivariateNormal(a, scale_tril=torch.diag(b) if m is TD else b.diag_embed()), [m.SigmoidTransform()]),
        (LOC, np.abs(SCALE)), 1 / (1 + np.exp(-X))),
}


@pytest.mark.parametrize("name", TRANSFORMED)
def test_transformed_distribution_log_prob_and_shapes(name):
    make, params, value = TRANSFORMED[name]
    compare(lambda v, *xs: make(D, *xs).log_prob(v), lambda v, *ts: make(TD, *ts).log_prob(v), [value, *params],
            diff=range(1, 1 + len(params)))
    ours, theirs = make(D, *map(ag.tensor, params)), make(TD, *map(torch.tensor, params))
    assert (ours.batch_shape, ours.event_shape) == (tuple(theirs.batch_shape), tuple(theirs.event_shape))
    assert ours.sample((5,)).shape == tuple(theirs.sample((5,)).shape)
    assert _kind(ours.support) == _kind(theirs.support)
    assert ours.support.event_dim == theirs.support.event_dim
    assert ours.expand((2,) + ours.batch_shape).sample().shape == (2,) + ours.batch_shape + ours.event_shape


@pytest.mark.parametrize("name", ["lognormal", "tanh_normal"])
def test_transformed_distribution_cdf_icdf_and_rsample(name):
    make, params, value = TRANSFORMED[name]
    compare(lambda v, *xs: make(D, *xs).cdf(v), lambda v, *ts: make(TD, *ts).cdf(v), [value[0], *params])
    u = rng.uniform(0.05, 0.95, (3,))
    compare(lambda v, *xs: make(D, *xs).icdf(v), lambda v, *ts: make(TD, *ts).icdf(v), [u, *params], atol=1e-8)

    def rsample(*xs):
        ag.manual_seed(0)
        return make(D, *xs).rsample((2,))
    assert ag.gradcheck(rsample, [ag.tensor(p, requires_grad=True) for p in params])
    assert ag.gradgradcheck(rsample, [ag.tensor(p, requires_grad=True) for p in params])


def test_transformed_lognormal_equals_lognormal():
    loc, scale, x = ag.tensor(LOC), ag.tensor(np.abs(SCALE)), ag.tensor(POS)
    d = D.TransformedDistribution(D.Normal(loc, scale), D.ExpTransform())
    np.testing.assert_allclose(d.log_prob(x).numpy(), D.LogNormal(loc, scale).log_prob(x).numpy(), rtol=1e-12)


@pytest.mark.parametrize("make, match", [
    (lambda: D.TransformedDistribution(D.Normal(0.0, 1.0), ["exp"]), "a Transform or a list of Transforms"),
    (lambda: D.TransformedDistribution(D.Normal(0.0, 1.0), D.SoftmaxTransform()), "shape with size at least 1"),
    (lambda: D.TransformedDistribution(D.Normal(0.0, 1.0), D.ExpTransform()).log_prob(ag.tensor(-1.0)),
     "within the support"),
    (lambda: type("Stack", (D.Transform,), {"codomain": D.constraints.real_vector})().event_dim,
     "Stack: event_dim is ambiguous"),
])
def test_bad_arguments_raise_value_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
