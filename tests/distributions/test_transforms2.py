"""SoftplusTransform, CumulativeDistributionTransform, ReshapeTransform, IndependentTransform and
identity_transform: maps, inverses and log-determinants against torch and against the
determinant of a central-difference Jacobian in float64."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D
from torch_parity import compare

rng = np.random.default_rng(7)
X = rng.standard_normal((4, 3))

# name: (how to build it from a distributions module, inputs in its domain)
TRANSFORMS = {
    "softplus": (lambda m: m.SoftplusTransform(), X),
    "cdf_normal": (lambda m: m.CumulativeDistributionTransform(m.Normal(0.5, 2.0)), X),
    "reshape": (lambda m: m.ReshapeTransform((3,), (1, 3)), X),
    "independent_exp": (lambda m: m.IndependentTransform(m.ExpTransform(), 1), X),
    "independent_softplus_2": (lambda m: m.IndependentTransform(m.SoftplusTransform(), 2), X),
    "identity": (lambda m: m.transforms.identity_transform, X),
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_forward_inverse_and_log_det_match_torch(name):
    torch = pytest.importorskip("torch")
    make, x = TRANSFORMS[name]
    td = torch.distributions
    compare(lambda a: make(D)(a), lambda a: make(td)(a), [x], atol=1e-12)
    compare(lambda a: make(D).log_abs_det_jacobian(a, make(D)(a)),
            lambda a: make(td).log_abs_det_jacobian(a, make(td)(a)), [x], atol=1e-12)
    y = make(td)(torch.tensor(x)).numpy()
    compare(lambda b: make(D).inv(b), lambda b: make(td).inv(b), [y], atol=1e-10)
    ours, theirs = make(D), make(td)
    assert (ours.bijective, ours.domain.event_dim, ours.codomain.event_dim) == \
        (theirs.bijective, theirs.domain.event_dim, theirs.codomain.event_dim)
    assert ours.forward_shape((5, 4, 3)) == tuple(theirs.forward_shape((5, 4, 3)))
    assert ours.inverse_shape(y.shape) == tuple(theirs.inverse_shape(y.shape))


def _jacobian(fn, x, h=1e-6):
    """d fn(x)[..., i] / d x[..., j] for one event ``x`` (a vector), by central differences."""
    cols = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        cols.append((fn(x + step) - fn(x - step)) / (2 * h))
    return np.stack(cols, -1)


@pytest.mark.parametrize("name", ["softplus", "cdf_normal", "independent_exp"])
def test_log_det_is_that_of_the_numerical_jacobian(name):
    make, x = TRANSFORMS[name]
    t = make(D)
    for row in x:
        jac = _jacobian(lambda v: t(ag.tensor(v)).numpy(), row)
        ladj = t.log_abs_det_jacobian(ag.tensor(row), t(ag.tensor(row))).numpy()
        expected = np.linalg.slogdet(jac)[1]
        np.testing.assert_allclose(ladj if ladj.ndim == 0 else ladj.sum(), expected, rtol=1e-7, atol=1e-8)


def test_transformed_distribution_with_the_new_transforms_matches_torch():
    """Softplus of a Normal, elementwise and with its events in 1 and 2 dims."""
    torch = pytest.importorskip("torch")
    loc, scale = rng.standard_normal(3), rng.uniform(0.5, 1.5, 3)
    for make in [lambda m: m.SoftplusTransform(), lambda m: m.IndependentTransform(m.SoftplusTransform(), 1)]:
        def log_prob(m, lo, sc, value):
            return m.TransformedDistribution(m.Independent(m.Normal(lo, sc), 1), [make(m)]).log_prob(value)
        value = make(torch.distributions)(torch.tensor(X)).numpy()
        compare(lambda *a: log_prob(D, *a), lambda *a: log_prob(torch.distributions, *a), [loc, scale, value],
                atol=1e-10, diff=[0, 1])


def test_bad_shapes_raise():
    with pytest.raises(ValueError, match="different numbers of elements"):
        D.ReshapeTransform((3,), (2, 2))
    with pytest.raises(ValueError, match="shape mismatch"):
        D.ReshapeTransform((3,), (3, 1))(ag.ones(2, 4))
    with pytest.raises(ValueError, match="too few dimensions"):
        D.IndependentTransform(D.ExpTransform(), 2)(ag.ones(3))


def test_equality_as_torch():
    assert D.SoftplusTransform() == D.SoftplusTransform() and D.SoftplusTransform() != D.ExpTransform()
    assert D.ReshapeTransform((3,), (1, 3)) == D.ReshapeTransform((3,), (1, 3))
    assert D.IndependentTransform(D.ExpTransform(), 1) != D.IndependentTransform(D.ExpTransform(), 2)


def _matrices():
    a = rng.standard_normal((2, 3, 3))
    return {"general": a, "symmetric": a + a.transpose(0, 2, 1), "psd": a @ a.transpose(0, 2, 1),
            "singular_psd": a[..., :1] @ a[..., :1].transpose(0, 2, 1), "lower": np.tril(a),
            "corr_cholesky": np.linalg.cholesky(np.corrcoef(rng.standard_normal((3, 6)))), "wide": a[..., :2, :]}


@pytest.mark.parametrize("name", ["lower_triangular", "lower_cholesky", "corr_cholesky", "square", "symmetric",
                                  "positive_semidefinite", "positive_definite"])
def test_matrix_constraints_match_torch(name):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(D.constraints, name), getattr(torch.distributions.constraints, name)
    assert (ours.event_dim, ours.is_discrete) == (theirs.event_dim, theirs.is_discrete)
    for kind, m in _matrices().items():
        got, expected = ours.check(ag.tensor(m)).numpy(), theirs.check(torch.tensor(m)).numpy()
        assert got.shape == expected.shape and (got == expected).all(), kind


def test_cat_stack_and_multinomial_constraints_match_torch():
    torch = pytest.importorskip("torch")
    c, tc = D.constraints, torch.distributions.constraints
    x = rng.uniform(-1, 2, (4, 5))
    pairs = [(c.cat([c.positive, c.real, c.unit_interval], 1, [2, 2, 1]),
              tc.cat([tc.positive, tc.real, tc.unit_interval], 1, [2, 2, 1])),
             (c.stack([c.positive, c.real, c.unit_interval, c.nonnegative]), tc.stack([tc.positive, tc.real,
                                                                                       tc.unit_interval,
                                                                                       tc.nonnegative])),
             (c.stack([c.simplex] * 5, dim=-1), tc.stack([tc.simplex] * 5, dim=-1)),
             (c.multinomial(3.0), tc.multinomial(3.0))]
    for ours, theirs in pairs:
        assert (ours.event_dim, ours.is_discrete) == (theirs.event_dim, theirs.is_discrete)
        np.testing.assert_array_equal(ours.check(ag.tensor(x)).numpy(), theirs.check(torch.tensor(x)).numpy())
    with pytest.raises(ValueError, match="lengths"):
        c.cat([c.real, c.positive], 0, [1])
    with pytest.raises(IndexError, match="dim 2 out of range"):
        c.stack([c.real], dim=2).check(ag.ones(3))


def _matrix_transforms(m):
    return {"lower_cholesky": m.LowerCholeskyTransform(), "positive_definite": m.PositiveDefiniteTransform(),
            "corr_cholesky": m.CorrCholeskyTransform()}


@pytest.mark.parametrize("name", ["lower_cholesky", "positive_definite", "corr_cholesky"])
def test_matrix_transforms_match_torch(name):
    torch = pytest.importorskip("torch")
    from autograd_core.distributions import matrix_transforms
    ours, theirs = _matrix_transforms(matrix_transforms)[name], _matrix_transforms(torch.distributions)[name]
    x = rng.standard_normal((2, 6) if name == "corr_cholesky" else (2, 3, 3))
    compare(lambda a: ours(a), lambda a: theirs(a), [x], atol=1e-12)
    y = theirs(torch.tensor(x)).numpy()
    compare(lambda b: ours.inv(b), lambda b: theirs.inv(b), [y], atol=1e-10)
    assert ours.codomain.check(ag.tensor(y)).numpy().all()
    assert (ours.bijective, ours.domain.event_dim, ours.codomain.event_dim) == \
        (theirs.bijective, theirs.domain.event_dim, theirs.codomain.event_dim)
    if name == "corr_cholesky":
        compare(lambda a: ours.log_abs_det_jacobian(a, ours(a)), lambda a: theirs.log_abs_det_jacobian(a, theirs(a)),
                [x], atol=1e-12)
        assert ours.forward_shape((5, 6)) == (5, 4, 4) and ours.inverse_shape((5, 4, 4)) == (5, 6)


def test_corr_cholesky_log_det_is_that_of_the_map_onto_the_strict_lower_triangle():
    from autograd_core.distributions.matrix_transforms import CorrCholeskyTransform
    t = CorrCholeskyTransform()
    rows, cols = np.tril_indices(4, -1)
    for x in rng.standard_normal((3, 6)):
        jac = _jacobian(lambda v: t(ag.tensor(v)).numpy()[rows, cols], x)
        ladj = t.log_abs_det_jacobian(ag.tensor(x), t(ag.tensor(x))).item()
        np.testing.assert_allclose(ladj, np.linalg.slogdet(jac)[1], rtol=1e-7)


def _registry_cases(c):
    return [c.real, c.positive, c.nonnegative, c.greater_than(2.0), c.greater_than_eq(-1.0), c.less_than(1.0),
            c.unit_interval, c.interval(-1.0, 3.0), c.half_open_interval(0.0, 2.0), c.real_vector,
            c.independent(c.positive, 2), c.simplex, c.lower_cholesky, c.positive_definite, c.positive_semidefinite,
            c.corr_cholesky]


@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
def test_constraint_registries_pick_torchs_transforms(registry):
    torch = pytest.importorskip("torch")
    from autograd_core.distributions import constraint_registry
    ours, theirs = getattr(constraint_registry, registry), getattr(torch.distributions, registry)
    for ours_c, theirs_c in zip(_registry_cases(D.constraints), _registry_cases(torch.distributions.constraints)):
        try:
            expected = theirs(theirs_c)
        except NotImplementedError:
            with pytest.raises(NotImplementedError, match="Cannot transform"):
                ours(ours_c)
            continue
        t = ours(ours_c)
        assert repr(t).replace(" ", "").replace("\n", "") == repr(expected).replace(" ", "").replace("\n", "")
        shape = (2, 6) if ours_c is D.constraints.corr_cholesky else \
            (2, 3, 3) if ours_c.event_dim == 2 else (2, 3)
        x = rng.standard_normal(shape)
        np.testing.assert_allclose(t(ag.tensor(x)).numpy(), expected(torch.tensor(x)).numpy(), atol=1e-12)
        assert ours_c.check(t(ag.tensor(x))).numpy().all()


def test_constraint_registry_register_and_errors():
    from autograd_core.distributions.constraint_registry import ConstraintRegistry, biject_to
    registry = ConstraintRegistry()
    registry.register(D.constraints.positive, lambda c: D.ExpTransform())
    assert registry(D.constraints.positive) == D.ExpTransform()
    with pytest.raises(NotImplementedError, match="Cannot transform Boolean constraints"):
        biject_to(D.constraints.boolean)
    with pytest.raises(TypeError, match="Constraint subclass or instance"):
        registry.register(int, lambda c: None)
