"""Variable-length sequences: padding them to one tensor and packing them for the recurrent layers.

A ``PackedSequence`` holds the steps of a batch of sequences sorted by length (longest first),
time step by time step: ``data`` has the ``batch_sizes[0]`` first steps, then the
``batch_sizes[1]`` second steps ... ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU`` take one and run each
sequence for its own length. Every function here is differentiable in the sequences' values: each
is one concatenation and one gather whose index is built on the host from the lengths.
"""
from collections import namedtuple

import numpy as np

from autograd_core import backend, creation
from autograd_core.ops import cat
from autograd_core.ops.indexing import take
from autograd_core.ops.shape import reshape, unbind
from autograd_core.tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence",
           "unpad_sequence", "pack_sequence", "unpack_sequence"]


def invert_permutation(permutation):
    """The inverse of a 1-D permutation tensor (``out[permutation[i]] = i``), or None for None."""
    if permutation is None:
        return None
    p = permutation._data
    xp = backend.get_array_module(p)
    out = xp.empty_like(p)
    out[p] = xp.arange(p.shape[0], dtype=p.dtype)
    return Tensor(out)


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """A packed batch of sequences (make one with ``pack_padded_sequence`` or ``pack_sequence``).

    Fields: ``data`` (sum of lengths, *), ``batch_sizes`` (int64 on the CPU: how many sequences are
    still running at each step), ``sorted_indices`` (the original batch index of each sorted
    position, or None when the batch came sorted) and ``unsorted_indices`` (its inverse).
    """

    __slots__ = ()

    def __new__(cls, data, batch_sizes, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The same sequences with ``data.to(*args, **kwargs)``; the indices follow data's device,
        batch_sizes stays on the CPU."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        move = (lambda i: None if i is None else i.to(data.device))
        return type(self)(data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices))

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to(self.data.cuda(device).device)

    def float(self):
        return self.to(np.float32)

    def double(self):
        return self.to(np.float64)


def _gather_rows(rows, index, padding_value):
    """``rows[index]`` along dim 0, where index -1 picks a row filled with ``padding_value``."""
    pad = creation.full((1,) + tuple(rows.shape[1:]), padding_value, dtype=rows.dtype, device=rows.device)
    return take(cat([rows, pad], 0), index, 0)


