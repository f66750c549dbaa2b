"""A small CNN (two Conv2d + MaxPool2d blocks) on the 8x8 UCI digits.

    python examples/digits_cnn.py --out out/digits_cnn

Trains on Digits(train=True, flatten=False) (images (1, 8, 8)) and prints the
accuracy on the held-out 20% (target: at least 98%); writes the curves to
OUT/digits_cnn_curves.png.
"""
import os

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, Digits
from autograd_core.training import LRSchedulerCallback, evaluate, fit

import _common  # examples/_common.py: the command line and figure saving they share


def build_model(channels=(32, 64), hidden=128, dropout=0.25):
    c1, c2 = channels
    return nn.Sequential(
        nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # (c1, 4, 4)
        nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (c2, 2, 2)
        nn.Flatten(), nn.Dropout(dropout), nn.Linear(c2 * 4, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def train(epochs=30, lr=2e-3, batch_size=32, seed=0, out=None, verbose=1):
    """Returns {'history': History, 'test_accuracy': float}."""
    ag.manual_seed(seed)
    train_loader = DataLoader(Digits(train=True, flatten=False), batch_size=batch_size, shuffle=True, seed=seed)
    test_loader = DataLoader(Digits(train=False, flatten=False), batch_size=256)
    model = build_model()
    optimizer = optim.Adam(model.parameters(), lr=lr)
    schedule = LRSchedulerCallback(optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs))
    history = fit(model, optimizer, nn.CrossEntropyLoss(), train_loader, epochs=epochs, callbacks=[schedule],
                  verbose=verbose)
    result = {"history": history, "test_accuracy": evaluate(model, test_loader)["accuracy"], "model": model}
    if out:
        os.makedirs(out, exist_ok=True)
        result["plot"] = history.plot(os.path.join(out, "digits_cnn_curves.png"))
    return result


def main(argv=None):
    return _common.main(__doc__, train, lambda r: f"test accuracy {r['test_accuracy']:.4f}", argv,
                        out="out/digits_cnn", length=("epochs", 30))

if __name__ == "__main__":
    main()
