"""Pooling and resampling layers: MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d,
AdaptiveMaxPool1d/2d/3d, MaxUnpool1d/2d/3d, LPPool1d/2d/3d, Upsample."""
from .. import functional as F
from ..functional._windows import ntuple
from ..module import Module

__all__ = ["MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d",
           "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
           "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "LPPool1d", "LPPool2d", "LPPool3d", "Upsample",
           "UpsamplingNearest2d", "UpsamplingBilinear2d"]


class _MaxPoolNd(Module):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, kernel_size if stride is None else stride
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return type(self)._fn(input, self.kernel_size, self.stride, self.padding, self.dilation,
                              ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class _AvgPoolNd(Module):
    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """1-D average pooling; see ``F.avg_pool1d``. Keeps its sizes as 1-tuples, as PyTorch."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = ntuple(kernel_size, 1, "kernel_size", "AvgPool1d")
        self.stride = ntuple(kernel_size if stride is None else stride, 1, "stride", "AvgPool1d")
        self.padding = ntuple(padding, 1, "padding", "AvgPool1d")
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


class _AvgPoolWithDivisor(_AvgPoolNd):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, kernel_size if stride is None else stride
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return type(self)._fn(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                              self.count_include_pad, self.divisor_override)


class _AdaptivePoolNd(Module):
    _fn = None

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return type(self)._fn(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class _AdaptiveMaxPoolNd(_AdaptivePoolNd):
    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input):
        return type(self)._fn(input, self.output_size, self.return_indices)


class _MaxUnpoolNd(Module):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        name, dims = type(self).__name__, self._dims
        self.kernel_size = ntuple(kernel_size, dims, "kernel_size", name)
        self.stride = ntuple(kernel_size if stride is None else stride, dims, "stride", name)
        self.padding = ntuple(padding, dims, "padding", name)

    def forward(self, input, indices, output_size=None):
        return type(self)._fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _LPPoolNd(Module):
    _fn = None

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def forward(self, input):
        return type(self)._fn(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self):
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"ceil_mode={self.ceil_mode}")


def _per_dim(base, name, fn_name, doc, dims=(1, 2, 3)):
    """PyTorch's ``<name>1d/2d/3d`` layers: ``base`` with ``_fn`` = ``F.<fn_name><d>d`` and ``_dims`` = d."""
    return [type(f"{name}{d}d", (base,), {"__doc__": doc.format(d=d), "__module__": __name__, "_dims": d,
                                          "_fn": staticmethod(getattr(F, f"{fn_name}{d}d"))}) for d in dims]


_CLASSES = (
    _per_dim(_MaxPoolNd, "MaxPool", "max_pool",
             "{d}-D max pooling; see ``F.max_pool{d}d``. ``stride`` defaults to ``kernel_size``.")
    + _per_dim(_AvgPoolWithDivisor, "AvgPool", "avg_pool", "{d}-D average pooling; see ``F.avg_pool{d}d``.",
               dims=(2, 3))
    + _per_dim(_AdaptivePoolNd, "AdaptiveAvgPool", "adaptive_avg_pool",
               "{d}-D average pooling to a fixed output size (an int, or {d} sizes, None keeping a dim); "
               "see ``F.adaptive_avg_pool{d}d``.")
    + _per_dim(_AdaptiveMaxPoolNd, "AdaptiveMaxPool", "adaptive_max_pool",
               "{d}-D max pooling to a fixed output size (an int, or {d} sizes, None keeping a dim); "
               "see ``F.adaptive_max_pool{d}d``.")
    + _per_dim(_MaxUnpoolNd, "MaxUnpool", "max_unpool",
               "Partial inverse of MaxPool{d}d: ``forward(input, indices, output_size=None)``; "
               "see ``F.max_unpool{d}d``.")
    + _per_dim(_LPPoolNd, "LPPool", "lp_pool", "{d}-D power-average pooling; see ``F.lp_pool{d}d``."))
globals().update({cls.__name__: cls for cls in _CLASSES})


class Upsample(Module):
    """Resize by ``size`` or ``scale_factor`` with mode 'nearest', 'nearest-exact', 'area', 'linear',
    'bilinear', 'bicubic' or 'trilinear'; see ``F.interpolate`` (as PyTorch's layer, no ``antialias``).

    Example:
        >>> nn.Upsample(scale_factor=2, mode="bilinear")(ag.randn(1, 3, 8, 8)).shape
        (1, 3, 16, 16)
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        if scale_factor is not None:  # kept as floats, as PyTorch (its repr shows 2.0)
            scale_factor = tuple(map(float, scale_factor)) if isinstance(scale_factor, (tuple, list)) else float(
                scale_factor)
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             self.recompute_scale_factor)

    def extra_repr(self):
        what = f"size={self.size}" if self.size is not None else f"scale_factor={self.scale_factor}"
        return f"{what}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Nearest-neighbour upsampling (PyTorch's older layer name)."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear upsampling with align_corners=True (PyTorch's older layer name)."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
