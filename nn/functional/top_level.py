"""PyTorch's top-level forms of nn.functional ops whose signature differs from F's (``torch.dropout``
takes ``train``, ``torch.batch_norm`` puts weight and bias first, ``torch.embedding`` the weight first).
``autograd_core``'s module ``__getattr__`` serves these, and F's own functions for the other names."""
import warnings

import numpy as np

from autograd_core.backend import get_array_module
from autograd_core.ops import pad as _pad
from autograd_core.ops import scatter_reduce
from autograd_core.ops._util import array_on, as_tensor
from autograd_core.ops.inplace import inplace_form
from autograd_core.ops.shape import permute, reshape
from autograd_core.random import uniform_array
from autograd_core.tensor import Tensor

from . import conv as _conv
from . import loss as _loss
from . import normalization as _norm
from . import pooling as _pooling
from .activation import rrelu as _rrelu
from .adaptive_pooling import adaptive_max_pool1d as _adaptive_max_pool1d
from .ctc_loss import ctc_loss as _ctc_loss
from .embedding import _bag_of_each_entry, _counts
from .embedding import embedding as _embedding
from .embedding import embedding_bag as _embedding_bag
from .linear import _MaskScale, _channels
from .linear import _dropout as _dropout_of
from .linear import alpha_dropout as _alpha_dropout
from .linear import dropout as _dropout
from .linear import feature_alpha_dropout as _feature_alpha_dropout
from .normalization import batch_norm as _batch_norm
from .normalization import instance_norm as _instance_norm
from .pixel_shuffle import channel_shuffle as _channel_shuffle


def dropout(input, p, train):
    """``torch.dropout``: ``F.dropout(input, p, training=train)``."""
    return _dropout(input, p, train)


def alpha_dropout(input, p, train):
    """``torch.alpha_dropout``: ``F.alpha_dropout(input, p, training=train)``."""
    return _alpha_dropout(input, p, train)


def feature_alpha_dropout(input, p, train):
    """``torch.feature_alpha_dropout``: ``F.feature_alpha_dropout(input, p, training=train)``."""
    return _feature_alpha_dropout(input, p, train)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled=True):
    """``torch.batch_norm``: ``F.batch_norm`` with weight and bias first (``cudnn_enabled`` is ignored)."""
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                  cudnn_enabled=True):
    """``torch.instance_norm``: ``F.instance_norm`` with weight and bias first (``cudnn_enabled`` is ignored)."""
    return _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """``torch.embedding``: ``F.embedding(indices, weight, ...)``; a negative ``padding_idx`` means none."""
    return _embedding(indices, weight, None if padding_idx < 0 else padding_idx,
                      scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


# -- PyTorch's top-level losses take ``reduction`` as an int (0 none, 1 mean, 2 sum) --
# Their schemas default to 'Mean', but torch's Python binding reads that default as the int 0: left out,
# torch.kl_div(x, y) and the others are not reduced. The defaults here are 0 to give the same results.
def _reduction(op, reduction):
    """The name F's losses take for torch's int ``reduction``; anything but 0, 1, 2 is refused (PyTorch reads
    other ints as 'none')."""
    if isinstance(reduction, bool) or reduction not in (0, 1, 2):
        raise ValueError(f"{op}: reduction must be the int 0 (none), 1 (mean) or 2 (sum), as at torch's top level, "
                         f"got {reduction!r}; F.{op} takes the names")
    return ("none", "mean", "sum")[reduction]


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """``torch.binary_cross_entropy_with_logits``: F's, with ``pos_weight`` before an int ``reduction``."""
    return _loss.binary_cross_entropy_with_logits(input, target, weight, reduction=_reduction(
        "binary_cross_entropy_with_logits", reduction), pos_weight=pos_weight)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """``torch.cosine_embedding_loss``: F's, with an int ``reduction``."""
    return _loss.cosine_embedding_loss(input1, input2, target, margin,
                                       reduction=_reduction("cosine_embedding_loss", reduction))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False):
    """``torch.ctc_loss``: F's, with an int ``reduction``."""
    return _ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, _reduction("ctc_loss", reduction),
                     zero_infinity)


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    """``torch.hinge_embedding_loss``: F's, with an int ``reduction``."""
    return _loss.hinge_embedding_loss(input, target, margin, reduction=_reduction("hinge_embedding_loss", reduction))


