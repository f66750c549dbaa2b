"""Dtypes: the default float dtype, PyTorch's dtype queries and promotion rules (``finfo``, ``promote_types``,
``result_type``, ``can_cast`` ...), and the Tensor methods about a tensor's dtype (``half``, ``type`` ...).

Dtypes are NumPy's (``ag.float32`` is ``numpy.float32``); ``finfo`` and ``iinfo`` are NumPy's, which carry
PyTorch's fields (bits, eps, max, min, tiny, smallest_normal, resolution, dtype).
"""
import numpy as np

DEFAULT_FLOAT = [np.dtype(np.float32)]  # the one place the default lives: read, never rebound, by its users


def get_default_dtype():
    """The dtype of tensors made from Python floats and of float tensors made without a dtype (float32)."""
    return DEFAULT_FLOAT[0]


def default_complex_dtype():
    """The complex dtype of tensors made from Python complex numbers: complex128 when the default float dtype is
    float64, else complex64 (as PyTorch)."""
    return np.result_type(DEFAULT_FLOAT[0], np.complex64)


def set_default_dtype(d):
    """Make ``d`` (a float dtype: float16, float32 or float64) the default float dtype, as ``torch.set_default_dtype``:
    ``ag.tensor([1.5])``, ``ag.zeros(2)``, ``ag.randn(2)``, new layers' parameters and the float results of ops on
    integers (``ag.arange(3).sqrt()``, ``int_tensor * 1.5``) take it."""
    d = _dtype("set_default_dtype", d)
    if d.kind != "f":
        raise TypeError(f"set_default_dtype: only floating point dtypes can be the default, got {d}")
    DEFAULT_FLOAT[0] = d


def finfo(type=None):
    """Machine limits of a float dtype (the default float dtype when None): NumPy's ``finfo``."""
    d = get_default_dtype() if type is None else _dtype("finfo", type)
    if d.kind not in "fc":
        raise TypeError(f"finfo: expects a floating point dtype, got {d}; use iinfo for integers")
    return np.finfo(d)


def iinfo(type):
    """Machine limits of an integer dtype: NumPy's ``iinfo`` (bits, min, max, dtype)."""
    d = _dtype("iinfo", type)
    if d.kind not in "iu":
        raise TypeError(f"iinfo: expects an integer dtype, got {d}; use finfo for floating point")
    return np.iinfo(d)


def promote_types(type1, type2):
    """The dtype an op on tensors of ``type1`` and ``type2`` gives, by PyTorch's rule: the higher category
    (bool < integer < float < complex) wins, so int64 with float32 gives float32 (NumPy would give float64)."""
    from .ops._util import result_dtype
    return result_dtype(*(np.empty(0, _dtype("promote_types", t)) for t in (type1, type2)))


def result_type(tensor1, tensor2):
    """The dtype ``tensor1 op tensor2`` gives (either may be a Python number), by PyTorch's rule: a number or
    a 0-d tensor takes part only when its category is higher (``int_tensor`` with 1.5 gives the default float)."""
    from .ops._util import result_dtype
    return result_dtype(*(_operand(t) for t in (tensor1, tensor2)))


def _operand(v):
    from .tensor import Tensor
    if isinstance(v, Tensor):
        return v._data
    if isinstance(v, (bool, int, float, complex)):
        default = (get_default_dtype() if isinstance(v, float) else
                   default_complex_dtype() if isinstance(v, complex) else None)
        return np.asarray(v, default)
    raise TypeError(f"result_type: expects tensors or Python numbers, got {type(v).__name__}")


def can_cast(from_, to):
    """Whether PyTorch casts ``from_`` to ``to`` implicitly (an in-place op's result into its tensor): never to a
    lower category (float to integer, integer or float to bool, complex to real), any width within one."""
    from .ops._util import _CATEGORY
    return _CATEGORY[_dtype("can_cast", to).kind] >= _CATEGORY[_dtype("can_cast", from_).kind]


def is_floating_point(input):
    """True for a tensor of a floating point dtype."""
    return input.dtype.kind == "f"


def is_complex(input):
    """True for a tensor of a complex dtype."""
    return input.dtype.kind == "c"


def _dtype(op, d):
    try:
        return np.dtype(d)
    except TypeError:
        raise TypeError(f"{op}: {d!r} is not a dtype; use one such as ag.float32 or ag.int64") from None


# -- Tensor methods about the dtype ------------------------------------------------
_TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
               "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
               "complex128": "ComplexDouble"}


def _type_name(d, device_type):
    """PyTorch's legacy type name under our package: ``autograd_core.FloatTensor``, ``autograd_core.cuda.LongTensor``."""
    return f"autograd_core.{'cuda.' if device_type == 'cuda' else ''}{_TYPE_NAMES[np.dtype(d).name]}Tensor"


def _type(self, dtype=None):
    """Without ``dtype``: the tensor's type name, PyTorch's with our package's (``'autograd_core.FloatTensor'``);
    with a dtype or such a name: the tensor cast to it (differentiable between float types)."""
    if dtype is None:
        return _type_name(self.dtype, self.device.type)
    if isinstance(dtype, str) and dtype.endswith("Tensor"):
        names = {_type_name(d, kind): d for d in _TYPE_NAMES for kind in ("cpu", "cuda")}
        if dtype not in names:
            raise ValueError(f"type: unknown type name {dtype!r}; expected one such as 'autograd_core.FloatTensor'")
        return self.to(np.dtype(names[dtype]), device="cuda" if ".cuda." in dtype else "cpu")
    return self.to(_dtype("type", dtype))


def _bfloat16(self):
    raise TypeError("bfloat16(): NumPy has no bfloat16 dtype, so neither has autograd_core; use half() "
                    "(float16) or float() instead")


def _cast_method(name, d):
    def method(self):
        return self.astype(d)
    method.__name__ = name
    method.__doc__ = f"This tensor cast to {np.dtype(d).name} (``self.to(ag.{np.dtype(d).name})``)."
    return method


def _element_size(self):
    """The size of one element in bytes."""
    return self.dtype.itemsize


TENSOR_METHODS = {
    "half": _cast_method("half", np.float16), "short": _cast_method("short", np.int16),
    "char": _cast_method("char", np.int8), "byte": _cast_method("byte", np.uint8), "bfloat16": _bfloat16,
    "cfloat": _cast_method("cfloat", np.complex64), "cdouble": _cast_method("cdouble", np.complex128),
    "type": _type, "is_floating_point": is_floating_point, "is_complex": is_complex, "element_size": _element_size,
    "itemsize": property(_element_size, doc="The size of one element in bytes."),
    "nbytes": property(lambda self: self._data.nbytes, doc="The size of the elements in bytes."),
}
