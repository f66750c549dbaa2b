"""Convolutions: ``conv1d``, ``conv2d``, ``conv_transpose1d``, ``conv_transpose2d``.

One GEMM per convolution: im2col copies, for each of the kh*kw kernel taps, the
strided slice of the input that tap reads (zeros where it reads padding) into a
(C*kh*kw, OH*OW*N) matrix; the weight (O, C*kh*kw) times that matrix is the
output. Loops run over kernel taps only, never over batch, pixels or channels.

Three Functions, each the adjoint of another in one argument, make every order
of derivative a convolution again:

- ``_Conv(x, w)``: y = conv(x, w)
- ``_ConvTranspose(g, w)``: conv_transpose(g, w), the gradient of conv with respect to x (col2im)
- ``_ConvGradWeight(x, g)``: the gradient of conv with respect to w

Internally the channel axis leads and the batch axis is last ((C, H, W, N)
memory order): the GEMM writes its (O, OH*OW*N) result without a transpose
copy, and the tap copies of im2col, col2im and pooling move runs of W*N (not W)
contiguous elements, which matters for small images. Outputs are (N, C, H, W)
views of it, which elementwise ops and pooling keep, so the gradient that
comes back is already in the order the backward GEMMs want.
"""
from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops._util import as_tensor, result_dtype
from autograd_core.ops.arithmetic import cast
from autograd_core.ops.shape import reshape, squeeze, sum_to, unsqueeze
from autograd_core.tensor import Tensor

from ._windows import Window, pair, single

__all__ = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d"]


def _im2col(x, win):
    """x (N, C, H, W) -> (C*kh*kw, OH*OW*N) contiguous, rows ordered like weight.reshape(O, -1)'s columns."""
    xp = get_array_module(x)
    n, c = x.shape[:2]
    rows = n * win.out_hw[0] * win.out_hw[1]
    x = x.transpose(1, 2, 3, 0)
    if win.kernel == win.stride == win.dilation == (1, 1) and not win.has_padding:
        return x.reshape(c, rows)  # 1x1 conv: a view when x is in this module's layout already
    if win.has_padding:
        (top, bottom), (left, right) = win.pads
        h, w = win.in_hw
        xpad = xp.zeros((c, h + top + bottom, w + left + right, n), x.dtype)
        xpad[:, top:top + h, left:left + w] = x
    else:
        xpad = xp.ascontiguousarray(x)
    # Every tap's strided slice at once, as one (C, kh, kw, OH, OW, N) view of the padded input: one
    # copy makes the matrix (15-40% faster alone than a copy per tap that zeroes what it reads of padding).
    (kh, kw), (sh, sw), (dh, dw) = win.kernel, win.stride, win.dilation
    sc, sy, sx, sn = xpad.strides
    taps = xp.lib.stride_tricks.as_strided(xpad, (c, kh, kw) + win.out_hw + (n,),
                                           (sc, sy * dh, sx * dw, sy * sh, sx * sw, sn))
    return xp.ascontiguousarray(taps).reshape(c * kh * kw, rows)


def _col2im(col, win, n, c):
    """Adjoint of ``_im2col``: (C*kh*kw, OH*OW*N) -> (N, C, H, W), adding overlapping taps."""
    xp = get_array_module(col)
    kh, kw = win.kernel
    col = col.reshape((c, kh, kw) + win.out_hw + (n,))
    parts = [(win.inside(i, j), col[:, i, j]) for i, j in win.taps()]
    parts = [(inside, part) for inside, part in parts if inside is not None]
    # A tap that reads the whole input (the centre one of a 'same' conv) starts the sum: no zero fill.
    whole = (slice(0, win.in_hw[0], 1), slice(0, win.in_hw[1], 1))
    first = next((k for k, ((src, _), _) in enumerate(parts) if src == whole), None)
    if first is None:
        gx = xp.zeros((c,) + win.in_hw + (n,), col.dtype)
    else:
        (_, (ro, co)), part = parts.pop(first)
        gx = xp.array(part[:, ro, co])
    for ((ri, ci), (ro, co)), part in parts:
        gx[:, ri, ci] += part[:, ro, co]
    return gx.transpose(3, 0, 1, 2)


