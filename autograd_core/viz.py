"""Drawing the computation graph: ``to_dot``, ``render``, ``plot_dot_graph`` and ``track_modules``.

The walk from the outputs back to the leaves is iterative and emits DOT text;
running Graphviz's ``dot`` program is a separate step (``render``), so the
graph can be built and tested without Graphviz installed.

Example:
    >>> y = model(x)
    >>> ag.viz.to_dot(y, params=model)              # a graphviz.Digraph (shows inline in Jupyter)
    >>> ag.viz.render(y, "graph.svg", params=model)
    >>> with ag.viz.track_modules(model):          # to draw each module call as a cluster
    ...     y = model(x)
    >>> ag.viz.to_dot(y, params=model, max_depth=1)

Graph nodes keep no reference to their output tensors, so an intermediate
tensor is drawn as the edge from the Function that made it to the Function
that used it, labelled with its shape and dtype where those are known: from
the arrays a node saved for backward, or from ``track_modules``, which records
them for every op that runs inside it.
"""
import os
import shutil
import weakref
from collections import defaultdict
from numbers import Number

import numpy as np

from . import backend
from .grad_mode import _mode
from .serialization import atomic_write
from .tensor import Tensor

__all__ = ["to_dot", "render", "plot_dot_graph", "track_modules", "DotSource", "DotNotFoundError"]

# Side tables filled by track_modules and the profiler (weak: they never keep a graph alive).
_module_of = weakref.WeakKeyDictionary()  # Function -> ((module path, class name), ...) outermost first
_out_meta = weakref.WeakKeyDictionary()   # Function -> ((shape, dtype, device), ...) one per output
_const_meta = weakref.WeakKeyDictionary()  # Function -> {input position: (shape, dtype, device)} of
                                           # the inputs that do not require grad

FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif")

_STYLE = {
    "fn": {"shape": "box", "style": "rounded,filled", "fillcolor": "lightgrey"},
    "param": {"shape": "ellipse", "style": "filled", "fillcolor": "lightblue"},
    "leaf": {"shape": "ellipse", "style": "filled", "fillcolor": "lightyellow"},
    "output": {"shape": "ellipse", "style": "filled", "fillcolor": "darkolivegreen1"},
    "const": {"shape": "ellipse", "style": "dashed", "color": "gray50", "fontcolor": "gray50"},
    "box": {"shape": "box3d", "style": "filled", "fillcolor": "lightsteelblue"},
}


class DotNotFoundError(RuntimeError):
    """Raised when rendering needs Graphviz's ``dot`` program and it is not on PATH."""


class DotSource(str):
    """DOT text, returned by ``to_dot`` when the ``graphviz`` Python package is not installed.

    It is a ``str`` (the DOT text) with ``.source``, ``render()``, ``pipe()``
    and inline SVG display in Jupyter, like ``graphviz.Digraph``.
    """

    @property
    def source(self):
        return str(self)

    def pipe(self, format="svg"):
        """The rendered bytes (needs the ``dot`` program)."""
        return _run_dot(self, format)

    def render(self, path, format=None):
        """Write the rendered graph to ``path``; returns the path."""
        return _write(self, path, format)

    def _repr_svg_(self):
        return _svg_or_none(self)


def to_dot(*outputs, params=None, show_shapes=True, show_dtypes=True, show_saved=False, group_modules=True,
           max_depth=None, rankdir="TB"):
    """The computation graph that produced ``outputs``, as DOT.

    Args:
        *outputs: Tensors (or lists of Tensors) to draw the graph of; the
            forward graph, or a gradient's own graph made with ``create_graph=True``.
        params: names for tensors: an ``nn.Module`` (its ``named_parameters()``),
            a dict ``{name: tensor}`` or an iterable of ``(name, tensor)``.
            Otherwise a tensor's ``.name`` is used when set.
        show_shapes / show_dtypes: label tensors and edges with shape / dtype
            (and device when it is not the CPU).
        show_saved: list the shapes of the arrays each node saved for backward
            ("freed" after a backward without ``retain_graph``).
        group_modules: draw each module call recorded by ``track_modules`` as a
            cluster named by its module path.
        max_depth: draw module clusters up to this depth (top-level modules are
            depth 1); a module below it becomes one box.
        rankdir: Graphviz layout direction: 'TB', 'LR', 'BT' or 'RL'.

    Returns:
        A ``graphviz.Digraph`` (``.source`` is the DOT text), or a ``DotSource``
        string when the ``graphviz`` package is not installed.

    Styles: functions are grey boxes, parameters blue, other leaves yellow,
    outputs green, inputs that do not require grad dashed grey.
    """
    return _to_dot(_flatten(outputs), (), None, params, show_shapes, show_dtypes, show_saved, group_modules,
                   max_depth, rankdir)


