"""Where a tensor's elements lie: strides, offset and contiguity in memory (counted in elements, as PyTorch),
and which device holds them. Bound as Tensor methods."""
from .backend import data_pointer
from .ops._util import normalize_axis


def stride(self, dim=None):
    """The step in elements between neighbours along each dim (a tuple), or along ``dim``."""
    steps = tuple(s // self._data.itemsize for s in self._data.strides)
    return steps if dim is None else steps[normalize_axis(dim, self.ndim, "stride")]


def storage_offset(self):
    """Where the tensor starts in the memory it shares with the tensor it views, in elements (0 for a
    tensor that views none)."""
    base = self._base
    if base is None:
        return 0
    from .ops.inplace import _memory
    return (data_pointer(self._data) - data_pointer(_memory(base._data))) // self._data.itemsize


def is_contiguous(self):
    """Whether the elements lie in memory in C order without gaps."""
    return bool(self._data.flags.c_contiguous)


def get_device(self):
    """The CUDA device index, or -1 on the CPU."""
    device = self.device
    return -1 if device.type == "cpu" else device.index


TENSOR_METHODS = {
    "stride": stride, "storage_offset": storage_offset, "is_contiguous": is_contiguous, "get_device": get_device,
    "is_cpu": property(lambda self: self.device.type == "cpu", doc="Whether the tensor is on the CPU."),
    "is_cuda": property(lambda self: self.device.type == "cuda", doc="Whether the tensor is on a CUDA GPU."),
}
