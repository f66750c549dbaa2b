"""Weight and spectral normalization (nn.utils.parametrizations and the legacy hook forms) and
multi-tensor parametrizations, against PyTorch: forward values, gradients of the stored tensors,
power-iteration buffers and state_dict keys."""
import warnings

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.nn.module import _hooks
from autograd_core.nn.utils import parametrizations, parametrize

torch = pytest.importorskip("torch")

LAYERS = {
    "linear": (lambda: nn.Linear(3, 4), lambda: torch.nn.Linear(3, 4), (2, 3)),
    "conv2d": (lambda: nn.Conv2d(2, 3, 2), lambda: torch.nn.Conv2d(2, 3, 2), (2, 2, 4, 4)),
    "conv_transpose2d": (lambda: nn.ConvTranspose2d(2, 3, 2), lambda: torch.nn.ConvTranspose2d(2, 3, 2), (2, 2, 3, 3)),
}


def _pair(kind):
    """Our layer and PyTorch's, float64, with PyTorch's values; and an input."""
    ours, theirs, shape = LAYERS[kind]
    ours, theirs = ours().double(), theirs().double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs, np.random.default_rng(0).normal(size=shape)


def _copy_from(ours, theirs):
    """Copy PyTorch's state (power-iteration vectors included) into ours."""
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})


def _check_step(ours, theirs, x, names):
    """One forward + backward: outputs and the gradients of ``names`` (dotted parameter paths) agree."""
    out, tout = ours(ag.tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-12)
    g = np.random.default_rng(1).normal(size=out.shape)
    (out * ag.tensor(g)).sum().backward()
    tout.backward(torch.tensor(g))
    for name in names:
        np.testing.assert_allclose(ours.get_parameter(name).grad.numpy(), theirs.get_parameter(name).grad.numpy(),
                                   atol=1e-12, err_msg=name)


def _check_state(ours, theirs):
    ts = theirs.state_dict()
    assert list(ours.state_dict()) == list(ts)
    for k, v in ours.state_dict().items():
        np.testing.assert_allclose(v.numpy(), ts[k].numpy(), atol=1e-12, err_msg=k)


class _Sum(nn.Module):
    """A parametrization in terms of two tensors: weight = A + B, stored as (weight / 2, weight / 2)."""

    def forward(self, A, B):
        return A + B

    def right_inverse(self, W):
        return W / 2, W / 2


def test_multi_tensor_parametrization_matches_pytorch():
    ours, theirs, x = _pair("linear")
    parametrize.register_parametrization(ours, "weight", _Sum())
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", type("S", (torch.nn.Module,), {
        "forward": lambda self, A, B: A + B, "right_inverse": lambda self, W: (W / 2, W / 2)})())
    _check_state(ours, theirs)
    assert isinstance(ours.parametrizations.weight.original1, nn.Parameter)
    names = ["parametrizations.weight.original0", "parametrizations.weight.original1", "bias"]
    _check_step(ours, theirs, x, names)
    ours.weight = ag.ones(4, 3).double()  # the setter splits through right_inverse
    np.testing.assert_array_equal(ours.parametrizations.weight.original0.detach().numpy(), 0.5)
    with pytest.raises(ValueError, match="leave_parametrized=False"):
        parametrize.remove_parametrizations(ours, "weight", leave_parametrized=False)
    parametrize.remove_parametrizations(ours, "weight")
    assert type(ours) is nn.Linear and isinstance(ours.weight, nn.Parameter) and ours.weight.requires_grad
    np.testing.assert_array_equal(ours.weight.detach().numpy(), 1.0)


def test_multi_tensor_parametrization_of_a_buffer_and_errors():
    bn = nn.BatchNorm1d(3)
    parametrize.register_parametrization(bn, "running_var", _Sum())
    assert "parametrizations.running_var.original1" in bn.state_dict()
    np.testing.assert_array_equal(bn.running_var.numpy(), 1.0)

    class Bad(nn.Module):
        def forward(self, X):
            return X

        def right_inverse(self, W):
            return W, "no"
    with pytest.raises(ValueError, match="sequence of Tensors"):
        parametrize.register_parametrization(nn.Linear(2, 2), "weight", Bad())


