"""Learn a complex frequency response that denoises a signal: complex autograd through ag.fft.

    python examples/fft_filter.py --out out/fft_filter

The model is y = irfft(rfft(x) * H) with H a complex Parameter, one value per
frequency bin; Adam fits it to map noisy sums of three sinusoids to the clean
ones. Prints the test signal-to-noise ratio before and after (the learned H
keeps the sinusoids' bins and damps the rest) and plots |H| and a test signal.
"""
import os

import numpy as np

import autograd_core as ag
from autograd_core import nn, optim

import _common  # examples/_common.py: the command line and figure saving they share

LENGTH = 128
BINS = (5, 12, 30)  # the sinusoids' frequencies, in cycles per signal


def signals(n, rng, noise=0.8):
    """``n`` clean signals (random amplitudes and phases at BINS) and their noisy copies, float32."""
    t = np.arange(LENGTH) / LENGTH
    amp = rng.uniform(0.5, 1.5, (n, len(BINS), 1))
    phase = rng.uniform(0, 2 * np.pi, (n, len(BINS), 1))
    clean = (amp * np.sin(2 * np.pi * np.array(BINS)[:, None] * t + phase)).sum(axis=1)
    noisy = clean + noise * rng.standard_normal(clean.shape)
    return noisy.astype(np.float32), clean.astype(np.float32)


class FrequencyFilter(nn.Module):
    """y = irfft(rfft(x) * H), H complex (LENGTH // 2 + 1 bins), starting as the identity filter."""

    def __init__(self):
        super().__init__()
        self.response = nn.Parameter(ag.ones(LENGTH // 2 + 1, dtype=ag.complex64))

    def forward(self, x):
        return ag.fft.irfft(ag.fft.rfft(x) * self.response, n=LENGTH)


def snr_db(estimate, clean):
    return float(10 * np.log10((clean ** 2).sum() / ((estimate - clean) ** 2).sum()))


def train(steps=300, batch=32, lr=0.02, seed=0, out=None, log_every=50):
    """Fit the filter; returns {'losses', 'snr_before', 'snr_after' (test dB), 'response' (|H|)}."""
    ag.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = FrequencyFilter()
    optimizer = optim.Adam(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        noisy, clean = signals(batch, rng)
        optimizer.zero_grad()
        loss = ((model(ag.tensor(noisy)) - ag.tensor(clean)) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if log_every and (step + 1) % log_every == 0:
            print(f"step {step + 1:4d}  loss {losses[-1]:.4f}")
    noisy, clean = signals(256, np.random.default_rng(seed + 1))
    with ag.no_grad():
        denoised = model(ag.tensor(noisy)).numpy()
    response = np.abs(model.response.detach().numpy())
    result = {"losses": losses, "snr_before": snr_db(noisy, clean), "snr_after": snr_db(denoised, clean),
              "response": response}
    if out:
        result["plot"] = plot(response, noisy[0], denoised[0], clean[0], os.path.join(out, "fft_filter.png"))
    return result


def plot(response, noisy, denoised, clean, path):
    plt = _common.pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6))
    top.stem(response)
    top.set_title("learned |H| per frequency bin")
    bottom.plot(noisy, alpha=0.4, label="noisy")
    bottom.plot(clean, label="clean")
    bottom.plot(denoised, "--", label="filtered")
    bottom.legend()
    return _common.save(fig, path)


def main(argv=None):
    return _common.main(__doc__, train, lambda r: f"test SNR {r['snr_before']:.1f} dB -> {r['snr_after']:.1f} dB",
                        argv, out="out/fft_filter", length=("steps", 300))


if __name__ == "__main__":
    main()
