"""Op specs for PyTorch's top-level functions that ``autograd_core`` serves at its top level (``ag.conv_tbc``,
``ag.native_layer_norm`` ...), with NumPy references written from their definitions."""
import warnings

import numpy as np

import autograd_core as ag

from .spec import OpSpec


def _correlate1d(x, w, b, pad):
    """(N, C, L) cross-correlated with (O, C, K), zero-padded by ``pad``, plus (O,) bias, by loops."""
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
    k = w.shape[2]
    out = np.stack([np.einsum("nck,ock->no", x[:, :, i:i + k], w) for i in range(x.shape[2] - k + 1)], -1)
    return out + b[:, None]


def _conv_tbc_ref(x, w, b):
    return _correlate1d(x.transpose(1, 2, 0), w.transpose(2, 1, 0), b, 1).transpose(2, 0, 1)


def _pad_ref(x):
    return np.pad(x, ((2, 0), (1, 0)), constant_values=1.5)[:, :-1]  # pad [1, -1, 2, 0]


def _normalised(x, axes, eps=1e-5):
    mean = x.mean(axes, keepdims=True)
    rstd = 1 / np.sqrt(((x - mean) ** 2).mean(axes, keepdims=True) + eps)
    return (x - mean) * rstd, mean, rstd


def _layer_norm_ref(x, w, b):
    y, mean, rstd = _normalised(x, (2,))
    return y * w + b, mean, rstd


def _group_norm_ref(x):
    y, mean, rstd = _normalised(x.reshape(2, 3, -1), (2,))
    return y.reshape(x.shape), mean[..., 0], rstd[..., 0]


def _batch_norm_ref(x, w, b):
    y, mean, rstd = _normalised(x, (0, 2))
    return y * w[:, None] + b[:, None], mean.ravel(), rstd.ravel()


SPECS = [
    OpSpec("torch.conv_tbc", lambda x, w, b: ag.conv_tbc(x, w, b, 1), _conv_tbc_ref,
           shapes=[((5, 2, 3), (3, 3, 4), (4,))]),
    OpSpec("torch.convolution", lambda x, w, b: ag.convolution(x, w, b, [1], [2], [1], False, [0], 1),
           lambda x, w, b: _correlate1d(x, w, b, 2), shapes=[((2, 3, 6), (4, 3, 3), (4,))]),
    OpSpec("torch.constant_pad_nd", lambda x: ag.constant_pad_nd(x, [1, -1, 2, 0], 1.5), _pad_ref),
    OpSpec("torch.native_layer_norm", lambda x, w, b: ag.native_layer_norm(x, [4], w, b, 1e-5), _layer_norm_ref,
           shapes=[((2, 3, 4), (4,), (4,))]),
    OpSpec("torch.native_group_norm", lambda x: ag.native_group_norm(x, None, None, 2, 6, 4, 3, 1e-5),
           _group_norm_ref, shapes=[((2, 6, 4),)]),
    OpSpec("torch.native_batch_norm", lambda x, w, b: ag.native_batch_norm(x, w, b, None, None, True, 0.1, 1e-5),
           _batch_norm_ref, shapes=[((4, 3, 2), (3,), (3,))]),
]


