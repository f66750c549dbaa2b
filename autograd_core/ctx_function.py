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
from .grad_mode import _mode, no_grad
from .saved_hooks import pack_tensors, unpack_tensors
from .tensor import Tensor, _new


class Context:
    """The ``ctx`` of a PyTorch-style Function: saved tensors and whatever forward stores on it."""
    _packed = None  # (packed values, unpack hook, node name) where saved_tensors_hooks packed them

    def __init__(self):
        self._saved = ()
        self.needs_input_grad = ()

    def save_for_backward(self, *tensors):
        self._saved = tensors

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward`` (through the unpack hook where they were packed)."""
        if self._packed is None:
            return self._saved
        return tuple(unpack_tensors(*self._packed))

    def mark_non_differentiable(self, *tensors):
        """Accepted for PyTorch compatibility; outputs get a gradient of None when unused anyway."""


def run(user_cls, function_cls, args):
    """``user_cls.apply(*args)``: record one graph node around its static forward and backward."""
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    node = function_cls.__new__(function_cls)
    node.user_cls, node.args, node.positions, node.ctx = user_cls, args, positions, Context()
    node.ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
    inputs = [args[i] for i in positions]
    out = node(*inputs)
    outs = out if type(out) is tuple else (out,)
    ctx = node.ctx
    if _mode.saved_hooks and ctx._saved and outs[0]._node is not None:
        # the pack hook gets the op's own input or output tensor for what forward saw as a no-grad copy
        known = inputs + list(outs)
        saved = [t if t is None else next((k for k in known if k._data is t._data), t) for t in ctx._saved]
        ctx._packed = (*pack_tensors(saved, node.name()), node.name())
        ctx._saved = ()  # the packed values stand for them
    return out


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
