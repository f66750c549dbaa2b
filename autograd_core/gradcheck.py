"""Numerical gradient checks: central differences in float64 against backward."""
import numpy as np

from .autograd import grad
from .backend import to_numpy
from .tensor import Tensor


def _outputs(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check ``fn``'s backward against central differences; return True or raise.

    ``inputs`` are float64 Tensors; those with ``requires_grad`` are checked. The
    outputs are contracted with a fixed random cotangent, so every output entry
    counts. A mismatch raises a GradcheckError naming the input, the index and
    both values.
    """
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad; nothing to check")
    for i in checked:
        if inputs[i].dtype != np.float64:
            raise ValueError(f"gradcheck: input {i} has dtype {inputs[i].dtype}; use float64 inputs "
                             "(x.double()) so central differences are accurate")
    rng = np.random.default_rng(seed)
    outs = _outputs(fn(*inputs))
    cotangents = [rng.standard_normal(o.shape) for o in outs]

    def contracted(outs):
        total = None
        for o, v in zip(outs, cotangents):
            if isinstance(o, Tensor) and o.requires_grad:
                term = (o * Tensor(v.astype(o.dtype)).to(o.device)).sum()
                total = term if total is None else total + term
        return total

    total = contracted(outs)
    if total is None:
        analytic = [np.zeros(inputs[i].shape) for i in checked]
    else:
        grads = grad(total, [inputs[i] for i in checked], allow_unused=True)
        analytic = [np.zeros(inputs[i].shape) if g is None else to_numpy(g._data).astype(np.float64)
                    for i, g in zip(checked, grads)]

    def value():
        return sum(float((to_numpy(o._data).astype(np.float64) * v).sum())
                   for o, v in zip(_outputs(fn(*inputs)), cotangents))

    for i, a in zip(checked, analytic):
        data = inputs[i]._data
        for idx in np.ndindex(*data.shape):
            old = data[idx]
            data[idx] = old + eps
            plus = value()
            data[idx] = old - eps
            minus = value()
            data[idx] = old
            numeric = (plus - minus) / (2 * eps)
            if not abs(a[idx] - numeric) <= atol + rtol * abs(numeric):
                raise GradcheckError(f"gradcheck: gradient of input {i} at index {idx} differs: "
                                     f"analytical {a[idx]!r}, numerical {numeric!r}")
    return True


def gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check second derivatives: gradcheck of the (create_graph) gradient of ``fn``."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    rng = np.random.default_rng(seed + 1)
    outs = _outputs(fn(*inputs))
    cotangents = [Tensor(rng.standard_normal(o.shape).astype(o.dtype)).to(o.device) for o in outs]
    checked = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]

    def first_derivative(*xs):
        total = None
        for o, v in zip(_outputs(fn(*xs)), cotangents):
            if o.requires_grad:
                term = (o * v).sum()
                total = term if total is None else total + term
        diff = [x for x in xs if isinstance(x, Tensor) and x.requires_grad]
        grads = grad(total, diff, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    if not checked:
        raise ValueError("gradgradcheck: no input requires grad; nothing to check")
    return gradcheck(first_derivative, inputs, eps=eps, atol=atol, rtol=rtol, seed=seed)


class GradcheckError(AssertionError):
    """Raised when an analytical gradient disagrees with central differences."""
