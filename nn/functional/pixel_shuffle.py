"""``pixel_shuffle`` and its inverse ``pixel_unshuffle`` (channels to space and back), and ``channel_shuffle``:
reshapes and a permute."""
import operator

from autograd_core.ops._util import as_tensor
from autograd_core.ops.shape import permute, reshape, swapaxes

__all__ = ["pixel_shuffle", "pixel_unshuffle", "channel_shuffle"]


def pixel_shuffle(input, upscale_factor):
    """(*, C * r^2, H, W) -> (*, C, H * r, W * r): each group of r^2 channels becomes an r x r block."""
    x, r = _checked("pixel_shuffle", input, upscale_factor, "upscale_factor")
    *lead, c, h, w = x.shape
    if c % (r * r):
        raise ValueError(f"pixel_shuffle: input of shape {x.shape} has {c} channels, which upscale_factor {r} "
                         f"needs divisible by {r * r}")
    n = len(lead)
    y = reshape(x, (*lead, c // (r * r), r, r, h, w))
    y = permute(y, tuple(range(n + 1)) + (n + 3, n + 1, n + 4, n + 2))
    return reshape(y, (*lead, c // (r * r), h * r, w * r))


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H * r, W * r) -> (*, C * r^2, H, W): the inverse of ``pixel_shuffle``."""
    x, r = _checked("pixel_unshuffle", input, downscale_factor, "downscale_factor")
    *lead, c, h, w = x.shape
    if h % r or w % r:
        raise ValueError(f"pixel_unshuffle: input of shape {x.shape} has a height and width that "
                         f"downscale_factor {r} must divide")
    n = len(lead)
    y = reshape(x, (*lead, c, h // r, r, w // r, r))
    y = permute(y, tuple(range(n + 1)) + (n + 2, n + 4, n + 1, n + 3))
    return reshape(y, (*lead, c * r * r, h // r, w // r))


def _checked(op, input, factor, name):
    x = as_tensor(input)
    if x.ndim < 3:
        raise ValueError(f"{op}: expected an input of at least 3 dims (*, C, H, W), got shape {x.shape}")
    if int(factor) != factor or factor < 1:
        raise ValueError(f"{op}: {name} must be a positive int, got {factor!r}")
    return x, int(factor)


def channel_shuffle(input, groups):
    """(N, C, *) -> (N, C, *) with the channels, seen as ``groups`` rows of C / groups, read by column
    (ShuffleNet): channel g * (C / groups) + i moves to i * groups + g."""
    x, groups = as_tensor(input), operator.index(groups)
    if x.ndim < 3:
        raise ValueError(f"channel_shuffle: expected an input of at least 3 dims (N, C, *), got shape {x.shape}")
    if groups < 1:
        raise ValueError(f"channel_shuffle: groups must be positive, got {groups}")
    n, c, *rest = x.shape
    if c % groups:
        raise ValueError(f"channel_shuffle: {c} channels (input shape {x.shape}) are not divisible by "
                         f"groups={groups}")
    return reshape(swapaxes(reshape(x, (n, groups, c // groups, *rest)), 1, 2), x.shape)
