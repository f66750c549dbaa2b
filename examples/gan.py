"""A GAN (Goodfellow et al., 2014) that learns a 1-D mixture of three Gaussians.

    python examples/gan.py --out out/gan

Generator and discriminator are small MLPs trained with the non-saturating
loss. The noise is 1-D: the generator then only has to learn a monotone map
(the target's quantile function); with 8-D noise it tends to drop the middle
mode. Progress is measured by the 1-D Wasserstein-1 distance between 5,000
generated and 5,000 real samples (the mean gap between their sorted values).
Prints it before and after training, and the share of generated samples near
each mode; writes the histograms to OUT/gan_samples.png.
"""
import os

import numpy as np

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn, optim

import _common  # examples/_common.py: the command line and figure saving they share

MEANS, STD = np.array([-2.0, 0.0, 2.0]), 0.25


def real_samples(n, rng):
    """Draws of the target: an equal mixture of N(-2, 0.25^2), N(0, 0.25^2), N(2, 0.25^2); (n, 1) float32."""
    return (rng.choice(MEANS, n) + STD * rng.standard_normal(n)).astype(np.float32)[:, None]


def build(noise=1, hidden=128):
    generator = nn.Sequential(nn.Linear(noise, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden),
                              nn.LeakyReLU(0.2), nn.Linear(hidden, 1))
    discriminator = nn.Sequential(nn.Linear(1, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden),
                                  nn.LeakyReLU(0.2), nn.Linear(hidden, 1))
    return generator, discriminator


def generate(generator, n, noise=1):
    with ag.no_grad():
        return generator(ag.randn(n, noise)).numpy()[:, 0]


def wasserstein1(a, b):
    """W1 distance of two 1-D samples of equal size: the mean gap between their sorted values."""
    return float(np.abs(np.sort(a) - np.sort(b)).mean())


def train(steps=2000, batch_size=128, lr=1e-3, noise=1, seed=0, out=None, log_every=500):
    """Returns {'w1_start', 'w1_end', 'mode_shares', 'd_losses', 'g_losses'} (and 'plot' with ``out``)."""
    ag.manual_seed(seed)
    rng = np.random.default_rng(seed)
    generator, discriminator = build(noise)
    opt_g = optim.Adam(generator.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.999))
    ones, zeros = ag.ones(batch_size, 1), ag.zeros(batch_size, 1)
    reference = real_samples(5000, rng)[:, 0]
    w1_start = wasserstein1(generate(generator, 5000, noise), reference)
    d_losses, g_losses = [], []
    for step in range(steps):
        # discriminator: real -> 1, generated -> 0 (the generator's output is detached)
        real = ag.tensor(real_samples(batch_size, rng))
        fake = generator(ag.randn(batch_size, noise))
        opt_d.zero_grad()
        d_loss = (F.binary_cross_entropy_with_logits(discriminator(real), ones)
                  + F.binary_cross_entropy_with_logits(discriminator(fake.detach()), zeros))
        d_loss.backward()
        opt_d.step()
        # generator: make the discriminator call its samples real (the non-saturating loss)
        opt_g.zero_grad()
        g_loss = F.binary_cross_entropy_with_logits(discriminator(fake), ones)
        g_loss.backward()
        opt_g.step()
        d_losses.append(d_loss.item())
        g_losses.append(g_loss.item())
        if log_every and (step + 1) % log_every == 0:
            w1 = wasserstein1(generate(generator, 5000, noise), reference)
            print(f"step {step + 1:5d}  d_loss {d_loss.item():.3f}  g_loss {g_loss.item():.3f}  W1 {w1:.3f}")
    samples = generate(generator, 5000, noise)
    nearest = np.abs(samples[:, None] - MEANS[None]).argmin(axis=1)
    result = {"w1_start": w1_start, "w1_end": wasserstein1(samples, reference), "d_losses": d_losses,
              "g_losses": g_losses, "mode_shares": np.bincount(nearest, minlength=len(MEANS)) / len(samples)}
    if out:
        result["plot"] = plot(reference, samples, os.path.join(out, "gan_samples.png"))
    return result


def plot(reference, samples, path):
    plt = _common.pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bins = np.linspace(-3.5, 3.5, 120)
    ax.hist(reference, bins, density=True, alpha=0.5, label="real (mixture of 3 Gaussians)")
    ax.hist(samples, bins, density=True, alpha=0.5, label="generated")
    ax.legend()
    ax.set_title("GAN on a 1-D Gaussian mixture")
    fig.tight_layout()
    return _common.save(fig, path)


def summary(result):
    shares = " ".join(f"{m:+.0f}: {s:.2f}" for m, s in zip(MEANS, result["mode_shares"]))
    return (f"share of samples nearest each mode {shares}\n"
            f"Wasserstein-1 to the target {result['w1_start']:.3f} -> {result['w1_end']:.3f}")


def main(argv=None):
    return _common.main(__doc__, train, summary, argv, out="out/gan", length=("steps", 2000))

if __name__ == "__main__":
    main()
