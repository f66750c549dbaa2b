"""nn.init: gains, fans, bounds and layers initialised as PyTorch's."""
import math

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn


def test_calculate_gain():
    assert nn.init.calculate_gain("linear") == 1 and nn.init.calculate_gain("sigmoid") == 1
    assert nn.init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert nn.init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert nn.init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert nn.init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError):
        nn.init.calculate_gain("swishy")


def test_fans_include_the_receptive_field():
    assert nn.init._calculate_fan_in_and_fan_out(ag.empty(16, 3, 5, 5)) == (75, 400)
    assert nn.init._calculate_fan_in_and_fan_out(ag.empty(10, 20)) == (20, 10)
    with pytest.raises(ValueError, match="fewer than 2"):
        nn.init.xavier_uniform_(ag.empty(5))


def test_fillers_and_bounds():
    t = ag.empty(200, 300)
    assert float(nn.init.zeros_(t).abs().sum()) == 0
    assert float(nn.init.ones_(t).mean()) == 1
    assert float(nn.init.constant_(t, 0.25).max()) == 0.25
    bound = math.sqrt(6 / 500)
    x = nn.init.xavier_uniform_(t).numpy()
    assert x.max() <= bound and x.min() >= -bound and abs(x.std() - bound / math.sqrt(3)) < 0.01 * bound
    assert abs(nn.init.xavier_normal_(t).numpy().std() - math.sqrt(2 / 500)) < 0.002
    k = nn.init.kaiming_uniform_(t, a=0, nonlinearity="relu").numpy()
    assert k.max() <= math.sqrt(6 / 300) and k.max() > 0.95 * math.sqrt(6 / 300)
    expected_std = math.sqrt(2 / 200) / math.sqrt(1.0001)  # leaky_relu gain with a = 0
    assert abs(nn.init.kaiming_normal_(t, mode="fan_out").numpy().std() - expected_std) < 0.002
    u = nn.init.uniform_(t, -2, -1).numpy()
    assert u.min() >= -2 and u.max() <= -1
    assert abs(nn.init.normal_(t, 3.0, 0.5).numpy().mean() - 3.0) < 0.01
    tn = nn.init.trunc_normal_(t, std=1.0, a=-0.5, b=0.5).numpy()
    assert tn.min() >= -0.5 and tn.max() <= 0.5
    q = nn.init.orthogonal_(ag.empty(4, 6)).numpy()
    np.testing.assert_allclose(q @ q.T, np.eye(4), atol=1e-5)
    assert t.dtype == np.float32


def test_seeded_init_is_repeatable():
    ag.manual_seed(3)
    a = nn.Linear(5, 4).weight.detach().numpy().copy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(a, nn.Linear(5, 4).weight.detach().numpy())


def test_linear_init_like_pytorch():
    fc = nn.Linear(100, 50)
    bound = 1 / math.sqrt(100)  # kaiming_uniform_(a=sqrt(5)) gives the same bound as the bias
    w, b = fc.weight.detach().numpy(), fc.bias.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert np.abs(b).max() <= bound


def test_init_inside_a_graph_is_seen_by_backward():
    w = nn.Parameter(ag.ones(3))
    y = (w * w).sum()
    nn.init.zeros_(w)
    with pytest.raises(RuntimeError, match="in-place"):
        y.backward()
