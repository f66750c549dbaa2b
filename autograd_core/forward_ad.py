"""Forward-mode AD with dual tensors, ``ag.autograd.forward_ad`` (torch.autograd.forward_ad).

PyTorch carries a tangent alongside every op's result. Here no op has a tangent rule: ``make_dual`` gives a
differentiable alias of the primal and notes its tangent in the level, and ``unpack_dual(y)`` computes y's
tangent, the Jacobian-vector product of y along the tangents of every dual of the level, by the
double-backward trick (``autograd_functional._linearize``). So:

- each ``unpack_dual`` of a new result costs two backward passes through its graph (PyTorch's cost is spread
  over the forward ops), and the ops between ``make_dual`` and ``unpack_dual`` must be twice differentiable;
- the ops must run with grad mode on (under ``no_grad`` a result has no graph, hence no tangent), and a
  result must be unpacked before a ``backward()`` without ``retain_graph`` frees the graph it needs;
- a dual requires grad (PyTorch's does only where its primal does) and a dual leaf refuses in-place ops;
  an in-place op through a view of a non-leaf dual (say ``dual[0].mul_(2)``) is recorded on the primal the
  dual views, so the elements it leaves lose their tangent (zero; PyTorch keeps it).

Example:
    >>> from autograd_core.autograd import forward_ad as fwAD
    >>> with fwAD.dual_level():
    ...     x = fwAD.make_dual(primal, tangent)
    ...     y, jvp = fwAD.unpack_dual(x.sin())     # jvp == cos(primal) * tangent
"""
import contextlib
import weakref
from typing import NamedTuple

from .autograd_functional import _grad_preprocess, _linearize
from .func._transform import check_floating, check_tangent, depends_on, graph_node, walk_graph
from .grad_mode import enable_grad, is_grad_enabled
from .tensor import Tensor, _new

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual"]

_current_level = -1  # levels do not nest (as in PyTorch): -1 outside a level, else 0
_duals = []  # (weak reference to a dual leaf or a non-leaf dual's Function, its output index, tangent) at the level
_noted = weakref.WeakValueDictionary()  # id -> a tensor whose tangent the level noted on it (``_forward_ad``)


class UnpackedDualTensor(NamedTuple):
    """What ``unpack_dual`` returns: the primal and its tangent (None where it has none)."""
    primal: Tensor
    tangent: Tensor | None


def enter_dual_level():
    """Enter a forward AD level and return its index; levels do not nest, as in PyTorch."""
    global _current_level
    if _current_level >= 0:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _current_level = 0
    return _current_level


def exit_dual_level(*, level=None):
    """Leave the forward AD level (the current one when ``level`` is None), forgetting its tangents."""
    global _current_level
    level = _current_level if level is None else level
    if _current_level < 0:
        raise RuntimeError("exit_dual_level(): no forward AD level is active; enter one with dual_level()")
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. "
                           "This is not supported.")
    _duals.clear()
    for t in list(_noted.values()):
        del t._forward_ad
    _noted.clear()
    _current_level = -1


class dual_level(contextlib.ContextDecorator):
    """Context manager (and decorator) for forward AD: ``with dual_level(): ...`` enters a level and leaves
    it at the end, where every tangent is forgotten."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False


def make_dual(tensor, tangent, *, level=None):
    """A dual tensor: an alias of ``tensor`` (floating point or complex) whose tangent is ``tangent`` (the same
    shape), differentiable with respect to ``tensor`` in reverse mode.

    Example:
        >>> with dual_level():
        ...     jvp = unpack_dual(f(make_dual(x, v))).tangent     # J_f(x) v
    """
    if _resolve(level, "make_dual") < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    for what, t in (("primal", tensor), ("tangent", tangent)):
        if not isinstance(t, Tensor):
            raise TypeError(f"make_dual(): expected the {what} to be a Tensor, got {type(t).__name__}")
        check_floating((t,), what)
    check_tangent(tensor, tangent, "make_dual(tensor, tangent)")
    if _duals and depends_on(tensor, [d for d, _ in _live_duals()]):
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           f"level {_current_level} is not supported.")
    with enable_grad():
        dual = _grad_preprocess((tensor,), True, need_graph=True)[0]
    fn, index = (dual, None) if dual._node is None else dual._node
    _duals.append((weakref.ref(fn), index, tangent))
    _note(dual, tangent)
    return dual


def unpack_dual(tensor, *, level=None):
    """``(primal, tangent)`` of ``tensor``: its value (keeping its graph only where it depends on a tensor
    that requires grad other than the duals) and its tangent, None outside a level or where ``tensor``
    depends on no dual. The tangent of a result is computed here, by two backward passes through its graph,
    once per result and level; it requires grad where it depends on a tensor that does.
    """
    if _resolve(level, "unpack_dual") < 0:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, Tensor):
        raise TypeError(f"unpack_dual(): expected a Tensor, got {type(tensor).__name__}")
    known = tensor.__dict__.get("_forward_ad")
    fresh = known is None or known[0] is not tensor._node  # new, or changed in place since
    duals = _live_duals()
    nodes, leaves = _graph(tensor)
    reached = [(d, t) for d, t in duals if id(graph_node(d)) in nodes]
    if fresh and not reached:
        return UnpackedDualTensor(tensor, None)
    outside = bool(leaves - {id(d) for d, _ in duals if d.grad_fn is None})  # a leaf requiring grad, not a dual
    if fresh:
        create_graph = is_grad_enabled() and (outside or any(t.requires_grad for _, t in reached))
        known = _note(tensor, _tangent(tensor, duals, create_graph))
    return UnpackedDualTensor(tensor if outside else tensor.detach(), known[1])


def _resolve(level, where):
    """The level to act on: the current one for None; refuses a level that was not entered."""
    if level is None or level < 0 or level == _current_level:
        return _current_level if level is None else level
    raise RuntimeError(f"{where}(): invalid level {level}; the current forward AD level is {_current_level}")


def _note(tensor, tangent):
    """Note ``tangent`` on ``tensor`` for the level (until it exits or ``tensor`` changes in place)."""
    tensor._forward_ad = (tensor._node, tangent)
    _noted[id(tensor)] = tensor
    return tensor._forward_ad


def _live_duals():
    """``[(dual, tangent)]`` for the level's duals that a live tensor can still depend on (dropping the rest),
    each dual as made: a non-leaf one by a stand-in on its node then, which an in-place op on it leaves."""
    live, duals = [], []
    for ref, index, t in _duals:
        fn = ref()
        if fn is not None:
            live.append((ref, index, t))
            duals.append((fn if index is None else _new(t._data, True, (fn, index)), t))  # grad reads its node
    _duals[:] = live
    return duals


def _graph(tensor):
    """The ids of the nodes of ``tensor``'s graph and of its leaves that require grad: one walk answers
    every question ``unpack_dual`` asks."""
    nodes = set()
    leaves = {id(node) for node in walk_graph(tensor, nodes) if isinstance(node, Tensor)}
    return nodes, leaves


def _tangent(tensor, duals, create_graph):
    """The Jacobian-vector product of ``tensor`` along the tangents of ``duals`` (``create_graph``: keeping
    its graph, where ``tensor`` depends on a tensor requiring grad or on a dual whose tangent does)."""
    duals, tangents = zip(*duals)
    with enable_grad():
        return _linearize((tensor,), duals)[0](tangents, create_graph)[0]
