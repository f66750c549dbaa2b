"""MLP training step: 784-1000-1000-10, ReLU, float32, softmax cross-entropy, and a batch-size sweep.

``step``: forward + cross-entropy + backward at batch 100 (gradients cleared
by setting them to None); ``step+sgd``: the same with the optimizer's
zero_grad and an SGD step; ``sweep[batch=B]``: step+sgd at batch B. Derived:
samples/s and achieved GFLOP/s per batch size, against a plain NumPy float32
matmul (1000x1000 @ 1000x1000; CuPy's on cuda) as the practical ceiling, and a hand-written
NumPy step at batch 100 as the floor a framework can reach. FLOPs count the
matmuls only: forward 2P per sample, backward 2P for the weight gradients plus
2(P - 784*1000) for the input gradients (the data needs none), P the weight count.
With ``--device cuda`` the sweep is also timed for autograd_core on the CPU, to
show the batch size from which the GPU step is faster (``gpu_overtakes_cpu_at``).
"""
import numpy as np

from . import dezero_models
from .frameworks import DEZERO, OURS, TORCH, Ours
from .harness import Case, time_callable
from .models import build, data, mlp, training_step

SIZES = (784, 1000, 1000, 10)
BATCH = 100
SWEEP = (1, 4, 16, 64, 256, 1024)
QUICK_SWEEP = (1, 16, 256)
_WEIGHTS = sum(a * b for a, b in zip(SIZES[:-1], SIZES[1:]))
FLOPS_PER_SAMPLE = 6 * _WEIGHTS - 2 * SIZES[0] * SIZES[1]


def batch_arrays(batch, sizes=SIZES, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, sizes[0])).astype(np.float32), rng.integers(0, sizes[-1], batch)


def torchlike_step(fw, batch, sgd, sizes=SIZES):
    """torch or ours: the same model code, weights and data."""
    return training_step(fw, build(mlp, fw, tuple(sizes)), "cross_entropy",
                         *data(fw, *batch_arrays(batch, sizes)), sgd=sgd)


def dezero_step(fw, batch, sgd, sizes=SIZES):
    import dezero.functions as F
    return dezero_models.training_step(fw, dezero_models.mlp(tuple(sizes)),
                                       lambda m, x, t: F.softmax_cross_entropy(m(x), t),
                                       *batch_arrays(batch, sizes), sgd=sgd)


def _builders(batch, sgd):
    return {OURS: lambda fw: torchlike_step(fw, batch, sgd), TORCH: lambda fw: torchlike_step(fw, batch, sgd),
            DEZERO: lambda fw: dezero_step(fw, batch, sgd)}


def cases(ctx):
    out = [Case("step", "ms", _builders(BATCH, False), scale=1e3, params={"batch": BATCH}),
           Case("step+sgd", "ms", _builders(BATCH, True), scale=1e3, params={"batch": BATCH})]
    for b in (QUICK_SWEEP if ctx.quick else SWEEP):
        out.append(Case(f"sweep[batch={b}]", "ms", _builders(b, True), scale=1e3, params={"batch": b}))
    return out


def numpy_step(batch=BATCH):
    """The MLP step (forward, softmax cross-entropy, backward) written directly in NumPy: the floor."""
    x, t = batch_arrays(batch)
    rng = np.random.default_rng(2)
    ws = [(rng.standard_normal((o, i)) * i ** -0.5).astype(np.float32) for i, o in zip(SIZES[:-1], SIZES[1:])]
    bs = [np.zeros(o, np.float32) for o in SIZES[1:]]
    rows = np.arange(batch)

    def step():
        acts = [x]
        for w, b in zip(ws[:-1], bs[:-1]):
            acts.append(np.maximum(acts[-1] @ w.T + b, 0))
        z = acts[-1] @ ws[-1].T + bs[-1]
        e = np.exp(z - z.max(1, keepdims=True))
        g = e / e.sum(1, keepdims=True)
        g[rows, t] -= 1
        g /= batch
        grads = []
        for k in range(len(ws) - 1, -1, -1):
            grads.append((g.T @ acts[k], g.sum(0)))
            if k:
                g = (g @ ws[k]) * (acts[k] > 0)
        return grads
    return step


