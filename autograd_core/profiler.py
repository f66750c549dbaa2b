"""The per-op profiler: time, calls and memory per op type and per graph node, drawn on the graph.

Example:
    >>> with ag.profiler.profile(record_shapes=True, memory=True) as prof:
    ...     loss = loss_fn(model(x), y)
    ...     loss.backward()
    ...     opt.step()
    >>> print(prof.table(sort_by="total_time", top=20))
    >>> prof.graph("profile.svg")   # the graph, each node labelled with its times, hot nodes red

While a profile is active every op takes the engine's instrumented call path
(slower); when none is active the engine pays one flag check per op.
"""
import time
import weakref

from . import backend, cuda, viz
from .grad_mode import _mode

__all__ = ["profile"]

_SORT_KEYS = ("total_time", "forward_time", "backward_time", "calls", "bytes", "name")
_ALIASES = {"cpu_time_total": "total_time", "self_cpu_time_total": "total_time", "cuda_time_total": "total_time",
            "count": "calls", "cpu_memory_usage": "bytes", "self_cpu_memory_usage": "bytes"}


class _NodeStat:
    """What one op call (one graph node) cost."""

    __slots__ = ("op", "calls", "backward_calls", "forward_time", "backward_time", "output_bytes", "saved_bytes",
                 "input_shapes", "output_shapes")

    def __init__(self, op, calls):
        self.op, self.calls, self.backward_calls = op, calls, 0
        self.forward_time = self.backward_time = 0.0
        self.output_bytes = self.saved_bytes = 0
        self.input_shapes = self.output_shapes = None

    @property
    def total_time(self):
        return self.forward_time + self.backward_time

    def to_dict(self):
        d = {k: getattr(self, k) for k in self.__slots__}
        d["total_time"], d["bytes"] = self.total_time, self.output_bytes + self.saved_bytes
        return d


