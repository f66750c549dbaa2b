"""Root-mean-square normalisation (``F.rms_norm``): layer norm's Function without the centring and the bias
(twice differentiable)."""
import numpy as np

from autograd_core.ops._util import as_tensor, promoted

from .normalization import _LayerNorm, _check_normalized_params, _present, _trailing_axes

__all__ = ["rms_norm"]


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``input / sqrt(mean(input^2) + eps) * weight``, the mean over the last ``len(normalized_shape)`` dims.

    ``eps`` defaults to the machine epsilon of the input's dtype, as PyTorch; no bias, no centring.
    """
    input = as_tensor(input)
    if input.dtype.kind != "f":
        raise TypeError(f"rms_norm: expected a floating-point input, got dtype {input.dtype}")
    shape, _ = _trailing_axes("rms_norm", input, normalized_shape)
    _check_normalized_params("rms_norm", shape, weight=weight)
    eps = np.finfo(input.dtype).eps if eps is None else eps
    return _LayerNorm(eps, len(shape), weight is not None, centred=False)(*_present(promoted(input, weight)))
