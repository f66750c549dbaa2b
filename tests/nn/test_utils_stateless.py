"""nn.utils.stateless.functional_call, against torch.func.functional_call."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.utils.stateless import functional_call

torch = pytest.importorskip("torch")


def test_functional_call_uses_the_given_tensors_and_restores_the_module():
    torch.manual_seed(0)
    ours = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4)).double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    ours.eval(), theirs.eval()
    rng = np.random.default_rng(0)
    values = {"0.weight": rng.normal(size=(4, 3)), "1.running_mean": rng.normal(size=4)}
    mine = {k: ag.tensor(v, requires_grad=k.endswith("weight")) for k, v in values.items()}
    given = {k: torch.tensor(v, requires_grad=k.endswith("weight")) for k, v in values.items()}
    x = rng.normal(size=(2, 3))
    out = functional_call(ours, mine, ag.tensor(x))
    tout = torch.func.functional_call(theirs, given, torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-10)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(mine["0.weight"].grad.numpy(), given["0.weight"].grad.numpy(), atol=1e-10)
    assert ours[0].weight.grad is None and isinstance(ours[0].weight, nn.Parameter)
    assert "0.weight" in dict(ours.named_parameters()) and ours[1].running_mean is not mine["1.running_mean"]


def test_functional_call_kwargs_tied_weights_strict_and_errors():
    lin = nn.Linear(2, 2)
    w = ag.zeros(2, 2)
    assert np.allclose(functional_call(lin, ({"weight": w}, {"bias": ag.ones(2)}), kwargs={"input": ag.ones(1, 2)})
                       .numpy(), 1.0)
    tied = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False))
    tied[1].weight = tied[0].weight
    eye = ag.eye(2)
    assert np.allclose(functional_call(tied, {"0.weight": eye}, ag.ones(1, 2)).numpy(), 1.0)  # both replaced
    with pytest.raises(ValueError, match="which are tied"):
        functional_call(tied, {"0.weight": eye, "1.weight": ag.zeros(2, 2)}, ag.ones(1, 2))
    untied = functional_call(tied, {"0.weight": eye, "1.weight": ag.zeros(2, 2)}, ag.ones(1, 2), tie_weights=False)
    assert np.allclose(untied.numpy(), 0.0)
    with pytest.raises(RuntimeError, match=r"Unexpected key\(s\): 'foo'.\n\tMissing key\(s\): 'bias'"):
        functional_call(lin, {"weight": w, "foo": w}, ag.ones(1, 2), strict=True)
    with pytest.raises(ValueError, match="multiple dictionaries"):
        functional_call(lin, ({"weight": w}, {"weight": w}), ag.ones(1, 2))
    with pytest.raises(ZeroDivisionError):  # the originals come back after an error too
        functional_call(_Raising(), {"p": ag.zeros(1)})
    functional_call(lin, {"weight": w, "extra": w}, ag.ones(1, 2))  # not strict: a plain attribute for the call
    assert not hasattr(lin, "extra") and isinstance(lin.weight, nn.Parameter)


class _Raising(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = nn.Parameter(ag.ones(1))

    def forward(self):
        raise ZeroDivisionError


def test_functional_call_replaces_a_parametrized_tensor_under_its_own_name():
    # torch documents that a value under the plain name stands in for the parametrized tensor (its own
    # implementation goes through right_inverse, rewrites the original and then fails in backward): the
    # value is used as given, gradients reach it, and the module is left as it was
    lin = nn.utils.parametrizations.weight_norm(nn.Linear(2, 2, bias=False).double())
    before = [p.detach().numpy().copy() for p in lin.parameters()]
    w = ag.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=ag.float64, requires_grad=True)
    out = functional_call(lin, {"weight": w}, ag.eye(2, dtype=ag.float64))
    np.testing.assert_array_equal(out.detach().numpy(), [[1.0, 3.0], [2.0, 4.0]])
    out.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), np.ones((2, 2)))
    assert all(p.grad is None for p in lin.parameters())
    for p, b in zip(lin.parameters(), before):
        np.testing.assert_array_equal(p.detach().numpy(), b)
    assert "weight" not in vars(lin) and lin.weight.shape == (2, 2)
