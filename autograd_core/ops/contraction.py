"""Contractions and combinations: einsum, tensordot, kron, cross, inner, cdist, and the fused
``input + scale * product`` ops addcmul, addcdiv, addmv, addbmm and baddbmm."""
import math
import string

import numpy as np

from ..backend import get_array_module
from ..function import Function, dual
from ._util import as_tensor, normalize_axis, raw, result_dtype
from .arithmetic import _pair, bmm, cast, matmul
from .elementwise import clamp_min, safe_sqrt
from .matrix import add_scaled, check_dims, check_integer_scalars
from .reductions import norm, sum as sum_
from .shape import broadcast_to, permute, reshape, roll, unsqueeze


# -- einsum --------------------------------------------------------------------
class Einsum(Function):
    """``einsum`` on operands already broadcast to one size per letter. The gradient of each operand
    is itself an einsum: of the output gradient with the other operands."""
    complex_autograd = "holomorphic"

    def __init__(self, inputs, output):
        self.inputs, self.output = inputs, output

    def forward(self, *arrays):
        self.save_for_backward(*arrays)
        return _einsum_arrays(self.inputs, self.output, arrays)

    def backward(self, gy):
        arrays = self.saved_tensors
        return tuple(self._grad(i, gy, arrays) if need else None for i, need in enumerate(self.needs_input_grad))

    def _grad(self, i, gy, arrays):
        target = self.inputs[i]
        others = [j for j in range(len(arrays)) if j != i]
        seen = self.output + "".join(self.inputs[j] for j in others)
        spare = iter(c for c in string.ascii_letters if c not in "".join(self.inputs) + self.output)
        xp, dtype = get_array_module(raw(gy)), raw(gy).dtype
        out, extra_subs, extras = "", [], []
        for letter, n in zip(target, raw(arrays[i]).shape):
            if letter in out:  # a repeated letter (a diagonal): a fresh letter, tied to it by an identity
                fresh = next(spare)
                extra_subs.append(letter + fresh)
                extras.append(xp.eye(n, dtype=dtype))
                letter = fresh
            elif letter not in seen:  # summed within this operand only: the gradient broadcasts along it
                extra_subs.append(letter)
                extras.append(xp.ones(n, dtype=dtype))
                seen += letter
            out += letter
        inputs = [self.output] + [self.inputs[j] for j in others] + extra_subs
        return dual(Einsum(inputs, out), gy, *[arrays[j] for j in others], *extras)


def _einsum_arrays(inputs, output, arrays):
    xp = get_array_module(arrays[0])
    sizes = {c: n for sub, a in zip(inputs, arrays) for c, n in zip(sub, a.shape)}
    # the contraction-order search costs tens of microseconds: worth it for several operands or much work
    optimize = len(arrays) > 2 or math.prod(sizes.values()) > 1 << 16
    y = xp.einsum(",".join(inputs) + "->" + output, *arrays, optimize=optimize)
    y = xp.asarray(y)  # a NumPy scalar for a 0-d result
    return y.copy() if y.base is not None else y  # NumPy returns views for 'ij->ji' or 'ii->i'


