"""``vjp``, ``jvp`` and ``linearize``: vector-Jacobian and Jacobian-vector products, as torch.func's.

Reverse mode is the engine's backward; forward mode is the double-backward trick of
``ag.autograd.functional`` (``_linearize``), so ``func`` must be twice differentiable for ``jvp``.
"""
from ..autograd_functional import _autograd_grad, _fill_in_zeros, _linearize
from ..grad_mode import enable_grad
from ._pytree import tree_flatten, tree_unflatten
from ._transform import (adopt, call_at_level, check_floating, check_tangent, output_leaves, tensor_leaves,
                         unwrap_aux)


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` (cotangents shaped like the output pytree) gives
    the vector-Jacobian products, one per primal, as a tuple; it may be called many times.
    ``has_aux``: ``func`` returns ``(output, aux)`` and vjp ``(output, vjp_fn, aux)``.

    Example:
        >>> out, vjp_fn = func.vjp(ag.sin, x)
        >>> vjp_fn(ag.ones_like(out))          # (cos(x),)
    """
    where = "vjp(f, *primals)"
    level, output, aux = call_at_level(func, primals, {}, None, has_aux, where)
    outputs, out_spec = output_leaves(output, where)

    def vjp_fn(cotangents):
        ct_spec = tree_flatten(cotangents)[1]
        if ct_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of "
                               f"outputs to the function. cotangents: {ct_spec}, primal output: {out_spec}")
        cts = tensor_leaves(cotangents, "vjp_fn: Expected cotangents to only contain Tensors, got {}")[0]
        for i, (ct, out) in enumerate(zip(cts, outputs)):
            if ct.shape != out.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {ct.shape} and "
                                   f"output[{i}] has a shape of {out.shape}.")
        create_graph = level.needs_graph(outputs + cts)
        with enable_grad():
            grads = _autograd_grad(outputs, level.inputs, cts, create_graph=create_graph, retain_graph=True)
            grads = _fill_in_zeros(grads, level.inputs, False, create_graph, "back")
        return tree_unflatten(level.unwrap(grads), level.spec)

    result = tree_unflatten(level.unwrap(outputs), out_spec), vjp_fn
    return result + (unwrap_aux(level, aux, has_aux),) if has_aux else result


def _linearized(func, primals, has_aux, where):
    """Run ``func`` once at ``primals``: ``(level, outputs, out_spec, push, aux)``, where ``push(tangents)``
    gives the Jacobian-vector product as the output pytree."""
    level, output, aux = call_at_level(func, primals, {}, None, has_aux, where, forward=True)
    outputs, out_spec = output_leaves(output, where)
    with enable_grad():
        jvp_of, dummies = _linearize(outputs, level.inputs)
    adopt(dummies)

    def push(tangents):
        with enable_grad():
            products = jvp_of(tangents, level.needs_graph(outputs + list(tangents)))
        return tree_unflatten(level.unwrap(products), out_spec)

    return level, outputs, out_spec, push, aux


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), J tangents)``: the output and its Jacobian-vector product (forward mode) at
    ``primals`` (a tuple of pytrees of Tensors) along ``tangents`` (the same structure).
    ``has_aux``: ``func`` returns ``(output, aux)`` and jvp ``(output, jvp_out, aux)``. ``strict``: raise
    if an output does not depend on the primals.

    Example:
        >>> func.jvp(ag.sin, (x,), (ag.ones_like(x),))     # (sin(x), cos(x))
    """
    where = "jvp(f, primals, tangents)"
    for name, value in (("primals", primals), ("tangents", tangents)):
        if not isinstance(value, tuple):
            raise RuntimeError(f"{where}: Expected {name} to be a tuple. E.g. it should be valid to call "
                               "f(*primals).")
    p_spec, t_spec = tree_flatten(primals)[1], tree_flatten(tangents)[1]
    if p_spec != t_spec:
        raise RuntimeError(f"{where}: Expected primals and tangents to have the same python structure. For "
                           "example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with "
                           f"structure {p_spec} and tangents with structure {t_spec}")
    if not p_spec.num_leaves:
        raise RuntimeError(f"{where}: Expected primals to contain at least one Tensor.")
    tensor_leaves(primals, where + ": Expected primals to only contain Tensors, got {}")
    t_leaves = tensor_leaves(tangents, where + ": Expected tangents to only contain Tensors, got {}")[0]
    level, outputs, out_spec, push, aux = _linearized(func, primals, has_aux, where)
    check_floating(t_leaves, "tangent")
    for x, t in zip(level.inputs, t_leaves):
        check_tangent(x, t, where)
    if strict and not all(level.depends_on_inputs(out) for out in outputs):
        raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is independent of the inputs. "
                           "This is not allowed with strict=True.")
    result = tree_unflatten(level.unwrap(outputs), out_spec), push(t_leaves)
    return result + (unwrap_aux(level, aux, has_aux),) if has_aux else result


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` gives the Jacobian-vector product at ``primals``
    without running ``func`` again (tangents shaped like ``primals``); call it as often as needed.

    Example:
        >>> out, jvp_fn = func.linearize(ag.sin, x)
        >>> jvp_fn(ag.ones_like(x))            # cos(x)
    """
    level, outputs, out_spec, push, _ = _linearized(func, primals, False, "linearize(f, *primals)")

    def jvp_fn(*tangents):
        t_spec = tree_flatten(tangents)[1]
        if t_spec != level.spec:
            raise RuntimeError(f"Expected the tangents {t_spec} to have the same argspec as the primals "
                               f"{level.spec}")
        t_leaves = tensor_leaves(tangents, "linearize: Expected tangents to only contain Tensors, got {}")[0]
        for i, (x, t) in enumerate(zip(level.inputs, t_leaves)):
            for what in ("shape", "device", "dtype"):
                if getattr(t, what) != getattr(x, what):
                    raise RuntimeError(f"tangent:{i} with {what} {getattr(t, what)} in flattened pytree doesn't "
                                       f"match the {what} {getattr(x, what)} of the corresponding primal.")
        return push(t_leaves)

    return tree_unflatten(level.unwrap(outputs), out_spec), jvp_fn
