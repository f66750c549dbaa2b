"""The benchmark models compute the same loss in torch and ours (same code, same weights, same data)."""
import numpy as np
import pytest

from benchmarks import lenet, lstm, mlp, models
from benchmarks.frameworks import OURS, TORCH, load

torch = pytest.importorskip("torch")

CASES = {
    "mlp": (models.mlp, ((8, 16, 16, 3),), lambda: mlp.batch_arrays(5, (8, 16, 16, 3)), "cross_entropy"),
    "lenet": (models.lenet, (), lambda: lenet.batch_arrays(2), "cross_entropy"),
    "lstm": (models.lstm_regressor, (8,), lstm.batch_arrays, "mse_loss"),
    # batch 8: batch-norm over 1x1 maps of a batch of 2 would amplify float32 rounding
    "resnet18": (models.resnet18, (10,), lambda: (np.random.default_rng(0).standard_normal((8, 3, 32, 32))
                                                   .astype(np.float32), np.arange(8)), "cross_entropy"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_torch_and_ours_agree(name):
    factory, args, make_data, loss_name = CASES[name]
    losses = []
    for fw_name in (TORCH, OURS):
        fw = load(fw_name)
        torch.manual_seed(0)
        try:
            model = models.build(factory, fw, *args)
        except (AttributeError, ImportError) as e:
            pytest.skip(f"{fw_name} lacks a piece of {name}: {e}")
        F, _ = models.functional_and_sgd(fw, model)
        x, t = models.data(fw, *make_data())
        losses.append(float(getattr(F, loss_name)(model(x), t).item()))
    assert losses[1] == pytest.approx(losses[0], rel=1e-4)
