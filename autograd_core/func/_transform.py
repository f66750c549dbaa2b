"""What every function transform shares: picking the arguments to differentiate (``argnums``), giving the
function fresh differentiable copies of them (a ``Level``), splitting off ``aux``, and handing results back.

The transforms are functional, as torch.func's: the function is differentiated only with respect to the
copies a Level made, never with respect to tensors it captured. A result keeps its graph only where it
depends on a tensor that requires grad outside the transform (an input the caller differentiates, a copy of
a transform whose function is running, a captured parameter) and the caller's grad mode is on; otherwise it
comes back detached. The copies of every other transform (the level's own, those of a ``grad`` that ran
inside the function, those behind a ``vjp_fn``) are constants. That is what makes ``grad(grad(f))`` and
``vjp`` inside ``grad`` work, and keeps a result plain where torch's is.
"""
import weakref

from ..autograd_functional import _grad_preprocess
from ..grad_mode import enable_grad, is_grad_enabled
from ..tensor import Tensor
from ._pytree import tree_flatten, tree_unflatten


class Level:
    """One application of a transform to the pytree ``primals``; create it under ``enable_grad()``.

    ``inputs`` are the copies of the primals' leaves the function sees (a differentiable alias of one the
    caller differentiates, else a detached copy that requires grad); ``outer`` is the caller's grad mode.
    ``forward``: a forward-mode transform's, which refuses integer primals with torch.func's ValueError.
    """

    def __init__(self, primals, outer, forward=False):
        leaves, self.spec = tree_flatten(primals)
        for x in leaves:
            if not isinstance(x, Tensor):
                raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
        if forward:
            check_floating(leaves, "primal")
        self.outer = outer
        self.inputs = _grad_preprocess(tuple(leaves), outer, need_graph=True)
        adopt(t for t in self.inputs if t.grad_fn is None)
        self._clean = set()  # ids of graph nodes known not to lead outside, in this round of walks

    def primals(self):
        """The copies, in the primals' structure."""
        return tree_unflatten(self.inputs, self.spec)

    def reaches_outer(self, t):
        """Does ``t`` depend on a tensor requiring grad other than the leaves of a transform that is not
        running its function (this Level's own included)?"""
        seen = set()
        found = _reaches(t, _is_outside, seen, self._clean)
        if not found:  # every node seen leads nowhere outside: later walks (results share graphs) skip them
            self._clean |= seen
        return found

    def depends_on_inputs(self, t):
        """Does ``t`` depend on the copies the function saw?"""
        return depends_on(t, self.inputs)

    def needs_graph(self, tensors):
        """Must the derivatives of ``tensors`` be recorded (``create_graph``) for the caller? This starts a
        round of walks: the nodes an earlier round (an earlier ``vjp_fn`` call) found may be gone since."""
        self._clean = set()
        return self.outer and any(self.reaches_outer(t) for t in tensors)

    def unwrap(self, tensors):
        """``tensors`` as the caller gets them: detached unless they depend on the outside."""
        return [t if self.outer and self.reaches_outer(t) else t.detach() for t in tensors]


_MADE = weakref.WeakValueDictionary()  # id -> each leaf a transform made (copies, dummies) still alive
_RUNNING = []  # the Levels whose function is running, innermost last


def adopt(tensors):
    """Count these leaves (a Level's copies, a transform's dummies) as made by a transform."""
    for t in tensors:
        _MADE[id(t)] = t


def _is_outside(node):
    """Is graph node ``node`` a leaf that a transform's result must keep its graph to: a tensor no transform
    made, or the copy of a Level whose function is running (an enclosing transform's)?"""
    if not isinstance(node, Tensor):
        return False
    return _MADE.get(id(node)) is not node or any(node is x for level in _RUNNING for x in level.inputs)


def depends_on(t, inputs):
    """Does Tensor ``t`` depend on any of the Tensors ``inputs`` (through the graph)?"""
    marks = {id(graph_node(x)) for x in inputs}
    return _reaches(t, lambda node: id(node) in marks, set())


def graph_node(t):
    """Tensor ``t``'s node in a graph: the Function that made it, or ``t`` itself for a leaf."""
    return t if t.grad_fn is None else t.grad_fn


