"""Convolutions: ``conv1d``, ``conv2d``, ``conv3d`` and their transposes.

One GEMM per convolution: im2col copies, for each of the prod(kernel) kernel taps, the
strided slice of the input that tap reads (zeros where it reads padding) into a
(C*prod(kernel), prod(out)*N) matrix; the weight (O, C*prod(kernel)) times that matrix is
the output. A bias rides in the same GEMM: a row of ones under the matrix and the bias as
the weight's last column (its gradient then comes out of the weight gradient's GEMM). Loops
run over kernel taps only, never over batch, pixels or channels. The code is written for
any number of spatial dims (2 for conv2d, 3 for conv3d; conv1d runs conv2d on a height-1 view).

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
import math

from autograd_core import kernels
from autograd_core.backend import get_array_module
from autograd_core.function import Function, dual
from autograd_core.ops._util import as_tensor, promoted, result_dtype
from autograd_core.ops.shape import reshape, squeeze, sum_to, unsqueeze
from autograd_core.tensor import Tensor

from ._windows import Window, ntuple, single

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]

_LAYOUTS = {2: "(N, C, H, W)", 3: "(N, C, D, H, W)"}


def _batch_last(a):
    """(N, C, *spatial) -> (C, *spatial, N), a view."""
    return a.transpose(tuple(range(1, a.ndim)) + (0,))


def _batch_first(a):
    """(C, *spatial, N) -> (N, C, *spatial), a view (the inverse of ``_batch_last``)."""
    return a.transpose((a.ndim - 1,) + tuple(range(a.ndim - 1)))


def _pointwise(win):
    """Whether the window is a 1x1 conv's: each output pixel reads one input pixel."""
    ones = (1,) * len(win.kernel)
    return win.kernel == win.stride == win.dilation == ones and not win.has_padding


def _bias_row(win, groups):
    """Whether a bias rides in the GEMM (not for groups, and not for a 1x1 conv, whose matrix is x itself)."""
    return groups == 1 and not _pointwise(win)


def _im2col(x, win, ones_row=False):
    """x (N, C, *S) -> (C*prod(kernel), prod(out)*N) contiguous, rows ordered like weight.reshape(O, -1)'s columns.
    With ``ones_row``, one more row of ones at the end: the bias's column of the weight matrix then adds the
    bias inside the GEMM (and its gradient comes out of the weight gradient's GEMM)."""
    xp = get_array_module(x)
    n, c = x.shape[:2]
    rows = n * math.prod(win.out_hw)
    x = _batch_last(x)
    if _pointwise(win) and not ones_row:
        return x.reshape(c, rows)  # 1x1 conv: a view when x is in this module's layout already
    tap_rows = c * math.prod(win.kernel)
    col = kernels.im2col(x, win, int(ones_row)) if len(win.kernel) == 2 else None
    if col is None:
        col = xp.empty((tap_rows + ones_row, rows), x.dtype)
        if win.has_padding:
            xpad = xp.zeros((c,) + win.padded_hw + (n,), x.dtype)
            xpad[(slice(None),) + win.interior] = x
        else:
            xpad = xp.ascontiguousarray(x)
        # Every tap's strided slice at once, as one (C, *kernel, *out, N) view of the padded input: one
        # copy makes the matrix (15-40% faster alone than a copy per tap that zeroes what it reads of padding).
        spatial = xpad.strides[1:-1]
        strides = ((xpad.strides[0],) + tuple(st * d for st, d in zip(spatial, win.dilation))
                   + tuple(st * s for st, s in zip(spatial, win.stride)) + (xpad.strides[-1],))
        shape = (c,) + win.kernel + win.out_hw + (n,)
        col[:tap_rows].reshape(shape)[...] = xp.lib.stride_tricks.as_strided(xpad, shape, strides)
    if ones_row:
        col[tap_rows] = 1
    return col


