"""Sequential (positional and OrderedDict), ModuleList, ModuleDict, ParameterList, ParameterDict."""
from collections import OrderedDict

import pytest

import autograd_core as ag
from autograd_core import nn


def test_sequential_positional_and_ordered_dict():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert seq(ag.randn(4, 2)).shape == (4, 1)
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and isinstance(seq[1:], nn.Sequential)
    assert list(seq[1:].state_dict()) == ["2.weight", "2.bias"]  # slices keep the names
    named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.Tanh())]))
    assert list(named.state_dict()) == ["fc.weight", "fc.bias"]
    assert named.fc is named[0]
    with pytest.raises(IndexError, match="out of range"):
        seq[3]


def test_sequential_editing():
    seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    seq.append(nn.Linear(2, 1))
    assert [n for n, _ in seq.named_children()] == ["0", "1", "2"]
    del seq[1]
    assert [n for n, _ in seq.named_children()] == ["0", "1"]
    seq.insert(1, nn.Sigmoid())
    assert isinstance(seq[1], nn.Sigmoid) and len(seq) == 3
    seq[0] = nn.Identity()
    assert isinstance(seq[0], nn.Identity)
    assert [type(m).__name__ for m in seq] == ["Identity", "Sigmoid", "Linear"]


def test_module_list():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    layers.append(nn.Linear(2, 1))
    layers += [nn.ReLU()]
    assert len(layers) == 5 and len(list(layers.parameters())) == 8
    assert "3.weight" in layers.state_dict()

    class Stack(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = layers

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return x
    assert Stack()(ag.randn(3, 2)).shape == (3, 1)
    assert "layers.0.weight" in Stack().state_dict()
    del layers[0]
    assert list(layers.state_dict())[0] == "0.weight" and len(layers) == 4


def test_module_dict():
    d = nn.ModuleDict({"enc": nn.Linear(3, 2), "dec": nn.Linear(2, 3)})
    assert list(d.keys()) == ["enc", "dec"] and "enc" in d
    assert list(d.state_dict()) == ["enc.weight", "enc.bias", "dec.weight", "dec.bias"]
    d["act"] = nn.ReLU()
    assert len(d) == 3
    d.pop("act")
    assert [k for k, _ in d.items()] == ["enc", "dec"]


def test_parameter_list_and_dict():
    pl = nn.ParameterList([ag.zeros(2), nn.Parameter(ag.ones(3))])
    assert [n for n, _ in pl.named_parameters()] == ["0", "1"] and all(p.requires_grad for p in pl)
    pd = nn.ParameterDict({"a": ag.zeros(2)})
    assert isinstance(pd["a"], nn.Parameter) and list(pd.state_dict()) == ["a"]