@pytest.mark.parametrize("kind,dim", [("linear", 0), ("linear", None), ("linear", -1), ("conv2d", 1),
                                      ("conv2d", -2), ("conv_transpose2d", 0)])
def test_weight_norm_matches_pytorch(kind, dim):
    ours, theirs, x = _pair(kind)
    parametrizations.weight_norm(ours, dim=dim)
    torch.nn.utils.parametrizations.weight_norm(theirs, dim=dim)
    _check_state(ours, theirs)
    assert type(ours).__name__ == type(theirs).__name__
    _check_step(ours, theirs, x, ["parametrizations.weight.original0", "parametrizations.weight.original1"])
    ours.weight = ag.tensor(theirs.weight.detach().numpy() * 3)
    with torch.no_grad():
        theirs.weight = theirs.weight * 3
    _check_state(ours, theirs)


def test_weight_norm_of_a_vector_remove_and_errors():
    ours, theirs, x = _pair("linear")
    parametrizations.weight_norm(ours, "bias")
    torch.nn.utils.parametrizations.weight_norm(theirs, "bias")
    _check_state(ours, theirs)
    _check_step(ours, theirs, x, ["parametrizations.bias.original0", "parametrizations.bias.original1"])
    value = ours.bias.detach().numpy()
    parametrize.remove_parametrizations(ours, "bias")
    assert list(ours.state_dict()) == ["weight", "bias"]
    np.testing.assert_allclose(ours.bias.detach().numpy(), value, atol=1e-12)
    with pytest.raises(IndexError, match="weight_norm: dimension 2 is out of range"):
        parametrizations.weight_norm(nn.Linear(2, 2), dim=2)


@pytest.mark.parametrize("kind,iterations", [("linear", 1), ("conv2d", 3), ("conv_transpose2d", 1)])
def test_spectral_norm_matches_pytorch_given_the_same_vectors(kind, iterations):
    ours, theirs, x = _pair(kind)
    parametrizations.spectral_norm(ours, n_power_iterations=iterations)
    torch.nn.utils.parametrizations.spectral_norm(theirs, n_power_iterations=iterations)
    u = ours.parametrizations.weight[0]._u
    _copy_from(ours, theirs)
    assert ours.parametrizations.weight[0]._u is u  # loaded in place
    _check_state(ours, theirs)
    for _ in range(3):  # each training-mode read advances the power iteration
        _check_step(ours, theirs, x, ["parametrizations.weight.original", "bias"])
        _check_state(ours, theirs)
    before = u.numpy().copy()
    ours.eval()
    theirs.eval()
    _check_step(ours, theirs, x, ["parametrizations.weight.original"])
    np.testing.assert_array_equal(u.numpy(), before)


def test_spectral_norm_normalizes_and_survives_two_forwards_before_backward():
    m = parametrizations.spectral_norm(nn.Linear(5, 4).double(), n_power_iterations=20)
    np.testing.assert_allclose(np.linalg.svd(m.weight.detach().numpy(), compute_uv=False)[0], 1.0, rtol=1e-6)
    x = ag.randn(2, 5).double()
    (m(x) + m(x)).sum().backward()  # the second read updated the buffers in place after the first saved them
    assert m.parametrizations.weight.original.grad is not None
    vector = parametrizations.spectral_norm(nn.Linear(3, 4), "bias")
    np.testing.assert_allclose(np.linalg.norm(vector.bias.detach().numpy()), 1.0, rtol=1e-6)
    assert list(vector.state_dict()) == ["weight", "parametrizations.bias.original"]


