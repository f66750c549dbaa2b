"""Parameter: a Tensor that a Module registers as one of its learnable weights."""
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
