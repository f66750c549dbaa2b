"""Lazy layers (``nn.LazyLinear``, ``nn.LazyConv2d`` ...): ``in_features`` / ``in_channels`` come from the
first input. Until then the weights are UninitializedParameters; the first call gives them their shape and
the eager layer's initialisation, and turns the module into that layer (a LazyLinear becomes a Linear), as
PyTorch does."""
from ..parameter import UninitializedBuffer, UninitializedParameter, UninitializedTensorMixin
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .linear import Linear
from .normalization import (BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d,
                            _InstanceNorm)

__all__ = ["UninitializedParameter", "UninitializedBuffer", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d",
           "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d",
           "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class _Lazy:
    """Shared by the lazy layers: placeholders for the parameters (and the buffers sized by the missing
    feature count, empty until then), and the switch to the eager layer."""

    def _placeholders(self):
        for name, p in self._parameters.items():
            if p is not None:
                setattr(self, name, UninitializedParameter(device=p.device, dtype=p.dtype))
        for name, b in self._buffers.items():
            if b is not None and b.numel() == 0:
                self._buffers[name] = UninitializedBuffer(device=b.device, dtype=b.dtype)

    def reset_parameters(self):
        """Nothing to initialise before the first call (the eager layer's init runs then)."""

    def forward(self, input, *args, **kwargs):
        eager = self._eager(self._in_size(input))
        for registry in ("_parameters", "_buffers"):
            own = getattr(self, registry)
            for name, t in getattr(eager, registry).items():
                if isinstance(own[name], UninitializedTensorMixin):  # not loaded from a state_dict
                    own[name].materialize(t)
        setattr(self, self._in_attr, getattr(eager, self._in_attr))
        self.__class__ = type(eager)
        return self.forward(input, *args, **kwargs)


class LazyLinear(_Lazy, Linear):
    """``nn.Linear`` whose ``in_features`` is the last dim of the first input it gets."""

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, out_features, bias, device, dtype)
        self._placeholders()

    _in_attr = "in_features"

    def _in_size(self, input):
        return input.shape[-1]

    def _eager(self, in_features):
        return Linear(in_features, self.out_features, self.bias is not None, self.weight.device, self.weight.dtype)


class _LazyConv(_Lazy):
    """A convolution whose ``in_channels`` is dim 1 of the first input (dim 0 when it is unbatched)."""

    _in_attr = "in_channels"

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         device=device, dtype=dtype)
        self._placeholders()

    def _in_size(self, input):
        return input.shape[1] if input.ndim == self._dims + 2 else input.shape[0]

    def _eager(self, in_channels):
        return self._cls_to_become(in_channels, self.out_channels, self.kernel_size, self.stride, self.padding,
                                   self.dilation, self.groups, self.bias is not None, self.padding_mode,
                                   self.weight.device, self.weight.dtype)


class _LazyConvTranspose(_LazyConv):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        self._cls_to_become.__init__(self, 0, out_channels, kernel_size, stride, padding, output_padding, groups,
                                     bias, dilation, padding_mode, device, dtype)
        self._placeholders()

    def _eager(self, in_channels):
        return self._cls_to_become(in_channels, self.out_channels, self.kernel_size, self.stride, self.padding,
                                   self.output_padding, self.groups, self.bias is not None, self.dilation,
                                   self.padding_mode, self.weight.device, self.weight.dtype)


def _lazy(cls, base):
    name = "Lazy" + cls.__name__
    doc = f"``nn.{cls.__name__}`` whose ``{base._in_attr}`` is read from the first input (dim 1, or 0 when unbatched)."
    return type(name, (base, cls), {"_cls_to_become": cls, "__doc__": doc, "__module__": __name__})

LazyConv1d, LazyConv2d, LazyConv3d = (_lazy(c, _LazyConv) for c in (Conv1d, Conv2d, Conv3d))
LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d = (
    _lazy(c, _LazyConvTranspose) for c in (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d))


class _LazyNorm(_Lazy):
    """A batch or instance norm whose ``num_features`` is dim 1 of the first input (dim 0 when unbatched).
    The defaults are PyTorch's for its lazy norms (so a LazyInstanceNorm is affine and tracks running stats,
    unlike an InstanceNorm)."""

    _in_attr = "num_features"

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
                 bias=True):
        self._cls_to_become.__init__(self, 0, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)
        self._placeholders()

    def _in_size(self, input):
        unbatched = issubclass(self._cls_to_become, _InstanceNorm) and input.ndim == self._cls_to_become._input_dims[0]
        return input.shape[0] if unbatched else input.shape[1]

    def _eager(self, num_features):
        like = next((t for t in (*self._parameters.values(), *self._buffers.values())
                     if isinstance(t, UninitializedTensorMixin)), None)  # None: neither affine nor tracking
        device, dtype = (None, None) if like is None else (like.device, like.dtype)
        return self._cls_to_become(num_features, self.eps, self.momentum, self.affine, self.track_running_stats,
                                   device, dtype, bias=not self.affine or self.bias is not None)


LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d = (
    _lazy(c, _LazyNorm) for c in (BatchNorm1d, BatchNorm2d, BatchNorm3d))
LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d = (
    _lazy(c, _LazyNorm) for c in (InstanceNorm1d, InstanceNorm2d, InstanceNorm3d))
