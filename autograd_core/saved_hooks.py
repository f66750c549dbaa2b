"""Hooks on what backward saves: ``saved_tensors_hooks``, ``save_on_cpu`` and ``disable_saved_tensors_hooks``
(torch.autograd.graph's; reach them as ``ag.autograd.graph.*``).

Inside ``saved_tensors_hooks(pack_hook, unpack_hook)`` each array that a recorded op saves for backward is
handed to ``pack_hook`` as a Tensor (the op's input or output tensor itself where it is one, as PyTorch)
and the node keeps what the hook returns instead of the array; backward gets it back from
``unpack_hook(packed)``, which must return a Tensor, every time it reads the saved values. Hooks are those
of the innermost block open when the op runs; pack hooks run under ``no_grad()``. As in PyTorch, the
in-place check on saved values is left to the hooks, and under ``create_graph=True`` the unpacked value
takes the saved tensor's place in the graph (a second backward reaches the tensor that was packed).

Cost: an open block turns on the engine's checked call path (instrument.py); without one the engine pays
nothing (a packed node's stamp of -1 sends ``Function.saved_tensors`` off its fast path, to unpack).

The tensors a PyTorch-style Function saves with ``ctx.save_for_backward`` are packed too (ctx_function.py).
Limitation: arrays that an op keeps as attributes of its node instead of passing them to
``save_for_backward`` are not seen by the hooks.
"""
import contextlib

from .function import Function
from .grad_mode import _mode
from .tensor import Tensor, _new

_disabled = None  # the error message of the innermost open disable_saved_tensors_hooks block


class saved_tensors_hooks:
    """Context manager: ``pack_hook(tensor) -> packed`` runs when an op saves a tensor for backward, and
    ``unpack_hook(packed) -> Tensor`` when backward needs it back.

    Example:
        >>> with ag.autograd.graph.saved_tensors_hooks(lambda t: t.detach().numpy(), ag.tensor):
        ...     y = (x * x).sum()   # x is saved as a NumPy array
        >>> y.backward()
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        if _disabled is not None:
            raise RuntimeError(_disabled)
        _mode.saved_hooks.append((self.pack_hook, self.unpack_hook))
        _mode.refresh()

    def __exit__(self, *exc):
        _mode.saved_hooks.pop()
        _mode.refresh()
        return False


class save_on_cpu(saved_tensors_hooks):
    """Context manager: the tensors that backward saves are kept in host memory and moved back to their
    device when backward needs them, trading transfers for GPU memory. On the CPU it changes nothing.

    ``pin_memory`` and ``device_type`` are accepted as PyTorch's; pinned memory is not modelled (see
    ``Tensor.pin_memory``), so the copies are plain host arrays.
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(_pack_to_cpu, _unpack_from_cpu)


def _pack_to_cpu(tensor):
    return tensor.device, tensor.detach().cpu()


def _unpack_from_cpu(packed):
    device, tensor = packed
    return tensor.to(device)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message):
    """Context manager for code that does not work with saved-tensor hooks: opening a
    ``saved_tensors_hooks`` block inside it raises ``RuntimeError(error_message)``, and so does
    entering it inside one."""
    global _disabled
    if _mode.saved_hooks:
        raise RuntimeError(error_message)
    prev, _disabled = _disabled, error_message
    try:
        yield
    finally:
        _disabled = prev


def pack(fn, inputs, outs):
    """Replace what recorded node ``fn`` saved by the innermost pack hook's results (instrument.py calls
    this after the op ran)."""
    outs = outs if type(outs) is tuple else (outs,)
    places, tensors = zip(*[_place(array, inputs, outs) for array in fn._saved])
    packed, unpack_hook = _pack_tensors(tensors, Function.name(fn))  # remainder's attribute `name` hides name()
    fn._saved = _Packed(packed, places, unpack_hook)
    fn._stamp = -1  # never _mode.stamp: saved_tensors leaves its fast path, and unpacks
    fn._inputs = fn._outs = None  # the packed values stand for them: the node keeps no other reference


def _pack_tensors(tensors, name):
    """The innermost pack hook's results for ``tensors`` (saved by node ``name``) and the unpack hook paired
    with it."""
    pack_hook, unpack_hook = _mode.saved_hooks[-1]
    packed = []
    enabled, _mode.enabled = _mode.enabled, False  # pack hooks run under no_grad, as PyTorch's
    try:
        for tensor in tensors:
            version = _version(tensor)
            packed.append(pack_hook(tensor))
            if _version(tensor) != version:
                raise RuntimeError(
                    f"saved_tensors_hooks: the pack hook changed its input (saved by {name}) in place; "
                    "a pack hook must not modify the tensor it packs: pack a copy (t.clone()) instead")
    finally:
        _mode.enabled = enabled
    return packed, unpack_hook


def _unpack_tensors(packed, unpack_hook, name):
    """``unpack_hook`` on each of ``packed``, checking that it gives Tensors."""
    tensors = [unpack_hook(p) for p in packed]
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError("saved_tensors_hooks: the unpack hook must return a Tensor, but it returned "
                            f"{type(t).__name__} (for a value saved by {name})")
    return tensors


def _place(array, inputs, outs):
    """Where a saved array sits in the graph and the Tensor the pack hook gets for it: input ``i`` (``i``),
    output ``j`` (``-1 - j``) or neither (None: a constant)."""
    for i, x in enumerate(inputs):
        if array is x._data:
            return i, x
    for j, y in enumerate(outs):
        if array is y._data:
            return -1 - j, y
    return None, _new(array, False, None)


def _version(tensor):
    v = tensor._version
    return 0 if v is None else v[0]


class _Packed(tuple):
    """The values a pack hook returned for a node's saved arrays (``fn._saved`` from then on), with their
    places in the graph and the unpack hook that was paired with the pack hook."""

    def __new__(cls, packed, places, unpack_hook):
        self = super().__new__(cls, packed)
        self.places, self.unpack_hook = places, unpack_hook
        return self

    def unpack(self, fn):
        """The saved values of node ``fn`` for its backward: arrays, or Tensors of the graph under
        ``create_graph=True``."""
        tensors = _unpack_tensors(self, self.unpack_hook, Function.name(fn))
        if _mode.backward_on_tensors:
            return tuple(_in_graph(fn, place, t._data) for t, place in zip(tensors, self.places))
        return tuple(t._data for t in tensors)


def _in_graph(fn, place, array):
    """``array`` unpacked for a saved value of ``fn``, as a Tensor standing where that value stood in the
    graph: a second backward through it reaches the input or output that was saved."""
    if place is None:
        return _new(array, False, None)
    if place < 0:
        return _new(array, True, (fn, -1 - place))
    edge = fn._edges[place]
    if edge is None:
        return _new(array, False, None)
    if type(edge) is tuple:
        return _new(array, True, edge)
    return _Unpacked(array)(edge)  # a leaf: only a node can route a gradient to its .grad


class _Unpacked(Function):
    """A leaf's saved value as unpacked: the unpacked array, with the identity as derivative to the leaf."""
    complex_autograd = "ready"

    def __init__(self, array):
        self.array = array

    def forward(self, x):
        return self.array

    def backward(self, gy):
        return gy
