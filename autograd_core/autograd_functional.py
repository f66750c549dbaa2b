"""Higher-order differentiation of whole functions, ``ag.autograd.functional`` (torch.autograd.functional).

``vjp``, ``jvp``, ``jacobian``, ``hessian``, ``vhp`` and ``hvp`` take a function of Tensors and the point at
which to differentiate it, with PyTorch's conventions: ``inputs`` is a Tensor or a tuple of Tensors, and
each result is nested like the inputs and outputs it relates. Forward-mode products (``jvp``, ``hvp``) use
the double-backward trick: the gradient of a vector-Jacobian product with respect to its (dummy) vector.

Example:
    >>> from autograd_core.autograd import functional
    >>> functional.hessian(lambda x: (x ** 3).sum(), ag.tensor([1.0, 2.0]))   # diag(6x)
"""
from .autograd import grad
from .grad_mode import enable_grad, is_grad_enabled, set_grad_enabled
from .ops.shape import Reshape
from .ops.stacking import stack
from .tensor import Tensor

__all__ = ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T J)``: the outputs and the vector-Jacobian product at ``inputs``.

    ``v`` matches the outputs (it may be left out when the output is a single one-element Tensor).
    ``strict=True`` raises where an output does not depend on an input instead of giving zeros.
    """
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        v = _checked_v(v, outputs, outputs_tuple, create_graph, "vjp", "the user-provided function returns")
        with set_grad_enabled(create_graph or is_grad_enabled()):
            grads = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
            result = _fill_in_zeros(grads, inputs, strict, create_graph, "back")
    return (_tuple_postprocess(_grad_postprocess(outputs, create_graph), outputs_tuple),
            _tuple_postprocess(_grad_postprocess(result, create_graph), inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), J v)``: the outputs and the Jacobian-vector product at ``inputs``.

    ``v`` matches the inputs (it may be left out when the input is a single one-element Tensor).
    Computed by the double-backward trick, so ``func`` must be twice differentiable.
    """
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        v = _checked_v(v, inputs, inputs_tuple, create_graph, "jvp", "the input to the user-provided function is")
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        result = _double_backward_trick(outputs, inputs, v, create_graph, strict, "grad_inputs", "back_trick")
    return (_tuple_postprocess(_grad_postprocess(outputs, create_graph), outputs_tuple),
            _tuple_postprocess(_grad_postprocess(result, create_graph), outputs_tuple))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: entry ``[i][j]`` has shape ``output_i.shape + input_j.shape``
    (a single Tensor output or input drops that level of nesting).

    ``strategy="reverse-mode"`` takes one backward pass per output element; ``"forward-mode"`` (which, as
    in PyTorch, needs ``vectorize=True``) takes one ``jvp`` per input element. ``vectorize`` only selects
    that option here: the passes run one after another either way.
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError('jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported '
                                      'together (yet). Please either set `create_graph=False` or '
                                      '`strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError('jacobian: `strict=True` and `strategy="forward-mode"` are not supported together '
                               '(yet). Please either set `strict=False` or `strategy="reverse-mode"`.')
        if not vectorize:
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is only "
                                      "implemented for `vectorize=True`.")
        return _jacobian_forward(func, inputs)
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        for out in outputs:  # each row is an implicit gradient of one element, as in torch: a real one
            if out.dtype.kind == "c":
                raise RuntimeError(f"jacobian: grad can be implicitly created only for real scalar outputs but got "
                                   f"{out.dtype}")
        if strict and vectorize:
            raise RuntimeError("jacobian: `strict=True` and `vectorized=True` are not supported together. Please "
                               "either set `strict=False` or `vectorize=False`.")
        rows = _reverse_rows(outputs, inputs, create_graph, strict)
    return _tuple_postprocess(_grad_postprocess(rows, create_graph), (outputs_tuple, inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The Hessian of scalar ``func`` at ``inputs``: entry ``[i][j]`` has shape ``input_i.shape + input_j.shape``
    (a single Tensor input gives one Tensor)."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def single_output(*inp):
        out = func(*inp)
        out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict)
        if out_tuple:
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single element")
        return out.squeeze()

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = jacobian(single_output, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    result = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict, vectorize=vectorize,
                      strategy=outer_jacobian_strategy)
    return _tuple_postprocess(result, (inputs_tuple, inputs_tuple))


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T H)``: the scalar output and the vector-Hessian product at ``inputs``."""
    return _hessian_product("vhp", func, inputs, v, create_graph, strict)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), H v)``: the scalar output and the Hessian-vector product at ``inputs``
    (by the double-backward trick; equal to ``vhp`` for a symmetric Hessian)."""
    return _hessian_product("hvp", func, inputs, v, create_graph, strict)


