"""Review of the reparameterized samplers, the cross-family KL rules and the transforms: edge cases against
torch.distributions (and float64 where torch's float32 overflows)."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import distributions as D


@pytest.mark.parametrize("p, q", [
    (lambda m, t: m.Normal(t([100.0, -100.0]), t([1.0, 2.0])), lambda m, t: m.Gumbel(t([100.0, -100.0]), 1.0)),
    (lambda m, t: m.Uniform(t([99.0, -101.0]), t([101.0, -99.0])), lambda m, t: m.Gumbel(t([100.0, -100.0]), 1.0)),
    (lambda m, t: m.Gamma(t([200.0]), t([2.0])), lambda m, t: m.Gumbel(t([100.0]), 1.0)),
])
def test_kl_to_a_far_gumbel_is_finite_in_float32(p, q):
    """E_p[exp(-(x - loc) / scale)] as one exponential: exp(loc / scale) alone overflows float32 (torch's
    Normal and Uniform rules combine them too; its Gamma one gives inf here)."""
    def kl(dtype):
        t = lambda v: ag.tensor(v, dtype=dtype)
        return D.kl_divergence(p(D, t), q(D, t)).numpy()
    np.testing.assert_allclose(kl("float32"), kl("float64"), rtol=1e-4)
    torch = pytest.importorskip("torch")
    t = lambda v: torch.tensor(v, dtype=torch.float64)
    theirs = torch.distributions.kl_divergence(p(torch.distributions, t), q(torch.distributions, t))
    np.testing.assert_allclose(kl("float32"), theirs.numpy(), rtol=1e-4)


def test_kl_dispatch_warns_of_an_ambiguous_pair_as_torch():
    """torch's _dispatch_kl takes p's most specific match but warns when q's most specific one differs."""
    from autograd_core.distributions import kl as kl_module

    class A(D.Normal):
        pass

    class B(D.Normal):
        pass

    rules = {(A, D.Normal): lambda p, q: p.loc * 0 + 1.0, (D.Normal, B): lambda p, q: p.loc * 0 + 2.0}
    try:
        for (type_p, type_q), rule in rules.items():
            D.register_kl(type_p, type_q)(rule)
        with pytest.warns(RuntimeWarning, match=r"Ambiguous kl_divergence\(A, B\). Please register_kl\(A, B\)"):
            assert D.kl_divergence(A(0.0, 1.0), B(0.0, 1.0)).item() == 1.0
        assert D.kl_divergence(A(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 1.0  # not ambiguous
    finally:
        for pair in rules:
            del kl_module._KL_REGISTRY[pair]
        kl_module._dispatch_kl.cache_clear()


@pytest.mark.parametrize("method, shape", [("forward_shape", ()), ("inverse_shape", (3,)), ("inverse_shape", ())])
def test_corr_cholesky_shapes_with_too_few_dims_are_a_value_error_as_torch(method, shape):
    with pytest.raises(ValueError, match="CorrCholeskyTransform: too few dimensions"):
        getattr(D.CorrCholeskyTransform(), method)(shape)
