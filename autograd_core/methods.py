"""Binds the functional ops to Tensor as operators and methods (``x + y``, ``x.sum()``)."""
from . import autograd, creation, dtypes, ops, random, storage, tensor_extras
from .ops import arithmetic as A
from .ops import aliases, complex_parts, indexing, inplace
from .ops import random_fill, scatter_views, split_views
from . import spectral
from .tensor import Tensor


def _method_names():
    return [
        "add", "sub", "mul", "div", "pow", "matmul", "neg",
        "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "abs", "sign", "sin", "cos", "tan", "tanh",
        "sigmoid", "relu", "clamp", "clip", "maximum", "minimum",
        "sum", "mean", "var", "std", "max", "min", "amax", "amin", "prod", "logsumexp", "norm",
        "argmax", "argmin", "gather",
        "reshape", "view", "permute", "swapaxes", "unsqueeze", "expand_dims", "squeeze", "flatten",
        "broadcast_to", "expand", "sum_to", "split", "chunk", "repeat", "tile", "repeat_interleave",
        "flip", "index_select", "eq", "ne", "lt", "le", "gt", "ge", "logical_not",
        "view_as", "expand_as", "t", "unbind", "mm", "bmm", "square", "reciprocal", "masked_fill",
        "clamp_min", "clamp_max", "isnan", "isinf", "isfinite", "floor", "ceil", "round", "any", "all", "cumsum",
        "floor_divide", "remainder", "fmod", "sort", "argsort", "topk", "cumprod", "log2", "log10",
        "sinh", "cosh", "asin", "acos", "atan", "atan2", "hypot", "lerp", "tril", "triu", "diag", "trace", "roll",
        "narrow", "movedim", "outer", "addmm", "mv", "dot", "scatter", "scatter_add", "index_add", "take_along_dim",
        "masked_select", "scatter_reduce", "i0",
        "erf", "erfc", "erfinv", "lgamma", "digamma", "xlogy", "logaddexp", "logit", "sinc", "heaviside",
        "trunc", "frac", "sgn", "signbit", "deg2rad", "rad2deg", "nan_to_num", "true_divide",
        "kron", "cross", "inner", "addcmul", "addcdiv", "addmv", "addbmm", "baddbmm",
        "median", "nanmedian", "kthvalue", "mode", "quantile", "nanquantile", "nonzero", "argwhere", "unique",
        "unique_consecutive", "cummax", "cummin", "logcumsumexp", "msort", "count_nonzero", "nansum", "nanmean",
        "aminmax", "diagonal", "diag_embed", "rot90", "diff", "ravel", "fliplr", "flipud",
        "det", "inverse", "logdet", "slogdet", "cholesky", "qr", "svd", "matrix_power", "pinverse",
        "matrix_exp", "cholesky_solve", "cholesky_inverse", "triangular_solve", "geqrf", "orgqr", "ormqr",
        "asinh", "acosh", "atanh", "absolute", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
        "arctanh", "multiply", "subtract", "divide", "greater", "greater_equal", "less", "less_equal", "not_equal",
        "negative", "positive", "swapdims", "moveaxis", "fix",
        "index_copy", "index_fill", "index_put", "masked_scatter", "take", "put", "select", "select_scatter",
        "slice_scatter", "diagonal_scatter", "tensor_split", "hsplit", "vsplit", "dsplit", "unflatten",
        "dist", "renorm", "vdot", "addr", "ger",
        "cov", "corrcoef", "histc", "histogram", "bincount", "isclose", "allclose", "equal",
        "float_power", "exp2", "ldexp", "copysign", "fmax", "fmin", "logaddexp2", "mvlgamma", "gcd", "lcm",
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift", "bitwise_right_shift",
        "nextafter", "frexp", "isneginf", "isposinf", "isreal", "logical_and", "logical_or", "logical_xor",
        "igamma", "igammac",
        "diagflat", "split_with_sizes", "narrow_copy", "as_strided", "nonzero_static", "index_reduce",
    ]