def _to_dot(outputs, extra_fns, decorate, params=None, show_shapes=True, show_dtypes=True, show_saved=False,
            group_modules=True, max_depth=None, rankdir="TB"):
    """``to_dot`` plus the profiler's hooks: more roots to walk from, and node decoration."""
    builder = _Builder(params, show_shapes, show_dtypes, show_saved, group_modules, max_depth, decorate)
    return _digraph(builder.build(outputs, extra_fns), rankdir)


def render(outputs, path, format=None, **kwargs):
    """Draw the graph of ``outputs`` into the file ``path`` and return the path.

    ``format`` is one of 'svg', 'png', 'pdf' (default: from the file
    extension, else 'svg'); other keyword arguments go to ``to_dot``. Needs
    Graphviz's ``dot`` program.
    """
    outputs = outputs if isinstance(outputs, (list, tuple)) else (outputs,)
    return _write(to_dot(*outputs, **kwargs).source, path, format)


def plot_dot_graph(output, verbose=True, to_file="graph.png"):
    """DeZero's ``plot_dot_graph``: draw ``output``'s graph into ``to_file``.

    ``verbose`` shows shapes and dtypes. Returns the graph object, which
    displays inline in Jupyter.
    """
    graph = to_dot(output, show_shapes=verbose, show_dtypes=verbose)
    _write(graph.source, to_file, None)
    return graph


class track_modules:
    """Record, while active, which ``nn.Module`` call made each graph node, and every op's output shape.

    ``to_dot(group_modules=True)`` then draws each module call as a cluster
    named by its module path (``encoder.layer1.conv2``). Tracking is opt-in:
    it takes the engine's instrumented call path, which costs time, so only
    the forward passes run inside this block are recorded.

    Args:
        model: the root module, to name submodules by their paths in it. If
            omitted, the first module called is taken as the root.

    Example:
        >>> with ag.viz.track_modules(model):
        ...     loss = loss_fn(model(x), target)
        >>> ag.viz.render(loss, "model.svg", params=model, max_depth=2)
    """

    def __init__(self, model=None):
        self.model = model

    def __enter__(self):
        self._paths = {}
        self._stack = []  # (module, levels) per module call in progress
        self._handles = []
        if self.model is not None:
            self._add_paths(self.model, "")
        hooks = _module_hooks()
        if hooks is not None:
            pre, post = hooks
            self._handles = [pre(self._enter_module), post(self._exit_module)]
        _mode.profilers.append(self)
        _mode.refresh()
        return self

    def __exit__(self, *exc):
        for handle in self._handles:
            handle.remove()
        if self in _mode.profilers:
            _mode.profilers.remove(self)
        _mode.refresh()
        return False

    def _add_paths(self, module, prefix):
        for name, m in module.named_modules(prefix=prefix):
            self._paths.setdefault(id(m), name)

    def _enter_module(self, module, args):
        path = self._paths.get(id(module))
        if path is None:
            if self._stack:  # a module the root did not register: name it below its caller
                parent = self._stack[-1][0]
                self._add_paths(parent, self._paths.get(id(parent), ""))
                path = self._paths.get(id(module), type(module).__name__)
            else:
                self._add_paths(module, "")
                path = ""
        levels = self._stack[-1][1] if self._stack else ()
        if path:  # the root call wraps everything: it is not drawn as a cluster
            levels = levels + ((path, type(module).__name__),)
        self._stack.append((module, levels))

    def _exit_module(self, module, args, output):
        # pop up to this module: a nested call that raised never reached its own exit
        while self._stack:
            if self._stack.pop()[0] is module:
                break

    def record_forward(self, fn, inputs, outputs, seconds):
        outs = outputs if type(outputs) is tuple else (outputs,)
        if not outs or outs[0]._node is None:
            return  # ran without recording a graph node
        _remember(fn, inputs, outs)
        if self._stack and self._stack[-1][1]:
            _module_of[fn] = self._stack[-1][1]

    def record_backward(self, fn, seconds):
        pass


