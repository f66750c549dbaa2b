"""Gradient checkpointing (torch.utils.checkpoint): keep a segment's inputs, not its graph, and run its
forward again during backward.

``checkpoint(fn, *args)`` runs ``fn`` under no_grad, watching (through the engine's instrumented call path,
as the profiler does) which tensors that require grad its ops read: the arguments and whatever ``fn``
reaches by itself, such as a module's parameters. One graph node with those tensors as inputs stands for
the whole segment. Its backward restores the random generator to where the forward began (so dropout draws
the same masks), runs ``fn`` again with grad on, and differentiates that fresh graph. Each tensor read is
routed through a ``_Gate`` while ``fn`` runs again: the inner backward stops there (the outer walk carries
the gradient on), while under ``create_graph=True`` the gradients stay functions of the real tensors, so
double backward works.
"""
from ..autograd import _walk
from ..function import _FREED, Function
from ..grad_mode import _mode, enable_grad, no_grad
from ..random import get_rng
from ..tensor import Tensor

__all__ = ["checkpoint", "checkpoint_sequential"]


def checkpoint(function, *args, use_reentrant=False, preserve_rng_state=True, **kwargs):
    """``function(*args, **kwargs)``, keeping only what it reads for backward and recomputing the rest then.

    Gradients (also through ``grad``, ``backward(inputs=...)`` and ``create_graph=True``) equal those without
    checkpointing. ``use_reentrant`` is accepted for PyTorch's signature; both settings run this
    implementation, which supports what PyTorch's non-reentrant one does (``grad``, double backward,
    keyword arguments). ``function`` may return Tensors in any nesting of tuples, lists and dicts (other
    items pass through), as PyTorch's non-reentrant checkpoint.
    """
    if use_reentrant and kwargs:
        raise ValueError("checkpoint: keyword arguments for the function need use_reentrant=False, got "
                         + ", ".join(kwargs))
    if not _mode.enabled:
        return function(*args, **kwargs)
    rng_state = get_rng().bit_generator.state if preserve_rng_state else None
    reads = _Reads()
    _mode.profilers.append(reads)
    _mode.refresh()
    try:
        with no_grad():
            outputs = function(*args, **kwargs)
    finally:
        _mode.profilers.remove(reads)
        _mode.refresh()
    tensors = _tensors_in(outputs)
    if not reads.tensors or not tensors:
        return outputs
    read = list(reads.tensors.values())
    results = _Checkpoint(function, args, kwargs, rng_state, [t._data for t in tensors], read)(*read)
    return _replace_tensors(outputs, iter(results if isinstance(results, tuple) else (results,)))


def checkpoint_sequential(functions, segments, input, use_reentrant=False, **kwargs):
    """Run ``functions`` (a list of callables or an ``nn.Sequential``) in order on ``input``, checkpointing
    each of ``segments`` chunks but the last (whose graph backward needs at once anyway), as PyTorch does."""
    if hasattr(functions, "children"):
        functions = list(functions.children())
    if not 1 <= segments <= len(functions):
        raise ValueError(f"checkpoint_sequential: segments must be between 1 and the number of functions "
                         f"({len(functions)}), got {segments}")
    size = len(functions) // segments
    end = 0
    for start in range(0, size * (segments - 1), size):
        end = start + size
        input = checkpoint(_run_segment(functions[start:end]), input, use_reentrant=use_reentrant, **kwargs)
    return _run_segment(functions[end:])(input)


def _tensors_in(value):
    """The Tensors in ``value`` (a Tensor, or tuples, lists and dicts nesting them; other items skipped), in order."""
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in _tensors_in(item)]
    return []


def _replace_tensors(value, tensors):
    """``value`` rebuilt with its Tensors (in ``_tensors_in``'s order) taken from the iterator ``tensors``."""
    if isinstance(value, Tensor):
        return next(tensors)
    if isinstance(value, dict):
        return type(value)((k, _replace_tensors(v, tensors)) for k, v in value.items())
    if isinstance(value, (tuple, list)):
        items = [_replace_tensors(item, tensors) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)  # a namedtuple or not
    return value


def _run_segment(functions):
    def run(x):
        for f in functions:
            x = f(x)
        return x
    return run


class _Reads:
    """Collects the tensors requiring grad that ops read (an observer of the instrumented call path)."""

    timed = False  # needs no timings: the instrumented path doesn't wait for the GPU after each op

    def __init__(self):
        self.tensors = {}

    def record_forward(self, fn, inputs, outs, seconds):
        for t in inputs:
            if t._rg:
                self.tensors.setdefault(id(t), t)

    def record_backward(self, fn, seconds):
        pass


class _Gate(Function):
    """Identity; its backward stops the inner walk of a checkpoint (``closed``) and passes gradients on
    afterwards (when a gradient computed with create_graph=True is differentiated again)."""

    closed = True
    complex_autograd = "ready"

    def forward(self, x):
        return x

    def backward(self, gy):
        return None if self.closed else gy


class _Checkpoint(Function):
    """The graph node of a checkpointed segment; its inputs are the tensors the segment reads."""
    complex_autograd = "ready"  # backward is the segment's own walk, whose ops follow the convention

    def __init__(self, function, args, kwargs, rng_state, outputs, reads):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.rng_state, self.outputs, self.reads = rng_state, outputs, reads

    def forward(self, *arrays):
        outputs, self.outputs = self.outputs, None  # the output tensors hold them from here
        self.save_for_backward(*arrays)  # only so that a backward without retain_graph marks the node freed
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def backward(self, *gys):
        if self._saved is _FREED:  # not saved_tensors: PyTorch reruns on tensors changed in place since
            raise RuntimeError("checkpoint: trying to backward through a checkpointed segment a second time, but "
                               "the first backward did not keep it; pass retain_graph=True to the first backward()")
        gates = [_Gate() for _ in self.reads]
        with enable_grad():
            outputs = self._rerun(gates)
        outputs = _tensors_in(outputs)
        pairs = [(out, gy) for out, gy in zip(outputs, gys) if gy is not None and out._rg]
        if not pairs:
            return (None,) * len(gates)
        roots, grads = zip(*pairs)
        create_graph = _mode.backward_on_tensors  # then the gradients' graph needs the rerun's saved arrays
        found = _walk(roots, list(grads), create_graph, create_graph, [(gate, 0) for gate in gates])
        for gate in gates:
            gate.closed = False
        return tuple(found)

    def _rerun(self, gates):
        """The function again, from the forward's random state, reading each tensor through its gate."""
        swapped = []
        rng = get_rng()
        state = rng.bit_generator.state
        try:
            for t, gate in zip(self.reads, gates):
                node = gate(t)._node
                swapped.append((t, t._node))
                t._node = node
            if self.rng_state is not None:
                rng.bit_generator.state = self.rng_state
            return self.function(*self.args, **self.kwargs)
        finally:
            rng.bit_generator.state = state
            for t, node in swapped:
                t._node = node
