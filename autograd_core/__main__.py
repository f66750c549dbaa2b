"""The command line: ``python -m autograd_core demo`` and ``python -m autograd_core train``.

    python -m autograd_core demo [--out DIR]
    python -m autograd_core train --model mlp --dataset digits --epochs 20 --out runs/digits
"""
import argparse
import os
import shutil
import sys
import time

import autograd_core as ag
from autograd_core import datasets, nn, optim
from autograd_core.datasets import DataLoader, random_split
from autograd_core.training import EarlyStopping, evaluate, fit

DATASETS = ("spiral", "digits", "mnist", "airpassengers")
MODELS = ("mlp", "cnn", "lstm")


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def main(argv=None):
    """Entry point of ``python -m autograd_core`` and the ``autograd-core`` script."""
    parser = argparse.ArgumentParser(
        prog="python -m autograd_core",
        description="autograd_core: a define-by-run autodiff framework (a mini-PyTorch on NumPy/CuPy).")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="train an MLP on the shipped digits: progress bar, test accuracy, "
                                            "loss curve and computation graph (offline, under a minute)")
    demo.add_argument("--out", default="autograd_core_demo", help="output folder (default: ./autograd_core_demo)")
    demo.add_argument("--epochs", type=_positive(int), default=60, help="most epochs (early stopping may end sooner)")
    demo.add_argument("--seed", type=int, default=0)

    train = commands.add_parser("train", help="train a model on a data set and save its curves and weights")
    train.add_argument("--model", choices=MODELS, default="mlp")
    train.add_argument("--dataset", choices=DATASETS, default="digits")
    train.add_argument("--epochs", type=_positive(int), default=20)
    train.add_argument("--batch-size", type=_positive(int), default=None, help="default: 32 (128 for mnist)")
    train.add_argument("--lr", type=_positive(float), default=None, help="Adam learning rate (default: per model)")
    train.add_argument("--device", default="cpu", help="cpu or cuda (cuda needs CuPy and a GPU)")
    train.add_argument("--root", default=None, help="data folder for mnist (default $AUTOGRAD_CORE_DATA or "
                                                    "~/.cache/autograd_core)")
    train.add_argument("--download", action="store_true", help="mnist: fetch missing files (needs the network)")
    train.add_argument("--out", default="runs", help="output folder (default: ./runs)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--quiet", action="store_true", help="no progress output")

    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return run_demo(args) if args.command == "demo" else run_train(args)
    except datasets.DatasetNotFoundError as e:
        print(f"error: {e}\n(on the command line: add --download, or --root DIR)", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


# -- demo ----------------------------------------------------------------------

def run_demo(args):
    start = time.perf_counter()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    print(f"autograd_core demo: an MLP (64-100-100-100-10, ReLU) on the UCI digits; output in {out}")
    ag.manual_seed(args.seed)
    train_part, val_part = random_split(datasets.Digits(train=True), [0.9, 0.1], seed=args.seed)
    test_set = datasets.Digits(train=False)
    print(f"data: {len(train_part)} training, {len(val_part)} validation, {len(test_set)} test images of 8x8")
    train_loader = DataLoader(train_part, batch_size=32, shuffle=True, seed=args.seed)
    model = build_model("mlp", "digits")
    loss_fn = nn.CrossEntropyLoss()

    print(_draw_one_step(model, loss_fn, next(iter(train_loader)), os.path.join(out, "graph")))
    stop = EarlyStopping(monitor="val_loss", patience=15, restore_best_weights=True)
    history = fit(model, optim.Adam(model.parameters(), lr=1e-3), loss_fn, train_loader,
                  DataLoader(val_part, batch_size=256), epochs=args.epochs, callbacks=[stop])
    test = evaluate(model, DataLoader(test_set, batch_size=256), loss_fn)
    curve = history.plot(os.path.join(out, "loss_curve.png"))
    weights = os.path.join(out, "digits_mlp.npz")
    ag.save(model.state_dict(), weights)
    best = "" if stop.best_epoch is None else f", best validation loss at epoch {stop.best_epoch + 1}"
    print(f"trained {len(history)} epochs{best}")
    print(f"wrote {curve}\nwrote {weights}")
    print(f"test accuracy {test['accuracy']:.4f} on {len(test_set)} held-out images "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


def _draw_one_step(model, loss_fn, batch, stem):
    """Draw the graph of one forward pass and loss; SVG when Graphviz works, else DOT text."""
    try:
        from autograd_core import viz
    except ImportError:
        return "graph: autograd_core.viz is not available; skipped"
    x, t = batch
    with viz.track_modules(model):
        loss = loss_fn(model(x[:8]), t[:8])
    if shutil.which("dot"):
        try:
            path = viz.render(loss, stem + ".svg", params=model)
            return f"wrote {path} (the computation graph of one training step)"
        except viz.DotNotFoundError:
            pass
    with open(stem + ".dot", "w") as f:
        f.write(str(viz.to_dot(loss, params=model)))
    return (f"wrote {stem}.dot (the computation graph as DOT text: Graphviz's 'dot' program was not found; "
            f"install Graphviz and run: dot -Tsvg {stem}.dot -o {stem}.svg)")


# -- train ---------------------------------------------------------------------

def build_model(model, dataset):
    """The network for a (model, dataset) pair, or ValueError for a pair that makes no sense."""
    if model == "lstm":
        if dataset != "airpassengers":
            raise ValueError(f"--model lstm is for the sequence data set airpassengers, not {dataset}; "
                             f"use --model mlp or cnn for {dataset}")
        return LSTMRegressor()
    if model == "cnn":
        if dataset not in ("digits", "mnist"):
            raise ValueError(f"--model cnn needs an image data set (digits or mnist), not {dataset}")
        side = 8 if dataset == "digits" else 28
        return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Dropout(0.25), nn.Linear(64 * (side // 4) ** 2, 128), nn.ReLU(), nn.Linear(128, 10))
    inputs, outputs, hidden = {"spiral": (2, 3, 64), "digits": (64, 10, 100), "mnist": (784, 10, 256),
                               "airpassengers": (12, 1, 64)}[dataset]
    layers = [nn.Flatten()] if dataset == "airpassengers" else []
    for _ in range(2 if dataset in ("spiral", "airpassengers") else 3):
        layers += [nn.Linear(inputs, hidden), nn.ReLU()] + ([nn.Dropout(0.2)] if dataset == "digits" else [])
        inputs = hidden
    return nn.Sequential(*layers, nn.Linear(inputs, outputs))


class LSTMRegressor(nn.Module):
    """LSTM over a window (batch, months, 1), then a linear read-out of the last step."""

    def __init__(self, hidden=32):
        super().__init__()
        self.lstm, self.head = nn.LSTM(1, hidden, batch_first=True), nn.Linear(hidden, 1)

    def forward(self, x):
        return self.head(self.lstm(x)[0][:, -1])


def load_data(dataset, model, root=None, download=False):
    """(train set, test set, is_classification) for the command line's data set names."""
    if dataset == "spiral":
        return datasets.Spiral(train=True), datasets.Spiral(train=False), True
    if dataset == "digits":
        flat = model != "cnn"
        return datasets.Digits(train=True, flatten=flat), datasets.Digits(train=False, flatten=flat), True
    if dataset == "mnist":
        flat = model != "cnn"
        return (datasets.MNIST(root, train=True, download=download, flatten=flat),
                datasets.MNIST(root, train=False, flatten=flat), True)
    return datasets.AirPassengers(12, train=True), datasets.AirPassengers(12, train=False), False


def run_train(args):
    start = time.perf_counter()
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise SystemExit(f"train: --out {out} exists and is not a folder")
    ag.manual_seed(args.seed)
    model = build_model(args.model, args.dataset)
    train_set, test_set, classify = load_data(args.dataset, args.model, args.root, args.download)
    if args.device != "cpu":
        model.to(args.device)
    batch_size = args.batch_size
    if batch_size is None:
        batch_size = 128 if args.dataset == "mnist" else 8 if args.dataset == "airpassengers" else 32
    lr = args.lr if args.lr is not None else (1e-2 if args.dataset in ("airpassengers", "spiral") else 1e-3)
    loss_fn, metrics = (nn.CrossEntropyLoss(), ["accuracy"]) if classify else (nn.MSELoss(), ["rmse"])
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True, seed=args.seed, device=args.device)
    test_loader = DataLoader(test_set, batch_size=256, device=args.device)
    if not args.quiet:
        print(f"training {args.model} on {args.dataset}: {len(train_set)} training / {len(test_set)} test samples, "
              f"{args.epochs} epochs, batch {batch_size}, Adam lr {lr}, device {args.device}")
    history = fit(model, optim.Adam(model.parameters(), lr=lr), loss_fn, train_loader, test_loader,
                  epochs=args.epochs, metrics=metrics, verbose=0 if args.quiet else 1)
    os.makedirs(out, exist_ok=True)
    stem = os.path.join(out, f"{args.model}_{args.dataset}")
    curve = history.plot(stem + "_curves.png")
    model.to("cpu")
    ag.save(model.state_dict(), stem + ".npz")
    test = evaluate(model, DataLoader(test_set, batch_size=256), loss_fn, metrics)
    name = metrics[0]
    print(f"wrote {curve}\nwrote {stem}.npz")
    print(f"test {name} {test[name]:.4f}  test loss {test['loss']:.4f}  ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
