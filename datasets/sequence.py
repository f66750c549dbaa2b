"""SequenceLoader: consecutive windows of a long sequence, for truncated back-propagation through time."""
import math
import numbers

import numpy as np

from autograd_core.tensor import Tensor

from .dataloader import default_collate, to_device
from .dataset import _Batch


class SequenceLoader:
    """Cut one long sequence into ``batch_size`` parallel streams and walk them in windows.

    The sequence is split into ``batch_size`` equal, contiguous streams (the tail
    that does not divide evenly is dropped); each batch holds the next ``bptt``
    steps of every stream. Row ``b`` of one batch continues row ``b`` of the
    batch before, so a recurrent model may carry its hidden state from batch to
    batch (detach it between batches: that is the truncation) and reset it when
    a new epoch starts.

    Args:
        data: a Dataset whose samples ``(x_i, t_i)`` are in time order (e.g.
            ``SinCurve``), or a 1-D+ array / Tensor ``s``, read as the pairs
            ``(s[i], s[i + 1])`` (next-step prediction, e.g. token ids).
        batch_size: number of parallel streams.
        bptt: steps per window (the truncation length).
        drop_last: drop the last window when it is shorter than ``bptt``.
        batch_first: batches shaped ``(batch, bptt, ...)`` instead of
            ``(bptt, batch, ...)`` (match the recurrent layer's ``batch_first``).
        device: move every batch there.

    Example:
        >>> loader = SequenceLoader(SinCurve(), batch_size=4, bptt=30)
        >>> for x, t in loader:     # x, t: (30, 4, 1) float32
        ...     y, h = lstm(x, h)
    """

    def __init__(self, data, batch_size=1, bptt=35, drop_last=False, batch_first=False, device=None):
        for name, value in (("batch_size", batch_size), ("bptt", bptt)):
            if not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"SequenceLoader: {name} must be a positive integer, got {value!r}")
        x, t = _pairs(data)
        steps = len(x) // batch_size
        if steps < 1:
            raise ValueError(f"SequenceLoader: a sequence of {len(x)} steps cannot fill {batch_size} streams; "
                             f"lower batch_size")
        self.x = x[:steps * batch_size].reshape(batch_size, steps, *x.shape[1:])
        self.t = t[:steps * batch_size].reshape(batch_size, steps, *t.shape[1:])
        self.batch_size, self.bptt, self.steps = int(batch_size), int(bptt), steps
        self.drop_last, self.batch_first, self.device = bool(drop_last), bool(batch_first), device

    def __len__(self):
        return self.steps // self.bptt if self.drop_last else math.ceil(self.steps / self.bptt)

    def __iter__(self):
        for k in range(len(self)):
            window = slice(k * self.bptt, (k + 1) * self.bptt)
            x, t = self.x[:, window], self.t[:, window]
            if not self.batch_first:
                x, t = np.swapaxes(x, 0, 1), np.swapaxes(t, 0, 1)
            batch = default_collate(_Batch((np.ascontiguousarray(x), np.ascontiguousarray(t))))
            yield batch if self.device is None else to_device(batch, self.device)

    def __repr__(self):
        return (f"SequenceLoader(streams={self.batch_size}, steps={self.steps}, bptt={self.bptt}, "
                f"batches={len(self)}, batch_first={self.batch_first})")


def _pairs(data):
    """Arrays (x, t) of per-step inputs and targets, first axis = time."""
    if not isinstance(data, (np.ndarray, Tensor, list, tuple)):
        n = len(data)
        if hasattr(data, "__getitems__"):
            x, t = default_collate(data.__getitems__(np.arange(n)))
        else:
            x, t = default_collate([data[i] for i in range(n)])
        return x.data, t.data
    s = data.data if isinstance(data, Tensor) else np.asarray(data)
    if s.ndim < 1 or len(s) < 2:
        raise ValueError(f"SequenceLoader: a sequence needs at least 2 steps along its first axis, "
                         f"got shape {s.shape}")
    return s[:-1], s[1:]