def _channels_first(y, groups):
    """(N, O, OH, OW) -> (groups, O/groups, OH*OW*N); free when y is a view made by ``_conv_forward``."""
    n, o, oh, ow = y.shape
    return y.transpose(1, 2, 3, 0).reshape(groups, o // groups, n * oh * ow)


def _grouped(a, groups):
    """(rows, ...) -> (groups, rows/groups, rest); explicit sizes, so an empty batch reshapes too."""
    return a.reshape(groups, a.shape[0] // groups, a.size // a.shape[0])


def _matmul(a, b):
    """Batched over groups; a plain 2-D GEMM for the usual single group."""
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return a @ b


def _conv_forward(x, w, b, win, groups):
    n, o = x.shape[0], w.shape[0]
    col = _im2col(x, win)
    y = _matmul(_grouped(w, groups), _grouped(col, groups)).reshape((o,) + win.out_hw + (n,))
    if b is not None:
        y += b.reshape(o, 1, 1, 1)
    return y.transpose(3, 0, 1, 2), col


def _conv_transpose_forward(g, w, win, groups, x_shape):
    gcol = _matmul(_grouped(w, groups).transpose(0, 2, 1), _channels_first(g, groups))
    return _col2im(gcol.reshape(gcol.shape[0] * gcol.shape[1], gcol.shape[2]), win, x_shape[0], x_shape[1])


def _conv_grad_weight(x, g, win, groups, w_shape, col=None):
    if col is None:
        col = _im2col(x, win)
    g, col = _channels_first(g, groups), _grouped(col, groups)
    if col.shape[1] > g.shape[1]:  # OpenBLAS runs this GEMM 15-20% faster with the longer side as rows
        return _matmul(col, g.transpose(0, 2, 1)).transpose(0, 2, 1).reshape(w_shape)
    return _matmul(g, col.transpose(0, 2, 1)).reshape(w_shape)


class _Conv(Function):
    """y = conv(x, w) + b: the forward of ``conv2d``."""

    def __init__(self, win, groups):
        self.win, self.groups = win, groups

    def forward(self, x, w, b=None):
        y, col = _conv_forward(x, w, b, self.win, self.groups)
        self.save_for_backward(x, w, col)
        return y

    def backward(self, gy):
        x, w, col = self.saved_tensors
        need = self.needs_input_grad
        gx = gw = gb = None
        if need[0]:
            gx = dual(_ConvTranspose(self.win, self.groups, x.shape), gy, w)
        if need[1]:
            # The cached im2col matrix saves a second im2col; under create_graph x must stay in the graph.
            cached = None if isinstance(gy, Tensor) else col
            gw = dual(_ConvGradWeight(self.win, self.groups, w.shape, cached), x, gy)
        if len(need) > 2 and need[2]:
            gb = reshape(sum_to(gy, (1, gy.shape[1], 1, 1)), (gy.shape[1],))
        return gx, gw, gb


class _ConvTranspose(Function):
    """conv_transpose(g, w) with the geometry of a conv whose input has ``x_shape``."""

    def __init__(self, win, groups, x_shape):
        self.win, self.groups, self.x_shape = win, groups, x_shape

    def forward(self, g, w):
        self.save_for_backward(g, w)
        return _conv_transpose_forward(g, w, self.win, self.groups, self.x_shape)

    def backward(self, gz):
        g, w = self.saved_tensors
        need = self.needs_input_grad
        gg = dual(_Conv(self.win, self.groups), gz, w) if need[0] else None
        gw = dual(_ConvGradWeight(self.win, self.groups, w.shape), gz, g) if need[1] else None
        return gg, gw


class _ConvGradWeight(Function):
    """The weight gradient of conv(x, w) for output gradient g; linear in x and in g."""

    def __init__(self, win, groups, w_shape, col=None):
        self.win, self.groups, self.w_shape, self.col = win, groups, w_shape, col

    def forward(self, x, g):
        self.save_for_backward(x, g)
        gw = _conv_grad_weight(x, g, self.win, self.groups, self.w_shape, self.col)
        self.col = None
        return gw

    def backward(self, gG):
        x, g = self.saved_tensors
        need = self.needs_input_grad
        gx = dual(_ConvTranspose(self.win, self.groups, x.shape), g, gG) if need[0] else None
        gg = dual(_Conv(self.win, self.groups), x, gG) if need[1] else None
        return gx, gg


def _same_dtype(op, *tensors):
    present = [t for t in tensors if t is not None]
    dtype = result_dtype(*[t._data for t in present])
    if dtype.kind != "f":
        raise TypeError(f"{op}: expected floating-point input and weight, got dtypes "
                        f"{[str(t.dtype) for t in present]}; convert with .float()")
    return [t if t is None or t._data.dtype == dtype else cast(t, dtype) for t in tensors]


def _check_conv_args(op, x, weight, bias, groups, transposed):
    if x.ndim != 4:
        raise ValueError(f"{op}: expected a 4-D input (N, C, H, W) or 3-D unbatched (C, H, W), got shape {x.shape}")
    if weight.ndim != 4:
        raise ValueError(f"{op}: expected a 4-D weight, got shape {weight.shape}")
    if groups < 1:
        raise ValueError(f"{op}: groups must be a positive int, got {groups}")
    c = x.shape[1]
    if transposed:
        if weight.shape[0] != c or c % groups:
            raise ValueError(f"{op}: input has {c} channels but weight {weight.shape} expects "
                             f"(in_channels, out_channels/groups, kh, kw) with in_channels={weight.shape[0]} "
                             f"divisible by groups={groups}")
        out_channels = weight.shape[1] * groups
    else:
        if weight.shape[1] * groups != c or weight.shape[0] % groups:
            raise ValueError(f"{op}: input has {c} channels but weight {weight.shape} with groups={groups} "
                             f"expects {weight.shape[1] * groups} (weight is (out, in/groups, kh, kw); "
                             "out must be divisible by groups)")
        out_channels = weight.shape[0]
    if bias is not None and bias.shape != (out_channels,):
        raise ValueError(f"{op}: bias must have shape ({out_channels},), got {bias.shape}")


def _conv_pads(padding, kernel, dilation, stride, op):
    """``padding`` (int, pair, 'valid', 'same') -> ((top, bottom), (left, right))."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding != "same":
            raise ValueError(f"{op}: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
        if stride != (1, 1):
            raise ValueError(f"{op}: padding='same' needs stride 1 (as in PyTorch), got stride {stride}")
        # PyTorch puts the odd extra pixel of an even kernel at the bottom/right.
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        return tuple((t // 2, t - t // 2) for t in totals)
    ph, pw = pair(padding, "padding", op)
    if ph < 0 or pw < 0:
        raise ValueError(f"{op}: padding must be non-negative, got {padding!r}")
    return (ph, ph), (pw, pw)


def _geometry(op, stride, dilation):
    stride, dilation = pair(stride, "stride", op), pair(dilation, "dilation", op)
    if min(stride) < 1 or min(dilation) < 1:
        raise ValueError(f"{op}: stride and dilation must be positive, got stride {stride}, dilation {dilation}")
    return stride, dilation


def _unbatched(x, op, ndim):
    """PyTorch accepts unbatched inputs (one dim fewer): add the batch dim, and say to drop it after."""
    x = as_tensor(x)
    if x.ndim == ndim - 1:
        return unsqueeze(x, 0), True
    return x, False


def _operands(op, input, weight, bias, stride, dilation, groups, transposed):
    """Checked 4-D operands and (stride, dilation) pairs, shared by conv2d and conv_transpose2d."""
    x, unbatched = _unbatched(input, op, 4)
    weight = as_tensor(weight)
    bias = None if bias is None else as_tensor(bias)
    _check_conv_args(op, x, weight, bias, groups, transposed=transposed)
    stride, dilation = _geometry(op, stride, dilation)
    return x, unbatched, weight, bias, stride, dilation


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation, as in PyTorch) of ``input`` (N, C, H, W) with ``weight``
    (out_channels, C/groups, kh, kw).

    Args:
        stride, dilation: int or (h, w).
        padding: int, (h, w), 'valid' (no padding) or 'same' (output size = input size; stride 1).
        groups: split channels into groups; ``groups=C`` with weight (C*m, 1, kh, kw) is a depthwise conv.

    Example:
        >>> y = F.conv2d(ag.randn(8, 3, 32, 32), ag.randn(16, 3, 3, 3), padding=1)  # (8, 16, 32, 32)
    """
    x, unbatched, weight, bias, stride, dilation = _operands("conv2d", input, weight, bias, stride, dilation,
                                                            groups, transposed=False)
    kernel = weight.shape[2:]
    pads = _conv_pads(padding, kernel, dilation, stride, "conv2d")
    win = Window.for_input(kernel, stride, pads, dilation, x.shape[2:], "conv2d")
    x, weight, bias = _same_dtype("conv2d", x, weight, bias)
    fn = _Conv(win, groups)
    y = fn(x, weight) if bias is None else fn(x, weight, bias)
    return squeeze(y, 0) if unbatched else y


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-D transposed convolution (the gradient of ``conv2d`` with respect to its input, often
    called deconvolution) of ``input`` (N, C_in, H, W) with ``weight`` (C_in, C_out/groups, kh, kw).

    Output size: (H - 1) * stride - 2 * padding + dilation * (kh - 1) + output_padding + 1.

    Example:
        >>> y = F.conv_transpose2d(ag.randn(2, 8, 16, 16), ag.randn(8, 4, 2, 2), stride=2)  # (2, 4, 32, 32)
    """
    x, unbatched, weight, bias, stride, dilation = _operands("conv_transpose2d", input, weight, bias, stride, dilation,
                                                            groups, transposed=True)
    ph, pw = pair(padding, "padding", "conv_transpose2d")
    oph, opw = pair(output_padding, "output_padding", "conv_transpose2d")
    if not (0 <= oph < stride[0] and 0 <= opw < stride[1]):
        raise ValueError(f"conv_transpose2d: output_padding {(oph, opw)} must be non-negative and smaller than "
                         f"stride {stride}")
    kernel = weight.shape[2:]
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + op + 1
                   for n, s, p, d, k, op in zip(x.shape[2:], stride, (ph, pw), dilation, kernel, (oph, opw)))
    if min(out_hw) <= 0:
        raise ValueError(f"conv_transpose2d: input {x.shape} with padding {(ph, pw)} gives an empty output {out_hw}")
    win = Window(kernel, stride, ((ph, ph), (pw, pw)), dilation, out_hw, tuple(x.shape[2:]))
    x, weight, bias = _same_dtype("conv_transpose2d", x, weight, bias)
    out_shape = (x.shape[0], weight.shape[1] * groups) + out_hw
    y = _ConvTranspose(win, groups, out_shape)(x, weight)
    if bias is not None:
        y = y + reshape(bias, (1, -1, 1, 1))
    return squeeze(y, 0) if unbatched else y


def _as_2d(op, input, weight, stride, padding, dilation):
    """Arguments of a 1-D op -> those of the 2-D op on a height-1 view."""
    x, unbatched = _unbatched(input, op, 3)
    if x.ndim != 3:
        raise ValueError(f"{op}: expected a 3-D input (N, C, L) or 2-D unbatched (C, L), got shape {x.shape}")
    weight = as_tensor(weight)
    if weight.ndim != 3:
        raise ValueError(f"{op}: expected a 3-D weight, got shape {weight.shape}")
    if not isinstance(padding, str):
        padding = (0, single(padding, "padding", op))
    return (unsqueeze(x, 2), unsqueeze(weight, 2), (1, single(stride, "stride", op)), padding,
            (1, single(dilation, "dilation", op)), unbatched)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of ``input`` (N, C, L) with ``weight`` (out_channels, C/groups, k); arguments as
    ``conv2d`` (padding: int, 'valid' or 'same')."""
    x, w, stride, padding, dilation, unbatched = _as_2d("conv1d", input, weight, stride, padding, dilation)
    y = squeeze(conv2d(x, w, bias, stride, padding, dilation, groups), 2)
    return squeeze(y, 0) if unbatched else y


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """1-D transposed convolution of ``input`` (N, C_in, L) with ``weight`` (C_in, C_out/groups, k)."""
    x, w, stride, padding, dilation, unbatched = _as_2d("conv_transpose1d", input, weight, stride, padding,
                                                        dilation)
    output_padding = (0, single(output_padding, "output_padding", "conv_transpose1d"))
    y = squeeze(conv_transpose2d(x, w, bias, stride, padding, output_padding, groups, dilation), 2)
    return squeeze(y, 0) if unbatched else y
