"""AdaptiveLogSoftmaxWithLoss: the efficient softmax of Grave et al. (2017) for many classes, as PyTorch's."""
from collections import namedtuple

from autograd_core import creation
from autograd_core.backend import get_array_module
from autograd_core.grad_mode import no_grad
from autograd_core.ops import cat, index_select
from autograd_core.tensor import Tensor

from ..containers import ModuleList, Sequential
from ..functional import log_softmax
from ..module import Module
from .linear import Linear

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """Adaptive softmax: the ``cutoffs[0]`` most frequent classes (the shortlist) and one token per tail
    cluster share the ``head`` softmax; cluster ``i`` (classes ``cutoffs[i]`` to ``cutoffs[i+1] - 1``) has its
    own softmax behind a projection to ``in_features // div_value ** (i + 1)`` features (``tail.i.0``,
    ``tail.i.1``, without biases). The log-probability of a tail class is its cluster's plus its own within
    the cluster.

    ``forward(input, target)`` takes (N, in_features) and (N,) class indices (or (in_features,) and a 0-d
    target) and returns the named tuple ``(output, loss)``: each target's log-probability and the mean of
    their negatives. ``log_prob(input)`` gives all (N, n_classes); ``predict(input)`` the most likely class.

    Example:
        >>> asm = nn.AdaptiveLogSoftmaxWithLoss(16, 100, cutoffs=[10, 40])
        >>> out, loss = asm(ag.randn(8, 16), ag.tensor([0, 5, 12, 39, 40, 99, 3, 70]))
        >>> out.shape, loss.shape
        ((8,), ())
    """

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None):
        super().__init__()
        cutoffs = list(cutoffs)
        if not cutoffs:
            raise ValueError("AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of unique, positive integers "
                             f"sorted in an increasing order, where each value is between 1 and n_classes-1 = "
                             f"{n_classes - 1}, got {cutoffs}")
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(in_features, self.head_size, bias=head_bias, device=device, dtype=dtype)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hsz = int(in_features // (div_value ** (i + 1)))
            osz = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(Linear(in_features, hsz, bias=False, device=device, dtype=dtype),
                                        Linear(hsz, osz, bias=False, device=device, dtype=dtype)))

    def reset_parameters(self):
        """Re-initialise the head and every tail projection as ``nn.Linear`` does."""
        self.head.reset_parameters()
        for i2h, h2o in self.tail:
            i2h.reset_parameters()
            h2o.reset_parameters()

    def forward(self, input, target):
        name = type(self).__name__
        if target.ndim == 1:
            if input.shape[0] != target.shape[0]:
                raise RuntimeError(f"{name}: Input and target should have the same size in the batch dimension, "
                                   f"got input {input.shape} and target {target.shape}")
            if input.ndim != 2:
                raise RuntimeError(f"{name}: 1D target tensor expects 2D input tensors, but found inputs with "
                                   f"size {input.shape}")
        elif target.ndim == 0:
            if input.ndim != 1:
                raise RuntimeError(f"{name}: 0D target tensor expects 1D input tensors, but found inputs with "
                                   f"size {input.shape}")
        else:
            raise RuntimeError(f"{name}: 0D or 1D target tensor expected, multi-target not supported (got "
                               f"shape {target.shape})")
        if target.dtype.kind not in "iu":
            raise TypeError(f"{name}: target must hold integer class indices, got dtype {target.dtype}")
        batched = target.ndim == 1
        x = input if batched else input.reshape(1, -1)
        t = target._data.reshape(-1)
        xp = get_array_module(t)
        bad = (t < 0) | (t >= self.n_classes)
        if bool(bad.any()):  # one look at the targets on the host, as PyTorch's
            raise RuntimeError(f"{name}: Target values should be in [0, {self.n_classes - 1}], but values in range "
                               f"[{int(t.min())}, {int(t.max())}] were found.")
        cluster = xp.searchsorted(xp.asarray(self.cutoffs), t, side="right")  # 0: the shortlist, i: tail.(i-1)
        head_index = xp.where(cluster == 0, t, self.shortlist_size + cluster - 1)
        head_logprob = log_softmax(self.head(x), 1)
        output = head_logprob[xp.arange(t.shape[0]), head_index]
        rows = [xp.nonzero(cluster == 0)[0]]
        local = [creation.zeros(rows[0].size, dtype=output.dtype, device=output.device)]  # the shortlist: head only
        for i in range(self.n_clusters):
            r = xp.nonzero(cluster == i + 1)[0]
            if r.size:
                cluster_logprob = log_softmax(self.tail[i](index_select(x, 0, r)), 1)
                rows.append(r)
                local.append(cluster_logprob[xp.arange(r.size), t[r] - self.cutoffs[i]])
        if len(rows) > 1:  # add each row's log-probability within its cluster, the rows put back in order
            order = xp.concatenate(rows)
            inverse = xp.empty_like(order)
            inverse[order] = xp.arange(order.size)
            output = output + index_select(cat(local), 0, inverse)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.reshape(()), loss)

    def _get_full_log_prob(self, input, head_output):
        head_logprob = log_softmax(head_output, 1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i, projection in enumerate(self.tail):
            cluster_index = self.shortlist_size + i
            parts.append(log_softmax(projection(input), 1) + head_logprob[:, cluster_index:cluster_index + 1])
        return cat(parts, 1)

    def _check_2d(self, input, what):
        if input.ndim != 2:
            raise ValueError(f"{type(self).__name__}.{what}: expected input of shape (N, in_features), got "
                             f"{input.shape}")

    def log_prob(self, input):
        """Log-probabilities of all ``n_classes`` classes: (N, in_features) -> (N, n_classes)."""
        self._check_2d(input, "log_prob")
        return self._get_full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most likely class of each row, (N,) int64: ``log_prob(input).argmax(1)``, with the tail
        clusters computed only for the rows whose head prediction is a cluster."""
        self._check_2d(input, "predict")
        with no_grad():
            head_output = self.head(input)
            output = head_output.argmax(1)._data
            rows = get_array_module(output).nonzero(output >= self.shortlist_size)[0]
            if rows.size:
                log_prob = self._get_full_log_prob(index_select(input, 0, rows), index_select(head_output, 0, rows))
                output[rows] = log_prob.argmax(1)._data
        return Tensor(output)
