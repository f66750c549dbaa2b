"""Dropout layers."""
from ..functional.linear import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d, feature_alpha_dropout
from ..module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]


class Dropout(Module):
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p) in training
    mode; the identity in eval mode (``model.eval()``)."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"{type(self).__name__}: probability p must be between 0 and 1, got {p}")
        self.p, self.inplace = p, inplace

    fn = staticmethod(dropout)

    def forward(self, input):
        return type(self).fn(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(Dropout):
    """Zero whole channels of (N, C, L) or (C, L) input with probability ``p`` in training mode,
    scaling the rest by 1 / (1 - p); the identity in eval mode."""

    fn = staticmethod(dropout1d)


class Dropout2d(Dropout):
    """Zero whole channels of (N, C, H, W) input with probability ``p`` in training mode, scaling the
    rest by 1 / (1 - p); the identity in eval mode."""

    fn = staticmethod(dropout2d)


class Dropout3d(Dropout):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) input with probability ``p`` in training
    mode, scaling the rest by 1 / (1 - p); the identity in eval mode."""

    fn = staticmethod(dropout3d)


class AlphaDropout(Dropout):
    """``F.alpha_dropout`` in training mode (for SELU networks: keeps zero mean and unit variance);
    the identity in eval mode."""

    fn = staticmethod(alpha_dropout)


class FeatureAlphaDropout(Dropout):
    """``F.feature_alpha_dropout`` (alpha dropout of whole channels) in training mode; the identity
    in eval mode."""

    fn = staticmethod(feature_alpha_dropout)