def test_spectral_norm_errors():
    with pytest.raises(IndexError, match="spectral_norm: dimension 5 is out of range"):
        parametrizations.spectral_norm(nn.Linear(2, 2), dim=5)
    with pytest.raises(ValueError, match="n_power_iterations must be positive"):
        parametrizations.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="no parameter or buffer with name 'kernel'"):
        parametrizations.spectral_norm(nn.Linear(2, 2), "kernel")


def test_weight_norm_gradients_twice():
    v = ag.tensor(np.random.default_rng(2).normal(size=(3, 4)), requires_grad=True)
    for dim, g_shape in ((0, (3, 1)), (1, (1, 4)), (-1, ())):
        g = ag.tensor(np.random.default_rng(3).normal(size=g_shape), requires_grad=True)
        fn = parametrizations._WeightNorm(dim)
        assert ag.gradcheck(fn, (g, v)) and ag.gradgradcheck(fn, (g, v))


@pytest.mark.parametrize("kind,dim", [("linear", 0), ("conv2d", None), ("conv2d", 1)])
def test_legacy_weight_norm_matches_pytorch(kind, dim):
    ours, theirs, x = _pair(kind)
    with pytest.warns(FutureWarning, match="deprecated"):
        assert nn.utils.weight_norm(ours, dim=dim) is ours
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.nn.utils.weight_norm(theirs, dim=dim)
    _check_state(ours, theirs)
    assert not isinstance(ours.weight, nn.Parameter)
    _check_step(ours, theirs, x, ["weight_g", "weight_v", "bias"])
    nn.utils.remove_weight_norm(ours)
    torch.nn.utils.remove_weight_norm(theirs)
    _check_state(ours, theirs)
    assert isinstance(ours.weight, nn.Parameter) and not ours._forward_pre_hooks


def test_legacy_weight_norm_errors():
    m = nn.Linear(2, 2)
    with pytest.warns(FutureWarning):
        nn.utils.weight_norm(m)
        with pytest.raises(RuntimeError, match="two weight_norm hooks"):
            nn.utils.weight_norm(m)
    with pytest.raises(ValueError, match="weight_norm of 'bias' not found"):
        nn.utils.remove_weight_norm(m, "bias")
    with pytest.raises(ValueError, match="uninitialized parameters"), pytest.warns(FutureWarning):
        nn.utils.weight_norm(nn.LazyLinear(2))


@pytest.mark.parametrize("kind,iterations", [("linear", 1), ("conv2d", 2), ("conv_transpose2d", 1)])
def test_legacy_spectral_norm_matches_pytorch_given_the_same_vectors(kind, iterations):
    ours, theirs, x = _pair(kind)
    count = _hooks["count"]
    assert nn.utils.spectral_norm(ours, n_power_iterations=iterations) is ours
    torch.nn.utils.spectral_norm(theirs, n_power_iterations=iterations)
    _copy_from(ours, theirs)
    _check_state(ours, theirs)
    np.testing.assert_array_equal(ours.weight.numpy(), theirs.weight.numpy())  # before any forward: the raw weight
    for _ in range(3):
        _check_step(ours, theirs, x, ["weight_orig", "bias"])
        _check_state(ours, theirs)
    ours.eval()
    theirs.eval()
    _check_step(ours, theirs, x, ["weight_orig"])
    _check_state(ours, theirs)
    with pytest.raises(RuntimeError, match="two spectral_norm hooks"):
        nn.utils.spectral_norm(ours)
    nn.utils.remove_spectral_norm(ours)
    torch.nn.utils.remove_spectral_norm(theirs)
    _check_state(ours, theirs)
    assert isinstance(ours.weight, nn.Parameter) and _hooks["count"] == count


def test_legacy_spectral_norm_errors():
    with pytest.raises(ValueError, match="n_power_iterations must be positive"):
        nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="parameter `bias` is None"):
        nn.utils.spectral_norm(nn.Linear(2, 2, bias=False), "bias")
    with pytest.raises(ValueError, match="spectral_norm of 'weight' not found"):
        nn.utils.remove_spectral_norm(nn.Linear(2, 2))