def _remember(fn, inputs, outs):
    """Keep the shapes of a graph node's outputs and constant inputs, for drawing it later."""
    _out_meta[fn] = tuple(_array_meta(y._data) for y in outs)
    consts = {pos: _array_meta(x._data) for pos, x in enumerate(inputs) if not x._rg}
    if consts:
        _const_meta[fn] = consts


def _module_hooks():
    """The global module hook registrars of ``nn``, or None when nn is not available."""
    try:
        from autograd_core.nn import module
    except ImportError:
        return None
    pre = getattr(module, "register_module_forward_pre_hook", None)
    post = getattr(module, "register_module_forward_hook", None)
    return None if pre is None or post is None else (pre, post)


# -- building the DOT text -------------------------------------------------------
class _Builder:
    """One drawing: walks the graph, places nodes in module clusters, emits DOT lines."""

    def __init__(self, params, show_shapes, show_dtypes, show_saved, group_modules, max_depth, decorate=None):
        if max_depth is not None and max_depth < 0:
            raise ValueError(f"to_dot(): max_depth must be None or >= 0, got {max_depth}")
        self.names = _param_names(params)
        self.show_shapes, self.show_dtypes, self.show_saved = show_shapes, show_dtypes, show_saved
        self.group_modules, self.max_depth = group_modules, max_depth
        # decorate(list of Functions) -> (extra label lines, weight or None): the profiler labels
        # each node (or collapsed module) with its times; the weights colour them as a heat map
        self.decorate = decorate
        self.placed = defaultdict(list)  # cluster key (tuple of levels) -> [(node id, label, style)]
        self.heat = {}                   # node id -> weight
        self.edges = {}                  # (src, dst[, use]) -> label
        self.boxes = {}                  # cluster key of a collapsed module -> (node id, [Function ...])
        self.node_of = {}                # Function -> its DOT node id (its own, or its module's box)
        self.cluster_of = {}             # Function -> key of the cluster its node is drawn in
        self.n_tensors = 0

    def build(self, outputs, extra_fns=()):
        order = _walk([t._node[0] for t in outputs if t._node is not None] + list(extra_fns))
        for i, fn in enumerate(order):
            self._place(fn, i)
        for key, (node_id, fns) in self.boxes.items():
            path, kind = key[-1]
            self._add_node(key[:-1], node_id, f"{path} ({kind})\n{len(fns)} op" + "s" * (len(fns) != 1),
                           _STYLE["box"], fns)
        self.box_ids = {node_id for node_id, _ in self.boxes.values()}  # edges to these are merged
        self._link(order)
        for k, t in enumerate(dict.fromkeys(outputs)):
            self._output(k, t)
        return self._lines()

    def _place(self, fn, i):
        levels = _module_of.get(fn, ()) if self.group_modules else ()
        if self.max_depth is not None and len(levels) > self.max_depth:
            key = levels[:self.max_depth + 1]
            box = self.boxes.setdefault(key, (f"m{len(self.boxes)}", []))
            box[1].append(fn)
            self.node_of[fn], self.cluster_of[fn] = box[0], key[:-1]
            return
        node_id = self.node_of[fn] = f"f{i}"
        self.cluster_of[fn] = levels
        self._add_node(levels, node_id, self._fn_label(fn), _STYLE["fn"], [fn])

    def _add_node(self, cluster, node_id, label, style, fns=None):
        if fns and self.decorate is not None:
            extra, weight = self.decorate(fns)
            label += "".join("\n" + line for line in extra)
            if weight is not None:
                self.heat[node_id] = weight
        self.placed[cluster].append((node_id, label, style))

    def _link(self, order):
        leaf_uses = {}  # id(leaf tensor) -> [tensor, [(consumer fn, input position), ...]]
        consts = {}
        for fn in order:
            dst = self.node_of[fn]
            for pos, edge in enumerate(fn._edges):
                if type(edge) is tuple:
                    parent, index = edge
                    self._edge(self.node_of[parent], dst, (fn, pos), lambda: self._edge_label(parent, index, fn, pos))
                elif edge is not None:
                    leaf_uses.setdefault(id(edge), [edge, []])[1].append((fn, pos))
                else:  # an input that does not require grad: known only while the node keeps its inputs
                    x = fn._inputs[pos] if fn._inputs is not None else None
                    if x is None and dst in self.box_ids:
                        continue
                    key = ("const", fn, pos) if x is None else id(x)
                    if key not in consts:
                        consts[key] = f"c{len(consts)}"
                        if x is not None:
                            label = self._tensor_label(x)
                        else:
                            label = self._meta_text(_const_meta.get(fn, {}).get(pos)) or "const"
                        self._add_node(self.cluster_of[fn], consts[key], label, _STYLE["const"])
                    self._edge(consts[key], dst, (fn, pos))
        for t, uses in leaf_uses.values():
            kind = "param" if id(t) in self.names or _is_parameter(t) else "leaf"
            if kind == "param" and all(self.node_of[fn] in self.box_ids for fn, _ in uses):
                continue  # a collapsed module hides its own parameters
            clusters = {self.cluster_of[fn] for fn, _ in uses}
            node_id = self._tensor_node(t, kind, clusters.pop() if len(clusters) == 1 else ())
            for fn, pos in uses:
                self._edge(node_id, self.node_of[fn], (fn, pos))

    def _edge(self, src, dst, use, label=None):
        """One edge per input use; edges into or out of a collapsed module box are merged."""
        if src == dst:
            return
        key = (src, dst) if src in self.box_ids or dst in self.box_ids else (src, dst, use)
        if key not in self.edges:
            self.edges[key] = label() if label is not None else ""

    def _output(self, k, t):
        self._tensor_node(t, "output", (), node_id=f"o{k}")
        if t._node is not None:
            self._edge(self.node_of[t._node[0]], f"o{k}", None)

    def _tensor_node(self, t, kind, cluster, node_id=None):
        if node_id is None:
            node_id = f"t{self.n_tensors}"
            self.n_tensors += 1
        self._add_node(cluster, node_id, self._tensor_label(t), _STYLE[kind])
        return node_id

    def _tensor_label(self, t):
        name = self.names.get(id(t)) or t.name
        meta = self._meta_text(_array_meta(t._data))
        return "\n".join(s for s in (name, meta) if s) or " "

    def _meta_text(self, meta):
        if meta is None:
            return ""
        shape, dtype, device = meta
        parts = [str(shape)] if self.show_shapes else []
        if self.show_dtypes:
            parts.append(dtype)
        if device != "cpu" and parts:
            parts.append(device)
        return " ".join(parts)

    def _edge_label(self, parent, index, consumer, pos):
        meta = _meta_of(parent, index, consumer, pos)
        text = self._meta_text(meta)
        return f"[{index}] {text}".strip() if parent._n_out > 1 else text

    def _fn_label(self, fn):
        lines = [op_name(fn)] + [f"{k}={_fmt(v)}" for k, v in _key_attributes(fn)]
        if self.show_saved:
            saved = fn._saved
            if isinstance(saved, str):
                lines.append(f"saved: {saved}")
            elif saved:
                lines.append("saved: " + ", ".join(str(getattr(a, "shape", "?")) for a in saved))
        return "\n".join(lines)

    def _lines(self):
        children = defaultdict(dict)  # cluster key -> its sub-cluster keys, roughly in call order
        for key in reversed(list(self.placed)):  # the walk went from the outputs back
            for depth in range(len(key)):
                children[key[:depth]][key[:depth + 1]] = None
        self.hottest = max(self.heat.values(), default=0) or 1
        lines = []
        self._emit_cluster((), children, lines)
        lines.extend(f"\t{s} -> {d}" + (f" [label={_quote(lab)}]" if lab else "") + "\n"
                     for (s, d, *_), lab in self.edges.items())
        return lines

    def _emit_cluster(self, key, children, lines):
        indent = "\t" * len(key)
        if key:
            path, kind = key[-1]
            lines.append(f"{indent}subgraph cluster_{len(lines)} {{\n")
            label = _quote(f"{path} ({kind})")
            lines.append(f'{indent}\tlabel={label} style="rounded,dashed" color=gray40 fontsize=10\n')
        for node_id, label, style in self.placed.get(key, ()):
            if node_id in self.heat:
                style = {**style, **_heat_style(self.heat[node_id] / self.hottest)}
            lines.append(indent + _node_line(node_id, label, style))
        for child in children.get(key, ()):
            self._emit_cluster(child, children, lines)
        if key:
            lines.append(f"{indent}}}\n")


