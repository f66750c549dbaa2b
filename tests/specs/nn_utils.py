"""Op specs for nn.utils.rnn's differentiable functions; the references loop over the lengths in NumPy."""
import numpy as np

import autograd_core as ag
from autograd_core.nn.utils import rnn

from .spec import OpSpec

LENGTHS = [2, 4, 1]  # unsorted: the packed batch order is 1, 0, 2
ORDER = [1, 0, 2]


def pad_ref(*seqs, batch_first=False, value=0.0, left=False):
    longest = max(len(s) for s in seqs)
    out = np.full((len(seqs), longest) + seqs[0].shape[1:], value)
    for b, s in enumerate(seqs):
        if left:
            out[b, longest - len(s):] = s
        else:
            out[b, :len(s)] = s
    return out if batch_first else out.swapaxes(0, 1)


def pack_ref(x):
    """The packed data of time-major ``x`` (T, B, *) with LENGTHS, sorted longest first."""
    return np.stack([x[t, b] for t in range(x.shape[0]) for b in ORDER if t < LENGTHS[b]])


def unpack_ref(data, total=5, value=-1.0):
    out = np.full((total, len(LENGTHS)) + data.shape[1:], value)
    rows = iter(data)
    for t in range(max(LENGTHS)):
        for b in ORDER:
            if t < LENGTHS[b]:
                out[t, b] = next(rows)
    return out


def unpack(data, total=5, value=-1.0):
    packed = rnn.PackedSequence(data, ag.tensor([3, 2, 1, 1]), ag.tensor(ORDER, device=data.device))
    return rnn.pad_packed_sequence(packed, padding_value=value, total_length=total)[0]


SEQS = ((2, 3), (4, 3), (1, 3))
SPECS = [
    OpSpec("pad_sequence", lambda *s: rnn.pad_sequence(s), pad_ref, shapes=[SEQS]),
    OpSpec("pad_sequence_batch_first_left",
           lambda *s: rnn.pad_sequence(s, batch_first=True, padding_value=2.5, padding_side="left"),
           lambda *s: pad_ref(*s, batch_first=True, value=2.5, left=True), shapes=[SEQS, ((3,), (1,))]),
    OpSpec("pack_padded_sequence", lambda x: rnn.pack_padded_sequence(x, LENGTHS, enforce_sorted=False).data,
           pack_ref, shapes=[((4, 3, 2),), ((5, 3),)]),
    OpSpec("pad_packed_sequence", unpack, unpack_ref, shapes=[((7, 2),)],
           syncs="the lengths it returns live on the CPU, as PyTorch's: one copy of unsorted_indices"),
]
