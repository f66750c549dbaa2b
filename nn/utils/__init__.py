"""nn.utils: gradient clipping, parameter vectors, packed sequences (``nn.utils.rnn``), conv/linear +
batch norm fusion, ``stateless.functional_call``, parametrizations (``orthogonal`` ...), pruning
(``nn.utils.prune``) and ``skip_init``."""
from . import parametrizations, parametrize, prune, rnn, stateless
from .clip_grad import clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_, get_total_norm
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights
from .init import skip_init
from .spectral_norm import remove_spectral_norm, spectral_norm
from .weight_norm import remove_weight_norm, weight_norm

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm",
           "parameters_to_vector", "vector_to_parameters", "fuse_conv_bn_eval", "fuse_conv_bn_weights",
           "fuse_linear_bn_eval", "fuse_linear_bn_weights", "parametrizations", "parametrize", "prune", "rnn",
           "skip_init", "stateless", "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm"]
