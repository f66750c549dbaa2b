"""An MLP on MNIST (60,000 training images, 10,000 test images of 28x28).

    python examples/mnist_mlp.py --out out/mnist                 # files already in the cache
    python examples/mnist_mlp.py --download --out out/mnist      # fetch them first (needs the network)

The four MNIST .gz files are read from ``--root`` (default: $AUTOGRAD_CORE_DATA,
else ~/.cache/autograd_core), in its MNIST/ folder; ``--download`` fetches the
missing ones from the standard mirrors and checks their SHA-256. Without the
files (and without --download) the script says which files to put where and
exits with status 2. Prints the test accuracy (about 98% after 5 epochs) and
writes the curves to OUT/mnist_mlp_curves.png.
"""
import os
import sys

import autograd_core as ag
from autograd_core import nn, optim
from autograd_core.datasets import MNIST, DataLoader, DatasetNotFoundError, random_split
from autograd_core.training import evaluate, fit

import _common  # examples/_common.py: the command line and figure saving they share


def build_model():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def train(root=None, download=False, epochs=5, batch_size=128, lr=1e-3, seed=0, out=None, verbose=1):
    """Returns {'history': History, 'test_accuracy': float}; raises DatasetNotFoundError without the files."""
    ag.manual_seed(seed)
    train_set = MNIST(root, train=True, download=download, flatten=True)
    test_set = MNIST(root, train=False, flatten=True)
    train_part, val_part = random_split(train_set, [0.9, 0.1], seed=seed)
    model = build_model()
    history = fit(model, optim.Adam(model.parameters(), lr=lr), nn.CrossEntropyLoss(),
                  DataLoader(train_part, batch_size=batch_size, shuffle=True, seed=seed),
                  DataLoader(val_part, batch_size=1000), epochs=epochs, verbose=verbose)
    result = {"history": history, "test_accuracy": evaluate(model, DataLoader(test_set, batch_size=1000))["accuracy"]}
    if out:
        os.makedirs(out, exist_ok=True)
        result["plot"] = history.plot(os.path.join(out, "mnist_mlp_curves.png"))
    return result


def main(argv=None):
    def run(**arguments):
        try:
            return train(**arguments)
        except DatasetNotFoundError as e:
            print(e, file=sys.stderr)
            sys.exit(2)
    options = [(("--root",), dict(default=None,
                                 help="data folder (default $AUTOGRAD_CORE_DATA or ~/.cache/autograd_core)")),
               (("--download",), dict(action="store_true", help="fetch missing files (needs the network)"))]
    return _common.main(__doc__, run, lambda r: f"test accuracy {r['test_accuracy']:.4f}", argv,
                        out="out/mnist", length=("epochs", 5), options=options)


if __name__ == "__main__":
    main()
