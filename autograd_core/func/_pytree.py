"""Pytrees, as torch.utils._pytree: tuples, lists, dicts, OrderedDicts and namedtuples nested in one another;
everything else (a Tensor, a number, None) is a leaf.

``tree_flatten`` gives the leaves in order and a ``TreeSpec``; ``tree_unflatten`` puts new leaves back into
that shape; ``broadcast_prefix`` expands a prefix tree (``in_dims``: an int for a whole subtree) to one value
per leaf.
"""
from collections import OrderedDict


class TreeSpec:
    """The shape of a pytree: ``kind`` is None for a leaf, else the container's type; ``context`` holds a
    dict's keys; ``children`` the specs of its entries."""

    __slots__ = ("kind", "context", "children", "num_leaves")

    def __init__(self, kind, context, children):
        self.kind, self.context, self.children = kind, context, children
        self.num_leaves = 1 if kind is None else sum(c.num_leaves for c in children)

    def __eq__(self, other):
        return (isinstance(other, TreeSpec) and (self.kind, self.context, self.children)
                == (other.kind, other.context, other.children))

    def __repr__(self):
        if self.kind is None:
            return "*"
        inner = ", ".join(map(repr, self.children))
        if self.context is not None:
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.context, self.children))
        return f"{self.kind.__name__}({inner})"


LEAF = TreeSpec(None, None, ())


def _is_node(tree):
    kind = type(tree)
    return kind in (tuple, list, dict, OrderedDict) or (isinstance(tree, tuple) and hasattr(kind, "_fields"))


def _entries(tree):
    """``(context, children)`` of a container."""
    if isinstance(tree, dict):
        return list(tree), list(tree.values())
    return None, list(tree)


def tree_flatten(tree):
    """``(leaves, spec)``: the leaves of ``tree`` in order, and its shape."""
    leaves = []
    return leaves, _flatten(tree, leaves)


def _flatten(tree, leaves):
    if not _is_node(tree):
        leaves.append(tree)
        return LEAF
    context, children = _entries(tree)
    return TreeSpec(type(tree), context, tuple(_flatten(c, leaves) for c in children))


def tree_unflatten(leaves, spec):
    """The pytree shaped like ``spec`` holding ``leaves`` (in the order ``tree_flatten`` gives them)."""
    leaves = iter(leaves)
    return _unflatten(leaves, spec)


def _unflatten(leaves, spec):
    if spec.kind is None:
        return next(leaves)
    children = [_unflatten(leaves, c) for c in spec.children]
    if spec.context is not None:
        return spec.kind(zip(spec.context, children))
    if spec.kind in (tuple, list):
        return spec.kind(children)
    return spec.kind(*children)  # a namedtuple


def broadcast_prefix(prefix, tree):
    """One value per leaf of ``tree``: ``prefix`` is ``tree`` with some subtrees replaced by one value each
    (an int, None) that stands for every leaf below. Raises ValueError where the two don't match."""
    out = []
    _broadcast(prefix, tree, out)
    return out


def _broadcast(prefix, tree, out):
    if not _is_node(prefix):
        out.extend([prefix] * tree_flatten(tree)[1].num_leaves)
        return
    p_context, p_children = _entries(prefix)
    t_context, t_children = _entries(tree) if _is_node(tree) else (None, None)
    if type(prefix) is not type(tree) or p_context != t_context or len(p_children) != len(t_children):
        raise ValueError("structure mismatch")
    for p, t in zip(p_children, t_children):
        _broadcast(p, t, out)
