"""``grad`` and ``grad_and_value``: the gradient of a scalar function as a function, as torch.func's."""
import functools

from ..autograd_functional import _autograd_grad, _fill_in_zeros
from ..grad_mode import enable_grad
from ..tensor import Tensor
from ._pytree import tree_unflatten
from ._transform import call_at_level, unwrap_aux


def grad_and_value(func, argnums=0, has_aux=False):
    """Like ``grad``, but the returned function gives ``(gradient, value)`` (``(gradient, (value, aux))``
    with ``has_aux``)."""
    where = "grad_and_value(f)(*args)"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        level, output, aux = call_at_level(func, args, kwargs, argnums, has_aux, where)
        if not isinstance(output, Tensor):
            raise RuntimeError(f"{where}: Expected f(*args) to return a Tensor, got {type(output)}")
        if output.ndim != 0:
            raise RuntimeError(f"{where}: Expected f(*args) to return a scalar Tensor, got tensor with "
                               f"{output.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs instead?")
        with enable_grad():
            create_graph = level.needs_graph((output,))
            grads = _autograd_grad((output,), level.inputs, create_graph=create_graph)
            grads = _fill_in_zeros(grads, level.inputs, False, create_graph, "back")
        gradient = tree_unflatten(level.unwrap(grads), level.spec)
        value = level.unwrap((output,))[0]
        return (gradient, (value, unwrap_aux(level, aux, has_aux))) if has_aux else (gradient, value)

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """The function that gives the gradient of ``func`` (which returns a 0-dim Tensor) with respect to its
    positional argument(s) ``argnums`` (an int, or a tuple giving a tuple of gradients); each argument may be
    a pytree (tuples, lists, dicts) of Tensors, and its gradient has the same structure.

    ``func`` sees copies of those arguments that require grad (even under the caller's ``no_grad``); tensors
    it captures are constants. ``has_aux``: ``func`` returns ``(output, aux)`` and the new function
    ``(gradient, aux)``. Transforms compose: ``grad(grad(f))`` is the second derivative, and
    ``vmap(grad(f))`` gives per-sample gradients.

    Example:
        >>> from autograd_core import func
        >>> func.grad(lambda x: (x ** 3).sum())(ag.tensor([1.0, 2.0]))       # tensor([ 3., 12.])
        >>> func.grad(func.grad(lambda x: x ** 3))(ag.tensor(2.0))            # tensor(12.)
    """
    gv = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        gradient, value = gv(*args, **kwargs)
        return (gradient, value[1]) if has_aux else gradient

    return wrapper
