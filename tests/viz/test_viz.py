"""Graph drawing: the DOT text for known graphs, module clusters, rendering and its errors."""
import importlib
import re
import shutil
import sys

import pytest

import autograd_core as ag
from autograd_core import viz
from autograd_core.grad_mode import _mode

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz 'dot' program not installed (apt-get install graphviz)")


def nodes(source, prefix):
    """{node id: label} for DOT nodes whose id starts with ``prefix`` (f: function, t: leaf ...)."""
    return dict(re.findall(rf'^\s*({prefix}\d+) \[label="((?:[^"\\]|\\.)*)"', source, re.M))


def edges(source):
    return re.findall(r"^\s*(\w+) -> (\w+)", source, re.M)


def small_graph():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.name = "x"
    w = ag.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = (x.tanh() * w + 2).sum()
    y.name = "loss"
    return x, w, y


def test_small_graph_nodes_edges_and_labels():
    x, w, y = small_graph()
    src = viz.to_dot(y, params={"w": w}).source
    fns = nodes(src, "f")
    assert sorted(label.split("\\n")[0] for label in fns.values()) == ["AddScalar", "Mul", "Sum", "Tanh"]
    leaves = nodes(src, "t")
    assert sorted(leaves.values()) == ["w\\n(3,) float32", "x\\n(3,) float32"]
    assert list(nodes(src, "o").values()) == ["loss\\n() float32"]
    # data flow: 2 leaves -> fns, 3 fn -> fn, 1 fn -> output
    assert len(edges(src)) == 6
    assert 'label="(3,) float32"' in src  # Mul's input from Tanh: Mul saved it, so its shape is known
    assert "fillcolor=\"lightblue\"" in src and "fillcolor=\"lightyellow\"" in src
    assert "darkolivegreen1" in src


def test_each_node_once_and_one_edge_per_use():
    x = ag.randn(3, requires_grad=True)
    a = x.tanh()
    y = (a * a + a).sum()
    src = viz.to_dot(y).source
    labels = [label for label in nodes(src, "f").values()]
    assert labels.count("Tanh") == 1
    tanh = [k for k, v in nodes(src, "f").items() if v == "Tanh"][0]
    assert sum(1 for s, _ in edges(src) if s == tanh) == 3  # a is used three times


def test_multi_output_edges_name_the_output_index():
    x = ag.randn(4, 6, requires_grad=True)
    a, b = ag.chunk(x, 2, 1)
    src = viz.to_dot((a * b).sum()).source
    assert "[0] (4, 3) float32" in src and "[1] (4, 3) float32" in src


def test_inputs_without_grad_shapes_and_options():
    w = ag.randn(3, 2, requires_grad=True)
    x = ag.randn(5, 3)
    y = (x @ w).sum()
    src = viz.to_dot(y, show_dtypes=False, rankdir="LR").source
    assert list(nodes(src, "c").values()) == ["(5, 3)"]  # MatMul kept x for backward
    assert "float32" not in src and "rankdir=LR" in src
    assert "(5, 3)" not in viz.to_dot(y, show_shapes=False, show_dtypes=False).source


def test_show_saved_before_and_after_backward():
    x, w, y = small_graph()
    assert "saved: (3,)" in viz.to_dot(y, show_saved=True).source
    y.backward()
    assert "saved: freed" in viz.to_dot(y, show_saved=True).source


def test_function_attributes_and_quoting():
    x = ag.randn(2, 3, requires_grad=True)
    x.name = 'a "quoted" \\ name'
    y = ag.reshape(x, (3, 2)).sum()
    src = viz.to_dot(y).source
    assert "Reshape\\nshape=(3, 2)" in src
    assert 'a \\"quoted\\" \\\\ name' in src


def test_output_that_is_a_leaf_and_lists_of_outputs():
    x = ag.randn(2, requires_grad=True)
    y = x.exp()
    src = viz.to_dot([y, x]).source
    assert len(nodes(src, "o")) == 2 and len(nodes(src, "f")) == 1
    with pytest.raises(TypeError, match="Tensors"):
        viz.to_dot(3.0)


