"""Function transforms, ``ag.func`` (torch.func): ``grad``, ``grad_and_value``, ``vjp``, ``jvp``,
``linearize``, ``jacrev``, ``jacfwd``, ``hessian``, ``vmap``, ``functional_call`` and
``stack_module_state``.

A transform takes a function of Tensors and gives a new function; transforms compose (``grad(grad(f))``,
``vmap(grad(f))``, ``jacfwd(jacrev(f))``) and combine with ordinary ``backward``. They are built on the
engine's ``create_graph``, not on torch's levels of wrapped tensors, and ``vmap`` is a loop in Python.

Example (per-sample gradients of a loss):
    >>> from autograd_core import func
    >>> grads = func.vmap(func.grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
"""
from .grad import grad, grad_and_value
from .jacobian import hessian, jacfwd, jacrev
from .module_state import functional_call, stack_module_state
from .vjp_jvp import jvp, linearize, vjp
from .vmap import vmap

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian", "vmap",
           "functional_call", "stack_module_state"]
