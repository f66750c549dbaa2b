"""The benchmark suite runs end to end and writes its files (no timing assertions)."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.slow
def test_quick_run_writes_results_report_and_plot(tmp_path):
    out = tmp_path / "bench"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "overhead", "mlp", "--quick", "--repeats", "1",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    assert {"meta", "benchmarks", "targets"} <= set(results)
    meta = results["meta"]
    assert {"date", "machine", "versions", "threads", "device", "frameworks"} <= set(meta)
    assert {"cpu", "cores", "memory_bytes"} <= set(meta["machine"])
    assert set(results["benchmarks"]) == {"overhead", "mlp"}
    for bench in results["benchmarks"].values():
        assert bench["cases"]
        for case in bench["cases"]:
            assert {"name", "unit", "frameworks", "ratios"} <= set(case)
            for entry in case["frameworks"].values():
                assert entry["status"] in ("ok", "skipped", "error")
                if entry["status"] == "ok":
                    assert {"samples", "median", "iqr", "min", "max"} <= set(entry)
                else:
                    assert entry["reason"]
    chain = results["benchmarks"]["overhead"]["cases"][0]
    assert chain["name"] == "tanh_chain" and chain["frameworks"]["autograd_core"]["status"] == "ok"
    assert all({"target", "measured", "met"} <= set(row) for row in results["targets"])
    report = (out / "report.md").read_text()
    assert "## Targets" in report and "tanh chain" in report
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert (out / "report.png").stat().st_size > 0
