"""Autograd through complex tensors, in PyTorch's convention.

The gradient of a real loss L with respect to a complex tensor z = x + iy is
dL/dx + i dL/dy (the conjugate Wirtinger derivative, doubled): a step against
it decreases L, as for real tensors. For a holomorphic op (w = f(z)) the chain
rule becomes grad_z = grad_w * conj(f'(z)).

An op declares how its backward treats complex gradients with the class
attribute ``complex_autograd``:

- ``"holomorphic"``: backward is written as for reals (complex-linear in the
  gradient: ``gy * f'(x)``, ``gy @ b.T``, no conj, abs or comparison); the
  engine runs ``conj(backward(conj(gy)))``, which is ``gy * conj(f'(x))``.
- ``"ready"``: backward already follows the convention above and runs as it is:
  linear ops with real coefficients (reshape, sum, indexing, add ...) and ops
  written for complex tensors (real, imag, abs, fft ...).
- ``None`` (the default): a recorded call with a complex input or output
  raises NotImplementedError naming the op, rather than give a wrong gradient.

Where a real input meets a complex gradient (a real tensor times a complex
one) the engine keeps the gradient's real part, so no op has to.

Cost: the hot path tests the dtype of a recorded op's output. The first complex
value in a graph (a complex leaf that requires grad, or a recorded op with a
complex output) turns on the engine's checked call path (instrument.py) for
the rest of the process.
"""
from .grad_mode import _mode
from .tensor import Tensor


def is_complex_array(a):
    """True for an array (NumPy or CuPy) of a complex dtype."""
    return a.dtype.kind == "c"


def enable():
    """Take the checked call path from now on: complex values take part in autograd."""
    if not _mode.complex:
        _mode.complex = True
        _mode.refresh()


def check(fn, inputs, outs):
    """Record how ``fn``'s backward treats complex gradients, or refuse an op that has no complex backward."""
    enable()
    if fn._complex is not None:
        return
    kind = type(fn).complex_autograd
    if kind is None:
        from .viz import op_name
        dtypes = ", ".join(str(x.dtype) for x in inputs)
        raise NotImplementedError(
            f"{op_name(fn)}: autograd through complex tensors is not implemented for this op (input dtypes "
            f"{dtypes}); compute it on real tensors (x.real, x.imag, ag.view_as_real(x)) or under no_grad()")
    fn._complex = tuple(i for i, x in enumerate(inputs) if not is_complex_array(x._data))


def involves_complex(inputs, outs):
    """True if any input (Tensor) or output (array) is complex (plain loops: every multi-output or
    many-input call pays this)."""
    for x in inputs:
        if x._data.dtype.kind == "c":
            return True
    if type(outs) is not tuple:
        return outs.dtype.kind == "c"
    for y in outs:
        if y.dtype.kind == "c":
            return True
    return False


def check_recorded(fn, inputs, outs):
    """``check`` a call made on the checked path (outs: its Tensors), if it was recorded and involves complex."""
    first = outs[0] if type(outs) is tuple else outs
    node = first._node
    if fn._complex is None and node is not None and node[0] is fn:
        arrays = tuple(o._data for o in outs) if type(outs) is tuple else first._data
        if involves_complex(inputs, arrays):
            check(fn, inputs, arrays)


def backward(fn, gys):
    """``fn.backward`` on complex gradients: conjugated around a holomorphic op, real parts for real inputs."""
    if type(fn).complex_autograd != "holomorphic":
        return _to_real(fn._complex, fn.backward(*gys))
    gxs = fn.backward(*[None if g is None else conj(g) for g in gys])
    if type(gxs) is tuple:
        return _to_real(fn._complex, tuple(None if g is None else conj(g) for g in gxs))
    return _to_real(fn._complex, conj(gxs))


def _to_real(real_inputs, gxs):
    """The real part of each gradient that flows to a real input."""
    if not real_inputs:
        return gxs
    single = type(gxs) is not tuple
    gxs = [gxs] if single else list(gxs)
    for i in real_inputs:
        if i < len(gxs) and gxs[i] is not None:
            gxs[i] = real(gxs[i])
    return gxs[0] if single else tuple(gxs)


def conj(g):
    """Complex conjugate of a gradient (array, or Tensor under create_graph); real ones pass through."""
    if isinstance(g, Tensor):
        if not is_complex_array(g._data):
            return g
        from .ops.complex_parts import conj as conj_op
        return conj_op(g)
    return g.conj() if is_complex_array(g) else g


def real(g):
    """Real part of a gradient (array, or Tensor under create_graph); real ones pass through."""
    if isinstance(g, Tensor):
        if not is_complex_array(g._data):
            return g
        from .ops.complex_parts import real as real_op
        return real_op(g)
    return g.real.copy() if is_complex_array(g) else g
