"""nn.utils.parametrize: register/remove parametrizations, caching, state_dict keys, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.utils import parametrize

torch = pytest.importorskip("torch")


def _symmetric(base):
    class Symmetric(base):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(0, 1)

        def right_inverse(self, A):
            return A.triu()
    return Symmetric()


class _Double(nn.Module):
    def forward(self, X):
        return X * 2


def test_register_matches_pytorch_forward_gradients_and_state_dict():
    torch.manual_seed(0)
    ours, theirs = nn.Linear(3, 3).double(), torch.nn.Linear(3, 3).double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    parametrize.register_parametrization(ours, "weight", _symmetric(nn.Module))
    parametrize.register_parametrization(ours, "weight", _Double())
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", _symmetric(torch.nn.Module))
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", type("D", (torch.nn.Module,), {
        "forward": lambda self, X: X * 2})())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert type(ours).__name__ == "ParametrizedLinear" and parametrize.type_before_parametrizations(ours) is nn.Linear
    assert parametrize.is_parametrized(ours) and parametrize.is_parametrized(ours, "weight")
    assert not parametrize.is_parametrized(ours, "bias")
    x = np.random.default_rng(0).normal(size=(2, 3))
    out, tout = ours(ag.tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-12)
    (out ** 2).sum().backward()
    (tout ** 2).sum().backward()
    np.testing.assert_allclose(ours.parametrizations.weight.original.grad.numpy(),
                               theirs.parametrizations.weight.original.grad.numpy(), atol=1e-12)
    with pytest.raises(RuntimeError, match="right_inverse"):
        ours.weight = ag.eye(3).double()


def test_setter_cache_and_remove():
    m = nn.Linear(3, 3)
    original = m.weight
    parametrize.register_parametrization(m, "weight", _symmetric(nn.Module))
    assert m.parametrizations.weight.original is original  # the same Parameter: optimizers keep working
    m.weight = ag.ones(3, 3)
    np.testing.assert_array_equal(m.parametrizations.weight.original.detach().numpy(), np.triu(np.ones((3, 3))))
    assert m.weight is not m.weight
    with parametrize.cached():
        assert m.weight is m.weight
    value = m.weight.detach().numpy()
    parametrize.remove_parametrizations(m, "weight")
    assert type(m) is nn.Linear and "parametrizations" not in dict(m.named_modules())
    assert m.weight is original and isinstance(m.weight, nn.Parameter)
    np.testing.assert_array_equal(m.weight.detach().numpy(), value)
    parametrize.register_parametrization(m, "weight", _symmetric(nn.Module))
    parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.triu(value))


def test_buffers_and_errors():
    bn = nn.BatchNorm1d(3)
    parametrize.register_parametrization(bn, "running_var", _Double())
    assert "parametrizations.running_var.original" in bn.state_dict()
    np.testing.assert_array_equal(bn.running_var.numpy(), 2.0)
    with pytest.raises(ValueError, match="no parametrization on 'weight'"):
        parametrize.remove_parametrizations(bn, "weight")
    with pytest.raises(ValueError, match="does not have a parameter, a buffer"):
        parametrize.register_parametrization(bn, "nothing", _Double())
    m = nn.Linear(3, 2)

    class First(nn.Module):
        def forward(self, X):
            return X[0]
    with pytest.raises(ValueError, match="may not change the shape"):
        parametrize.register_parametrization(m, "weight", First())
    assert type(m) is nn.Linear and isinstance(m.weight, nn.Parameter)
    parametrize.register_parametrization(m, "weight", First(), unsafe=True)
    assert m.weight.shape == (3,)
