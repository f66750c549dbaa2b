"""DeZero's versions of the benchmark models are the same architectures as ``models`` (when DeZero is installed)."""
import numpy as np
import pytest

from benchmarks import dezero_models, lenet, models, resnet18
from benchmarks.frameworks import DEZERO, load

dezero = load(DEZERO)
pytestmark = pytest.mark.skipif(not dezero.available, reason=str(dezero.reason))


def _weight_count(model):
    import autograd_core.nn as nn
    return sum(p.numel() for p in model(nn).parameters())


def _dezero_weight_count(net, x):
    net(x)  # BatchNorm makes its parameters on the first call
    return sum(p.data.size for p in net.params() if p.name not in ("avg_mean", "avg_var"))


@pytest.mark.parametrize("name, make, ours, x", [
    ("mlp", dezero_models.mlp, models.mlp, np.zeros((2, 784), np.float32)),
    ("lenet", dezero_models.lenet, models.lenet, lenet.batch_arrays(2)[0]),
    ("resnet18", lambda: dezero_models.resnet18(10), lambda nn: models.resnet18(nn, 10),
     resnet18.batch_arrays(4)[0]),
])
def test_same_output_shape_and_weight_count_as_ours(name, make, ours, x):
    net = make()
    assert net(x).shape == (len(x), 10)
    assert _dezero_weight_count(net, x) == _weight_count(ours)


def test_resnet18_step_runs_in_float32():
    step = resnet18.dezero_step(dezero)
    step()  # the first call checks that every gradient is float32
