"""Group and instance norm through the fused training-mode batch-norm Function: values, first and
second derivatives against PyTorch, the running statistics of instance norm, the size of the
recorded graph, and empty batches."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F

RNG = np.random.default_rng(7)


def _graph_nodes(y):
    """The Functions recorded behind ``y``."""
    seen, todo = set(), [y.grad_fn]
    while todo:
        fn = todo.pop()
        if fn is None or isinstance(fn, ag.Tensor) or id(fn) in seen:
            continue
        seen.add(id(fn))
        todo.extend(fn.next_functions)
    return len(seen)


def _inputs(shape, dtype, affine):
    c = shape[1]
    arrays = [RNG.normal(size=shape) * 2 + 0.5] + ([RNG.normal(size=c), RNG.normal(size=c)] if affine else [])
    return [a.astype(dtype) for a in arrays]


CASES = [  # (name, ours, torch's (called with the torch module), shape, affine)
    ("group", lambda x, w=None, b=None: F.group_norm(x, 3, w, b),
     lambda t, x, w=None, b=None: t.nn.functional.group_norm(x, 3, w, b), (4, 6, 5), True),
    ("group_4d", lambda x, w=None, b=None: F.group_norm(x, 2, w, b),
     lambda t, x, w=None, b=None: t.nn.functional.group_norm(x, 2, w, b), (2, 6, 3, 4), True),
    ("group_no_affine", lambda x: F.group_norm(x, 6), lambda t, x: t.nn.functional.group_norm(x, 6),
     (3, 6, 2, 2), False),
    ("instance", lambda x, w=None, b=None: F.instance_norm(x, weight=w, bias=b),
     lambda t, x, w=None, b=None: t.nn.functional.instance_norm(x, weight=w, bias=b), (3, 4, 5), True),
    ("instance_4d", lambda x, w=None, b=None: F.instance_norm(x, weight=w, bias=b),
     lambda t, x, w=None, b=None: t.nn.functional.instance_norm(x, weight=w, bias=b), (2, 3, 4, 3), True),
    ("instance_no_affine", lambda x: F.instance_norm(x), lambda t, x: t.nn.functional.instance_norm(x),
     (2, 5, 3, 3), False),
]


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-9), (np.float32, 2e-4)])
@pytest.mark.parametrize("name,ours,theirs,shape,affine", CASES, ids=[c[0] for c in CASES])
def test_first_and_second_derivatives_match_torch(name, ours, theirs, shape, affine, dtype, tol):
    torch = pytest.importorskip("torch")
    arrays = _inputs(shape, dtype, affine)
    gy = RNG.normal(size=shape).astype(dtype)
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y, ty = ours(*xs), theirs(torch, *ts)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=tol, atol=tol)
    grads = ag.grad((y * ag.tensor(gy)).sum(), xs, create_graph=True)
    tgrads = torch.autograd.grad((ty * torch.tensor(gy)).sum(), ts, create_graph=True)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=tol, atol=tol)
    # second derivatives: of sum(gx**2) + sum(gw) with respect to every input
    total = (grads[0] * grads[0]).sum() + (grads[1].sum() if affine else 0)
    ttotal = (tgrads[0] * tgrads[0]).sum() + (tgrads[1].sum() if affine else 0)
    second = ag.grad(total, xs, allow_unused=True)
    tsecond = torch.autograd.grad(ttotal, ts, allow_unused=True)
    for g, tg in zip(second, tsecond):
        if tg is None:
            assert g is None or not np.any(g.numpy())
        else:
            np.testing.assert_allclose(g.numpy(), tg.numpy(), rtol=10 * tol, atol=10 * tol)


def test_gradgradcheck_with_weight_only_and_bias_only():
    x = ag.tensor(RNG.normal(size=(2, 4, 3)), requires_grad=True)
    w = ag.tensor(RNG.normal(size=4), requires_grad=True)
    for fn in (lambda x, w: F.group_norm(x, 2, weight=w), lambda x, b: F.group_norm(x, 2, bias=b),
               lambda x, w: F.instance_norm(x, weight=w), lambda x, b: F.instance_norm(x, bias=b)):
        assert ag.gradcheck(fn, (x, w))
        assert ag.gradgradcheck(fn, (x, w))


def test_instance_norm_running_statistics_follow_pytorchs_rule():
    """running = (1 - momentum) running + momentum * (the batch average of each instance's mean and
    unbiased variance)."""
    for dtype in (np.float64, np.float32):
        x = (RNG.normal(size=(5, 3, 4, 6)) * 2 + 3).astype(dtype)
        rm, rv = ag.tensor(np.full(3, 0.5, dtype)), ag.tensor(np.full(3, 2.0, dtype))
        F.instance_norm(ag.tensor(x), rm, rv, momentum=0.3)
        mean = x.mean(axis=(2, 3)).mean(0)
        var = x.var(axis=(2, 3), ddof=1).mean(0)
        tol = 1e-12 if dtype == np.float64 else 1e-6
        np.testing.assert_allclose(rm.numpy(), 0.7 * 0.5 + 0.3 * mean, rtol=tol)
        np.testing.assert_allclose(rv.numpy(), 0.7 * 2.0 + 0.3 * var, rtol=tol)
        assert rm.dtype == rv.dtype == dtype


def test_instance_norm_running_statistics_match_torch():
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=(4, 3, 7)) * 3 - 1
    rm, rv = ag.zeros(3, dtype=np.float64), ag.ones(3, dtype=np.float64)
    trm, trv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    for _ in range(3):
        F.instance_norm(ag.tensor(x), rm, rv, momentum=0.2)
        torch.nn.functional.instance_norm(torch.tensor(x), trm, trv, momentum=0.2)
    np.testing.assert_allclose(rm.numpy(), trm.numpy(), rtol=1e-12)
    np.testing.assert_allclose(rv.numpy(), trv.numpy(), rtol=1e-12)


def test_group_and_instance_norm_record_a_few_nodes():
    """One fused batch-norm node plus reshapes and the tiling of the parameters (instance norm: 5,
    was 17) or the per-channel affine (group norm: 9, was 19), not the composed formula."""
    x = ag.tensor(RNG.normal(size=(2, 4, 3, 3)), requires_grad=True)
    w, b = ag.ones(4, dtype=np.float64, requires_grad=True), ag.zeros(4, dtype=np.float64, requires_grad=True)
    assert _graph_nodes(F.instance_norm(x, weight=w, bias=b)) <= 5
    assert _graph_nodes(F.group_norm(x, 2, w, b)) <= 9


def test_empty_batch_gives_an_empty_output_and_zero_parameter_gradients():
    w = ag.ones(4, requires_grad=True)
    for fn in (lambda x: F.group_norm(x, 2, w, w), lambda x: F.instance_norm(x, weight=w, bias=w)):
        x = ag.zeros(0, 4, 3, requires_grad=True)
        y = fn(x)
        assert y.shape == (0, 4, 3)
        y.sum().backward()
        assert x.grad.shape == (0, 4, 3)
        assert w.grad.tolist() == [0.0] * 4
        w.grad = None


@pytest.mark.parametrize("x_dtype,p_dtype", [(np.float32, np.float64), (np.float64, np.float32)])
def test_mixed_dtypes_promote_and_each_gradient_keeps_its_inputs_dtype(x_dtype, p_dtype):
    for fn in (lambda x, w: F.group_norm(x, 2, w, w), lambda x, w: F.instance_norm(x, weight=w, bias=w),
               lambda x, w: F.instance_norm(x, bias=w), lambda x, w: F.batch_norm(x, None, None, w, w, True)):
        x = ag.tensor(RNG.normal(size=(2, 4, 3)).astype(x_dtype), requires_grad=True)
        w = ag.tensor(RNG.normal(size=4).astype(p_dtype), requires_grad=True)
        y = fn(x, w)
        assert y.dtype == np.float64
        y.sum().backward()
        assert (x.grad.dtype, w.grad.dtype) == (x_dtype, p_dtype)
