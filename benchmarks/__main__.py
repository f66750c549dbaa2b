"""``python -m benchmarks [NAMES...] [--quick] [--device cpu|cuda] [--peers torch,dezero] [--out DIR]
[--repeats N] [--settle S] [--threads N]``: run the benchmarks, print the targets, write results.json, report.md, report.png.
"""
import argparse
import importlib
import os
import sys
import time

from . import FAMILIES, THREAD_VARS
from .frameworks import OURS, PEERS, load  # no NumPy yet: --threads must reach BLAS before it starts


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks",
                                description="Side-by-side benchmarks of autograd_core against PyTorch and DeZero.")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help=f"benchmarks to run (default: all of {', '.join(FAMILIES)})")
    p.add_argument("--quick", action="store_true", help="small sizes and few repeats (the CI smoke test)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--peers", default=",".join(PEERS),
                   help="comma-separated peers, '' for none (default: %(default)s)")
    p.add_argument("--out", default="benchmark-results", help="output folder (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=None, help="samples per framework per case (default 7, quick 3)")
    p.add_argument("--settle", type=float, default=0.2, metavar="SECONDS",
                   help="idle time before each sample, so one framework's spinning BLAS threads do not slow "
                        "the next one's sample (default: %(default)s)")
    p.add_argument("--threads", type=int, default=None,
                   help="BLAS/OpenMP threads for NumPy and torch alike (default: each library's machine default)")
    args = p.parse_args(argv)
    for flag in ("repeats", "threads"):
        if getattr(args, flag) is not None and getattr(args, flag) < 1:
            p.error(f"--{flag} must be at least 1, got {getattr(args, flag)}")
    if args.settle < 0:
        p.error(f"--settle must be at least 0, got {args.settle}")
    unknown = [n for n in args.names if n not in FAMILIES]
    if unknown:
        p.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(FAMILIES)}")
    peers = [x for x in args.peers.split(",") if x]
    bad = [x for x in peers if x not in PEERS]
    if bad:
        p.error(f"unknown peer(s) {', '.join(bad)}; choose from {', '.join(PEERS)}")
    args.peers = peers
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.threads is not None:
        _set_threads(args.threads)
    from .harness import Context, run_case
    from .machine import describe
    from .report import write_all
    frameworks = {name: load(name, args.device) for name in [OURS] + args.peers}
    ctx = Context(frameworks, device=args.device, quick=args.quick,
                  repeats=args.repeats or (3 if args.quick else 7), warmup=1 if args.quick else 2,
                  min_sample_s=0.01 if args.quick else 0.05, settle_s=args.settle,
                  rewarm_s=0.01 if args.quick else 0.05)
    meta = describe(frameworks)
    meta.update(device=args.device, quick=args.quick, repeats=ctx.repeats, settle_s=ctx.settle_s, rewarm_s=ctx.rewarm_s,
                frameworks=list(frameworks),
                command="python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]))
    if args.threads is not None and frameworks.get("torch") is not None and frameworks["torch"].available:
        frameworks["torch"].module.set_num_threads(args.threads)
        meta["threads"]["torch"] = frameworks["torch"].module.get_num_threads()
    meta["threads"]["requested"] = args.threads if args.threads is not None else "machine default"
    _print_header(meta, frameworks)
    results = {"meta": meta, "benchmarks": {}}
    start = time.perf_counter()
    for family in args.names or FAMILIES:
        module = importlib.import_module(f".{family}", __package__)
        cases = module.cases(ctx)
        bench = {"doc": (module.__doc__ or "").strip(), "cases": []}
        for case in _progress(cases, family):
            bench["cases"].append(run_case(case, ctx))
        if hasattr(module, "derive"):
            module.derive(bench, ctx)
        results["benchmarks"][family] = bench
    meta["seconds"] = round(time.perf_counter() - start, 1)
    paths = write_all(results, args.out)
    print(f"done in {meta['seconds']} s; wrote " + ", ".join(paths))
    for row in results["targets"]:
        met = {True: "met", False: "NOT met", None: "n/a"}[row["met"]]
        value = "-" if row["measured"] is None else f"{row['measured']:.3g}"
        note = f"; {row['note']}" if row["note"] and row["met"] is not True else ""
        print(f"  {row['target']}: {value} ({met}{note})")
    return 0


def _set_threads(n):
    """Thread counts for every BLAS/OpenMP pool, set before NumPy loads (or through threadpoolctl after)."""
    for var in THREAD_VARS:
        os.environ[var] = str(n)
    if "numpy" in sys.modules:  # main() called in-process: the pools exist already
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            print(f"warning: NumPy is already loaded and threadpoolctl is not installed: --threads {n} "
                  "reaches torch only", file=sys.stderr)
            return
        threadpool_limits(n)


def _print_header(meta, frameworks):
    print(f"{meta['machine']['cpu']}, {meta['machine']['cores']} cores; device {meta['device']}")
    for name, fw in frameworks.items():
        print(f"  {name}: {fw.version if fw.available else 'skipped: ' + fw.reason}")
    print(f"  threads: {meta['threads']}")


def _progress(cases, family):
    try:
        from tqdm import tqdm
    except ImportError:
        tqdm = None
    if tqdm is not None:
        bar = tqdm(cases, desc=family, unit="case", leave=True, file=sys.stderr)
        for case in bar:
            bar.set_postfix_str(case.name)
            yield case
        return
    for i, case in enumerate(cases, 1):
        print(f"[{family} {i}/{len(cases)}] {case.name}", file=sys.stderr, flush=True)
        yield case


if __name__ == "__main__":
    sys.exit(main())
