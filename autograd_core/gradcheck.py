"""Numerical gradient checks: central differences in float64 against backward."""
import numpy as np

from .autograd import grad
from .backend import to_numpy
from .tensor import Tensor


def _outputs(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _cotangent(rng, out):
    """A fixed random cotangent for one output: complex for a complex output."""
    v = rng.standard_normal(out.shape)
    return v + 1j * rng.standard_normal(out.shape) if out.dtype.kind == "c" else v


def _recorded(outs, cotangents):
    """The outputs that require grad and their cotangents."""
    pairs = [(o, v) for o, v in zip(outs, cotangents) if isinstance(o, Tensor) and o.requires_grad]
    return [o for o, _ in pairs], [v for _, v in pairs]


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check ``fn``'s backward against central differences; return True or raise.

    ``inputs`` are float64 or complex128 Tensors; those with ``requires_grad`` are
    checked. The outputs are contracted with a fixed random cotangent v, so every
    output entry counts: the checked function is the real Re(sum(conj(v) * out)).
    A complex input's real and imaginary parts are each perturbed, and its
    gradient compared with d/dRe + i d/dIm (PyTorch's convention). A mismatch
    raises a GradcheckError naming the input, the index and both values.
    """
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad; nothing to check")
    for i in checked:
        if inputs[i].dtype not in (np.float64, np.complex128):
            raise ValueError(f"gradcheck: input {i} has dtype {inputs[i].dtype}; use float64 (or complex128) "
                             "inputs (x.double()) so central differences are accurate")
    rng = np.random.default_rng(seed)
    outs = _outputs(fn(*inputs))
    cotangents = [_cotangent(rng, o) for o in outs]
    recorded, vs = _recorded(outs, cotangents)
    if recorded:
        grads = grad(recorded, [inputs[i] for i in checked], grad_outputs=vs, allow_unused=True)
    else:
        grads = [None] * len(checked)
    analytic = [np.zeros(inputs[i].shape, inputs[i].dtype) if g is None else to_numpy(g._data)
                for i, g in zip(checked, grads)]

    def value():
        return sum(float((to_numpy(o._data) * np.conj(v)).real.sum())
                   for o, v in zip(_outputs(fn(*inputs)), cotangents))

    def slope(data, idx, step):
        old = data[idx]
        data[idx] = old + step
        plus = value()
        data[idx] = old - step
        minus = value()
        data[idx] = old
        return (plus - minus) / (2 * eps)

    for i, a in zip(checked, analytic):
        data = inputs[i]._data
        is_complex = data.dtype.kind == "c"
        for idx in np.ndindex(*data.shape):
            numeric = slope(data, idx, eps)
            if is_complex:
                numeric = numeric + 1j * slope(data, idx, 1j * eps)
            if not abs(a[idx] - numeric) <= atol + rtol * abs(numeric):
                raise GradcheckError(f"gradcheck: gradient of input {i} at index {idx} differs: "
                                     f"analytical {a[idx]!r}, numerical {numeric!r}")
    return True


def gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check second derivatives: gradcheck of the (create_graph) gradient of ``fn``, in the inputs and, as
    PyTorch's, in the output gradient (float64 or complex128) that it is taken with."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    rng = np.random.default_rng(seed + 1)
    outs = _outputs(fn(*inputs))
    cotangents = [Tensor(_cotangent(rng, o).astype(o.dtype)).to(o.device) for o in outs]
    for v in cotangents:
        if v.dtype in (np.float64, np.complex128):
            v.requires_grad_()
    checked = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    n = len(inputs)

    def first_derivative(*args):
        xs, vs = args[:n], args[n:]
        recorded, vs = _recorded(_outputs(fn(*xs)), vs)
        diff = [x for x in xs if isinstance(x, Tensor) and x.requires_grad]
        grads = grad(recorded, diff, grad_outputs=vs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    if not checked:
        raise ValueError("gradgradcheck: no input requires grad; nothing to check")
    return gradcheck(first_derivative, inputs + tuple(cotangents), eps=eps, atol=atol, rtol=rtol, seed=seed)


class GradcheckError(AssertionError):
    """Raised when an analytical gradient disagrees with central differences."""