def kl_div(input, target, reduction=0, *, log_target=False):
    """``torch.kl_div``: F's, with an int ``reduction`` (1 averages over every element, without F's warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _loss.kl_div(input, target, reduction=_reduction("kl_div", reduction), log_target=log_target)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """``torch.margin_ranking_loss``: F's, with an int ``reduction``."""
    return _loss.margin_ranking_loss(input1, input2, target, margin,
                                     reduction=_reduction("margin_ranking_loss", reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """``torch.poisson_nll_loss``: F's, every argument required and ``reduction`` an int."""
    return _loss.poisson_nll_loss(input, target, log_input, full, eps=eps,
                                  reduction=_reduction("poisson_nll_loss", reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False, reduction=0):
    """``torch.triplet_margin_loss``: F's, with an int ``reduction``."""
    return _loss.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                     reduction=_reduction("triplet_margin_loss", reduction))


# -- pooling, padding and convolution --------------------------------------------
def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool1d``: F's without ``return_indices`` (an empty ``stride`` is ``kernel_size``)."""
    return _pooling.max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool2d``: F's without ``return_indices`` (an empty ``stride`` is ``kernel_size``)."""
    return _pooling.max_pool2d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool3d``: F's without ``return_indices`` (an empty ``stride`` is ``kernel_size``)."""
    return _pooling.max_pool3d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool1d_with_indices``: (output, indices) of ``F.max_pool1d``."""
    return _pooling.max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode, True)


def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    """``torch.avg_pool1d``: F's (an empty ``stride`` is ``kernel_size``)."""
    return _pooling.avg_pool1d(input, kernel_size, stride or None, padding, ceil_mode, count_include_pad)


def adaptive_max_pool1d(input, output_size):
    """``torch.adaptive_max_pool1d``: (output, indices) of ``F.adaptive_max_pool1d``."""
    return _adaptive_max_pool1d(input, output_size, True)


def constant_pad_nd(input, pad, value=0):
    """``torch.constant_pad_nd``: ``F.pad(input, pad, 'constant', value)`` (negative pads crop)."""
    return _pad(input, pad, "constant", value)


def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """``torch.convolution``: the 1-, 2- or 3-D convolution (``transposed``: transposed convolution) that
    ``weight``'s dims (2 + the spatial dims) name, every argument required."""
    dims = weight.ndim - 2
    if dims not in (1, 2, 3):
        raise ValueError(f"convolution: weight must have 3, 4 or 5 dims (out, in/groups, *kernel), got shape "
                         f"{tuple(weight.shape)}")
    if transposed:
        conv = getattr(_conv, f"conv_transpose{dims}d")
        return conv(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return getattr(_conv, f"conv{dims}d")(input, weight, bias, stride, padding, dilation, groups)


def conv_tbc(input, weight, bias, pad=0):
    """``torch.conv_tbc``: 1-D convolution of ``input`` (time, batch, in) with ``weight`` (kernel, in, out)
    and ``bias`` (out), zero-padded by ``pad`` at both ends; the result is (time', batch, out)."""
    if input.ndim != 3 or weight.ndim != 3 or bias.ndim != 1:
        raise ValueError(f"conv_tbc: expected input (time, batch, in), weight (kernel, in, out) and bias (out), "
                         f"got shapes {tuple(input.shape)}, {tuple(weight.shape)} and {tuple(bias.shape)}")
    out = _conv.conv1d(permute(input, (1, 2, 0)), permute(weight, (2, 1, 0)), bias, padding=pad)
    return permute(out, (2, 0, 1))


# -- in-place and native forms ----------------------------------------------------
rrelu_ = inplace_form("rrelu_", _rrelu)
dropout_ = inplace_form("dropout_", dropout)
alpha_dropout_ = inplace_form("alpha_dropout_", alpha_dropout)
feature_alpha_dropout_ = inplace_form("feature_alpha_dropout_", feature_alpha_dropout)


def feature_dropout(input, p, train):
    """``torch.feature_dropout``: dropout of whole channels (dim 1 of an input of at least 2 dims)."""
    return _dropout_of("feature_dropout", input, p, train, _channels)


feature_dropout_ = inplace_form("feature_dropout_", feature_dropout)
native_channel_shuffle = _channel_shuffle


def native_dropout(input, p, train):
    """``torch.native_dropout``: (output, mask), the bool ``mask`` True where an element was kept; ``train``
    None counts as True, and without training the output is the input and the mask all True."""
    input = as_tensor(input)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"native_dropout: probability p must be between 0 and 1, got {p}")
    xp = get_array_module(input._data)
    if train is False:
        return input, Tensor(xp.ones(input.shape, bool))
    if input.dtype.kind != "f":
        raise TypeError(f"native_dropout: expected a floating-point input, got dtype {input.dtype}")
    keep = uniform_array(xp, input.shape, input.dtype) >= p
    scale = keep * input.dtype.type(1.0 / (1.0 - p) if p < 1 else 0.0)
    return _MaskScale(scale.astype(input.dtype))(input), Tensor(keep)


def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """``torch.native_layer_norm``: (output, mean, rstd), the statistics over the normalised dims kept as size 1."""
    input = as_tensor(input)
    mean, _, _, rstd = _norm._moments(input, _norm._trailing_axes("layer_norm", input, normalized_shape)[1], eps)
    return _norm.layer_norm(input, normalized_shape, weight, bias, eps), mean, rstd


def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """``torch.native_batch_norm``: (output, save_mean, save_invstd), the batch's per-channel mean and
    1 / sqrt(biased var + eps) when training, empty tensors otherwise; running statistics update as F's."""
    input = as_tensor(input)
    out = _norm.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if not training:
        empty = Tensor(get_array_module(input._data).empty(0, input.dtype))
        return out, empty, empty
    mean, _, _, invstd = _norm._moments(input, _norm._channel_axes(input)[0], eps)
    return out, reshape(mean, (-1,)), reshape(invstd, (-1,))


def native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """``torch.native_group_norm``: (output, mean, rstd), the statistics (N, group) of each group of each sample;
    ``N * C * HxW`` must be the input's number of elements."""
    input = as_tensor(input)
    if input.ndim < 2 or input.shape[:2] != (N, C) or N * C * HxW != input.numel():
        raise ValueError(f"native_group_norm: N={N}, C={C}, HxW={HxW} do not describe input of shape {input.shape}")
    out = _norm.group_norm(input, group, weight, bias, eps)
    mean, _, _, rstd = _norm._moments(reshape(input, (N, group, -1)), (2,), eps)
    return out, reshape(mean, (N, group)), reshape(rstd, (N, group))


_BAG_MODES = ("sum", "mean", "max")


def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """``torch.embedding_bag``: ``F.embedding_bag`` with the weight first and ``mode`` an int (0 sum, 1 mean,
    2 max; a negative ``padding_idx`` counts from the end), returning (output, offset2bag, bag_size, max_indices) as
    PyTorch's CPU kernel for float64: the bag of each index; each bag's number of indices (padding left out;
    for sum, zeros, one per offset); and for max the index that gave each maximum (0 in an empty bag), for mean
    the bag sizes, for sum zeros. (PyTorch's float32 sum path leaves offset2bag empty; here it is always filled.)"""
    if isinstance(mode, bool) or mode not in (0, 1, 2):
        raise ValueError(f"embedding_bag: mode must be the int 0 (sum), 1 (mean) or 2 (max), got {mode!r}")
    weight = as_tensor(weight)
    padding_idx = None if padding_idx is None else padding_idx % weight.shape[0]
    out = _embedding_bag(indices, weight, offsets, None, 2, scale_grad_by_freq, _BAG_MODES[mode], sparse,
                         per_sample_weights, include_last_offset, padding_idx)
    flat = array_on(indices, weight).reshape(-1)
    xp = get_array_module(flat)
    bag, bags = _bag_of_each_entry(flat, offsets, include_last_offset, xp)
    keep = None if padding_idx is None else flat != padding_idx
    if mode == 0:  # zeros, one per offset (include_last_offset's last one too), as PyTorch
        zeros = Tensor(xp.zeros(len(offsets), np.int64))
        return out, Tensor(bag), zeros, zeros
    sizes = _counts(bag, keep, bags, xp).astype(np.int64)
    if mode == 1:
        return out, Tensor(bag), Tensor(sizes), Tensor(sizes)
    # the first place in its bag where each maximum occurs, found as a minimum of places
    rows = weight._data[flat]
    hit = rows == out._data[bag]
    if keep is not None:
        hit &= keep[:, None]
    places = Tensor(xp.where(hit, xp.arange(flat.size)[:, None], flat.size))
    first = scatter_reduce(Tensor(xp.full(out.shape, flat.size)), 0, Tensor(xp.broadcast_to(bag[:, None], hit.shape)),
                           places, "amin")._data
    found = first < flat.size
    return out, Tensor(bag), Tensor(sizes), Tensor(xp.where(found, flat[xp.where(found, first, 0)], 0))