def _walk(roots):
    """Every Function reachable from ``roots``, once each, outputs first (iterative: no recursion limit)."""
    seen = {}
    stack = list(roots)
    while stack:
        fn = stack.pop()
        if fn in seen:
            continue
        seen[fn] = None
        for edge in fn._edges:
            if type(edge) is tuple and edge[0] not in seen:
                stack.append(edge[0])
    return list(seen)


def _meta_of(parent, index, consumer, pos):
    """(shape, dtype, device) of output ``index`` of ``parent``, where something still knows it."""
    meta = _out_meta.get(parent)
    if meta is not None:
        return meta[index]
    outs = parent._outs
    if outs is not None:
        return _array_meta(outs[index] if type(outs) is tuple else outs)
    if consumer._inputs is not None:
        return _array_meta(consumer._inputs[pos]._data)
    return None


def _array_meta(a):
    return tuple(a.shape), str(a.dtype), backend.device_of(a)


def _param_names(params):
    if params is None:
        return {}
    if hasattr(params, "named_parameters"):
        params = params.named_parameters()
    items = params.items() if isinstance(params, dict) else params
    return {id(t): name for name, t in items}


def _is_parameter(t):
    return any(c.__name__ == "Parameter" for c in type(t).__mro__)


def op_name(fn):
    """The name a Function is shown by: its class name (a private class's without the underscore)."""
    return type(fn).__name__.lstrip("_")


