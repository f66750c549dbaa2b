"""Writing the results: results.json, report.md (tables and the targets table) and report.png."""
import json
import os

from autograd_core.serialization import atomic_write

from .frameworks import DEZERO, OURS, TORCH

# (label, family, case, peer, limit): ours/peer median ratio must be <= limit
RATIO_TARGETS = (
    ("tanh chain <= 0.5x PyTorch CPU per op", "overhead", "tanh_chain", TORCH, 0.5),
    ("MLP step <= 0.8x PyTorch (issue 3)", "mlp", "step", TORCH, 0.8),
    ("MLP step <= 1.0x PyTorch (issue 2)", "mlp", "step", TORCH, 1.0),
    ("LeNet step <= 1.0x PyTorch", "lenet", "step", TORCH, 1.0),
)
DEZERO_LIMIT = 0.5
LINEAR_BAND = (0.8, 1.2)  # a fitted log-log exponent in this band counts as linear


def targets(results):
    """The targets table: one row per target with the measured value and whether it is met."""
    rows = []
    benches = results["benchmarks"]
    for label, family, case, peer, limit in RATIO_TARGETS:
        ratio = _case(benches, family, case).get("ratios", {}).get(peer)
        why = _why_missing(benches, family, case, peer)
        met = None if ratio is None else ratio <= limit
        if ratio is None and _failed(_case(benches, family, case), peer):
            met = False  # ours failed where the peer ran: not met, never n/a
        rows.append(_row(label, ratio, met, why))
    for family, bench in benches.items():
        worst = max(((c["ratios"][DEZERO], c["name"]) for c in bench["cases"] if DEZERO in c.get("ratios", {})),
                    default=None)
        failed = [c["name"] for c in bench["cases"] if _failed(c, DEZERO)]
        label = f"every {family} case <= {DEZERO_LIMIT}x DeZero (worst case)"
        if worst is None and not failed:
            rows.append(_row(label, None, None, "no case with both autograd_core and dezero measured"))
            continue
        note = "" if worst is None else f"worst: {worst[1]}"
        if failed:
            note += f"{'; ' if note else ''}ours failed in {', '.join(failed)}"
        rows.append(_row(label, worst and worst[0], not failed and worst[0] <= DEZERO_LIMIT, note))
    if "depth" in benches:
        exps = benches["depth"].get("derived", {}).get("exponents", {}).get(OURS, {})
        failed = [c["name"] for c in benches["depth"]["cases"] if c["frameworks"].get(OURS, {}).get("status") != "ok"]
        for what in ("backward_time", "peak_memory"):
            k = exps.get(what)
            ok = None if k is None else LINEAR_BAND[0] <= k <= LINEAR_BAND[1]
            note = "fitted log-log exponent, not a ratio" if k is not None else "not measured"
            missing = [n for n in failed if n.startswith(what)]
            if missing:  # a fit over the sizes that happened to run is no evidence of linearity
                ok, note = False, f"ours failed in {', '.join(missing)}"
            rows.append(_row(f"{what.replace('_', ' ')} linear in graph depth (exponent in {LINEAR_BAND})",
                             k, ok, note))
    return rows


def _failed(case, peer):
    """Did ours fail (error, or a missing piece) in a case where ``peer`` ran?"""
    entries = case.get("frameworks", {})
    return entries.get(peer, {}).get("status") == "ok" and entries.get(OURS, {}).get("status") != "ok"


def _row(label, value, met, note=None):
    return {"target": label, "measured": value, "met": met, "note": note}


def _case(benches, family, name):
    for c in benches.get(family, {}).get("cases", ()):
        if c["name"] == name:
            return c
    return {}


def _why_missing(benches, family, name, peer):
    if family not in benches:
        return f"benchmark '{family}' not run"
    case = _case(benches, family, name)
    if not case:
        return f"case '{name}' not run"
    for fw in (OURS, peer):
        e = case["frameworks"].get(fw, {})
        if e.get("status") != "ok":
            return f"{fw}: {e.get('status', 'not run')}: {e.get('reason', '')}"
    return None


def write_all(results, out_dir):
    """Write results.json, report.md and report.png into ``out_dir``; return their paths."""
    os.makedirs(out_dir, exist_ok=True)
    results["targets"] = targets(results)
    paths = [os.path.join(out_dir, n) for n in ("results.json", "report.md", "report.png")]
    atomic_write(paths[0], lambda f: f.write(json.dumps(results, indent=1, default=_jsonable).encode()))
    atomic_write(paths[1], lambda f: f.write(markdown(results).encode()))
    try:
        plot(results, paths[2])
    except ImportError as e:
        paths[2] = f"report.png not written: {e}"
    return paths


def _jsonable(x):
    return x.item() if hasattr(x, "item") else str(x)


