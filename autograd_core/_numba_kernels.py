"""The Numba kernels behind ``kernels.py`` (imported only when numba is installed).

Each is one pass over memory in place of NumPy's several (single-threaded: on these
2-core machines waking a thread pool costs more than these passes, and a second pool
would compete with OpenBLAS's). ``zero`` is passed in the arrays' dtype so that no
float32 loop widens to float64. Pooling and im2col take 4-D arrays in (C, H, W, N) memory
order (conv outputs' layout), and their innermost loops run along N.
"""
import numpy as np
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


@_jit
def lstm_cell(a, c, c_new, half):
    """c' = f c + i g over (N, H), from a = tanh of the scaled gates (N, 4H): i = a_i / 2 + 1/2 ..."""
    hidden = c.shape[1]
    for r in range(c.shape[0]):
        for j in range(hidden):
            c_new[r, j] = (a[r, hidden + j] * half + half) * c[r, j] + (a[r, j] * half + half) * a[r, 2 * hidden + j]


@_jit
def lstm_hidden(a, tc, h, half):
    """h' = o tanh(c') over (N, H)."""
    hidden = tc.shape[1]
    for r in range(tc.shape[0]):
        for j in range(hidden):
            h[r, j] = (a[r, 3 * hidden + j] * half + half) * tc[r, j]


@_jit
def lstm_cell_grad(g_out, dh, dc, a, c, tc, g_gates, half, one):
    """One LSTM step backward: h's gradient g_out + dh, c's in dc (overwritten with that of the previous c)
    -> the gradient of the unscaled gates (i, f, g, o) in g_gates. d sigmoid = (1 - a^2) / 4, d tanh = 1 - a^2."""
    hidden = c.shape[1]
    quarter = half * half
    for r in range(c.shape[0]):
        for j in range(hidden):
            ai, af, ag, ao = a[r, j], a[r, hidden + j], a[r, 2 * hidden + j], a[r, 3 * hidden + j]
            t = tc[r, j]
            gh = g_out[r, j] + dh[r, j]
            d = gh * (ao * half + half) * (one - t * t) + dc[r, j]
            g_gates[r, j] = d * ag * (one - ai * ai) * quarter
            g_gates[r, hidden + j] = d * c[r, j] * (one - af * af) * quarter
            g_gates[r, 2 * hidden + j] = d * (ai * half + half) * (one - ag * ag)
            g_gates[r, 3 * hidden + j] = gh * t * (one - ao * ao) * quarter
            dc[r, j] = d * (af * half + half)


@_jit
def index_add_rows(target, rows, values):
    """target[rows[i]] += values[i] in index order (as NumPy's add.at), a negative row counted from the end."""
    for i in range(rows.size):
        r = rows[i]
        if r < 0:
            r += target.shape[0]
        for j in range(target.shape[1]):
            target[r, j] += values[i, j]


@_jit
def select(cond, a, b, out):
    """out = a where cond, else b, over 1-D views: a blend, no branch (NumPy's where branches per element)."""
    for i in range(out.size):
        out[i] = a[i] if cond[i] else b[i]


@_jit
def select_scalar(cond, x, s, x_where, out):
    """out = x where cond == x_where, else the scalar s, over 1-D views."""
    for i in range(out.size):
        out[i] = x[i] if cond[i] == x_where else s


@_jit
def gru_new_gate(arz, g, b_n, xn, ghn, n, half):
    """A GRU step's ghn = W_hn h + b_hn (g's last H columns plus b_n) and the new gate's input
    xn + r ghn over (N, H), r = arz_r / 2 + 1/2 (arz = tanh of half the r and z pre-activations)."""
    hidden = n.shape[1]
    for r in range(n.shape[0]):
        for j in range(hidden):
            v = g[r, 2 * hidden + j] + b_n[j]
            ghn[r, j] = v
            n[r, j] = xn[r, j] + (arz[r, j] * half + half) * v


@_jit
def gru_hidden(arz, n, h, h_new, half):
    """h' = n + z (h - n) over (N, H), z = arz_z / 2 + 1/2."""
    hidden = n.shape[1]
    for r in range(n.shape[0]):
        for j in range(hidden):
            h_new[r, j] = n[r, j] + (arz[r, hidden + j] * half + half) * (h[r, j] - n[r, j])


@_jit
def gru_cell_grad(g_out, dh, h, arz, n, ghn, g_x, g_h, half, one):
    """One GRU step backward: h''s gradient g_out + dh -> those of the input projection (r, z, n) in g_x, of the
    recurrent one in g_h (its n part times r) and of h by the direct path z h in dh (overwritten)."""
    hidden = n.shape[1]
    quarter = half * half
    for r in range(n.shape[0]):
        for j in range(hidden):
            ar, az, nj = arz[r, j], arz[r, hidden + j], n[r, j]
            z = az * half + half
            gh = g_out[r, j] + dh[r, j]
            dn = gh * (one - z) * (one - nj * nj)
            dr = dn * ghn[r, j] * ((one - ar * ar) * quarter)
            dz = gh * (h[r, j] - nj) * ((one - az * az) * quarter)
            g_x[r, j] = g_h[r, j] = dr
            g_x[r, hidden + j] = g_h[r, hidden + j] = dz
            g_x[r, 2 * hidden + j] = dn
            g_h[r, 2 * hidden + j] = dn * (ar * half + half)
            dh[r, j] = gh * z


_REORDER = {"reassoc", "contract"}  # sums in vector lanes, as NumPy's pairwise sums: 3-4x faster; NaN, inf kept


