"""PyTorch-style custom Functions: ``forward(ctx, ...)`` and ``backward(ctx, ...)`` as staticmethods.

    >>> class Exp(ag.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         y = x.exp()
    ...         ctx.save_for_backward(y)
    ...         return y
    ...     @staticmethod
    ...     def backward(ctx, gy):
    ...         y, = ctx.saved_tensors
    ...         return gy * y
    >>> Exp.apply(x)

The static forward runs on Tensors under ``no_grad()`` and backward receives
and returns Tensors, as in PyTorch. Its backward is not itself recorded, so a
``create_graph=True`` pass treats it as a constant (write the op DeZero-style,
with ``forward(self, *arrays)``, to differentiate it twice).
"""
import weakref

from .function import _FREED, _graph_tensor
from .grad_mode import no_grad
from .tensor import Tensor, _new


class Context:
    """The ``ctx`` of a PyTorch-style Function: saved tensors and whatever forward stores on it."""

    def __init__(self, node):
        self._node = weakref.ref(node)  # the graph node keeps the ctx: no cycle
        self._nones = ()  # where save_for_backward got None
        self.needs_input_grad = ()

    def save_for_backward(self, *tensors):
        """Keep ``tensors`` (or None) for backward. The node saves their arrays as any op's
        (``Function.save_for_backward``), so in-place changes are handled as for any op, and they are freed
        by a backward that does not retain the graph and packed inside saved_tensors_hooks, as PyTorch."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save tensors (or None), but argument {i} is of type "
                                f"{type(t).__name__}")
        self._nones = tuple(i for i, t in enumerate(tensors) if t is None)
        self._node().save_for_backward(*[t._data for t in tensors if t is not None])

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``, as PyTorch: an input is the input itself, an output a
        tensor of the graph (requiring grad, made by this node), anything else a constant; where they were
        packed by saved_tensors_hooks, what the unpack hook gave, as constants."""
        node = self._node()
        if node is None or node._saved is _FREED:  # the graph was dropped, or freed by a backward
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they "
                "have already been freed). Saved intermediate values of the graph are freed when you call "
                ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
                "graph a second time or if you need to access saved tensors after calling backward.")
        # packed by saved_tensors_hooks, or read in forward (before the node knows its inputs): constants
        constant = node._saved.__class__ is not tuple or node._inputs is None
        saved = [t if isinstance(t, Tensor) else _new(t, False, None) if constant else _graph_tensor(node, t)
                 for t in node.saved_tensors]
        for i in self._nones:
            saved.insert(i, None)
        return tuple(saved)

    def mark_non_differentiable(self, *tensors):
        """Accepted for PyTorch compatibility; outputs get a gradient of None when unused anyway."""


def run(user_cls, function_cls, args):
    """``user_cls.apply(*args)``: record one graph node around its static forward and backward."""
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    node = function_cls.__new__(function_cls)
    node.user_cls, node.args, node.positions, node.ctx = user_cls, args, positions, Context(node)
    node.ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
    return node(*[args[i] for i in positions])


def forward(node, *arrays):
    call = list(node.args)
    for i, array in zip(node.positions, arrays):
        call[i] = _new(array, False, None)
    with no_grad():
        out = node.user_cls.forward(node.ctx, *call)
    node.single = not isinstance(out, tuple)
    outs = (out,) if node.single else out
    node.out_shapes = [(o.shape, o.dtype) for o in outs]
    return outs[0]._data if node.single else tuple(o._data for o in outs)


def backward(node, *grads):
    wrapped = []
    for g, (shape, dtype) in zip(grads, node.out_shapes):
        if g is None:
            from .creation import zeros
            g = zeros(*shape, dtype=dtype)
        wrapped.append(g if isinstance(g, Tensor) else _new(g, False, None))
    with no_grad():
        result = node.user_cls.backward(node.ctx, *wrapped)
    result = result if isinstance(result, tuple) else (result,)
    if len(result) != len(node.args):
        raise RuntimeError(f"{node.user_cls.__name__}.backward returned {len(result)} gradients, but forward "
                           f"took {len(node.args)} inputs; return one per input (None for non-tensors)")
    gxs = []
    for i in node.positions:
        g = result[i]
        if g is not None and not isinstance(grads[0], Tensor) and isinstance(g, Tensor):
            g = g._data  # the plain backward pass runs on arrays
        gxs.append(g)
    return tuple(gxs)
