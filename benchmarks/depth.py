"""Graph depth scaling: a chain of N tanh ops (N = 10^3, 10^4, 10^5) on 100 float32 elements.

``backward_time[n=N]``: the time of ``y.sum().backward()`` alone (the chain is
built untimed before each sample). ``peak_memory[n=N]``: the peak resident
memory increase while the chain is built and run backward, measured in a
fresh process per sample (see ``rss_probe``: RSS counts torch's C++
allocations too, which tracemalloc would not). Both should grow linearly in N:
the derived exponents are least-squares slopes in log-log over all sizes,
except that memory is fitted over N >= 10^4 when two such sizes ran (a 10^3
chain's memory sits near the allocator's granularity: Python's 1 MiB arenas).
"""
import time

import numpy as np

from .frameworks import OURS, PEERS
from .harness import Case, loglog_slope
from .rss_probe import probe_builder

SIZES = (10**3, 10**4, 10**5)
QUICK_SIZES = (10**3, 10**4, 3 * 10**4)
ELEMENTS = 100
FIT_FROM = 10**4


def chain_step(fw, n):
    """Build a chain of ``n`` tanh ops, run backward; the step returns the backward's seconds."""
    x = fw.tensor(np.random.default_rng(0).standard_normal(ELEMENTS).astype(np.float32), requires_grad=True)
    tanh = fw.ops["tanh"]

    def step():
        fw.zero_grad(x)
        y = x
        for _ in range(n):
            y = tanh(y)
        loss = y.sum()
        del y
        start = time.perf_counter()
        loss.backward()
        fw.sync()
        return time.perf_counter() - start
    return step


def _all(make):
    return {name: make for name in (OURS,) + PEERS}


def cases(ctx):
    sizes = QUICK_SIZES if ctx.quick else SIZES
    mem_repeats = 1 if ctx.quick else 2
    out = [Case(f"backward_time[n={n:g}]", "ms", _all(lambda fw, n=n: chain_step(fw, n)), scale=1e3,
                metric="value", params={"n": n}) for n in sizes]
    out += [Case(f"peak_memory[n={n:g}]", "MiB",
                 _all(probe_builder("depth", "chain_step", {"n": n}, {"n": 10})),
                 scale=2.0**-20, metric="value", params={"n": n}, repeats=mem_repeats, warmup=0)
            for n in sizes]
    return out


def derive(bench, ctx):
    exponents, curves = {}, {}
    for prefix in ("backward_time", "peak_memory"):
        series = {}
        for c in bench["cases"]:
            if c["name"].startswith(prefix):
                for fw, e in c["frameworks"].items():
                    if e.get("status") == "ok":
                        xs, ys = series.setdefault(fw, ([], []))
                        xs.append(c["params"]["n"])
                        ys.append(e["median"])
        for fw, (xs, ys) in series.items():
            large = [(x, y) for x, y in zip(xs, ys) if x >= FIT_FROM or prefix == "backward_time"]
            exponents.setdefault(fw, {})[prefix] = loglog_slope(*zip(*(large if len(large) >= 2 else zip(xs, ys))))
        curves[prefix] = series
    bench["derived"] = {"exponents": exponents}
    bench["curves"] = [
        {"title": "backward time vs chain length", "xlabel": "ops", "ylabel": "ms", "series": curves["backward_time"]},
        {"title": "peak RSS increase vs chain length", "xlabel": "ops", "ylabel": "MiB",
         "series": curves["peak_memory"]}]
