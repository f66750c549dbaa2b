"""Flattening parameters to one vector and back (``nn.utils.parameters_to_vector`` ...)."""
from autograd_core import backend
from autograd_core.ops import cat
from autograd_core.ops.shape import reshape
from autograd_core.tensor import Tensor

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _params(parameters):
    """A list of tensors from one Tensor or an iterable of them (PyTorch's ``parameters`` argument)."""
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def parameters_to_vector(parameters):
    """One 1-D Tensor of all parameters, flattened and concatenated (differentiable)."""
    params = _params(parameters)
    if not params:
        raise ValueError("parameters_to_vector: got no parameters")
    return cat([reshape(p, (-1,)) for p in params], 0)


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the 1-D ``vec`` into the parameters' data, in place."""
    params = _params(parameters)
    data = vec._data if isinstance(vec, Tensor) else backend.asarray(vec)
    total = sum(p.numel() for p in params)
    if data.ndim != 1 or data.shape[0] != total:
        raise ValueError(f"vector_to_parameters: expected a 1-D vector of {total} elements, got shape {data.shape}")
    offset = 0
    for p in params:
        n = p.numel()
        p._data[...] = data[offset:offset + n].reshape(p.shape)
        offset += n
