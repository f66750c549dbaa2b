"""PyTorch's top-level forms of nn.functional ops whose signature differs from F's (``torch.dropout``
takes ``train``, ``torch.batch_norm`` puts weight and bias first, ``torch.embedding`` the weight first).
``autograd_core``'s module ``__getattr__`` serves these, and F's own functions for the other names."""
from .embedding import embedding as _embedding
from .linear import alpha_dropout as _alpha_dropout
from .linear import dropout as _dropout
from .linear import feature_alpha_dropout as _feature_alpha_dropout
from .normalization import batch_norm as _batch_norm
from .normalization import instance_norm as _instance_norm


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
