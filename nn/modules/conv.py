"""Convolution layers: Conv1d/2d/3d and ConvTranspose1d/2d/3d (PyTorch's shapes and init)."""

from autograd_core import creation
from autograd_core.ops.shape import pad

from .. import init
from ..functional._windows import ntuple
from ..functional.conv import conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d
from ..module import Module
from ..parameter import Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]

_PADDING_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


class _ConvNd(Module):
    """Shared parameters and init. The weight is (out, in/groups, *kernel) for a convolution and
    (in, out/groups, *kernel) for a transposed one, as PyTorch; both initialise with
    kaiming_uniform_(a=sqrt(5)) and a bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""

    _dims = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                 padding_mode, output_padding=0, device=None, dtype=None):
        super().__init__()
        name = type(self).__name__
        if groups < 1 or in_channels % groups or out_channels % groups:
            raise ValueError(f"{name}: in_channels ({in_channels}) and out_channels ({out_channels}) must both be "
                             f"divisible by groups ({groups})")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"{name}: padding_mode must be one of {sorted(_PADDING_MODES)}, got {padding_mode!r}")
        if isinstance(padding, str) and (padding not in ("same", "valid") or self._transposed):
            raise ValueError(f"{name}: padding must be an int or a tuple{'' if self._transposed else ', or same/valid'}"
                             f", got {padding!r}")
        if self._transposed and padding_mode != "zeros":
            raise ValueError(f"{name}: only padding_mode='zeros' is supported, got {padding_mode!r}")
        def tup(value, what):
            return ntuple(value, self._dims, what, name)

        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = tup(kernel_size, "kernel_size"), tup(stride, "stride")
        self.padding = padding if isinstance(padding, str) else tup(padding, "padding")
        self.dilation, self.output_padding = tup(dilation, "dilation"), tup(output_padding, "output_padding")
        self.groups, self.padding_mode = groups, padding_mode
        shape = ((in_channels, out_channels // groups) if self._transposed
                 else (out_channels, in_channels // groups)) + self.kernel_size
        self.weight = Parameter(creation.empty(*shape, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(creation.empty(out_channels, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init._default_layer_init(self.weight, self.bias)

    def _padded(self, input):
        """Non-zero padding modes pad explicitly, then the conv runs unpadded (as PyTorch does)."""
        if self.padding_mode == "zeros":
            return input, self.padding
        if self.padding == "valid":
            return input, 0
        if self.padding == "same":
            widths = []
            for k, d in zip(reversed(self.kernel_size), reversed(self.dilation)):
                total = d * (k - 1)
                widths += [total // 2, total - total // 2]
        else:
            widths = [p for p in reversed(self.padding) for _ in range(2)]
        return pad(input, widths, mode=_PADDING_MODES[self.padding_mode]), 0

    def extra_repr(self):
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}")
        if self.padding != (0,) * self._dims:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self._dims:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self._dims:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class _Conv(_ConvNd):
    """Shared by Conv1d, Conv2d and Conv3d: PyTorch's constructor, and a forward through ``_conv``."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device=device, dtype=dtype)

    def forward(self, input):
        x, padding = self._padded(input)
        return self._conv(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv2d(_Conv):
    """2-D convolution layer: weight (out_channels, in_channels/groups, kh, kw); see ``F.conv2d``.

    Example:
        >>> conv = nn.Conv2d(3, 16, 3, padding=1)
        >>> conv(ag.randn(8, 3, 32, 32)).shape
        (8, 16, 32, 32)
    """

    _conv = staticmethod(conv2d)


class Conv1d(_Conv):
    """1-D convolution layer over (N, C, L): weight (out_channels, in_channels/groups, k); see ``F.conv1d``."""

    _dims = 1
    _conv = staticmethod(conv1d)


class Conv3d(_Conv):
    """3-D convolution layer over (N, C, D, H, W): weight (out_channels, in_channels/groups, kd, kh, kw);
    see ``F.conv3d``.

    Example:
        >>> conv = nn.Conv3d(3, 8, 3, padding=1)
        >>> conv(ag.randn(2, 3, 4, 8, 8)).shape
        (2, 8, 4, 8, 8)
    """

    _dims = 3
    _conv = staticmethod(conv3d)


class _ConvTransposeNd(_ConvNd):
    """Shared by the transposed convolutions: ``output_size`` in forward picks ``output_padding``."""

    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, output_padding, device=device, dtype=dtype)

    def _output_padding(self, input, output_size):
        if output_size is None:
            return self.output_padding
        output_size = tuple(output_size)[-self._dims:]
        pads = []
        for d in range(self._dims):
            smallest = ((input.shape[d - self._dims] - 1) * self.stride[d] - 2 * self.padding[d]
                        + self.dilation[d] * (self.kernel_size[d] - 1) + 1)
            extra = output_size[d] - smallest
            if not 0 <= extra < self.stride[d]:
                raise ValueError(f"{type(self).__name__}: requested output size {output_size} is not reachable from "
                                 f"input {input.shape}; sizes from {smallest} to {smallest + self.stride[d] - 1} "
                                 f"are possible in dim {d}")
            pads.append(extra)
        return tuple(pads)

    def forward(self, input, output_size=None):
        return self._conv_transpose(input, self.weight, self.bias, self.stride, self.padding,
                                    self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose2d(_ConvTransposeNd):
    """2-D transposed convolution layer: weight (in_channels, out_channels/groups, kh, kw);
    see ``F.conv_transpose2d``. ``forward(input, output_size=None)`` picks output_padding from a
    requested output size, as PyTorch.

    Example:
        >>> up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        >>> up(ag.randn(1, 16, 8, 8)).shape
        (1, 8, 16, 16)
    """

    _conv_transpose = staticmethod(conv_transpose2d)


class ConvTranspose1d(_ConvTransposeNd):
    """1-D transposed convolution layer: weight (in_channels, out_channels/groups, k)."""

    _dims = 1
    _conv_transpose = staticmethod(conv_transpose1d)


class ConvTranspose3d(_ConvTransposeNd):
    """3-D transposed convolution layer: weight (in_channels, out_channels/groups, kd, kh, kw);
    see ``F.conv_transpose3d``."""

    _dims = 3
    _conv_transpose = staticmethod(conv_transpose3d)
