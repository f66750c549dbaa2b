"""Fractional max pooling layers: the module forms of ``F.fractional_max_pool2d`` and ``3d``."""
from ..functional._windows import ntuple
from ..functional.fractional_max_pool import fractional_max_pool2d, fractional_max_pool3d, ratio_tuple
from ..module import Module

__all__ = ["FractionalMaxPool2d", "FractionalMaxPool3d"]


class FractionalMaxPool2d(Module):
    """Max pooling over (kH, kW) windows at pseudo-random fractional strides, to ``output_size`` or to
    ``output_ratio`` times the input size (``F.fractional_max_pool2d``). New window positions are drawn
    on every call unless ``_random_samples`` (N, C, 2) fixes them."""

    _dims, _fn = 2, staticmethod(fractional_max_pool2d)

    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                 _random_samples=None):
        super().__init__()
        name = type(self).__name__
        self.kernel_size = ntuple(kernel_size, self._dims, "kernel_size", name)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        if (output_size is None) == (output_ratio is None):
            raise ValueError(f"{name}: give exactly one of output_size and output_ratio")
        self.output_size = None if output_size is None else ntuple(output_size, self._dims, "output_size", name)
        self.output_ratio = None if output_ratio is None else ratio_tuple(name, self._dims, output_ratio)

    def forward(self, input):
        return self._fn(input, self.kernel_size, self.output_size, self.output_ratio, self.return_indices,
                        self._random_samples)


class FractionalMaxPool3d(FractionalMaxPool2d):
    """``FractionalMaxPool2d`` over (N, C, D, H, W) or (C, D, H, W) input (``F.fractional_max_pool3d``);
    ``_random_samples`` is (N, C, 3)."""

    _dims, _fn = 3, staticmethod(fractional_max_pool3d)
