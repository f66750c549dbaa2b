"""The per-op profiler: counts per op type for known models, times that add up, memory, table, graph."""
import math
import re
import shutil

import pytest

import autograd_core as ag
from autograd_core import profiler
from autograd_core.grad_mode import _mode


def mlp_params():
    return [ag.randn(4, 8, requires_grad=True), ag.randn(8, 2, requires_grad=True)]


def mlp_loss(x, params):
    w1, w2 = params
    return ((x @ w1).tanh() @ w2).sum()


def test_counts_per_op_type_for_an_mlp_built_from_ops():
    params = mlp_params()
    x = ag.randn(16, 4)
    with profiler.profile() as prof:
        for _ in range(3):
            mlp_loss(x, params).backward()
    ops = prof.to_dict()["ops"]
    assert {op: t["calls"] for op, t in ops.items()} == {"MatMul": 6, "Tanh": 3, "Sum": 3}
    assert {op: t["backward_calls"] for op, t in ops.items()} == {"MatMul": 6, "Tanh": 3, "Sum": 3}
    assert not _mode.profilers and not _mode.instrumented


def test_times_are_non_negative_and_add_up():
    params = mlp_params()
    with profiler.profile(record_shapes=True, memory=True) as prof:
        loss = mlp_loss(ag.randn(16, 4), params)
        loss.backward()
        with ag.no_grad():  # an optimizer step: ops counted, but not graph nodes
            for p in params:
                p.data = (p - 0.1 * p.grad).data
    d = prof.to_dict()
    nodes, ops = d["nodes"], d["ops"]
    assert len(nodes) == sum(t["calls"] for t in ops.values())
    for n in nodes:
        assert n["forward_time"] >= 0 and n["backward_time"] >= 0
        assert n["total_time"] == pytest.approx(n["forward_time"] + n["backward_time"])
    for op, t in ops.items():
        mine = [n for n in nodes if n["op"] == op]
        for key in ("calls", "forward_time", "backward_time", "total_time", "bytes"):
            assert t[key] == pytest.approx(sum(n[key] for n in mine))
    assert d["total_time"] == pytest.approx(d["forward_time"] + d["backward_time"])
    assert d["total_time"] == pytest.approx(sum(n["total_time"] for n in nodes))
    assert 0 < d["total_time"] <= d["wall_time"]
    assert len(prof._nodes) == 4  # the graph: MatMul, Tanh, MatMul, Sum


def test_shapes_and_memory():
    x = ag.randn(100, requires_grad=True)
    with profiler.profile(record_shapes=True, memory=True) as prof:
        y = x.tanh()           # allocates its output (saves it too: no extra bytes)
        z = ag.reshape(y, (10, 10))   # a view: allocates nothing
    tanh, reshape = prof.nodes()
    assert tanh["input_shapes"] == ((100,),) and tanh["output_shapes"] == ((100,),)
    assert tanh["output_bytes"] == 400 and tanh["saved_bytes"] == 0
    assert reshape["output_shapes"] == ((10, 10),) and reshape["bytes"] == 0
    with profiler.profile() as prof:
        x.tanh()
    assert prof.nodes()[0]["input_shapes"] is None and prof.nodes()[0]["bytes"] == 0


def test_create_graph_backward_ops_are_recorded_too():
    x = ag.randn(3, requires_grad=True)
    with profiler.profile() as prof:
        y = x.tanh().sum()
        gx, = ag.grad(y, x, create_graph=True)
        gx.sum().backward()
    ops = prof.op_totals()
    assert ops["Tanh"]["calls"] == 1 and ops["Tanh"]["backward_calls"] == 2
    assert sum(t["calls"] for t in ops.values()) > 3  # the gradient formula's ops


def test_disabled_and_errors_leave_the_engine_clean():
    with profiler.profile(enabled=False) as prof:
        ag.randn(3, requires_grad=True).exp()
    assert prof.nodes() == [] and not _mode.instrumented
    with pytest.raises(ZeroDivisionError):
        with profiler.profile():
            1 / 0
    assert not _mode.profilers and not _mode.instrumented


def test_table():
    params = mlp_params()
    with profiler.profile(record_shapes=True, memory=True) as prof:
        mlp_loss(ag.randn(16, 4), params).backward()
    table = prof.table()
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["Op", "Calls", "Forward", "ms", "Backward"] and "Memory" in lines[0]
    assert any(re.match(r"MatMul\s+2\s", line) for line in lines[2:])
    assert len(prof.table(top=1).splitlines()) == 5  # header, rule, one row, rule, footer
    assert prof.table(sort_by="calls").splitlines()[2].startswith("MatMul")
    assert repr(table) == str(table)
    assert "(16, 4)" in prof.table(group_by_input_shape=True)
    assert prof.table(sort_by="cpu_time_total") == prof.table(sort_by="total_time")
    with pytest.raises(ValueError, match="sort_by"):
        prof.table(sort_by="speed")


def test_graph_is_a_heat_map_of_the_recorded_nodes(tmp_path):
    params = mlp_params()
    with profiler.profile(record_shapes=True) as prof:
        loss = mlp_loss(ag.randn(16, 4), params)
        loss.backward()
    src = prof.graph().source
    labels = re.findall(r'^\s*f\d+ \[label="([^"]*)"', src, re.M)
    assert len(labels) == 4 and all("fwd " in s and "bwd " in s for s in labels)
    colours = re.findall(r'fillcolor="#ff([0-9a-f]{2})\1"', src)
    assert len(colours) == 4 and "00" in colours  # the hottest node is pure red
    assert "(16, 8) float32" in src  # edge shapes recorded by the profiler
    assert prof.graph(outputs=loss).source.count("fwd ") == 4
    if shutil.which("dot") is not None:
        prof.graph(tmp_path / "profile.svg")
        assert b"<svg" in (tmp_path / "profile.svg").read_bytes()


nn = pytest.importorskip("autograd_core.nn")


def test_counts_for_nn_sequential():
    if not all(hasattr(nn, n) for n in ("Sequential", "Linear", "Tanh")):
        pytest.skip("nn.Sequential/Linear/Tanh not available yet")
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    x = ag.randn(5, 4)
    with profiler.profile() as one:
        model(x).sum().backward()
    with profiler.profile() as three:
        for _ in range(3):
            model(x).sum().backward()
    calls = {op: t["calls"] for op, t in one.op_totals().items()}
    assert calls["Tanh"] == 1 and calls["Sum"] == 1
    assert {op: t["calls"] for op, t in three.op_totals().items()} == {op: 3 * n for op, n in calls.items()}
    assert all(math.isfinite(t["total_time"]) and t["total_time"] >= 0 for t in three.op_totals().values())


def test_graph_with_collapsed_modules_sums_their_times():
    if not all(hasattr(nn, n) for n in ("Sequential", "Linear", "Tanh")):
        pytest.skip("nn.Sequential/Linear/Tanh not available yet")
    from autograd_core import viz
    model = nn.Sequential(nn.Sequential(nn.Linear(4, 8), nn.Tanh()), nn.Linear(8, 2))
    with viz.track_modules(model), profiler.profile(record_shapes=True) as prof:
        loss = model(ag.randn(5, 4)).sum()
        loss.backward()
    src = prof.graph(params=model, max_depth=0).source
    boxes = re.findall(r'^\s*m\d+ \[label="([^"]*)"[^\n]*fillcolor="#ff', src, re.M)
    assert sorted(b.split("\\n")[0] for b in boxes) == ["0 (Sequential)", "1 (Linear)"]
    assert all("fwd " in b and "bwd " in b for b in boxes)