def _key_attributes(fn):
    """``(name, value)`` of the attributes worth showing in a Function's label (a conv's stride ...).

    Public, small, and not a restatement of the shapes the edges show
    (``in_shape``, ``x_shape``, ``out_hw``); a helper record of this package
    among them (a conv's window geometry) is opened one level.
    """
    for k, v in vars(fn).items():
        if _is_key_attribute(k, v):
            yield k, v
        elif not k.startswith("_") and _is_record(v):
            yield from ((k2, v2) for k2, v2 in vars(v).items() if _is_key_attribute(k2, v2))


def _is_key_attribute(name, value):
    if name.startswith(("_", "in_", "out_")) or name.endswith(("_shape", "_dtype", "_hw")) or name == "generation":
        return False
    return value is not False and _is_small(value)


def _is_record(value):
    return (hasattr(value, "__dict__") and type(value).__module__.split(".")[0] == "autograd_core"
            and not isinstance(value, (Tensor, type)) and not callable(value))


def _is_small(v, depth=0):
    if isinstance(v, (bool, Number, np.dtype, np.generic)):
        return True
    if isinstance(v, str):
        return len(v) <= 40
    if isinstance(v, (tuple, list)) and depth < 2:
        return len(v) <= 8 and all(_is_small(x, depth + 1) for x in v)
    return False