def _quiet(fn):
    """``fn`` with its deprecation warning silenced (chain_matmul, frobenius_norm, nuclear_norm)."""
    def call(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(*args)
    return call


def _diagflat_ref(x):
    v = x.ravel()
    out = np.zeros((v.size + 1, v.size + 1))
    out[np.arange(v.size), np.arange(v.size) + 1] = v
    return out


def _vander_ref(x):
    return np.stack([x ** k for k in (3, 2, 1, 0)], 1)


def _nuclear_ref(x):
    return np.linalg.svd(x, compute_uv=False).sum(-1)


# the view op behind each *_copy, its arguments, and a NumPy reference
_COPIES = [
    ("alias_copy", (), lambda x: x), ("detach_copy", (), lambda x: x),
    ("diagonal_copy", (1, 0, 1), lambda x: np.diagonal(x, 1, 0, 1)),
    ("expand_copy", ((2, 3, 4),), lambda x: np.broadcast_to(x, (2, 3, 4))),
    ("permute_copy", ((1, 0),), lambda x: x.T), ("select_copy", (1, 2), lambda x: x[:, 2]),
    ("slice_copy", (1, 1, 4, 2), lambda x: x[:, 1:4:2]),
    ("split_copy", (2, 1), lambda x: (x[:, :2], x[:, 2:])),
    ("split_with_sizes_copy", ([1, 3], 1), lambda x: (x[:, :1], x[:, 1:])),
    ("squeeze_copy", (), lambda x: x[:, 0]), ("t_copy", (), lambda x: x.T), ("transpose_copy", (0, 1), lambda x: x.T),
    ("unbind_copy", (0,), lambda x: tuple(x)), ("unfold_copy", (1, 2, 2), lambda x: np.stack([x[:, :2], x[:, 2:]], 1)),
    ("unsqueeze_copy", (0,), lambda x: x[None]), ("view_copy", ((4, 3),), lambda x: x.reshape(4, 3)),
    ("narrow_copy", (1, 1, 2), lambda x: x[:, 1:3]),
]


def _as_tuple(fn, args):
    def call(x):
        out = fn(x, *args)
        return tuple(out) if isinstance(out, list) else out
    return call


SPECS += [
    OpSpec("torch.rsub", lambda x, y: ag.rsub(x, y, alpha=2), lambda x, y: y - 2 * x, shapes=[((3, 4), (4,))]),
    OpSpec("torch.diagflat", lambda x: ag.diagflat(x, 1), _diagflat_ref, shapes=[((2, 2),)]),
    OpSpec("torch.vander", lambda x: ag.vander(x, 4), _vander_ref, shapes=[((3,),)]),
    OpSpec("torch.chain_matmul", _quiet(ag.chain_matmul), lambda a, b, c: a @ b @ c,
           shapes=[((2, 3), (3, 4), (4, 2))]),
    OpSpec("torch.frobenius_norm", _quiet(lambda x: ag.frobenius_norm(x, [1, 2])),
           lambda x: np.sqrt((x * x).sum((1, 2))), shapes=[((2, 3, 4),)]),
    OpSpec("torch.nuclear_norm", _quiet(ag.nuclear_norm), _nuclear_ref, shapes=[((2, 3, 4),)]),
    OpSpec("torch.split_with_sizes", _as_tuple(ag.split_with_sizes, ([1, 3], 1)), lambda x: (x[:, :1], x[:, 1:])),
    OpSpec("torch.trapz", lambda y, x: ag.trapz(y, x), lambda y, x: ((y[..., 1:] + y[..., :-1]) / 2 * np.diff(x)).sum(-1),
           shapes=[((3, 4), (4,))]),
] + [OpSpec(f"torch.{name}", _as_tuple(getattr(ag, name), args), ref,
            shapes=[((3, 1, 4),)] if name == "squeeze_copy" else [((3, 4),)], grad=name != "detach_copy",
            gradgrad=name != "detach_copy", note="detach_copy is detached: no gradient" if name == "detach_copy" else "")
       for name, args, ref in _COPIES]


def _as_strided_ref(x):
    """x (3, 4) read as (3, 3) windows of 2 along its flat memory: overlapping places (offset 1)."""
    flat = x.ravel()
    return np.stack([flat[1 + 2 * i:1 + 2 * i + 3] for i in range(3)])


def _as_strided_scatter_ref(x, src):
    flat = x.ravel().copy()
    flat[[0, 2, 1, 3]] = src.ravel()  # size (2, 2), stride (1, 2): src[i, j] goes to place i + 2 j
    return flat.reshape(x.shape)


SPECS += [
    OpSpec("torch.as_strided", lambda x: ag.as_strided(x, (3, 3), (2, 1), 1), _as_strided_ref),
    OpSpec("torch.as_strided_copy", lambda x: ag.as_strided_copy(x, (3, 3), (2, 1), 1), _as_strided_ref),
    OpSpec("torch.as_strided_scatter", lambda x, s: ag.as_strided_scatter(x, s, (2, 2), (1, 2)),
           _as_strided_scatter_ref, shapes=[((3, 4), (2, 2))]),
]


def _coordinates(rng):
    """Values (4, 5) and increasing, unequally spaced coordinates (4,) along dim 0."""
    return [(rng.uniform(-2, 2, (4, 5)), np.cumsum(rng.uniform(0.5, 1.5, 4)))]


SPECS += [
    OpSpec("torch.gradient", lambda f: ag.gradient(f, spacing=[0.5, 2.0]),
           lambda f: tuple(np.gradient(f, 0.5, 2.0)), shapes=[((4, 5),)]),
    OpSpec("torch.gradient_edge_order_2", lambda f: ag.gradient(f, dim=1, edge_order=2),
           lambda f: (np.gradient(f, axis=1, edge_order=2),), shapes=[((3, 4),)]),
    OpSpec("torch.gradient_coordinates", lambda f, x: ag.gradient(f, spacing=(x,), dim=0, edge_order=2),
           lambda f, x: (np.gradient(f, x, axis=0, edge_order=2),), make=_coordinates),
]


def _index_reduce_ref(reduce, include_self):
    """Slice i of source reduced into row [0, 2, 2, 1, 0][i] of x (3, 4), by loops."""
    index = [0, 2, 2, 1, 0]

    def ref(x, source):
        out = x.copy()
        for row in range(x.shape[0]):
            picked = [source[i] for i, r in enumerate(index) if r == row]
            values = ([x[row]] if include_self else []) + picked
            if picked:
                out[row] = {"prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}[reduce](values, 0)
        return out
    return ref


SPECS += [
    OpSpec(f"torch.index_reduce_{reduce}_{'self' if include_self else 'no_self'}",
           lambda x, s, reduce=reduce, include_self=include_self: ag.index_reduce(
               x, 0, ag.tensor([0, 2, 2, 1, 0], device=x.device), s, reduce, include_self=include_self),
           _index_reduce_ref(reduce, include_self), shapes=[((3, 4), (5, 4))], low=0.5, high=2.0)
    for reduce in ("prod", "mean", "amax", "amin") for include_self in (True, False)
]


def _bag_max(weight, offsets=(0, 3, 3)):
    """torch.embedding_bag in max mode: each bag (indices [1, 4, 1, 0, 2] cut at ``offsets``) its rows' maximum."""
    indices, ends = [1, 4, 1, 0, 2], list(offsets[1:]) + [5]
    return np.stack([weight[indices[a:b]].max(0) if b > a else np.zeros(weight.shape[1])
                     for a, b in zip(offsets, ends)])


SPECS += [
    OpSpec("torch.embedding_bag_max",  # [0]: the output (the call makes max_indices too, on the device)
           lambda w: ag.embedding_bag(w, ag.tensor([1, 4, 1, 0, 2], device=w.device),
                                      ag.tensor([0, 3, 3], device=w.device), False, 2)[0],
           _bag_max, shapes=[((5, 3),)]),
]
