"""Sliding-window geometry shared by convolution and pooling, over any number of spatial dims
(2-D pooling and conv, 3-D conv; 1-D ops use a height-1 view of the 2-D ones).

A ``Window`` fixes kernel size, stride, padding (one (before, after) pair per spatial dim),
dilation and the output size for one input size. ``slices(*tap)`` is the basic-slicing view
of a padded input that kernel tap ``tap`` (one index per spatial dim) reads for every output
pixel at once, so ops loop over the few taps, never over pixels. The sizes keep their 2-D
names (``in_hw``, ``out_hw``) but hold as many entries as there are spatial dims.
"""
import itertools
import operator

from autograd_core.backend import get_array_module


def ntuple(value, n, name, op):
    """An int or a sequence of ``n`` ints -> a tuple of ``n`` ints (PyTorch's ``_pair``, ``_triple``)."""
    try:
        if not isinstance(value, (tuple, list)):
            return (operator.index(value),) * n
        if len(value) == n:
            return tuple(map(operator.index, value))
        error = ValueError
    except TypeError:
        error = TypeError
    raise error(f"{op}: {name} must be an int or a {n}-tuple of ints, got {value!r}")


def pair(value, name, op):
    """An int or a pair of ints -> a tuple of two ints (PyTorch's ``_pair``)."""
    return ntuple(value, 2, name, op)


def single(value, name, op):
    """An int or a 1-tuple -> an int (PyTorch's ``_single``)."""
    return ntuple(value, 1, name, op)[0]


class Window:
    """Kernel, stride, pads ((before, after) per spatial dim), dilation, input and output sizes."""

    def __init__(self, kernel, stride, pads, dilation, in_hw, out_hw):
        self.kernel, self.stride, self.pads, self.dilation = kernel, stride, pads, dilation
        self.in_hw, self.out_hw = in_hw, out_hw

    @classmethod
    def for_input(cls, kernel, stride, pads, dilation, in_hw, op):
        """Compute the output size (floor mode) and refuse empty outputs with a clear error."""
        out = []
        for n, (before, after), d, k, s in zip(in_hw, pads, dilation, kernel, stride):
            span = n + before + after - d * (k - 1) - 1
            out.append(span // s + 1 if span >= 0 else 0)
        if min(out) <= 0:
            raise ValueError(f"{op}: input of spatial size {tuple(in_hw)} with padding {pads} is smaller than "
                             f"the dilated kernel {kernel} (dilation {dilation}); output would be {tuple(out)}. "
                             "Use a larger input, more padding or a smaller kernel")
        return cls(kernel, stride, pads, dilation, tuple(in_hw), tuple(out))

    @property
    def padded_hw(self):
        return tuple(n + before + after for n, (before, after) in zip(self.in_hw, self.pads))

    @property
    def has_padding(self):
        return any(before or after for before, after in self.pads)

    @property
    def interior(self):
        """Slices of the spatial dims of a padded input that hold the unpadded input."""
        return tuple(slice(before, before + n) for n, (before, _) in zip(self.in_hw, self.pads))

    def tiles(self):
        """True when the windows cover the padded input exactly once (e.g. 2x2 pooling, stride 2)."""
        return all(d == 1 for d in self.dilation) and all(
            s == k and n == o * s for s, k, n, o in zip(self.stride, self.kernel, self.padded_hw, self.out_hw))

    def taps(self):
        """Kernel positions, each a tuple of one index per spatial dim, row-major (the order of weight[..., i, j])."""
        return list(itertools.product(*map(range, self.kernel)))

    def slices(self, *tap):
        """Index into the spatial (last) dims of a padded input: what ``tap`` reads for every output pixel."""
        return (Ellipsis,) + tuple(slice(i * d, i * d + s * (o - 1) + 1, s)
                                   for i, s, d, o in zip(tap, self.stride, self.dilation, self.out_hw))

    def inside(self, *tap):
        """(slices of the input, slices of the output), one per spatial dim: the input pixels ``tap``
        reads inside the unpadded input and the output pixels they go to; None when the tap reads
        only padding. col2im uses it to add each tap's gradient without a padded buffer."""
        src, dst = [], []
        for i, n, o, s, d, (p, _) in zip(tap, self.in_hw, self.out_hw, self.stride, self.dilation, self.pads):
            lo = max(0, -(-(p - i * d) // s))
            hi = min(o, (n - 1 + p - i * d) // s + 1)
            if hi <= lo:
                return None
            start = lo * s + i * d - p
            src.append(slice(start, start + (hi - lo - 1) * s + 1, s))
            dst.append(slice(lo, hi))
        return tuple(src), tuple(dst)

    def pad(self, x, value=0.0):
        """``x`` (..., *spatial) padded by ``pads`` with ``value`` (``x`` itself when there is no padding), in
        ``x``'s memory order (a conv output's (C, H, W, N) stays so: ops mixing memory orders run slower)."""
        if not self.has_padding:
            return x
        out = get_array_module(x).full_like(x, value, shape=x.shape[:-len(self.in_hw)] + self.padded_hw)
        out[(Ellipsis,) + self.interior] = x
        return out

    def crop(self, xpad):
        """Inverse of ``pad``: the view of the unpadded region."""
        if not self.has_padding:
            return xpad
        return xpad[(Ellipsis,) + self.interior]