def _fmt(x, digits=3):
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def markdown(results):
    """The report as Markdown text."""
    meta = results["meta"]
    fws = list(meta["frameworks"])
    lines = ["# autograd_core benchmarks", "",
             f"{meta['date']} on {meta['machine']['cpu']} ({meta['machine']['cores']} cores, "
             f"{_fmt((meta['machine']['memory_bytes'] or 0) / 2**30)} GiB), device {meta['device']}.", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".", "",
             f"Threads: {json.dumps(meta['threads'])}. GC: {meta['gc']}.", "",
             f"Run: `{meta['command']}`; repeats {meta['repeats']} (median; spread is the interquartile range); "
             f"{meta.get('settle_s', 0)} s idle before each sample, so no framework's spinning BLAS threads "
             f"overlap another's sample, then {meta.get('rewarm_s', 0)} s of untimed calls of the same step, so "
             "each sample times a framework running step after step, as training does.",
             "", "Ratios are ours / peer of the medians: below 1 means autograd_core is faster (or smaller).", "",
             "## Targets", "", "| target | measured | met | note |", "|---|---|---|---|"]
    for row in results["targets"]:
        met = {True: "yes", False: "**no**", None: "n/a"}[row["met"]]
        lines.append(f"| {row['target']} | {_fmt(row['measured'])} | {met} | {row['note'] or ''} |")
    for family, bench in results["benchmarks"].items():
        lines += ["", f"## {family}", ""]
        if bench.get("doc"):
            lines += [bench["doc"], ""]
        peers = [f for f in fws if f != OURS]
        lines.append("| case | unit | " + " | ".join(f"{f} (IQR)" for f in fws) + " | "
                     + " | ".join(f"ours/{p}" for p in peers) + " |")
        lines.append("|---" * (2 + len(fws) + len(peers)) + "|")
        reasons = {}
        for c in bench["cases"]:
            cells = []
            for f in fws:
                e = c["frameworks"].get(f, {"status": "skipped", "reason": "not run"})
                if e["status"] == "ok":
                    cells.append(f"{_fmt(e['median'])} ({_fmt(e['iqr'], 2)})")
                else:
                    reasons.setdefault((f, e["status"], e.get("reason")), []).append(c["name"])
                    cells.append(e["status"])
            ratio_cells = [_fmt(c["ratios"].get(p)) for p in peers]
            lines.append(f"| {c['name']} | {c['unit']} | " + " | ".join(cells + ratio_cells) + " |")
        for (f, status, reason), names in reasons.items():
            where = "all cases" if len(names) == len(bench["cases"]) else ", ".join(names)
            lines.append(f"\n- {f} {status} ({where}): {reason}")
        if bench.get("derived"):
            lines += ["", "Derived:", ""]
            for k, v in bench["derived"].items():
                if isinstance(v, list) and v and isinstance(v[0], dict):
                    lines += [f"- {k}:", ""] + _table(v) + [""]
                else:
                    lines.append(f"- {k}: {json.dumps(_rounded(v))}")
    return "\n".join(lines) + "\n"


def _rounded(v):
    if isinstance(v, float):
        return float(f"{v:.4g}")
    if isinstance(v, dict):
        return {k: _rounded(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_rounded(x) for x in v]
    return v


def _table(rows):
    keys = list(rows[0])
    return (["| " + " | ".join(keys) + " |", "|---" * len(keys) + "|"]
            + ["| " + " | ".join(_fmt(r.get(k)) if isinstance(r.get(k), float) else str(r.get(k)) for k in keys)
               + " |" for r in rows])


def plot(results, path):
    """Bar charts of the ratios and the scaling curves, into a PNG (matplotlib, Agg)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = [(f"{fam}/{c['name']}", c["ratios"]) for fam, b in results["benchmarks"].items()
            for c in b["cases"] if c.get("ratios")]
    curves = _curves(results)
    fig = plt.figure(figsize=(14, max(6, 0.22 * len(bars) + 2)))
    grid = fig.add_gridspec(max(1, len(curves)), 2, width_ratios=(1.3, 1))
    ax = fig.add_subplot(grid[:, 0])
    peers = sorted({p for _, r in bars for p in r})
    height = 0.8 / max(1, len(peers))
    for i, peer in enumerate(peers):
        ys = [j + i * height for j in range(len(bars))]
        ax.barh(ys, [r.get(peer, 0) for _, r in bars], height=height, label=f"ours / {peer}")
    ax.set_yticks([j + 0.4 - height / 2 for j in range(len(bars))], [n for n, _ in bars], fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log")
    for x in (0.5, 1.0):
        ax.axvline(x, color="k", lw=0.8, ls="--" if x == 0.5 else "-")
    ax.set_xlabel("ratio of medians (log; < 1: autograd_core faster)")
    if bars:
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "no ratios measured", ha="center", transform=ax.transAxes)
    for k, (title, xlabel, ylabel, series) in enumerate(curves):
        cax = fig.add_subplot(grid[k, 1])
        for fw, (xs, ys) in series.items():
            cax.plot(xs, ys, "o-", label=fw)
        cax.set_xscale("log")
        cax.set_yscale("log")
        cax.set_title(title, fontsize=9)
        cax.set_xlabel(xlabel, fontsize=8)
        cax.set_ylabel(ylabel, fontsize=8)
        cax.legend(fontsize=7)
    fig.suptitle(f"autograd_core vs peers, {results['meta']['machine']['cpu']} ({results['meta']['date']})",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _curves(results):
    """(title, xlabel, ylabel, {framework: (xs, ys)}) for each scaling curve the benchmarks derived."""
    return [(f"{fam}: {c['title']}", c["xlabel"], c["ylabel"], c["series"])
            for fam, bench in results["benchmarks"].items() for c in bench.get("curves", ())]
