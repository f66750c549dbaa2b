"""PyTorch's import path for Module and the global forward hooks (``nn.modules.module``)."""
from ..module import (Module, RemovableHandle, register_module_forward_hook,  # noqa: F401
                      register_module_forward_pre_hook)
