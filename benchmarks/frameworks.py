"""The frameworks compared: this project and its installed peers, each behind one small adapter.

An adapter knows how to import its framework (or why it cannot), make a tensor
from a NumPy array on the chosen device, call the handful of ops the engine
benchmarks share, clear a gradient, and wait for the device. Nothing here
imports NumPy at module level, so ``--threads`` can still reach BLAS.
"""
import contextlib

OURS, TORCH, DEZERO = "autograd_core", "torch", "dezero"
PEERS = (TORCH, DEZERO)


class Skip(Exception):
    """A framework cannot run a case; the message says why."""


class Framework:
    """One framework on one device, or the reason it is not available."""

    def __init__(self, name, device, module=None, reason=None):
        self.name, self.device, self.module, self.reason = name, device, module, reason
        self.version = getattr(module, "__version__", None) if module is not None else None

    @property
    def available(self):
        return self.module is not None

    def sync(self):
        """Wait for queued device work (a no-op on the CPU)."""

    def first_use(self):
        """A context for a warm-up step that should also load what the framework loads on first use at full
        size (a warm-up on tiny inputs may not reach it)."""
        return contextlib.nullcontext()


class Ours(Framework):
    def __init__(self, device):
        import autograd_core as ag
        super().__init__(OURS, device, ag)
        self.ops = {"tanh": ag.tanh, "relu": ag.relu, "matmul": ag.matmul, "sum": ag.sum,
                    "add": lambda a, b: a + b}
        if device == "cuda":
            try:
                ag.zeros(1, device="cuda")
            except Exception as e:  # no CuPy or no GPU: the engine's error says which
                self.module, self.reason = None, f"autograd_core on cuda unavailable: {type(e).__name__}: {e}"

    def tensor(self, array, requires_grad=False):
        return self.module.tensor(array, requires_grad=requires_grad, device=self.device)

    def zero_grad(self, t):
        t.grad = None

    def sync(self):
        if self.device == "cuda":
            self.module.cuda.synchronize()

    @contextlib.contextmanager
    def first_use(self):
        """Compiled kernels (numba, when installed) for any size: their import and compiling happen once."""
        kernels = self.module.kernels
        size, kernels.MIN_SIZE = kernels.MIN_SIZE, 0
        try:
            yield
        finally:
            kernels.MIN_SIZE = size


class Torch(Framework):
    def __init__(self, device):
        import torch
        super().__init__(TORCH, device, torch)
        if device == "cuda" and not torch.cuda.is_available():
            self.module = None
            self.reason = f"torch {torch.__version__}: torch.cuda.is_available() is False"
            return
        self.dev = torch.device(device)
        self.ops = {"tanh": torch.tanh, "relu": torch.relu, "matmul": torch.matmul, "sum": torch.sum,
                    "add": lambda a, b: a + b}

    def tensor(self, array, requires_grad=False):
        return self.module.tensor(array, device=self.dev, requires_grad=requires_grad)

    def zero_grad(self, t):
        t.grad = None

    def sync(self):
        if self.device == "cuda":
            self.module.cuda.synchronize()


class DeZero(Framework):
    def __init__(self, device):
        import numpy as np
        if not hasattr(np, "int"):
            np.int = int  # DeZero 0.0.13 still uses np.int, which NumPy 1.24 removed
        import dezero
        import dezero.functions as F
        _float32_constants(dezero)
        super().__init__(DEZERO, device, dezero)
        self.F = F
        self.ops = {"tanh": F.tanh, "relu": F.relu, "matmul": F.matmul, "sum": F.sum, "add": lambda a, b: a + b}
        if device == "cuda":
            if not dezero.cuda.gpu_enable:
                self.module, self.reason = None, "dezero on cuda needs CuPy and a GPU (dezero.cuda.gpu_enable is False)"
                return
            import cupy
            self._cupy = cupy

    def tensor(self, array, requires_grad=False):
        # DeZero has no requires_grad: every Variable gets a gradient.
        if self.device == "cuda":
            array = self._cupy.asarray(array)
        return self.module.Variable(array)

    def zero_grad(self, t):
        t.cleargrad()

    def sync(self):
        if self.device == "cuda":
            self._cupy.cuda.Device().synchronize()


def _float32_constants(dezero):
    """DeZero turns a Python number in ``x * 0.5`` or ``loss / n`` into a 0-d array. Under NumPy 1
    such an array took the dtype of the other operand; NumPy 2 (NEP 50) promotes float32 to float64
    with it, so DeZero would run our float32 benchmarks partly in float64. Make those constants
    float32, as every benchmark here is (NumPy scalars and arrays pass through unchanged)."""
    import numpy as np
    import dezero.core
    original = dezero.core.as_array
    if getattr(original, "float32_constants", False):
        return

    def as_array(x, array_module=np):
        if isinstance(x, (int, float)) and not isinstance(x, np.generic):
            return array_module.array(x, dtype=np.float32)
        return original(x, array_module)
    as_array.float32_constants = True
    dezero.core.as_array = dezero.functions.as_array = as_array


_ADAPTERS = {OURS: Ours, TORCH: Torch, DEZERO: DeZero}


def load(name, device="cpu"):
    """The adapter for ``name`` on ``device``; unavailable (with its reason) if it cannot be imported."""
    try:
        return _ADAPTERS[name](device)
    except ImportError as e:
        return Framework(name, device, reason=f"{name} is not installed ({e})")
    except Exception as e:  # a broken install is reported, not fatal to the suite
        return Framework(name, device, reason=f"{name} failed to import: {type(e).__name__}: {e}")
