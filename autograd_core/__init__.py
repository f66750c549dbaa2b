"""autograd_core: a define-by-run automatic differentiation framework, a mini-PyTorch.

    >>> import autograd_core as ag
    >>> x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x.tanh() * x).sum()
    >>> y.backward()
    >>> x.grad
"""
__version__ = "0.1.0"

import numpy as _np

from . import cuda
from . import methods as _methods
from .autograd import backward, grad
from .backend import device, get_array_module
from .dtypes import (can_cast, finfo, get_default_dtype, iinfo, is_complex, is_floating_point, promote_types,
                     result_type, set_default_dtype)
from .creation import (arange, as_tensor, empty, empty_like, eye, full, full_like, linspace, ones, ones_like,
                       rand, rand_like, randint, randint_like, randn, randn_like, tensor, zeros, zeros_like)
from .function import Function, dual
from .grad_mode import (detect_anomaly, enable_grad, is_anomaly_check_nan_enabled, is_anomaly_enabled,
                        is_grad_enabled, no_grad, set_grad_enabled)
from .grad_mode import inference_mode, is_inference_mode_enabled
from .gradcheck import gradcheck, gradgradcheck
from .ops import *  # noqa: F401,F403  (the functional ops: ag.exp, ag.sum, ag.cat ...)
from .ops import __all__ as _ops_all
from .random import manual_seed
from .creation import logspace, randperm, tril_indices, triu_indices
from .random import bernoulli, multinomial, normal, poisson
from .random import Generator, default_generator, get_rng_state, initial_seed, seed, set_rng_state
from .serialization import CheckpointError, load, save
from .settings import *  # noqa: F401,F403  (ag.set_printoptions, ag.set_num_threads ...)
from .settings import __all__ as _settings_all
from .tensor_queries import *  # noqa: F401,F403  (ag.is_nonzero, ag.typename ...)
from .memory_creation import asarray, empty_permuted, frombuffer
from .tensor_queries import __all__ as _queries_all
from .tensor import Tensor
from .windows import bartlett_window, blackman_window, hamming_window, hann_window, kaiser_window
from .spectral import istft, stft

_methods.bind()
from .ops.aliases import TOP_LEVEL_METHODS as _TOP_LEVEL_METHODS, top_level_method as _top_level_method  # noqa: E402
from .ops.aliases import TOP_LEVEL_OTHERS as _TOP_LEVEL_OTHERS  # noqa: E402
globals().update({_name: _top_level_method(_name) for _name in _TOP_LEVEL_METHODS + _TOP_LEVEL_OTHERS})  # ag.exp_(x)

from . import profiler, training, viz  # noqa: E402  (they use the bound Tensor methods)
from . import linalg  # noqa: E402  (ag.linalg.inv ..., as torch.linalg)
from . import fft  # noqa: E402  (ag.fft.rfft ..., as torch.fft)
from . import special  # noqa: E402  (ag.special.expit ..., as torch.special)
from . import testing  # noqa: E402  (ag.testing.assert_close, as torch.testing)
from . import utils  # noqa: E402  (ag.utils.checkpoint, as torch.utils.checkpoint)

Variable = Tensor  # the design card's word for it
from_numpy = as_tensor  # shares memory with the array, as torch.from_numpy


# nn.functional's ops that PyTorch also has at top level (torch.conv2d ...)
_FROM_NN = ("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "softmax",
            "log_softmax", "dropout", "alpha_dropout", "feature_alpha_dropout", "layer_norm", "batch_norm",
            "group_norm", "instance_norm", "rms_norm", "embedding", "pixel_shuffle", "pixel_unshuffle",
            "channel_shuffle", "pairwise_distance", "cosine_similarity", "pdist", "bilinear", "selu", "celu", "prelu",
            "rrelu", "threshold", "hardshrink",
            "adaptive_avg_pool1d", "adaptive_max_pool1d", "avg_pool1d", "max_pool1d", "max_pool2d", "max_pool3d",
            "max_pool1d_with_indices", "binary_cross_entropy_with_logits", "cosine_embedding_loss", "ctc_loss",
            "hinge_embedding_loss", "kl_div", "margin_ranking_loss", "poisson_nll_loss", "triplet_margin_loss",
            "constant_pad_nd", "convolution", "conv_tbc", "relu_", "selu_", "celu_", "rrelu_", "threshold_",
            "dropout_", "alpha_dropout_", "feature_alpha_dropout_", "feature_dropout", "feature_dropout_",
            "native_layer_norm", "native_batch_norm", "native_group_norm", "native_dropout",
            "native_channel_shuffle", "embedding_bag")


def __getattr__(name):
    """``ag.conv2d``, ``ag.softmax`` ... (``_FROM_NN``) are nn.functional's, imported on first use (nn imports
    the engine, and ``import autograd_core`` stays free of nn); the few whose top-level signature differs in
    PyTorch come from nn/functional/top_level.py."""
    if name in ("distributions", "func"):  # ag.distributions.Normal, ag.func.grad ..., as torch's: kept off import
        import importlib  # not `from . import`, whose attribute check would come back here
        return importlib.import_module("." + name, __name__)
    if name == "vmap":  # torch.vmap is torch.func.vmap
        return __getattr__("func").vmap
    if name in ("rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"):  # torch.lstm_cell ...
        from .nn.functional import rnn_cells
        return getattr(rnn_cells, name)
    if name in _FROM_NN:
        from .nn import functional
        from .nn.functional import top_level
        return getattr(top_level if hasattr(top_level, name) else functional, name)
    raise AttributeError(f"module 'autograd_core' has no attribute {name!r}")


def is_tensor(obj):
    """True for an autograd_core Tensor."""
    return isinstance(obj, Tensor)

float16, float32, float64 = _np.float16, _np.float32, _np.float64
int8, int16, int32, int64, uint8 = _np.int8, _np.int16, _np.int32, _np.int64, _np.uint8
bool_ = bool = _np.bool_  # ag.bool as torch.bool (nothing in this module calls the builtin)
half, float, double, long = float16, float32, float64, int64
complex64, complex128 = _np.complex64, _np.complex128
cfloat, cdouble = complex64, complex128
int, short, uint16, uint32, uint64 = int32, int16, _np.uint16, _np.uint32, _np.uint64  # (no builtin int used here)
from math import e, inf, nan, pi  # noqa: E402  (torch.pi ...)
newaxis = None

__all__ = ["Tensor", "Variable", "Function", "backward", "grad", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "gradcheck", "gradgradcheck", "manual_seed", "tensor",
           "as_tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "eye", "rand", "randn",
           "randint", "zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like",
           "randint_like", "from_numpy", "is_tensor", "is_complex", "is_floating_point", "can_cast", "finfo", "iinfo",
           "get_default_dtype", "set_default_dtype", "promote_types", "result_type", "get_array_module", "device", "cuda", "dual", "fft", "linalg", "special", "testing", "distributions", "func", "vmap", "viz", "profiler", "training", "save", "load", "CheckpointError",
           "__version__", "logspace", "randperm", "tril_indices", "triu_indices", "bernoulli", "multinomial",
           "normal", "poisson", "bartlett_window", "blackman_window", "hamming_window", "hann_window",
           "kaiser_window", "Generator", "default_generator", "get_rng_state", "initial_seed", "seed",
           "set_rng_state", "inference_mode", "is_inference_mode_enabled"] + list(_FROM_NN) + list(_ops_all) + list(
               _TOP_LEVEL_METHODS + _TOP_LEVEL_OTHERS) + list(_queries_all) + list(_settings_all) + [
               "asarray", "empty_permuted", "frombuffer", "stft", "istft"]