def walk_graph(t, seen, skip=frozenset()):
    """The nodes (Functions and leaves) of Tensor ``t``'s graph, depth first, each once; their ids go into
    ``seen`` as they are visited (so a walk stopped early leaves the rest out); nodes in ``skip`` are passed
    over. Nothing for a tensor that does not require grad."""
    if not isinstance(t, Tensor) or not t.requires_grad:
        return
    stack = [graph_node(t)]
    while stack:
        node = stack.pop()
        if id(node) in seen or id(node) in skip:
            continue
        seen.add(id(node))
        yield node
        if not isinstance(node, Tensor):
            stack.extend(p for p in node.next_functions if p is not None)


def _reaches(t, hit, seen, skip=frozenset()):
    """Does the graph of Tensor ``t`` reach a Function or leaf for which ``hit`` is true? (``seen``, ``skip``:
    as ``walk_graph``'s; the walk stops at the first hit.)"""
    return any(hit(node) for node in walk_graph(t, seen, skip))


def call_at_level(func, args, kwargs, argnums, has_aux, where, forward=False):
    """``(level, output, aux)``: ``func(*args, **kwargs)`` run under ``enable_grad()`` with the arguments at
    ``argnums`` (all of them for None) replaced by the copies of a new Level (``forward``: see Level)."""
    outer = is_grad_enabled()
    nums = None if argnums is None else check_argnums(argnums, len(args))
    with enable_grad():
        level = Level(args if nums is None else select_args(args, nums), outer, forward)
        primals = level.primals()
        _RUNNING.append(level)
        try:
            output = func(*(primals if nums is None else replace_args(args, nums, primals)), **kwargs)
        finally:
            _RUNNING.pop()
    return (level,) + split_aux(output, has_aux, where)


def check_floating(tensors, what):
    """Forward mode's check of its primals and tangents (``what``): floating point, as torch.func's."""
    for t in tensors:
        if t.dtype.kind not in "fc":
            raise ValueError(f"Expected {what} to be floating point or complex, but got: {t.dtype}")


def check_tangent(x, t, where):
    """Forward mode's check of tangent ``t`` for primal ``x``: the same shape, and complex where ``x`` is."""
    if t.shape != x.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(x.shape)} while the given "
                           f"forward gradient is of size {list(t.shape)}.")
    if (t.dtype.kind == "c") != (x.dtype.kind == "c"):  # torch's forward AD takes these; the trick here can't
        raise ValueError(f"{where}: a tangent must be complex where its primal is and real where it is real, got "
                         f"a {t.dtype} tangent for a {x.dtype} primal")


def check_argnums(argnums, nargs):
    """``argnums`` with negative positions resolved; raises as torch.func for a bad one."""
    single = isinstance(argnums, int)
    if not single and not (isinstance(argnums, tuple) and all(isinstance(a, int) for a in argnums)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if not single and not argnums:
        raise RuntimeError("argnums must be non-empty")
    resolved = []
    for a in (argnums,) if single else argnums:
        if not -nargs <= a < nargs:
            raise RuntimeError(f"Got argnum={a}, but only {nargs} positional inputs")
        resolved.append(a % nargs)
    if len(set(resolved)) != len(resolved):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return resolved[0] if single else tuple(resolved)


def select_args(args, argnums):
    """The arguments at ``argnums``: one argument for an int, a tuple of them for a tuple."""
    return args[argnums] if isinstance(argnums, int) else tuple(args[a] for a in argnums)


def replace_args(args, argnums, values):
    """``args`` with those at ``argnums`` replaced by ``values`` (shaped as ``select_args`` gives them)."""
    args = list(args)
    for a, v in ((argnums, values),) if isinstance(argnums, int) else zip(argnums, values):
        args[a] = v
    return tuple(args)


def split_aux(output, has_aux, where):
    """``(output, aux)``: with ``has_aux`` the function must return a pair (aux: a pytree of Tensors)."""
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{where}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return output


def tensor_leaves(tree, message):
    """``(leaves, spec)`` of a pytree that must hold only Tensors; ``message`` takes the bad leaf's type."""
    leaves, spec = tree_flatten(tree)
    for x in leaves:
        if not isinstance(x, Tensor):
            raise RuntimeError(message.format(type(x)))
    return leaves, spec


def output_leaves(output, where):
    """``(leaves, spec)`` of what the function returned, which must be a pytree of Tensors."""
    return tensor_leaves(output, where + ": expected f(*primals) to return only tensors, got unsupported type {}")


def unwrap_aux(level, aux, has_aux):
    """``aux`` as the caller gets it (see ``Level.unwrap``); None without ``has_aux``."""
    if not has_aux:
        return None
    leaves, spec = tensor_leaves(aux, "Expected tensors, got unsupported type {}")
    return tree_unflatten(level.unwrap(leaves), spec)
