"""The Numba kernels behind ``kernels.py`` (imported only when numba is installed).

Each is one pass over memory in place of NumPy's several (single-threaded: on these
2-core machines waking a thread pool costs more than these passes, and a second pool
would compete with OpenBLAS's). ``zero`` is passed in the arrays' dtype so that no
float32 loop widens to float64. Pooling and im2col take 4-D arrays in (C, H, W, N) memory
order (conv outputs' layout), and their innermost loops run along N.
"""
from numba import njit


def _jit(fn):
    """``fn`` compiled, cached on disk where numba finds a writable cache directory (else once per process)."""
    try:
        return njit(cache=True, nogil=True)(fn)
    except RuntimeError:  # no cache directory: a read-only install without a writable home
        return njit(nogil=True)(fn)


@_jit
def relu_grad(gy, y, gx, zero):
    """gx = gy where y > 0, else 0 (NaN y passes gy and an infinite gy stays out, as PyTorch)."""
    for i in range(gy.size):
        gx[i] = zero if y[i] <= zero else gy[i]


@_jit
def max_pool_tiles(x, kh, kw, y, tap):
    """Maximum of each (kh, kw) tile of x (C, H, W, N) and its row-major tap: the first maximum,
    or the last NaN (as PyTorch's CPU kernel)."""
    a_size, oh_size, ow_size, b_size = y.shape
    for a in range(a_size):
        for oh in range(oh_size):
            for ow in range(ow_size):
                for b in range(b_size):
                    y[a, oh, ow, b] = x[a, oh * kh, ow * kw, b]
                    tap[a, oh, ow, b] = 0
                for k in range(1, kh * kw):
                    h, w = oh * kh + k // kw, ow * kw + k % kw
                    for b in range(b_size):
                        v = x[a, h, w, b]
                        if v > y[a, oh, ow, b] or v != v:
                            y[a, oh, ow, b] = v
                            tap[a, oh, ow, b] = k


@_jit
def max_pool_tiles_grad(gy, tap, kh, kw, gx, zero):
    """Each gy to the tap its tile's maximum came from; zero to the others."""
    a_size, oh_size, ow_size, b_size = gy.shape
    for a in range(a_size):
        for oh in range(oh_size):
            for ow in range(ow_size):
                for k in range(kh * kw):
                    h, w = oh * kh + k // kw, ow * kw + k % kw
                    for b in range(b_size):
                        gx[a, h, w, b] = gy[a, oh, ow, b] if tap[a, oh, ow, b] == k else zero


@_jit
def im2col(x, kh, kw, sh, sw, ph, pw, dh, dw, oh_size, ow_size, col, adjoint, first):
    """col[(c, i, j), (oh, ow, n)] = x[c, oh*sh - ph + i*dh, ow*sw - pw + j*dw, n] for x (C, H, W, N), zero where
    that is outside x. With ``adjoint`` (col2im) the other way: each col entry is added to the x element it
    came from, onto x as the caller filled it (zeros), tap ``first`` (i*kw + j; -1 for none) first, then the
    others in row-major order, the order of conv.py's NumPy sums."""
    c_size, h_size, w_size, n_size = x.shape
    for q in range(c_size * kh * kw):
        k = q % (kh * kw)
        if first >= 0:
            k = first if k == 0 else k - (k <= first)
        c, i, j = q // (kh * kw), k // kw, k % kw
        r = c * kh * kw + k
        for oh in range(oh_size):
            h = oh * sh - ph + i * dh
            for ow in range(ow_size):
                w = ow * sw - pw + j * dw
                at = (oh * ow_size + ow) * n_size
                inside = 0 <= h < h_size and 0 <= w < w_size
                if adjoint:
                    if inside:
                        for n in range(n_size):
                            x[c, h, w, n] += col[r, at + n]
                elif inside:
                    for n in range(n_size):
                        col[r, at + n] = x[c, h, w, n]
                else:
                    for n in range(n_size):
                        col[r, at + n] = 0


@_jit
def add_scaled(out, x, alpha):
    """out += alpha * x over 1-D views."""
    for i in range(out.size):
        out[i] += alpha * x[i]
