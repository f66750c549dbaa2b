"""The slow call path, taken only while anomaly detection, a profiler or saved-tensor hooks (saved_hooks.py)
are on, or once complex values have taken part in autograd (complex_autograd.py).

The hot path in Function.__call__ (and the backward walk) pays one flag check for all of this.
"""
import time
import traceback

from . import complex_autograd
from .backend import get_array_module, synchronize_for
from .grad_mode import _mode
from .tensor import Tensor
from .viz import op_name


def _timed():
    """Is a profiler that times ops on? Only then does this path wait for the GPU (not for an observer with
    timed = False, as checkpoint's, nor for anomaly mode or complex autograd alone)."""
    return any(getattr(p, "timed", True) for p in _mode.profilers)


def _run_timed(call, arrays):
    """``call()`` and the seconds it took, waiting for the GPU work queued on ``arrays`` before and after."""
    synchronize_for(arrays)
    start = time.perf_counter()
    out = call()
    synchronize_for(arrays)
    return out, time.perf_counter() - start


def instrumented_call(fn, inputs):
    """Run ``fn`` on ``inputs``, timing it for profilers, in anomaly mode keeping where it was called, and
    packing what it saved for backward inside saved_tensors_hooks."""
    _mode.instrumented = False  # forward runs on arrays, so no nested call can miss the flag
    try:
        if _mode.profilers:
            outs, seconds = _run_timed(lambda: fn(*inputs), [x._data for x in inputs] if _timed() else ())
        else:  # anomaly mode, complex autograd or saved-tensor hooks: nothing to time
            outs = fn(*inputs)
    finally:
        _mode.refresh()
    if _mode.complex:
        complex_autograd.check_recorded(fn, inputs, outs)
    if _mode.anomaly:
        fn._forward_trace = traceback.extract_stack()[:-2]  # where the user called the op, for backward's error
    for profiler in _mode.profilers:
        profiler.record_forward(fn, inputs, outs, seconds)
    if _mode.saved_hooks and fn._inputs is not None:  # _inputs: recorded, and something saved
        from .saved_hooks import pack  # here: saved_hooks imports function.py, which imports this module
        pack(fn, inputs, outs)
    return outs


def instrumented_backward(fn, gys):
    """Run ``fn.backward`` for the walk, timing it and, in anomaly mode, checking its gradients for NaN."""
    if not (_mode.anomaly or _mode.profilers):  # complex autograd alone
        return _backward(fn, gys)
    arrays = [g._data if isinstance(g, Tensor) else g for g in gys if g is not None] if _timed() else ()
    gxs, seconds = _run_timed(lambda: _backward(fn, gys), arrays)
    if _mode.anomaly and _mode.check_nan:
        for i, g in enumerate(gxs if type(gxs) is tuple else (gxs,)):
            if g is not None:
                _check_nan(g._data if isinstance(g, Tensor) else g, fn, i)
    for profiler in _mode.profilers:
        profiler.record_backward(fn, seconds)
    return gxs


def _backward(fn, gys):
    """``fn``'s backward, through complex_autograd where a recorded call involved complex values."""
    return fn.backward(*gys) if fn._complex is None else complex_autograd.backward(fn, gys)


def _check_nan(array, fn, index):
    """PyTorch's anomaly check: NaN (not Inf) in a gradient that backward returned is an error."""
    if array.dtype.kind in "fc" and bool(get_array_module(array).isnan(array).any()):
        trace = getattr(fn, "_forward_trace", None)
        where = ("Traceback of forward call that caused the error:\n" + "".join(traceback.format_list(trace))
                 if trace else "(the op was called outside anomaly mode, so its forward traceback is unknown)")
        raise RuntimeError(f"Function '{op_name(fn)}Backward0' returned nan values in its {index}th output.\n"
                           f"{where}")
