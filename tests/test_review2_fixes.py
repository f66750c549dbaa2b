"""Regressions from the review of datasets, training, save/load and drawing."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, TensorDataset, transforms
from autograd_core.training import History, fit


def test_fit_default_metrics_fit_the_task():
    x = ag.randn(32, 1)
    reg = nn.Linear(1, 1)
    history = fit(reg, optim.SGD(reg.parameters(), lr=0.1), nn.MSELoss(),
                  DataLoader(TensorDataset(x, x * 2), batch_size=8), epochs=1, verbose=0)
    assert "accuracy" not in history.history and "loss" in history.history
    clf = nn.Linear(1, 3)
    history = fit(clf, optim.SGD(clf.parameters(), lr=0.1), nn.CrossEntropyLoss(),
                  DataLoader(TensorDataset(x, ag.randint(0, 3, (32,))), batch_size=8), epochs=1, verbose=0)
    assert "accuracy" in history.history


def test_history_plot_of_nothing_says_so(tmp_path):
    with pytest.raises(ValueError, match="nothing to plot"):
        History().plot(str(tmp_path / "x.png"))


def test_safetensors_refuses_the_reserved_key(tmp_path):
    with pytest.raises(ValueError, match="__metadata__"):
        ag.save({"__metadata__": ag.ones(2)}, str(tmp_path / "m.safetensors"))


def test_save_into_a_missing_folder_names_the_target(tmp_path):
    target = tmp_path / "nodir" / "x.npz"
    with pytest.raises(FileNotFoundError, match="x.npz.*does not exist"):
        ag.save({"w": ag.ones(1)}, str(target))


def test_to_tensor_makes_images_channels_first_like_torchvision():
    image = np.full((28, 28, 3), 255, np.uint8)
    t = transforms.ToTensor()(image)
    assert t.shape == (3, 28, 28) and t.dtype == np.float32 and t.numpy().max() == 1.0
    assert transforms.ToTensor()(np.zeros((28, 28), np.uint8)).shape == (1, 28, 28)


def test_render_dot_extension_writes_dot_text(tmp_path):
    x = ag.ones(2, requires_grad=True)
    path = ag.viz.render((x * 2).sum(), str(tmp_path / "g.dot"))
    assert open(path).read().lstrip().startswith("digraph")
    with pytest.raises(ValueError, match="can't tell the format"):
        ag.viz.render((x * 2).sum(), str(tmp_path / "g.xyz"))


def test_dataloader_accepts_num_workers_with_a_warning():
    with pytest.warns(UserWarning, match="num_workers=2 is ignored"):
        loader = DataLoader(TensorDataset(ag.ones(4, 1)), batch_size=2, num_workers=2, pin_memory=True)
    assert len(list(loader)) == 2