def _lengths_array(lengths, batch):
    """``lengths`` (a list or a 1-D CPU tensor) as a host int64 array, checked against ``batch``."""
    if isinstance(lengths, Tensor):
        if lengths.ndim != 1 or backend.on_gpu(lengths._data):
            raise RuntimeError(f"pack_padded_sequence: 'lengths' should be a 1-D CPU int64 tensor or a list, got "
                               f"a {lengths.ndim}-D tensor on {lengths.device}")
        lengths = lengths._data
    lengths = np.asarray(lengths, dtype=np.int64)
    if lengths.ndim != 1 or lengths.shape[0] != batch:
        raise RuntimeError(f"pack_padded_sequence: expected len(lengths) to be equal to batch_size, but got "
                           f"{lengths.shape[0] if lengths.ndim == 1 else lengths.shape} (batch_size={batch})")
    return lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (L_i, *) into (T, B, *) (or (B, T, *) with ``batch_first``), T the
    longest length, filling the rest with ``padding_value`` after each sequence (or before it, with
    ``padding_side='left'``)."""
    if padding_side not in ("left", "right"):
        raise ValueError(f"pad_sequence: padding_side must be 'left' or 'right', got {padding_side!r}")
    sequences = unbind(sequences, 0) if isinstance(sequences, Tensor) else list(sequences)
    if not sequences:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    trailing = {tuple(s.shape[1:]) for s in sequences}
    if any(s.ndim == 0 for s in sequences) or len(trailing) > 1:
        raise ValueError(f"pad_sequence: every sequence must have at least 1 dim and the same trailing dims, got "
                         f"shapes {[tuple(s.shape) for s in sequences]}")
    lengths = np.array([s.shape[0] for s in sequences])
    total = int(lengths.max())
    starts = np.cumsum(lengths) - lengths
    t = np.arange(total)[:, None]
    if padding_side == "left":
        t = t - (total - lengths)
    index = np.where((t >= 0) & (t < lengths), starts + t, -1)  # (T, B)
    index = index.T if batch_first else index
    padded = _gather_rows(cat(sequences, 0), index.reshape(-1), padding_value)
    return reshape(padded, index.shape + tuple(sequences[0].shape[1:]))


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) (or (B, T, *) with ``batch_first``) of sequences of ``lengths``.

    With ``enforce_sorted`` the lengths must be non-increasing; otherwise the batch is sorted here
    and the PackedSequence remembers the order (``sorted_indices``).
    """
    if input.ndim < 2:
        raise ValueError(f"pack_padded_sequence: input must have a time and a batch dim, got shape {input.shape}")
    steps, batch = (input.shape[1], input.shape[0]) if batch_first else input.shape[:2]
    lengths = _lengths_array(lengths, batch)
    if batch == 0:
        raise RuntimeError("pack_padded_sequence: cannot pack empty tensors")
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise RuntimeError(f"pack_padded_sequence: lengths {lengths.tolist()} must be sorted in decreasing "
                               "order when enforce_sorted is True; pass enforce_sorted=False otherwise")
        order, sorted_indices = np.arange(batch), None
    else:
        order = np.argsort(-lengths, kind="stable")
        sorted_indices = creation.tensor(order, device=input.device)
    lengths = lengths[order]
    if lengths[-1] <= 0:
        raise RuntimeError(f"pack_padded_sequence: length of all samples has to be greater than 0, got lengths "
                           f"{lengths.tolist()}")
    if lengths[0] > steps:  # torch packs garbage here
        raise ValueError(f"pack_padded_sequence: every length must be at most {steps} (the padded length), got "
                         f"lengths {lengths.tolist()}")
    running = np.arange(lengths[0])[:, None] < lengths  # (step, sorted position), in data's order
    t, b = np.nonzero(running)
    b = order[b]
    flat = reshape(input, (batch * steps,) + tuple(input.shape[2:]))
    data = take(flat, b * steps + t if batch_first else t * batch + b, 0)
    return PackedSequence(data, creation.tensor(running.sum(1).astype(np.int64)), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo ``pack_padded_sequence``: returns ``(padded, lengths)``, padded (T, B, *) (or (B, T, *)
    with ``batch_first``) in the original batch order, T = ``total_length`` or the longest length,
    and lengths an int64 CPU tensor."""
    batch_sizes = sequence.batch_sizes._data
    steps, batch = batch_sizes.shape[0], int(batch_sizes[0])
    longest = steps if total_length is None else total_length
    if longest < steps:
        raise ValueError(f"pad_packed_sequence: expected total_length to be at least the length of the longest "
                         f"sequence in input, but got total_length={total_length} and max sequence length being {steps}")
    running = np.arange(batch) < batch_sizes[:, None]  # (steps, sorted position)
    starts = np.cumsum(batch_sizes) - batch_sizes
    index = np.full((longest, batch), -1)
    index[:steps] = np.where(running, starts[:, None] + np.arange(batch), -1)
    lengths = running.sum(0)
    data = sequence.data
    if sequence.unsorted_indices is not None:
        unsorted = sequence.unsorted_indices._data
        lengths = lengths[backend.to_numpy(unsorted)]  # lengths live on the CPU: one small copy, as PyTorch
        index = backend.get_array_module(data._data).asarray(index)[:, unsorted]
    index = index.T if batch_first else index
    padded = _gather_rows(data, index.reshape(-1), padding_value)
    return reshape(padded, index.shape + tuple(data.shape[1:])), creation.tensor(lengths.astype(np.int64))


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Split a padded batch back into a list of its sequences, each cut to its length."""
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    lengths = backend.to_numpy(lengths._data) if isinstance(lengths, Tensor) else lengths
    return [x[b, :int(n)] for b, n in enumerate(lengths)]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of sequences (L_i, *) (longest first unless ``enforce_sorted=False``)."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """Undo ``pack_sequence``: the list of sequences, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
