"""Global settings with PyTorch's names: print options (``Tensor.__repr__`` reads them), thread counts, and the
flags that PyTorch uses to choose kernels, which are recorded here (every op of this framework is already
deterministic and has one float32 matmul), so ported scripts run and read them back."""
import math
import operator
import os
import sys
import warnings

import numpy as np

_PROFILES = {"default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
             "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
             "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80}}
PRINT_OPTIONS = dict(_PROFILES["default"], sci_mode=None)
_flags = {"deterministic": False, "warn_only": False, "warn_always": False, "matmul_precision": "highest",
          "num_threads": None, "num_interop_threads": os.cpu_count() or 1}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """How tensors print, as ``torch.set_printoptions``: ``profile`` ('default', 'short' or 'full') sets the
    first four, which the others then override; ``sci_mode`` True or False forces or forbids scientific notation
    for floats (None: NumPy chooses) and is reset by every call, as PyTorch."""
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be one of {sorted(_PROFILES)}, got {profile!r}")
        PRINT_OPTIONS.update(_PROFILES[profile])
    given = {"precision": precision, "threshold": threshold, "edgeitems": edgeitems, "linewidth": linewidth}
    PRINT_OPTIONS.update({k: v for k, v in given.items() if v is not None}, sci_mode=sci_mode)


def array2string_options(data):
    """The keywords of ``numpy.array2string`` that print the NumPy array ``data`` with the current options."""
    o = PRINT_OPTIONS
    options = {"precision": o["precision"], "threshold": sys.maxsize if o["threshold"] == math.inf else o["threshold"],
               "edgeitems": o["edgeitems"], "max_line_width": o["linewidth"]}
    if o["sci_mode"] is not None and data.dtype.kind == "f":
        options["formatter"] = {"float_kind": _forced_format(data, o["sci_mode"], o["precision"])}
    return options


def _forced_format(data, sci_mode, precision):
    """PyTorch's float format when ``sci_mode`` is set: ``{:.4e}`` (True) or ``{:.4f}`` (False; ``{:.0f}.`` where
    every value is whole), right-aligned to the widest finite value (NumPy alone keeps 1e8 and up in e-notation)."""
    finite = data[np.isfinite(data)].astype(np.float64)
    whole = not sci_mode and bool((finite == np.round(finite)).all())
    spec = ".0f" if whole else f".{precision}{'e' if sci_mode else 'f'}"

    def text(v):
        return format(v, spec) + ("." if whole and np.isfinite(v) else "")
    # the longest texts: the ends (most digits) and the values nearest 0 (longest exponents), with their signs
    ends = [finite.min(), finite.max(), finite.min(initial=np.inf, where=finite > 0),
            finite.max(initial=-np.inf, where=finite < 0)] if finite.size else []
    width = max((len(text(v)) for v in ends if np.isfinite(v)), default=0)
    return lambda v: text(v).rjust(width)


# -- threads ------------------------------------------------------------------------
def get_num_threads():
    """The number of threads BLAS uses (read through threadpoolctl when it is installed; else the number
    last set, or the number of CPUs)."""
    if _flags["num_threads"] is not None:
        return _flags["num_threads"]
    ctl = _threadpoolctl()
    blas = [p["num_threads"] for p in ctl.threadpool_info() if p["user_api"] == "blas"] if ctl else []
    return max(blas, default=os.cpu_count() or 1)


def set_num_threads(num):
    """Limit BLAS to ``num`` threads (through threadpoolctl when it is installed; else the number is only
    recorded: NumPy's BLAS reads its thread count at start, from OMP_NUM_THREADS and the like)."""
    _flags["num_threads"] = _positive("set_num_threads", num)
    if _threadpoolctl():
        _threadpoolctl().threadpool_limits(num, user_api="blas")


def get_num_interop_threads():
    """The number recorded by ``set_num_interop_threads`` (the number of CPUs by default); this framework
    runs ops one after another, so it uses none."""
    return _flags["num_interop_threads"]


def set_num_interop_threads(num):
    """Record ``num`` as the inter-op thread count (read back by ``get_num_interop_threads``; unused)."""
    _flags["num_interop_threads"] = _positive("set_num_interop_threads", num)


def _positive(op, num):
    from .ops._util import is_int  # .ops imports the tensor, which imports this module
    if not is_int(num) or num < 1:
        raise ValueError(f"{op}: expects a positive integer, got {num!r}")
    return operator.index(num)


def _threadpoolctl():
    """The threadpoolctl module, or None where it is not installed (it is optional)."""
    try:
        import threadpoolctl
    except ImportError:
        return None
    return threadpoolctl


# -- recorded flags -----------------------------------------------------------------
def use_deterministic_algorithms(mode, *, warn_only=False):
    """Record that deterministic algorithms are asked for (every op here is deterministic already)."""
    _flags["deterministic"], _flags["warn_only"] = bool(mode), bool(warn_only)


def are_deterministic_algorithms_enabled():
    """Whether ``use_deterministic_algorithms(True)`` is in force."""
    return _flags["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    """Whether ``use_deterministic_algorithms`` was given ``warn_only=True``."""
    return _flags["warn_only"]


_DEBUG_MODES = ("default", "warn", "error")


def set_deterministic_debug_mode(debug_mode):
    """0 or 'default', 1 or 'warn', 2 or 'error': ``use_deterministic_algorithms`` off, on with
    ``warn_only``, on."""
    if debug_mode in _DEBUG_MODES:
        debug_mode = _DEBUG_MODES.index(debug_mode)
    if isinstance(debug_mode, bool) or debug_mode not in (0, 1, 2):
        raise RuntimeError(f"set_deterministic_debug_mode: invalid value of debug_mode, expected one of "
                           f"'default', 'warn', 'error' (or 0, 1, 2), got {debug_mode!r}")
    use_deterministic_algorithms(debug_mode > 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    """0, 1 or 2 as ``set_deterministic_debug_mode`` takes them."""
    return 0 if not _flags["deterministic"] else 1 if _flags["warn_only"] else 2


def set_warn_always(b):
    """Record whether warnings PyTorch gives once should be given every time."""
    _flags["warn_always"] = bool(b)


def is_warn_always_enabled():
    """The value given to ``set_warn_always`` (False by default)."""
    return _flags["warn_always"]


def set_flush_denormal(mode):
    """Flushing denormal floats to zero is not supported (NumPy has no switch for it): returns False."""
    return False


def set_float32_matmul_precision(precision):
    """Record 'highest', 'high' or 'medium' (float32 matmuls here always run in full float32: 'highest');
    another value warns and has no effect, as PyTorch."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"set_float32_matmul_precision: {precision!r} is not one of 'highest', 'high' or 'medium'; "
                      "the call has no effect", UserWarning, stacklevel=2)
        return
    _flags["matmul_precision"] = precision


def get_float32_matmul_precision():
    """The value given to ``set_float32_matmul_precision`` ('highest' by default)."""
    return _flags["matmul_precision"]


# -- defaults -----------------------------------------------------------------------
_TENSOR_TYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16"}


def set_default_tensor_type(t):
    """Deprecated in PyTorch: 'torch.FloatTensor', 'torch.DoubleTensor' or 'torch.HalfTensor' (or the name
    without 'torch.') sets the default float dtype, as ``set_default_dtype``; other types are refused."""
    from .dtypes import set_default_dtype
    warnings.warn("set_default_tensor_type() is deprecated, as in PyTorch; use set_default_dtype() instead",
                  UserWarning, stacklevel=2)
    name = t if isinstance(t, str) else getattr(t, "__name__", repr(t))
    dtype = _TENSOR_TYPES.get(name.removeprefix("torch.").removeprefix("autograd_core."))
    if dtype is None:
        raise TypeError(f"set_default_tensor_type: only {sorted(_TENSOR_TYPES)} (CPU float tensor types) can be the "
                        f"default, got {t!r}; use set_default_dtype()")
    set_default_dtype(dtype)


def get_default_device():
    """The device new tensors are made on: always the CPU (``device=`` or ``.to()`` puts one elsewhere)."""
    from .backend import device
    return device("cpu")


def set_default_device(device):
    """Only the CPU (or None) can be the default device: new tensors go elsewhere by ``device=`` or ``.to()``."""
    from .backend import device as device_
    if device is not None and device_(device).type != "cpu":
        raise NotImplementedError(f"set_default_device: only 'cpu' can be the default device, got {device!r}; make "
                                  "tensors with device= or move them with .to()")


def set_anomaly_enabled(enabled, check_nan=True):
    """Turn anomaly detection on or off for good (``detect_anomaly`` is the context manager)."""
    from .grad_mode import _set_anomaly
    _set_anomaly(enabled, check_nan)


__all__ = ["set_printoptions", "get_num_threads", "set_num_threads", "get_num_interop_threads",
           "set_num_interop_threads", "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode",
           "get_deterministic_debug_mode", "set_warn_always", "is_warn_always_enabled", "set_flush_denormal",
           "set_float32_matmul_precision", "get_float32_matmul_precision", "set_default_tensor_type",
           "get_default_device", "set_default_device", "set_anomaly_enabled"]
