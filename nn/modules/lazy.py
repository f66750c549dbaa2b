"""Lazy layers (``nn.LazyLinear``, ``nn.LazyConv2d`` ...): ``in_features`` / ``in_channels`` come from the
first input. Until then the weights are UninitializedParameters; the first call gives them their shape and
the eager layer's initialisation, and turns the module into that layer (a LazyLinear becomes a Linear), as
PyTorch does."""
from ..parameter import UninitializedParameter
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .linear import Linear

__all__ = ["UninitializedParameter", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyConvTranspose3d"]


class _Lazy:
    """Shared by the lazy layers: placeholders for the parameters, and the switch to the eager layer."""

    def _placeholders(self):
        for name, p in self._parameters.items():
            if p is not None:
                setattr(self, name, UninitializedParameter(device=p.device, dtype=p.dtype))

    def reset_parameters(self):
        """Nothing to initialise before the first call (the eager layer's init runs then)."""

    def forward(self, input, *args, **kwargs):
        eager = self._eager(self._in_size(input))
        for name, p in eager._parameters.items():
            if isinstance(self._parameters[name], UninitializedParameter):  # not loaded from a state_dict
                self._parameters[name].materialize(p)
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
    doc = f"``nn.{cls.__name__}`` whose ``in_channels`` is read from the first input (dim 1, or 0 when unbatched)."
    return type(name, (base, cls), {"_cls_to_become": cls, "__doc__": doc, "__module__": __name__})


LazyConv1d, LazyConv2d, LazyConv3d = (_lazy(c, _LazyConv) for c in (Conv1d, Conv2d, Conv3d))
LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d = (
    _lazy(c, _LazyConvTranspose) for c in (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d))
