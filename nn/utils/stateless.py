"""Calling a module with other tensors in place of its parameters and buffers (``functional_call``)."""
from contextlib import contextmanager

__all__ = ["functional_call"]


def _merge(parameters_and_buffers):
    """One dict from a dict or a sequence of dicts whose keys must not repeat."""
    dicts = [parameters_and_buffers] if isinstance(parameters_and_buffers, dict) else list(parameters_and_buffers)
    merged = {}
    for d in dicts:
        repeated = sorted(set(merged) & set(d))
        if repeated:
            raise ValueError(f"functional_call: {repeated} appeared in multiple dictionaries; behavior of "
                             "functional call is ambiguous")
        merged.update(d)
    return merged


def _tied_names(module):
    """Lists of names (two or more) under which the module holds one and the same parameter or buffer."""
    names = {}
    for name, t in list(module.named_parameters(remove_duplicate=False)) + list(
            module.named_buffers(remove_duplicate=False)):
        names.setdefault(id(t), []).append(name)
    return [group for group in names.values() if len(group) > 1]


def _tie(module, tensors):
    """``tensors`` with each value also under the other names of a tied parameter or buffer."""
    tensors = dict(tensors)
    for group in _tied_names(module):
        given = [n for n in group if n in tensors]
        if len({id(tensors[n]) for n in given}) > 1:
            raise ValueError(f"functional_call got multiple values for keys {given}, which are tied. "
                             "Consider using tie_weights=False")
        if given:
            tensors.update(dict.fromkeys(group, tensors[given[0]]))
    return tensors


def _check_strict(module, tensors):
    expected = {n for n, _ in module.named_parameters(remove_duplicate=False)}
    expected |= {n for n, _ in module.named_buffers(remove_duplicate=False)}
    unexpected, missing = sorted(set(tensors) - expected), sorted(expected - set(tensors))
    if unexpected or missing:
        lines = [f"\t{what} key(s): {', '.join(repr(k) for k in keys)}."
                 for what, keys in (("Unexpected", unexpected), ("Missing", missing)) if keys]
        raise RuntimeError(f"Error(s) in reparametrizing for {type(module).__name__}:\n" + "\n".join(lines))


@contextmanager
def _reparametrized(module, tensors):
    """Within the block, each dotted name of ``tensors`` reads as its tensor (a name the module lacks
    becomes a plain attribute); the originals come back afterwards, even after an error."""
    restore = []
    try:
        for name, tensor in tensors.items():
            prefix, _, attr = name.rpartition(".")
            owner = module.get_submodule(prefix)
            registry = next((r for r in (owner._parameters, owner._buffers) if attr in r), owner.__dict__)
            restore.append((registry, attr, registry.get(attr, restore)))  # ``restore`` marks "was absent"
            registry[attr] = tensor
        yield
    finally:
        for registry, attr, old in reversed(restore):
            if old is restore:
                del registry[attr]
            else:
                registry[attr] = old


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """``module(*args, **kwargs)`` with the tensors of ``parameters_and_buffers`` (a dict of dotted names,
    or a sequence of such dicts) in place of its own parameters and buffers, for this call only.

    Gradients flow to the given tensors, not to the module's parameters. A tensor under the name of a
    parametrized one (``weight`` of a ``weight_norm`` layer) is used as given, bypassing the
    parametrization (torch's documented behaviour); to go through it, name the original
    (``parametrizations.weight.original``). ``tie_weights``: a parameter
    the module holds under several names is replaced under all of them. ``strict``: the names must
    be exactly the module's parameters and buffers.

    Example:
        >>> out = functional_call(model, {"weight": w, "bias": b}, (x,))
    """
    tensors = _merge(parameters_and_buffers)
    if tie_weights:
        tensors = _tie(module, tensors)
    if strict:
        _check_strict(module, tensors)
    args = () if args is None else args if isinstance(args, tuple) else (args,)
    with _reparametrized(module, tensors):
        return module(*args, **(kwargs or {}))
