"""``jacrev``, ``jacfwd`` and ``hessian``: Jacobians as functions, as torch.func's.

The Jacobian of output leaf ``o`` with respect to input leaf ``x`` has shape ``o.shape + x.shape``; the result
is the output's pytree with, at each leaf, the structure of the differentiated argument(s) (a tuple of them
for a tuple ``argnums``).
"""
import functools

from ..autograd_functional import _forward_columns, _linearize, _reverse_rows
from ..grad_mode import enable_grad
from ..random import get_rng
from ..tensor import Tensor
from ._pytree import tree_flatten, tree_unflatten
from ._transform import adopt, call_at_level, check_argnums, output_leaves, select_args, unwrap_aux
from .vmap import check_randomness, raise_if_drew


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """The function that gives the Jacobian of ``func`` with respect to the argument(s) ``argnums`` by
    reverse mode: one backward pass per output element. ``has_aux``: ``func`` returns ``(output, aux)``
    and the new function ``(jacobian, aux)``. ``chunk_size`` (None or a positive int) is accepted as
    torch's; the passes run one at a time anyway.

    Example:
        >>> func.jacrev(ag.sin)(x)            # diag(cos(x))
    """
    if chunk_size is not None and chunk_size <= 0:
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")
    return _jacobian_of(func, argnums, has_aux, "vjp(f, *primals)", None,
                        lambda level, outputs, create_graph: _reverse_rows(outputs, level.inputs, create_graph))


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The function that gives the Jacobian of ``func`` with respect to the argument(s) ``argnums`` by
    forward mode (Jacobian-vector products, one per input element, by the double-backward trick).

    ``func`` runs once, so the random numbers it draws are the same for every column whether
    ``randomness`` is ``"same"`` or ``"different"``; ``"error"`` (the default) raises if it draws any.

    Example:
        >>> func.jacfwd(lambda x, y: x * y, argnums=(0, 1))(x, y)     # (diag(y), diag(x))
    """
    check_randomness(randomness)

    def columns(level, outputs, create_graph):
        push, dummies = _linearize(outputs, level.inputs)
        adopt(dummies)
        return _forward_columns(outputs, level.inputs, push, create_graph)

    return _jacobian_of(func, argnums, has_aux, "jvp(f, primals, tangents)", randomness, columns, forward=True)


def hessian(func, argnums=0):
    """The function that gives the Hessian of scalar ``func`` with respect to ``argnums``:
    ``jacfwd(jacrev(func, argnums), argnums)``, as in torch.

    Example:
        >>> func.hessian(lambda x: (x ** 3).sum())(x)     # diag(6 x)
    """
    return jacfwd(jacrev(func, argnums), argnums)


def _jacobian_of(func, argnums, has_aux, where, randomness, rows_of, forward=False):
    """The wrapper jacrev and jacfwd share; ``rows_of(level, outputs, create_graph)`` gives ``rows[i][j]``,
    the Jacobian of output leaf i with respect to input leaf j (``forward``: see ``Level``)."""
    name = "jacfwd" if forward else "jacrev"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _refuse_complex(name, tree_flatten(select_args(args, check_argnums(argnums, len(args))))[0], "input")
        state = get_rng().bit_generator.state
        level, output, aux = call_at_level(func, args, kwargs, argnums, has_aux, where, forward)
        if randomness == "error":
            raise_if_drew(state)
        outputs, out_spec = output_leaves(output, where)
        _refuse_complex(name, outputs, "output")
        with enable_grad():
            rows = rows_of(level, outputs, level.needs_graph(outputs))
        jac = tree_unflatten([tree_unflatten(level.unwrap(row), level.spec) for row in rows], out_spec)
        return (jac, unwrap_aux(level, aux, has_aux)) if has_aux else jac

    return wrapper


def _refuse_complex(name, leaves, what):
    """torch.func's Jacobians are of real functions: a complex input or output is refused, as there."""
    for i, t in enumerate(leaves):
        if isinstance(t, Tensor) and t.dtype.kind == "c":
            raise RuntimeError(f"{name}: Expected all {what}s to be real but received complex tensor at flattened "
                               f"{what} idx: {i}")