def _hessian_product(name, func, inputs, v, create_graph, strict):
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        v = _checked_v(v, inputs, inputs_tuple, create_graph, name, "the input to the user-provided function is")
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", name)
        _check_requires_grad(outputs, "outputs", strict)
        if outputs_tuple:
            raise RuntimeError(f"The function given to {name} should return a single Tensor")
        if outputs[0].numel() != 1:
            raise RuntimeError(f"The Tensor returned by the function given to {name} should contain a single element")
        jac = _autograd_grad(outputs, inputs, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        if name == "hvp":  # the trick needs a gradient to pair with every input: zeros where there is none
            jac = _fill_in_zeros(jac, inputs, False, False, "back")
            result = _double_backward_trick(jac, inputs, v, create_graph, strict, "hessian", "double_back_trick")
        else:
            with set_grad_enabled(create_graph or is_grad_enabled()):
                grads = _autograd_grad(jac, inputs, v, create_graph=create_graph)
                result = _fill_in_zeros(grads, inputs, strict, create_graph, "double_back")
    return (_tuple_postprocess(_grad_postprocess(outputs, create_graph), outputs_tuple),
            _tuple_postprocess(_grad_postprocess(result, create_graph), inputs_tuple))


def _double_backward_trick(outputs, inputs, v, create_graph, strict, check, stage):
    """``J v`` for the Jacobian J of ``outputs`` w.r.t. ``inputs`` (see ``_linearize``)."""
    return _linearize(outputs, inputs, strict, check)[0](v, create_graph, stage)


def _linearize(outputs, inputs, strict=False, check="grad_inputs"):
    """``(push, dummies)``: ``push(v, create_graph)`` is ``J v`` for the Jacobian J of ``outputs`` w.r.t.
    ``inputs``, as often as asked, by the double-backward trick: differentiate ``u -> u^T J`` (linear in the
    dummy leaves ``u``, so their value is irrelevant) with respect to ``u``, in the direction ``v``."""
    dummies = tuple(out.new_zeros(out.shape).requires_grad_(True) for out in outputs)
    grad_inputs = _autograd_grad(outputs, inputs, dummies, create_graph=True)
    _check_requires_grad(grad_inputs, check, strict)

    def push(v, create_graph=False, stage="back_trick"):
        with set_grad_enabled(create_graph or is_grad_enabled()):
            grads = _autograd_grad(grad_inputs, dummies, v, create_graph=create_graph, retain_graph=True)
            return _fill_in_zeros(grads, outputs, strict, create_graph, stage)
    return push, dummies


def _reverse_rows(outputs, inputs, create_graph, strict=False):
    """``rows[i][j]``, shaped ``outputs[i].shape + inputs[j].shape``: one backward pass per output element."""
    rows = []
    for i, out in enumerate(outputs):
        columns = tuple([] for _ in inputs)
        for j in range(out.numel()):
            vj = _autograd_grad((out,), inputs, (_one_hot(out, j),), retain_graph=True, create_graph=create_graph)
            for k, (column, g, inp) in enumerate(zip(columns, vj, inputs)):
                if g is None:
                    if strict:
                        raise RuntimeError(f"Output {i} of the user-provided function is independent of "
                                           f"input {k}. This is not allowed in strict mode.")
                    g = inp.new_zeros(inp.shape)
                elif strict and create_graph and not g.requires_grad:
                    raise RuntimeError(f"The jacobian of the user-provided function is independent of "
                                       f"input {i}. This is not allowed in strict mode when create_graph=True.")
                column.append(g)
        rows.append(tuple(_stack_rows(column, out.shape + inp.shape, inp) for column, inp in zip(columns, inputs)))
    return tuple(rows)


def _forward_columns(outputs, inputs, push, create_graph=False):
    """``result[i][j]``, shaped ``outputs[i].shape + inputs[j].shape``: one ``push`` (a Jacobian-vector
    product, see ``_linearize``) per input element, each giving one column."""
    columns = [[[] for _ in outputs] for _ in inputs]  # columns[j][i]: output i along input j's basis
    for j, inp in enumerate(inputs):
        for k in range(inp.numel()):
            v = tuple(_one_hot(x, k) if i == j else x.new_zeros(x.shape) for i, x in enumerate(inputs))
            for i, p in enumerate(push(v, create_graph)):
                columns[j][i].append(p)
    return tuple(tuple(_stack_rows(columns[j][i], inp.shape + out.shape, out).movedim(
        tuple(range(inp.ndim)), tuple(range(out.ndim, out.ndim + inp.ndim)))
        for j, inp in enumerate(inputs)) for i, out in enumerate(outputs))


def _jacobian_forward(func, inputs):
    """The forward-mode Jacobian: ``func`` runs once, then one Jacobian-vector product per input element."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    with enable_grad():
        inputs = _grad_preprocess(inputs, False, need_graph=True)
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jacobian")
        result = _forward_columns(outputs, inputs, _linearize(outputs, inputs)[0])
    return _tuple_postprocess(_grad_postprocess(result, False), (outputs_tuple, inputs_tuple))


def _one_hot(like, index):
    """Zeros shaped like ``like`` with a one at flat position ``index``."""
    basis = like.new_zeros(like.shape)
    basis._data.reshape(-1)[index] = 1
    return basis


def _stack_rows(rows, shape, like):
    """The gradients ``rows`` stacked and reshaped to ``shape`` (zeros like ``like`` where there are none)."""
    return stack(rows, 0).reshape(shape) if rows else like.new_zeros(shape)


# -- argument handling, as torch.autograd.functional ------------------------------
def _as_tuple(value, arg_name, fn_name):
    """``(was it a tuple?, value as a tuple of Tensors)``, refusing anything else."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for i, el in enumerate(items):
        if not isinstance(el, Tensor):
            where = f"value at index {i}" if is_tuple else f"given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors "
                            f"but the {where} has type {type(el)}.")
    return is_tuple, items


