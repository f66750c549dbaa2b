"""F: numerics at extreme values, PyTorch oracles for the losses, and the errors a user sees."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F


def _grad(fn, x):
    x = ag.tensor(x, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    return y, x.grad


def test_sigmoid_softplus_logsigmoid_do_not_overflow():
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0], np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for fn in (F.sigmoid, F.softplus, F.logsigmoid, F.silu, F.gelu, F.elu, F.mish):
            y, g = _grad(fn, x)
            assert np.isfinite(y.detach().numpy()).all() and np.isfinite(g.numpy()).all(), fn.__name__
    assert F.softplus(ag.tensor([1000.0])).item() == 1000.0
    assert F.softplus(ag.tensor([-1000.0])).item() == 0.0
    assert F.softplus(ag.tensor([0.0])).item() == pytest.approx(np.log(2))
    _, g = _grad(F.softplus, np.zeros(1, np.float32))
    assert g.item() == pytest.approx(0.5)


def test_softmax_and_log_softmax_with_huge_logits():
    x = np.array([[1e4, 0.0, -1e4], [3.0, 3.0, 3.0]], np.float32)
    np.testing.assert_allclose(F.softmax(ag.tensor(x), dim=1).numpy(), [[1, 0, 0], [1 / 3] * 3], rtol=1e-6)
    np.testing.assert_allclose(F.log_softmax(ag.tensor(x), dim=1).numpy()[0], [0, -1e4, -2e4])


@pytest.mark.parametrize("shape,dim", [((2, 0), 1), ((0, 3), 0), ((0, 3), 1), ((2, 0, 3), 1)])
def test_softmax_family_over_empty_tensors_as_pytorch(shape, dim):
    # NumPy's max has no identity: the shift before exp must not reduce an empty axis
    for f in (F.softmax, F.log_softmax):
        x = ag.zeros(*shape, requires_grad=True)
        y = f(x, dim=dim)
        y.sum().backward()
        assert y.shape == shape and x.grad.shape == shape
    x = ag.zeros(*shape, requires_grad=True)
    y = ag.logsumexp(x, dim)
    y.sum().backward()
    expected = np.full(shape[:dim] + shape[dim + 1:], -np.inf if shape[dim] == 0 else np.log(shape[dim]))
    np.testing.assert_array_equal(y.detach().numpy(), expected)
    assert x.grad.shape == shape


def test_cross_entropy_extreme_logits_is_finite_and_exact():
    logits = ag.tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0]], requires_grad=True)
    loss = F.cross_entropy(logits, ag.tensor([1, 1]))
    assert loss.item() == 5000.0  # (1e4 + 0) / 2, exactly
    loss.backward()
    np.testing.assert_allclose(logits.grad.numpy(), [[0.5, -0.5, 0], [0, 0, 0]])


def test_bce_with_logits_at_1000():
    x = ag.tensor([1000.0, -1000.0, 1000.0, -1000.0], requires_grad=True)
    y = ag.tensor([1.0, 0.0, 0.0, 1.0])
    loss = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [0, 0, 1000, 1000])
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0, 0, 1, -1])


def test_bce_at_exact_zero_and_one_is_clamped():
    x = ag.tensor([0.0, 1.0, 0.5], requires_grad=True)
    loss = F.binary_cross_entropy(x, ag.tensor([1.0, 0.0, 1.0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [100, 100, np.log(2)], rtol=1e-6)
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [-1e12, 1e12, -2], rtol=1e-6)  # PyTorch's eps = 1e-12


def test_cross_entropy_all_ignored_is_nan_like_pytorch():
    loss = F.cross_entropy(ag.randn(2, 3), ag.tensor([-100, -100]))
    assert np.isnan(loss.item())


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_against_pytorch(reduction, smoothing):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x, t, w = rng.normal(size=(2, 4, 3)), rng.integers(0, 4, (2, 3)), rng.uniform(0.5, 2, 4)
    t[0, 1] = 3
    t[1, 2] = -1
    kw = dict(weight=w, ignore_index=-1, reduction=reduction, label_smoothing=smoothing)
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ours = F.cross_entropy(xa, ag.tensor(t), **{**kw, "weight": ag.tensor(w)})
    theirs = torch.nn.functional.cross_entropy(xt, torch.tensor(t), **{**kw, "weight": torch.tensor(w)})
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), atol=1e-12)
    (ours * ours).sum().backward()
    (theirs * theirs).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), atol=1e-12)


def test_cross_entropy_probabilities_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, p = rng.normal(size=(3, 4, 2)), rng.dirichlet(np.ones(4), (3, 2)).transpose(0, 2, 1)
    for reduction in ("mean", "sum", "none"):
        ours = F.cross_entropy(ag.tensor(x), ag.tensor(p), reduction=reduction, label_smoothing=0.1)
        theirs = torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(p), reduction=reduction,
                                                   label_smoothing=0.1)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-12)


def test_cross_entropy_unbatched_and_float32():
    loss = F.cross_entropy(ag.tensor([1.0, 2.0, 3.0]), ag.tensor(2))
    assert loss.shape == () and loss.dtype == np.float32
    assert loss.item() == pytest.approx(-np.log(np.exp(3) / np.exp([1, 2, 3]).sum()), rel=1e-6)


def test_cross_entropy_double_backward():
    x = ag.randn(4, 3, dtype=np.float64, requires_grad=True)
    t = ag.tensor([0, 2, 1, 2])
    assert ag.gradgradcheck(lambda a: F.cross_entropy(a, t, reduction="sum"), [x])


def test_loss_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\)"):
        F.mse_loss(ag.randn(4, 1), ag.randn(4))
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 2\)"):
        F.binary_cross_entropy_with_logits(ag.randn(3), ag.rand(3, 2))
    with pytest.raises(ValueError, match=r"target shape \(3,\).*\(2, 5\)"):
        F.cross_entropy(ag.randn(2, 5), ag.tensor([0, 1, 2]))


def test_out_of_range_and_wrong_dtype_targets():
    with pytest.raises(IndexError, match=r"cross_entropy: targets .* span \[0, 5\] but must lie in \[0, 2\]"):
        F.cross_entropy(ag.randn(2, 3), ag.tensor([0, 5]))
    with pytest.raises(IndexError, match="out of range"):
        F.nll_loss(ag.randn(2, 3), ag.tensor([-2, 0]))
    with pytest.raises(TypeError, match="integer"):
        F.nll_loss(ag.randn(2, 3), ag.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(ag.randn(2), ag.randn(2), reduction="avg")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        F.binary_cross_entropy(ag.tensor([1.5]), ag.tensor([1.0]))


def test_kl_div_mean_warns_and_batchmean_is_kl():
    p = np.array([[0.2, 0.8], [0.5, 0.5]])
    q = np.array([[0.4, 0.6], [0.1, 0.9]])
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(ag.tensor(np.log(q)), ag.tensor(p))
    kl = (p * np.log(p / q)).sum() / 2
    assert F.kl_div(ag.tensor(np.log(q)), ag.tensor(p), reduction="batchmean").item() == pytest.approx(kl)


def test_softmax_default_dim_and_dtype():
    assert F.softmax(ag.randn(2, 3)).numpy().sum(1) == pytest.approx([1, 1])
    assert F.log_softmax(ag.randn(2, 3), dim=1, dtype=np.float64).dtype == np.float64


def test_gelu_bad_approximate():
    with pytest.raises(ValueError, match="approximate"):
        F.gelu(ag.randn(2), approximate="fast")
