"""Grad mode (``no_grad``, ``enable_grad``, ``set_grad_enabled``) and anomaly mode.

The engine reads two flags on the hot path: ``_mode.enabled`` (record a graph?)
and ``_mode.instrumented`` (take the slow call path for anomaly detection or
the profiler?). Everything here flips those flags.
"""
import functools


class _Mode:
    __slots__ = ("enabled", "anomaly", "profilers", "instrumented", "backward_on_tensors", "stamp")

    def __init__(self):
        self.enabled = True
        self.backward_on_tensors = False  # True while a create_graph=True backward runs
        self.stamp = 0  # counts in-place changes to arrays, see ops/inplace.py
        self.anomaly = False
        self.profilers = []
        self.instrumented = False

    def refresh(self):
        self.instrumented = self.anomaly or bool(self.profilers)


_mode = _Mode()


def is_grad_enabled():
    """True when operations record a graph for backward."""
    return _mode.enabled


class set_grad_enabled:
    """Context manager and decorator that turns graph recording on or off."""

    def __init__(self, mode=True):
        self._prev = _mode.enabled
        self.mode = bool(mode)
        _mode.enabled = self.mode

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
        _mode.enabled = self.mode
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


class detect_anomaly:
    """Raise as soon as an op produces NaN or Inf in forward or backward.

    The error names the op. Slows every op down; use it to debug only.
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self._prev = _mode.anomaly
        _mode.anomaly = self.check_nan
        _mode.refresh()
        return self

    def __exit__(self, *exc):
        _mode.anomaly = self._prev
        _mode.refresh()
        return False
