"""A two-layer MLP on the 3-class spiral, with the plain PyTorch-style training loop.

    python examples/spiral_mlp.py --out out/spiral

Prints the final training accuracy (target: at least 98%) and writes the
decision regions to OUT/spiral_decision.png.
"""
import os

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, Spiral

import _common  # examples/_common.py: the command line and figure saving they share


def build_model(hidden=64):
    return nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 3))


def accuracy(model, x, t):
    with ag.no_grad():
        return float((model(x).argmax(axis=1) == t).float().mean())


def train(epochs=300, batch_size=30, lr=0.01, seed=0, out=None, log_every=50):
    """Train on Spiral(); returns {'losses': per-epoch mean loss, 'train_accuracy': final accuracy}."""
    ag.manual_seed(seed)
    data = Spiral()
    loader = DataLoader(data, batch_size=batch_size, shuffle=True, seed=seed)
    model = build_model()
    optimizer = optim.Adam(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for x, t in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), t)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(t)
        losses.append(total / len(data))
        if log_every and (epoch + 1) % log_every == 0:
            print(f"epoch {epoch + 1:4d}  loss {losses[-1]:.4f}")
    x_all, t_all = ag.tensor(data.data), ag.tensor(data.targets)
    result = {"losses": losses, "train_accuracy": accuracy(model, x_all, t_all)}
    if out:
        result["plot"] = plot_regions(model, data, os.path.join(out, "spiral_decision.png"))
    return result


def plot_regions(model, data, path):
    plt = _common.pyplot()
    grid = np.linspace(-1.1, 1.1, 200, dtype=np.float32)
    gx, gy = np.meshgrid(grid, grid)
    with ag.no_grad():
        regions = model(ag.tensor(np.stack([gx.ravel(), gy.ravel()], axis=1))).argmax(axis=1).numpy()
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.contourf(gx, gy, regions.reshape(gx.shape), alpha=0.3, cmap="brg")
    ax.scatter(data.data[:, 0], data.data[:, 1], c=data.targets, s=12, cmap="brg")
    ax.set_title("spiral: decision regions of the MLP")
    return _common.save(fig, path)


def main(argv=None):
    return _common.main(__doc__, train, lambda r: f"train accuracy {r['train_accuracy']:.4f}", argv,
                        out="out/spiral", length=("epochs", 300))

if __name__ == "__main__":
    main()
