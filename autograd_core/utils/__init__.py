"""Utilities beyond the engine and ops, as torch.utils: ``checkpoint`` (trade compute for memory)."""
from . import checkpoint  # noqa: F401
