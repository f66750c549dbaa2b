"""PyTorch's deprecated resizing functions, kept as the ``interpolate`` calls they stand for."""
import warnings

from .resize import interpolate

__all__ = ["upsample_nearest", "upsample_bilinear"]


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='nearest')``."""
    warnings.warn("nn.functional.upsample_nearest is deprecated; use nn.functional.interpolate instead",
                  UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)``
    (note align_corners=True, unlike interpolate's default)."""
    warnings.warn("nn.functional.upsample_bilinear is deprecated; use nn.functional.interpolate instead",
                  UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
