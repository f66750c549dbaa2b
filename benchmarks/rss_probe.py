"""Peak resident memory of one benchmark step, measured in a fresh process.

RSS sees every allocation (NumPy's, torch's C++ allocator, Python objects), so
it is the one measure fair to all frameworks; tracemalloc would miss torch's.
The child imports the framework, runs a small warm-up step (lazy imports,
first-call set-up, compiled kernels: ``Framework.first_use``), resets the peak
(``/proc/self/clear_refs``, Linux), then runs the measured step: the result is
the peak RSS during that step minus the RSS just before it (so a fixed cost such
as numba's ~120 MiB, paid once per process, is not counted). Run as
``python -m benchmarks.rss_probe JSON`` by ``probe``.
"""
import gc
import json
import os
import subprocess
import sys

from .frameworks import Skip

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def probe_builder(module, builder, kwargs, warm_kwargs):
    """A case builder whose step runs ``probe`` (host memory only: GPU runs are skipped)."""
    def build(fw):
        if fw.device != "cpu":
            raise Skip(f"peak RSS measures host memory; {fw.device} memory is not measured")
        return lambda: probe(module, builder, fw, kwargs, warm_kwargs)
    return build


def probe(module, builder, fw, kwargs, warm_kwargs):
    """Bytes of peak RSS increase while ``module.builder(fw, **kwargs)`` is built and its step runs once."""
    spec = {"module": module, "builder": builder, "framework": fw.name, "device": fw.device,
            "kwargs": kwargs, "warm": warm_kwargs}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.rss_probe", json.dumps(spec)], cwd=_ROOT,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"rss probe for {fw.name} {module}.{builder}{kwargs} failed: "
                           f"{(proc.stderr or proc.stdout).strip()[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])["delta"]


def _status_bytes(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/self/status has no {field}: peak RSS needs Linux")


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def main(argv):
    import importlib

    from .frameworks import load
    from .harness import seed_everything
    spec = json.loads(argv[0])
    fw = load(spec["framework"], spec["device"])
    if not fw.available:
        raise SystemExit(fw.reason)
    build = getattr(importlib.import_module(f"{__package__}.{spec['module']}"), spec["builder"])
    seed_everything()
    with fw.first_use():
        build(fw, **spec["warm"])()
    gc.collect()
    reset = _reset_peak()
    before = _status_bytes("VmRSS")
    build(fw, **spec["kwargs"])()
    peak = _status_bytes("VmHWM")
    print(json.dumps({"rss_before": before, "peak": peak, "delta": peak - before, "peak_reset": reset}))


if __name__ == "__main__":
    main(sys.argv[1:])