class profile:
    """Context manager that records every op call made inside it, forward and backward.

    Args:
        enabled: False makes it a no-op (to switch profiling with a flag).
        record_shapes: keep each call's input and output shapes.
        memory: count the bytes each op allocates: its outputs (views of its
            inputs excluded) and the extra arrays it saved for backward.

    Times are seconds from ``time.perf_counter``, measured by the engine
    around each op's forward and backward. With CuPy arrays the profiler
    synchronises the device after each op, so queued GPU work is not charged
    to the next op. A node's backward time includes the ops its backward
    formula ran under ``create_graph=True`` (those ops also appear as nodes
    of their own).
    """

    def __init__(self, enabled=True, record_shapes=False, memory=False):
        self.enabled, self.record_shapes, self.memory = enabled, record_shapes, memory
        self._stats = []                             # one _NodeStat per op call, in order
        self._nodes = weakref.WeakKeyDictionary()    # graph node (Function) -> its _NodeStat
        self._gpu = False
        self._start = None
        self.wall_time = 0.0

    def __enter__(self):
        if self.enabled:
            if self in _mode.profilers:
                raise RuntimeError("profile: this profile is already active; make a new one to nest")
            _mode.profilers.append(self)
            _mode.refresh()
            self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if self.enabled and self in _mode.profilers:
            if self._gpu:
                cuda.synchronize()
            self.wall_time += time.perf_counter() - self._start
            _mode.profilers.remove(self)
            _mode.refresh()
        return False

    # -- called by the engine (autograd_core/instrument.py) ----------------------
    def record_forward(self, fn, inputs, outputs, seconds):
        outs = outputs if type(outputs) is tuple else (outputs,)
        if backend.on_gpu(outs[0]._data):  # the engine synchronized around the op for its time
            self._gpu = True
        stat = _NodeStat(viz.op_name(fn), 1)
        stat.forward_time = seconds
        if self.record_shapes:
            stat.input_shapes = tuple(tuple(x._data.shape) for x in inputs)
            stat.output_shapes = tuple(tuple(y._data.shape) for y in outs)
        recorded = outs[0]._node is not None
        if self.memory:
            owners = {id(_owner(x._data)) for x in inputs}
            stat.output_bytes = _new_bytes([y._data for y in outs], owners)
            if recorded and fn._saved and not isinstance(fn._saved, str):
                owners.update(id(_owner(y._data)) for y in outs)
                stat.saved_bytes = _new_bytes(fn._saved, owners)
        self._stats.append(stat)
        if recorded:
            self._nodes[fn] = stat
            if self.record_shapes:  # lets the graph label its edges with shapes
                viz._remember(fn, inputs, outs)

    def record_backward(self, fn, seconds):
        stat = self._nodes.get(fn)
        if stat is None:  # a node recorded before this profile began
            stat = self._nodes[fn] = _NodeStat(viz.op_name(fn), 0)
            self._stats.append(stat)
        stat.backward_time += seconds
        stat.backward_calls += 1

    # -- results -----------------------------------------------------------------
    def nodes(self):
        """One dict per op call (graph node), in the order they ran."""
        return [s.to_dict() for s in self._stats]

    def op_totals(self, group_by_input_shape=False):
        """``{op name: totals}`` (or ``{(op name, input shapes): totals}``) over all calls."""
        totals = {}
        for s in self._stats:
            key = (s.op, s.input_shapes) if group_by_input_shape else s.op
            t = totals.get(key)
            if t is None:
                t = totals[key] = dict.fromkeys(
                    ("calls", "backward_calls", "forward_time", "backward_time", "total_time",
                     "output_bytes", "saved_bytes", "bytes"), 0)
            for k, v in s.to_dict().items():
                if k in t:
                    t[k] += v
        return totals

    def to_dict(self):
        """Everything recorded, as plain Python values: per op type, per node, and the totals."""
        ops = self.op_totals()
        return {
            "ops": ops,
            "nodes": self.nodes(),
            "forward_time": sum(t["forward_time"] for t in ops.values()),
            "backward_time": sum(t["backward_time"] for t in ops.values()),
            "total_time": sum(t["total_time"] for t in ops.values()),
            "wall_time": self.wall_time,
        }

    def table(self, sort_by="total_time", top=20, group_by_input_shape=False):
        """A text table of the per-op-type totals, the most expensive first.

        ``sort_by`` is one of total_time, forward_time, backward_time, calls,
        bytes, name (PyTorch's cpu_time_total, count ... are accepted too).
        Returns the table as a string (``print(prof.table())``; it also shows
        as a table at the interactive prompt).
        """
        key = _ALIASES.get(sort_by, sort_by)
        if key not in _SORT_KEYS:
            raise ValueError(f"profile.table(): sort_by must be one of {', '.join(_SORT_KEYS)}, got {sort_by!r}")
        if group_by_input_shape and not self.record_shapes:
            raise ValueError("profile.table(group_by_input_shape=True) needs profile(record_shapes=True)")
        totals = self.op_totals(group_by_input_shape)
        if key == "name":
            rows = sorted(totals.items(), key=lambda kv: str(kv[0]))
        else:
            rows = sorted(totals.items(), key=lambda kv: kv[1][key], reverse=True)
        grand = sum(t["total_time"] for t in totals.values()) or 1.0
        header = ["Op", "Calls", "Forward ms", "Backward ms", "Total ms", "% Total", "Avg us/call"]
        if self.memory:
            header.append("Memory")
        if group_by_input_shape:
            header.append("Input shapes")
        body = []
        for name, t in rows[:top] if top else rows:
            op, shapes = name if group_by_input_shape else (name, None)
            row = [op, str(t["calls"]), f"{t['forward_time'] * 1e3:.3f}", f"{t['backward_time'] * 1e3:.3f}",
                   f"{t['total_time'] * 1e3:.3f}", f"{100 * t['total_time'] / grand:.1f}",
                   f"{t['total_time'] * 1e6 / max(t['calls'], 1):.1f}"]
            if self.memory:
                row.append(_fmt_bytes(t["bytes"]))
            if group_by_input_shape:
                row.append(str(list(shapes or ())))
            body.append(row)
        widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
        line = "  ".join("-" * w for w in widths)
        left = {0, len(header) - 1} if group_by_input_shape else {0}

        def fmt(row):
            return "  ".join(c.ljust(w) if i in left else c.rjust(w)
                             for i, (c, w) in enumerate(zip(row, widths))).rstrip()
        fwd = sum(t["forward_time"] for t in totals.values())
        bwd = sum(t["backward_time"] for t in totals.values())
        footer = (f"Ops: {len(self._stats)} calls, forward {fwd * 1e3:.3f} ms, backward {bwd * 1e3:.3f} ms; "
                  f"wall time in profile {self.wall_time * 1e3:.3f} ms")
        return _Table("\n".join([fmt(header), line] + [fmt(r) for r in body] + [line, footer]))

    def graph(self, path=None, outputs=None, format=None, **kwargs):
        """The computation graph with each node labelled by its forward/backward time, coloured white -> red.

        Draws the graph of ``outputs`` if given, else of every recorded node
        still alive (hold on to the loss to keep its graph). Writes the picture
        to ``path`` when given (needs Graphviz's ``dot``). Other keyword
        arguments go to ``ag.viz.to_dot``. Returns the graph object.
        """
        def decorate(fns):
            stats = [s for s in map(self._nodes.get, fns) if s is not None]
            if not stats:  # ran before the profile began: left uncoloured
                return [], None
            fwd, bwd = sum(s.forward_time for s in stats), sum(s.backward_time for s in stats)
            return [f"fwd {fwd * 1e3:.3f} ms", f"bwd {bwd * 1e3:.3f} ms"], fwd + bwd

        outs = [] if outputs is None else viz._flatten([outputs])
        roots = [] if outputs is not None else list(self._nodes.keys())[::-1]
        graph = viz._to_dot(outs, roots, decorate, **kwargs)
        if path is not None:
            viz._write(graph.source, path, format)
        return graph


class _Table(str):
    """A str that shows as the table itself at the interactive prompt."""

    def __repr__(self):
        return str(self)


def _owner(a):
    base = getattr(a, "base", None)
    while base is not None:
        a, base = base, getattr(base, "base", None)
    return a


def _new_bytes(arrays, owners):
    """Bytes of ``arrays`` whose memory is not one of ``owners`` (views of inputs cost nothing)."""
    total, seen = 0, set()
    for a in arrays:
        nbytes = getattr(a, "nbytes", None)
        if nbytes is None:
            continue
        owner = id(_owner(a))
        if owner not in owners and owner not in seen:
            seen.add(owner)
            total += nbytes
    return total


def _fmt_bytes(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