def bind():
    """Attach every method once, at import of autograd_core."""
    for name in _method_names():
        setattr(Tensor, name, getattr(ops, name))
    Tensor.backward = autograd.tensor_backward
    Tensor.transpose = ops.transpose
    Tensor.contiguous = lambda self: self  # arrays are used as they are; kept for ported code
    Tensor.clone = A.clone
    Tensor.zero_ = inplace.zero_
    Tensor.fill_ = inplace.fill_
    Tensor.copy_ = inplace.copy_
    Tensor.masked_fill_ = inplace.masked_fill_
    for name in ("index_copy_", "index_fill_", "index_put_", "masked_scatter_", "put_"):
        setattr(Tensor, name, getattr(scatter_views, name))
    Tensor.unfold, Tensor.sum_to_size = split_views.unfold, split_views.sum_to_size
    Tensor.stft, Tensor.istft = spectral.stft, spectral.istft
    Tensor.normal_ = inplace.normal_
    Tensor.uniform_ = inplace.uniform_
    Tensor.bernoulli = random.bernoulli
    Tensor.multinomial = random.multinomial
    Tensor.softmax, Tensor.log_softmax = softmax, log_softmax
    for name, method in {**inplace.inplace_methods(), **aliases.TENSOR_METHODS, **dtypes.TENSOR_METHODS,
                         **storage.TENSOR_METHODS, **random_fill.TENSOR_METHODS,
                         **tensor_extras.TENSOR_METHODS, **complex_parts.TENSOR_METHODS}.items():
        setattr(Tensor, name, method)
    operators = {
        "__add__": A.add, "__radd__": A._radd, "__sub__": A.sub, "__rsub__": A._rsub,
        "__mul__": A.mul, "__rmul__": A._rmul, "__truediv__": A.div, "__rtruediv__": A._rdiv,
        "__pow__": A.pow, "__rpow__": A._rpow, "__matmul__": A.matmul, "__rmatmul__": A._rmatmul,
        "__floordiv__": A.floor_divide, "__rfloordiv__": A._rfloordiv, "__mod__": A.remainder, "__rmod__": A._rmod,
        "__neg__": A.neg, "__pos__": lambda x: x, "__abs__": ops.abs,
        "__eq__": A.eq, "__ne__": A.ne, "__lt__": A.lt, "__le__": A.le, "__gt__": A.gt, "__ge__": A.ge,
        "__and__": A.logical_and, "__or__": A.logical_or, "__xor__": A.logical_xor,
        "__invert__": A.logical_not, "__getitem__": indexing.getitem, "__setitem__": indexing.setitem,
    }
    for name, fn in operators.items():
        setattr(Tensor, name, fn)
    for name in ("new_zeros", "new_ones", "new_empty", "new_full", "new_tensor", "type_as"):
        setattr(Tensor, name, globals()[name])
    Tensor.__hash__ = object.__hash__


def softmax(self, dim=None, dtype=None):
    """``F.softmax(self, dim, dtype)`` (nn is loaded on first use: importing it here would be circular)."""
    from .nn.functional import softmax as softmax_
    return softmax_(self, dim, dtype)


def log_softmax(self, dim=None, dtype=None):
    """``F.log_softmax(self, dim, dtype)``."""
    from .nn.functional import log_softmax as log_softmax_
    return log_softmax_(self, dim, dtype)


# -- tensors made like another: the methods that are not ops ----------------------
def _like(x, dtype, device):
    return {"dtype": x.dtype if dtype is None else dtype, "device": x.device if device is None else device}


def _new_filled(make, what):
    def method(self, *size, dtype=None, device=None, requires_grad=False, **kwargs):
        return make(*_size(size, kwargs), requires_grad=requires_grad, **_like(self, dtype, device))
    method.__name__ = method.__qualname__ = f"new_{make.__name__}"
    method.__doc__ = f"{what} of ``size`` with this tensor's dtype and device (unless given)."
    return method


new_zeros = _new_filled(creation.zeros, "Zeros")
new_ones = _new_filled(creation.ones, "Ones")
new_empty = _new_filled(creation.empty, "An uninitialised tensor")


def _size(size, kwargs):
    """``x.new_zeros(2, 3)``, ``x.new_zeros((2, 3))`` or PyTorch's ``x.new_zeros(size=(2, 3))``."""
    if set(kwargs) - {"size"} or (size and kwargs) or not (size or kwargs):
        raise TypeError(f"new_*: expected the size positionally or as size=, got {size} and {kwargs}")
    return size or (kwargs["size"],)


def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    """``fill_value`` everywhere in ``size``, with this tensor's dtype and device (unless given)."""
    return creation.full(size, fill_value, requires_grad=requires_grad, **_like(self, dtype, device))


def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
    """A copy of ``data`` as a new leaf with this tensor's dtype and device (unless given)."""
    return creation.tensor(data, requires_grad=requires_grad, **_like(self, dtype, device))


def type_as(self, other):
    """This tensor cast to ``other``'s dtype and moved to its device (differentiable)."""
    return self.to(dtype=other.dtype, device=other.device)
