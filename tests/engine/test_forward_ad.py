"""ag.autograd.forward_ad (dual_level, make_dual, unpack_dual) against torch.autograd.forward_ad."""
import gc
import weakref

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn
from autograd_core.autograd import forward_ad as fwAD

_RNG = np.random.default_rng(0)
A, B, V, W = (_RNG.standard_normal((2, 3)) for _ in range(4))
C, D = A + 1j * B, V - 2j * W


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _unpacked(lib, fn, primals, tangents):
    """``unpack_dual(fn(*duals))`` in library ``lib`` (ours or torch), as NumPy arrays (None for no tangent)."""
    fw, tensor = (fwAD, ag.tensor) if lib is ag else (lib.autograd.forward_ad, lib.tensor)
    with fw.dual_level():
        primal, tangent = fw.unpack_dual(fn(*(fw.make_dual(tensor(p), tensor(t)) for p, t in zip(primals, tangents))))
        return primal.detach().numpy(), None if tangent is None else tangent.detach().numpy()


_FNS = {  # name -> (fn, primals, tangents): the same code runs on our Tensors and on torch's
    "elementwise": (lambda x: x.sin() * x + x.exp() / (1 + x ** 2), (A,), (V,)),
    "matmul": (lambda x, y: (x @ y.T).tanh(), (A, B), (V, W)),
    "sum_dim": (lambda x: x.sum(1), (A,), (V,)),
    "mean_norm": (lambda x, y: (x * y).mean() + x.norm(), (A, B), (V, W)),
    "amax": (lambda x: x.amax(0), (A,), (V,)),
    "softmax": (lambda x: x.softmax(-1), (A,), (V,)),
    "complex_holomorphic": (lambda z: z.sin() * z, (C,), (D,)),
    "complex_abs": (lambda z: z.abs(), (C,), (D,)),
    "complex_conj": (lambda z: z.conj() * z.exp(), (C,), (D,)),
    "complex_of_real": (lambda x, z: x * z + x.exp(), (A, C), (V, D)),
}


@pytest.mark.parametrize("name", list(_FNS))
def test_values_and_tangents_match_torch(torch, name):
    fn, primals, tangents = _FNS[name]
    (ours, ours_t), (theirs, theirs_t) = (_unpacked(lib, fn, primals, tangents) for lib in (ag, torch))
    assert ours.dtype == theirs.dtype and ours_t.dtype == theirs_t.dtype
    np.testing.assert_allclose(ours, theirs, atol=1e-12)
    np.testing.assert_allclose(ours_t, theirs_t, atol=1e-12)


def test_tangent_without_torch():
    assert ag.autograd.forward_ad is fwAD
    primal, tangent = _unpacked(ag, lambda x: x.sin(), (A,), (V,))
    np.testing.assert_allclose(primal, np.sin(A))
    np.testing.assert_allclose(tangent, np.cos(A) * V)


def test_linear_tanh_model_and_its_tangent_backward_match_torch(torch):
    ours, theirs = nn.Linear(3, 4).double(), torch.nn.Linear(3, 4).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.weight.detach().numpy()))
        theirs.bias.copy_(torch.tensor(ours.bias.detach().numpy()))
    results = []
    for model, fw, tensor in ((ours, fwAD, ag.tensor), (theirs, torch.autograd.forward_ad, torch.tensor)):
        with fw.dual_level():
            primal, tangent = fw.unpack_dual(model(fw.make_dual(tensor(A), tensor(V))).tanh())
            assert primal.requires_grad and tangent.requires_grad  # both depend on the parameters
            (tangent ** 2).sum().backward()
        results.append([t.detach().numpy() for t in (primal, tangent, model.weight.grad, model.bias.grad)])
    for o, t in zip(*results):
        np.testing.assert_allclose(o, t, atol=1e-12)


