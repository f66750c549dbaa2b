"""Timing cases side by side: warm-ups, then alternating samples, then medians, spreads and ratios.

A Case maps each framework to a builder. ``builder(fw)`` sets up (model, data)
and returns a ``step`` callable. With ``metric="time"`` the harness times
``step()`` (several calls per sample when one call is short); with
``metric="value"`` each ``step()`` returns its own measurement (seconds it
timed itself, or bytes). Either way ``scale`` turns seconds or bytes into the
case's unit. Samples alternate between frameworks (ours, torch, dezero, then
torch, dezero, ours, ...: the order rotates every round), so slow drifts of a
shared, noisy machine hit all of them alike. Before each sample the harness
sleeps ``settle_s`` so that the previous framework's thread pools have gone
idle: OpenBLAS's threads (NumPy's, so ours and DeZero's) spin for about 0.1 s
after each BLAS call, and on 2 cores that spinning would slow the next
framework's sample down 2-4x. The idle costs the framework that comes next
too: its first calls after it run 1.3-1.5x slower (caches and clock speed
come back over tens of milliseconds on these shared machines), which a
training loop, running step after step, never sees. So after the settle each
timed sample is preceded by ``rewarm_s`` of untimed calls of the same step.
The garbage collector stays enabled while timing, for every framework, and
runs between cases.
"""
import gc
import math
import time
import types
from dataclasses import dataclass, field

import numpy as np

from .frameworks import OURS, Skip

SEED = 0


@dataclass
class Case:
    """One configuration to compare: a name, a unit and a builder per framework."""
    name: str
    unit: str
    builders: dict
    scale: float = 1.0
    metric: str = "time"
    params: dict = field(default_factory=dict)
    repeats: int = None     # overrides the run's repeats (expensive cases)
    warmup: int = None


@dataclass
class Context:
    """What every benchmark sees: the frameworks, the device and the run's sizes."""
    frameworks: dict        # name -> Framework, ours first
    device: str = "cpu"
    quick: bool = False
    repeats: int = 7
    warmup: int = 2
    min_sample_s: float = 0.02
    settle_s: float = 0.2   # idle time before each sample when frameworks alternate (see the module docstring)
    rewarm_s: float = 0.05  # untimed calls after the settle, before a timed sample (see the module docstring)


def seed_everything(seed=SEED):
    """Seed NumPy, our generator and torch's, so every framework sees the same data."""
    np.random.seed(seed)
    import sys
    if "autograd_core" in sys.modules:
        sys.modules["autograd_core"].manual_seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def stats(samples):
    """Median and spread (quartiles, min, max) of a list of samples."""
    a = np.asarray(samples, dtype=float)
    q1, med, q3 = np.percentile(a, [25, 50, 75])
    return {"median": float(med), "q1": float(q1), "q3": float(q3), "iqr": float(q3 - q1),
            "min": float(a.min()), "max": float(a.max()), "n": int(a.size)}


def run_case(case, ctx):
    """Run ``case`` for every framework of ``ctx``; return its result record."""
    entries, steps = {}, {}
    for name, fw in ctx.frameworks.items():
        if not fw.available:
            entries[name] = {"status": "skipped", "reason": fw.reason}
            continue
        builder = case.builders.get(name)
        if builder is None:
            entries[name] = {"status": "skipped", "reason": f"{name} has no equivalent for this case"}
            continue
        gc.collect()
        gc.freeze()  # the objects alive now (every framework's modules, torch's among them) are not scanned again
        seed_everything()
        try:
            step = builder(fw)
            number = _warm_up(step, fw, case, ctx)
        except Skip as e:
            entries[name] = {"status": "skipped", "reason": str(e)}
            continue
        except Exception as e:  # a missing piece is a skip; a real failure an error; never a number
            status = "skipped" if _missing_piece(e) else "error"
            prefix = "not available yet: " if status == "skipped" else ""
            entries[name] = {"status": status, "reason": f"{prefix}{type(e).__name__}: {e}"}
            continue
        steps[name] = (step, fw, number)
        entries[name] = {"status": "ok", "samples": [], "calls_per_sample": number}
    repeats = case.repeats or ctx.repeats
    failed = set()
    names = list(steps)
    settle = ctx.settle_s if len(names) > 1 else 0
    for _ in range(repeats):
        for name in names:
            if name in failed:
                continue
            step, fw, number = steps[name]
            if settle:
                time.sleep(settle)
            try:
                entries[name]["samples"].append(_sample(step, fw, case, number, ctx.rewarm_s if settle else 0))
            except Exception as e:
                failed.add(name)
                entries[name] = {"status": "error", "reason": f"{type(e).__name__}: {e}"}
        names = names[1:] + names[:1]  # the next round starts with the next framework
    del steps
    gc.unfreeze()
    gc.collect()
    for entry in entries.values():
        if entry["status"] == "ok":
            entry.update(stats(entry["samples"]))
    return {"name": case.name, "unit": case.unit, "metric": case.metric, "params": case.params,
            "frameworks": entries, "ratios": ratios(entries)}


def _missing_piece(e):
    """A layer, loss or optimizer that is not written or not importable yet (not a bug in one that is)."""
    return (isinstance(e, (ImportError, NotImplementedError))
            or isinstance(e, AttributeError) and isinstance(getattr(e, "obj", None), types.ModuleType))


def ratios(entries):
    """ours / peer of the medians, for every peer that ran."""
    ours = entries.get(OURS, {})
    if ours.get("status") != "ok":
        return {}
    return {name: ours["median"] / e["median"] for name, e in entries.items()
            if name != OURS and e.get("status") == "ok" and e["median"] > 0}


def _warm_up(step, fw, case, ctx):
    """Run the warm-up calls; for timed cases return how many calls make one sample."""
    warmup = case.warmup if case.warmup is not None else ctx.warmup
    for _ in range(warmup):
        step()
    fw.sync()
    if case.metric != "time":
        return 1
    start = time.perf_counter()  # one more call, timed after the warm-up's one-time costs (compiling, caches)
    step()
    fw.sync()
    per_call = time.perf_counter() - start
    return max(1, math.ceil(ctx.min_sample_s / max(per_call, 1e-9)))


def _sample(step, fw, case, number, rewarm_s):
    if case.metric != "time":
        return step() * case.scale
    warm_until = time.perf_counter() + rewarm_s
    while time.perf_counter() < warm_until:
        step()
    fw.sync()
    start = time.perf_counter()
    for _ in range(number):
        step()
    fw.sync()
    return (time.perf_counter() - start) / number * case.scale


def time_callable(fn, repeats, min_sample_s=0.02):
    """Median seconds per call of ``fn`` (for reference measurements outside the comparison)."""
    fn()
    start = time.perf_counter()
    fn()
    number = max(1, math.ceil(min_sample_s / max(time.perf_counter() - start, 1e-9)))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return stats(samples)


def loglog_slope(xs, ys):
    """Least-squares exponent k of y ~ c * x**k (None with fewer than two positive points)."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y is not None and y > 0]
    if len(pts) < 2:
        return None
    lx, ly = np.array(pts).T
    return float(np.polyfit(lx, ly, 1)[0])
