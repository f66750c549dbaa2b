"""Sliding-window geometry shared by convolution and pooling (2-D; 1-D ops use a height-1 view).

A ``Window`` fixes kernel size, stride, padding (top, bottom, left, right),
dilation and the output size for one input size. ``slices(i, j)`` is the
basic-slicing view of a padded input that kernel tap ``(i, j)`` reads for
every output pixel at once, so ops loop over the few taps, never over pixels.
"""
from autograd_core.backend import get_array_module


def pair(value, name, op):
    """An int or a pair of ints -> a tuple of two ints (PyTorch's ``_pair``)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{op}: {name} must be an int or a pair of ints, got {value!r}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def single(value, name, op):
    """An int or a 1-tuple -> an int (PyTorch's ``_single``)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise ValueError(f"{op}: {name} must be an int or a 1-tuple for a 1-D op, got {value!r}")
        return int(value[0])
    return int(value)


class Window:
    """Kernel (kh, kw), stride, pads ((top, bottom), (left, right)), dilation, output size."""

    def __init__(self, kernel, stride, pads, dilation, in_hw, out_hw):
        self.kernel, self.stride, self.pads, self.dilation = kernel, stride, pads, dilation
        self.in_hw, self.out_hw = in_hw, out_hw

    @classmethod
    def for_input(cls, kernel, stride, pads, dilation, in_hw, op):
        """Compute the output size (floor mode) and refuse empty outputs with a clear error."""
        out = []
        for a in range(2):
            span = in_hw[a] + pads[a][0] + pads[a][1] - dilation[a] * (kernel[a] - 1) - 1
            out.append(span // stride[a] + 1 if span >= 0 else 0)
        if min(out) <= 0:
            raise ValueError(f"{op}: input of spatial size {tuple(in_hw)} with padding {pads} is smaller than "
                             f"the dilated kernel {kernel} (dilation {dilation}); output would be {tuple(out)}. "
                             "Use a larger input, more padding or a smaller kernel")
        return cls(kernel, stride, pads, dilation, tuple(in_hw), tuple(out))

    @property
    def padded_hw(self):
        (t, b), (l, r) = self.pads
        return self.in_hw[0] + t + b, self.in_hw[1] + l + r

    @property
    def has_padding(self):
        return any(self.pads[0]) or any(self.pads[1])

    def tiles(self):
        """True when the windows cover the padded input exactly once (e.g. 2x2 pooling, stride 2)."""
        return self.dilation == (1, 1) and all(
            s == k and n == o * s for s, k, n, o in zip(self.stride, self.kernel, self.padded_hw, self.out_hw))

    def taps(self):
        """Kernel positions (i, j), row-major (the order of weight[..., i, j])."""
        return [(i, j) for i in range(self.kernel[0]) for j in range(self.kernel[1])]

    def slices(self, i, j):
        """Index into the last two dims of a padded input: what tap (i, j) reads for every output pixel."""
        (sh, sw), (dh, dw), (oh, ow) = self.stride, self.dilation, self.out_hw
        return (Ellipsis, slice(i * dh, i * dh + sh * (oh - 1) + 1, sh),
                slice(j * dw, j * dw + sw * (ow - 1) + 1, sw))

    def inside(self, i, j):
        """((row, col) slices of the input, (row, col) slices of the output): the input pixels tap
        (i, j) reads inside the unpadded input and the output pixels they go to; None when the tap
        reads only padding. col2im uses it to add each tap's gradient without a padded buffer."""
        src, dst = [], []
        for tap, n, o, s, d, (p, _) in zip((i, j), self.in_hw, self.out_hw, self.stride, self.dilation, self.pads):
            lo = max(0, -(-(p - tap * d) // s))
            hi = min(o, (n - 1 + p - tap * d) // s + 1)
            if hi <= lo:
                return None
            start = lo * s + tap * d - p
            src.append(slice(start, start + (hi - lo - 1) * s + 1, s))
            dst.append(slice(lo, hi))
        return tuple(src), tuple(dst)

    def pad(self, x, value=0.0):
        """``x`` (..., H, W) padded by ``pads`` with ``value`` (``x`` itself when there is no padding)."""
        if not self.has_padding:
            return x
        xp = get_array_module(x)
        (t, _), (l, _) = self.pads
        out = xp.full(x.shape[:-2] + self.padded_hw, value, x.dtype)
        out[..., t:t + self.in_hw[0], l:l + self.in_hw[1]] = x
        return out

    def crop(self, xpad):
        """Inverse of ``pad``: the view of the unpadded region."""
        if not self.has_padding:
            return xpad
        (t, _), (l, _) = self.pads
        return xpad[..., t:t + self.in_hw[0], l:l + self.in_hw[1]]
