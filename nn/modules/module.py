"""PyTorch's import path for Module and the global module hooks (``nn.modules.module``)."""
from ..module import (Module, RemovableHandle, register_module_forward_hook,  # noqa: F401
                      register_module_forward_pre_hook, register_module_full_backward_hook,
                      register_module_full_backward_pre_hook)
