"""The padding layers {Zero,Constant,Reflection,Replication,Circular}Pad{1,2,3}d against PyTorch: repr, which
input ranks they take, values and gradients."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

KINDS = ["Zero", "Constant", "Reflection", "Replication", "Circular"]


def _paddings(dims):
    return [1, 2, tuple(range(1, 2 * dims + 1)), (0, 1) * dims, (-1, 2) * dims]


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("kind", KINDS)
def test_padding_layers_match_pytorch(kind, dims):
    torch = pytest.importorskip("torch")
    name = f"{kind}Pad{dims}d"
    rng = np.random.default_rng(dims)
    for padding in _paddings(dims):
        args = (padding, 0.5) if kind == "Constant" else (padding,)
        m, tm = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        assert repr(m) == repr(tm)
        for ndim in range(1, 6):
            x = rng.normal(size=(4,) * ndim)
            try:
                want = tm(tx := torch.tensor(x, requires_grad=True))
            except (RuntimeError, ValueError, NotImplementedError):
                with pytest.raises(ValueError, match=f"{name}|pad: "):
                    m(ag.tensor(x))
                continue
            got = m(ours := ag.tensor(x, requires_grad=True))
            np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), err_msg=f"{padding} {ndim}D")
            g = rng.normal(size=got.shape)
            want.backward(torch.tensor(g))
            got.backward(ag.tensor(g))
            np.testing.assert_allclose(ours.grad.numpy(), tx.grad.numpy(), err_msg=f"{padding} {ndim}D")


def test_padding_layers_name_what_was_wrong():
    with pytest.raises(ValueError, match=r"ZeroPad1d: padding must be an int or \(left, right\), got \(1, 2, 3\)"):
        nn.ZeroPad1d((1, 2, 3))
    with pytest.raises(ValueError, match=r"ReflectionPad3d: expected 4D or 5D input"):
        nn.ReflectionPad3d(1)(ag.ones(2, 2, 2))
    with pytest.raises(ValueError, match=r"pad: circular padding \(4, 4\) wraps around more than once"):
        nn.CircularPad1d(4)(ag.ones(1, 2, 3))
    with pytest.raises(TypeError):
        nn.CircularPad2d(1, 0.5)  # only ConstantPad takes a value
