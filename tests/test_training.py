"""autograd_core.training: fit, evaluate, History and the callbacks."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, Spiral, TensorDataset
from autograd_core.serialization import load
from autograd_core.training import (Callback, EarlyStopping, LRSchedulerCallback, ModelCheckpoint, evaluate,
                                    fit)


def _spiral_setup(lr=0.1):
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 3))
    train = DataLoader(Spiral(), batch_size=32, shuffle=True, seed=0)
    val = DataLoader(Spiral(train=False), batch_size=100)
    return model, optim.Adam(model.parameters(), lr=lr), train, val


def test_fit_trains_and_records_history():
    model, opt, train, val = _spiral_setup(lr=0.05)
    history = fit(model, opt, nn.CrossEntropyLoss(), train, val, epochs=30, verbose=0)
    assert len(history) == 30 and history.epoch == list(range(30))
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["accuracy"][-1] > 0.85 and history["val_accuracy"][-1] > 0.8
    assert history["lr"] == [0.05] * 30
    result = evaluate(model, val, nn.CrossEntropyLoss())
    assert np.isclose(result["loss"], history["val_loss"][-1]) and model.training


class _Probe(nn.Module):
    """Records grad mode and train mode at each call."""

    def __init__(self):
        super().__init__()
        self.lin, self.seen = nn.Linear(2, 3), []

    def forward(self, x):
        self.seen.append((ag.is_grad_enabled(), self.training))
        return self.lin(x)


def test_evaluation_runs_under_no_grad_and_eval_mode():
    model = _Probe()
    loader = DataLoader(Spiral(num_per_class=4), batch_size=12)
    fit(model, optim.SGD(model.parameters(), lr=0.1), nn.CrossEntropyLoss(), loader, loader, epochs=1, verbose=0)
    assert model.seen == [(True, True), (False, False)]
    assert model.training


class _Walk:
    """An 'optimizer' that adds 0.5 to every weight each step, so the val loss of
    y = w x against t = x is best when w = 1 (after epoch 1) and worse after."""

    def __init__(self, params):
        self.params, self.param_groups = list(params), [{"lr": 0.5}]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        for p in self.params:
            p.data += 0.5


def _line_setup():
    model = nn.Linear(1, 1, bias=False)
    model.weight.data[...] = 0.0
    x = np.linspace(-1, 1, 8, dtype=np.float32)[:, None]
    loader = DataLoader(TensorDataset(x, x), batch_size=8)
    return model, _Walk(model.parameters()), loader


def test_early_stopping_stops_and_restores_best_weights():
    model, opt, loader = _line_setup()
    stop = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    history = fit(model, opt, nn.MSELoss(), loader, loader, epochs=20, metrics=["mae"], callbacks=[stop], verbose=0)
    assert len(history) == 4 and stop.stopped_epoch == 3 and stop.best_epoch == 1
    assert np.isclose(stop.best, 0.0) and history["val_loss"][1] == min(history["val_loss"])
    assert model.weight.item() == pytest.approx(1.0), "weights of the best epoch are back"


def test_early_stopping_on_a_plateau():
    model, _, loader = _line_setup()
    frozen = optim.SGD(model.parameters(), lr=0.0)
    stop = EarlyStopping(monitor="val_loss", patience=3, min_delta=1e-3)
    history = fit(model, frozen, nn.MSELoss(), loader, loader, epochs=50, metrics=[], callbacks=[stop], verbose=0)
    assert len(history) == 4 and stop.stopped_epoch == 3


def test_early_stopping_max_mode_and_missing_monitor():
    assert EarlyStopping(monitor="val_accuracy").mode == "max"
    model, opt, loader = _line_setup()
    with pytest.raises(ValueError, match="EarlyStopping monitors 'val_loss', which needs a val_loader"):
        fit(model, opt, nn.MSELoss(), loader, epochs=2, metrics=[], callbacks=[EarlyStopping()], verbose=0)


def test_model_checkpoint_round_trip(tmp_path):
    model, opt, loader = _line_setup()
    best = ModelCheckpoint(tmp_path / "best.npz", monitor="val_loss", save_best_only=True)
    every = ModelCheckpoint(str(tmp_path / "ckpt" / "e{epoch:02d}-{val_loss:.2f}.npz"), save_best_only=False)
    fit(model, opt, nn.MSELoss(), loader, loader, epochs=4, metrics=[], callbacks=[best, every], verbose=0)
    assert best.best == pytest.approx(0.0)
    assert sorted(p.name for p in (tmp_path / "ckpt").iterdir()) == \
        ["e01-0.11.npz", "e02-0.00.npz", "e03-0.11.npz", "e04-0.43.npz"]
    fresh = nn.Linear(1, 1, bias=False)
    fresh.load_state_dict(load(tmp_path / "best.npz"))
    assert fresh.weight.item() == pytest.approx(1.0)
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir()), "no temp files left"


def test_lr_scheduler_callback():
    model, opt, train, _ = _spiral_setup(lr=0.1)
    sched = LRSchedulerCallback(optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5))
    history = fit(model, opt, nn.CrossEntropyLoss(), train, epochs=5, callbacks=[sched], verbose=0)
    assert history["lr"] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    model, _, loader = _line_setup()
    frozen = optim.SGD(model.parameters(), lr=0.1)
    frozen.step = lambda: None  # a plateau: the monitored value never improves
    plateau = optim.lr_scheduler.ReduceLROnPlateau(frozen, patience=1, factor=0.5)
    history = fit(model, frozen, nn.MSELoss(), loader, loader, epochs=5, metrics=[],
                  callbacks=[LRSchedulerCallback(plateau)], verbose=0)
    assert history["lr"][0] == pytest.approx(0.1) and history["lr"][-1] < 0.1


def test_nan_loss_is_an_error():
    model, opt, _ = _line_setup()
    bad = DataLoader(TensorDataset(np.full((4, 1), np.nan, np.float32), np.zeros((4, 1), np.float32)), batch_size=4)
    with pytest.raises(FloatingPointError, match="loss became nan at epoch 1, batch 1"):
        fit(model, opt, nn.MSELoss(), bad, epochs=1, metrics=[], verbose=0)


def test_regression_metrics():
    model, opt, loader = _line_setup()
    history = fit(model, opt, nn.MSELoss(), loader, epochs=2, metrics=["mse", "rmse", "mae"], verbose=0)
    assert history["mse"] == pytest.approx(history["loss"])
    assert np.sqrt(history["mse"]) == pytest.approx(history["rmse"])
    assert history["mae"][1] == pytest.approx(0.5 * np.abs(np.linspace(-1, 1, 8)).mean())


def test_unknown_metric_and_bad_batches():
    model, opt, loader = _line_setup()
    with pytest.raises(ValueError, match="unknown metric 'f2'"):
        fit(model, opt, nn.MSELoss(), loader, metrics=["f2"], verbose=0)
    with pytest.raises(ValueError, match="scores \\(N, C\\) and integer class labels.*metrics="):
        fit(model, opt, nn.MSELoss(), loader, metrics=["accuracy"], verbose=0)


def test_verbose_lines_custom_callback_and_plot(tmp_path, capsys):
    model, opt, train, val = _spiral_setup()
    seen = []

    class Stopper(Callback):
        def on_epoch_end(self, epoch, logs):
            seen.append(epoch)
            self.stop_training = epoch == 1

    def top1(y, t):
        return float((y.argmax(-1) == t).mean())

    history = fit(model, opt, nn.CrossEntropyLoss(), train, val, epochs=9, metrics=["accuracy", top1],
                  callbacks=[Stopper()], verbose=2)
    out = capsys.readouterr().out
    assert seen == [0, 1] and "epoch 1/9  loss" in out and "val_top1" in out and "epoch 3/9" not in out
    assert history["top1"] == history["accuracy"]
    png = history.plot(tmp_path / "curves.png")
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png == tmp_path / "curves.png"
    fit(model, opt, nn.CrossEntropyLoss(), train, epochs=1, verbose=0)
    assert capsys.readouterr().out == ""