def einsum(equation, *operands):
    """Sum of products over the indices of ``equation`` (PyTorch's and NumPy's notation: ``'ij,jk->ik'``,
    ``'...ij,...jk'``, ``'ii->i'``; without ``->`` the output is the letters seen once, sorted).
    Operands may be given as separate arguments or as one list; size-1 dimensions broadcast.

    Example:
        >>> ag.einsum("bij,bjk->bik", a, b)   # batched matmul
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = operands[0]
    operands = [as_tensor(x) for x in operands]
    if not operands:
        raise ValueError("einsum: expects at least one operand")
    inputs, output = _parse_equation(equation, [x.shape for x in operands])
    sizes = _letter_sizes(equation, inputs, operands)
    dtype = result_dtype(*[x._data for x in operands])
    operands = [broadcast_to(cast(x, dtype), tuple(sizes[c] for c in sub)) for x, sub in zip(operands, inputs)]
    return Einsum(inputs, output)(*operands)


def _parse_equation(equation, shapes):
    """The equation with spaces removed and each ``...`` written out as letters of its own:
    (the subscripts of each operand, the output's subscripts)."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    inputs = lhs.split(",")
    if len(inputs) != len(shapes):
        raise ValueError(f"einsum: the equation {equation!r} names {len(inputs)} operands, got {len(shapes)}")
    if any(not c.isalpha() or not c.isascii() for c in eq.replace("...", "").replace(",", "").replace("->", "")):
        raise ValueError(f"einsum: subscripts must be letters a-z, A-Z (with '...', ',' and '->'), got {equation!r}")
    spare = [c for c in string.ascii_letters if c not in eq]
    n_ellipsis = 0
    for sub, shape in zip(inputs, shapes):
        named = len(sub.replace("...", ""))
        if ("..." in sub and named > len(shape)) or ("..." not in sub and named != len(shape)):
            raise ValueError(f"einsum: subscripts {sub!r} of {equation!r} don't fit an operand of shape {shape}")
        if "..." in sub:
            n_ellipsis = max(n_ellipsis, len(shape) - named)
    ellipsis = "".join(spare[:n_ellipsis])
    inputs = [sub.replace("...", ellipsis[n_ellipsis - (len(shape) - len(sub) + 3):] if "..." in sub else "")
              for sub, shape in zip(inputs, shapes)]
    if arrow:
        output = rhs.replace("...", ellipsis)
        letters = "".join(inputs)
        for c in output:
            if output.count(c) > 1 or c not in letters:
                raise ValueError(f"einsum: output subscript {c!r} of {equation!r} appears more than once or in "
                                 "no operand")
    else:
        named = "".join(inputs).translate({ord(c): None for c in ellipsis})
        output = ellipsis + "".join(sorted(c for c in set(named) if named.count(c) == 1))
    return inputs, output


def _letter_sizes(equation, inputs, operands):
    """Each letter's size; a size of 1 broadcasts to the others, as PyTorch."""
    sizes = {}
    for k, (sub, x) in enumerate(zip(inputs, operands)):
        for c, n in zip(sub, x.shape):
            if sub.count(c) > 1 and n != x.shape[sub.index(c)]:
                raise ValueError(f"einsum: operand {k} (shape {x.shape}) repeats subscript {c!r} of {equation!r} "
                                 "on dimensions of different sizes")
            if sizes.get(c, 1) not in (1, n) and n != 1:
                raise ValueError(f"einsum: subscript {c!r} of {equation!r} has size {n} in operand {k} "
                                 f"(shape {x.shape}), which does not broadcast with size {sizes[c]}")
            if sizes.get(c, 1) == 1:  # a first or a size-1 sighting: any size (0 included) replaces it
                sizes[c] = n
    return sizes


# -- built on einsum or broadcasting -----------------------------------------------
def tensordot(a, b, dims=2):
    """Sum the products over the last ``dims`` dims of ``a`` and the first ``dims`` of ``b``; or over
    the dims listed in ``dims = (dims_a, dims_b)``."""
    a, b = as_tensor(a), as_tensor(b)
    if isinstance(dims, (int, np.integer)):
        if not 0 <= dims <= min(a.ndim, b.ndim):
            raise ValueError(f"tensordot: dims={dims} must be in [0, {min(a.ndim, b.ndim)}] for shapes "
                             f"{a.shape} and {b.shape}")
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, (int, np.integer)) else list(d) for d in dims)
        if len(dims_a) != len(dims_b):
            raise ValueError(f"tensordot: the dimension lists {dims_a} and {dims_b} must have the same length")
        dims_a = [normalize_axis(d, a.ndim, "tensordot") for d in dims_a]
        dims_b = [normalize_axis(d, b.ndim, "tensordot") for d in dims_b]
    letters = iter(string.ascii_letters)
    sub_a = [next(letters) for _ in range(a.ndim)]
    sub_b = [next(letters) for _ in range(b.ndim)]
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise ValueError(f"tensordot: contracted dims must match, but a (shape {a.shape}) has size "
                             f"{a.shape[da]} in dim {da} and b (shape {b.shape}) size {b.shape[db]} in dim {db}")
        sub_b[db] = sub_a[da]
    free = [c for k, c in enumerate(sub_a) if k not in dims_a] + [c for k, c in enumerate(sub_b) if k not in dims_b]
    return einsum(f"{''.join(sub_a)},{''.join(sub_b)}->{''.join(free)}", a, b)


def inner(input, other):
    """Sum of products over the last dims of both (a 0-d operand multiplies instead)."""
    input, other = as_tensor(input), as_tensor(other)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise ValueError(f"inner: the last dims must match, got shapes {input.shape} and {other.shape}")
    return tensordot(input, other, ([-1], [-1]))


def kron(input, other):
    """Kronecker product: block (i, j ...) of the result is ``input[i, j ...] * other``; the operand with
    fewer dims gets leading dims of size 1."""
    a, b = as_tensor(input), as_tensor(other)
    n = max(a.ndim, b.ndim)
    sa, sb = (1,) * (n - a.ndim) + a.shape, (1,) * (n - b.ndim) + b.shape
    spread_a = reshape(a, tuple(v for m in sa for v in (m, 1)))  # (a0, 1, a1, 1 ...)
    spread_b = reshape(b, tuple(v for m in sb for v in (1, m)))  # (1, b0, 1, b1 ...)
    return reshape(spread_a * spread_b, tuple(p * q for p, q in zip(sa, sb)))


def cross(input, other, dim=None):
    """Cross product of 3-vectors along ``dim`` (after broadcasting); ``dim=None`` takes the first dim
    of size 3, as PyTorch's legacy default (``torch.linalg.cross`` uses -1)."""
    input, other = as_tensor(input), as_tensor(other)
    if input.ndim != other.ndim:
        raise ValueError(f"cross: inputs must have the same number of dims, got shapes {input.shape} and "
                         f"{other.shape}")
    a, b = _pair(input, other, "cross")
    if dim is None:
        if 3 not in a.shape:
            raise ValueError(f"cross: no dimension of size 3 in shape {a.shape}")
        dim = a.shape.index(3)
    dim = normalize_axis(dim, a.ndim, "cross")
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise ValueError(f"cross: dimension {dim} must have size 3, got shapes {input.shape} and {other.shape}")
    return roll(a, -1, dim) * roll(b, -2, dim) - roll(a, -2, dim) * roll(b, -1, dim)


