"""Per-sample transforms for ``Dataset(transform=...)`` (torchvision's names).

Each transform takes one sample (a NumPy array, a Tensor or a label) and
returns the transformed sample; ``Compose`` chains them.

    >>> tf = Compose([ToFloat(), Normalize(0.5, 0.25), Flatten()])
    >>> ds = MNIST(transform=tf, target_transform=OneHot(10))
"""
import numbers

import numpy as np

from autograd_core.tensor import Tensor


class Compose:
    """Apply ``transforms`` one after the other."""

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, x):
        for transform in self.transforms:
            x = transform(x)
        return x

    def __repr__(self):
        return "Compose([" + ", ".join(repr(t) for t in self.transforms) + "])"


class ToTensor:
    """Make the sample a Tensor. A uint8 image (H, W) or (H, W, C) becomes a (C, H, W) float32
    tensor in [0, 1], as torchvision's; other floats become ``dtype`` (float32), integers stay integers."""

    def __init__(self, dtype=np.float32):
        self.dtype = np.dtype(dtype)

    def __call__(self, x):
        from autograd_core.creation import as_tensor
        array = x._data if isinstance(x, Tensor) else np.asarray(x)
        if array.dtype == np.uint8:
            if array.ndim == 2:
                array = array[None]
            elif array.ndim == 3:
                array = array.transpose(2, 0, 1)
            array = array.astype(self.dtype) / self.dtype.type(255)
        elif array.dtype.kind == "f":
            array = array.astype(self.dtype, copy=False)
        return as_tensor(array)

    def __repr__(self):
        return f"ToTensor(dtype={self.dtype})"


class ToFloat:
    """Cast the sample to a floating dtype (float32 by default), values unchanged."""

    def __init__(self, dtype=np.float32):
        self.dtype = np.dtype(dtype)

    def __call__(self, x):
        if isinstance(x, Tensor):
            return x.astype(self.dtype)
        return np.asarray(x).astype(self.dtype, copy=False)

    def __repr__(self):
        return f"ToFloat(dtype={self.dtype})"


class Normalize:
    """``(x - mean) / std``; ``mean`` and ``std`` are numbers or one value per channel
    (the first axis of the sample, as torchvision's (C, H, W) convention)."""

    def __init__(self, mean, std):
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.asarray(std, dtype=np.float64)
        if self.mean.ndim > 1 or self.std.ndim > 1:
            raise ValueError(f"Normalize: mean and std must be numbers or 1-D per-channel sequences, "
                             f"got shapes {self.mean.shape} and {self.std.shape}")
        if np.any(self.std == 0):
            raise ValueError(f"Normalize: std must be non-zero, got {self.std.tolist()}")

    def __call__(self, x):
        shape = tuple(x.shape)
        mean, std = self.mean, self.std
        if mean.ndim or std.ndim:
            channels = max(mean.size, std.size)
            if not shape or shape[0] != channels:
                raise ValueError(f"Normalize: {channels} per-channel values need samples whose first axis "
                                 f"has {channels} channels, got a sample of shape {shape}")
            per_channel = (channels,) + (1,) * (len(shape) - 1)
            mean, std = mean.reshape(-1, *per_channel[1:]), std.reshape(-1, *per_channel[1:])
        dtype = x.dtype if np.dtype(x.dtype).kind == "f" else np.float32
        return (x - mean.astype(dtype)) / std.astype(dtype)

    def __repr__(self):
        return f"Normalize(mean={self.mean.tolist()}, std={self.std.tolist()})"


class Flatten:
    """Reshape the sample to one axis (``(1, 28, 28)`` -> ``(784,)``)."""

    def __call__(self, x):
        return x.reshape(-1)

    def __repr__(self):
        return "Flatten()"


class OneHot:
    """Turn a class label ``k`` into a float32 vector of ``num_classes`` with a 1 at ``k``."""

    def __init__(self, num_classes):
        if not isinstance(num_classes, numbers.Integral) or num_classes < 1:
            raise ValueError(f"OneHot: num_classes must be a positive integer, got {num_classes!r}")
        self.num_classes = int(num_classes)

    def __call__(self, label):
        value = label.item() if isinstance(label, Tensor) else label
        if np.ndim(value) != 0 or float(value) != int(value):
            raise ValueError(f"OneHot: a label must be one integer, got {value!r}")
        k = int(value)
        if not 0 <= k < self.num_classes:
            raise ValueError(f"OneHot: label {k} is out of range for num_classes={self.num_classes} "
                             f"(labels must be 0..{self.num_classes - 1})")
        out = np.zeros(self.num_classes, dtype=np.float32)
        out[k] = 1
        return out

    def __repr__(self):
        return f"OneHot(num_classes={self.num_classes})"


class Lambda:
    """Apply a user function to the sample."""

    def __init__(self, fn):
        if not callable(fn):
            raise TypeError(f"Lambda: expected a callable, got {type(fn).__name__}")
        self.fn = fn

    def __call__(self, x):
        return self.fn(x)

    def __repr__(self):
        return f"Lambda({getattr(self.fn, '__name__', repr(self.fn))})"
