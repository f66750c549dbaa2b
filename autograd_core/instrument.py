"""The slow call path, taken only while anomaly detection or a profiler is on.

The hot path in Function.__call__ pays one flag check for all of this.
"""
import time

from .backend import get_array_module, synchronize_for
from .grad_mode import _mode
from .tensor import Tensor


def instrumented_call(fn, inputs):
    """Run ``fn`` on ``inputs``, timing it for profilers and checking outputs for NaN/Inf."""
    _mode.instrumented = False  # forward runs on arrays, so no nested call can miss the flag
    arrays = [x._data for x in inputs]
    try:
        synchronize_for(arrays)
        start = time.perf_counter()
        outs = fn(*inputs)
        synchronize_for(arrays)
        seconds = time.perf_counter() - start
    finally:
        _mode.refresh()
    if _mode.anomaly:
        for y in (outs if type(outs) is tuple else (outs,)):
            _check_finite(y._data, fn, "forward", "output")
    for profiler in _mode.profilers:
        profiler.record_forward(fn, inputs, outs, seconds)
    return outs


def instrumented_backward(fn, gys):
    """Run ``fn.backward`` for the walk, timing it and checking its gradients."""
    arrays = [g._data if isinstance(g, Tensor) else g for g in gys if g is not None]
    synchronize_for(arrays)
    start = time.perf_counter()
    gxs = fn.backward(*gys)
    synchronize_for(arrays)
    seconds = time.perf_counter() - start
    if _mode.anomaly:
        for g in (gxs if type(gxs) is tuple else (gxs,)):
            if g is not None:
                _check_finite(g._data if isinstance(g, Tensor) else g, fn, "backward", "gradient")
    for profiler in _mode.profilers:
        profiler.record_backward(fn, seconds)
    return gxs


def _check_finite(array, fn, phase, what):
    if array.dtype.kind not in "fc":
        return
    xp = get_array_module(array)
    if not bool(xp.isfinite(array).all()):
        bad = "NaN" if bool(xp.isnan(array).any()) else "Inf"
        raise RuntimeError(f"detect_anomaly: {type(fn).__name__} produced {bad} in its {phase} {what} "
                           f"(shape {array.shape})")
