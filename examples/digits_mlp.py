"""An MLP (3 hidden ReLU layers of 100, dropout) on the UCI digits, trained with ``fit`` and early stopping.

    python examples/digits_mlp.py --out out/digits_mlp

The 1,797 shipped 8x8 digits are split 80/20 (Digits(train=True/False)); 10%
of the training part is held back for validation, which drives EarlyStopping.
Prints the held-out test accuracy (target: at least 97%) and writes the loss
and accuracy curves to OUT/digits_mlp_curves.png.
"""

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, Digits, random_split
from autograd_core.training import EarlyStopping, evaluate, fit

import _common  # examples/_common.py: the command line and figure saving they share


def build_model(hidden=100, dropout=0.2):
    """64 -> 100 -> 100 -> 100 -> 10, ReLU; dropout after each hidden layer (worth ~1% test accuracy here)."""
    layers, width = [], 64
    for _ in range(3):
        layers += [nn.Linear(width, hidden), nn.ReLU(), nn.Dropout(dropout)]
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, 10))


def loaders(batch_size=32, seed=0):
    """Train / validation / test loaders: 90% / 10% of Digits(train=True), and Digits(train=False)."""
    train_part, val_part = random_split(Digits(train=True), [0.9, 0.1], seed=seed)
    return (DataLoader(train_part, batch_size=batch_size, shuffle=True, seed=seed),
            DataLoader(val_part, batch_size=256), DataLoader(Digits(train=False), batch_size=256))


def train(epochs=100, patience=15, lr=1e-3, seed=0, out=None, verbose=1):
    """Returns {'history': History, 'test_accuracy': float, 'stopped_epoch': int or None}."""
    ag.manual_seed(seed)
    train_loader, val_loader, test_loader = loaders(seed=seed)
    model = build_model()
    stop = EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    history = fit(model, optim.Adam(model.parameters(), lr=lr), nn.CrossEntropyLoss(), train_loader, val_loader,
                  epochs=epochs, callbacks=[stop], verbose=verbose)
    test = evaluate(model, test_loader, nn.CrossEntropyLoss())
    result = {"history": history, "test_accuracy": test["accuracy"], "test_loss": test["loss"],
              "stopped_epoch": stop.stopped_epoch, "best_epoch": stop.best_epoch, "model": model}
    if out:
        import os
        os.makedirs(out, exist_ok=True)
        result["plot"] = history.plot(os.path.join(out, "digits_mlp_curves.png"))
    return result


def summary(result):
    return (f"early stopping: best epoch {result['best_epoch'] + 1}, ran {len(result['history'])} epochs\n"
            f"test accuracy {result['test_accuracy']:.4f}")


def main(argv=None):
    return _common.main(__doc__, train, summary, argv, out="out/digits_mlp", length=("epochs", 100))

if __name__ == "__main__":
    main()
