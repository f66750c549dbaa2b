"""Parameter: a Tensor that a Module registers as one of its learnable weights; Buffer: one it registers as a
buffer; UninitializedParameter / UninitializedBuffer: a lazy layer's weight / running statistic before its
first call."""
from autograd_core import creation
from autograd_core.tensor import Tensor


class Parameter(Tensor):
    """A Tensor that requires grad by default and that a Module lists in ``parameters()``.

    Assigning one as a Module attribute registers it. Ops on a Parameter give
    plain Tensors.

    Example:
        >>> w = nn.Parameter(ag.randn(3, 2))
        >>> w.requires_grad
        True
    """

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = []
        super().__init__(data, requires_grad=False)
        if requires_grad:
            self.requires_grad_(True)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, protocol):
        return Parameter, (self._data, self._rg)


class Buffer(Tensor):
    """A Tensor that a Module registers as a buffer when assigned as an attribute (``self.mean =
    nn.Buffer(ag.zeros(3))``), saved in ``state_dict`` unless ``persistent=False``.

    Example:
        >>> m = nn.Module()
        >>> m.steps = nn.Buffer(ag.tensor(0), persistent=False)
        >>> list(m.named_buffers()), list(m.state_dict())
        ([('steps', tensor(0))], [])
    """

    __slots__ = ()

    def __init__(self, data=None, *, persistent=True):
        super().__init__([] if data is None else data, requires_grad=isinstance(data, Tensor) and data.requires_grad)
        self.persistent = persistent


class UninitializedTensorMixin:
    """A lazy layer's Parameter or Buffer without a shape yet. It keeps the dtype and device it will have
    (``.to()`` moves it); ``materialize`` gives it data in place, so an optimizer made before the first call
    holds the real parameter afterwards."""

    __slots__ = ()
    cls_to_become = None

    def materialize(self, data):
        """Become an ordinary Parameter (Buffer) holding ``data`` (a Tensor or array)."""
        self.data = data
        self.__class__ = self.cls_to_become

    def detach(self):
        """Refused: there is no data to detach before the lazy layer's first call."""
        raise RuntimeError(f"{type(self).__name__}: this lazy layer's tensors have no shape yet (state_dict, detach "
                           "...); call the module once with a batch of input to create them")

    def __repr__(self):
        return f"<{type(self).__name__}>"


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A lazy layer's Parameter before its first call (see ``UninitializedTensorMixin``)."""

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad=True, device=None, dtype=None):
        super().__init__(creation.empty(0, dtype=dtype, device=device), requires_grad)

    def __reduce_ex__(self, protocol):
        return UninitializedParameter, (self._rg, self.device, self.dtype)


class UninitializedBuffer(UninitializedTensorMixin, Buffer):
    """A lazy layer's buffer (running statistics) before its first call (see ``UninitializedTensorMixin``)."""

    __slots__ = ()
    cls_to_become = Buffer

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        super().__init__(creation.empty(0, dtype=dtype, device=device), persistent=persistent)
        if requires_grad:
            self.requires_grad_(True)