def _tuple_postprocess(result, to_unpack):
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            result = tuple(el[0] for el in result)
        return result if to_unpack[0] else result[0]
    return result if to_unpack else result[0]


def _grad_preprocess(inputs, create_graph, need_graph):
    """Fresh Tensor objects for ``inputs`` (so the function's closure can't be mistaken for them): with
    ``create_graph`` a differentiable alias of an input that requires grad, otherwise a detached copy."""
    return tuple(Reshape(x.shape)(x) if create_graph and x.requires_grad else x.detach().requires_grad_(need_graph)
                 for x in inputs)


def _grad_postprocess(values, create_graph):
    if create_graph:
        return values
    if isinstance(values[0], Tensor):
        return tuple(x.detach() for x in values)
    return tuple(_grad_postprocess(x, create_graph) for x in values)


def _checked_v(v, refs, refs_tuple, create_graph, fn_name, refs_are):
    """``v`` as a tuple of fresh Tensors shaped like ``refs``; None only where ``refs`` is one one-element Tensor."""
    if v is not None:
        v = _grad_preprocess(_as_tuple(v, "v", fn_name)[1], create_graph, need_graph=False)
        _validate_v(v, refs, refs_tuple)
    elif len(refs) != 1 or refs[0].numel() != 1:
        raise RuntimeError(f"The vector v can only be None if {refs_are} a single Tensor with a single element.")
    return v


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.shape != el_other.shape:
            prefix = f"Entry {i} in " if is_other_tuple else ""
            raise RuntimeError(f"{prefix}v has invalid size: should be {el_other.shape} but got {el_v.shape}.")


_INDEPENDENT = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The outputs must be "
               "computed in a differentiable manner from the input when running in strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of the user-provided "
                   "function. This is not allowed in strict mode.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided function with respect "
                "to input {i} is independent of the input. This is not allowed in strict mode. You should ensure "
                "that your function is twice differentiable and that the jacobian depends on the inputs (this "
                "would be violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is independent of the input. "
               "This is not allowed in strict mode. You should ensure that your function is thrice "
               "differentiable and that the hessian depends on the inputs.",
}


def _check_requires_grad(values, kind, strict):
    if not strict:
        return
    for i, x in enumerate(values):
        if x is None:
            raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is "
                               "not allowed in strict mode.")
        if not x.requires_grad:
            raise RuntimeError(_INDEPENDENT[kind].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """``grad`` that skips outputs not requiring grad, and gives None for inputs not reached."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(out, g) for out, g in zip(outputs, grad_outputs) if out is not None and out.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    outs, gs = zip(*pairs)
    return grad(outs, inputs, gs, retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)


_STRICT_ZEROS = {
    "back": "The output of the user-provided function is independent of input {i}. This is not allowed in "
            "strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the grad_outputs when "
                  "using the double backward trick to compute forward mode gradients. This is not allowed in "
                  "strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. This is not allowed "
                   "in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in the "
                         "grad_jacobian. This is not allowed in strict mode as it prevents from using the double "
                         "backward trick to replace forward mode AD.",
}


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    """Replace a None gradient by zeros shaped like its reference, or raise in strict mode."""
    result = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise RuntimeError(_STRICT_ZEROS[stage].format(i=i))
            g = ref.new_zeros(ref.shape)
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of input {i}. "
                               "This is not allowed in strict mode when create_graph=True.")
        result.append(g)
    return tuple(result)
