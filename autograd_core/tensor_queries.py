"""PyTorch's top-level questions about a tensor (``torch.is_nonzero``, ``torch.is_signed``, ``torch.typename``
...). Tensors here are never complex-conjugated or negated lazily, so ``is_conj``/``is_neg`` are False and
``resolve_conj``/``resolve_neg`` return the tensor itself."""
from .tensor import Tensor


def _tensor(op, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(input).__name__}")
    return input


def is_nonzero(input):
    """Whether the one element of ``input`` is not zero; a tensor of another size is an error."""
    n = _tensor("is_nonzero", input).numel()
    if n != 1:
        raise RuntimeError(f"is_nonzero: Boolean value of Tensor with {'no values' if n == 0 else 'more than one value'}"
                           f" is ambiguous (shape {input.shape})")
    return bool(input.item())


def is_same_size(input, other):
    """Whether the two tensors have the same shape."""
    return _tensor("is_same_size", input).shape == _tensor("is_same_size", other).shape


def is_signed(input):
    """Whether ``input``'s dtype is signed (a signed integer or a float; not bool or an unsigned integer)."""
    return _tensor("is_signed", input).dtype.kind in "ifc"


def is_inference(input):
    """Whether ``input`` was made under ``inference_mode``."""
    return _tensor("is_inference", input).is_inference()


def get_device(input):
    """``input.get_device()``: -1 on the CPU, else the GPU's index."""
    return _tensor("get_device", input).get_device()


def is_conj(input):
    """Always False: no tensor here carries a lazy conjugation."""
    _tensor("is_conj", input)
    return False


def is_neg(input):
    """Always False: no tensor here carries a lazy negation."""
    _tensor("is_neg", input)
    return False


def resolve_conj(input):
    """``input`` itself (no lazy conjugation to carry out)."""
    return _tensor("resolve_conj", input)


def resolve_neg(input):
    """``input`` itself (no lazy negation to carry out)."""
    return _tensor("resolve_neg", input)


def is_storage(obj):
    """Always False: tensors here hold arrays, not PyTorch storage objects."""
    return False


def typename(obj):
    """``obj.type()`` for a tensor ('autograd_core.FloatTensor' ...), else the qualified name of ``obj`` (a
    class or function) or of its class ('int', 'numpy.ndarray')."""
    if isinstance(obj, Tensor):
        return obj.type()
    named = obj if hasattr(obj, "__qualname__") else type(obj)
    module = getattr(named, "__module__", "") or ""
    return named.__qualname__ if module in ("", "builtins") else f"{module}.{named.__qualname__}"


__all__ = ["is_nonzero", "is_same_size", "is_signed", "is_inference", "get_device", "is_conj", "is_neg",
           "resolve_conj", "resolve_neg", "is_storage", "typename"]
