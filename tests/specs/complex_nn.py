"""Op specs for nn.functional ops on complex tensors (PyTorch's convention, complex_autograd.py)."""
import numpy as np

import autograd_core.nn.functional as F

from .spec import OpSpec

def _conv_ref(x, w, b=None, stride=1, padding=0):
    """Direct 2-D cross-correlation (N, C, H, W) * (O, C, kh, kw), no im2col."""
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    o, _, kh, kw = w.shape
    oh, ow = (x.shape[2] - kh) // stride + 1, (x.shape[3] - kw) // stride + 1
    y = np.zeros((x.shape[0], o, oh, ow), np.result_type(x, w))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            y[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w)
    return y if b is None else y + b[:, None, None]


def _unfold_ref(x, k=2):
    """im2col by loops: (N, C, H, W) -> (N, C * k * k, L), stride 1, no padding."""
    n, c, h, w = x.shape
    cols = [x[:, :, i:i + k, j:j + k].reshape(n, c * k * k) for i in range(h - k + 1) for j in range(w - k + 1)]
    return np.stack(cols, axis=-1)


SPECS = [
    OpSpec("complex.F.unfold", lambda x: F.unfold(x, 2), _unfold_ref, shapes=[((1, 2, 4, 3),)], complex=True),
    OpSpec("complex.F.fold", lambda c: F.fold(c, (3, 3), 2), None, shapes=[((1, 8, 4),)], complex=True,
           note="no independent reference here: the adjoint of unfold, checked by gradients and PyTorch parity"),
    OpSpec("complex.F.conv2d", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
           lambda x, w, b: _conv_ref(x, w, b, stride=2, padding=1), shapes=[((2, 2, 5, 5), (3, 2, 3, 3), (3,))],
           complex=True),
    OpSpec("complex.F.conv1d_groups", lambda x, w: F.conv1d(x, w, groups=2),
           lambda x, w: np.concatenate([_conv_ref(x[:, 2 * g:2 * g + 2, None], w[2 * g:2 * g + 2, :, None])[:, :, 0]
                                        for g in range(2)], axis=1),
           shapes=[((2, 4, 6), (4, 2, 3))], complex=True),
    OpSpec("complex.F.conv_transpose2d", lambda x, w: F.conv_transpose2d(x, w, stride=2), None,
           shapes=[((1, 2, 3, 3), (2, 3, 3, 3))], complex=True,
           note="no independent reference: the gradient checks and the PyTorch parity test cover it"),
    OpSpec("complex.F.linear", F.linear, lambda x, w, b: x @ w.T + b, shapes=[((2, 3), (4, 3), (4,))],
           complex=True),
    OpSpec("complex.F.linear_no_bias_3d", F.linear, lambda x, w: x @ w.T, shapes=[((2, 5, 3), (4, 3))],
           complex=True),
    OpSpec("complex.F.linear_real_weight", lambda x, w: F.linear(x, w.real), lambda x, w: x @ w.real.T,
           shapes=[((2, 3), (4, 3))], complex=True, diff=(0,)),
]