def _jit_sums(fn):
    """``_jit`` for kernels that add up rows, with LLVM free to reorder those additions (``_REORDER``)."""
    try:
        return njit(cache=True, nogil=True, fastmath=_REORDER)(fn)
    except RuntimeError:
        return njit(nogil=True, fastmath=_REORDER)(fn)


@_jit_sums
def layer_norm(x, w, b, y, mean, rstd, eps, centred, zero, one, size):
    """y = (x - mean) * rstd * w + b over each row x[a, r] of x (q, p, n) with w[r] and b[r] of w, b (p, n),
    rstd = 1 / sqrt(mean((x - mean)^2) + eps); the statistics (q, p, 1) in ``mean`` and ``rstd``. Without
    ``centred`` (RMS norm) the mean is taken as 0. ``eps``, ``zero``, ``one`` and ``size`` (n) come in x's dtype,
    so that a float32 loop stays float32."""
    q_size, p_size, n = x.shape
    for a in range(q_size):
        for r in range(p_size):
            s = zero
            if centred:
                for j in range(n):
                    s += x[a, r, j]
            mu = s / size
            q = zero
            for j in range(n):
                d = x[a, r, j] - mu
                q += d * d
            inv = one / np.sqrt(q / size + eps)
            for j in range(n):
                y[a, r, j] = (x[a, r, j] - mu) * inv * w[r, j] + b[r, j]
            mean[a, r, 0] = mu
            rstd[a, r, 0] = inv


@_jit_sums
def layer_norm_grad(gy, x, mean, rstd, w, gx, gw, gb, centred, zero, size):
    """``layer_norm`` backward: with xhat = (x - mean) * rstd and g = gy * w, gx = rstd * (g - mean(g) -
    xhat * mean(g * xhat)) per row (no mean(g) term where not ``centred``); gw and gb (p, n), zeroed by the
    caller, gain gy * xhat and gy of every row."""
    q_size, p_size, n = x.shape
    for a in range(q_size):
        for r in range(p_size):
            mu, inv = mean[a, r, 0], rstd[a, r, 0]
            s, t = zero, zero
            for j in range(n):
                g = gy[a, r, j] * w[r, j]
                s += g
                t += g * (x[a, r, j] - mu)
            s = s / size if centred else zero
            t = t * inv / size
            for j in range(n):
                xhat = (x[a, r, j] - mu) * inv
                gw[r, j] += gy[a, r, j] * xhat
                gb[r, j] += gy[a, r, j]
                gx[a, r, j] = (gy[a, r, j] * w[r, j] - s - xhat * t) * inv


@_jit
def elu(x, e, negcoef, scale):
    """e = negcoef * e (the caller's expm1(input_scale * x)) where x < 0, else scale * x (NaN too), in place."""
    for i in range(x.size):
        e[i] = e[i] * negcoef if x[i] < 0 else x[i] * scale


@_jit
def elu_grad(gy, x, y, gx, negcoef, input_scale, scale):
    """gx = gy * input_scale * (y + negcoef) where x <= 0, else gy * scale, over 1-D views."""
    for i in range(x.size):
        gx[i] = gy[i] * ((y[i] + negcoef) * input_scale) if x[i] <= 0 else gy[i] * scale


def _jit_numpy_errors(fn):
    """``_jit`` with NumPy's error model: x / 0 gives inf or NaN, unchecked (Python's ZeroDivisionError check
    keeps LLVM from vectorizing a loop that divides)."""
    try:
        return njit(cache=True, nogil=True, error_model="numpy")(fn)
    except RuntimeError:
        return njit(nogil=True, error_model="numpy")(fn)


@_jit_numpy_errors
def erf(x, ex, out, small, large, complement, cap, split, one, scratch):
    """erf(x) (erfc(x) where ``complement``) over 1-D views, from ``ex`` = exp(-x^2) (x^2 rounded): x P(x^2) below
    1/2, and erfc(|x|) = exp(-x^2) Q(v) / (|x| + 3), v = (|x| - 4) / (|x| + 3), above (P, Q: ``small``, ``large``,
    highest power first). Both on every element, in blocks of ``scratch``'s (4, block) rows, one coefficient a pass
    (LLVM vectorizes those passes; it would not an element loop with a loop over coefficients inside). |x| is
    capped at ``cap``, where exp(-x^2) is 0; the rounding of x^2 is put back by Dekker's exact product (``split``
    = 2^ceil(p/2) + 1)."""
    two = one + one
    half, three, four = one / two, two + one, two + two
    s, v, p, q = scratch[0], scratch[1], scratch[2], scratch[3]
    block = s.size
    for start in range(0, x.size, block):
        m = min(block, x.size - start)
        xb, eb, ob = x[start:start + m], ex[start:start + m], out[start:start + m]
        for i in range(m):
            z = abs(xb[i])
            z = z if z < cap else cap  # NaN too: its ex is NaN
            s[i] = z * z
            v[i] = (z - four) / (z + three)
        p[:m] = small[0]
        for c in small[1:]:
            for i in range(m):
                p[i] = p[i] * s[i] + c
        q[:m] = large[0]
        for c in large[1:]:
            for i in range(m):
                q[i] = q[i] * v[i] + c
        for i in range(m):
            t = xb[i]
            z = abs(t)
            z = z if z < cap else cap
            h = z * split
            h = h - (h - z)
            lo = z - h
            e = ((h * h - s[i]) + (h + h) * lo) + lo * lo  # z^2 - s, exactly
            tail = eb[i] * (one - e) * q[i] / (z + three)
            head = t * p[i]
            if z < half:
                y = one - head if complement else head
            elif complement:
                y = tail if t > 0 else two - tail
            else:
                y = one - tail if t > 0 else tail - one
            ob[i] = y