def test_primal_and_tangent_stay_differentiable_where_torch_s_do(torch):
    results = []
    for fw, tensor in ((fwAD, ag.tensor), (torch.autograd.forward_ad, torch.tensor)):
        x, v, plain = tensor(A, requires_grad=True), tensor(V, requires_grad=True), tensor(B)
        with fw.dual_level():
            primal, tangent = fw.unpack_dual((fw.make_dual(x, v).exp() * 2).sum())
            # a dual of a tensor that needs no grad with a plain tangent: neither part requires grad
            plain_primal, plain_tangent = fw.unpack_dual(fw.make_dual(plain, tensor(W)).sin())
        assert primal.requires_grad and tangent.requires_grad
        assert not plain_primal.requires_grad and not plain_tangent.requires_grad
        primal.backward(retain_graph=True)
        gx = x.grad.numpy().copy()
        x.grad = None
        tangent.backward()
        results.append((gx, x.grad.numpy(), v.grad.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_tangent_of_a_dual_is_the_given_one_and_is_cached():
    v = ag.tensor(V)
    with fwAD.dual_level():
        dual = fwAD.make_dual(ag.tensor(A), v)
        assert fwAD.unpack_dual(dual).tangent is v
        y = dual * 2
        first = fwAD.unpack_dual(y).tangent
        assert fwAD.unpack_dual(y).tangent is first
        y.mul_(3)  # changed in place: the tangent follows, as torch's
        np.testing.assert_allclose(fwAD.unpack_dual(y).tangent.numpy(), 6 * V)


def test_none_tangents_where_torch_gives_none(torch):
    for fw, tensor in ((fwAD, ag.tensor), (torch.autograd.forward_ad, torch.tensor)):
        x = tensor(A)
        assert fw.unpack_dual(x).tangent is None and fw.unpack_dual(x).primal is x  # outside a level
        assert fw.unpack_dual(3.0) == (3.0, None)
        with fw.dual_level():
            dual = fw.make_dual(x, tensor(V))
            y = dual.cos()
            assert fw.unpack_dual(x).tangent is None  # the primal itself is no dual
            assert fw.unpack_dual(x * 2).tangent is None
            assert fw.unpack_dual(dual.detach()).tangent is None
            assert fw.unpack_dual(dual.argmax()).tangent is None
            assert fw.unpack_dual(y).tangent is not None
        assert fw.unpack_dual(y).tangent is None  # the level is gone
        assert isinstance(fw.unpack_dual(y), fw.UnpackedDualTensor)


def test_levels_do_not_nest_and_are_reused(torch):
    for fw in (fwAD, torch.autograd.forward_ad):
        with fw.dual_level() as first:
            with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
                with fw.dual_level():
                    pass
        with fw.dual_level() as second:
            pass
        assert first == second == 0
        level = fw.enter_dual_level()
        with pytest.raises(RuntimeError, match="not the last one"):
            fw.exit_dual_level(level=level + 1)
        fw.exit_dual_level(level=level)
        with pytest.raises(RuntimeError):
            fw.exit_dual_level()
        with pytest.raises(KeyError):  # an exception leaves the level
            with fw.dual_level():
                raise KeyError
        assert fw.unpack_dual(ag.tensor(A)).tangent is None


def test_dual_level_as_decorator():
    @fwAD.dual_level()
    def tangent_of_square(x, v):
        return fwAD.unpack_dual(fwAD.make_dual(x, v) ** 2).tangent
    np.testing.assert_allclose(tangent_of_square(ag.tensor(A), ag.tensor(V)).numpy(), 2 * A * V)
    with pytest.raises(RuntimeError, match="no level exists"):
        fwAD.make_dual(ag.tensor(A), ag.tensor(V))


def test_tangent_is_twice_differentiable():
    def tangent(x, v):
        with fwAD.dual_level():
            return fwAD.unpack_dual((fwAD.make_dual(x, v).sin() * x).sum()).tangent
    inputs = (ag.tensor(A, requires_grad=True), ag.tensor(V, requires_grad=True))
    assert ag.autograd.gradcheck(tangent, inputs)
    assert ag.autograd.gradgradcheck(tangent, inputs)


_ERRORS = [  # (make_dual arguments, error, what torch's and our messages both hold, or ours alone)
    ((A, V[:, :2]), RuntimeError, r"Tensor is of size \[2, 3\] while the given forward gradient is of size \[2, 2\]"),
    ((np.arange(3), V[0]), ValueError, "Expected primal to be floating point or complex, but got: .*int64"),
    ((A, np.ones((2, 3), dtype=np.int64)), ValueError, "Expected tangent to be floating point or complex"),
]


@pytest.mark.parametrize("args, error, match", _ERRORS)
def test_make_dual_errors_match_torch(torch, args, error, match):
    for fw, tensor in ((fwAD, ag.tensor), (torch.autograd.forward_ad, torch.tensor)):
        with fw.dual_level(), pytest.raises(error, match=match):
            fw.make_dual(*(tensor(a) for a in args))


def test_make_dual_of_a_dual_is_refused_as_torch(torch):
    for fw, tensor in ((fwAD, ag.tensor), (torch.autograd.forward_ad, torch.tensor)):
        with fw.dual_level():
            dual = fw.make_dual(tensor(A), tensor(V))
            for base in (dual, dual * 2):
                with pytest.raises(RuntimeError, match="already has a forward gradient at the same level 0"):
                    fw.make_dual(base, tensor(V))


@pytest.mark.parametrize("call, error, match", [
    (lambda: fwAD.make_dual(ag.tensor(A), ag.tensor(V)), RuntimeError, "no level exists"),
    (lambda: fwAD.exit_dual_level(), RuntimeError, "no forward AD level is active"),
])
def test_errors_outside_a_level(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("call, error, match", [
    (lambda: fwAD.make_dual(A, ag.tensor(V)), TypeError, "make_dual.*primal to be a Tensor, got ndarray"),
    (lambda: fwAD.make_dual(ag.tensor(A), 1.0), TypeError, "make_dual.*tangent to be a Tensor, got float"),
    (lambda: fwAD.unpack_dual(1.0), TypeError, "unpack_dual.*expected a Tensor, got float"),
    (lambda: fwAD.make_dual(ag.tensor(A), ag.tensor(V), level=1), RuntimeError, "make_dual.*invalid level 1"),
    (lambda: fwAD.unpack_dual(ag.tensor(A), level=1), RuntimeError, "unpack_dual.*invalid level 1"),
    # torch takes a tangent complex where its primal is real (or real where it is complex); the
    # double-backward trick can't, so ours are refused
    (lambda: fwAD.make_dual(ag.tensor(A), ag.tensor(D)), ValueError, "a tangent must be complex where its primal is"),
    (lambda: fwAD.make_dual(ag.tensor(C), ag.tensor(V)), ValueError, "complex128 primal"),
])
def test_errors_inside_a_level(call, error, match):
    with fwAD.dual_level(), pytest.raises(error, match=match):
        call()


def test_in_place_change_of_a_non_leaf_dual_moves_its_tangent_as_torch_s(torch):
    results = []
    for fw, tensor in ((fwAD, ag.tensor), (torch.autograd.forward_ad, torch.tensor)):
        with fw.dual_level():
            dual = fw.make_dual(tensor(A, requires_grad=True) * 1, tensor(V))
            before = dual * 3
            dual.mul_(2)  # the dual and everything made from it afterwards see it; what was made before does not
            after = dual.sin()
            results.append([fw.unpack_dual(t).tangent.detach().numpy() for t in (before, dual, after)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_a_level_keeps_no_dropped_dual_or_result_alive():
    x = ag.tensor(A, requires_grad=True) * 1
    with fwAD.dual_level():  # a loop in one level must not pile up every step's duals and graphs
        dual, leaf_dual = fwAD.make_dual(x, ag.tensor(V)), fwAD.make_dual(ag.tensor(B), ag.tensor(W))
        y = dual.sin() * leaf_dual
        fwAD.unpack_dual(y)
        refs = [weakref.ref(t) for t in (dual, leaf_dual, y)]
        del dual, leaf_dual, y
        gc.collect()
        assert [r() for r in refs] == [None] * 3
        kept = fwAD.make_dual(x, ag.tensor(V)).exp()  # its dual is dropped, the result still has its tangent
        np.testing.assert_allclose(fwAD.unpack_dual(kept).tangent.detach().numpy(), np.exp(A) * V)
