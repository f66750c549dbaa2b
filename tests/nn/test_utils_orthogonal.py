"""nn.utils.parametrizations.orthogonal against PyTorch: forward and gradients from the same originals."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.nn.utils.parametrizations import _householder_product, orthogonal

torch = pytest.importorskip("torch")

SHAPES = [(4, 4), (6, 3), (3, 6), (2, 5, 3), (2, 3, 3)]
MAPS = ["matrix_exp", "cayley", "householder"]


class Holder(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.weight = nn.Parameter(ag.tensor(w))


class TorchHolder(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.tensor(w))


def _pair(shape, orthogonal_map, use_trivialization=True):
    w = np.random.default_rng(0).standard_normal(shape)
    ours, theirs = Holder(w), TorchHolder(w)
    orthogonal(ours, orthogonal_map=orthogonal_map, use_trivialization=use_trivialization)
    torch.nn.utils.parametrizations.orthogonal(theirs, orthogonal_map=orthogonal_map,
                                               use_trivialization=use_trivialization)
    return ours, theirs


def _assert_orthogonal(w, atol=1e-10):
    w = w.detach().numpy()
    m = w.swapaxes(-1, -2) @ w if w.shape[-2] >= w.shape[-1] else w @ w.swapaxes(-1, -2)
    np.testing.assert_allclose(m, np.broadcast_to(np.eye(m.shape[-1]), m.shape), atol=atol)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("orthogonal_map", MAPS)
@pytest.mark.parametrize("use_trivialization", [True, False])
def test_forward_and_gradients_match_torch(shape, orthogonal_map, use_trivialization):
    if not use_trivialization and orthogonal_map != "householder":
        with pytest.raises(NotImplementedError, match="use_trivialization=False"):
            _pair(shape, orthogonal_map, use_trivialization)
        return
    ours, theirs = _pair(shape, orthogonal_map, use_trivialization)
    # copy torch's originals (and base: a wide or tall one is completed with random columns) into ours
    # and perturb them off the diagonal (householder reads the diagonal's signs, truncated: torch's
    # .int()), so the map is tested away from its starting point
    noise = 0.3 * np.random.default_rng(1).standard_normal(shape)
    noise[..., range(min(shape[-2:])), range(min(shape[-2:]))] = 0.0
    with torch.no_grad():
        theirs.parametrizations.weight.original.add_(torch.tensor(noise))
    ours.parametrizations.weight.original.data = ag.tensor(theirs.parametrizations.weight.original.detach().numpy())
    assert ("base" in ours.parametrizations.weight[0]._buffers) == use_trivialization
    if use_trivialization:
        ours.parametrizations.weight[0].base = ag.tensor(theirs.parametrizations.weight[0].base.numpy())
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), atol=1e-10)
    _assert_orthogonal(ours.weight)
    g = np.random.default_rng(2).standard_normal(shape)
    (ours.weight * ag.tensor(g)).sum().backward()
    (theirs.weight * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(ours.parametrizations.weight.original.grad.numpy(),
                               theirs.parametrizations.weight.original.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3), (6, 3), (3, 6)])
def test_registration_matches_torch_where_deterministic(shape):
    """Square weights: ``base`` is the (sign-fixed) QR factor of the weight; householder without
    trivialization: the original holds the weight's Householder reflectors (geqrf)."""
    maps = ["householder"] if shape[-1] != shape[-2] else MAPS
    for orthogonal_map in maps:
        ours, theirs = _pair(shape, orthogonal_map)
        if shape[-1] == shape[-2]:
            np.testing.assert_allclose(ours.parametrizations.weight[0].base.numpy(),
                                       theirs.parametrizations.weight[0].base.numpy(), atol=1e-12)
            np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), atol=1e-12)
        np.testing.assert_array_equal(ours.parametrizations.weight.original.detach().numpy(),
                                      theirs.parametrizations.weight.original.detach().numpy())
    ours, theirs = _pair(shape, "householder", use_trivialization=False)
    np.testing.assert_allclose(ours.parametrizations.weight.original.detach().numpy(),
                               theirs.parametrizations.weight.original.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), atol=1e-12)


