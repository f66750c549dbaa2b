"""A variational auto-encoder (Kingma and Welling, 2014) on the 8x8 UCI digits.

    python examples/vae_digits.py --out out/vae

Encoder and decoder are small MLPs; the loss is the negative evidence lower
bound (Bernoulli reconstruction term on pixels scaled to [0, 1], plus the KL
divergence to the standard normal prior), per image. Prints the loss of the
first and last epochs and writes a grid of digits decoded from prior samples to
OUT/vae_samples.png.
"""
import os

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn, optim
from autograd_core.datasets import DataLoader, Digits

import _common  # examples/_common.py: the command line and figure saving they share


class VAE(nn.Module):
    def __init__(self, latent=8, hidden=128):
        super().__init__()
        self.latent = latent
        self.encoder = nn.Sequential(nn.Linear(64, hidden), nn.ReLU())
        self.mu, self.logvar = nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 64))

    def forward(self, x):
        """Returns the decoder's logits, and the posterior's mean and log-variance."""
        h = self.encoder(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + ag.exp(0.5 * logvar) * ag.randn_like(mu)  # the reparameterisation trick
        return self.decoder(z), mu, logvar

    def sample(self, n):
        with ag.no_grad():
            return self.decoder(ag.randn(n, self.latent)).sigmoid()


def loss_fn(logits, x, mu, logvar):
    """Negative ELBO per image: Bernoulli reconstruction plus KL(q(z|x) || N(0, I))."""
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * (1 + logvar - mu ** 2 - ag.exp(logvar)).sum()
    return (reconstruction + kl) / len(x)


def train(epochs=60, lr=2e-3, batch_size=64, latent=8, seed=0, out=None, log_every=10):
    """Returns {'losses': per-epoch mean loss}, plus 'plot' when ``out`` is given."""
    ag.manual_seed(seed)
    data = Digits()
    loader = DataLoader(data, batch_size=batch_size, shuffle=True, seed=seed)
    model = VAE(latent)
    optimizer = optim.Adam(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for x, _ in loader:
            optimizer.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_fn(logits, x, mu, logvar)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        losses.append(total / len(data))
        if log_every and (epoch + 1) % log_every == 0:
            print(f"epoch {epoch + 1:4d}  loss {losses[-1]:.3f}")
    result = {"losses": losses}
    if out:
        result["plot"] = plot_samples(model.sample(100).numpy(), os.path.join(out, "vae_samples.png"))
    return result


def plot_samples(images, path, title="VAE: digits decoded from z ~ N(0, I)"):
    plt = _common.pyplot()
    n = int(np.sqrt(len(images)))
    cells = np.pad(images[:n * n].reshape(n, n, 8, 8), ((0, 0), (0, 0), (1, 1), (1, 1)))  # a blank frame each
    grid = cells.transpose(0, 2, 1, 3).reshape(n * 10, n * 10)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.imshow(grid, cmap="gray_r", vmin=0, vmax=1)
    ax.set_axis_off()
    ax.set_title(title)
    return _common.save(fig, path)


def summary(result):
    return f"loss (negative ELBO per image) {result['losses'][0]:.2f} -> {result['losses'][-1]:.2f}"


def main(argv=None):
    return _common.main(__doc__, train, summary, argv, out="out/vae", length=("epochs", 60))

if __name__ == "__main__":
    main()
