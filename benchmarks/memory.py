"""Memory of the MLP training step (784-1000-1000-10, batch 100, float32, SGD).

``train_step_peak_rss``: the peak resident memory increase while the model is
created and one training step (forward, cross-entropy, backward, SGD) runs, in
a fresh process per sample after a tiny warm-up model (see ``rss_probe``; RSS
counts every allocator, torch's C++ one included). ``graph_saved_bytes``: the
bytes of the distinct arrays the forward graph keeps for backward, each
buffer counted once (views count as their base), the model's parameters
excluded (they live anyway): ours by walking the graph from the loss (each
node's saved arrays), torch through ``torch.autograd.graph.saved_tensors_hooks``
(each saved tensor's storage), DeZero by walking from the loss (DeZero keeps
every input of every function). Derived: ours' own
profiler totals (``autograd_core.profiler``, outputs and extra saved arrays
per op type) where the profiler is present.
"""
from . import mlp
from .frameworks import DEZERO, OURS, TORCH
from .harness import Case
from .rss_probe import probe_builder

BATCH = 100
WARM = {"batch": 4, "sizes": [8, 8, 2]}


def train_step(fw, batch=BATCH, sizes=mlp.SIZES):
    """The MLP training step with SGD, for any framework (run by the RSS probe)."""
    make = mlp.dezero_step if fw.name == DEZERO else mlp.torchlike_step
    return make(fw, batch, True, sizes)


def _owner_key(a):
    base = getattr(a, "base", None)
    while base is not None:
        a, base = base, getattr(base, "base", None)
    return id(a)


def ours_saved_bytes(loss, params=()):
    """Distinct bytes saved for backward by the graph of ``loss`` (our engine), ``params`` excluded."""
    from autograd_core import Tensor
    total, seen_fns = 0, set()
    seen_arrays = {_owner_key(p._data) for p in params}
    stack = [loss.grad_fn] if loss.grad_fn is not None else []
    while stack:
        fn = stack.pop()
        if id(fn) in seen_fns:
            continue
        seen_fns.add(id(fn))
        saved = fn._saved
        for a in (() if isinstance(saved, str) else saved):
            key = _owner_key(a)
            if hasattr(a, "nbytes") and key not in seen_arrays:
                seen_arrays.add(key)
                total += _owner_nbytes(a)
        stack.extend(e[0] for e in fn._edges if e is not None and not isinstance(e, Tensor))
    return total


def _owner_nbytes(a):
    while getattr(a, "base", None) is not None:
        a = a.base
    return a.nbytes


def dezero_saved_bytes(loss, params=()):
    """Distinct bytes of the inputs DeZero's graph keeps (every function keeps all its inputs), ``params`` excluded."""
    total, seen_fns = 0, set()
    seen_arrays = {_owner_key(p.data) for p in params}
    stack = [loss.creator]
    while stack:
        f = stack.pop()
        if f is None or id(f) in seen_fns:
            continue
        seen_fns.add(id(f))
        for x in f.inputs:
            key = _owner_key(x.data)
            if key not in seen_arrays:
                seen_arrays.add(key)
                total += _owner_nbytes(x.data)
            stack.append(x.creator)
    return total


def saved_bytes_step(fw):
    """A step that builds the MLP's forward graph and returns the bytes it saved for backward."""
    from . import dezero_models, models
    x, t = mlp.batch_arrays(BATCH)
    if fw.name == DEZERO:
        import dezero.functions as DF
        model = dezero_models.mlp(mlp.SIZES)
        return lambda: dezero_saved_bytes(DF.softmax_cross_entropy(model(x), t), list(model.params()))
    model = models.build(models.mlp, fw, mlp.SIZES)
    F, _ = models.functional_and_sgd(fw, model)
    x, t = models.data(fw, x, t)
    if fw.name == OURS:
        return lambda: ours_saved_bytes(F.cross_entropy(model(x), t), list(model.parameters()))
    param_ptrs = {p.untyped_storage().data_ptr() for p in model.parameters()}

    def torch_step():
        storages = {}

        def pack(tensor):
            storage = tensor.untyped_storage()
            if storage.data_ptr() not in param_ptrs:
                storages[storage.data_ptr()] = storage.nbytes()
            return tensor
        with fw.module.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
            loss = F.cross_entropy(model(x), t)
        del loss
        return sum(storages.values())
    return torch_step


def cases(ctx):
    peak = {name: probe_builder("memory", "train_step", {}, WARM) for name in (OURS, TORCH, DEZERO)}
    saved = {name: saved_bytes_step for name in (OURS, TORCH, DEZERO)}
    return [Case("train_step_peak_rss", "MiB", peak, scale=2.0**-20, metric="value", params={"batch": BATCH},
                 repeats=1 if ctx.quick else 3, warmup=0),
            Case("graph_saved_bytes", "MiB", saved, scale=2.0**-20, metric="value", params={"batch": BATCH},
                 repeats=1, warmup=0)]


def derive(bench, ctx):
    fw = ctx.frameworks[OURS]
    try:
        from autograd_core import profiler
        from .models import build, data, functional_and_sgd, mlp as mlp_model
        if not fw.available:
            raise ImportError(fw.reason)
        model = build(mlp_model, fw, mlp.SIZES)
        F, _ = functional_and_sgd(fw, model)
    except (ImportError, AttributeError) as e:
        bench["derived"] = {"profiler": f"skipped: {type(e).__name__}: {e}"}
        return
    x, t = data(fw, *mlp.batch_arrays(BATCH))
    with profiler.profile(memory=True) as prof:
        F.cross_entropy(model(x), t).backward()
    bench["derived"] = {"ours_profiler_per_op": [
        {"op": name, "calls": v["calls"], "output_MiB": v["output_bytes"] / 2**20,
         "extra_saved_MiB": v["saved_bytes"] / 2**20} for name, v in prof.op_totals().items()]}
