"""Parameter: a Tensor that a Module registers as one of its learnable weights; UninitializedParameter: a
lazy layer's weight before its first call."""
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


class UninitializedParameter(Parameter):
    """A Parameter without a shape yet: a lazy layer's weight before its first call. It keeps the dtype
    and device it will have (``.to()`` moves it); ``materialize`` gives it data in place, so an optimizer
    made before the first call holds the real parameter afterwards."""

    __slots__ = ()

    def __init__(self, requires_grad=True, device=None, dtype=None):
        super().__init__(creation.empty(0, dtype=dtype, device=device), requires_grad)

    def materialize(self, data):
        """Become an ordinary Parameter holding ``data`` (a Tensor or array)."""
        self.data = data
        self.__class__ = Parameter

    def detach(self):
        """Refused: there is no data to detach before the lazy layer's first call."""
        raise RuntimeError("UninitializedParameter: this lazy layer's parameters have no shape yet (state_dict, "
                           "detach ...); call the module once with a batch of input to create them")

    def __repr__(self):
        return "<UninitializedParameter>"

    def __reduce_ex__(self, protocol):
        return UninitializedParameter, (self._rg, self.device, self.dtype)