def _col2im(col, win, n, c):
    """Adjoint of ``_im2col``: (C*prod(kernel), prod(out)*N) -> (N, C, *S), adding overlapping taps."""
    taps = win.taps()
    parts = [(k, win.inside(*tap)) for k, tap in enumerate(taps)]
    parts = [(k, inside) for k, inside in parts if inside is not None]
    # A tap that reads the whole input (the centre one of a 'same' conv) starts the sum: no zero fill.
    whole = tuple(slice(0, m, 1) for m in win.in_hw)
    first = next((i for i, (_, (src, _)) in enumerate(parts) if src == whole), None)
    gx = kernels.col2im(col, win, c, n, -1 if first is None else parts[first][0])  # summing in this order
    if gx is not None:
        return _batch_first(gx)
    xp = get_array_module(col)
    col = col.reshape((c,) + win.kernel + win.out_hw + (n,))
    everything = (slice(None),)
    parts = [(inside, col[everything + taps[k]]) for k, inside in parts]
    if first is None:
        gx = xp.zeros((c,) + win.in_hw + (n,), col.dtype)
    else:
        (_, dst), part = parts.pop(first)
        gx = xp.array(part[everything + dst])
    for (src, dst), part in parts:
        gx[everything + src] += part[everything + dst]
    return _batch_first(gx)