def test_deep_chain_does_not_recurse():
    x = ag.randn(2, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0001
    src = viz.to_dot(y, show_shapes=False, show_dtypes=False).source
    assert src.count("MulScalar") == 100_000
    assert len(edges(src)) == 100_001


def test_create_graph_gradient_has_its_own_graph():
    x = ag.randn(3, requires_grad=True)
    y = (x.tanh() ** 2).sum()
    gx, = ag.grad(y, x, create_graph=True)
    assert gx.grad_fn is not None
    src = viz.to_dot(gx).source
    fns = nodes(src, "f")
    assert len(fns) >= 3 and "Tanh" in fns.values()  # the gradient formula reuses tanh(x)
    assert len(nodes(src, "t")) == 1  # x is the only leaf


def test_without_graphviz_package_gives_a_dot_string(monkeypatch):
    monkeypatch.setitem(sys.modules, "graphviz", None)
    x, w, y = small_graph()
    out = viz.to_dot(y)
    assert isinstance(out, viz.DotSource) and isinstance(out, str)
    assert out.source == str(out) and out.startswith("digraph {") and "Tanh" in out


def test_missing_dot_program_explains_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    x, w, y = small_graph()
    assert "digraph" in viz.to_dot(y).source  # drawing the DOT text needs no Graphviz
    with pytest.raises(viz.DotNotFoundError) as info:
        viz.render(y, tmp_path / "g.svg")
    message = str(info.value)
    assert "apt-get install graphviz" in message and "brew install graphviz" in message and "conda" in message
    assert not (tmp_path / "g.svg").exists()
    assert viz._tensor_repr_html(y) is None  # Jupyter falls back to the text repr
    monkeypatch.setitem(sys.modules, "graphviz", None)
    assert viz.to_dot(y)._repr_svg_() is None


def test_bad_format():
    x, w, y = small_graph()
    with pytest.raises(ValueError, match="format"):
        viz.render(y, "g.svg", format="bmp")


@needs_dot
@pytest.mark.parametrize("fmt,magic", [("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_render(tmp_path, fmt, magic):
    x, w, y = small_graph()
    path = viz.render(y, tmp_path / f"graph.{fmt}", params={"w": w})
    data = open(path, "rb").read()
    assert magic in data[:400]
    assert list(tmp_path.iterdir()) == [tmp_path / f"graph.{fmt}"]  # no temp file left behind


@needs_dot
def test_plot_dot_graph_and_jupyter_display(tmp_path, monkeypatch):
    x, w, y = small_graph()
    graph = viz.plot_dot_graph(y, verbose=False, to_file=str(tmp_path / "graph.png"))
    assert (tmp_path / "graph.png").read_bytes()[:4] == b"\x89PNG" and "float32" not in graph.source
    html = viz._tensor_repr_html(y)
    assert html.startswith("<pre>") and "<svg" in html
    assert viz._tensor_repr_html(x) is None  # a leaf has no graph to show
    monkeypatch.setitem(sys.modules, "graphviz", None)
    assert "<svg" in viz.to_dot(y)._repr_svg_()


# -- module clusters -----------------------------------------------------------
nn = pytest.importorskip("autograd_core.nn")


def make_model():
    if not all(hasattr(nn, n) for n in ("Sequential", "Linear", "Tanh")):
        pytest.skip("nn.Sequential/Linear/Tanh not available yet")

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.act = nn.Tanh()

        def forward(self, x):
            return self.act(self.fc(x)) + x

    return nn.Sequential(nn.Linear(3, 4), nn.Sequential(Block(), Block()), nn.Linear(4, 1))


def clusters(source):
    return re.findall(r'subgraph cluster_\d+ \{\s*label="([^"]*)"', source)


def test_track_modules_draws_clusters_named_by_path():
    model = make_model()
    with viz.track_modules(model):
        y = model(ag.randn(2, 3)).sum()
    assert not _mode.profilers and not _mode.instrumented
    src = viz.to_dot(y, params=model).source
    assert sorted(clusters(src)) == ["0 (Linear)", "1 (Sequential)", "1.0 (Block)", "1.0.act (Tanh)", "1.0.fc (Linear)",
                             "1.1 (Block)", "1.1.act (Tanh)", "1.1.fc (Linear)", "2 (Linear)"]
    assert "1.0.fc.weight\\n(4, 4) float32" in src
    assert "(2, 4) float32" in src  # intermediate shapes recorded while tracking
    y.backward()  # frees what nodes saved: the input's shape is still known from tracking
    assert list(nodes(viz.to_dot(y).source, "c").values()) == ["(2, 3) float32"]
    assert clusters(viz.to_dot(y, group_modules=False).source) == []


def test_max_depth_collapses_deeper_modules_into_boxes():
    model = make_model()
    with viz.track_modules():  # no model given: the first module called is the root
        y = model(ag.randn(2, 3)).sum()
    src = viz.to_dot(y, params=model, max_depth=1).source
    assert sorted(clusters(src)) == ["0 (Linear)", "1 (Sequential)", "2 (Linear)"]
    boxes = nodes(src, "m")
    assert sorted(boxes.values()) == ["1.0 (Block)\\n3 ops", "1.1 (Block)\\n3 ops"]
    assert "1.0.fc.weight" not in src  # a collapsed module hides its parameters
    assert "0.weight" in src
    src = viz.to_dot(y, params=model, max_depth=0).source
    assert clusters(src) == [] and len(nodes(src, "m")) == 3 and list(nodes(src, "f").values()) == ["Sum"]
    assert len(edges(src)) == 5  # x -> box -> box -> box -> Sum -> output


def test_track_modules_cleans_up_after_an_error():
    model = make_model()
    module = importlib.import_module("autograd_core.nn.module")
    count = module._hooks["count"]
    with pytest.raises(Exception):
        with viz.track_modules(model):
            model(ag.randn(2, 5))  # wrong width
    assert module._hooks["count"] == count and not _mode.profilers and not _mode.instrumented


def test_conv_node_shows_its_geometry():
    if not all(hasattr(nn, n) for n in ("Sequential", "Conv2d", "ReLU")):
        pytest.skip("nn.Conv2d not available yet")
    model = nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1), nn.ReLU())
    src = viz.to_dot(model(ag.randn(1, 3, 8, 8)).sum(), params=model).source
    conv = [label for label in nodes(src, "f").values() if label.startswith("Conv")][0]
    assert "stride=(2, 2)" in conv and "pads=((1, 1), (1, 1))" in conv and "groups=1" in conv
    assert "0.weight\\n(4, 3, 3, 3) float32" in src and "(1, 4, 4, 4) float32" in src
