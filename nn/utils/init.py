"""``nn.utils.skip_init``: build a module whose parameters the caller will overwrite."""
import inspect

from ..module import Module

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """``module_cls(*args, **kwargs)`` on ``device`` (default ``"cpu"``; the class must accept it), for
    parameters that the caller initializes. torch leaves them uninitialized (built on its meta device);
    with no meta device here they hold the module's own initialization, which costs the same time."""
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    kwargs.setdefault("device", "cpu")
    return module_cls(*args, **kwargs)