def test_an_orthogonal_square_weight_is_kept():
    q = np.linalg.qr(np.random.default_rng(3).standard_normal((5, 5)))[0]
    m = orthogonal(Holder(q))
    np.testing.assert_allclose(m.weight.detach().numpy(), q, atol=1e-12)


@pytest.mark.parametrize("orthogonal_map", MAPS)
@pytest.mark.parametrize("in_out", [(3, 7), (7, 3), (4, 4)])
def test_orthogonal_after_optimizer_steps(orthogonal_map, in_out):
    ag.manual_seed(0)
    m = orthogonal(nn.Linear(*in_out).double(), orthogonal_map=orthogonal_map)
    opt = optim.SGD(m.parameters(), lr=0.1)
    x, before = ag.randn(8, in_out[0], dtype=ag.float64), m.weight.detach().numpy()
    for _ in range(5):
        opt.zero_grad()
        m(x).pow(2).sum().backward()
        opt.step()
    assert not np.allclose(m.weight.detach().numpy(), before)
    _assert_orthogonal(m.weight)


@pytest.mark.parametrize("orthogonal_map", MAPS)
def test_assigning_an_orthogonal_matrix(orthogonal_map):
    m = orthogonal(Holder(np.random.default_rng(4).standard_normal((6, 3))), orthogonal_map=orthogonal_map)
    q = np.linalg.qr(np.random.default_rng(5).standard_normal((6, 3)))[0]
    m.weight = ag.tensor(q)
    np.testing.assert_allclose(m.weight.detach().numpy(), q, atol=1e-12)
    m.weight = ag.tensor(np.random.default_rng(6).standard_normal((6, 3)))  # orthogonalized
    _assert_orthogonal(m.weight)
    with pytest.raises(ValueError, match=r"shape \(6, 3\)"):
        m.weight = ag.zeros(3, 6, dtype=ag.float64)


def test_householder_without_trivialization_assigns_the_qr_factor():
    m = orthogonal(Holder(np.eye(4, 3)), orthogonal_map="householder", use_trivialization=False)
    a = np.random.default_rng(7).standard_normal((4, 3))
    m.weight = ag.tensor(a)
    q, r = np.linalg.qr(a)
    np.testing.assert_allclose(m.weight.detach().numpy(), q * np.sign(np.diag(r)), atol=1e-12)
    with pytest.raises(NotImplementedError, match="Cayley"):
        orthogonal(Holder(np.eye(3)), orthogonal_map="cayley", use_trivialization=False).weight = ag.eye(3, dtype=ag.float64)


def test_state_dict_keys_match_torch():
    ours, theirs = _pair((5, 3), "householder")
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_householder_product_matches_torch_and_is_twice_differentiable():
    rng = np.random.default_rng(8)
    a, tau = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 3))
    np.testing.assert_allclose(_householder_product(ag.tensor(a), ag.tensor(tau)).numpy(),
                               torch.linalg.householder_product(torch.tensor(a), torch.tensor(tau)).numpy(),
                               atol=1e-12)
    a, tau = ag.tensor(a[0], requires_grad=True), ag.tensor(tau[0], requires_grad=True)
    assert ag.gradcheck(_householder_product, (a, tau))
    assert ag.gradgradcheck(_householder_product, (a, tau))


def test_errors():
    with pytest.raises(ValueError, match="2 dimensions|1 dimensions"):
        orthogonal(nn.Linear(3, 3), "bias")
    with pytest.raises(ValueError, match="no parameter or buffer with name 'w'"):
        orthogonal(nn.Linear(3, 3), "w")
    with pytest.raises(ValueError, match='one of "matrix_exp"'):
        orthogonal(nn.Linear(3, 3), "weight", "qr")
