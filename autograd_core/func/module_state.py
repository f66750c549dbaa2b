"""Modules as functions of their state: ``functional_call`` (nn.utils.stateless's) and ``stack_module_state``."""
from ..nn.utils.stateless import functional_call  # noqa: F401  (torch.func.functional_call)
from ..ops.stacking import stack


def stack_module_state(models):
    """``(params, buffers)``: dicts from each parameter and buffer name to the models' tensors stacked along a
    new first dimension, for ``vmap`` over an ensemble of models of one class (with ``functional_call``).
    Stacked parameters are new leaves that require grad where the models' do.

    Example:
        >>> params, buffers = func.stack_module_state(models)
        >>> def call(p, b, x): return func.functional_call(models[0], (p, b), (x,))
        >>> func.vmap(call, in_dims=(0, 0, None))(params, buffers, x)    # every model's output
    """
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({m.training for m in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    if len({type(m) for m in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    params = [dict(m.named_parameters()) for m in models]
    buffers = [dict(m.named_buffers()) for m in models]
    return ({name: _stacked_leaf([p[name] for p in params], name) for name in params[0]},
            {name: _stacked_leaf([b[name] for b in buffers], name) for name in buffers[0]})


def _stacked_leaf(tensors, name):
    flags = {t.requires_grad for t in tensors}
    if len(flags) > 1:
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = stack([t.detach() for t in tensors], 0)
    return result.requires_grad_() if flags.pop() else result
