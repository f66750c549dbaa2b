"""The targets table must never read "met" when a case of ours failed, or hide the failure."""
from benchmarks.frameworks import OURS
from benchmarks.report import targets


def _ok(median):
    return {"status": "ok", "median": median}


def _case(name, ours, **peers):
    entries = {OURS: ours, **peers}
    ratios = {p: ours["median"] / e["median"] for p, e in peers.items()
              if ours.get("status") == "ok" and e.get("status") == "ok"}
    return {"name": name, "frameworks": entries, "ratios": ratios}


def _rows(benches):
    return {r["target"]: r for r in targets({"benchmarks": benches})}


def test_a_failed_case_of_ours_makes_its_dezero_row_not_met():
    rows = _rows({"overhead": {"cases": [_case("a", _ok(1.0), dezero=_ok(4.0)),
                                          _case("b", {"status": "error", "reason": "boom"}, dezero=_ok(4.0))]}})
    row = rows["every overhead case <= 0.5x DeZero (worst case)"]
    assert row["met"] is False and row["measured"] == 0.25 and "ours failed in b" in row["note"]


def test_ratio_target_is_not_met_when_ours_fails_and_na_when_the_peer_is_missing():
    failed = _rows({"mlp": {"cases": [_case("step", {"status": "error", "reason": "boom"}, torch=_ok(5.0))]}})
    assert failed["MLP step <= 0.8x PyTorch (issue 3)"]["met"] is False
    no_peer = _rows({"mlp": {"cases": [_case("step", _ok(4.0), torch={"status": "skipped", "reason": "absent"})]}})
    assert no_peer["MLP step <= 0.8x PyTorch (issue 3)"]["met"] is None
    met = _rows({"mlp": {"cases": [_case("step", _ok(3.0), torch=_ok(5.0), dezero=_ok(9.0))]}})
    assert met["MLP step <= 0.8x PyTorch (issue 3)"]["met"] is True
    assert met["every mlp case <= 0.5x DeZero (worst case)"]["met"] is True


def test_depth_linearity_is_not_met_when_a_size_failed():
    cases = [_case("backward_time[n=1000]", _ok(1.0)), _case("backward_time[n=10000]", _ok(10.0)),
             _case("backward_time[n=100000]", {"status": "error", "reason": "MemoryError"})]
    depth = {"cases": cases, "derived": {"exponents": {OURS: {"backward_time": 1.0}}}}
    row = _rows({"depth": depth})["backward time linear in graph depth (exponent in (0.8, 1.2))"]
    assert row["met"] is False and "backward_time[n=100000]" in row["note"]
