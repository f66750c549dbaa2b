"""Comparing an op of ours with PyTorch's (tests skip where torch is not installed)."""
import numpy as np
import pytest

import autograd_core as ag


def compare(ours_fn, torch_fn, arrays, atol=1e-10, diff=None):
    """Forward and the gradient of every float input (or those in ``diff``), ours against PyTorch's,
    for a random output gradient; an input the output does not depend on has a zero (or no) gradient."""
    torch = pytest.importorskip("torch")
    diff = [k for k, a in enumerate(arrays) if a.dtype.kind == "f"] if diff is None else diff
    ts = [torch.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    xs = [ag.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    ty, y = torch_fn(*ts), ours_fn(*xs)
    assert y.shape == tuple(ty.shape)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=atol)
    if not ty.requires_grad:  # a constant (an undefined moment, a value off the support ...)
        assert not y.requires_grad
        return
    g = np.random.default_rng(1).standard_normal(y.shape)
    ty.backward(torch.tensor(g))
    (y * ag.tensor(g)).sum().backward()
    for k in diff:
        ours, theirs = (np.zeros(arrays[k].shape) if t.grad is None else t.grad.numpy() for t in (xs[k], ts[k]))
        np.testing.assert_allclose(ours, theirs, atol=atol, err_msg=f"input {k}")


def compare_with_indices(ours, theirs, x, args=(), kw=None, indices=False):
    """Values, the int64 indices returned with them (with ``indices``) and the input gradient of
    ``ours(x, *args, **kw)`` against ``theirs`` (PyTorch's, on a torch tensor), for a random output gradient."""
    torch = pytest.importorskip("torch")
    kw = kw or {}
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    ty, ay = theirs(tx, *args, **kw), ours(ax, *args, **kw)
    if indices:
        assert isinstance(ay, tuple) and ay[1].dtype == np.int64
        np.testing.assert_array_equal(ay[1].numpy(), ty[1].numpy())
        ty, ay = ty[0], ay[0]
    assert ay.shape == tuple(ty.shape)
    np.testing.assert_allclose(ay.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    g = np.random.default_rng(1).standard_normal(ay.shape)
    ty.backward(torch.tensor(g))
    (ay * ag.tensor(g)).sum().backward()
    np.testing.assert_allclose(ax.grad.numpy(), tx.grad.numpy(), atol=1e-12)


def compare_complex(ours_fn, torch_fn, arrays, atol=1e-10, diff=None):
    """``compare`` for complex tensors: the forward (values and dtype), then the gradient of every float or
    complex input (or those in ``diff``) of the real loss ``(out * conj(w)).real.sum()`` for a fixed random
    ``w`` (complex where ``out`` is), which holds PyTorch's convention for complex gradients."""
    torch = pytest.importorskip("torch")
    from autograd_core.ops.complex_parts import conj, real
    diff = [k for k, a in enumerate(arrays) if a.dtype.kind in "fc"] if diff is None else diff
    ts = [torch.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    xs = [ag.tensor(a, requires_grad=k in diff) for k, a in enumerate(arrays)]
    ty, y = torch_fn(*ts), ours_fn(*xs)
    assert y.shape == tuple(ty.shape) and str(y.dtype) == str(ty.dtype).replace("torch.", "")
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().resolve_conj().numpy(), atol=atol)  # torch's lazy conj
    rng = np.random.default_rng(1)
    w = rng.standard_normal(y.shape) + (1j * rng.standard_normal(y.shape) if y.dtype.kind == "c" else 0)
    (ty * torch.tensor(w).conj()).real.sum().backward()
    real(y * conj(ag.tensor(w))).sum().backward()
    for k in diff:
        ours, theirs = xs[k].grad.numpy(), ts[k].grad.resolve_conj().numpy()
        assert ours.dtype == theirs.dtype, f"input {k}: gradient dtype {ours.dtype}, PyTorch's {theirs.dtype}"
        np.testing.assert_allclose(ours, theirs, atol=atol, err_msg=f"input {k}")


def compare_double_backward(ours_fn, torch_fn, x, atol=1e-10):
    """The gradient of ``L = Re(sum(fn(x) * conj(w)))`` (built with create_graph) and the gradient of
    ``Re(sum(grad * conj(v)))``, a Hessian-vector product, ours against PyTorch's, for fixed random w and v
    (complex where the output or ``x`` is)."""
    torch = pytest.importorskip("torch")
    from autograd_core.ops.complex_parts import conj, real
    rng = np.random.default_rng(1)

    def draw(shape, kind):
        return rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if kind == "c" else 0)
    tx, ax = torch.tensor(x, requires_grad=True), ag.tensor(x, requires_grad=True)
    ty, ay = torch_fn(tx), ours_fn(ax)
    w, v = draw(ay.shape, ay.dtype.kind), draw(x.shape, x.dtype.kind)
    tg, = torch.autograd.grad((ty * torch.tensor(w).conj()).real.sum(), tx, create_graph=True)
    og, = ag.grad(real(ay * conj(ag.tensor(w))).sum(), ax, create_graph=True)
    th, = torch.autograd.grad((tg * torch.tensor(v).conj()).real.sum(), tx)
    oh, = ag.grad(real(og * conj(ag.tensor(v))).sum(), ax)
    np.testing.assert_allclose(og.detach().numpy(), tg.detach().resolve_conj().numpy(), atol=atol, err_msg="grad")
    np.testing.assert_allclose(oh.numpy(), th.resolve_conj().numpy(), atol=atol, err_msg="double backward")
