"""``ag.autograd.graph``, as torch.autograd.graph: ``Node`` (the class of every ``grad_fn``) and the
saved-tensor hooks (saved_hooks.py)."""
from .function import Function as Node  # noqa: F401
from .saved_hooks import disable_saved_tensors_hooks, save_on_cpu, saved_tensors_hooks  # noqa: F401
