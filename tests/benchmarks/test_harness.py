"""The harness's bookkeeping: stats, ratios, skips and the log-log fit."""
import pytest

from benchmarks.frameworks import OURS, TORCH, Framework, Skip
from benchmarks.harness import Case, Context, loglog_slope, run_case, stats


class _Fake(Framework):
    def __init__(self, name):
        super().__init__(name, "cpu", module=object())


def _ctx(*names, settle_s=0.0):
    return Context({n: _Fake(n) for n in names}, repeats=3, warmup=1, min_sample_s=0.0, settle_s=settle_s)


def test_stats_median_and_spread():
    s = stats([1.0, 2.0, 3.0, 4.0, 100.0])
    assert s["median"] == 3.0 and s["min"] == 1.0 and s["max"] == 100.0 and s["iqr"] == 2.0


def test_value_cases_alternate_and_give_ratios():
    order = []

    def builder(value):
        return lambda fw: (lambda: order.append(fw.name) or value)
    case = Case("c", "s", {OURS: builder(1.0), TORCH: builder(4.0)}, metric="value", warmup=0)
    result = run_case(case, _ctx(OURS, TORCH))
    assert order == [OURS, TORCH, TORCH, OURS, OURS, TORCH]  # the order rotates every round
    assert result["frameworks"][OURS]["median"] == 1.0
    assert result["ratios"] == {TORCH: 0.25}


def test_skips_and_errors_are_reported_not_timed():
    def skip(fw):
        raise Skip("no such layer")

    def missing(fw):
        import types
        return types.ModuleType("nn").LSTM

    def broken(fw):
        raise AttributeError("'NoneType' object has no attribute 'shape'")
    result = run_case(Case("c", "s", {OURS: broken, TORCH: skip}), _ctx(OURS, TORCH, "dezero"))
    entries = result["frameworks"]
    assert entries[OURS] == {"status": "error", "reason": "AttributeError: 'NoneType' object has no attribute 'shape'"}
    assert entries[TORCH] == {"status": "skipped", "reason": "no such layer"}
    assert entries["dezero"]["status"] == "skipped" and "no equivalent" in entries["dezero"]["reason"]
    assert result["ratios"] == {}
    entry = run_case(Case("c", "s", {OURS: missing}), _ctx(OURS))["frameworks"][OURS]
    assert entry["status"] == "skipped" and "not available yet" in entry["reason"]


def test_unavailable_framework_is_skipped_with_its_reason():
    ctx = _ctx(OURS)
    ctx.frameworks[TORCH] = Framework(TORCH, "cpu", reason="torch is not installed")
    result = run_case(Case("c", "s", {OURS: lambda fw: lambda: None, TORCH: lambda fw: lambda: None}), ctx)
    assert result["frameworks"][TORCH] == {"status": "skipped", "reason": "torch is not installed"}
    assert result["frameworks"][OURS]["status"] == "ok"


def test_loglog_slope():
    assert loglog_slope([10, 100, 1000], [3, 30, 300]) == pytest.approx(1.0)
    assert loglog_slope([10, 100], [1, 100]) == pytest.approx(2.0)
    assert loglog_slope([10], [1]) is None


def test_each_sample_waits_for_the_previous_frameworks_threads_to_go_idle(monkeypatch):
    import benchmarks.harness as harness
    events = []
    monkeypatch.setattr(harness.time, "sleep", lambda s: events.append(("sleep", s)))
    case = Case("c", "s", {OURS: lambda fw: (lambda: events.append(fw.name) or 1.0),
                           TORCH: lambda fw: (lambda: events.append(fw.name) or 2.0)}, metric="value", warmup=0)
    run_case(case, _ctx(OURS, TORCH, settle_s=0.25))
    assert events == [("sleep", 0.25), OURS, ("sleep", 0.25), TORCH] + [("sleep", 0.25), TORCH, ("sleep", 0.25), OURS] \
        + [("sleep", 0.25), OURS, ("sleep", 0.25), TORCH]
    events.clear()
    run_case(Case("c", "s", {OURS: case.builders[OURS]}, metric="value", warmup=0), _ctx(OURS, settle_s=0.25))
    assert events == [OURS] * 3  # alone, nothing to wait for


def test_after_the_settle_untimed_calls_come_before_each_timed_sample(monkeypatch):
    import benchmarks.harness as harness
    events, clock = [], [0.0]
    monkeypatch.setattr(harness.time, "sleep", lambda s: events.append("sleep"))
    monkeypatch.setattr(harness.time, "perf_counter", lambda: clock[0])

    def builder(fw):
        def step():
            clock[0] += 0.01
            events.append(fw.name)
        return step
    ctx = _ctx(OURS, TORCH, settle_s=0.2)
    ctx.rewarm_s = 0.03
    run_case(Case("c", "s", {OURS: builder, TORCH: builder}, warmup=0, repeats=1), ctx)
    # 2 set-up calls (one timed to size the sample), then per sample: the settle, 3 untimed calls, 1 timed call
    assert events == [OURS, TORCH] + ["sleep"] + [OURS] * 4 + ["sleep"] + [TORCH] * 4
    events.clear()
    run_case(Case("c", "s", {OURS: builder}, warmup=0, repeats=1), _ctx(OURS, settle_s=0.2))
    assert events == [OURS, OURS]  # alone: no settle, so nothing to come back from