_CDIST_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist")


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """p-norm distance between each row of ``x1`` (B..., P, M) and each row of ``x2`` (B..., R, M):
    shape (B..., P, R); the batch dims broadcast. For p = 2 with more than 25 rows (or
    ``compute_mode='use_mm_for_euclid_dist'``) it uses ``|x|^2 + |y|^2 - 2 x.y``, faster but less
    exact for near points, as PyTorch. The gradient at a zero distance is 0."""
    x1, x2 = as_tensor(x1), as_tensor(x2)
    if x1.ndim < 2 or x2.ndim < 2:
        raise ValueError(f"cdist: expects tensors of at least 2 dims, got shapes {x1.shape} and {x2.shape}")
    if x1.shape[-1] != x2.shape[-1]:
        raise ValueError(f"cdist: x1 (shape {x1.shape}) and x2 (shape {x2.shape}) must have the same number of "
                         "columns")
    if x1.dtype.kind != "f" or x2.dtype.kind != "f":
        raise TypeError(f"cdist: expects float tensors, got {x1.dtype} and {x2.dtype}")
    if not isinstance(p, (int, float)) or p < 0:
        raise ValueError(f"cdist: p must be a number >= 0, got {p!r}")
    if compute_mode not in _CDIST_MODES:
        raise ValueError(f"cdist: compute_mode must be one of {_CDIST_MODES}, got {compute_mode!r}")
    dtype = result_dtype(x1._data, x2._data)
    x1, x2 = cast(x1, dtype), cast(x2, dtype)
    rows = max(x1.shape[-2], x2.shape[-2])
    if p == 2 and (compute_mode == _CDIST_MODES[1] or (compute_mode == _CDIST_MODES[0] and rows > 25)):
        squares = sum_(x1 * x1, -1, keepdim=True) + unsqueeze(sum_(x2 * x2, -1), -2)
        return safe_sqrt(clamp_min(squares - 2 * matmul(x1, x2.swapaxes(-1, -2)), 0.0))
    return norm(unsqueeze(x1, -2) - unsqueeze(x2, -3), p, -1)


# -- input + scale * product -------------------------------------------------------
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)``; ``input`` broadcasts to (n,)."""
    mat, vec = as_tensor(mat), as_tensor(vec)
    check_dims("addmv", ("mat", mat, 2), ("vec", vec, 1))
    if mat.shape[1] != vec.shape[0]:
        raise ValueError(f"addmv: mat (shape {mat.shape}) and vec (shape {vec.shape}) don't multiply")
    return add_scaled("addmv", input, matmul(mat, vec), beta, alpha, f"mat {mat.shape} @ vec {vec.shape}")


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * bmm(batch1, batch2)``; ``input`` broadcasts to (b, n, p)."""
    batch1, batch2 = as_tensor(batch1), as_tensor(batch2)
    return add_scaled("baddbmm", input, bmm(batch1, batch2), beta, alpha,
                       f"batch1 {batch1.shape} @ batch2 {batch2.shape}")


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * sum_b batch1[b] @ batch2[b]``; ``input`` broadcasts to (n, p)."""
    batch1, batch2 = as_tensor(batch1), as_tensor(batch2)
    check_dims("addbmm", ("batch1", batch1, 3), ("batch2", batch2, 3))
    (b, n, m), (b2, m2, q) = batch1.shape, batch2.shape
    if b != b2 or m != m2:
        raise ValueError(f"addbmm: batch1 (shape {batch1.shape}) and batch2 (shape {batch2.shape}) must be "
                         "(b, n, m) and (b, m, p)")
    # one matrix product: (n, b*m) @ (b*m, p) sums over the batch as it multiplies
    product = matmul(reshape(permute(batch1, (1, 0, 2)), (n, b * m)), reshape(batch2, (b * m, q)))
    return add_scaled("addbmm", input, product, beta, alpha, f"batch1 {batch1.shape} @ batch2 {batch2.shape}")


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, all three broadcast."""
    input, product = as_tensor(input), as_tensor(tensor1) * tensor2
    check_integer_scalars("addcmul", result_dtype(input._data, product._data), value=value)
    return input + (product if value == 1 else product * value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``, all three broadcast (integer division is refused, as PyTorch)."""
    t1, t2 = as_tensor(tensor1), as_tensor(tensor2)
    if t1.dtype.kind in "biu" and t2.dtype.kind in "biu":
        raise TypeError(f"addcdiv: integer tensors ({t1.dtype} / {t2.dtype}) are not supported; use floats")
    quotient = t1 / t2
    return input + (quotient if value == 1 else quotient * value)
