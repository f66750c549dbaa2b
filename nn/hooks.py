"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``).

As PyTorch's ``BackwardHook``: for one module call that has backward hooks, the tensor arguments
that require grad go through an identity Function before ``forward``, and the tensor outputs that
require grad through another after it. Backward reaches the output node first: it hands
``grad_output`` to the pre-hooks (which may replace it) and remembers it; the input node runs once
the gradient has crossed the module, and hands ``(grad_input, grad_output)`` to the hooks (which may
replace ``grad_input``). Nothing of this is built for a call without backward hooks.
"""
import warnings

from autograd_core.backend import get_array_module
from autograd_core.function import Function, link_view
from autograd_core.grad_mode import _mode
from autograd_core.tensor import Tensor, _new


class _HookNode(Function):
    """Identity on its inputs; backward hands the gradients to ``on_backward``."""

    def __init__(self, on_backward):
        self.on_backward = on_backward

    def forward(self, *arrays):
        return tuple(a.view() for a in arrays)

    def backward(self, *grads):
        return self.on_backward(grads)


def _through_node(values, on_backward):
    """``values`` (a tuple) with its tensors that require grad replaced by the outputs of one
    ``_HookNode``; returns (new values, positions wrapped), or (values, None) when none is."""
    positions = [i for i, v in enumerate(values) if isinstance(v, Tensor) and v.requires_grad]
    if not positions or not _mode.enabled:
        return values, None
    inputs = [values[i] for i in positions]
    outputs = _HookNode(on_backward)(*inputs)
    items = list(values)
    for i, x, y in zip(positions, inputs, outputs):
        link_view(y, x)  # an in-place change of one is seen by backward through the other
        items[i] = y
    return (tuple(items) if type(values) is tuple else type(values)(*items)), positions  # a named tuple stays one


def _as_tensor(g):
    return g if g is None or isinstance(g, Tensor) else _new(g, False, None)


def _as_engine_grad(g):
    """A hook's gradient as the engine carries it: a Tensor under create_graph, else an array."""
    if g is None or _mode.backward_on_tensors:
        return _as_tensor(g)
    return g._data if isinstance(g, Tensor) else g


def _run_hooks(hooks, call, grads, who, what):
    """Hand ``grads`` to each hook in turn (``call(hook, grads)``); one may return a replacement of the same length."""
    for hook in hooks:
        result = call(hook, grads)
        if result is not None:
            if len(result) != len(grads):
                raise RuntimeError(f"{who} returned an invalid number of {what}, got {len(result)}, but expected "
                                   f"{len(grads)}")
            grads = result
    return grads


class BackwardHook:
    """The backward hooks of one module call (PyTorch's ``torch.utils.hooks.BackwardHook``)."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_outputs = None
        self.args = ()
        self.input_positions = None

    def setup_input_hook(self, args):
        """Route the tensor arguments that require grad through the input node."""
        self.args = args
        args, self.input_positions = _through_node(args, self._input_backward)
        return args

    def setup_output_hook(self, output):
        """Route the tensor outputs (``output`` or the items of a tuple ``output``) through the output node."""
        if not isinstance(output, (Tensor, tuple)):
            warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of "
                          f"Tensors but received {type(output)}", stacklevel=3)
        is_tuple = isinstance(output, tuple)
        outputs = output if is_tuple else (output,)
        self.n_outputs = len(outputs)
        outputs, self.output_positions = _through_node(outputs, self._output_backward)
        return outputs if is_tuple else outputs[0]

    def _output_backward(self, grads):
        grad_outputs = [None] * self.n_outputs
        for i, g in zip(self.output_positions, grads):
            grad_outputs[i] = _as_tensor(g)
        grad_outputs = tuple(grad_outputs)
        grad_outputs = _run_hooks(self.pre_hooks, lambda hook, gs: hook(self.module, gs), grad_outputs,
                                  "Backward pre hook", "grad_output")
        if self.input_positions is None:  # no input requires grad: the hooks fire here, with no grad_input
            warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                          "outputs since no inputs require gradients", stacklevel=2)
            grad_inputs = (None,) * len(self.args)
            for hook in self.hooks:
                result = hook(self.module, grad_inputs, grad_outputs)
                if result is not None and not (isinstance(result, tuple) and all(r is None for r in result)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       "return None or None for all gradients.")
        else:
            self.grad_outputs = grad_outputs
        return tuple(_as_engine_grad(grad_outputs[i]) for i in self.output_positions)

    def _input_backward(self, grads):
        if self.grad_outputs is None:  # a gradient that reached the inputs without crossing the outputs
            return grads
        # as PyTorch: None for a non-tensor argument, zeros for a tensor one that does not require grad or that
        # no gradient reached
        grad_inputs = [_as_tensor(get_array_module(a._data).zeros_like(a._data)) if isinstance(a, Tensor) else None
                       for a in self.args]
        for i, g in zip(self.input_positions, grads):
            if g is not None:
                grad_inputs[i] = _as_tensor(g)
        grad_inputs = tuple(grad_inputs)
        grad_inputs = _run_hooks(self.hooks, lambda hook, gs: hook(self.module, gs, self.grad_outputs), grad_inputs,
                                 "Backward hook", "grad_input")
        self.grad_outputs = None
        return tuple(_as_engine_grad(grad_inputs[i]) for i in self.input_positions)
