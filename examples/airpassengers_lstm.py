"""An LSTM that predicts next month's airline passengers from the 12 months before it.

    python examples/airpassengers_lstm.py --out out/airpassengers

Data: the shipped AirPassengers series (1949-1960), min-max scaled with the
training months' range; the last 10% of the months (14) are held out. Prints
the test RMSE on the scaled values (target: at most 0.10) and writes the
held-out forecast next to the truth to OUT/airpassengers_forecast.png.
"""
import os

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn, optim
from autograd_core.datasets import AirPassengers, DataLoader

import _common  # examples/_common.py: the command line and figure saving they share


class Forecaster(nn.Module):
    """LSTM over the window, then a linear read-out of the last hidden state."""

    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):  # x: (batch, window, 1)
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def rmse(model, data):
    with ag.no_grad():
        model.eval()
        y = model(ag.tensor(data.data)).numpy()
        model.train()
    return float(np.sqrt(((y - data.targets) ** 2).mean())), y


def train(epochs=150, window=12, hidden=32, lr=1e-2, batch_size=8, seed=0, out=None, log_every=50):
    """Returns {'losses': per-epoch mean training MSE, 'test_rmse': float}."""
    ag.manual_seed(seed)
    train_set, test_set = AirPassengers(window, train=True), AirPassengers(window, train=False)
    loader = DataLoader(train_set, batch_size=batch_size, shuffle=True, seed=seed)
    model = Forecaster(hidden)
    optimizer = optim.Adam(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for x, t in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), t)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(t)
        losses.append(total / len(train_set))
        if log_every and (epoch + 1) % log_every == 0:
            print(f"epoch {epoch + 1:4d}  train mse {losses[-1]:.5f}  test rmse {rmse(model, test_set)[0]:.4f}")
    test_rmse, forecast = rmse(model, test_set)
    result = {"losses": losses, "test_rmse": test_rmse, "train_rmse": rmse(model, train_set)[0]}
    if out:
        result["plot"] = plot_forecast(test_set, forecast, os.path.join(out, "airpassengers_forecast.png"))
    return result


def plot_forecast(test_set, forecast, path):
    plt = _common.pyplot()
    months = np.arange(len(test_set.series))
    held_out = months[-len(test_set):]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.plot(months, test_set.series, label="passengers (thousands)")
    ax.plot(held_out, test_set.inverse_scale(forecast[:, 0]), "o-", label="one-step forecast, held-out months")
    ax.axvline(held_out[0] - 0.5, color="grey", linestyle=":")
    ax.set_xticks(months[::24], [test_set.months[k] for k in months[::24]])
    ax.legend()
    ax.set_title("AirPassengers: LSTM forecast of the last 10% of the months")
    fig.tight_layout()
    return _common.save(fig, path)


def main(argv=None):
    return _common.main(__doc__, train, lambda r: f"test RMSE (scaled) {r['test_rmse']:.4f}", argv,
                        out="out/airpassengers", length=("epochs", 150))

if __name__ == "__main__":
    main()