def _channels_first(y, groups):
    """(N, O, *S) -> (groups, O/groups, prod(S)*N); free when y is a view made by ``_conv_forward``."""
    o = y.shape[1]
    return _batch_last(y).reshape(groups, o // groups, y.shape[0] * math.prod(y.shape[2:]))


def _grouped(a, groups):
    """(rows, ...) -> (groups, rows/groups, rest); explicit sizes, so an empty batch reshapes too."""
    return a.reshape(groups, a.shape[0] // groups, math.prod(a.shape[1:]))


def _matmul(a, b):
    """Batched over groups; a plain 2-D GEMM for the usual single group. With K = 1 (a depthwise conv's input
    gradient) an outer product, which broadcasting does 7x faster than batched GEMMs."""
    if a.shape[-1] == 1:
        return a * b
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return a @ b


def _conv_forward(x, w, b, win, groups, bias_row):
    """conv(x, w) + b and its im2col matrix; with ``bias_row`` (see ``_bias_row``) the GEMM adds the bias."""
    n, o = x.shape[0], w.shape[0]
    col = _im2col(x, win, ones_row=bias_row)
    wm = _grouped(w, groups)
    if bias_row:
        wm = get_array_module(w).concatenate((wm[0], b[:, None]), axis=1)[None]
    y = _matmul(wm, _grouped(col, groups)).reshape((o,) + win.out_hw + (n,))
    if b is not None and not bias_row:
        y += b.reshape((o,) + (1,) * (y.ndim - 1))
    return _batch_first(y), col


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
    complex_autograd = "holomorphic"

    def __init__(self, win, groups):
        self.win, self.groups = win, groups

    def forward(self, x, w, b=None):
        y, col = _conv_forward(x, w, b, self.win, self.groups, b is not None and _bias_row(self.win, self.groups))
        self.save_for_backward(x, w, col)
        return y

    def backward(self, gy):
        x, w, col = self.saved_tensors
        need = self.needs_input_grad
        gx = gw = gb = None
        if need[0]:
            gx = dual(_ConvTranspose(self.win, self.groups, x.shape), gy, w)
        create_graph = isinstance(gy, Tensor)
        if need[1] and len(need) > 2 and _bias_row(self.win, self.groups) and not create_graph:
            # The bias is the last column of the forward's weight matrix: one GEMM gives both gradients.
            xp = get_array_module(gy)
            gwb = _conv_grad_weight(x, gy, self.win, 1, (w.shape[0], len(col)), col)
            gb = xp.ascontiguousarray(gwb[:, -1]) if need[2] else None
            return gx, xp.ascontiguousarray(gwb[:, :-1]).reshape(w.shape), gb
        if need[1]:
            # The cached im2col matrix saves a second im2col; under create_graph x must stay in the graph.
            gw = dual(_ConvGradWeight(self.win, self.groups, w.shape, None if create_graph else col), x, gy)
        if len(need) > 2 and need[2]:
            gb = reshape(sum_to(gy, (1, gy.shape[1]) + (1,) * (gy.ndim - 2)), (gy.shape[1],))
        return gx, gw, gb


class _ConvTranspose(Function):
    """conv_transpose(g, w) with the geometry of a conv whose input has ``x_shape``."""
    complex_autograd = "holomorphic"

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
    complex_autograd = "holomorphic"

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
    if dtype.kind not in "fc":
        raise TypeError(f"{op}: expected floating-point (or complex) input and weight, got dtypes "
                        f"{[str(t.dtype) for t in present]}; convert with .float()")
    return promoted(*tensors)


def _check_conv_args(op, x, weight, bias, groups, transposed, dims):
    if x.ndim != dims + 2:
        raise ValueError(f"{op}: expected a {dims + 2}-D input {_LAYOUTS[dims]} or {dims + 1}-D unbatched "
                         f"(without N), got shape {x.shape}")
    if weight.ndim != dims + 2:
        raise ValueError(f"{op}: expected a {dims + 2}-D weight, got shape {weight.shape}")
    if groups < 1:
        raise ValueError(f"{op}: groups must be a positive int, got {groups}")
    c = x.shape[1]
    if transposed:
        if weight.shape[0] != c or c % groups:
            raise ValueError(f"{op}: input has {c} channels but weight {weight.shape} expects "
                             f"(in_channels, out_channels/groups, *kernel) with in_channels={weight.shape[0]} "
                             f"divisible by groups={groups}")
        out_channels = weight.shape[1] * groups
    else:
        if weight.shape[1] * groups != c or weight.shape[0] % groups:
            raise ValueError(f"{op}: input has {c} channels but weight {weight.shape} with groups={groups} "
                             f"expects {weight.shape[1] * groups} (weight is (out, in/groups, *kernel); "
                             "out must be divisible by groups)")
        out_channels = weight.shape[0]
    if bias is not None and bias.shape != (out_channels,):
        raise ValueError(f"{op}: bias must have shape ({out_channels},), got {bias.shape}")


def _conv_pads(padding, kernel, dilation, stride, op):
    """``padding`` (int, tuple, 'valid', 'same') -> one (before, after) pair per spatial dim."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * len(kernel)
        if padding != "same":
            raise ValueError(f"{op}: padding must be an int, a tuple, 'valid' or 'same', got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(f"{op}: padding='same' needs stride 1 (as in PyTorch), got stride {stride}")
        # PyTorch puts the odd extra pixel of an even kernel at the end (bottom/right).
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        return tuple((t // 2, t - t // 2) for t in totals)
    pads = ntuple(padding, len(kernel), "padding", op)
    if min(pads) < 0:
        raise ValueError(f"{op}: padding must be non-negative, got {padding!r}")
    return tuple((p, p) for p in pads)


def _geometry(op, stride, dilation, dims):
    stride, dilation = ntuple(stride, dims, "stride", op), ntuple(dilation, dims, "dilation", op)
    if min(stride) < 1 or min(dilation) < 1:
        raise ValueError(f"{op}: stride and dilation must be positive, got stride {stride}, dilation {dilation}")
    return stride, dilation


def _unbatched(x, op, ndim):
    """PyTorch accepts unbatched inputs (one dim fewer): add the batch dim, and say to drop it after."""
    x = as_tensor(x)
    if x.ndim == ndim - 1:
        return unsqueeze(x, 0), True
    return x, False


def _operands(op, input, weight, bias, stride, dilation, groups, transposed, dims):
    """Checked (N, C, *spatial) operands and (stride, dilation) tuples, shared by every conv of ``dims``
    spatial dims and its transpose."""
    x, unbatched = _unbatched(input, op, dims + 2)
    weight = as_tensor(weight)
    bias = None if bias is None else as_tensor(bias)
    _check_conv_args(op, x, weight, bias, groups, transposed, dims)
    stride, dilation = _geometry(op, stride, dilation, dims)
    return x, unbatched, weight, bias, stride, dilation


def _conv(op, dims, input, weight, bias, stride, padding, dilation, groups):
    """``conv2d`` (dims=2) and ``conv3d`` (dims=3)."""
    x, unbatched, weight, bias, stride, dilation = _operands(op, input, weight, bias, stride, dilation, groups,
                                                            False, dims)
    kernel = weight.shape[2:]
    pads = _conv_pads(padding, kernel, dilation, stride, op)
    win = Window.for_input(kernel, stride, pads, dilation, x.shape[2:], op)
    x, weight, bias = _same_dtype(op, x, weight, bias)
    fn = _Conv(win, groups)
    y = fn(x, weight) if bias is None else fn(x, weight, bias)
    return squeeze(y, 0) if unbatched else y


def _conv_transpose(op, dims, input, weight, bias, stride, padding, output_padding, groups, dilation):
    """``conv_transpose2d`` (dims=2) and ``conv_transpose3d`` (dims=3)."""
    x, unbatched, weight, bias, stride, dilation = _operands(op, input, weight, bias, stride, dilation, groups,
                                                            True, dims)
    pads = ntuple(padding, dims, "padding", op)
    if min(pads) < 0:
        raise ValueError(f"{op}: padding must be non-negative, got {padding!r}")
    out_pads = ntuple(output_padding, dims, "output_padding", op)
    if not all(0 <= p < s for p, s in zip(out_pads, stride)):
        raise ValueError(f"{op}: output_padding {out_pads} must be non-negative and smaller than stride {stride}")
    kernel = weight.shape[2:]
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + extra + 1
                   for n, s, p, d, k, extra in zip(x.shape[2:], stride, pads, dilation, kernel, out_pads))
    if min(out_hw) <= 0:
        raise ValueError(f"{op}: input {x.shape} with padding {pads} gives an empty output {out_hw}")
    win = Window(kernel, stride, tuple((p, p) for p in pads), dilation, out_hw, tuple(x.shape[2:]))
    x, weight, bias = _same_dtype(op, x, weight, bias)
    out_shape = (x.shape[0], weight.shape[1] * groups) + out_hw
    y = _ConvTranspose(win, groups, out_shape)(x, weight)
    if bias is not None:
        y = y + reshape(bias, (1, -1) + (1,) * dims)
    return squeeze(y, 0) if unbatched else y


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
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution of ``input`` (N, C, D, H, W) with ``weight`` (out_channels, C/groups, kd, kh, kw);
    stride, padding (int, triple, 'valid' or 'same'), dilation and groups as ``conv2d``.

    Example:
        >>> F.conv3d(ag.randn(2, 3, 8, 16, 16), ag.randn(4, 3, 3, 3, 3), padding=1).shape
        (2, 4, 8, 16, 16)
    """
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-D transposed convolution (the gradient of ``conv2d`` with respect to its input, often
    called deconvolution) of ``input`` (N, C_in, H, W) with ``weight`` (C_in, C_out/groups, kh, kw).

    Output size: (H - 1) * stride - 2 * padding + dilation * (kh - 1) + output_padding + 1.

    Example:
        >>> y = F.conv_transpose2d(ag.randn(2, 8, 16, 16), ag.randn(8, 4, 2, 2), stride=2)  # (2, 4, 32, 32)
    """
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """3-D transposed convolution of ``input`` (N, C_in, D, H, W) with ``weight`` (C_in, C_out/groups, kd, kh, kw);
    arguments and output size as ``conv_transpose2d``, per spatial dim."""
    return _conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


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
