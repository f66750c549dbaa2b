"""Lazy layers before their first call, as PyTorch: loading a checkpoint gives their placeholders its
shapes and values, which the first call keeps; an uninitialized layer survives pickling."""
import pickle

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim


@pytest.mark.parametrize("lazy,eager,x_shape", [
    (lambda: nn.LazyLinear(3), lambda: nn.Linear(5, 3), (2, 5)),
    (lambda: nn.LazyConv2d(4, 3), lambda: nn.Conv2d(6, 4, 3), (1, 6, 5, 5)),
    (lambda: nn.LazyConvTranspose1d(4, 3, bias=False), lambda: nn.ConvTranspose1d(6, 4, 3, bias=False), (2, 6, 5)),
])
def test_a_lazy_layer_loads_a_checkpoint_before_its_first_call(lazy, eager, x_shape):
    source, layer = eager(), lazy()
    opt = optim.SGD(layer.parameters(), lr=0.1)  # made before the load: it must hold the loaded parameters
    assert layer.load_state_dict(source.state_dict()) == ([], [])
    assert isinstance(layer.weight, nn.Parameter) and not isinstance(layer.weight, nn.UninitializedParameter)
    x = ag.randn(*x_shape)
    y = layer(x)
    assert type(layer) is type(source)
    np.testing.assert_array_equal(y.detach().numpy(), source(x).detach().numpy())
    y.sum().backward()
    opt.step()
    assert opt.param_groups[0]["params"][0] is layer.weight
    assert not np.array_equal(layer.weight.detach().numpy(), source.weight.detach().numpy())


def test_a_lazy_layer_loads_a_checkpoint_in_its_dtype():
    layer = nn.LazyLinear(2).double()
    layer.load_state_dict(nn.Linear(4, 2).state_dict())
    assert layer.weight.dtype == ag.float64 and layer.weight.shape == (2, 4)
    assert layer(ag.randn(3, 4, dtype=ag.float64)).dtype == ag.float64


def test_an_uninitialized_lazy_layer_survives_pickling_as_torch():
    layer = pickle.loads(pickle.dumps(nn.LazyLinear(3).double()))
    assert isinstance(layer.weight, nn.UninitializedParameter) and layer.weight.dtype == ag.float64
    assert layer(ag.randn(2, 4, dtype=ag.float64)).shape == (2, 3) and layer.weight.shape == (3, 4)
