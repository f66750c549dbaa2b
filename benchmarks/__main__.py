"""``python -m benchmarks [NAMES...] [--quick] [--device cpu|cuda] [--peers torch,dezero] [--out DIR] [--repeats N]``."""
import argparse
import importlib
import sys
import time

from . import FAMILIES
from .frameworks import OURS, PEERS, load
from .harness import Context, run_case
from .machine import describe
from .report import write_all


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description="Side-by-side benchmarks of autograd_core against PyTorch and DeZero.")
    p.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run (default: all of {', '.join(FAMILIES)})")
    p.add_argument("--quick", action="store_true", help="small sizes and few repeats (the CI smoke test)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers, '' for none (default: %(default)s)")
    p.add_argument("--out", default="benchmark-results", help="output folder (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=None, help="samples per framework per case (default 7, quick 3)")
    args = p.parse_args(argv)
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
    frameworks = {name: load(name, args.device) for name in [OURS] + args.peers}
    ctx = Context(frameworks, device=args.device, quick=args.quick,
                  repeats=args.repeats or (3 if args.quick else 7), warmup=1 if args.quick else 2,
                  min_sample_s=0.01 if args.quick else 0.05)
    meta = describe(frameworks)
    meta.update(device=args.device, quick=args.quick, repeats=ctx.repeats, frameworks=list(frameworks),
                command="python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]))
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
        print(f"  {row['target']}: {value} ({met})")
    return 0


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
