"""Grad mode (``no_grad``, ``enable_grad``, ``set_grad_enabled``), inference mode and anomaly mode.

The engine reads two flags on the hot path: ``_mode.enabled`` (record a graph?)
and ``_mode.instrumented`` (take the slow call path for anomaly detection,
the profiler, complex autograd or saved-tensor hooks?). Everything here flips those flags.
"""
import functools
import warnings


class _Mode:
    __slots__ = ("enabled", "anomaly", "check_nan", "profilers", "instrumented", "backward_on_tensors", "stamp",
                 "inference", "complex", "saved_hooks")

    def __init__(self):
        self.enabled = True
        self.backward_on_tensors = False  # True while a create_graph=True backward runs
        self.stamp = 0  # counts in-place changes to arrays, see ops/inplace.py
        self.anomaly = False
        self.check_nan = True
        self.profilers = []
        self.instrumented = False
        self.inference = False  # True inside inference_mode: new tensors are marked (tensor.py's _new)
        self.complex = False  # True once complex values take part in autograd (complex_autograd.py)
        self.saved_hooks = []  # the (pack_hook, unpack_hook) pairs of the open saved_tensors_hooks blocks

    def refresh(self):
        self.instrumented = self.anomaly or bool(self.profilers) or self.complex or bool(self.saved_hooks)


_mode = _Mode()


def is_grad_enabled():
    """True when operations record a graph for backward."""
    return _mode.enabled


class set_grad_enabled:
    """Context manager and decorator that turns graph recording on or off."""

    def __init__(self, mode=True):
        self._prev = _mode.enabled
        self.mode = bool(mode)
        _mode.enabled = self.mode and not _mode.inference  # inside inference_mode nothing records, as torch

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _mode.enabled = self._prev
        return False

    def __call__(self, fn):
        mode = self.mode
        _mode.enabled = self._prev  # used as a decorator: do not change state now

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper


class _GradSwitch:
    """Base for no_grad/enable_grad: usable as ``with`` block and as decorator
    (``@ag.no_grad()`` or ``@ag.no_grad``)."""
    mode = True

    def __new__(cls, fn=None):
        self = super().__new__(cls)
        return self if fn is None else self(fn)

    def __enter__(self):
        self._prev = _mode.enabled
        _mode.enabled = self.mode and not _mode.inference  # inside inference_mode nothing records, as torch
        return self

    def __exit__(self, *exc):
        _mode.enabled = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradSwitch):
    """Disable graph recording: ``with ag.no_grad(): ...`` or ``@ag.no_grad()``."""
    mode = False


class enable_grad(_GradSwitch):
    """Enable graph recording inside a ``no_grad`` block."""
    mode = True


class inference_mode:
    """Context manager and decorator (``with ag.inference_mode():``, ``@ag.inference_mode`` or
    ``@ag.inference_mode()``): no graph is recorded, as under ``no_grad``, and the tensors made inside
    report ``is_inference()``. ``inference_mode(False)`` turns it off again (and graph recording on)."""

    def __new__(cls, mode=True):
        self = super().__new__(cls)
        if callable(mode):  # used bare as a decorator
            self.mode = True
            return self(mode)
        self.mode = bool(mode)
        return self

    def __enter__(self):
        self._prev = _mode.enabled, _mode.inference
        _mode.enabled, _mode.inference = not self.mode, self.mode
        return self

    def __exit__(self, *exc):
        _mode.enabled, _mode.inference = self._prev
        return False

    def __call__(self, fn):
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)
        return wrapper


def is_inference_mode_enabled():
    """True inside ``inference_mode``."""
    return _mode.inference


def is_anomaly_enabled():
    """True while anomaly detection is on."""
    return _mode.anomaly


def is_anomaly_check_nan_enabled():
    """True while anomaly detection checks backward's gradients for NaN."""
    return _mode.anomaly and _mode.check_nan


def _set_anomaly(mode, check_nan):
    prev = _mode.anomaly, _mode.check_nan
    _mode.anomaly, _mode.check_nan = bool(mode), bool(check_nan)
    _mode.refresh()
    return prev


class detect_anomaly:
    """Context manager that turns anomaly detection on: every op remembers where it was called (its
    forward's traceback), and a backward that returns NaN raises a RuntimeError naming the op and
    showing that traceback (``check_nan=False`` keeps the tracebacks and skips the check).

    Slows every op down; use it to debug only.
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", stacklevel=2)

    def __enter__(self):
        self._prev = _set_anomaly(True, self.check_nan)
        return self

    def __exit__(self, *exc):
        _set_anomaly(*self._prev)
        return False


class set_detect_anomaly:
    """Turn anomaly detection on or off (see ``detect_anomaly``): as a call it switches now, as a
    ``with`` block it restores the previous setting on exit."""

    def __init__(self, mode, check_nan=True):
        self._prev = _set_anomaly(mode, check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _set_anomaly(*self._prev)
        return False