def _fmt(v):
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, np.generic):
        return repr(v.item())
    return str(v)


def _flatten(outputs):
    flat, stack = [], list(reversed(outputs))
    while stack:
        x = stack.pop()
        if isinstance(x, Tensor):
            flat.append(x)
        elif isinstance(x, (list, tuple)):
            stack.extend(reversed(x))
        else:
            raise TypeError(f"to_dot(): outputs must be Tensors or lists of Tensors, got {type(x).__name__}")
    return flat


def _heat_style(heat):
    """Fill white (0) to red (1), with white text on the darkest reds."""
    level = round(255 * (1 - min(max(heat, 0.0), 1.0)))
    return {"fillcolor": f"#ff{level:02x}{level:02x}", "fontcolor": "white" if heat > 0.6 else "black"}


def _node_line(node_id, label, attrs):
    return f"\t{node_id} [label={_quote(label)} " + " ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "]\n"


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _digraph(lines, rankdir):
    graph_attr = {"rankdir": rankdir}
    node_attr = {"fontsize": "10", "fontname": "Helvetica"}
    edge_attr = {"fontsize": "9", "fontname": "Helvetica"}
    try:
        import graphviz
    except ImportError:
        head = ["digraph {\n"]
        for kind, attrs in (("graph", graph_attr), ("node", node_attr), ("edge", edge_attr)):
            head.append(f"\t{kind} [" + " ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "]\n")
        return DotSource("".join(head + lines + ["}\n"]))
    return graphviz.Digraph(graph_attr=graph_attr, node_attr=node_attr, edge_attr=edge_attr, body=lines)


# -- running dot -----------------------------------------------------------------
def _run_dot(source, format):
    if format not in FORMATS:
        raise ValueError(f"render(): format must be one of {', '.join(FORMATS)}, got {format!r}")
    exe = shutil.which("dot")
    if exe is None:
        raise DotNotFoundError(
            "render(): Graphviz's 'dot' program was not found on PATH, so the graph cannot be drawn "
            f"as {format}; ag.viz.to_dot() still gives the DOT text. Install Graphviz: "
            "Debian/Ubuntu `sudo apt-get install graphviz`, macOS `brew install graphviz`, "
            "conda `conda install -c conda-forge graphviz`, Windows https://graphviz.org/download/")
    import subprocess  # lazy: import autograd_core stays fast
    proc = subprocess.run([exe, f"-T{format}"], input=str(source).encode(), capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"render(): dot -T{format} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def _write(source, path, format):
    path = os.fspath(path)
    if format is None:
        ext = os.path.splitext(path)[1].lstrip(".").lower()
        if ext == "dot" or ext == "gv":
            atomic_write(path, lambda f: f.write(source.encode()))  # DOT text, no Graphviz needed
            return path
        if ext and ext not in FORMATS:
            raise ValueError(f"render(): can't tell the format from {path!r}; use one of "
                             f"{', '.join(FORMATS)} (or .dot for DOT text), or pass format=")
        format = ext or "svg"
    data = _run_dot(source, format)
    atomic_write(path, lambda f: f.write(data))  # a reader never sees half a file
    return path


def _svg_or_none(source):
    """SVG text for Jupyter, or None (Jupyter then shows the text repr) when dot is missing or fails."""
    try:
        return _run_dot(source, "svg").decode()
    except RuntimeError:  # DotNotFoundError included
        return None


def _tensor_repr_html(t, max_nodes=300):
    """Jupyter display of a Tensor: its repr plus its graph as SVG (None for leaves, big graphs, no dot)."""
    if t._node is None or shutil.which("dot") is None:
        return None
    if len(_walk([t._node[0]])) > max_nodes:
        return None
    svg = _svg_or_none(to_dot(t).source)
    if svg is None:
        return None
    import html
    return f"<pre>{html.escape(repr(t))}</pre>{svg[svg.find('<svg'):]}"