def _sgemm_gflops(device, repeats):
    """GFLOP/s of a 1000x1000 float32 matmul: NumPy's on the CPU, CuPy's on cuda (None without CuPy)."""
    a = np.random.default_rng(3).standard_normal((1000, 1000)).astype(np.float32)
    if device != "cuda":
        return 2e9 / time_callable(lambda: a @ a, repeats)["median"] / 1e9
    try:
        import cupy
    except ImportError:
        return None
    g = cupy.asarray(a)

    def matmul():
        g @ g
        cupy.cuda.Device().synchronize()
    return 2e9 / time_callable(matmul, repeats)["median"] / 1e9


def _gpu_vs_cpu(derived, gpu_rate, repeats):
    """Our step+sgd on the CPU at each sweep batch, against the GPU's (samples/s); returns the curve."""
    cpu = Ours("cpu")
    rows = []
    for b, rate in sorted(gpu_rate.items()):
        cpu_rate = b / time_callable(torchlike_step(cpu, b, True), repeats)["median"]
        rows.append({"batch": b, "gpu_samples_per_s": rate, "cpu_samples_per_s": cpu_rate,
                     "gpu_speedup": rate / cpu_rate})
    derived["gpu_vs_cpu"] = rows
    derived["gpu_overtakes_cpu_at"] = next((r["batch"] for r in rows if r["gpu_speedup"] > 1), None)
    batches = [r["batch"] for r in rows]
    return {"title": "autograd_core MLP step: GPU vs CPU", "xlabel": "batch", "ylabel": "samples/s",
            "series": {"cuda": (batches, [r["gpu_samples_per_s"] for r in rows]),
                       "cpu": (batches, [r["cpu_samples_per_s"] for r in rows])}}


def derive(bench, ctx):
    repeats = max(3, ctx.repeats)
    ceiling = _sgemm_gflops(ctx.device, repeats)
    derived = {"sgemm_gflops": ceiling, "flops_per_sample": FLOPS_PER_SAMPLE, "sweep": []}
    if ctx.device == "cpu":
        derived["numpy_floor_step_ms"] = time_callable(numpy_step(), repeats)["median"] * 1e3
    throughput, gflops = {}, {}
    for c in bench["cases"]:
        if not c["name"].startswith("sweep"):
            continue
        b = c["params"]["batch"]
        for fw, e in c["frameworks"].items():
            if e.get("status") != "ok":
                continue
            seconds = e["median"] / 1e3
            rate = b / seconds
            gf = rate * FLOPS_PER_SAMPLE / 1e9
            derived["sweep"].append({"framework": fw, "batch": b, "samples_per_s": rate, "gflops": gf,
                                     "fraction_of_sgemm": gf / ceiling if ceiling else None})
            for store, y in ((throughput, rate), (gflops, gf)):
                xs, ys = store.setdefault(fw, ([], []))
                xs.append(b)
                ys.append(y)
    step = next((c for c in bench["cases"] if c["name"] == "step"), None)
    if step and step["frameworks"].get(OURS, {}).get("status") == "ok" and "numpy_floor_step_ms" in derived:
        derived["ours_step_over_numpy_floor"] = step["frameworks"][OURS]["median"] / derived["numpy_floor_step_ms"]
    curves = []
    if ctx.device == "cuda" and OURS in throughput:
        curves.append(_gpu_vs_cpu(derived, dict(zip(*throughput[OURS])), repeats))
    batches = sorted({b for xs, _ in gflops.values() for b in xs})
    if batches and ceiling:
        gflops["sgemm (ceiling)"] = ([batches[0], batches[-1]], [ceiling, ceiling])
    bench["derived"] = derived
    bench["curves"] = [
        {"title": "MLP step+sgd throughput", "xlabel": "batch", "ylabel": "samples/s", "series": throughput},
        {"title": "MLP achieved GFLOP/s (sgemm = ceiling)", "xlabel": "batch", "ylabel": "GFLOP/s",
         "series": gflops}] + curves
