"""``vmap``: map a function over a dimension of its inputs, as torch.vmap, by a loop in Python."""
import functools

from ..ops.comparison import equal
from ..ops.stacking import stack
from ..random import get_rng
from ..tensor import Tensor
from ._pytree import broadcast_prefix, tree_flatten, tree_unflatten


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """The function that applies ``func`` to each slice of its inputs along the mapped dimension and stacks
    the results along ``out_dims``: ``vmap(f)(x)[i] == f(x[i])``.

    This is a loop in Python: ``func`` runs once per slice (no batching rule makes it one vectorized call,
    as in torch), so it is as fast as the loop you would write, and as correct. The result is
    differentiable (slicing and stacking are ops of the engine), ``vmap`` nests, and it composes with
    ``grad``, ``jacrev`` ...

    Args:
        in_dims: the mapped dimension of every input (an int), or a tuple with one entry per positional
            argument: an int, None (not mapped: every slice sees the whole argument) or a pytree matching
            that argument. Keyword arguments are never mapped.
        out_dims: where the mapped dimension goes in each output (an int, or a pytree matching the outputs;
            None returns that output of the first slice as it is, for outputs that don't vary: a Tensor that
            differs between slices raises).
        randomness: draws from the default generator inside ``func``: ``"error"`` raises once a slice has
            drawn; ``"different"`` lets each slice draw its own numbers; ``"same"`` restarts the generator
            from one state for every slice, so all slices draw the same numbers. (An explicit
            ``ag.Generator`` and CuPy's generator on a GPU are not watched.)
        chunk_size: accepted as torch's (None or a positive int); the loop runs one slice at a time anyway.

    A batch of size 0 is refused: without a slice there is no call of ``func`` to learn the outputs from.

    Example (per-sample gradients):
        >>> from autograd_core.func import grad, vmap
        >>> def loss(params, x, y):
        ...     return ((x @ params["w"] + params["b"] - y) ** 2).mean()
        >>> per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
        >>> per_sample["w"].shape                                 # (batch,) + params["w"].shape
    """
    check_randomness(randomness)
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    name = getattr(func, "__name__", repr(func))

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        if not args:
            raise ValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
                             "trying to vmap over a function with no inputs. The latter is unsupported.")
        leaves, spec = tree_flatten(args)
        dims = _in_dims(in_dims, args, leaves, name)
        size = _batch_size(leaves, dims, name)
        state = get_rng().bit_generator.state
        results, out_spec = [], None
        for b in range(size):
            if randomness == "same":
                get_rng().bit_generator.state = state
            sliced = [x if d is None else x.select(d, b) for x, d in zip(leaves, dims)]
            outputs, o_spec = tree_flatten(func(*tree_unflatten(sliced, spec), **kwargs))
            if randomness == "error":
                raise_if_drew(state)
            if out_spec is not None and o_spec != out_spec:
                raise ValueError(f"vmap({name}, ...): `{name}` returned outputs of different structures for "
                                 f"slices 0 and {b}: {out_spec} and {o_spec}")
            out_spec = o_spec
            results.append(outputs)
        return tree_unflatten(_stacked(results, out_dims, out_spec, name), out_spec)

    return wrapped


def check_randomness(randomness):
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")


def raise_if_drew(state):
    """Raise if the default generator has moved on from ``state`` (the randomness='error' mode)."""
    if get_rng().bit_generator.state != state:
        raise RuntimeError("vmap: called random operation while in randomness error mode. Please either use the "
                           "'same' or 'different' randomness flags on vmap or perform the randomness operation "
                           "out of vmap")


def _in_dims(in_dims, args, leaves, name):
    """One mapped dimension (or None) per leaf of ``args``, checked as torch.vmap checks them."""
    where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple matching the "
                         f"structure of inputs, got: {type(in_dims)}.")
    try:
        dims = broadcast_prefix(in_dims, args) if isinstance(in_dims, tuple) else [in_dims] * len(leaves)
    except ValueError:
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`. in_dims has "
                         f"structure {tree_flatten(in_dims)[1]} but inputs has structure "
                         f"{tree_flatten(args)[1]}.") from None
    for x, d in zip(leaves, dims):
        if d is None:
            continue
        if not isinstance(d, int):
            raise ValueError(f"{where}: Got in_dim={d} for an input but in_dim must be either an integer "
                             "dimension or None.")
        if not isinstance(x, Tensor):
            raise ValueError(f"{where}: Got in_dim={d} for an input but the input is of type {type(x)}. We cannot "
                             "vmap over non-Tensor arguments, please use None as the respective in_dim")
        if not -x.ndim <= d < x.ndim:
            raise ValueError(f"{where}: Got in_dim={d} for some input, but that input is a Tensor of "
                             f"dimensionality {x.ndim} so expected in_dim to satisfy -{x.ndim} <= in_dim < "
                             f"{x.ndim}.")
    return dims


def _batch_size(leaves, dims, name):
    sizes = [x.shape[d] for x, d in zip(leaves, dims) if d is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if len(set(sizes)) > 1:
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    if sizes[0] == 0:
        raise ValueError(f"vmap({name}, ...): the mapped dimension has size 0; this loop implementation calls "
                         f"`{name}` once per slice, so it needs at least one")
    return sizes[0]


def _stacked(results, out_dims, out_spec, name):
    """The outputs of every slice (``results[b]``: slice b's leaves) stacked along their ``out_dims``."""
    first = tree_unflatten(results[0], out_spec)
    if not all(d is None or isinstance(d, int) for d in tree_flatten(out_dims)[0]):
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, None or a python "
                         "collection of ints representing where in the outputs the vmapped dimension should appear.")
    try:
        dims = ([out_dims] * len(results[0]) if out_dims is None or isinstance(out_dims, int)
                else broadcast_prefix(out_dims, first))
    except ValueError:
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible with "
                         f"the structure of `outputs`. out_dims has structure {tree_flatten(out_dims)[1]} but "
                         f"outputs has structure {out_spec}.") from None
    stacked = []
    for i, d in enumerate(dims):
        column = [outputs[i] for outputs in results]
        if d is None:
            if isinstance(column[0], Tensor) and not all(equal(t, column[0]) for t in column[1:]):
                raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim is None "
                                 "(its slices returned different values)")
            stacked.append(column[0])
            continue
        if not isinstance(column[0], Tensor):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(column[0])}. Did you mean to set out_dims= to None for output?")
        ndim = column[0].ndim
        if not -ndim - 1 <= d <= ndim:
            raise IndexError(f"vmap({name}, ...): Dimension out of range (expected to be in range of "
                             f"[{-ndim - 1}, {ndim}], but got {d})")
        stacked.append(stack(column, d))
    return stacked
